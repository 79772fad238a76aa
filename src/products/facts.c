/*
 * facts.c - SR15 addtnlFact rules; see facts.h (the consumer record: requirements.c). Error
 * texts are part of the wire contract (PROTOCOL.md section 6, PRODUCTS.md): change them
 * only together with the spec.
 *
 * The schema is walked field by field in catalog order; a path buffer follows the walk
 * ("ProformaInvoice.Id", "passengers[2].dob") so the first invalid value is named where
 * it sits. Numbers are read as int64 hundredths (kobo for money), dates and times as
 * seconds from 1970-01-01 on the proleptic Gregorian calendar without a time zone.
 */
#include "facts.h"
#include "facts_int.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../common/text.h"
#include "decimal.h"

/* Longest path inside addtnlFact named in an error (bytes; longer ones are cut). */
#define PATH_MAX_BYTES 256

/* Largest month count months_after is applied with (larger: the check is skipped). */
#define MAX_MONTHS 12000

#define DAY_SECONDS 86400

/* One facts_check call. */
struct ctx {
    const struct product *p;
    const struct fact_value_ops *ops;
    const void *seed;
    int cls;
    struct date today;
    char *err;
    size_t err_len;
    char path[PATH_MAX_BYTES]; /* where the walk is, inside addtnlFact */
    size_t path_len;
};

/* The 36 states and the Federal Capital Territory (three spellings), each ending in '|'. */
static const char states[] =
    "Abia|Adamawa|Akwa Ibom|Anambra|Bauchi|Bayelsa|Benue|Borno|Cross River|Delta|Ebonyi|Edo|"
    "Ekiti|Enugu|Gombe|Imo|Jigawa|Kaduna|Kano|Katsina|Kebbi|Kogi|Kwara|Lagos|Nasarawa|Niger|"
    "Ogun|Ondo|Osun|Oyo|Plateau|Rivers|Sokoto|Taraba|Yobe|Zamfara|FCT|Federal Capital Territory|"
    "Abuja|";

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
    char what[256];
    va_list ap;

    if (c->err == NULL || c->err_len == 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->err_len, "Data cmmnd.seed.addtnlFact%s%s %s", c->path_len > 0 ? "." : "",
             c->path, what);
    return -1;
}

/* Appends to the path; returns the length to go back to with pop(). */
static size_t push(struct ctx *c, const char *name, size_t index)
{
    size_t mark = c->path_len, room = sizeof c->path - mark;
    int n;

    if (name != NULL)
        n = snprintf(c->path + mark, room, "%s%s", mark > 0 ? "." : "", name);
    else
        n = snprintf(c->path + mark, room, "[%zu]", index);
    if (n > 0)
        c->path_len = (size_t)n < room ? mark + (size_t)n : sizeof c->path - 1;
    return mark;
}

static void pop(struct ctx *c, size_t mark)
{
    c->path_len = mark;
    c->path[mark] = '\0';
}

const void *facts_member(const struct fact_value_ops *ops, const void *obj, const char *key)
{
    const void *v;

    if (obj == NULL || ops->kind(obj) != FV_OBJECT)
        return NULL;
    v = ops->member(obj, key);
    if (v != NULL && ops->kind(v) == FV_NULL)
        return NULL;
    return v;
}

const char *facts_string(const struct fact_value_ops *ops, const void *v, size_t *len)
{
    *len = 0;
    if (v == NULL || ops->kind(v) != FV_STRING)
        return NULL;
    return ops->string(v, len);
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_upper(char ch)
{
    return ch >= 'A' && ch <= 'Z';
}

static bool is_letter(char ch)
{
    return is_upper(ch) || (ch >= 'a' && ch <= 'z');
}

/* ASCII case-insensitive equality of a (a_len bytes) and b (b_len bytes). */
static bool same_text(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len)
        return false;
    for (size_t i = 0; i < a_len; i++) {
        char x = is_upper(a[i]) ? (char)(a[i] - 'A' + 'a') : a[i];
        char y = is_upper(b[i]) ? (char)(b[i] - 'A' + 'a') : b[i];
        if (x != y)
            return false;
    }
    return true;
}

