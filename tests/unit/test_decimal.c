/*
 * test_decimal.c - the one amount reader of quotes and addtnlFact (src/products/decimal.h):
 * decimal text with its caps and refusals, the fraction in hundredths with and without
 * rounding at the third digit, all-zero fractions, and JSON numbers rounded half up.
 *
 * Run one test by name: build/tests/test_decimal text_rows
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/products/decimal.h"

struct text_row {
    const char *s;
    enum num st;
    int64_t whole;
    const char *frac; /* the fraction digits expected, "" for none */
    int64_t kept;     /* hundredths without rounding */
    int64_t rounded;  /* hundredths rounded at the third digit */
    bool zero;        /* fraction all zeros */
};

static const struct text_row text_rows_table[] = {
    /* s                      st           whole  frac      kept rounded zero */
    {"0", NUM_OK, 0, "", 0, 0, true},
    {"12", NUM_OK, 12, "", 0, 0, true},
    {"12.5", NUM_OK, 12, "5", 50, 50, false},
    {"12.50", NUM_OK, 12, "50", 50, 50, false},
    {"12.00", NUM_OK, 12, "00", 0, 0, true},
    {"12.004", NUM_OK, 12, "004", 0, 0, false},
    {"12.005", NUM_OK, 12, "005", 0, 1, false},
    {"12.999", NUM_OK, 12, "999", 99, 100, false},
    {"007", NUM_OK, 7, "", 0, 0, true},
    {"1000000000000000", NUM_OK, 1000000000000000, "", 0, 0, true},
    {"1000000000000001", NUM_TOO_BIG, 0, "", 0, 0, true},
    {"99999999999999999999999999", NUM_TOO_BIG, 0, "", 0, 0, true},
    {"", NUM_NAN, 0, "", 0, 0, true},
    {".5", NUM_NAN, 0, "", 0, 0, true},
    {"5.", NUM_NAN, 0, "", 0, 0, true},
    {"-5", NUM_NAN, 0, "", 0, 0, true},
    {"+5", NUM_NAN, 0, "", 0, 0, true},
    {"1e3", NUM_NAN, 0, "", 0, 0, true},
    {"1 000", NUM_NAN, 0, "", 0, 0, true},
    {"1,000", NUM_NAN, 0, "", 0, 0, true},
    {"1.2.3", NUM_NAN, 0, "", 0, 0, true},
    {" 1", NUM_NAN, 0, "", 0, 0, true},
    {"99999999999999999999.x", NUM_NAN, 0, "", 0, 0, true},
};

static void text_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof text_rows_table / sizeof text_rows_table[0]; i++) {
        const struct text_row *r = &text_rows_table[i];
        int64_t whole = -1;
        const char *frac = NULL;
        size_t frac_len = 99;
        enum num st = decimal_text(r->s, strlen(r->s), &whole, &frac, &frac_len);

        print_message("row %zu: \"%s\"\n", i, r->s);
        assert_int_equal(st, r->st);
        if (st != NUM_OK)
            continue;
        assert_int_equal(whole, r->whole);
        assert_int_equal(frac_len, strlen(r->frac));
        if (frac_len)
            assert_memory_equal(frac, r->frac, frac_len);
        assert_int_equal(decimal_hundredths(frac, frac_len, false), r->kept);
        assert_int_equal(decimal_hundredths(frac, frac_len, true), r->rounded);
        assert_int_equal(decimal_fraction_zero(frac, frac_len), r->zero);
    }
}

static void text_is_not_read_past_len(void **state)
{
    int64_t whole = 0;
    const char *frac;
    size_t frac_len;

    (void)state;
    assert_int_equal(decimal_text("12.34xyz", 5, &whole, &frac, &frac_len), NUM_OK);
    assert_int_equal(whole, 12);
    assert_int_equal(frac_len, 2);
    assert_int_equal(decimal_text("12.34xyz", 3, &whole, &frac, &frac_len), NUM_NAN);
}

struct number_row {
    double x;
    enum num st;
    int64_t hundredths;
    bool whole;
};

static const struct number_row number_rows_table[] = {
    {0, NUM_OK, 0, true},
    {1, NUM_OK, 100, true},
    {12.5, NUM_OK, 1250, false},
    {0.125, NUM_OK, 13, false}, /* half up at the third digit */
    {0.124, NUM_OK, 12, false},
    {2000000, NUM_OK, 200000000, true},
    {1e15, NUM_OK, 100000000000000000, true},
    {1e15 + 2, NUM_TOO_BIG, 0, false},
    {1e300, NUM_TOO_BIG, 0, false},
    {-0.01, NUM_NEGATIVE, 0, false},
    {-1e300, NUM_NEGATIVE, 0, false},
};

static void number_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof number_rows_table / sizeof number_rows_table[0]; i++) {
        const struct number_row *r = &number_rows_table[i];
        int64_t h = -1;
        bool whole = !r->whole;

        print_message("row %zu: %g\n", i, r->x);
        assert_int_equal(decimal_number(r->x, &h, &whole), r->st);
        if (r->st != NUM_OK)
            continue;
        assert_int_equal(h, r->hundredths);
        assert_int_equal(whole, r->whole);
    }
    /* Not finite, and whole may be NULL. */
    {
        int64_t h;
        volatile double zero = 0.0;
        assert_int_equal(decimal_number(zero / zero, &h, NULL), NUM_NAN);
        assert_int_equal(decimal_number(1.0 / zero, &h, NULL), NUM_NAN);
        assert_int_equal(decimal_number(3.5, &h, NULL), NUM_OK);
        assert_int_equal(h, 350);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_rows),
        cmocka_unit_test(text_is_not_read_past_len),
        cmocka_unit_test(number_rows),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("decimal", tests, NULL, NULL);
}
