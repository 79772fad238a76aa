/*
 * certificate.c - checks a struct certificate_info and lays out the one-page certificate
 * PDF; see certificate.h. The QR code is drawn by qr.c.
 *
 * Cairo draws in PDF points (1/72 inch) with y growing downwards. Text uses cairo's toy
 * font API, which asks fontconfig for the family: Debian's fonts-dejavu-core provides
 * DejaVu Sans, which covers the Latin letters of Nigerian names (Ọ, ẹ, ṣ, ń ...), and
 * cairo embeds the glyphs it uses with their Unicode mapping, so the text can be searched
 * and copied. Long values wrap, and shrink when they need too many lines.
 */
#include "certificate.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "../common/timeutil.h"
#include "certificate_int.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM) /* A4 */
#define PAGE_H (297.0 * MM)
#define MARGIN (20.0 * MM)
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define LABEL_W (42.0 * MM) /* column of the row labels */
#define QR_SIZE (40.0 * MM) /* quiet zone included */
#define FOOTER_H (12.0 * MM)
/* The page's diagonal and its angle above the horizontal, worked out here so that the
 * build needs no libm: hypot(210, 297) mm and atan2(297, 210) radians. */
#define DIAGONAL (363.7430 * MM)
#define DIAGONAL_ANGLE 0.9553407

#define SANS "DejaVu Sans"
#define MONO "DejaVu Sans Mono"

/* Largest PDF accepted from cairo; a certificate is about 30 KB. */
#define MAX_PDF (4u * 1024u * 1024u)
/* Longest text drawn in one piece: a field plus a short prefix or suffix. */
#define MAX_TEXT (CERTIFICATE_MAX_FIELD + 64)

/* A font and colour for a piece of text. */
struct style {
    const char *family;
    bool bold;
    double size; /* points, before any shrinking */
    double r, g, b;
};

static const struct style st_heading = {SANS, true, 22, 0.08, 0.20, 0.40};
static const struct style st_intro = {SANS, false, 10, 0.30, 0.30, 0.30};
static const struct style st_label = {SANS, false, 9, 0.40, 0.40, 0.40};
static const struct style st_value = {SANS, false, 12, 0, 0, 0};
static const struct style st_strong = {SANS, true, 13, 0, 0, 0};
static const struct style st_id = {MONO, false, 10, 0, 0, 0};
static const struct style st_code = {MONO, false, 9, 0.40, 0.40, 0.40};
static const struct style st_verify = {SANS, true, 12, 0.08, 0.20, 0.40};
static const struct style st_small = {SANS, false, 9, 0.30, 0.30, 0.30};
static const struct style st_url = {MONO, false, 9, 0, 0, 0};
static const struct style st_warn = {SANS, true, 12, 0.75, 0.05, 0.05};
static const struct style st_warn_note = {SANS, false, 9.5, 0.45, 0.05, 0.05};
static const struct style st_footer = {SANS, false, 8, 0.45, 0.45, 0.45};

static int fail(char *err, size_t err_len, const char *field, const char *what)
{
    snprintf(err, err_len, "%s: %s", field, what);
    return -1;
}

/* ---- input checks ---- */

/* True when s is valid UTF-8 (shortest forms, no surrogates) without C0, DEL or C1
 * control characters, which cairo would draw as empty boxes or reject. */