/*
 * A JSON number or a string of digits with an optional fraction (decimal.h), in
 * hundredths rounded half up at the third fraction digit; *whole tells whether there
 * is no fraction (or only zeros).
 */
static enum num read_number(const struct fact_value_ops *ops, const void *v, int64_t *cents,
                            bool *whole)
{
    enum fv_kind k = v != NULL ? ops->kind(v) : FV_NULL;

    if (k == FV_NUMBER)
        return decimal_number(ops->number(v), cents, whole);
    if (k == FV_STRING) {
        size_t len, frac_len;
        const char *s = ops->string(v, &len), *frac;
        int64_t w;
        enum num st = decimal_text(s, len, &w, &frac, &frac_len);

        if (st != NUM_OK)
            return st;
        *whole = decimal_fraction_zero(frac, frac_len);
        *cents = w * 100 + decimal_hundredths(frac, frac_len, true);
        return NUM_OK;
    }
    return NUM_NAN;
}

/* A whole number from v, or -1 when v is absent, not a number or has a fraction. */
static int64_t read_whole(const struct fact_value_ops *ops, const void *v)
{
    int64_t cents = 0;
    bool whole = false;

    if (read_number(ops, v, &cents, &whole) != NUM_OK || !whole)
        return -1;
    return cents / 100;
}

/* --- quote fields ---------------------------------------------------------------- */

static const struct quote_field *quote_field(const struct product *p, const char *name)
{
    for (size_t i = 0; i < p->field_count; i++)
        if (strcmp(p->fields[i].name, name) == 0)
            return &p->fields[i];
    return NULL;
}

/* The seed's value of quote field qf under its name or a legacy one; *used gets the name. */
static const void *quote_value(const struct ctx *c, const struct quote_field *qf, const char **used)
{
    const void *v = facts_member(c->ops, c->seed, qf->name);

    *used = qf->name;
    for (size_t k = 0; v == NULL && k < qf->legacy_count; k++) {
        v = facts_member(c->ops, c->seed, qf->legacy[k]);
        if (v != NULL)
            *used = qf->legacy[k];
    }
    return v;
}

/* The text of a choice or string quote field, its default choice when absent, or NULL. */
static const char *quote_text(const struct ctx *c, const struct quote_field *qf, size_t *len)
{
    const char *used;
    const void *v = quote_value(c, qf, &used);
    const char *s = facts_string(c->ops, v, len);

    if (v == NULL && qf->type == QF_CHOICE && qf->def >= 0) {
        s = qf->choices[qf->def];
        *len = strlen(s);
    }
    return s;
}

/* True when the fact applies to this consumer and this quote (onlyFor, onlyWhen). */
static bool applies(const struct ctx *c, const struct fact_field *f)
{
    const struct quote_field *qf;
    const char *s;
    size_t len;

    if (f->who == WHO_INDIVIDUALS && c->cls == FACTS_ORGANISATION)
        return false;
    if (f->who == WHO_ORGANISATIONS && c->cls != FACTS_ORGANISATION)
        return false;
    if (f->when_field == NULL)
        return true;
    qf = quote_field(c->p, f->when_field);
    s = qf != NULL ? quote_text(c, qf, &len) : NULL;
    if (s == NULL)
        return false;
    if (qf->type == QF_STRING) {
        text_trim(&s, &len);
        return same_text(s, len, f->when_equals, strlen(f->when_equals));
    }
    return text_eq(s, len, f->when_equals);
}

