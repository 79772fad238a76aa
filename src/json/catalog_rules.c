/*
 * catalog_rules.c - reads a product's premium rule (the "premium" object) for the catalog
 * loader; see catalog_load_int.h and catalog/README.md.
 *
 * Every price table must hold exactly the cover periods (and plans) the product offers,
 * every referenced quote field must exist with the right type, and the age bands must
 * cover the age field's bounds, so pricing never meets a hole.
 */
#include <string.h>

#include "catalog_load_int.h"

#define MAX_AGE 1000                  /* ages in the band tables */
#define MAX_FACTOR (10 * CATALOG_PPM) /* an age factor of at most 10 */

/* Reads the number at the current path: a whole number from lo to hi. */
static int number_at(struct ld *L, json_t *v, int64_t lo, int64_t hi, int64_t *out)
{
    json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;

    if (!json_is_integer(v) || n < lo || n > hi)
        return cl_fail(L, "must be a whole number from %lld to %lld", (long long)lo, (long long)hi);
    *out = (int64_t)n;
    return 0;
}

/*
 * Reads object obj (at the current path) keyed by rows; each member is a number, or when
 * ncols > 0 an object keyed by cols. out[row * max(ncols, 1) + col] gets the numbers.
 */
static int grid(struct ld *L, json_t *obj, const char *const *rows, size_t nrows,
                const char *row_noun, const char *const *cols, size_t ncols, const char *col_noun,
                const char *thing, int64_t lo, int64_t hi, int64_t *out)
{
    json_t *rv[CATALOG_MAX_PERIODS], *cv[CATALOG_MAX_CHOICES];
    size_t w = ncols > 0 ? ncols : 1;

    if (!json_is_object(obj))
        return cl_fail(L, "must be an object");
    if (cl_keyed(L, obj, rows, nrows, row_noun, thing, rv) != 0)
        return -1;
    for (size_t r = 0; r < nrows; r++) {
        size_t m = cl_key(L, rows[r]);
        if (ncols == 0) {
            if (number_at(L, rv[r], lo, hi, &out[r]) != 0)
                return -1;
        } else {
            if (!json_is_object(rv[r]))
                return cl_fail(L, "must be an object");
            if (cl_keyed(L, rv[r], cols, ncols, col_noun, thing, cv) != 0)
                return -1;
            for (size_t c = 0; c < ncols; c++) {
                size_t mc = cl_key(L, cols[c]);
                if (number_at(L, cv[c], lo, hi, &out[r * w + c]) != 0)
                    return -1;
                cl_back(L, mc);
            }
        }
        cl_back(L, m);
    }
    return 0;
}

/* Reads member key as a grid (see grid) into a new array of the catalog. */
static int grid_member(struct ld *L, json_t *obj, const char *key, const struct period *periods,
                       size_t nperiods, const char *period_noun, const struct quote_field *plan,
                       const char *thing, int64_t lo, int64_t hi, int64_t **out)
{
    const char *rows[CATALOG_MAX_PERIODS];
    json_t *v;
    size_t ncols = plan != NULL ? plan->choice_count : 0, m;

    if (cl_object(L, obj, key, true, &v) != 0)
        return -1;
    for (size_t i = 0; i < nperiods; i++)
        rows[i] = periods[i].code;
    *out = catalog_alloc(L->cat, nperiods * (ncols > 0 ? ncols : 1) * sizeof **out);
    m = cl_key(L, key);
    if (grid(L, v, rows, nperiods, period_noun, plan != NULL ? plan->choices : NULL, ncols, "plan",
             thing, lo, hi, *out) != 0)
        return -1;
    cl_back(L, m);
    return 0;
}

static int needs_periods(struct ld *L, const char *kind)
{
    if (L->p->period_count > 0)
        return 0;
    cl_key(L, "kind");
    return cl_fail(L, "%s needs cover periods, and the product has none", kind);
}

static int table(struct ld *L, json_t *jr)
{
    static const char *const keys[] = {"kind", "planField", "prices", NULL};
    struct product *p = L->p;
    struct rule_table *t = &p->rule.table;

    if (cl_keys(L, jr, keys) != 0 ||
        cl_field_ref(L, jr, "planField", false, QF_CHOICE, REF_REQUIRED_OR_DEFAULT,
                     &t->plan_field) != 0 ||
        needs_periods(L, "table") != 0)
        return -1;
    return grid_member(L, jr, "prices", p->periods, p->period_count, "cover period",
                       t->plan_field >= 0 ? &p->fields[t->plan_field] : NULL, "price", 1,
                       CATALOG_MAX_NAIRA, &t->naira);
}

