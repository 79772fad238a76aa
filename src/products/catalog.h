/*
 * catalog.h - the product catalog (shared/spec/PRODUCTS.md) as plain C data.
 *
 * Pure: no I/O and no JSON library. src/json/catalog_load.c reads catalog/products.json
 * into these structures and checks every rule at load, so the rest of the server can
 * trust them (every index is in range, every table is complete). pricing.h prices a
 * quote from them.
 *
 * A catalog is reference counted: a reload builds a new one and swaps it in while
 * requests still hold the old one; the last catalog_unref frees it. Everything a
 * catalog holds (products, strings, tables) lives in one arena owned by the catalog,
 * so a pointer taken from a catalog is borrowed and valid until that catalog's last
 * catalog_unref.
 *
 * Units: money is whole Naira (int64_t); rates and factors are parts per million
 * (CATALOG_PPM = 100 %, or a factor of 1).
 */
#ifndef AIMS_CATALOG_H
#define AIMS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on the catalog file's contents (the loader refuses anything larger). */
#define CATALOG_MAX_PRODUCTS 256
#define CATALOG_MAX_CODE 32                  /* bytes of a product code or alias */
#define CATALOG_MAX_ALIASES 16               /* per product */
#define CATALOG_MAX_PERIODS 32               /* cover periods per product (and Hajj periods) */
#define CATALOG_MAX_QUOTE_FIELDS 16          /* quote fields per product */
#define CATALOG_MAX_CHOICES 32               /* choices of one field */
#define CATALOG_MAX_FACTS 64                 /* addtnlFact fields at one level */
#define CATALOG_MAX_FACT_DEPTH 4             /* nesting of addtnlFact arrays and objects */
#define CATALOG_MAX_ZONES 16                 /* travel zones */
#define CATALOG_MAX_COUNTRIES 256            /* countries of one zone */
#define CATALOG_MAX_BANDS 16                 /* age bands */
#define CATALOG_MAX_NAIRA 1000000000000000LL /* 10^15: largest amount anywhere, quotes too */
#define CATALOG_PPM 1000000                  /* parts per million: 100 % or a factor of 1 */

/* A cover period code such as "7d", "6m" or "1y": count units of d, w, m or y. */
struct period {
    const char *code;
    unsigned count; /* 1 to 9999 */
    char unit;      /* 'd' day, 'w' week, 'm' month, 'y' year */
};

/* What a quote field holds. */
enum quote_type {
    QF_PERIOD,  /* a cover period code, one of the product's periods (insrncDrtn) */
    QF_MONEY,   /* Naira with up to two decimals (kobo) */
    QF_INTEGER, /* a whole number */
    QF_CHOICE,  /* one of a fixed list of words */
    QF_STRING,  /* free text (a travel destination) */
    QF_BOOLEAN, /* true or false */
    QF_TYPE_COUNT
};

/* One field of the SR10 quote seed; a product lists them in validation order. */
struct quote_field {
    const char *name;
    const char **legacy; /* other names accepted for it, e.g. "drtn" */
    size_t legacy_count;
    enum quote_type type;
    bool required;
    bool has_min, has_max; /* QF_MONEY (whole Naira) and QF_INTEGER only */
    int64_t min, max;
    const char **choices; /* QF_CHOICE only, in catalog order */
    size_t choice_count;
    int def; /* QF_CHOICE: index of the choice used when absent, or -1 */
};

/* The premium-rule kinds of PRODUCTS.md. */
enum rule_kind { RULE_TABLE, RULE_PERCENT, RULE_LOAN, RULE_TRAVEL, RULE_KIND_COUNT };

/* A fixed premium per cover period, optionally per plan. */
struct rule_table {
    int plan_field; /* index of the QF_CHOICE field prices depend on, or -1 */
    int64_t *naira; /* [period * plans + plan]; plans = 1 when plan_field is -1 */
};

/* rate_ppm of a money field, per cover period, at least min_premium. */
struct rule_percent {
    int value_field;     /* index of the QF_MONEY field */
    int64_t *rate_ppm;   /* per period index; one entry when single_rate */
    bool single_rate;    /* one rate for all periods ("rate"); always without periods */
    int64_t min_premium; /* whole Naira; 0 = none */
};