/* same_as_quote: v must equal the quote field's value. */
static int check_same(struct ctx *c, const struct fact_field *f, const void *v)
{
    const struct quote_field *qf = quote_field(c->p, f->same_as_quote);
    const char *used = f->same_as_quote, *a, *b;
    const void *q;
    int64_t x = 0, y = 0;
    bool wx, wy, same = false;
    size_t a_len, b_len;

    if (qf == NULL)
        return 0; /* the loader makes sure it exists */
    q = quote_value(c, qf, &used);
    switch (qf->type) {
    case QF_MONEY:
    case QF_INTEGER:
        same = read_number(c->ops, v, &x, &wx) == NUM_OK &&
               read_number(c->ops, q, &y, &wy) == NUM_OK && x == y;
        break;
    case QF_BOOLEAN:
        /* An absent isHajj is false, as pricing reads it. */
        same =
            c->ops->kind(v) == FV_BOOL &&
            c->ops->boolean(v) == (q != NULL && c->ops->kind(q) == FV_BOOL && c->ops->boolean(q));
        break;
    case QF_STRING:
        a = facts_string(c->ops, v, &a_len);
        b = facts_string(c->ops, q, &b_len);
        if (a != NULL && b != NULL) {
            text_trim(&a, &a_len);
            text_trim(&b, &b_len);
            same = same_text(a, a_len, b, b_len);
        }
        break;
    case QF_CHOICE:
    case QF_PERIOD:
        a = facts_string(c->ops, v, &a_len);
        b = quote_text(c, qf, &b_len);
        same = a != NULL && b != NULL && a_len == b_len && memcmp(a, b, a_len) == 0;
        break;
    default:
        break;
    }
    if (!same)
        return fail(c, "must equal cmmnd.seed.%s", used);
    return 0;
}

/* --- strings ----------------------------------------------------------------------- */

static int check_imei(struct ctx *c, const char *s, size_t len)
{
    int sum = 0;

    if (len != 15)
        return fail(c, "must be 15 digits");
    for (size_t i = 0; i < len; i++)
        if (!is_digit(s[i]))
            return fail(c, "must be 15 digits");
    /* Luhn: from the right, every second digit (the check digit is the first) doubled. */
    for (size_t i = 0; i < len; i++) {
        int d = s[len - 1 - i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    if (sum % 10 != 0)
        return fail(c, "fails the IMEI check digit");
    return 0;
}

static int check_vin(struct ctx *c, const char *s, size_t len)
{
    bool ok = len == 17;

    for (size_t i = 0; ok && i < len; i++)
        ok = (is_digit(s[i]) || is_upper(s[i])) && s[i] != 'I' && s[i] != 'O' && s[i] != 'Q';
    if (!ok)
        return fail(c, "must be 17 letters and digits without I, O or Q");
    return 0;
}

/* ^[A-Za-z]{3}-?[0-9]{3}[A-Za-z]{2}$ */
static int check_plate(struct ctx *c, const char *s, size_t len)
{
    bool hyphen = len == 9, ok = len == 8 || len == 9;
    size_t d = hyphen ? 4 : 3; /* where the digits start */

    for (size_t i = 0; ok && i < 3; i++)
        ok = is_letter(s[i]);
    if (ok && hyphen)
        ok = s[3] == '-';
    for (size_t i = d; ok && i < d + 3; i++)
        ok = is_digit(s[i]);
    for (size_t i = d + 3; ok && i < len; i++)
        ok = is_letter(s[i]);
    if (!ok)
        return fail(c, "must be a Nigerian plate number such as ABC-123DE");
    return 0;
}

static int check_state(struct ctx *c, const char *s, size_t len)
{
    for (const char *w = states, *end; (end = strchr(w, '|')) != NULL; w = end + 1) {
        if (same_text(s, len, w, (size_t)(end - w)))
            return 0;
    }
    return fail(c, "must be a Nigerian state or the FCT");
}

static int check_lower_alnum(struct ctx *c, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'z'))
            return fail(c, "must be lowercase letters and digits");
    return 0;
}

/* Appends ", "-separated words to out (truncates silently). */
static void join(char *out, size_t out_len, const char *word, bool first)
{
    size_t n = strlen(out);
    if (n < out_len)
        snprintf(out + n, out_len - n, "%s%s", first ? "" : ", ", word);
}

