/*
 * catalog_load.c - reads the catalog file: the top level, each product, its quote fields
 * and consumer requirements, and the typed readers the other loader files share; see
 * catalog_load.h and catalog_load_int.h. Error texts name the entry and the field so an
 * operator can fix the file from the message alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "catalog_load_int.h"

#define MAX_NAME 128  /* bytes of a product name, insurer, zone or country */
#define MAX_LEGACY 8  /* legacy names of one quote field */
#define MAX_CHOICE 32 /* bytes of one choice word */
#define MAX_REQS 16   /* consumer requirements of one product */
#define FORMAT_VERSION 1

int cl_fail(struct ld *L, const char *fmt, ...)
{
    char msg[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->path_len == 0)
        snprintf(L->err, L->err_len, "%s: %s", L->file, msg);
    else
        snprintf(L->err, L->err_len, "%s: %s %s", L->file, L->path, msg);
    return -1;
}

/* Appends formatted text to the path (truncating; paths are short in practice). */
static size_t push(struct ld *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t push(struct ld *L, const char *fmt, ...)
{
    size_t mark = L->path_len, room = sizeof L->path - L->path_len;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(L->path + L->path_len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        L->path_len += (size_t)n < room ? (size_t)n : room - 1;
    return mark;
}

size_t cl_key(struct ld *L, const char *key)
{
    /* No dot at the start or right after a named entry ("products[0] (x): premium"). */
    if (L->path_len == 0 || L->path[L->path_len - 1] == ' ')
        return push(L, "%s", key);
    return push(L, ".%s", key);
}

size_t cl_index(struct ld *L, size_t i)
{
    return push(L, "[%zu]", i);
}

void cl_name(struct ld *L, const char *name)
{
    push(L, " (%s): ", name);
}

void cl_back(struct ld *L, size_t mark)
{
    L->path_len = mark;
    L->path[mark] = '\0';
}

int cl_keys(struct ld *L, json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v)
    {
        size_t k = 0;
        while (known[k] != NULL && strcmp(known[k], key) != 0)
            k++;
        if (known[k] == NULL) {
            cl_key(L, key);
            return cl_fail(L, "is not a known key");
        }
    }
    return 0;
}

/* Gets member key; absent (or null) fails when required. *v is NULL when absent. */
static int member(struct ld *L, json_t *obj, const char *key, bool required, json_t **v)
{
    *v = json_object_get(obj, key);
    if (*v != NULL && json_is_null(*v))
        *v = NULL;
    if (*v == NULL && required) {
        size_t m = cl_key(L, key);
        cl_fail(L, "is required");
        cl_back(L, m);
        return -1;
    }
    return 0;
}

int cl_string(struct ld *L, json_t *obj, const char *key, bool required, size_t max,
              const char **out)
{
    json_t *v;
    size_t m, len;

    *out = NULL;
    if (member(L, obj, key, required, &v) != 0)
        return -1;
    if (v == NULL)
        return 0;
    m = cl_key(L, key);
    if (!json_is_string(v))
        return cl_fail(L, "must be a string");
    len = json_string_length(v);
    if (len == 0 || len > max)
        return cl_fail(L, "must be 1 to %zu characters", max);
    *out = catalog_strdup(L->cat, json_string_value(v), len);
    cl_back(L, m);
    return 0;
}

static bool ident_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

int cl_ident(struct ld *L, json_t *obj, const char *key, const char **out)
{
    if (cl_string(L, obj, key, true, 64, out) != 0)
        return -1;
    if (!ident_ok(*out)) {
        cl_key(L, key);
        return cl_fail(L, "must be a letter, then letters, digits or _");
    }
    return 0;
}

int cl_int(struct ld *L, json_t *obj, const char *key, bool required, int64_t lo, int64_t hi,
           int64_t *out, bool *present)
{
    json_t *v;
    json_int_t n;

    if (present != NULL)
        *present = false;
    if (member(L, obj, key, required, &v) != 0)
        return -1;
    if (v == NULL)
        return 0;
    n = json_is_integer(v) ? json_integer_value(v) : 0;
    if (!json_is_integer(v) || n < lo || n > hi) {
        cl_key(L, key);
        return cl_fail(L, "must be a whole number from %lld to %lld", (long long)lo, (long long)hi);
    }
    *out = (int64_t)n;
    if (present != NULL)
        *present = true;
    return 0;
}

int cl_bool(struct ld *L, json_t *obj, const char *key, bool def, bool *out)
{
    json_t *v;

    *out = def;
    if (member(L, obj, key, false, &v) != 0)
        return -1;
    if (v == NULL)
        return 0;
    if (!json_is_boolean(v)) {
        cl_key(L, key);
        return cl_fail(L, "must be true or false");
    }
    *out = json_is_true(v);
    return 0;
}

int cl_array(struct ld *L, json_t *obj, const char *key, bool required, size_t min, size_t max,
             json_t **out)
{
    if (member(L, obj, key, required, out) != 0)
        return -1;
    if (*out == NULL)
        return 0;
    if (!json_is_array(*out) || json_array_size(*out) < min || json_array_size(*out) > max) {
        cl_key(L, key);
        if (min == 0)
            return cl_fail(L, "must be an array of at most %zu entries", max);
        return cl_fail(L, "must be an array of %zu to %zu entries", min, max);
    }
    return 0;
}

int cl_object(struct ld *L, json_t *obj, const char *key, bool required, json_t **out)
{
    if (member(L, obj, key, required, out) != 0)
        return -1;
    if (*out != NULL && !json_is_object(*out)) {
        cl_key(L, key);
        return cl_fail(L, "must be an object");
    }
    return 0;
}

int cl_periods(struct ld *L, json_t *obj, const char *key, size_t min, struct period **out,
               size_t *n)
{
    json_t *arr, *v;
    size_t i, m;

    *out = NULL;
    *n = 0;
    if (cl_array(L, obj, key, min > 0, min, CATALOG_MAX_PERIODS, &arr) != 0)
        return -1;
    if (arr == NULL)
        return 0;
    *out = catalog_alloc(L->cat, json_array_size(arr) * sizeof **out);
    m = cl_key(L, key);
    json_array_foreach(arr, i, v)
    {
        struct period *pd = &(*out)[i];
        size_t mi = cl_index(L, i);

        if (!json_is_string(v) || !catalog_period_parse(json_string_value(v), json_string_length(v),
                                                        &pd->count, &pd->unit))
            return cl_fail(L, "must be a cover period code such as 7d, 6m or 1y");
        if (catalog_period_index(*out, i, json_string_value(v), json_string_length(v)) >= 0)
            return cl_fail(L, "repeats %s", json_string_value(v));
        pd->code = catalog_strdup(L->cat, json_string_value(v), json_string_length(v));
        cl_back(L, mi);
    }
    cl_back(L, m);
    *n = json_array_size(arr);
    return 0;
}

int cl_keyed(struct ld *L, json_t *obj, const char *const *names, size_t n, const char *noun,
             const char *thing, json_t **vals)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v)
    {
        size_t k = 0;
        while (k < n && strcmp(names[k], key) != 0)
            k++;
        if (k == n) {
            cl_key(L, key);
            return cl_fail(L, "is not a %s this product offers", noun);
        }
        vals[k] = v;
    }
    for (size_t k = 0; k < n; k++)
        if (json_object_get(obj, names[k]) == NULL)
            return cl_fail(L, "has no %s for %s %s", thing, noun, names[k]);
    return 0;
}