/* amount x rate_num / rate_den (a year) x tenure / 12. */
struct rule_loan {
    int amount_field; /* QF_MONEY */
    int tenure_field; /* QF_INTEGER, months */
    int64_t rate_num, rate_den;
};

/* A travel zone: its countries and prices [period * plans + plan], whole Naira. */
struct travel_zone {
    const char *name;
    const char **countries;
    size_t country_count;
    int64_t *naira;
};

/*
 * Ages min to max (inclusive). In the age table factor_ppm multiplies the zone price;
 * in the Hajj table naira holds the price per Hajj period. when_absent marks the band
 * used when the quote gives no age.
 */
struct age_band {
    int64_t min, max;
    int64_t factor_ppm;
    int64_t *naira;
    bool when_absent;
};

/* Zone x plan x period prices times an age factor; Hajj has its own table by age band. */
struct rule_travel {
    int destination_field; /* QF_STRING, a country name */
    int plan_field;        /* QF_CHOICE */
    int age_field;         /* QF_INTEGER with min and max */
    int hajj_field;        /* QF_BOOLEAN, or -1 when there is no Hajj table */
    struct travel_zone *zones;
    size_t zone_count;
    struct age_band *ages; /* ascending, contiguous, covering the age field's bounds */
    size_t age_count;
    const char *hajj_country; /* NULL when there is no Hajj table */
    struct period *hajj_periods;
    size_t hajj_period_count;
    struct age_band *hajj_bands; /* ascending, contiguous, covering the age field's bounds */
    size_t hajj_band_count;
};

/* A product's premium rule: kind selects the member. */
struct premium_rule {
    enum rule_kind kind;
    union {
        struct rule_table table;
        struct rule_percent percent;
        struct rule_loan loan;
        struct rule_travel travel;
    };
};

/* A path of the stored consumer profile the product needs at issuance (SR15). */
struct consumer_req {
    const char *path;      /* e.g. "dob.date", "addrss.addrss", "socialID" */
    bool individuals_only; /* only when the consumer is an individual */
};

/* Types of addtnlFact values. */
enum fact_type {
    FACT_STRING,
    FACT_NUMBER,
    FACT_INTEGER,
    FACT_BOOLEAN,
    FACT_DATE,     /* "YYYY-MM-DD" */
    FACT_DATETIME, /* "YYYY-MM-DD HH:MM:SS" */
    FACT_ARRAY,
    FACT_OBJECT,
    FACT_TYPE_COUNT
};

/* The fixed set of named checks of an addtnlFact string. */
enum fact_check {
    CHECK_NONE,
    CHECK_IMEI,           /* 15 digits passing the Luhn check */
    CHECK_VIN,            /* 17 characters, letters and digits without I, O, Q */
    CHECK_PLATE,          /* Nigerian plate, e.g. ABC-123DE, hyphen optional */
    CHECK_NIGERIAN_STATE, /* one of the 36 states or the FCT */
    CHECK_LOWER_ALNUM,    /* lowercase letters and digits */
    CHECK_COUNT
};

/* Which consumers a fact applies to. */
enum fact_who { WHO_ALL, WHO_INDIVIDUALS, WHO_ORGANISATIONS };

/* A value of a choice fact that is recognised but declined, with the reason. */
struct fact_declined {
    const char *value;
    const char *reason;
};

/*
 * One addtnlFact field (or, with name NULL, the schema of an array's items). Only the
 * members that apply to its type are set; the loader refuses the others. Names of other
 * fields (after, months_after) are siblings at the same level; same_as_quote, when_field
 * and months_after may name quote fields.
 */
struct fact_field {
    const char *name;
    enum fact_type type;
    bool required;           /* else optional */
    enum fact_who who;       /* required only for these consumers */
    const char *when_field;  /* required only when this quote field ... */
    const char *when_equals; /* ... has this value; both NULL = always */
    enum fact_check check;   /* FACT_STRING */
    bool has_min, has_max;   /* number or integer value, string length, array items */
    int64_t min, max;
    int64_t max_years_ahead; /* FACT_INTEGER years: at most this year + it; -1 = none */
    const char **choices;    /* FACT_STRING */
    size_t choice_count;
    struct fact_declined *declined;
    size_t declined_count;
    struct fact_field *items;  /* FACT_ARRAY */
    struct fact_field *fields; /* FACT_OBJECT */
    size_t field_count;
    const char *same_as_quote; /* must equal this quote field's value, or NULL */
    const char *after;         /* FACT_DATE/DATETIME: later than this sibling, or NULL */
    int64_t max_days_after;    /* at most this many days after `after`; 0 = no limit */
    const char *months_after;  /* about this many months (a field's value) after `after` */
    int64_t tolerance_months;  /* ... within this many months */
    bool not_past;             /* FACT_DATE/DATETIME: not before today */
};