static int check_string(struct ctx *c, const struct fact_field *f, const void *v)
{
    const char *s;
    size_t len, chars;
    int rc = 0;

    if (c->ops->kind(v) != FV_STRING)
        return fail(c, "must be a string");
    s = c->ops->string(v, &len);
    switch (f->check) {
    case CHECK_IMEI:
        rc = check_imei(c, s, len);
        break;
    case CHECK_VIN:
        rc = check_vin(c, s, len);
        break;
    case CHECK_PLATE:
        rc = check_plate(c, s, len);
        break;
    case CHECK_NIGERIAN_STATE:
        rc = check_state(c, s, len);
        break;
    case CHECK_LOWER_ALNUM:
        rc = check_lower_alnum(c, s, len);
        break;
    default:
        break;
    }
    if (rc != 0)
        return rc;
    chars = utf8_count(s, len);
    if (f->has_min && (int64_t)chars < f->min)
        return fail(c, "must be at least %" PRId64 " characters long", f->min);
    if (f->has_max && (int64_t)chars > f->max)
        return fail(c, "must be at most %" PRId64 " characters long", f->max);
    if (f->choice_count > 0) {
        char words[400] = "";
        bool found = false;

        for (size_t i = 0; i < f->choice_count && !found; i++)
            found = text_eq(s, len, f->choices[i]);
        if (!found) {
            for (size_t i = 0; i < f->choice_count; i++)
                join(words, sizeof words, f->choices[i], i == 0);
            return fail(c, "must be one of %s", words);
        }
    }
    for (size_t i = 0; i < f->declined_count; i++)
        if (text_eq(s, len, f->declined[i].value))
            return fail(c, "%s is declined: %s", f->declined[i].value, f->declined[i].reason);
    return 0;
}

/* --- numbers ----------------------------------------------------------------------- */

static int check_number(struct ctx *c, const struct fact_field *f, const void *v)
{
    bool integer = f->type == FACT_INTEGER, whole = false;
    int64_t min = f->has_min ? f->min : 0, max = f->has_max ? f->max : CATALOG_MAX_NAIRA;
    int64_t cents = 0;
    enum num st = read_number(c->ops, v, &cents, &whole);

    if (integer && f->max_years_ahead >= 0 && (int64_t)c->today.year + f->max_years_ahead < max)
        max = (int64_t)c->today.year + f->max_years_ahead;
    if (st == NUM_NAN)
        return fail(c, integer ? "must be a whole number" : "must be a number");
    if (integer && st == NUM_OK && !whole)
        return fail(c, "must be a whole number");
    if (st == NUM_NEGATIVE || (st == NUM_OK && cents < min * 100))
        return fail(c, "must be at least %" PRId64, min);
    if (st == NUM_TOO_BIG || cents > max * 100)
        return fail(c, "must be at most %" PRId64, max);
    return 0;
}

/* --- dates --------------------------------------------------------------------------- */

/* A date, or a date and time, as read from the request. */
struct moment {
    struct date d;
    int64_t t; /* seconds since 1970-01-01 00:00:00 */
};

/* Days from 1970-01-01 to d (proleptic Gregorian; H. Hinnant's days_from_civil). */
static int64_t day_number(struct date d)
{
    int64_t y = d.year - (d.month <= 2 ? 1 : 0);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 && leap ? 29 : days[month - 1];
}

/* d plus n months (0 <= n <= MAX_MONTHS), the day cut to the end of a shorter month. */
static struct date add_months(struct date d, int64_t n)
{
    int64_t m = (int64_t)d.year * 12 + (d.month - 1) + n;
    struct date r;

    r.year = (int)(m / 12);
    r.month = (int)(m % 12) + 1;
    r.day = d.day;
    if (r.day > days_in_month(r.year, r.month))
        r.day = days_in_month(r.year, r.month);
    return r;
}

/* Two digits at s into *out, at most max. */
static bool two_digits(const char *s, int max, int *out)
{
    if (!is_digit(s[0]) || !is_digit(s[1]))
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return *out <= max;
}

/* Reads "YYYY-MM-DD" or, with_time, "YYYY-MM-DD HH:MM:SS" from v. */
static enum date_status read_moment(const struct fact_value_ops *ops, const void *v, bool with_time,
                                    struct moment *m)
{
    size_t len;
    const char *s = facts_string(ops, v, &len);
    int hh = 0, mm = 0, ss = 0;
    enum date_status st;

    if (s == NULL || len != (with_time ? 19u : 10u))
        return DATE_BAD_FORM;
    if (with_time &&
        (s[10] != ' ' || s[13] != ':' || s[16] != ':' || !two_digits(s + 11, 23, &hh) ||
         !two_digits(s + 14, 59, &mm) || !two_digits(s + 17, 59, &ss)))
        return DATE_BAD_FORM;
    st = date_parse(s, 10, &m->d);
    if (st != DATE_OK)
        return st;
    m->t = day_number(m->d) * DAY_SECONDS + hh * 3600 + mm * 60 + ss;
    return DATE_OK;
}

