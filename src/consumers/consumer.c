/*
 * consumer.c - SR05 profile rules; see consumer.h. Error texts are part of the wire
 * contract (PROTOCOL.md section 5): change them only together with the spec.
 */
#include "consumer.h"

#include <stdio.h>
#include <string.h>

#include "../common/limits.h"
#include "../common/text.h"

static const struct {
    const char *key;
    int group;
} fields[CF_COUNT] = {
    [CF_CLASS] = {"class", -1},
    [CF_TYPE] = {"type", -1},
    [CF_NAME_FIRST] = {"first", GROUP_NAME},
    [CF_NAME_LAST] = {"last", GROUP_NAME},
    [CF_NAME_MIDDLE] = {"middle", GROUP_NAME},
    [CF_NAME_MAIDEN] = {"maiden", GROUP_NAME},
    [CF_DOB_DATE] = {"date", GROUP_DOB},
    [CF_DOB_PROOF] = {"proof", GROUP_DOB},
    [CF_GENDER] = {"gender", -1},
    [CF_PHONE] = {"phoneNo", -1},
    [CF_EMAIL] = {"eMail", -1},
    [CF_ADDRSS] = {"addrss", GROUP_ADDRSS},
    [CF_ADDRSS_PROOF] = {"proof", GROUP_ADDRSS},
    [CF_NTNLTY] = {"ntnlty", -1},
    [CF_STATE_OF_ORIGIN] = {"stateOfOrigin", -1},
    [CF_MRTL_STATUS] = {"mrtlStatus", -1},
    [CF_SOCIAL_TYPE] = {"type", GROUP_SOCIAL},
    [CF_SOCIAL_ID] = {"id", GROUP_SOCIAL},
    [CF_SOCIAL_IMAGE] = {"image", GROUP_SOCIAL},
    [CF_TAX_ID] = {"taxId", -1},
};

const char *consumer_field_key(enum consumer_field i)
{
    return fields[i].key;
}

int consumer_field_group(enum consumer_field i)
{
    return fields[i].group;
}

const char *consumer_group_key(int group, bool social_lower_d)
{
    static const char *const keys[GROUP_COUNT] = {"name", "dob", "addrss", "socialID"};
    if (group == GROUP_SOCIAL && social_lower_d)
        return "socialId";
    return keys[group];
}

/* Validation state: the seed, and where the error text goes. */
struct ctx {
    const struct consumer_seed *seed;
    char *err;
    size_t err_len;
};

static int bad(struct ctx *c, enum consumer_field i, const char *what)
{
    int g = fields[i].group;
    if (g < 0)
        snprintf(c->err, c->err_len, "Data cmmnd.seed.%s %s", fields[i].key, what);
    else
        snprintf(c->err, c->err_len, "Data cmmnd.seed.%s.%s %s",
                 consumer_group_key(g, c->seed->social_lower_d), fields[i].key, what);
    return -1;
}

/*
 * Common checks of one field: its group must be an object, and it must be a string.
 * Returns -1 on error, 0 when absent, 1 when present (a string).
 */
static int present(struct ctx *c, enum consumer_field i)
{
    const struct field *f = &c->seed->f[i];
    int g = fields[i].group;

    if (g >= 0 && c->seed->group_not_object[g]) {
        snprintf(c->err, c->err_len, "Data cmmnd.seed.%s must be an object",
                 consumer_group_key(g, c->seed->social_lower_d));
        return -1;
    }
    if (f->state == FIELD_ABSENT)
        return 0;
    if (f->state == FIELD_OTHER)
        return bad(c, i, "must be a string");
    return 1;
}

/* An optional free-text field of at most max characters. */
static int text_field(struct ctx *c, enum consumer_field i, size_t max)
{
    char what[64];
    int p = present(c, i);

    if (p <= 0)
        return p;
    if (utf8_count(c->seed->f[i].s, c->seed->f[i].len) > max) {
        snprintf(what, sizeof what, "must be at most %zu characters", max);
        return bad(c, i, what);
    }
    return 0;
}

/* A required, non-blank name part. */
static int name_field(struct ctx *c, enum consumer_field i, const char *missing)
{
    int p = present(c, i);

    if (p < 0)
        return -1;
    if (p == 0)
        return bad(c, i, missing);
    if (text_blank(c->seed->f[i].s, c->seed->f[i].len))
        return bad(c, i, "must not be empty");
    return text_field(c, i, AIMS_MAX_NAME);
}

/* An optional base64 document scan of at most AIMS_MAX_IMAGE decoded bytes. */
static int scan_field(struct ctx *c, enum consumer_field i)
{
    int p = present(c, i);
    long n;

    if (p <= 0)
        return p;
    n = base64_decoded_len(c->seed->f[i].s, c->seed->f[i].len);
    if (n < 0)
        return bad(c, i, "must be base64");
    if ((unsigned long)n > AIMS_MAX_IMAGE)
        return bad(c, i, "must be at most 4 MiB");
    return 0;
}

