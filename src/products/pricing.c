/*
 * pricing.c - SR10 quote fields and premium rules; see pricing.h. Error texts are part
 * of the wire contract (PROTOCOL.md section 6, PRODUCTS.md): change them only together
 * with the spec.
 *
 * Money is int64 kobo from the moment it is read; a rate is applied as one exact
 * rational (value x numerator / denominator) rounded once, to the whole Naira.
 */
#include "pricing.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../common/text.h"
#include "decimal.h"

/* Longest destination echoed back in "Destination country not recognised: ..." (bytes). */
#define ECHO_MAX 100

/* One quote field after its checks. */
struct val {
    bool present;        /* sent, or given its default */
    const char *used;    /* the name the client used (the field's name when absent) */
    int64_t amount;      /* QF_MONEY: kobo; QF_INTEGER: the number */
    int index;           /* QF_PERIOD: index of the period; QF_CHOICE: index of the choice */
    bool b;              /* QF_BOOLEAN */
    int zone;            /* travel destination: index of its zone */
    const char *country; /* travel destination: the catalog's spelling */
};

/* One quote in progress. */
struct ctx {
    const struct product *p;
    const struct quote_input *in;
    struct pricing_error *err;
    struct val v[CATALOG_MAX_QUOTE_FIELDS];
};

static int fail(struct ctx *c, int v4, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct ctx *c, int v4, const char *fmt, ...)
{
    va_list ap;

    c->err->v4 = v4;
    va_start(ap, fmt);
    vsnprintf(c->err->text, sizeof c->err->text, fmt, ap);
    va_end(ap);
    return -1;
}

/* Asks for the field by its name, then by each legacy name; returns the name that hit. */
static const char *fetch(const struct ctx *c, const struct quote_field *f, struct quote_value *qv)
{
    memset(qv, 0, sizeof *qv);
    c->in->get(c->in->arg, f->name, qv);
    if (qv->kind != QV_ABSENT)
        return f->name;
    for (size_t k = 0; k < f->legacy_count; k++) {
        memset(qv, 0, sizeof *qv);
        c->in->get(c->in->arg, f->legacy[k], qv);
        if (qv->kind != QV_ABSENT)
            return f->legacy[k];
    }
    return f->name;
}

/* A money value in kobo: a JSON number rounded to the kobo, or digits with 0-2 decimals. */
static enum num money_value(const struct quote_value *qv, int64_t *kobo)
{
    if (qv->kind == QV_NUMBER)
        return decimal_number(qv->num, kobo, NULL);
    if (qv->kind == QV_STRING) {
        int64_t whole;
        const char *frac;
        size_t frac_len;
        enum num st = decimal_text(qv->s, qv->len, &whole, &frac, &frac_len);

        if (st != NUM_OK)
            return st;
        if (frac_len > 2)
            return NUM_NAN;
        *kobo = whole * 100 + decimal_hundredths(frac, frac_len, false);
        return NUM_OK;
    }
    return NUM_NAN;
}

/* A whole number: a JSON number without fraction, or digits (a fraction of zeros only). */
static enum num integer_value(const struct quote_value *qv, int64_t *out)
{
    if (qv->kind == QV_NUMBER) {
        double x = qv->num;
        int64_t k;

        if (!isfinite(x))
            return NUM_NAN;
        if (x > (double)CATALOG_MAX_NAIRA)
            return NUM_TOO_BIG;
        if (x < -(double)CATALOG_MAX_NAIRA)
            return NUM_NEGATIVE;
        k = (int64_t)x;
        if ((double)k != x)
            return NUM_FRACTION;
        if (k < 0)
            return NUM_NEGATIVE;
        *out = k;
        return NUM_OK;
    }
    if (qv->kind == QV_STRING) {
        const char *frac;
        size_t frac_len;
        enum num st = decimal_text(qv->s, qv->len, out, &frac, &frac_len);

        if (st != NUM_OK)
            return st;
        for (size_t i = 0; i < frac_len; i++)
            if (frac[i] != '0')
                return NUM_FRACTION;
        return NUM_OK;
    }
    return NUM_NAN;
}