/* The number of months for months_after: the sibling's value, else the quote field's. */
static int64_t month_count(const struct ctx *c, const struct fact_field *f, const void *parent)
{
    const void *v = facts_member(c->ops, parent, f->months_after);
    const struct quote_field *qf;
    const char *used;

    if (v == NULL && (qf = quote_field(c->p, f->months_after)) != NULL)
        v = quote_value(c, qf, &used);
    return read_whole(c->ops, v);
}

/* after, max_days_after and months_after against the sibling f->after of parent. */
static int check_after(struct ctx *c, const struct fact_field *f, const struct moment *m,
                       const void *parent)
{
    struct moment a;
    int64_t n, tol = f->tolerance_months;

    if (read_moment(c->ops, facts_member(c->ops, parent, f->after), f->type == FACT_DATETIME, &a) !=
        DATE_OK)
        return 0; /* absent or invalid: the sibling's own check names it */
    if (m->t <= a.t)
        return fail(c, "must be after %s", f->after);
    if (f->max_days_after > 0 && m->t - a.t > f->max_days_after * DAY_SECONDS)
        return fail(c, "must be at most %" PRId64 " day%s after %s", f->max_days_after,
                    f->max_days_after == 1 ? "" : "s", f->after);
    if (f->months_after == NULL)
        return 0;
    n = month_count(c, f, parent);
    if (n < 0 || n > MAX_MONTHS)
        return 0; /* absent or invalid: named by its own check */
    {
        int64_t tod = a.t - day_number(a.d) * DAY_SECONDS;
        int64_t lo = n - tol > 0 ? day_number(add_months(a.d, n - tol)) * DAY_SECONDS + tod : a.t;
        int64_t hi = day_number(add_months(a.d, n + tol)) * DAY_SECONDS + tod;

        if (m->t < lo || m->t > hi) {
            if (tol == 0)
                return fail(c, "must be %" PRId64 " month%s after %s (%s)", n, n == 1 ? "" : "s",
                            f->after, f->months_after);
            return fail(c, "must be %" PRId64 " month%s after %s (%s), within %" PRId64 " month%s",
                        n, n == 1 ? "" : "s", f->after, f->months_after, tol, tol == 1 ? "" : "s");
        }
    }
    return 0;
}

static int check_moment(struct ctx *c, const struct fact_field *f, const void *v,
                        const void *parent)
{
    bool with_time = f->type == FACT_DATETIME;
    struct moment m;

    switch (read_moment(c->ops, v, with_time, &m)) {
    case DATE_OK:
        break;
    case DATE_NOT_REAL:
        return fail(c, "is not a real calendar date");
    default:
        return fail(c, with_time ? "must be a date and time in the form YYYY-MM-DD HH:MM:SS"
                                 : "must be a date in the form YYYY-MM-DD");
    }
    if (f->not_past && date_cmp(m.d, c->today) < 0)
        return fail(c, "must not be in the past");
    if (f->after != NULL && parent != NULL)
        return check_after(c, f, &m, parent);
    return 0;
}

/* --- the walk ------------------------------------------------------------------------ */

static int check_level(struct ctx *c, const struct fact_field *fields, size_t n, const void *obj);

static int check_value(struct ctx *c, const struct fact_field *f, const void *v,
                       const void *parent);

/* "must have 1 to 2 items" and its variants. */
static int bad_count(struct ctx *c, const struct fact_field *f)
{
    if (f->has_min && f->has_max && f->min == f->max)
        return fail(c, "must have %" PRId64 " item%s", f->min, f->min == 1 ? "" : "s");
    if (f->has_min && f->has_max)
        return fail(c, "must have %" PRId64 " to %" PRId64 " items", f->min, f->max);
    if (f->has_min)
        return fail(c, "must have at least %" PRId64 " item%s", f->min, f->min == 1 ? "" : "s");
    return fail(c, "must have at most %" PRId64 " item%s", f->max, f->max == 1 ? "" : "s");
}