int cl_quote_index(const struct ld *L, const char *name)
{
    for (size_t i = 0; i < L->p->field_count; i++)
        if (strcmp(L->p->fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

int cl_field_ref(struct ld *L, json_t *obj, const char *key, bool required, enum quote_type type,
                 enum ref_need need, int *index)
{
    const char *name;
    const struct quote_field *f;
    int i;

    *index = -1;
    if (cl_string(L, obj, key, required, 64, &name) != 0)
        return -1;
    if (name == NULL)
        return 0;
    i = cl_quote_index(L, name);
    f = i >= 0 ? &L->p->fields[i] : NULL;
    if (f == NULL || f->type != type || (need == REF_REQUIRED && !f->required) ||
        (need == REF_REQUIRED_OR_DEFAULT && !f->required && f->def < 0)) {
        cl_key(L, key);
        return cl_fail(L, "must name a%s quote field of type %s%s",
                       need == REF_REQUIRED ? " required" : "", catalog_quote_type_name(type),
                       need == REF_REQUIRED_OR_DEFAULT ? " that is required or has a default" : "");
    }
    *index = i;
    return 0;
}

int cl_words(struct ld *L, json_t *obj, const char *key, size_t max, size_t len,
             bool (*ok)(const char *), const char *what, const char ***out, size_t *n)
{
    json_t *arr, *v;
    size_t i, m;

    *out = NULL;
    *n = 0;
    if (cl_array(L, obj, key, false, 1, max, &arr) != 0)
        return -1;
    if (arr == NULL)
        return 0;
    *out = catalog_alloc(L->cat, json_array_size(arr) * sizeof **out);
    m = cl_key(L, key);
    json_array_foreach(arr, i, v)
    {
        size_t mi = cl_index(L, i);
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > len ||
            (ok != NULL && !ok(json_string_value(v))))
            return cl_fail(L, "must be %s", what);
        for (size_t k = 0; k < i; k++)
            if (strcmp((*out)[k], json_string_value(v)) == 0)
                return cl_fail(L, "repeats %s", json_string_value(v));
        (*out)[i] = catalog_strdup(L->cat, json_string_value(v), json_string_length(v));
        cl_back(L, mi);
    }
    cl_back(L, m);
    *n = json_array_size(arr);
    return 0;
}

static bool word_ok(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return false;
    return true;
}

/* ctgry-type-pckg: lowercase letters and digits, the package digits only. */
static bool code_ok(const char *s)
{
    size_t n = strlen(s), part = 0, len = 0;

    if (n == 0 || n > CATALOG_MAX_CODE)
        return false;
    for (size_t i = 0; i <= n; i++) {
        char ch = s[i];
        if (ch == '-' || ch == '\0') {
            if (len == 0)
                return false;
            part++;
            len = 0;
            continue;
        }
        if (!((ch >= '0' && ch <= '9') || (part < 2 && ch >= 'a' && ch <= 'z')))
            return false;
        len++;
    }
    return part == 3;
}

static const char *const quote_keys[] = {"name", "legacyNames", "type",    "required", "min",
                                         "max",  "choices",     "default", NULL};

/* True when name is a name or legacy name of quote fields [0, upto); sets *owner. */
static bool name_taken(const struct product *p, size_t upto, const char *name, size_t *owner)
{
    for (size_t i = 0; i < upto; i++) {
        if (strcmp(p->fields[i].name, name) == 0) {
            *owner = i;
            return true;
        }
        for (size_t k = 0; k < p->fields[i].legacy_count; k++)
            if (strcmp(p->fields[i].legacy[k], name) == 0) {
                *owner = i;
                return true;
            }
    }
    return false;
}

static int quote_field(struct ld *L, json_t *jf, size_t idx)
{
    struct product *p = L->p;
    struct quote_field *f = &p->fields[idx];
    const char *type, *def;
    size_t owner = 0;
    bool has;

    f->def = -1;
    if (!json_is_object(jf))
        return cl_fail(L, "must be an object");
    if (cl_ident(L, jf, "name", &f->name) != 0)
        return -1;
    cl_name(L, f->name);
    if (cl_keys(L, jf, quote_keys) != 0)
        return -1;
    if (name_taken(p, idx, f->name, &owner)) {
        cl_key(L, "name");
        return cl_fail(L, "is already used by quote[%zu] (%s)", owner, p->fields[owner].name);
    }
    if (cl_words(L, jf, "legacyNames", MAX_LEGACY, 64, NULL, "a name", &f->legacy,
                 &f->legacy_count) != 0)
        return -1;
    for (size_t k = 0; k < f->legacy_count; k++) {
        if (!ident_ok(f->legacy[k])) {
            cl_key(L, "legacyNames");
            cl_index(L, k);
            return cl_fail(L, "must be a letter, then letters, digits or _");
        }
        owner = idx; /* its own name */
        if (strcmp(f->legacy[k], f->name) == 0 || name_taken(p, idx, f->legacy[k], &owner)) {
            cl_key(L, "legacyNames");
            cl_index(L, k);
            return cl_fail(L, "(%s) is already used by quote[%zu] (%s)", f->legacy[k], owner,
                           owner == idx ? f->name : p->fields[owner].name);
        }
    }
    if (cl_string(L, jf, "type", true, 32, &type) != 0)
        return -1;
    f->type = QF_TYPE_COUNT;
    for (int t = 0; t < QF_TYPE_COUNT; t++)
        if (strcmp(type, catalog_quote_type_name((enum quote_type)t)) == 0)
            f->type = (enum quote_type)t;
    if (f->type == QF_TYPE_COUNT) {
        cl_key(L, "type");
        return cl_fail(L, "must be one of period, money, integer, choice, string, boolean");
    }
    if (cl_bool(L, jf, "required", true, &f->required) != 0)
        return -1;
    if (f->type == QF_PERIOD && !f->required) {
        cl_key(L, "required");
        return cl_fail(L, "must be true for a field of type period");
    }
    if (f->type == QF_MONEY || f->type == QF_INTEGER) {
        if (cl_int(L, jf, "min", false, 0, CATALOG_MAX_NAIRA, &f->min, &f->has_min) != 0 ||
            cl_int(L, jf, "max", false, 0, CATALOG_MAX_NAIRA, &f->max, &f->has_max) != 0)
            return -1;
        if (f->has_min && f->has_max && f->min > f->max) {
            cl_key(L, "max");
            return cl_fail(L, "must not be less than min");
        }
    } else {
        for (const char *const *k = (const char *const[]){"min", "max", NULL}; *k != NULL; k++)
            if (json_object_get(jf, *k) != NULL) {
                cl_key(L, *k);
                return cl_fail(L, "applies only to fields of type money or integer");
            }
    }
    if (f->type != QF_CHOICE) {
        for (const char *const *k = (const char *const[]){"choices", "default", NULL}; *k != NULL;
             k++)
            if (json_object_get(jf, *k) != NULL) {
                cl_key(L, *k);
                return cl_fail(L, "applies only to fields of type choice");
            }
        return 0;
    }
    if (cl_words(L, jf, "choices", CATALOG_MAX_CHOICES, MAX_CHOICE, word_ok,
                 "a word of letters, digits, - or _ (at most 32)", &f->choices,
                 &f->choice_count) != 0)
        return -1;
    if (f->choice_count == 0) {
        cl_key(L, "choices");
        return cl_fail(L, "is required for a field of type choice");
    }
    if (cl_string(L, jf, "default", false, MAX_CHOICE, &def) != 0)
        return -1;
    has = def != NULL;
    for (size_t k = 0; has && k < f->choice_count; k++)
        if (strcmp(def, f->choices[k]) == 0)
            f->def = (int)k;
    if (has && f->def < 0) {
        cl_key(L, "default");
        return cl_fail(L, "must be one of the choices");
    }
    if (has && f->required) {
        cl_key(L, "default");
        return cl_fail(L, "needs \"required\": false");
    }
    return 0;
}

/* The quote fields, then the one period field the product's cover periods need. */
static int quote_fields(struct ld *L, json_t *jp)
{
    struct product *p = L->p;
    json_t *arr, *jf;
    size_t i, m;

    if (cl_array(L, jp, "quote", true, 0, CATALOG_MAX_QUOTE_FIELDS, &arr) != 0)
        return -1;
    p->fields = catalog_alloc(L->cat, json_array_size(arr) * sizeof *p->fields);
    p->period_field = -1;
    m = cl_key(L, "quote");
    json_array_foreach(arr, i, jf)
    {
        size_t mi = cl_index(L, i);
        if (quote_field(L, jf, i) != 0)
            return -1;
        p->field_count = i + 1;
        if (p->fields[i].type == QF_PERIOD) {
            if (p->period_field >= 0) {
                cl_key(L, "type");
                return cl_fail(L, "period is already the type of quote[%d] (%s)", p->period_field,
                               p->fields[p->period_field].name);
            }
            if (p->period_count == 0) {
                cl_key(L, "type");
                return cl_fail(L, "period needs cover periods, and the product has none");
            }
            p->period_field = (int)i;
        }
        cl_back(L, mi);
    }
    if (p->period_count > 0 && p->period_field < 0)
        return cl_fail(L, "needs a field of type period, because the product has cover periods");
    cl_back(L, m);
    return 0;
}

static int consumer_reqs(struct ld *L, json_t *jp)
{
    static const char *const keys[] = {"path", "individualsOnly", NULL};
    struct product *p = L->p;
    json_t *arr, *jr;
    size_t i, m;

    if (cl_array(L, jp, "consumer", false, 0, MAX_REQS, &arr) != 0)
        return -1;
    if (arr == NULL)
        return 0;
    p->reqs = catalog_alloc(L->cat, json_array_size(arr) * sizeof *p->reqs);
    p->req_count = json_array_size(arr);
    m = cl_key(L, "consumer");
    json_array_foreach(arr, i, jr)
    {
        struct consumer_req *r = &p->reqs[i];
        size_t mi = cl_index(L, i);

        if (!json_is_object(jr))
            return cl_fail(L, "must be an object");
        if (cl_keys(L, jr, keys) != 0 || cl_string(L, jr, "path", true, 64, &r->path) != 0 ||
            cl_bool(L, jr, "individualsOnly", false, &r->individuals_only) != 0)
            return -1;
        if (!catalog_profile_path_known(r->path, strlen(r->path))) {
            cl_key(L, "path");
            return cl_fail(L, "must be one of %s", catalog_profile_paths());
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(p->reqs[k].path, r->path) == 0) {
                cl_key(L, "path");
                return cl_fail(L, "repeats consumer[%zu]", k);
            }
        cl_back(L, mi);
    }
    cl_back(L, m);
    return 0;
}

/* The product already using code (as its code or an alias) among products [0, upto), or -1. */
static long code_owner(const struct product *all, size_t upto, const char *code)
{
    for (size_t i = 0; i < upto; i++) {
        if (strcmp(all[i].code, code) == 0)
            return (long)i;
        for (size_t k = 0; k < all[i].alias_count; k++)
            if (strcmp(all[i].aliases[k], code) == 0)
                return (long)i;
    }
    return -1;
}

static int aliases(struct ld *L, json_t *jp, const struct product *all, size_t idx)
{
    struct product *p = L->p;
    long owner;

    if (cl_words(L, jp, "aliases", CATALOG_MAX_ALIASES, CATALOG_MAX_CODE, code_ok,
                 "a product code such as hlth-axam-1111 (lowercase letters and digits, the package "
                 "digits only)",
                 &p->aliases, &p->alias_count) != 0)
        return -1;
    for (size_t k = 0; k < p->alias_count; k++) {
        owner = code_owner(all, idx, p->aliases[k]);
        if (owner >= 0 || strcmp(p->aliases[k], p->code) == 0) {
            cl_key(L, "aliases");
            cl_index(L, k);
            if (owner < 0)
                return cl_fail(L, "(%s) is already this product's code", p->aliases[k]);
            return cl_fail(L, "(%s) is already used by products[%ld] (%s)", p->aliases[k], owner,
                           all[owner].code);
        }
    }
    return 0;
}

static const char *const product_keys[] = {
    "code",  "name",    "category", "insurer",    "aliases",      "periods",
    "quote", "premium", "consumer", "addtnlFact", "underwriting", NULL,
};

/* Product idx of the array; products [0, idx) are already loaded into all. */
static int product(struct ld *L, json_t *jp, struct product *all, size_t idx)
{
    struct product *p = &all[idx];
    const char *s;
    json_t *premium, *facts;
    long owner;
    size_t m;

    L->p = p;
    if (!json_is_object(jp))
        return cl_fail(L, "must be an object");
    if (cl_string(L, jp, "code", true, CATALOG_MAX_CODE, &p->code) != 0)
        return -1;
    if (!code_ok(p->code)) {
        cl_key(L, "code");
        return cl_fail(L, "must be a product code such as hlth-axam-1111 (lowercase letters and "
                          "digits, the package digits only)");
    }
    cl_name(L, p->code);
    owner = code_owner(all, idx, p->code);
    if (owner >= 0) {
        cl_key(L, "code");
        return cl_fail(L, "is already used by products[%ld] (%s)", owner, all[owner].code);
    }
    if (cl_keys(L, jp, product_keys) != 0 ||
        cl_string(L, jp, "name", true, MAX_NAME, &p->name) != 0 ||
        cl_string(L, jp, "category", true, 32, &p->category) != 0 ||
        cl_string(L, jp, "insurer", false, MAX_NAME, &p->insurer) != 0 ||
        aliases(L, jp, all, idx) != 0 ||
        cl_periods(L, jp, "periods", 0, &p->periods, &p->period_count) != 0 ||
        quote_fields(L, jp) != 0 || cl_object(L, jp, "premium", true, &premium) != 0)
        return -1;
    m = cl_key(L, "premium");
    if (cl_rule(L, premium) != 0)
        return -1;
    cl_back(L, m);
    if (consumer_reqs(L, jp) != 0 ||
        cl_array(L, jp, "addtnlFact", false, 0, CATALOG_MAX_FACTS, &facts) != 0)
        return -1;
    if (facts != NULL) {
        m = cl_key(L, "addtnlFact");
        if (cl_facts(L, facts, 1, &p->facts, &p->fact_count) != 0)
            return -1;
        cl_back(L, m);
    }
    if (cl_string(L, jp, "underwriting", true, 16, &s) != 0)
        return -1;
    if (strcmp(s, "auto") != 0 && strcmp(s, "refer") != 0) {
        cl_key(L, "underwriting");
        return cl_fail(L, "must be auto or refer");
    }
    p->underwriting = strcmp(s, "refer") == 0 ? UW_REFER : UW_AUTO;
    return 0;
}

static int catalog_root(struct ld *L, json_t *root)
{
    static const char *const keys[] = {"format", "products", NULL};
    struct product *all;
    json_t *arr, *jp;
    int64_t format;
    size_t i, m;

    if (!json_is_object(root))
        return cl_fail(L, "the catalog must be a JSON object");
    if (cl_keys(L, root, keys) != 0 ||
        cl_int(L, root, "format", true, FORMAT_VERSION, FORMAT_VERSION, &format, NULL) != 0 ||
        cl_array(L, root, "products", true, 1, CATALOG_MAX_PRODUCTS, &arr) != 0)
        return -1;
    all = catalog_alloc(L->cat, json_array_size(arr) * sizeof *all);
    json_array_foreach(arr, i, jp)
    {
        m = cl_key(L, "products");
        cl_index(L, i);
        if (product(L, jp, all, i) != 0)
            return -1;
        cl_back(L, m);
    }
    catalog_set_products(L->cat, all, json_array_size(arr));
    return 0;
}

struct catalog *catalog_load_text(const char *text, size_t len, const char *name_for_errors,
                                  char *err, size_t err_len)
{
    struct ld L;
    json_error_t je;
    json_t *root = NULL;

    memset(&L, 0, sizeof L);
    L.file = name_for_errors;
    L.err = err;
    L.err_len = err_len;
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        snprintf(err, err_len, "%s: not valid JSON: %s, at line %d column %d", name_for_errors,
                 je.text, je.line, je.column);
        return NULL;
    }
    L.cat = catalog_new();
    if (catalog_root(&L, root) != 0) {
        catalog_unref(L.cat);
        L.cat = NULL;
    }
    json_decref(root);
    return L.cat;
}

struct catalog *catalog_load_file(const char *path, char *err, size_t err_len)
{
    struct catalog *cat = NULL;
    char *text = NULL;
    size_t len;
    FILE *f;

    f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, err_len, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    /* One byte more than the cap tells a file at the cap from a larger one. */
    text = xmalloc(CATALOG_MAX_FILE + 1);
    len = fread(text, 1, CATALOG_MAX_FILE + 1, f);
    if (ferror(f))
        snprintf(err, err_len, "%s: cannot read: %s", path, strerror(errno));
    else if (len > CATALOG_MAX_FILE)
        snprintf(err, err_len, "%s: larger than %u bytes", path, CATALOG_MAX_FILE);
    else
        cat = catalog_load_text(text, len, path, err, err_len);
    fclose(f);
    free(text);
    return cat;
}
