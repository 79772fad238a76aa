/*
 * util.c - small helpers of libaims: checked strings and identifiers, random bytes and
 * jittered waits, and reading numbers and money that servers send either as JSON
 * numbers or (the legacy form) as strings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "client_int.h"

char *libaims_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

bool libaims_utf8_valid(const char *s, size_t s_len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < s_len) {
        unsigned c = p[i];
        size_t more;
        unsigned min, cp;

        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            more = 1, min = 0x80, cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            more = 2, min = 0x800, cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            more = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (s_len - i <= more)
            return false;
        for (size_t k = 1; k <= more; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += more + 1;
    }
    return true;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int libaims_id_normalize(const char *s, char out[AIMS_ID_LEN])
{
    static const char digits[] = "0123456789abcdef";
    size_t n, k = 0;
    bool hyphenated;

    if (!s)
        return -1;
    n = strlen(s);
    if (n != 32 && n != 36)
        return -1;
    hyphenated = n == 36;
    for (size_t i = 0; i < n; i++) {
        int v;

        if (hyphenated && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (s[i] != '-')
                return -1;
            continue;
        }
        v = hexval(s[i]);
        if (v < 0)
            return -1;
        out[k++] = digits[v];
    }
    out[k] = '\0';
    return 0;
}

static bool code_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

enum aims_rc libaims_check_product(const char *product, const char *what)
{
    size_t n, parts = 1, run = 0;

    if (!product)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", what);
    n = strlen(product);
    if (n == 0 || n > LIBAIMS_MAX_PRODUCT)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        if (product[i] == '-') {
            if (run == 0)
                goto bad;
            parts++;
            run = 0;
        } else if (code_char(product[i])) {
            run++;
        } else {
            goto bad;
        }
    }
    if (parts == 3 && run > 0)
        return AIMS_OK;
bad:
    return libaims_fail(AIMS_EINVAL, 0,
                        "%s must be a product code ctgry-type-pckg, such as hlth-axam-1111", what);
}

enum aims_rc libaims_check_txref(const char *txref, const char *what)
{
    size_t n;

    if (!txref)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", what);
    n = strlen(txref);
    if (n == 0 || n > 64)
        goto bad;
    for (size_t i = 0; i < n; i++)
        if (!code_char(txref[i]) && txref[i] != '-')
            goto bad;
    return AIMS_OK;
bad:
    return libaims_fail(AIMS_EINVAL, 0,
                        "%s must be 1 to 64 letters, digits, '-' or '_' (a transaction reference)",
                        what);
}

int libaims_random(void *buf, size_t n)
{
    unsigned char *p = buf;

    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);

        if (got < 0) {
            if (errno == EINTR)
                continue;
            libaims_fail(AIMS_EIO, 0, "no random bytes from getrandom: %s", strerror(errno));
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

unsigned libaims_jitter(unsigned ms)
{
    uint32_t r = 0;
    uint64_t span, v;

    if (ms == 0)
        return 0;
    /* Without random bytes the wait is simply unjittered. */
    if (libaims_random(&r, sizeof r) != 0)
        return ms;
    /* Uniform in [0.75 ms, 1.25 ms]. */
    span = (uint64_t)ms / 2;
    v = (uint64_t)ms - span / 2 + (span ? r % (span + 1) : 0);
    return v == 0 ? 1 : (unsigned)v;
}

void libaims_sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Parses an optional '-' and 1 to 18 digits from s (the whole string). */
static int parse_digits(const char *s, long long *out)
{
    bool neg = *s == '-';
    long long v = 0;
    size_t n = 0;

    if (neg)
        s++;
    for (; s[n]; n++) {
        if (s[n] < '0' || s[n] > '9' || n >= 18)
            return -1;
        v = v * 10 + (s[n] - '0');
    }
    if (n == 0)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

int libaims_json_int(const json_t *v, long long *out)
{
    if (json_is_integer(v)) {
        *out = (long long)json_integer_value(v);
        return 0;
    }
    if (json_is_string(v))
        return parse_digits(json_string_value(v), out);
    return -1;
}

/* Money past a thousand billion Naira is not a premium. */
#define MONEY_MAX_NAIRA 1000000000000LL

int libaims_json_money(const json_t *v, int64_t *kobo)
{
    if (json_is_integer(v)) {
        long long n = (long long)json_integer_value(v);
        if (n > MONEY_MAX_NAIRA || n < -MONEY_MAX_NAIRA)
            return -1;
        *kobo = (int64_t)n * 100;
        return 0;
    }
    if (json_is_real(v)) {
        double x = json_real_value(v) * 100.0;
        if (!(x <= (double)MONEY_MAX_NAIRA * 100.0 && x >= -(double)MONEY_MAX_NAIRA * 100.0))
            return -1;
        *kobo = (int64_t)(x < 0 ? x - 0.5 : x + 0.5);
        return 0;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v), *dot = strchr(s, '.');
        char whole[24];
        long long naira, frac = 0;
        size_t wn = dot ? (size_t)(dot - s) : strlen(s);

        if (wn == 0 || wn >= sizeof whole)
            return -1;
        memcpy(whole, s, wn);
        whole[wn] = '\0';
        if (parse_digits(whole, &naira) != 0 || naira > MONEY_MAX_NAIRA || naira < -MONEY_MAX_NAIRA)
            return -1;
        if (dot) {
            /* One or two decimals: "5000.5" is 5000 Naira 50 kobo. */
            size_t fn = strlen(dot + 1);
            if (fn < 1 || fn > 2)
                return -1;
            for (size_t i = 0; i < fn; i++) {
                if (dot[1 + i] < '0' || dot[1 + i] > '9')
                    return -1;
                frac = frac * 10 + (dot[1 + i] - '0');
            }
            if (fn == 1)
                frac *= 10;
        }
        *kobo = (int64_t)naira * 100 + (whole[0] == '-' ? -frac : frac);
        return 0;
    }
    return -1;
}

enum aims_rc libaims_seed_parse(const char *seed_json, json_t **out)
{
    json_error_t jerr;
    json_t *v;

    *out = NULL;
    if (!seed_json) {
        *out = json_object();
        return *out ? AIMS_OK : libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    }
    v = json_loads(seed_json, JSON_REJECT_DUPLICATES, &jerr);
    if (!v) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            return libaims_fail(AIMS_ENOMEM, 0, "out of memory");
        return libaims_fail(AIMS_EINVAL, 0, "seed_json is not valid JSON: %s (line %d, column %d)",
                            jerr.text, jerr.line, jerr.column);
    }
    if (!json_is_object(v)) {
        json_decref(v);
        return libaims_fail(AIMS_EINVAL, 0, "seed_json must be a JSON object");
    }
    *out = v;
    return AIMS_OK;
}