/*
 * Checks a number read with status st against the field's bounds; units is the value in
 * scale parts of the field's unit (kobo: scale 100). Without bounds, 0 and
 * CATALOG_MAX_NAIRA apply.
 */
static int number_checks(struct ctx *c, const struct quote_field *f, const char *used, enum num st,
                         int64_t units, int64_t scale)
{
    int64_t min = f->has_min ? f->min : 0, max = f->has_max ? f->max : CATALOG_MAX_NAIRA;

    if (st == NUM_NAN)
        return fail(c, 406, "Data cmmnd.seed.%s not a number", used);
    if (st == NUM_FRACTION)
        return fail(c, 406, "Data cmmnd.seed.%s must be a whole number", used);
    if (st == NUM_NEGATIVE || (st == NUM_OK && units < min * scale))
        return fail(c, 406, "Data cmmnd.seed.%s must be at least %" PRId64, used, min);
    if (st == NUM_TOO_BIG || units > max * scale)
        return fail(c, 406, "Data cmmnd.seed.%s must be at most %" PRId64, used, max);
    return 0;
}

/* Appends ", "-separated words to out (truncates silently; out holds at least the start). */
static void join(char *out, size_t out_len, const char *word, bool first)
{
    size_t n = strlen(out);
    if (n < out_len)
        snprintf(out + n, out_len - n, "%s%s", first ? "" : ", ", word);
}

static int not_one_of_periods(struct ctx *c, const char *used, const struct period *list, size_t n)
{
    char words[200] = "";
    for (size_t i = 0; i < n; i++)
        join(words, sizeof words, list[i].code, i == 0);
    return fail(c, 406, "Data cmmnd.seed.%s must be one of %s", used, words);
}

static int not_one_of_words(struct ctx *c, const char *used, const char **list, size_t n)
{
    char words[200] = "";
    for (size_t i = 0; i < n; i++)
        join(words, sizeof words, list[i], i == 0);
    return fail(c, 406, "Data cmmnd.seed.%s must be one of %s", used, words);
}