/* Matches the field against a list of words; returns the index or -1. */
static int one_of(const struct field *f, const char *const *words, int n)
{
    for (int k = 0; k < n; k++)
        if (text_eq(f->s, f->len, words[k]))
            return k;
    return -1;
}

static int check_class(struct ctx *c, struct consumer_norm *out)
{
    static const char *const words[] = {"individual", "h", "organization", "organisation", "o"};
    int p = present(c, CF_CLASS), k;

    if (p < 0)
        return -1;
    if (p == 0)
        return bad(c, CF_CLASS, "is required");
    k = one_of(&c->seed->f[CF_CLASS], words, 5);
    if (k < 0)
        return bad(c, CF_CLASS, "must be one of individual, h, organization, organisation, o");
    out->cls = k < 2 ? CLASS_INDIVIDUAL : CLASS_ORGANISATION;
    out->class_word = k < 2 ? "individual" : "organization";
    return 0;
}

static int check_dob(struct ctx *c, struct date today)
{
    const struct field *f = &c->seed->f[CF_DOB_DATE];
    struct date d;
    enum date_status ds;
    int p = present(c, CF_DOB_DATE);

    if (p <= 0)
        return p;
    ds = date_parse(f->s, f->len, &d);
    if (ds == DATE_BAD_FORM)
        return bad(c, CF_DOB_DATE, "must be a date in the form YYYY-MM-DD");
    if (ds == DATE_NOT_REAL)
        return bad(c, CF_DOB_DATE, "is not a real calendar date");
    if (date_cmp(d, today) > 0)
        return bad(c, CF_DOB_DATE, "must not be in the future");
    if (date_years_between(d, today) > AIMS_MAX_AGE_YEARS)
        return bad(c, CF_DOB_DATE, "must be at most 120 years ago");
    return 0;
}

static int check_phone(struct ctx *c, enum consumer_class cls)
{
    const struct field *f = &c->seed->f[CF_PHONE];
    int p = present(c, CF_PHONE);
    size_t digits;

    if (p < 0)
        return -1;
    if (p == 0)
        return cls == CLASS_INDIVIDUAL ? bad(c, CF_PHONE, "is required for individual consumers")
                                       : 0;
    if (f->len < 2 || f->s[0] != '+' || f->s[1] < '1' || f->s[1] > '9')
        return bad(c, CF_PHONE, "must start with + and a country code");
    for (size_t i = 1; i < f->len; i++)
        if (f->s[i] < '0' || f->s[i] > '9')
            return bad(c, CF_PHONE, "must contain only digits after the +");
    digits = f->len - 1;
    if (digits < 8 || digits > 15)
        return bad(c, CF_PHONE, "must have 8 to 15 digits");
    if (f->len >= 4 && memcmp(f->s, "+234", 4) == 0 && digits != 13)
        return bad(c, CF_PHONE, "must have exactly 10 digits after +234");
    return 0;
}

/* One '@', a non-empty local part, a dotted domain of sensible characters. */
static bool email_ok(const char *s, size_t n)
{
    size_t at = n, dot = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '@') {
            if (at != n)
                return false;
            at = i;
        } else if (ch <= ' ' || ch == '(' || ch == ')' || ch == ',' || ch == ';' || ch == ':' ||
                   ch == '<' || ch == '>' || ch == '[' || ch == ']' || ch == '\\' || ch == '"') {
            return false;
        } else if (ch == '.' && at != n) {
            if (i == at + 1 || i == n - 1 || s[i - 1] == '.')
                return false;
            dot = i;
        }
    }
    return at > 0 && at != n && dot > at;
}

