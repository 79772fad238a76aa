/*
 * catalog_facts.c - reads a product's addtnlFact schema (what SR15 needs in
 * cmmnd.seed.addtnlFact) for the catalog loader; see catalog_load_int.h and
 * catalog/README.md.
 *
 * Only the schema's shape is checked here: types, keys that apply to each type, known
 * check names, and that every field a rule names (after, monthsAfter, sameAsQuote,
 * onlyWhen) exists. Applying the schema to a request is the issuance code's work.
 */
#include <string.h>

#include "catalog_load_int.h"

#define MAX_DAYS 36600 /* maxDaysAfter */
#define MAX_YEARS 100  /* maxYearsAhead */

static const char *const fact_keys[] = {
    "name",  "type",          "required",    "onlyFor",         "onlyWhen", "check",  "min",
    "max",   "maxYearsAhead", "choices",     "declined",        "items",    "fields", "sameAsQuote",
    "after", "maxDaysAfter",  "monthsAfter", "toleranceMonths", "notPast",  NULL,
};

/* Keys that make no sense for the schema of an array's items. */
static const char *const not_for_items[] = {
    "name",  "required",     "onlyFor",     "onlyWhen",        "sameAsQuote",
    "after", "maxDaysAfter", "monthsAfter", "toleranceMonths", NULL,
};

/* Fails when key is present although ok is false: "<key> applies only to <what>". */
static int only(struct ld *L, json_t *jf, const char *key, bool ok, const char *what)
{
    if (ok || json_object_get(jf, key) == NULL)
        return 0;
    cl_key(L, key);
    return cl_fail(L, "applies only to %s", what);
}

static bool is_date(enum fact_type t)
{
    return t == FACT_DATE || t == FACT_DATETIME;
}

static int fact_type(struct ld *L, json_t *jf, struct fact_field *f)
{
    const char *type;

    if (cl_string(L, jf, "type", true, 32, &type) != 0)
        return -1;
    for (int t = 0; t < FACT_TYPE_COUNT; t++)
        if (strcmp(type, catalog_fact_type_name((enum fact_type)t)) == 0) {
            f->type = (enum fact_type)t;
            return 0;
        }
    cl_key(L, "type");
    return cl_fail(L, "must be one of string, number, integer, boolean, date, datetime, array, "
                      "object");
}

/* onlyFor and onlyWhen: when a required fact is required. */
static int conditions(struct ld *L, json_t *jf, struct fact_field *f)
{
    static const char *const when_keys[] = {"field", "equals", NULL};
    const char *who;
    json_t *when;
    size_t m;
    int q;

    if (cl_string(L, jf, "onlyFor", false, 32, &who) != 0)
        return -1;
    if (who != NULL) {
        if (strcmp(who, "individual") != 0 && strcmp(who, "organisation") != 0) {
            cl_key(L, "onlyFor");
            return cl_fail(L, "must be individual or organisation");
        }
        f->who = who[0] == 'i' ? WHO_INDIVIDUALS : WHO_ORGANISATIONS;
    }
    if (cl_object(L, jf, "onlyWhen", false, &when) != 0)
        return -1;
    if (when == NULL)
        return 0;
    m = cl_key(L, "onlyWhen");
    if (cl_keys(L, when, when_keys) != 0 ||
        cl_string(L, when, "field", true, 64, &f->when_field) != 0 ||
        cl_string(L, when, "equals", true, 64, &f->when_equals) != 0)
        return -1;
    q = cl_quote_index(L, f->when_field);
    if (q < 0 || (L->p->fields[q].type != QF_CHOICE && L->p->fields[q].type != QF_STRING)) {
        cl_key(L, "field");
        return cl_fail(L, "must name a quote field of type choice or string");
    }
    if (L->p->fields[q].type == QF_CHOICE) {
        const struct quote_field *qf = &L->p->fields[q];
        bool found = false;
        for (size_t k = 0; k < qf->choice_count; k++)
            found = found || strcmp(qf->choices[k], f->when_equals) == 0;
        if (!found) {
            cl_key(L, "equals");
            return cl_fail(L, "must be one of the choices of %s", qf->name);
        }
    }
    cl_back(L, m);
    return 0;
}

static int check_name(struct ld *L, json_t *jf, struct fact_field *f)
{
    const char *check;

    if (cl_string(L, jf, "check", false, 32, &check) != 0)
        return -1;
    if (check == NULL)
        return 0;
    for (int c = CHECK_NONE + 1; c < CHECK_COUNT; c++)
        if (strcmp(check, catalog_check_name((enum fact_check)c)) == 0) {
            f->check = (enum fact_check)c;
            return 0;
        }
    cl_key(L, "check");
    return cl_fail(L, "must be one of imei, vin, plate, nigerian-state, lower-alnum");
}

