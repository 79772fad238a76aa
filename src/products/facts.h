/*
 * facts.h - what a product needs at issuance (SR15, PRODUCTS.md "What each product needs
 * at issuance"): the cmmnd.seed.addtnlFact rules of the product's schema and the
 * consumer record requirements, checked against the catalog (catalog.h).
 *
 * Pure: no I/O and no JSON library. The API layer owns the request's JSON and the stored
 * profile and lends them through struct fact_value_ops, a read-only view of a JSON-like
 * tree. Error texts are part of the wire contract (PROTOCOL.md section 6): the API
 * answers them as 55/406.
 */
#ifndef AIMS_FACTS_H
#define AIMS_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/timeutil.h"
#include "catalog.h"

/* What one value of the caller's tree is. An absent value is a NULL pointer. */
enum fv_kind { FV_NULL, FV_STRING, FV_NUMBER, FV_BOOL, FV_ARRAY, FV_OBJECT };

/*
 * Read-only access to the caller's tree. A value is an opaque, non-NULL pointer that
 * stays valid until the check returns. kind is called first; every other function is
 * called only for a value of the kind it names:
 *   string     FV_STRING: its bytes (valid UTF-8, not necessarily NUL-terminated) and
 *              their count in *len; borrowed, valid as long as the value
 *   number     FV_NUMBER: its value (JSON integers and reals alike)
 *   boolean    FV_BOOL
 *   array_size FV_ARRAY: the number of items
 *   array_at   FV_ARRAY: item i, i < array_size; never NULL
 *   member     FV_OBJECT: the member called key (NUL-terminated), or NULL when absent
 */
struct fact_value_ops {
    enum fv_kind (*kind)(const void *v);
    const char *(*string)(const void *v, size_t *len);
    double (*number)(const void *v);
    bool (*boolean)(const void *v);
    size_t (*array_size)(const void *v);
    const void *(*array_at)(const void *v, size_t i);
    const void *(*member)(const void *v, const char *key);
};

/* Consumer classes as the store keeps them (store.h: cls). */
#define FACTS_INDIVIDUAL 0
#define FACTS_ORGANISATION 1

/*
 * Checks addtnl_fact (the value of cmmnd.seed.addtnlFact; NULL or JSON null when
 * absent) against the addtnlFact schema of product p, for a consumer of class
 * consumer_class (FACTS_INDIVIDUAL or FACTS_ORGANISATION) on the day today (UTC).
 *
 * seed is the whole cmmnd.seed (NULL = none): the quote fields named by same_as_quote,
 * when_field and months_after are read from it under their name or a legacy name, an
 * absent choice field as its default, an absent boolean as false. Call it after
 * pricing_quote has accepted the same seed.
 *
 * Rules, field by field in schema order (the first invalid field is named; unknown keys
 * are ignored):
 * - A field whose onlyFor or onlyWhen does not hold is ignored, even when present.
 *   Absent, JSON null or, for a string field, a blank string: "is required" when
 *   required ("is required for organisation consumers", "... for individual consumers",
 *   "is required when cmmnd.seed.<f> is <v>" for conditional ones), else skipped.
 * - Types: string, boolean, array, object by JSON kind. number and integer: a JSON
 *   number or a string of digits with an optional '.' and fraction (legacy clients), at
 *   least min (0 when none) and at most max; integer without a fraction. date
 *   "YYYY-MM-DD" and datetime "YYYY-MM-DD HH:MM:SS" (no zone, 00:00:00 to 23:59:59),
 *   real calendar days.
 * - Named checks of strings: imei 15 digits passing Luhn; vin 17 of A-Z 0-9 without
 *   I, O, Q (upper case only); plate ^[A-Za-z]{3}-?[0-9]{3}[A-Za-z]{2}$ (current Nigerian
 *   plates, e.g. ABC-123DE or abc123de); nigerian-state one of the 36 states, "FCT",
 *   "Federal Capital Territory" or "Abuja", ignoring ASCII case; lower-alnum a-z 0-9.
 * - String min/max count characters (code points); array min/max count items;
 *   max_years_ahead caps an integer at today's year plus it.
 * - choices (exact), then declined: "<value> is declined: <the catalog's reason>".
 * - same_as_quote: money and integer quote fields compare numerically (to the kobo),
 *   string quote fields ignoring ASCII case and outer white space, choices and periods
 *   exactly; "must equal cmmnd.seed.<the name the client used>".
 * - after: strictly later than the sibling; max_days_after, months_after (the sibling
 *   field's value, else the quote field's) with tolerance_months; each skipped when
 *   the sibling or the month count is absent or invalid (its own check names it).
 *   not_past: a date, or a datetime's day, not before today.
 *
 * Returns 0, or -1 with the elbrtn in err (err_len bytes, always NUL-terminated when
 * err_len > 0; err may be NULL), e.g. "Data cmmnd.seed.addtnlFact is required",
 * "Data cmmnd.seed.addtnlFact must be an object",
 * "Data cmmnd.seed.addtnlFact.imei[0] fails the IMEI check digit",
 * "Data cmmnd.seed.addtnlFact.passengers[2].dob must be a date in the form YYYY-MM-DD".
 * p and ops must not be NULL (asserted).
 */
int facts_check(const struct product *p, const struct fact_value_ops *ops, const void *addtnl_fact,
                const void *seed, int consumer_class, struct date today, char *err, size_t err_len);

/*
 * Checks that the stored consumer profile (profile, NULL = none) holds what product p
 * requires (p->reqs in order; individuals_only ones are skipped for organisations). A
 * dotted path such as dob.date is a member of a member. A value is missing when absent,
 * JSON null or a blank string; socialID (also spelled socialId) is missing unless it is
 * an object with non-blank type and id strings.
 *
 * Returns 0, or -1 with "Consumer record lacks <path>, which <p->code> requires" in err
 * (as facts_check) for the first missing one. p and ops must not be NULL (asserted).
 */
int facts_consumer_check(const struct product *p, const struct fact_value_ops *ops,
                         const void *profile, int consumer_class, char *err, size_t err_len);

#endif