static int percent(struct ld *L, json_t *jr)
{
    static const char *const keys[] = {"kind", "field", "rate", "rates", "minPremium", NULL};
    struct product *p = L->p;
    struct rule_percent *r = &p->rule.percent;
    bool has_rate = json_object_get(jr, "rate") != NULL;
    bool has_rates = json_object_get(jr, "rates") != NULL;

    if (cl_keys(L, jr, keys) != 0 ||
        cl_field_ref(L, jr, "field", true, QF_MONEY, REF_REQUIRED, &r->value_field) != 0)
        return -1;
    if (has_rate == has_rates)
        return cl_fail(L, "must have either rate or rates");
    if (has_rate) {
        r->single_rate = true;
        r->rate_ppm = catalog_alloc(L->cat, sizeof *r->rate_ppm);
        if (cl_int(L, jr, "rate", true, 1, CATALOG_PPM, &r->rate_ppm[0], NULL) != 0)
            return -1;
    } else {
        if (p->period_count == 0) {
            cl_key(L, "rates");
            return cl_fail(L, "needs cover periods, and the product has none; use rate");
        }
        if (grid_member(L, jr, "rates", p->periods, p->period_count, "cover period", NULL, "rate",
                        1, CATALOG_PPM, &r->rate_ppm) != 0)
            return -1;
    }
    return cl_int(L, jr, "minPremium", false, 0, CATALOG_MAX_NAIRA, &r->min_premium, NULL);
}

static int loan(struct ld *L, json_t *jr)
{
    static const char *const keys[] = {"kind", "amountField", "tenureField", "annualRate", NULL};
    static const char *const rate_keys[] = {"numerator", "denominator", NULL};
    struct rule_loan *r = &L->p->rule.loan;
    json_t *rate;
    size_t m;

    if (cl_keys(L, jr, keys) != 0 ||
        cl_field_ref(L, jr, "amountField", true, QF_MONEY, REF_REQUIRED, &r->amount_field) != 0 ||
        cl_field_ref(L, jr, "tenureField", true, QF_INTEGER, REF_REQUIRED, &r->tenure_field) != 0 ||
        cl_object(L, jr, "annualRate", true, &rate) != 0)
        return -1;
    m = cl_key(L, "annualRate");
    if (cl_keys(L, rate, rate_keys) != 0 ||
        cl_int(L, rate, "numerator", true, 1, CATALOG_PPM, &r->rate_num, NULL) != 0 ||
        cl_int(L, rate, "denominator", true, 1, CATALOG_PPM, &r->rate_den, NULL) != 0)
        return -1;
    cl_back(L, m);
    return 0;
}

/* ASCII case-insensitive equality. */
static bool same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
        if (x == '\0')
            return true;
    }
}

/*
 * Finds the zone of a country, matched ignoring case, among zones [0, upto) and the
 * first upto_countries countries of zone upto (the zone being read).
 */
static bool find_country(const struct rule_travel *t, size_t upto, size_t upto_countries,
                         const char *name, size_t *zone)
{
    for (size_t z = 0; z <= upto; z++) {
        size_t n = z == upto ? upto_countries : t->zones[z].country_count;
        for (size_t k = 0; k < n; k++)
            if (same_name(t->zones[z].countries[k], name)) {
                *zone = z;
                return true;
            }
    }
    return false;
}

static bool country_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[0] != ' ' && s[n - 1] != ' ';
}