static int declined(struct ld *L, json_t *jf, struct fact_field *f)
{
    static const char *const keys[] = {"value", "reason", NULL};
    json_t *arr, *jd;
    size_t i, m;

    if (cl_array(L, jf, "declined", false, 1, CATALOG_MAX_CHOICES, &arr) != 0)
        return -1;
    if (arr == NULL)
        return 0;
    if (f->choice_count == 0) {
        cl_key(L, "declined");
        return cl_fail(L, "needs choices");
    }
    f->declined = catalog_alloc(L->cat, json_array_size(arr) * sizeof *f->declined);
    f->declined_count = json_array_size(arr);
    m = cl_key(L, "declined");
    json_array_foreach(arr, i, jd)
    {
        struct fact_declined *d = &f->declined[i];
        size_t mi = cl_index(L, i);
        bool known = false;

        if (!json_is_object(jd))
            return cl_fail(L, "must be an object");
        if (cl_keys(L, jd, keys) != 0 || cl_string(L, jd, "value", true, 64, &d->value) != 0 ||
            cl_string(L, jd, "reason", true, 200, &d->reason) != 0)
            return -1;
        for (size_t k = 0; k < f->choice_count; k++)
            known = known || strcmp(f->choices[k], d->value) == 0;
        for (size_t k = 0; k < i; k++)
            if (strcmp(f->declined[k].value, d->value) == 0) {
                cl_key(L, "value");
                return cl_fail(L, "repeats declined[%zu]", k);
            }
        if (!known) {
            cl_key(L, "value");
            return cl_fail(L, "must be one of the choices");
        }
        cl_back(L, mi);
    }
    cl_back(L, m);
    return 0;
}

static int load_fact(struct ld *L, json_t *jf, struct fact_field *f, bool item, int depth);

/* items (arrays) and fields (objects): the nested schemas. */
static int nested(struct ld *L, json_t *jf, struct fact_field *f, int depth)
{
    json_t *v;
    size_t m;

    if (only(L, jf, "items", f->type == FACT_ARRAY, "fields of type array") != 0 ||
        only(L, jf, "fields", f->type == FACT_OBJECT, "fields of type object") != 0)
        return -1;
    if (f->type == FACT_ARRAY) {
        if (cl_object(L, jf, "items", true, &v) != 0)
            return -1;
        m = cl_key(L, "items");
        if (depth >= CATALOG_MAX_FACT_DEPTH)
            return cl_fail(L, "nests deeper than %d levels", CATALOG_MAX_FACT_DEPTH);
        f->items = catalog_alloc(L->cat, sizeof *f->items);
        if (load_fact(L, v, f->items, true, depth + 1) != 0)
            return -1;
        cl_back(L, m);
    }
    if (f->type == FACT_OBJECT) {
        if (cl_array(L, jf, "fields", true, 1, CATALOG_MAX_FACTS, &v) != 0)
            return -1;
        m = cl_key(L, "fields");
        if (depth >= CATALOG_MAX_FACT_DEPTH)
            return cl_fail(L, "nests deeper than %d levels", CATALOG_MAX_FACT_DEPTH);
        if (cl_facts(L, v, depth + 1, &f->fields, &f->field_count) != 0)
            return -1;
        cl_back(L, m);
    }
    return 0;
}

/* Bounds and the date rules; the fields they name are resolved by links(). */
static int limits(struct ld *L, json_t *jf, struct fact_field *f)
{
    bool sized = f->type == FACT_NUMBER || f->type == FACT_INTEGER || f->type == FACT_STRING ||
                 f->type == FACT_ARRAY;
    int q;

    if (only(L, jf, "min", sized, "fields of type number, integer, string or array") != 0 ||
        only(L, jf, "max", sized, "fields of type number, integer, string or array") != 0 ||
        cl_int(L, jf, "min", false, 0, CATALOG_MAX_NAIRA, &f->min, &f->has_min) != 0 ||
        cl_int(L, jf, "max", false, 0, CATALOG_MAX_NAIRA, &f->max, &f->has_max) != 0)
        return -1;
    if (f->has_min && f->has_max && f->max < f->min) {
        cl_key(L, "max");
        return cl_fail(L, "must not be less than min");
    }
    f->max_years_ahead = -1;
    if (only(L, jf, "maxYearsAhead", f->type == FACT_INTEGER, "fields of type integer") != 0 ||
        cl_int(L, jf, "maxYearsAhead", false, 0, MAX_YEARS, &f->max_years_ahead, NULL) != 0)
        return -1;
    if (only(L, jf, "after", is_date(f->type), "fields of type date or datetime") != 0 ||
        only(L, jf, "notPast", is_date(f->type), "fields of type date or datetime") != 0 ||
        cl_string(L, jf, "after", false, 64, &f->after) != 0 ||
        cl_bool(L, jf, "notPast", false, &f->not_past) != 0)
        return -1;
    if (only(L, jf, "maxDaysAfter", f->after != NULL, "fields with after") != 0 ||
        only(L, jf, "monthsAfter", f->after != NULL, "fields with after") != 0 ||
        cl_int(L, jf, "maxDaysAfter", false, 1, MAX_DAYS, &f->max_days_after, NULL) != 0 ||
        cl_string(L, jf, "monthsAfter", false, 64, &f->months_after) != 0)
        return -1;
    if (only(L, jf, "toleranceMonths", f->months_after != NULL, "fields with monthsAfter") != 0 ||
        cl_int(L, jf, "toleranceMonths", false, 0, 12, &f->tolerance_months, NULL) != 0)
        return -1;
    if (cl_string(L, jf, "sameAsQuote", false, 64, &f->same_as_quote) != 0)
        return -1;
    q = f->same_as_quote != NULL ? cl_quote_index(L, f->same_as_quote) : 0;
    if (q < 0) {
        cl_key(L, "sameAsQuote");
        return cl_fail(L, "must name a quote field");
    }
    return 0;
}

