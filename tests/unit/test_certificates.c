/*
 * test_certificates.c - tests of the certificate renderer (src/certificates/certificate.h).
 *
 * Each certificate is rendered into a temporary folder and read back with the tools a
 * reader would use: poppler's pdfinfo and pdftotext for the page and its text, pdftoppm
 * and zbarimg to rasterise the page at 150 dpi and scan its QR code (the packages
 * poppler-utils and zbar-tools, installed by scripts/install-deps; the server itself never
 * runs them). Set CERT_KEEP=1 to keep the folder and see the files.
 *
 * Run one test by name: build/tests/test_certificates qr_scans_to_verify_url
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <pthread.h>

#include <cmocka.h>

#include "../../src/certificates/certificate.h"

#define URL "http://127.0.0.1:8080/verify/TEST-HLTH-000123"

static char dir[] = "/tmp/aims-cert-XXXXXX";

static struct certificate_info sample(void)
{
    struct certificate_info ci = {
        .policy_no = "TEST-HLTH-000123",
        .holder_name = "Adaeze Nwosu",
        .consumer_id = "a1b2c3d4e5f64890abcdef1234567890",
        .product_code = "hlth-axam-1111",
        .product_name = "Health insurance, option X1",
        .insurer = "AXA Mansard Health",
        .cover_start = "2026-11-27 09:15:00",
        .cover_end = "2027-11-27 09:15:00",
        .premium_kobo = 1500000,
        .verify_url = URL,
        .specimen = false,
    };
    return ci;
}

/* Renders ci into dir/name.pdf, asserting success; returns the path (free it). */
static char *render_file(const struct certificate_info *ci, const char *name)
{
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    char err[256];
    char *path = malloc(256);
    FILE *f;
    int rc;

    assert_non_null(path);
    rc = certificate_render_pdf(ci, &pdf, &pdf_len, err, sizeof err);
    if (rc != 0)
        fail_msg("render failed: %s", err);
    assert_non_null(pdf);
    assert_true(pdf_len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    snprintf(path, 256, "%s/%s.pdf", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdf, 1, pdf_len, f), pdf_len);
    assert_int_equal(fclose(f), 0);
    free(pdf);
    return path;
}

/* Runs a shell command and returns its standard output (free it); it must exit with 0. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    int status;

    assert_non_null(p);
    assert_non_null(out);
    for (;;) {
        size_t n;
        if (cap - len < 1025) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        n = fread(out + len, 1, 1024, p);
        if (n == 0)
            break;
        len += n;
    }
    out[len] = '\0';
    status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("command failed (status %d): %s", status, cmd);
    return out;
}

/*
 * The page's text as pdftotext extracts it, every run of white space (line breaks of
 * wrapped values included) turned into one space (free it).
 */
static char *text_of(const char *pdf_path)
{
    char cmd[512];
    char *text;
    size_t n = 0;

    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf_path);
    text = run(cmd);
    for (size_t i = 0; text[i]; i++) {
        bool space = text[i] == ' ' || text[i] == '\n' || text[i] == '\f' || text[i] == '\t';
        if (!space)
            text[n++] = text[i];
        else if (n > 0 && text[n - 1] != ' ')
            text[n++] = ' ';
    }
    text[n] = '\0';
    return text;
}

/* The value of one "Key: value" line of pdfinfo's output (free it). */
static char *info_of(const char *pdf_path, const char *key)
{
    char cmd[512];
    char *info, *p, *end, *value;

    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf_path);
    info = run(cmd);
    p = strstr(info, key);
    if (!p)
        fail_msg("no %s in:\n%s", key, info);
    p += strlen(key);
    while (*p == ' ')
        p++;
    end = strchr(p, '\n');
    value = strndup(p, end ? (size_t)(end - p) : strlen(p));
    assert_non_null(value);
    free(info);
    return value;
}

