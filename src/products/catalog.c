/*
 * catalog.c - the product catalog's memory, lookup and reference count; see catalog.h.
 *
 * Everything a catalog holds is carved from a chain of blocks (an arena), so freeing a
 * catalog is walking that chain once. Lookups scan the products linearly: the catalog
 * holds a few dozen products at most and a scan compares short codes only.
 */
#include "catalog.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/text.h"

#define BLOCK_SIZE 16384

/* One arena block; data is aligned for any type. */
struct block {
    struct block *next;
    size_t used, cap; /* in bytes of data */
    max_align_t data[];
};

struct catalog {
    atomic_int refs;
    struct block *blocks; /* newest first */
    struct product *products;
    size_t count;
};

struct catalog *catalog_new(void)
{
    struct catalog *cat = xcalloc(1, sizeof *cat);
    atomic_init(&cat->refs, 1);
    return cat;
}

void *catalog_alloc(struct catalog *cat, size_t size)
{
    size_t a = alignof(max_align_t);
    struct block *b = cat->blocks;
    void *p;

    /* Round up so the next allocation stays aligned; never hand out zero bytes. */
    size = size == 0 ? a : (size + a - 1) / a * a;
    if (b == NULL || b->cap - b->used < size) {
        size_t cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = cat->blocks;
        cat->blocks = b;
    }
    p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *catalog_strdup(struct catalog *cat, const char *s, size_t len)
{
    char *d = catalog_alloc(cat, len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void catalog_set_products(struct catalog *cat, struct product *products, size_t count)
{
    cat->products = products;
    cat->count = count;
}

size_t catalog_count(const struct catalog *cat)
{
    return cat->count;
}

const struct product *catalog_product_at(const struct catalog *cat, size_t i)
{
    return i < cat->count ? &cat->products[i] : NULL;
}

const struct product *catalog_find(const struct catalog *cat, const char *code, size_t code_len)
{
    for (size_t i = 0; i < cat->count; i++) {
        const struct product *p = &cat->products[i];
        if (text_eq(code, code_len, p->code))
            return p;
        for (size_t k = 0; k < p->alias_count; k++)
            if (text_eq(code, code_len, p->aliases[k]))
                return p;
    }
    return NULL;
}

bool catalog_owns(const struct catalog *cat, const struct product *p)
{
    for (size_t i = 0; i < cat->count; i++)
        if (p == &cat->products[i])
            return true;
    return false;
}

struct catalog *catalog_ref(struct catalog *cat)
{
    atomic_fetch_add_explicit(&cat->refs, 1, memory_order_relaxed);
    return cat;
}

void catalog_unref(struct catalog *cat)
{
    struct block *b, *next;

    if (cat == NULL)
        return;
    /* acq_rel: whoever frees must see every write made through the other references. */
    if (atomic_fetch_sub_explicit(&cat->refs, 1, memory_order_acq_rel) != 1)
        return;
    for (b = cat->blocks; b != NULL; b = next) {
        next = b->next;
        free(b);
    }
    free(cat);
}

bool catalog_period_parse(const char *s, size_t s_len, unsigned *count, char *unit)
{
    unsigned n = 0;
    char u;

    if (s_len < 2 || s_len > 5 || s[0] < '1' || s[0] > '9')
        return false;
    for (size_t i = 0; i + 1 < s_len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        n = n * 10 + (unsigned)(s[i] - '0');
    }
    u = s[s_len - 1];
    if (u != 'd' && u != 'w' && u != 'm' && u != 'y')
        return false;
    *count = n;
    *unit = u;
    return true;
}

int catalog_period_index(const struct period *list, size_t n, const char *s, size_t s_len)
{
    for (size_t i = 0; i < n; i++)
        if (text_eq(s, s_len, list[i].code))
            return (int)i;
    return -1;
}

const char *catalog_quote_type_name(enum quote_type t)
{
    static const char *const names[QF_TYPE_COUNT] = {
        [QF_PERIOD] = "period", [QF_MONEY] = "money",   [QF_INTEGER] = "integer",
        [QF_CHOICE] = "choice", [QF_STRING] = "string", [QF_BOOLEAN] = "boolean",
    };
    return (unsigned)t < QF_TYPE_COUNT ? names[t] : NULL;
}

const char *catalog_rule_kind_name(enum rule_kind k)
{
    static const char *const names[RULE_KIND_COUNT] = {
        [RULE_TABLE] = "table",
        [RULE_PERCENT] = "percent",
        [RULE_LOAN] = "loan",
        [RULE_TRAVEL] = "travel",
    };
    return (unsigned)k < RULE_KIND_COUNT ? names[k] : NULL;
}

const char *catalog_fact_type_name(enum fact_type t)
{
    static const char *const names[FACT_TYPE_COUNT] = {
        [FACT_STRING] = "string",   [FACT_NUMBER] = "number", [FACT_INTEGER] = "integer",
        [FACT_BOOLEAN] = "boolean", [FACT_DATE] = "date",     [FACT_DATETIME] = "datetime",
        [FACT_ARRAY] = "array",     [FACT_OBJECT] = "object",
    };
    return (unsigned)t < FACT_TYPE_COUNT ? names[t] : NULL;
}

const char *catalog_check_name(enum fact_check c)
{
    static const char *const names[CHECK_COUNT] = {
        [CHECK_NONE] = "none",
        [CHECK_IMEI] = "imei",
        [CHECK_VIN] = "vin",
        [CHECK_PLATE] = "plate",
        [CHECK_NIGERIAN_STATE] = "nigerian-state",
        [CHECK_LOWER_ALNUM] = "lower-alnum",
    };
    return (unsigned)c < CHECK_COUNT ? names[c] : NULL;
}

const char *catalog_underwriting_name(enum underwriting u)
{
    return u == UW_REFER ? "refer" : "auto";
}

static const char *const profile_paths[] = {
    "name.first",    "name.last",  "name.middle", "name.maiden",   "dob.date",     "dob.proof",
    "gender",        "phoneNo",    "eMail",       "addrss.addrss", "addrss.proof", "ntnlty",
    "stateOfOrigin", "mrtlStatus", "socialID",    "taxId",
};

bool catalog_profile_path_known(const char *path, size_t path_len)
{
    for (size_t i = 0; i < sizeof profile_paths / sizeof profile_paths[0]; i++)
        if (text_eq(path, path_len, profile_paths[i]))
            return true;
    return false;
}

const char *catalog_profile_paths(void)
{
    return "name.first, name.last, name.middle, name.maiden, dob.date, dob.proof, gender, "
           "phoneNo, eMail, addrss.addrss, addrss.proof, ntnlty, stateOfOrigin, mrtlStatus, "
           "socialID, taxId";
}