enum underwriting { UW_AUTO, UW_REFER };

/* One product of the catalog. Arrays hold their *_count entries. */
struct product {
    const char *code; /* ctgry-type-pckg */
    const char *name;
    const char *category;
    const char *insurer; /* NULL when not known */
    const char **aliases;
    size_t alias_count;
    struct period *periods; /* cover periods in catalog order; none = the trip or the loan */
    size_t period_count;
    struct quote_field *fields; /* quote fields in validation order */
    size_t field_count;
    int period_field; /* index of the QF_PERIOD field, or -1 when period_count is 0 */
    struct premium_rule rule;
    struct consumer_req *reqs;
    size_t req_count;
    struct fact_field *facts; /* addtnlFact schema */
    size_t fact_count;
    enum underwriting underwriting;
};

/* A set of products; opaque, reference counted. */
struct catalog;

/*
 * Creates an empty catalog with a reference count of 1, for the loader to fill with
 * catalog_alloc and catalog_set_products. The caller releases it with catalog_unref.
 * Allocation failure aborts (server rule).
 */
struct catalog *catalog_new(void);

/*
 * Returns size zeroed bytes, aligned for any type, that live as long as the catalog
 * (freed by its last catalog_unref, never one by one). For the loader.
 */
void *catalog_alloc(struct catalog *cat, size_t size);

/* Copies len bytes of s and a NUL into the catalog's memory (see catalog_alloc). */
char *catalog_strdup(struct catalog *cat, const char *s, size_t len);

/*
 * Installs the products (count entries allocated with catalog_alloc, complete and
 * checked by the loader) before the catalog is shared. Called once.
 */
void catalog_set_products(struct catalog *cat, struct product *products, size_t count);

/* Number of products (aliases not counted). */
size_t catalog_count(const struct catalog *cat);

/* The i-th product in catalog order, i < catalog_count; borrowed from the catalog. */
const struct product *catalog_product_at(const struct catalog *cat, size_t i);

/*
 * Finds the product whose code or one of whose aliases equals code (code_len bytes, not
 * necessarily NUL-terminated; exact, case-sensitive). An alias gives the real product.
 * Returns NULL when unknown. Borrowed from the catalog.
 */
const struct product *catalog_find(const struct catalog *cat, const char *code, size_t code_len);

/* True when p is one of cat's products (not a product of another catalog). */
bool catalog_owns(const struct catalog *cat, const struct product *p);

/* Takes another reference (thread-safe); returns cat. */
struct catalog *catalog_ref(struct catalog *cat);

/* Drops a reference (thread-safe); the last one frees the catalog. NULL is ignored. */
void catalog_unref(struct catalog *cat);

/*
 * Parses a cover period code: 1 to 4 digits without a leading zero, then d, w, m or y.
 * Returns false when s (s_len bytes) is not one.
 */
bool catalog_period_parse(const char *s, size_t s_len, unsigned *count, char *unit);

/* Index of the period whose code equals s (s_len bytes) in list, or -1. */
int catalog_period_index(const struct period *list, size_t n, const char *s, size_t s_len);

/* The catalog file's word for each enum value ("money", "percent", "imei", ...). */
const char *catalog_quote_type_name(enum quote_type t);
const char *catalog_rule_kind_name(enum rule_kind k);
const char *catalog_fact_type_name(enum fact_type t);
const char *catalog_check_name(enum fact_check c);
const char *catalog_underwriting_name(enum underwriting u);

/*
 * True when path (path_len bytes) is a consumer profile path a product may require:
 * name.first, name.last, name.middle, name.maiden, dob.date, dob.proof, gender, phoneNo,
 * eMail, addrss.addrss, addrss.proof, ntnlty, stateOfOrigin, mrtlStatus, socialID, taxId.
 */
bool catalog_profile_path_known(const char *path, size_t path_len);

/* The list above as one comma-separated string, for error texts. */
const char *catalog_profile_paths(void);

#endif