/* What zbarimg reads from the page rasterised at 150 dpi, final newline removed (free it). */
static char *scan_of(const char *pdf_path)
{
    char cmd[1024];
    char *out;
    size_t n;

    snprintf(cmd, sizeof cmd,
             "pdftoppm -r 150 -png -singlefile '%s' '%.*s' && zbarimg --nodbus --raw -q '%.*s.png'",
             pdf_path, (int)(strlen(pdf_path) - 4), pdf_path, (int)(strlen(pdf_path) - 4),
             pdf_path);
    out = run(cmd);
    n = strlen(out);
    if (n > 0 && out[n - 1] == '\n')
        out[n - 1] = '\0';
    return out;
}

static void assert_has(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("\"%s\" not found in:\n%s", what, text);
}

static void assert_lacks_word(const char *text, const char *what)
{
    if (strcasestr(text, what))
        fail_msg("\"%s\" found in:\n%s", what, text);
}

/* ---- the page ---- */

static void one_a4_page(void **state)
{
    struct certificate_info ci = sample();
    char *path = render_file(&ci, "a4");
    char *v;

    (void)state;
    v = info_of(path, "Pages:");
    assert_string_equal(v, "1");
    free(v);
    v = info_of(path, "Page size:");
    assert_string_equal(v, "595.276 x 841.89 pts (A4)");
    free(v);
    v = info_of(path, "Title:");
    assert_string_equal(v, "Certificate of insurance TEST-HLTH-000123");
    free(v);
    free(path);
}

static void text_holds_every_fact(void **state)
{
    struct certificate_info ci = sample();
    char *path = render_file(&ci, "facts");
    char *text = text_of(path);

    (void)state;
    assert_has(text, "Certificate of Insurance");
    assert_has(text, "TEST-HLTH-000123");
    assert_has(text, "Adaeze Nwosu");
    assert_has(text, "a1b2c3d4e5f64890abcdef1234567890");
    assert_has(text, "Health insurance, option X1");
    assert_has(text, "hlth-axam-1111");
    assert_has(text, "AXA Mansard Health");
    assert_has(text, "2026-11-27 09:15:00 UTC");
    assert_has(text, "2027-11-27 09:15:00 UTC");
    assert_has(text, "NGN 15,000.00");
    assert_has(text, URL);
    assert_lacks_word(text, "specimen");
    free(text);
    free(path);
}

static void specimen_marked(void **state)
{
    struct certificate_info ci = sample();
    char *path, *text;

    (void)state;
    ci.specimen = true;
    ci.insurer = NULL;
    path = render_file(&ci, "specimen");
    text = text_of(path);
    assert_has(text, "SPECIMEN");
    assert_has(text, "not a contract of insurance");
    assert_has(text, "Not applicable");
    assert_has(text, "TEST-HLTH-000123");
    assert_has(text, "NGN 15,000.00");
    free(text);
    free(path);
}

static void qr_scans_to_verify_url(void **state)
{
    struct certificate_info ci = sample();
    char *path = render_file(&ci, "qr");
    char *scanned = scan_of(path);

    (void)state;
    assert_string_equal(scanned, URL);
    free(scanned);
    free(path);
}

/* The pale SPECIMEN mark crosses the page; the QR code must still scan. */
static void qr_scans_on_specimen(void **state)
{
    struct certificate_info ci = sample();
    char *path, *scanned;

    (void)state;
    ci.specimen = true;
    ci.verify_url = "https://aims.example.ng/verify/TEST-MOTR-004711?k=Zx9";
    path = render_file(&ci, "qr-specimen");
    scanned = scan_of(path);
    assert_string_equal(scanned, ci.verify_url);
    free(scanned);
    free(path);
}

/* The longest URL accepted still gives a code that scans at 150 dpi. */
static void qr_scans_longest_url(void **state)
{
    struct certificate_info ci = sample();
    char url[CERTIFICATE_MAX_URL + 1];
    char *path, *scanned, *text;
    size_t n;

    (void)state;
    n = (size_t)snprintf(url, sizeof url, "https://certificates.aims.example.ng/verify/");
    while (n < CERTIFICATE_MAX_URL) {
        url[n] = (char)('a' + n % 26);
        n++;
    }
    url[n] = '\0';
    ci.verify_url = url;
    path = render_file(&ci, "qr-long");
    scanned = scan_of(path);
    assert_string_equal(scanned, url);
    text = text_of(path);
    assert_has(text, "https://certificates.aims.example.ng/verify/");
    free(text);
    free(scanned);
    free(path);
}