static bool printable_utf8(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t n;

        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return false;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (len - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            unsigned char cc = (unsigned char)s[i + k];
            if ((cc & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return false;
        i += n + 1;
    }
    return true;
}

/* Checks one text field. Returns 0 when it may be printed (or is an absent optional). */
static int check_text(const char *field, const char *s, bool required, size_t max, char *err,
                      size_t err_len)
{
    size_t len;

    if (!s)
        return required ? fail(err, err_len, field, "missing") : 0;
    len = strlen(s);
    if (required && text_blank(s, len))
        return fail(err, err_len, field, "blank");
    if (len > max)
        return fail(err, err_len, field, "too long");
    if (!printable_utf8(s, len))
        return fail(err, err_len, field, "not printable UTF-8 text");
    return 0;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* True when s is exactly "YYYY-MM-DD HH:MM:SS" naming a real day and time. */
static bool timestamp_ok(const char *s)
{
    struct date d;

    if (!s || strlen(s) != 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        return false;
    if (date_parse(s, 10, &d) != DATE_OK)
        return false;
    if (!digits(s + 11, 2) || !digits(s + 14, 2) || !digits(s + 17, 2))
        return false;
    return (s[11] - '0') * 10 + (s[12] - '0') < 24 && s[14] < '6' && s[17] < '6';
}

static int check_info(const struct certificate_info *ci, char *err, size_t err_len)
{
    const size_t mf = CERTIFICATE_MAX_FIELD;

    if (check_text("policy_no", ci->policy_no, true, mf, err, err_len) < 0 ||
        check_text("holder_name", ci->holder_name, true, mf, err, err_len) < 0 ||
        check_text("consumer_id", ci->consumer_id, false, mf, err, err_len) < 0 ||
        check_text("product_code", ci->product_code, false, mf, err, err_len) < 0 ||
        check_text("product_name", ci->product_name, true, mf, err, err_len) < 0 ||
        check_text("insurer", ci->insurer, false, mf, err, err_len) < 0 ||
        check_text("verify_url", ci->verify_url, true, CERTIFICATE_MAX_URL, err, err_len) < 0)
        return -1;
    if (!timestamp_ok(ci->cover_start))
        return fail(err, err_len, "cover_start", "not of the form YYYY-MM-DD HH:MM:SS");
    if (!timestamp_ok(ci->cover_end))
        return fail(err, err_len, "cover_end", "not of the form YYYY-MM-DD HH:MM:SS");
    /* Fixed-width timestamps compare correctly as strings. */
    if (strcmp(ci->cover_end, ci->cover_start) < 0)
        return fail(err, err_len, "cover_end", "before cover_start");
    if (ci->premium_kobo < 0)
        return fail(err, err_len, "premium_kobo", "negative");
    return 0;
}

/* ---- money ---- */

int certificate_format_naira(int64_t kobo, char *out, size_t out_len)
{
    /* Built backwards: two decimals, the point, then naira digits in groups of three. */
    char rev[CERTIFICATE_NAIRA_MAX];
    uint64_t v = kobo < 0 ? (uint64_t)0 - (uint64_t)kobo : (uint64_t)kobo;
    uint64_t naira = v / 100;
    size_t n = 0, need;
    int group = 0;

    rev[n++] = (char)('0' + v % 10);
    rev[n++] = (char)('0' + v / 10 % 10);
    rev[n++] = '.';
    do {
        if (group == 3) {
            rev[n++] = ',';
            group = 0;
        }
        rev[n++] = (char)('0' + naira % 10);
        naira /= 10;
        group++;
    } while (naira);
    if (kobo < 0)
        rev[n++] = '-';

    need = 4 + n + 1; /* "NGN ", the digits, NUL */
    if (out_len < need) {
        if (out_len)
            out[0] = '\0';
        return -1;
    }
    memcpy(out, "NGN ", 4);
    for (size_t i = 0; i < n; i++)
        out[4 + i] = rev[n - 1 - i];
    out[4 + n] = '\0';
    return 0;
}

/* ---- text layout ---- */

static void use_style(cairo_t *cr, const struct style *st, double size)
{
    cairo_select_font_face(cr, st->family, CAIRO_FONT_SLANT_NORMAL,
                           st->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_set_source_rgb(cr, st->r, st->g, st->b);
}

/* Width in points of the first len bytes of s in the current font. */
static double width_of(cairo_t *cr, const char *s, size_t len)
{
    char tmp[MAX_TEXT + 1];
    cairo_text_extents_t e;

    assert(len <= MAX_TEXT);
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    cairo_text_extents(cr, tmp, &e);
    return e.x_advance;
}

static void show(cairo_t *cr, double x, double baseline, const char *s, size_t len)
{
    char tmp[MAX_TEXT + 1];

    assert(len <= MAX_TEXT);
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    cairo_move_to(cr, x, baseline);
    cairo_show_text(cr, tmp);
}

/* Index of the code point after the one at i. */
static size_t next_cp(const char *s, size_t len, size_t i)
{
    i++;
    while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
        i++;
    return i;
}

/*
 * Bytes of s (len > 0 bytes, no leading space) that go on one line at most width points
 * wide: as many whole words as fit, or when not even the first word fits (a URL, a very
 * long name), as many code points as fit, at least one.
 */
static size_t line_fit(cairo_t *cr, const char *s, size_t len, double width)
{
    size_t best = 0, i = 0;

    if (width_of(cr, s, len) <= width)
        return len;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ' ')
            j++;
        if (width_of(cr, s, j) > width)
            break;
        best = j;
        i = j;
        while (i < len && s[i] == ' ')
            i++;
    }
    if (best > 0)
        return best;
    best = next_cp(s, len, 0);
    while (best < len) {
        size_t j = next_cp(s, len, best);
        if (width_of(cr, s, j) > width)
            break;
        best = j;
    }
    return best;
}

/*
 * Breaks s into lines at most width points wide in the current font and, when draw is
 * true, draws them with the first baseline at y, line_h apart. Stops after max + 1 lines.
 * Returns the number of lines.
 */
static int lay_out(cairo_t *cr, const char *s, double x, double y, double width, double line_h,
                   bool draw, int max)
{
    size_t len = strlen(s), pos = 0;
    int lines = 0;

    while (pos < len && s[pos] == ' ')
        pos++;
    while (pos < len && lines <= max) {
        size_t n = line_fit(cr, s + pos, len - pos, width);
        if (draw)
            show(cr, x, y + lines * line_h, s + pos, n);
        lines++;
        pos += n;
        while (pos < len && s[pos] == ' ')
            pos++;
    }
    return lines;
}

/*
 * Draws s in style st, wrapped to width, with the top of its first line at top. When it
 * needs more than 2 lines it is tried at 85 % of the size in up to 4 lines, then at 70 %
 * in up to 8, then at 60 % in up to 12 (a holder name at the SR05 caps of its three parts,
 * 386 wide letters, fits). Sets *baseline to the first line's baseline when baseline is
 * not NULL. Returns the height used, or -1 when s does not fit even then.
 */
static double draw_fitted(cairo_t *cr, const char *s, const struct style *st, double x, double top,
                          double width, double *baseline)
{
    static const double scale[] = {1.0, 0.85, 0.70, 0.60};
    static const int max_lines[] = {2, 4, 8, 12};

    for (size_t k = 0; k < sizeof scale / sizeof scale[0]; k++) {
        double size = st->size * scale[k];
        double line_h = size * 1.25;
        cairo_font_extents_t fe;
        int n;

        use_style(cr, st, size);
        n = lay_out(cr, s, x, 0, width, 0, false, max_lines[k]);
        if (n > max_lines[k])
            continue;
        cairo_font_extents(cr, &fe);
        lay_out(cr, s, x, top + fe.ascent, width, line_h, true, n);
        if (baseline)
            *baseline = top + fe.ascent;
        return fe.ascent + fe.descent + (n > 0 ? n - 1 : 0) * line_h;
    }
    return -1;
}

/* ---- the page ---- */

/* The large pale diagonal SPECIMEN, drawn first so that everything else lies on top. */
static void draw_watermark(cairo_t *cr)
{
    const char *word = "SPECIMEN";
    cairo_text_extents_t e;
    double size;

    cairo_save(cr);
    cairo_translate(cr, PAGE_W / 2, PAGE_H / 2);
    cairo_rotate(cr, -DIAGONAL_ANGLE);
    cairo_select_font_face(cr, SANS, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 100);
    cairo_text_extents(cr, word, &e);
    /* Scale the word to about two thirds of the diagonal. */
    size = 100 * 0.68 * DIAGONAL / e.width;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, word, &e);
    cairo_set_source_rgb(cr, 0.97, 0.84, 0.84);
    cairo_move_to(cr, -e.width / 2 - e.x_bearing, -(e.y_bearing + e.height / 2));
    /* Drawn as outlines, not as text: text extraction, search and screen readers would
     * otherwise meet the rotated letters scattered among the facts. The note under the
     * heading says SPECIMEN in words. */
    cairo_text_path(cr, word);
    cairo_fill(cr);
    cairo_restore(cr);
}

static void rule(cairo_t *cr, double y, double gray, double line_w)
{
    cairo_set_source_rgb(cr, gray, gray, gray);
    cairo_set_line_width(cr, line_w);
    cairo_move_to(cr, MARGIN, y);
    cairo_line_to(cr, PAGE_W - MARGIN, y);
    cairo_stroke(cr);
}

/* The red box under the heading of a specimen. Returns its height. */
static double draw_specimen_note(cairo_t *cr, double top)
{
    const double pad = 3.0 * MM;
    double y = top + pad, h;

    h = draw_fitted(cr, "SPECIMEN \xe2\x80\x94 NOT A CONTRACT OF INSURANCE", &st_warn, MARGIN + pad,
                    y, CONTENT_W - 2 * pad, NULL);
    y += h + 1.5 * MM;
    h = draw_fitted(cr,
                    "Issued through a TEST partner for integration testing only. This document "
                    "is not a contract of insurance: it gives no cover and no insurer stands "
                    "behind it.",
                    &st_warn_note, MARGIN + pad, y, CONTENT_W - 2 * pad, NULL);
    y += h + pad;
    cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
    cairo_set_line_width(cr, 1.2);
    cairo_rectangle(cr, MARGIN, top, CONTENT_W, y - top);
    cairo_stroke(cr);
    return y - top;
}

/*
 * One labelled row of the details table: the label on the left, the value (and an
 * optional second, smaller line) on the right. Returns the new top, or -1 when the value
 * does not fit.
 */
static double draw_row(cairo_t *cr, double top, const char *label, const char *value,
                       const struct style *st, const char *extra, const struct style *extra_st)
{
    const double pad = 2.2 * MM;
    const double vx = MARGIN + LABEL_W, vw = CONTENT_W - LABEL_W;
    double baseline, h, y = top + pad;

    h = draw_fitted(cr, value, st, vx, y, vw, &baseline);
    if (h < 0)
        return -1;
    y += h;
    if (extra) {
        h = draw_fitted(cr, extra, extra_st, vx, y + 1.0 * MM, vw, NULL);
        if (h < 0)
            return -1;
        y += 1.0 * MM + h;
    }
    use_style(cr, &st_label, st_label.size);
    show(cr, MARGIN, baseline, label, strlen(label));
    y += pad;
    rule(cr, y, 0.85, 0.5);
    return y;
}

static int draw_page(cairo_t *cr, const struct certificate_info *ci, char *err, size_t err_len)
{
    char text[MAX_TEXT + 1], extra[MAX_TEXT + 1], money[CERTIFICATE_NAIRA_MAX];
    const double tx = MARGIN + QR_SIZE + 8.0 * MM, tw = PAGE_W - MARGIN - tx;
    double y = MARGIN, h, qr_top;

    if (ci->specimen)
        draw_watermark(cr);

    y += draw_fitted(cr, "Certificate of Insurance", &st_heading, MARGIN, y, CONTENT_W, NULL);
    y += 2.5 * MM;
    y += draw_fitted(cr,
                     "This certifies that the policy below has been issued for the cover "
                     "period shown. Scan the QR code to check its current status.",
                     &st_intro, MARGIN, y, CONTENT_W, NULL);
    y += 4.0 * MM;
    rule(cr, y, 0.08, 1.5);
    y += 4.0 * MM;
    if (ci->specimen)
        y += draw_specimen_note(cr, y) + 4.0 * MM;

    y = draw_row(cr, y, "Policy number", ci->policy_no, &st_strong, NULL, NULL);
    if (y < 0)
        return fail(err, err_len, "policy_no", "too long to fit the page");
    y = draw_row(cr, y, "Policy holder", ci->holder_name, &st_strong, NULL, NULL);
    if (y < 0)
        return fail(err, err_len, "holder_name", "too long to fit the page");
    if (ci->consumer_id && !text_blank(ci->consumer_id, strlen(ci->consumer_id))) {
        y = draw_row(cr, y, "Consumer ID", ci->consumer_id, &st_id, NULL, NULL);
        if (y < 0)
            return fail(err, err_len, "consumer_id", "too long to fit the page");
    }
    extra[0] = '\0';
    if (ci->product_code && !text_blank(ci->product_code, strlen(ci->product_code)))
        snprintf(extra, sizeof extra, "Product code: %s", ci->product_code);
    y = draw_row(cr, y, "Product", ci->product_name, &st_value, extra[0] ? extra : NULL, &st_code);
    if (y < 0)
        return fail(err, err_len, "product_name", "too long to fit the page");
    if (ci->insurer && !text_blank(ci->insurer, strlen(ci->insurer)))
        y = draw_row(cr, y, "Insurer", ci->insurer, &st_value, NULL, NULL);
    else
        y = draw_row(cr, y, "Insurer", "Not applicable", &st_value, NULL, NULL);
    if (y < 0)
        return fail(err, err_len, "insurer", "too long to fit the page");
    snprintf(text, sizeof text, "%s UTC", ci->cover_start);
    y = draw_row(cr, y, "Cover starts", text, &st_value, NULL, NULL);
    snprintf(text, sizeof text, "%s UTC", ci->cover_end);
    y = draw_row(cr, y, "Cover ends", text, &st_value, NULL, NULL);
    certificate_format_naira(ci->premium_kobo, money, sizeof money);
    y = draw_row(cr, y, "Premium", money, &st_strong, NULL, NULL);

    /* The QR code on the left, what it is for on its right. */
    qr_top = y + 8.0 * MM;
    if (certificate_qr_draw(cr, ci->verify_url, MARGIN, qr_top, QR_SIZE, err, err_len) < 0)
        return -1;
    y = qr_top + 3.0 * MM;
    y += draw_fitted(cr, "Verify this certificate", &st_verify, tx, y, tw, NULL) + 2.0 * MM;
    y += draw_fitted(cr, "Scan the QR code with a phone camera, or open this address:", &st_small,
                     tx, y, tw, NULL) +
         2.0 * MM;
    h = draw_fitted(cr, ci->verify_url, &st_url, tx, y, tw, NULL);
    if (h < 0)
        return fail(err, err_len, "verify_url", "too long to fit the page");
    y += h + 2.0 * MM;
    y += draw_fitted(cr, "The verification page shows whether the policy is in force today.",
                     &st_small, tx, y, tw, NULL);

    /* Every field fits its lines, but all of them at their longest would not fit the page;
     * drawing over the footer would be a certificate no one can read. */
    if (y < qr_top + QR_SIZE)
        y = qr_top + QR_SIZE;
    if (y > PAGE_H - MARGIN - FOOTER_H)
        return fail(err, err_len, "certificate", "the fields are too long to fit one page");

    rule(cr, PAGE_H - MARGIN - FOOTER_H + 2.0 * MM, 0.75, 0.5);
    draw_fitted(cr,
                "All times are UTC. Amounts are in Nigerian Naira (NGN). The verification "
                "page is the authoritative record of this policy.",
                &st_footer, MARGIN, PAGE_H - MARGIN - FOOTER_H + 4.0 * MM, CONTENT_W, NULL);
    return 0;
}

/* cairo's output callback: appends to the struct buf in closure. */
static cairo_status_t sink(void *closure, const unsigned char *data, unsigned int length)
{
    return buf_append(closure, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Turns a cairo error into the caller's message; running out of memory aborts. */
static int cairo_fail(cairo_status_t st, char *err, size_t err_len)
{
    if (st == CAIRO_STATUS_NO_MEMORY) {
        fputs("aims: out of memory\n", stderr);
        abort();
    }
    return fail(err, err_len, "cairo", cairo_status_to_string(st));
}

int certificate_render_pdf(const struct certificate_info *ci, uint8_t **pdf, size_t *pdf_len,
                           char *err, size_t err_len)
{
    struct buf out;
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    cairo_status_t st;
    char meta[MAX_TEXT + 1];
    int rc = -1;

    *pdf = NULL;
    *pdf_len = 0;
    if (err_len)
        err[0] = '\0';
    buf_init(&out, MAX_PDF);
    if (check_info(ci, err, err_len) < 0)
        goto out;

    surface = cairo_pdf_surface_create_for_stream(sink, &out, PAGE_W, PAGE_H);
    st = cairo_surface_status(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_fail(st, err, err_len);
        goto out;
    }
    snprintf(meta, sizeof meta, "Certificate of insurance %s", ci->policy_no);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, meta);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "aims");
    /* The commencement stands for the issue date; without it cairo would stamp the
     * current time and the same policy would give different bytes on every render. */
    snprintf(meta, sizeof meta, "%.10sT%.8sZ", ci->cover_start, ci->cover_start + 11);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, meta);

    cr = cairo_create(surface);
    if (draw_page(cr, ci, err, err_len) < 0)
        goto out;
    st = cairo_status(cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_fail(st, err, err_len);
        goto out;
    }
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(surface);
    st = cairo_surface_status(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_fail(st, err, err_len);
        goto out;
    }
    *pdf = (uint8_t *)buf_take(&out, pdf_len);
    rc = 0;
out:
    if (cr)
        cairo_destroy(cr);
    /* Destroying an unfinished surface still writes into out, so out is freed last. */
    if (surface)
        cairo_surface_destroy(surface);
    buf_cleanup(&out);
    return rc;
}

void certificate_global_cleanup(void)
{
    /* cairo first: its font map holds fontconfig patterns that FcFini would free under it. */
    cairo_debug_reset_static_data();
    FcFini();
}
