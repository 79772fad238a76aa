/*
 * pricing.h - the SR10 premium of a product (PROTOCOL.md section 6, PRODUCTS.md).
 *
 * Pure: no I/O, no JSON library. The API layer owns the request's JSON and hands the
 * seed's values over through a lookup callback; pricing_quote checks the product's
 * quote fields in catalog order (the first invalid one is named, with the name the
 * client used) and applies the product's premium rule in integer kobo. SR15 calls it
 * again at issuance with the same seed.
 */
#ifndef AIMS_PRICING_H
#define AIMS_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

/* How a seed value arrived. */
enum qv_kind {
    QV_ABSENT, /* not sent (or JSON null) */
    QV_NUMBER, /* a JSON number: num */
    QV_STRING, /* a JSON string: s and len (borrowed, not NUL-terminated) */
    QV_BOOL,   /* true or false: b */
    QV_OTHER   /* an array or object */
};

/* One seed value, filled by quote_input.get. */
struct quote_value {
    enum qv_kind kind;
    const char *s;
    size_t len;
    double num;
    bool b;
};

/*
 * The seed. get(arg, name, out) fills *out with the seed member called name (out arrives
 * zeroed with kind QV_ABSENT). It is asked for a field's name, then for each legacy name
 * in turn until one is present. Strings must stay valid until pricing_quote returns.
 */
struct quote_input {
    void (*get)(void *arg, const char *name, struct quote_value *out);
    void *arg;
};

/* Why a quote failed: v4 is 400 or 406 (the reply's id_v4; id is 55), text the elbrtn. */
struct pricing_error {
    int v4;
    char text[256];
};

/*
 * Prices product p of catalog cat for the seed in.
 *
 * Numeric fields accept JSON numbers and strings of digits (money: with an optional
 * fraction of one or two decimals); a JSON number is rounded to the kobo. Arithmetic is
 * exact, in int64 kobo with overflow checks; the premium is rounded to the nearest
 * whole Naira, halves up, so *premium_kobo % 100 == 0.
 *
 * Travel: travelerAge is optional (absent = the band the catalog marks whenAbsent: the
 * 0-69 factor, and for Hajj the 19-75 band); planType defaults to individual; a family
 * plan with isHajj true is priced at the individual Hajj price of the traveller's age
 * band, because the Hajj table has no family prices.
 *
 * Returns 0 and sets *premium_kobo, or -1 and fills *err (when err is not NULL) with the
 * wire text, e.g. "Data cmmnd.seed.insrncDrtn must be one of 6m, 1y" (406). p NULL
 * (catalog_find found nothing) answers 400 "Product specified not supported". p must be
 * one of cat's products (asserted).
 */
int pricing_quote(const struct catalog *cat, const struct product *p, const struct quote_input *in,
                  int64_t *premium_kobo, struct pricing_error *err);

#endif