static void long_holder_name_wraps(void **state)
{
    struct certificate_info ci = sample();
    char name[600] = "";
    char word[32];
    char *path, *text, *scanned;

    (void)state;
    /* Three names at the SR05 cap would be about 390 characters; use 40 words. */
    for (int i = 0; i < 40; i++) {
        snprintf(word, sizeof word, "%sName%02d", i ? " " : "", i);
        strncat(name, word, sizeof name - strlen(name) - 1);
    }
    ci.holder_name = name;
    ci.product_name = "Comprehensive motor insurance for commercial vehicles with roadside "
                      "assistance, windscreen cover and third party liability extension";
    path = render_file(&ci, "long-name");
    text = text_of(path);
    assert_has(text, "Name00");
    assert_has(text, "Name20");
    assert_has(text, "Name39");
    assert_has(text, "roadside");
    assert_has(text, "extension");
    assert_has(text, "NGN 15,000.00");
    scanned = scan_of(path);
    assert_string_equal(scanned, URL);
    free(scanned);
    free(text);
    free(path);
}

/* Three name parts at the SR05 cap, of the widest letter, one of them without a space. */
static void widest_name_at_caps(void **state)
{
    struct certificate_info ci = sample();
    char name[3 * 128 + 3];
    char *path, *text, *scanned;

    (void)state;
    memset(name, 'W', sizeof name - 1);
    name[128] = ' ';
    name[257] = ' ';
    name[sizeof name - 1] = '\0';
    ci.holder_name = name;
    path = render_file(&ci, "widest");
    text = text_of(path);
    assert_has(text, "NGN 15,000.00");
    scanned = scan_of(path);
    assert_string_equal(scanned, URL);
    free(scanned);
    free(text);
    free(path);
}

static void non_ascii_name(void **state)
{
    struct certificate_info ci = sample();
    char *path, *text;

    (void)state;
    ci.holder_name = "Adaeze Nwosu-Ọkọnkwọ";
    ci.insurer = "Ẹ̀kọ́ Assurance Société";
    path = render_file(&ci, "utf8");
    text = text_of(path);
    assert_has(text, "Adaeze Nwosu-Ọkọnkwọ");
    assert_has(text, "Société");
    free(text);
    free(path);
}

static void premium_in_text(void **state)
{
    static const struct {
        int64_t kobo;
        const char *text;
    } rows[] = {{0, "NGN 0.00"}, {125000, "NGN 1,250.00"}, {123456789, "NGN 1,234,567.89"}};

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct certificate_info ci = sample();
        char name[32], *path, *text;
        ci.premium_kobo = rows[i].kobo;
        snprintf(name, sizeof name, "premium%zu", i);
        path = render_file(&ci, name);
        text = text_of(path);
        assert_has(text, rows[i].text);
        free(text);
        free(path);
    }
}

/* The same facts give the same bytes: the creation date is the cover start, not the clock. */
static void same_facts_same_bytes(void **state)
{
    struct certificate_info ci = sample();
    uint8_t *a = NULL, *b = NULL;
    size_t a_len = 0, b_len = 0;
    char err[128];

    (void)state;
    assert_int_equal(certificate_render_pdf(&ci, &a, &a_len, err, sizeof err), 0);
    assert_int_equal(certificate_render_pdf(&ci, &b, &b_len, err, sizeof err), 0);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
}

/* One thread's share of threads_render_same_bytes. */
struct job {
    const uint8_t *want;
    size_t want_len;
    int same; /* renders that gave the wanted bytes */
};

static void *render_job(void *arg)
{
    struct job *j = arg;
    struct certificate_info ci = sample();

    ci.specimen = true;
    for (int i = 0; i < 5; i++) {
        uint8_t *pdf = NULL;
        size_t pdf_len = 0;
        if (certificate_render_pdf(&ci, &pdf, &pdf_len, NULL, 0) == 0 && pdf_len == j->want_len &&
            memcmp(pdf, j->want, pdf_len) == 0)
            j->same++;
        free(pdf);
    }
    return NULL;
}

