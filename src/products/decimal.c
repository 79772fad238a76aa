/*
 * decimal.c - amounts into hundredths; see decimal.h. Every cap is checked before the
 * value can overflow: digits stop accumulating past CATALOG_MAX_NAIRA (10^15), and a
 * double is compared with the cap before it is scaled, so x * 100 stays below 2^63.
 */
#include "decimal.h"

#include <math.h>

#include "catalog.h"

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

enum num decimal_text(const char *s, size_t len, int64_t *whole, const char **frac,
                      size_t *frac_len)
{
    size_t i = 0, start;
    int64_t w = 0;
    bool big = false;

    if (len == 0 || !is_digit(s[0]))
        return NUM_NAN;
    for (; i < len && is_digit(s[i]); i++) {
        /* Stop accumulating once past the cap; the rest must still be digits. */
        if (!big) {
            w = w * 10 + (s[i] - '0');
            big = w > CATALOG_MAX_NAIRA;
        }
    }
    *frac = NULL;
    *frac_len = 0;
    if (i < len) {
        if (s[i] != '.')
            return NUM_NAN;
        start = ++i;
        while (i < len && is_digit(s[i]))
            i++;
        if (i == start || i < len)
            return NUM_NAN;
        *frac = s + start;
        *frac_len = i - start;
    }
    if (big)
        return NUM_TOO_BIG;
    *whole = w;
    return NUM_OK;
}

int64_t decimal_hundredths(const char *frac, size_t frac_len, bool round_third)
{
    int64_t f = 0;

    for (size_t i = 0; i < 2; i++)
        f = f * 10 + (i < frac_len ? frac[i] - '0' : 0);
    if (round_third && frac_len > 2 && frac[2] >= '5')
        f++;
    return f;
}

bool decimal_fraction_zero(const char *frac, size_t frac_len)
{
    for (size_t i = 0; i < frac_len; i++)
        if (frac[i] != '0')
            return false;
    return true;
}

enum num decimal_number(double x, int64_t *hundredths, bool *whole)
{
    int64_t n;

    if (!isfinite(x))
        return NUM_NAN;
    if (x < 0)
        return NUM_NEGATIVE;
    if (x > (double)CATALOG_MAX_NAIRA)
        return NUM_TOO_BIG;
    if (whole)
        *whole = (double)(int64_t)x == x;
    x *= 100.0;
    n = (int64_t)x;
    if (x - (double)n >= 0.5)
        n++;
    *hundredths = n;
    return NUM_OK;
}
