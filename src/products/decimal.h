/*
 * decimal.h - the one reader of amounts for quotes (pricing.c) and addtnlFact
 * (facts.c): decimal text and JSON numbers into int64 hundredths (kobo for money), with
 * the caps of catalog.h. What a caller accepts beyond that (how many fraction digits,
 * whether a fraction is allowed at all) is its own rule, decided on what this returns.
 * Pure: no allocation, no state.
 */
#ifndef AIMS_DECIMAL_H
#define AIMS_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Outcome of reading a number. */
enum num { NUM_OK, NUM_NAN, NUM_NEGATIVE, NUM_TOO_BIG, NUM_FRACTION };

/*
 * Reads len bytes of s as digits with an optional '.' and at least one fraction digit
 * (no sign, no exponent, no spaces). *whole gets the whole part; *frac and *frac_len the
 * fraction's digits (frac_len 0 without a '.'). NUM_TOO_BIG past CATALOG_MAX_NAIRA,
 * NUM_NAN for anything that is not such text.
 */
enum num decimal_text(const char *s, size_t len, int64_t *whole, const char **frac,
                      size_t *frac_len);

/*
 * The first two fraction digits (frac_len may be 0, 1 or more) in hundredths, plus one
 * when round_third and the third digit is 5 or more.
 */
int64_t decimal_hundredths(const char *frac, size_t frac_len, bool round_third);

/* True when the frac_len fraction digits are all zeros (or there are none). */
bool decimal_fraction_zero(const char *frac, size_t frac_len);

/*
 * A JSON number x in hundredths, rounded half up. NUM_NAN when not finite, NUM_NEGATIVE
 * below zero, NUM_TOO_BIG past CATALOG_MAX_NAIRA; *whole (may be NULL) says x has no
 * fraction.
 */
enum num decimal_number(double x, int64_t *hundredths, bool *whole);

#endif