/* Renders from four threads at once; each gets the bytes a lone render gives. */
static void threads_render_same_bytes(void **state)
{
    struct certificate_info ci = sample();
    struct job jobs[4];
    pthread_t th[4];
    uint8_t *want = NULL;
    size_t want_len = 0;

    (void)state;
    ci.specimen = true;
    assert_int_equal(certificate_render_pdf(&ci, &want, &want_len, NULL, 0), 0);
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){want, want_len, 0};
        assert_int_equal(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].same, 5);
    }
    free(want);
}

/* ---- bad input ---- */

static void rejects_bad_input(void **state)
{
    char long_url[CERTIFICATE_MAX_URL + 2];
    char long_field[CERTIFICATE_MAX_FIELD + 2];
    struct row {
        const char *field; /* which field to replace */
        const char *value;
        const char *err;
    };
    const struct row rows[] = {
        {"policy_no", NULL, "policy_no: missing"},
        {"policy_no", " ", "policy_no: blank"},
        {"holder_name", "", "holder_name: blank"},
        {"holder_name", "Ada\nNwosu", "holder_name: not printable UTF-8 text"},
        {"holder_name", "Ada\tNwosu", "holder_name: not printable UTF-8 text"},
        {"holder_name", "Ada \xc3", "holder_name: not printable UTF-8 text"},
        {"holder_name", "Ada \xc0\xaf", "holder_name: not printable UTF-8 text"},
        {"holder_name", "Ada \xed\xa0\x80", "holder_name: not printable UTF-8 text"},
        {"holder_name", "Ada \xc2\x85", "holder_name: not printable UTF-8 text"},
        {"holder_name", long_field, "holder_name: too long"},
        {"product_name", NULL, "product_name: missing"},
        {"insurer", "Bad\x7f", "insurer: not printable UTF-8 text"},
        {"cover_start", NULL, "cover_start: not of the form YYYY-MM-DD HH:MM:SS"},
        {"cover_start", "2026-11-27", "cover_start: not of the form YYYY-MM-DD HH:MM:SS"},
        {"cover_start", "2026-11-27T09:15:00", "cover_start: not of the form YYYY-MM-DD HH:MM:SS"},
        {"cover_start", "2026-02-29 09:15:00", "cover_start: not of the form YYYY-MM-DD HH:MM:SS"},
        {"cover_end", "2027-11-27 24:00:00", "cover_end: not of the form YYYY-MM-DD HH:MM:SS"},
        {"cover_end", "2027-11-27 23:60:00", "cover_end: not of the form YYYY-MM-DD HH:MM:SS"},
        {"cover_end", "2026-11-27 09:14:59", "cover_end: before cover_start"},
        {"verify_url", NULL, "verify_url: missing"},
        {"verify_url", long_url, "verify_url: too long"},
        {"premium", NULL, "premium_kobo: negative"},
    };

    (void)state;
    memset(long_url, 'u', sizeof long_url - 1);
    long_url[sizeof long_url - 1] = '\0';
    memset(long_field, 'n', sizeof long_field - 1);
    long_field[sizeof long_field - 1] = '\0';
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct certificate_info ci = sample();
        uint8_t *pdf = (uint8_t *)"untouched";
        size_t pdf_len = 99;
        char err[128];
        const char *f = rows[i].field;

        if (!strcmp(f, "policy_no"))
            ci.policy_no = rows[i].value;
        else if (!strcmp(f, "holder_name"))
            ci.holder_name = rows[i].value;
        else if (!strcmp(f, "product_name"))
            ci.product_name = rows[i].value;
        else if (!strcmp(f, "insurer"))
            ci.insurer = rows[i].value;
        else if (!strcmp(f, "cover_start"))
            ci.cover_start = rows[i].value;
        else if (!strcmp(f, "cover_end"))
            ci.cover_end = rows[i].value;
        else if (!strcmp(f, "verify_url"))
            ci.verify_url = rows[i].value;
        else
            ci.premium_kobo = -1;
        assert_int_equal(certificate_render_pdf(&ci, &pdf, &pdf_len, err, sizeof err), -1);
        assert_null(pdf);
        assert_int_equal(pdf_len, 0);
        if (strcmp(err, rows[i].err) != 0)
            fail_msg("row %zu: got \"%s\", want \"%s\"", i, err, rows[i].err);
    }
}