static int check_email(struct ctx *c, struct consumer_norm *out)
{
    const struct field *f = &c->seed->f[CF_EMAIL];
    const char *s;
    size_t n;
    int p = present(c, CF_EMAIL);

    if (p < 0)
        return -1;
    if (p == 0)
        return bad(c, CF_EMAIL, "is required");
    s = f->s;
    n = f->len;
    text_trim(&s, &n);
    if (n == 0)
        return bad(c, CF_EMAIL, "is required");
    if (utf8_count(s, n) > AIMS_MAX_EMAIL || n >= sizeof out->email_key)
        return bad(c, CF_EMAIL, "must be at most 254 characters");
    if (!email_ok(s, n))
        return bad(c, CF_EMAIL, "must be a valid email address");
    out->email = s;
    out->email_len = n;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        out->email_key[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    out->email_key[n] = '\0';
    out->email_key_len = n;
    return 0;
}

static int check_mrtl(struct ctx *c, struct consumer_norm *out)
{
    static const char *const words[] = {"single", "married", "divorced", "widowed",
                                        "s",      "m",       "d",        "w"};
    int p = present(c, CF_MRTL_STATUS), k;

    out->mrtl_word = NULL;
    if (p <= 0)
        return p;
    k = one_of(&c->seed->f[CF_MRTL_STATUS], words, 8);
    if (k < 0)
        return bad(c, CF_MRTL_STATUS, "must be one of single, married, divorced, widowed");
    out->mrtl_word = words[k % 4];
    return 0;
}

static bool all_digits(const struct field *f)
{
    for (size_t i = 0; i < f->len; i++)
        if (f->s[i] < '0' || f->s[i] > '9')
            return false;
    return true;
}

static bool all_alnum(const struct field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        char ch = f->s[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
            return false;
    }
    return true;
}

static bool social_given(const struct consumer_seed *seed)
{
    return seed->f[CF_SOCIAL_TYPE].state != FIELD_ABSENT ||
           seed->f[CF_SOCIAL_ID].state != FIELD_ABSENT ||
           seed->f[CF_SOCIAL_IMAGE].state != FIELD_ABSENT;
}

static int check_social(struct ctx *c)
{
    static const char *const types[] = {"nidd", "bvnn", "dlcn", "ipss", "vcrd"};
    const struct field *id = &c->seed->f[CF_SOCIAL_ID];
    int p, k;

    /* socialID is optional as a whole; once given, its type and id are required. */
    p = present(c, CF_SOCIAL_TYPE);
    if (p < 0)
        return -1;
    if (!social_given(c->seed))
        return 0;
    if (p == 0)
        return bad(c, CF_SOCIAL_TYPE, "is required");
    k = one_of(&c->seed->f[CF_SOCIAL_TYPE], types, 5);
    if (k < 0)
        return bad(c, CF_SOCIAL_TYPE, "must be one of nidd, dlcn, ipss, vcrd, bvnn");
    p = present(c, CF_SOCIAL_ID);
    if (p < 0)
        return -1;
    if (p == 0)
        return bad(c, CF_SOCIAL_ID, "is required");
    if (k < 2) {
        if (id->len != 11 || !all_digits(id))
            return bad(c, CF_SOCIAL_ID, "must be exactly 11 digits");
    } else if (id->len < 5 || id->len > 20 || !all_alnum(id)) {
        return bad(c, CF_SOCIAL_ID, "must be 5 to 20 letters and digits");
    }
    return scan_field(c, CF_SOCIAL_IMAGE);
}

int consumer_validate(const struct consumer_seed *seed, struct date today,
                      struct consumer_norm *out, char *err, size_t err_len)
{
    struct ctx c = {seed, err, err_len};
    int p;

    memset(out, 0, sizeof *out);
    if (check_class(&c, out))
        return -1;
    if ((p = present(&c, CF_TYPE)) < 0)
        return -1;
    if (p > 0 && !text_eq(seed->f[CF_TYPE].s, seed->f[CF_TYPE].len, "s"))
        return bad(&c, CF_TYPE, "must be s");
    if (name_field(&c, CF_NAME_FIRST, "is required"))
        return -1;
    if (out->cls == CLASS_INDIVIDUAL) {
        if (name_field(&c, CF_NAME_LAST, "is required for individual consumers"))
            return -1;
    } else if (text_field(&c, CF_NAME_LAST, AIMS_MAX_NAME)) {
        return -1;
    }
    if (text_field(&c, CF_NAME_MIDDLE, AIMS_MAX_NAME) ||
        text_field(&c, CF_NAME_MAIDEN, AIMS_MAX_NAME) || check_dob(&c, today) ||
        scan_field(&c, CF_DOB_PROOF))
        return -1;
    if ((p = present(&c, CF_GENDER)) < 0)
        return -1;
    if (p > 0 && !text_eq(seed->f[CF_GENDER].s, seed->f[CF_GENDER].len, "m") &&
        !text_eq(seed->f[CF_GENDER].s, seed->f[CF_GENDER].len, "f"))
        return bad(&c, CF_GENDER, "must be m or f");
    if (check_phone(&c, out->cls) || check_email(&c, out) ||
        text_field(&c, CF_ADDRSS, AIMS_MAX_ADDRESS) || scan_field(&c, CF_ADDRSS_PROOF) ||
        text_field(&c, CF_NTNLTY, AIMS_MAX_SHORT_TEXT) ||
        text_field(&c, CF_STATE_OF_ORIGIN, AIMS_MAX_SHORT_TEXT) || check_mrtl(&c, out) ||
        check_social(&c) || text_field(&c, CF_TAX_ID, AIMS_MAX_SHORT_TEXT))
        return -1;
    return 0;
}