/* ASCII case-insensitive equality of s (s_len bytes) and the NUL-terminated word. */
static bool same_words(const char *s, size_t s_len, const char *word)
{
    size_t n = strlen(word);

    if (n != s_len)
        return false;
    for (size_t i = 0; i < n; i++) {
        char a = s[i], b = word[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* True when this is a travel quote asking for Hajj (isHajj exactly true). */
static bool hajj_requested(const struct ctx *c)
{
    const struct product *p = c->p;
    struct quote_value qv;

    if (p->rule.kind != RULE_TRAVEL || p->rule.travel.hajj_field < 0)
        return false;
    fetch(c, &p->fields[p->rule.travel.hajj_field], &qv);
    return qv.kind == QV_BOOL && qv.b;
}

/* The travel destination: a country of one of the zones (case and outer spaces ignored). */
static int check_destination(struct ctx *c, struct val *v, const struct quote_value *qv)
{
    const struct rule_travel *t = &c->p->rule.travel;
    const char *s = qv->s;
    size_t len = qv->len, echo = qv->len;

    text_trim(&s, &len);
    for (size_t z = 0; z < t->zone_count; z++)
        for (size_t k = 0; k < t->zones[z].country_count; k++)
            if (same_words(s, len, t->zones[z].countries[k])) {
                v->zone = (int)z;
                v->country = t->zones[z].countries[k];
                return 0;
            }
    /* Echo the name as sent, cut at a character boundary when very long. */
    if (echo > ECHO_MAX) {
        echo = ECHO_MAX;
        while (echo > 0 && ((unsigned char)qv->s[echo] & 0xc0) == 0x80)
            echo--;
    }
    return fail(c, 406, "Destination country not recognised: %.*s", (int)echo, qv->s);
}

/* Checks quote field i and records its value in c->v[i]. */
static int check_field(struct ctx *c, int i)
{
    const struct quote_field *f = &c->p->fields[i];
    struct val *v = &c->v[i];
    struct quote_value qv;
    int64_t n = 0;
    enum num st;
    int k;

    v->used = fetch(c, f, &qv);
    if (qv.kind == QV_STRING && f->type == QF_STRING && text_blank(qv.s, qv.len))
        qv.kind = QV_ABSENT; /* a blank destination is no destination */
    if (qv.kind == QV_ABSENT) {
        if (f->required)
            return fail(c, 406, "Data cmmnd.seed.%s not provided", f->name);
        if (f->type == QF_CHOICE && f->def >= 0) {
            v->present = true;
            v->index = f->def;
        }
        return 0;
    }
    switch (f->type) {
    case QF_PERIOD: {
        bool hajj = hajj_requested(c);
        const struct period *list = hajj ? c->p->rule.travel.hajj_periods : c->p->periods;
        size_t count = hajj ? c->p->rule.travel.hajj_period_count : c->p->period_count;

        if (qv.kind != QV_STRING)
            return fail(c, 406, "Data cmmnd.seed.%s must be a string", v->used);
        k = catalog_period_index(list, count, qv.s, qv.len);
        if (k < 0)
            return not_one_of_periods(c, v->used, list, count);
        v->index = k;
        break;
    }
    case QF_MONEY:
        st = money_value(&qv, &n);
        if (number_checks(c, f, v->used, st, n, 100) != 0)
            return -1;
        v->amount = n;
        break;
    case QF_INTEGER:
        st = integer_value(&qv, &n);
        if (number_checks(c, f, v->used, st, n, 1) != 0)
            return -1;
        v->amount = n;
        break;
    case QF_CHOICE:
        if (qv.kind != QV_STRING)
            return fail(c, 406, "Data cmmnd.seed.%s must be a string", v->used);
        k = -1;
        for (size_t j = 0; j < f->choice_count && k < 0; j++)
            if (text_eq(qv.s, qv.len, f->choices[j]))
                k = (int)j;
        if (k < 0)
            return not_one_of_words(c, v->used, f->choices, f->choice_count);
        v->index = k;
        break;
    case QF_STRING:
        if (qv.kind != QV_STRING)
            return fail(c, 406, "Data cmmnd.seed.%s must be a string", v->used);
        if (c->p->rule.kind == RULE_TRAVEL && i == c->p->rule.travel.destination_field &&
            check_destination(c, v, &qv) != 0)
            return -1;
        break;
    case QF_BOOLEAN:
        if (qv.kind != QV_BOOL)
            return fail(c, 406, "Data cmmnd.seed.%s must be true or false", v->used);
        v->b = qv.b;
        break;
    default:
        assert(false && "quote field type");
    }
    v->present = true;
    return 0;
}

/*
 * Hajj applies to one country only. Checked as soon as both the destination and isHajj
 * have been read (at the later of the two in catalog order).
 */
static int check_hajj_country(struct ctx *c, int i)
{
    const struct rule_travel *t = &c->p->rule.travel;
    int d = t->destination_field, h = t->hajj_field;
    const struct val *vd, *vh;

    if (h < 0 || i != (d > h ? d : h))
        return 0;
    vd = &c->v[d];
    vh = &c->v[h];
    if (vh->present && vh->b && vd->present &&
        !same_words(vd->country, strlen(vd->country), t->hajj_country))
        return fail(c, 406, "Data cmmnd.seed.%s applies only to %s", vh->used, t->hajj_country);
    return 0;
}

/* *out = a * b / d rounded to the nearest integer, halves up; a, b >= 0, d > 0. */
static bool mul_div(int64_t a, int64_t b, int64_t d, int64_t *out)
{
    int64_t q = a / d, r = a % d, hi, lo, d2;

    /* a * b / d = q * b + r * b / d, and q * b is whole, so only r * b / d is rounded. */
    if (__builtin_mul_overflow(q, b, &hi) || __builtin_mul_overflow(r, b, &lo))
        return false;
    if (__builtin_mul_overflow(lo, 2, &lo) || __builtin_add_overflow(lo, d, &lo) ||
        __builtin_mul_overflow(d, 2, &d2))
        return false;
    return !__builtin_add_overflow(hi, lo / d2, out);
}

static const struct age_band *find_band(const struct age_band *bands, size_t n,
                                        const struct val *age)
{
    for (size_t i = 0; i < n; i++)
        if (age->present ? age->amount >= bands[i].min && age->amount <= bands[i].max
                         : bands[i].when_absent)
            return &bands[i];
    return NULL;
}

static int price_travel(struct ctx *c, int64_t *naira)
{
    const struct rule_travel *t = &c->p->rule.travel;
    const struct val *age = &c->v[t->age_field];
    int period = c->v[c->p->period_field].index;
    bool hajj = t->hajj_field >= 0 && c->v[t->hajj_field].present && c->v[t->hajj_field].b;
    const struct age_band *band;
    size_t plans, plan;

    if (hajj) {
        /* The Hajj table has no family prices: every plan pays the individual price. */
        band = find_band(t->hajj_bands, t->hajj_band_count, age);
        if (band == NULL)
            return fail(c, 406, "Data cmmnd.seed.%s is outside the age bands", age->used);
        *naira = band->naira[period];
        return 0;
    }
    band = find_band(t->ages, t->age_count, age);
    if (band == NULL)
        return fail(c, 406, "Data cmmnd.seed.%s is outside the age bands", age->used);
    plans = c->p->fields[t->plan_field].choice_count;
    plan = (size_t)c->v[t->plan_field].index;
    if (!mul_div(t->zones[c->v[t->destination_field].zone].naira[(size_t)period * plans + plan],
                 band->factor_ppm, CATALOG_PPM, naira))
        return fail(c, 406, "Data cmmnd.seed.%s is too large to price", age->used);
    return 0;
}

/* Applies the product's premium rule to the checked fields. */
static int price(struct ctx *c, int64_t *naira)
{
    const struct product *p = c->p;
    const struct premium_rule *r = &p->rule;
    int period = p->period_field >= 0 ? c->v[p->period_field].index : 0;

    switch (r->kind) {
    case RULE_TABLE: {
        size_t plans = r->table.plan_field >= 0 ? p->fields[r->table.plan_field].choice_count : 1;
        size_t plan = r->table.plan_field >= 0 ? (size_t)c->v[r->table.plan_field].index : 0;
        *naira = r->table.naira[(size_t)period * plans + plan];
        return 0;
    }
    case RULE_PERCENT: {
        const struct val *value = &c->v[r->percent.value_field];
        int64_t rate = r->percent.rate_ppm[r->percent.single_rate ? 0 : period];

        /* kobo x ppm / (100 x 10^6) is Naira. */
        if (!mul_div(value->amount, rate, 100LL * CATALOG_PPM, naira))
            return fail(c, 406, "Data cmmnd.seed.%s is too large to price", value->used);
        if (*naira < r->percent.min_premium)
            *naira = r->percent.min_premium;
        return 0;
    }
    case RULE_LOAN: {
        const struct val *amount = &c->v[r->loan.amount_field];
        int64_t months = c->v[r->loan.tenure_field].amount, num, den;

        /* kobo x num x months / (den x 12 months x 100 kobo) is Naira. */
        if (__builtin_mul_overflow(r->loan.rate_num, months, &num) ||
            __builtin_mul_overflow(r->loan.rate_den, 1200, &den) ||
            !mul_div(amount->amount, num, den, naira))
            return fail(c, 406, "Data cmmnd.seed.%s is too large to price", amount->used);
        return 0;
    }
    case RULE_TRAVEL:
        return price_travel(c, naira);
    default:
        assert(false && "premium rule kind");
        return -1;
    }
}

int pricing_quote(const struct catalog *cat, const struct product *p, const struct quote_input *in,
                  int64_t *premium_kobo, struct pricing_error *err)
{
    struct pricing_error spare;
    struct ctx c;
    int64_t naira = 0;

    memset(&c, 0, sizeof c);
    c.p = p;
    c.in = in;
    c.err = err != NULL ? err : &spare;
    if (p == NULL)
        return fail(&c, 400, "Product specified not supported");
    assert(catalog_owns(cat, p));
    (void)cat;
    for (int i = 0; i < (int)p->field_count; i++) {
        if (check_field(&c, i) != 0)
            return -1;
        if (p->rule.kind == RULE_TRAVEL && check_hajj_country(&c, i) != 0)
            return -1;
    }
    if (price(&c, &naira) != 0)
        return -1;
    if (__builtin_mul_overflow(naira, 100, premium_kobo))
        return fail(&c, 406, "Premium too large to price");
    return 0;
}