/* Every field long enough to wrap to its most lines: together they do not fit one page. */
static void all_fields_too_long_together(void **state)
{
    struct certificate_info ci = sample();
    char words[400] = "";
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    char err[128];

    (void)state;
    while (strlen(words) < 380)
        strncat(words, "Wwwwwwww ", sizeof words - strlen(words) - 1);
    ci.policy_no = words;
    ci.holder_name = words;
    ci.product_name = words;
    ci.product_code = words;
    ci.insurer = words;
    assert_int_equal(certificate_render_pdf(&ci, &pdf, &pdf_len, err, sizeof err), -1);
    assert_null(pdf);
    assert_string_equal(err, "certificate: the fields are too long to fit one page");
}

/* Optional fields may be NULL, and a NULL err with err_len 0 is allowed. */
static void optional_fields_absent(void **state)
{
    struct certificate_info ci = sample();
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;

    (void)state;
    ci.consumer_id = NULL;
    ci.product_code = NULL;
    ci.insurer = NULL;
    assert_int_equal(certificate_render_pdf(&ci, &pdf, &pdf_len, NULL, 0), 0);
    assert_non_null(pdf);
    free(pdf);
    ci.policy_no = NULL;
    assert_int_equal(certificate_render_pdf(&ci, &pdf, &pdf_len, NULL, 0), -1);
    assert_null(pdf);
}

/* ---- money ---- */

static void naira_format(void **state)
{
    static const struct {
        int64_t kobo;
        const char *text;
    } rows[] = {
        {0, "NGN 0.00"},
        {5, "NGN 0.05"},
        {99, "NGN 0.99"},
        {100, "NGN 1.00"},
        {99999, "NGN 999.99"},
        {100000, "NGN 1,000.00"},
        {125000, "NGN 1,250.00"},
        {1500000, "NGN 15,000.00"},
        {100000000, "NGN 1,000,000.00"},
        {123456789, "NGN 1,234,567.89"},
        {-5, "NGN -0.05"},
        {-123456789, "NGN -1,234,567.89"},
        {INT64_MAX, "NGN 92,233,720,368,547,758.07"},
        {INT64_MIN, "NGN -92,233,720,368,547,758.08"},
    };
    char out[CERTIFICATE_NAIRA_MAX];

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(certificate_format_naira(rows[i].kobo, out, sizeof out), 0);
        assert_string_equal(out, rows[i].text);
    }
}

static void naira_format_small_buffer(void **state)
{
    char out[13];

    (void)state;
    /* "NGN 1,250.00" is 12 bytes: it fits in 13, not in 12. */
    assert_int_equal(certificate_format_naira(125000, out, 13), 0);
    assert_string_equal(out, "NGN 1,250.00");
    assert_int_equal(certificate_format_naira(125000, out, 12), -1);
    assert_string_equal(out, "");
    assert_int_equal(certificate_format_naira(125000, NULL, 0), -1);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    /* Leaves nothing for LeakSanitizer to report at exit in the ASan build. */
    certificate_global_cleanup();
    if (getenv("CERT_KEEP")) {
        fprintf(stderr, "test_certificates: files kept in %s\n", dir);
        return 0;
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_a4_page),
        cmocka_unit_test(text_holds_every_fact),
        cmocka_unit_test(specimen_marked),
        cmocka_unit_test(qr_scans_to_verify_url),
        cmocka_unit_test(qr_scans_on_specimen),
        cmocka_unit_test(qr_scans_longest_url),
        cmocka_unit_test(long_holder_name_wraps),
        cmocka_unit_test(widest_name_at_caps),
        cmocka_unit_test(non_ascii_name),
        cmocka_unit_test(premium_in_text),
        cmocka_unit_test(same_facts_same_bytes),
        cmocka_unit_test(threads_render_same_bytes),
        cmocka_unit_test(rejects_bad_input),
        cmocka_unit_test(all_fields_too_long_together),
        cmocka_unit_test(optional_fields_absent),
        cmocka_unit_test(naira_format),
        cmocka_unit_test(naira_format_small_buffer),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("certificates", tests, setup, teardown);
}
