/*
 * pages.c - the public pages behind the policies: the certificate PDF at its
 * unguessable URL and the verify page its QR code opens. Both are plain GETs; an
 * unknown token or number answers 404 without saying more. The verify page shows only
 * the holder's initials.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../certificates/certificate.h"
#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/timeutil.h"
#include "../products/catalog.h"
#include "api_int.h"

json_t *api_base64(const uint8_t *data, size_t len)
{
    char *text = vault_base64(data, len);
    json_t *s = json_string(text);
    free(text);
    return s;
}

/* The consumer's stored profile, opened; NULL when it cannot be read. */
static json_t *profile_of(struct api *api, struct store *st, const struct store_policy *p)
{
    struct store_consumer c;
    uint8_t ad[32];
    size_t len = 0;
    char *plain;
    json_t *doc;

    memset(&c, 0, sizeof c);
    if (store_consumer_find(st, p->partner_id, p->consumer_id, &c) != STORE_OK)
        return NULL;
    memcpy(ad, p->consumer_id, 16);
    memcpy(ad + 16, p->partner_id, 16);
    plain = vault_open(api->cfg.keys, ad, sizeof ad, c.profile, c.profile_len, &len);
    store_consumer_cleanup(&c);
    doc = plain ? json_loadb(plain, len, 0, NULL) : NULL;
    free(plain);
    return doc;
}

static const char *name_part(json_t *profile, const char *key)
{
    json_t *v = json_object_get(json_object_get(profile, "name"), key);
    return json_is_string(v) ? json_string_value(v) : "";
}

int api_certificate(struct api *api, const struct store_policy *p, uint8_t **pdf, size_t *pdf_len,
                    char *err, size_t err_len)
{
    struct certificate_info ci;
    struct catalog *cat;
    const struct product *prod;
    struct store *st;
    const char *serr = NULL;
    char holder[400], cid[ID_HEX_LEN + 1], start[20], end[20], verify[600];
    json_t *profile;
    int rc;

    st = api_reader(api, &serr);
    if (!st) {
        snprintf(err, err_len, "%s", serr);
        return -1;
    }
    profile = profile_of(api, st, p);
    if (!profile) {
        snprintf(err, err_len, "the policy holder's profile cannot be read");
        return -1;
    }
    snprintf(holder, sizeof holder, "%s%s%s%s%s", name_part(profile, "first"),
             name_part(profile, "middle")[0] ? " " : "", name_part(profile, "middle"),
             name_part(profile, "last")[0] ? " " : "", name_part(profile, "last"));
    json_decref(profile);
    id_format_hex(p->consumer_id, cid);
    time_format(p->cover_start, start);
    time_format(p->cover_end, end);
    snprintf(verify, sizeof verify, "%s/verify/%s", api->cfg.public_url, p->policy_no);
    cat = api_catalog_acquire(api);
    prod = catalog_find(cat, p->product, strlen(p->product));
    memset(&ci, 0, sizeof ci);
    ci.policy_no = p->policy_no;
    ci.holder_name = holder;
    ci.consumer_id = cid;
    ci.product_code = p->product;
    ci.product_name = prod ? prod->name : p->product;
    ci.insurer = prod ? prod->insurer : NULL;
    ci.cover_start = start;
    ci.cover_end = end;
    ci.premium_kobo = p->premium_kobo;
    ci.verify_url = verify;
    ci.specimen = strncmp(p->policy_no, "TEST-", 5) == 0;
    rc = certificate_render_pdf(&ci, pdf, pdf_len, err, err_len);
    catalog_unref(cat);
    return rc;
}

/* Appends s with HTML's special characters escaped. */
static void html(struct buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            buf_append(b, "&lt;", 4);
            break;
        case '>':
            buf_append(b, "&gt;", 4);
            break;
        case '&':
            buf_append(b, "&amp;", 5);
            break;
        case '"':
            buf_append(b, "&quot;", 6);
            break;
        default:
            buf_append(b, s, 1);
        }
    }
}