static int load_fact(struct ld *L, json_t *jf, struct fact_field *f, bool item, int depth)
{
    if (!json_is_object(jf))
        return cl_fail(L, "must be an object");
    if (item) {
        for (size_t k = 0; not_for_items[k] != NULL; k++)
            if (json_object_get(jf, not_for_items[k]) != NULL) {
                cl_key(L, not_for_items[k]);
                return cl_fail(L, "does not apply to the items of an array");
            }
    } else {
        if (cl_ident(L, jf, "name", &f->name) != 0)
            return -1;
        cl_name(L, f->name);
    }
    if (cl_keys(L, jf, fact_keys) != 0 || fact_type(L, jf, f) != 0 ||
        cl_bool(L, jf, "required", true, &f->required) != 0 || conditions(L, jf, f) != 0)
        return -1;
    if (only(L, jf, "check", f->type == FACT_STRING, "fields of type string") != 0 ||
        only(L, jf, "choices", f->type == FACT_STRING, "fields of type string") != 0 ||
        check_name(L, jf, f) != 0 ||
        cl_words(L, jf, "choices", CATALOG_MAX_CHOICES, 64, NULL, "a string of 1 to 64 bytes",
                 &f->choices, &f->choice_count) != 0 ||
        declined(L, jf, f) != 0 || limits(L, jf, f) != 0 || nested(L, jf, f, depth) != 0)
        return -1;
    return 0;
}

/* Resolves after and monthsAfter of facts[i] against its siblings (and the quote fields). */
static int links(struct ld *L, struct fact_field *facts, size_t n, size_t i)
{
    const struct fact_field *f = &facts[i];
    bool after_ok = f->after == NULL, months_ok = f->months_after == NULL;
    int q;

    for (size_t k = 0; k < n; k++) {
        if (k == i)
            continue;
        if (!after_ok && strcmp(facts[k].name, f->after) == 0 && facts[k].type == f->type)
            after_ok = true;
        if (!months_ok && strcmp(facts[k].name, f->months_after) == 0 &&
            facts[k].type == FACT_INTEGER)
            months_ok = true;
    }
    if (!months_ok) {
        q = cl_quote_index(L, f->months_after);
        months_ok = q >= 0 && L->p->fields[q].type == QF_INTEGER;
    }
    if (!after_ok) {
        cl_key(L, "after");
        return cl_fail(L, "must name another field of type %s at this level",
                       catalog_fact_type_name(f->type));
    }
    if (!months_ok) {
        cl_key(L, "monthsAfter");
        return cl_fail(L, "must name a field of type integer at this level or a quote field of "
                          "type integer");
    }
    return 0;
}

int cl_facts(struct ld *L, json_t *arr, int depth, struct fact_field **out, size_t *n)
{
    struct fact_field *facts;
    json_t *jf;
    size_t i, count = json_array_size(arr);

    facts = catalog_alloc(L->cat, count * sizeof *facts);
    json_array_foreach(arr, i, jf)
    {
        size_t mi = cl_index(L, i);
        if (load_fact(L, jf, &facts[i], false, depth) != 0)
            return -1;
        for (size_t k = 0; k < i; k++)
            if (strcmp(facts[k].name, facts[i].name) == 0) {
                cl_key(L, "name");
                return cl_fail(L, "is already used by entry [%zu]", k);
            }
        cl_back(L, mi);
    }
    for (i = 0; i < count; i++) {
        size_t mi = cl_index(L, i);
        cl_name(L, facts[i].name);
        if (links(L, facts, count, i) != 0)
            return -1;
        cl_back(L, mi);
    }
    *out = facts;
    *n = count;
    return 0;
}