static int zone(struct ld *L, json_t *jz, struct rule_travel *t, size_t zi)
{
    static const char *const keys[] = {"name", "countries", "prices", NULL};
    struct product *p = L->p;
    struct travel_zone *z = &t->zones[zi];
    json_t *arr, *v;
    size_t i, m, owner;

    if (!json_is_object(jz))
        return cl_fail(L, "must be an object");
    if (cl_string(L, jz, "name", true, 128, &z->name) != 0)
        return -1;
    cl_name(L, z->name);
    if (cl_keys(L, jz, keys) != 0)
        return -1;
    for (size_t k = 0; k < zi; k++)
        if (same_name(t->zones[k].name, z->name)) {
            cl_key(L, "name");
            return cl_fail(L, "is already used by zones[%zu]", k);
        }
    if (cl_array(L, jz, "countries", true, 1, CATALOG_MAX_COUNTRIES, &arr) != 0)
        return -1;
    z->countries = catalog_alloc(L->cat, json_array_size(arr) * sizeof *z->countries);
    m = cl_key(L, "countries");
    json_array_foreach(arr, i, v)
    {
        size_t mi = cl_index(L, i);
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 128 ||
            !country_ok(json_string_value(v)))
            return cl_fail(L, "must be a country name of 1 to 128 characters, without outer "
                              "spaces");
        if (find_country(t, zi, i, json_string_value(v), &owner))
            return cl_fail(L, "(%s) is already in zones[%zu] (%s)", json_string_value(v), owner,
                           t->zones[owner].name);
        z->countries[i] = catalog_strdup(L->cat, json_string_value(v), json_string_length(v));
        z->country_count = i + 1;
        cl_back(L, mi);
    }
    cl_back(L, m);
    return grid_member(L, jz, "prices", p->periods, p->period_count, "cover period",
                       &p->fields[t->plan_field], "price", 1, CATALOG_MAX_NAIRA, &z->naira);
}

static int zones(struct ld *L, json_t *jr, struct rule_travel *t)
{
    json_t *arr, *jz;
    size_t i, m;

    if (cl_array(L, jr, "zones", true, 1, CATALOG_MAX_ZONES, &arr) != 0)
        return -1;
    t->zones = catalog_alloc(L->cat, json_array_size(arr) * sizeof *t->zones);
    m = cl_key(L, "zones");
    json_array_foreach(arr, i, jz)
    {
        size_t mi = cl_index(L, i);
        t->zone_count = i;
        if (zone(L, jz, t, i) != 0)
            return -1;
        t->zone_count = i + 1;
        cl_back(L, mi);
    }
    cl_back(L, m);
    return 0;
}

/*
 * Reads age bands (member key): ascending, contiguous, covering the age field's bounds,
 * exactly one marked whenAbsent. Hajj bands carry prices per Hajj period, the others an
 * age factor.
 */
static int bands(struct ld *L, json_t *obj, const char *key, struct rule_travel *t, bool hajj,
                 struct age_band **out, size_t *n)
{
    static const char *const factor_keys[] = {"min", "max", "factor", "whenAbsent", NULL};
    static const char *const price_keys[] = {"min", "max", "prices", "whenAbsent", NULL};
    const struct quote_field *age = &L->p->fields[t->age_field];
    json_t *arr, *jb;
    size_t i, m, absent = 0, count;
    struct age_band *b;

    if (cl_array(L, obj, key, true, 1, CATALOG_MAX_BANDS, &arr) != 0)
        return -1;
    count = json_array_size(arr);
    b = catalog_alloc(L->cat, count * sizeof *b);
    m = cl_key(L, key);
    json_array_foreach(arr, i, jb)
    {
        size_t mi = cl_index(L, i);

        if (!json_is_object(jb))
            return cl_fail(L, "must be an object");
        if (cl_keys(L, jb, hajj ? price_keys : factor_keys) != 0 ||
            cl_int(L, jb, "min", true, 0, MAX_AGE, &b[i].min, NULL) != 0 ||
            cl_int(L, jb, "max", true, 0, MAX_AGE, &b[i].max, NULL) != 0 ||
            cl_bool(L, jb, "whenAbsent", false, &b[i].when_absent) != 0)
            return -1;
        if (b[i].max < b[i].min) {
            cl_key(L, "max");
            return cl_fail(L, "must not be less than min");
        }
        if (i > 0 && b[i].min != b[i - 1].max + 1) {
            cl_key(L, "min");
            return cl_fail(L, "must be %lld, one more than the previous band's max",
                           (long long)(b[i - 1].max + 1));
        }
        if (hajj ? grid_member(L, jb, "prices", t->hajj_periods, t->hajj_period_count,
                               "Hajj period", NULL, "price", 1, CATALOG_MAX_NAIRA, &b[i].naira)
                 : cl_int(L, jb, "factor", true, 1, MAX_FACTOR, &b[i].factor_ppm, NULL))
            return -1;
        absent += b[i].when_absent;
        cl_back(L, mi);
    }
    if (absent != 1)
        return cl_fail(L, "needs exactly one band with whenAbsent true");
    if (b[0].min > age->min) {
        cl_index(L, 0);
        cl_key(L, "min");
        return cl_fail(L, "must be at most %lld, the min of %s", (long long)age->min, age->name);
    }
    if (b[count - 1].max < age->max) {
        cl_index(L, count - 1);
        cl_key(L, "max");
        return cl_fail(L, "must be at least %lld, the max of %s", (long long)age->max, age->name);
    }
    cl_back(L, m);
    *out = b;
    *n = count;
    return 0;
}