static int check_array(struct ctx *c, const struct fact_field *f, const void *v)
{
    size_t n;

    if (c->ops->kind(v) != FV_ARRAY)
        return fail(c, "must be an array");
    n = c->ops->array_size(v);
    if ((f->has_min && (int64_t)n < f->min) || (f->has_max && (int64_t)n > f->max))
        return bad_count(c, f);
    assert(f->items != NULL);
    for (size_t i = 0; i < n; i++) {
        size_t mark = push(c, NULL, i);
        if (check_value(c, f->items, c->ops->array_at(v, i), NULL) != 0)
            return -1;
        pop(c, mark);
    }
    return 0;
}

/* Checks the present value v of fact f; parent holds its siblings (NULL for items). */
static int check_value(struct ctx *c, const struct fact_field *f, const void *v, const void *parent)
{
    int rc = 0;

    switch (f->type) {
    case FACT_STRING:
        rc = check_string(c, f, v);
        break;
    case FACT_NUMBER:
    case FACT_INTEGER:
        rc = check_number(c, f, v);
        break;
    case FACT_BOOLEAN:
        if (c->ops->kind(v) != FV_BOOL)
            rc = fail(c, "must be true or false");
        break;
    case FACT_DATE:
    case FACT_DATETIME:
        rc = check_moment(c, f, v, parent);
        break;
    case FACT_ARRAY:
        rc = check_array(c, f, v);
        break;
    case FACT_OBJECT:
        if (c->ops->kind(v) != FV_OBJECT)
            rc = fail(c, "must be an object");
        else
            rc = check_level(c, f->fields, f->field_count, v);
        break;
    default:
        assert(false && "fact type");
    }
    if (rc == 0 && f->same_as_quote != NULL)
        rc = check_same(c, f, v);
    return rc;
}

/* "is required", with the condition that made it so. */
static int missing(struct ctx *c, const struct fact_field *f)
{
    if (f->when_field != NULL)
        return fail(c, "is required when cmmnd.seed.%s is %s", f->when_field, f->when_equals);
    if (f->who == WHO_ORGANISATIONS)
        return fail(c, "is required for organisation consumers");
    if (f->who == WHO_INDIVIDUALS)
        return fail(c, "is required for individual consumers");
    return fail(c, "is required");
}

/* Checks the fields of one object (obj is an FV_OBJECT), in schema order. */
static int check_level(struct ctx *c, const struct fact_field *fields, size_t n, const void *obj)
{
    for (size_t i = 0; i < n; i++) {
        const struct fact_field *f = &fields[i];
        const void *v;
        size_t mark, len;
        const char *s;

        if (!applies(c, f))
            continue;
        v = facts_member(c->ops, obj, f->name);
        /* A blank text is no text. */
        s = f->type == FACT_STRING ? facts_string(c->ops, v, &len) : NULL;
        if (s != NULL && text_blank(s, len))
            v = NULL;
        mark = push(c, f->name, 0);
        if (v == NULL) {
            if (f->required)
                return missing(c, f);
        } else if (check_value(c, f, v, obj) != 0) {
            return -1;
        }
        pop(c, mark);
    }
    return 0;
}

int facts_check(const struct product *p, const struct fact_value_ops *ops, const void *addtnl_fact,
                const void *seed, int consumer_class, struct date today, char *err, size_t err_len)
{
    struct ctx c;

    assert(p != NULL && ops != NULL);
    memset(&c, 0, sizeof c);
    c.p = p;
    c.ops = ops;
    c.seed = seed;
    c.cls = consumer_class;
    c.today = today;
    c.err = err;
    c.err_len = err_len;
    if (err != NULL && err_len > 0)
        err[0] = '\0';
    if (addtnl_fact != NULL && ops->kind(addtnl_fact) == FV_NULL)
        addtnl_fact = NULL;
    if (addtnl_fact == NULL) {
        for (size_t i = 0; i < p->fact_count; i++)
            if (p->facts[i].required && applies(&c, &p->facts[i]))
                return fail(&c, "is required");
        return 0;
    }
    if (ops->kind(addtnl_fact) != FV_OBJECT)
        return fail(&c, "must be an object");
    return check_level(&c, p->facts, p->fact_count, addtnl_fact);
}