/* "A. N." from the holder's name: the first letter (byte sequence) of each part. */
static void initials(json_t *profile, char *out, size_t out_len)
{
    static const char *const parts[] = {"first", "last"};
    size_t n = 0;

    out[0] = '\0';
    for (int i = 0; i < 2; i++) {
        const char *s = name_part(profile, parts[i]);
        size_t len = 1;
        if (!s[0])
            continue;
        while (((unsigned char)s[len] & 0xc0) == 0x80) /* keep a whole UTF-8 character */
            len++;
        if (n + len + 3 < out_len) {
            memcpy(out + n, s, len);
            n += len;
            memcpy(out + n, i == 0 ? ". " : ".", i == 0 ? 2 : 1);
            n += i == 0 ? 2 : 1;
            out[n] = '\0';
        }
    }
}

static void verify_page(struct api *api, struct store *st, const struct store_policy *p,
                        struct buf *b)
{
    char start[20], end[20], who[64];
    int64_t now = time_now();
    const char *state = now < p->cover_start  ? "not yet in force"
                        : now <= p->cover_end ? "in force"
                                              : "expired";
    struct catalog *cat = api_catalog_acquire(api);
    const struct product *prod = catalog_find(cat, p->product, strlen(p->product));
    json_t *profile = profile_of(api, st, p);

    initials(profile, who, sizeof who);
    json_decref(profile);
    time_format(p->cover_start, start);
    time_format(p->cover_end, end);
    buf_printf(b, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width\">"
                  "<title>Policy ");
    html(b, p->policy_no);
    buf_printf(b, "</title><style>body{font-family:sans-serif;max-width:36em;margin:2em auto;"
                  "padding:0 1em}.s{font-size:1.4em;font-weight:bold}</style></head><body>"
                  "<h1>Policy ");
    html(b, p->policy_no);
    buf_printf(b, "</h1><p class=\"s\" id=\"state\">%s</p><dl><dt>Product</dt><dd>", state);
    html(b, prod ? prod->name : p->product);
    buf_printf(b, " (");
    html(b, p->product);
    buf_printf(b, ")</dd><dt>Cover</dt><dd>%s to %s UTC</dd><dt>Holder</dt><dd>", start, end);
    html(b, who);
    buf_printf(b, "</dd></dl>%s</body></html>\n",
               strncmp(p->policy_no, "TEST-", 5) == 0
                   ? "<p><strong>SPECIMEN</strong>: issued to a partner in test mode; not a "
                     "contract of insurance.</p>"
                   : "");
    catalog_unref(cat);
}

static bool token_ok(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-'))
            return false;
    }
    return true;
}

int api_page(struct api *api, const char *path, struct api_page *out)
{
    static const char cert_prefix[] = "/certificates/", verify_prefix[] = "/verify/";
    struct store_policy p;
    struct store *st;
    const char *serr = NULL, *key;
    char keybuf[80], err[256];
    size_t n;
    struct buf b;
    bool cert;

    memset(out, 0, sizeof *out);
    if (strncmp(path, cert_prefix, sizeof cert_prefix - 1) == 0) {
        cert = true;
        key = path + sizeof cert_prefix - 1;
        n = strlen(key);
        if (n < 5 || strcmp(key + n - 4, ".pdf") != 0)
            return 404;
        n -= 4;
    } else if (strncmp(path, verify_prefix, sizeof verify_prefix - 1) == 0) {
        cert = false;
        key = path + sizeof verify_prefix - 1;
        n = strlen(key);
    } else {
        return 0;
    }
    if (!token_ok(key, n))
        return 404;
    snprintf(keybuf, sizeof keybuf, "%.*s", (int)n, key);
    st = api_reader(api, &serr);
    if (!st)
        return 500;
    if (store_policy_lookup(st, cert ? POLICY_BY_TOKEN : POLICY_BY_NUMBER, keybuf, &p) !=
            STORE_OK ||
        p.status != POLICY_APPROVED)
        return 404;
    if (cert) {
        uint8_t *pdf = NULL;
        if (api_certificate(api, &p, &pdf, &out->len, err, sizeof err) != 0)
            return 500;
        out->body = (char *)pdf;
        out->content_type = "application/pdf";
        return 200;
    }
    buf_init(&b, 0);
    verify_page(api, st, &p, &b);
    out->body = buf_take(&b, &out->len);
    out->content_type = "text/html; charset=utf-8";
    return 200;
}