static int hajj_table(struct ld *L, json_t *jr, struct rule_travel *t)
{
    static const char *const keys[] = {"country", "periods", "bands", NULL};
    json_t *hj;
    size_t m, owner;

    if (cl_object(L, jr, "hajj", false, &hj) != 0)
        return -1;
    if ((hj == NULL) != (t->hajj_field < 0)) {
        cl_key(L, hj == NULL ? "hajjField" : "hajj");
        return cl_fail(L, "needs %s", hj == NULL ? "a hajj table" : "hajjField");
    }
    if (hj == NULL)
        return 0;
    m = cl_key(L, "hajj");
    if (cl_keys(L, hj, keys) != 0 || cl_string(L, hj, "country", true, 128, &t->hajj_country) != 0)
        return -1;
    if (!find_country(t, t->zone_count - 1, t->zones[t->zone_count - 1].country_count,
                      t->hajj_country, &owner)) {
        cl_key(L, "country");
        return cl_fail(L, "must be a country of one of the zones");
    }
    if (cl_periods(L, hj, "periods", 1, &t->hajj_periods, &t->hajj_period_count) != 0 ||
        bands(L, hj, "bands", t, true, &t->hajj_bands, &t->hajj_band_count) != 0)
        return -1;
    cl_back(L, m);
    return 0;
}

static int travel(struct ld *L, json_t *jr)
{
    static const char *const keys[] = {
        "kind", "destinationField", "hajjField", "planField", "ageField", "zones", "ages", "hajj",
        NULL};
    struct product *p = L->p;
    struct rule_travel *t = &p->rule.travel;
    const struct quote_field *age;

    if (cl_keys(L, jr, keys) != 0 || needs_periods(L, "travel") != 0 ||
        cl_field_ref(L, jr, "destinationField", true, QF_STRING, REF_REQUIRED,
                     &t->destination_field) != 0 ||
        cl_field_ref(L, jr, "hajjField", false, QF_BOOLEAN, REF_ANY, &t->hajj_field) != 0 ||
        cl_field_ref(L, jr, "planField", true, QF_CHOICE, REF_REQUIRED_OR_DEFAULT,
                     &t->plan_field) != 0 ||
        cl_field_ref(L, jr, "ageField", true, QF_INTEGER, REF_ANY, &t->age_field) != 0)
        return -1;
    age = &p->fields[t->age_field];
    if (!age->has_min || !age->has_max) {
        cl_key(L, "ageField");
        return cl_fail(L, "must name a quote field with min and max");
    }
    if (zones(L, jr, t) != 0 || bands(L, jr, "ages", t, false, &t->ages, &t->age_count) != 0)
        return -1;
    return hajj_table(L, jr, t);
}

int cl_rule(struct ld *L, json_t *jr)
{
    static int (*const readers[RULE_KIND_COUNT])(struct ld *, json_t *) = {
        [RULE_TABLE] = table,
        [RULE_PERCENT] = percent,
        [RULE_LOAN] = loan,
        [RULE_TRAVEL] = travel,
    };
    const char *kind;

    if (cl_string(L, jr, "kind", true, 32, &kind) != 0)
        return -1;
    for (int k = 0; k < RULE_KIND_COUNT; k++)
        if (strcmp(kind, catalog_rule_kind_name((enum rule_kind)k)) == 0) {
            L->p->rule.kind = (enum rule_kind)k;
            return readers[k](L, jr);
        }
    cl_key(L, "kind");
    return cl_fail(L, "must be one of table, percent, loan, travel");
}
