/*
 * test_pricing.c - tests of pricing_quote (src/products/pricing.h) against the shipped
 * catalog/products.json: every product x cover period x plan, every travel zone x plan x
 * duration at each age factor, every country, every Hajj cell, rounding, loan bounds,
 * numbers as strings and as JSON numbers, legacy names, aliases and every error text of
 * PROTOCOL.md section 6 and PRODUCTS.md.
 *
 * Expected premiums are worked out by hand from PRODUCTS.md and written literally (whole
 * Naira); nothing here is computed by the code under test. Run from the repository root;
 * one table can be run by name: build/tests/test_pricing travel_age_70
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/json/catalog_load.h"
#include "../../src/products/pricing.h"

#define CATALOG_FILE "catalog/products.json"
#define MAX_KV 6

/* One seed member as the API layer would hand it over. */
struct kv {
    const char *name;
    enum qv_kind kind;
    const char *s;
    double num;
    bool b;
};

#define S(NAME, V)                                                                                 \
    {                                                                                              \
        NAME, QV_STRING, V, 0, false                                                               \
    }
#define N(NAME, V)                                                                                 \
    {                                                                                              \
        NAME, QV_NUMBER, NULL, V, false                                                            \
    }
#define B(NAME, V)                                                                                 \
    {                                                                                              \
        NAME, QV_BOOL, NULL, 0, V                                                                  \
    }
#define O(NAME)                                                                                    \
    {                                                                                              \
        NAME, QV_OTHER, NULL, 0, false                                                             \
    }

/* A quote: product code, seed, and the premium in Naira or the complete error. */
struct row {
    const char *desc;
    const char *code;
    struct kv kv[MAX_KV];
    int64_t naira;
    int v4;          /* 0 = success */
    const char *err; /* complete expected text */
};

#define OK(DESC, CODE, NAIRA, ...)                                                                 \
    {                                                                                              \
        DESC, CODE, {__VA_ARGS__}, NAIRA, 0, NULL                                                  \
    }
#define BAD(DESC, CODE, ERR, ...)                                                                  \
    {                                                                                              \
        DESC, CODE, {__VA_ARGS__}, 0, 406, ERR                                                     \
    }
#define TR(DESC, NAIRA, ...) OK(DESC, "ltix-stnd-1111", NAIRA, __VA_ARGS__)
#define TRBAD(DESC, ERR, ...) BAD(DESC, "ltix-stnd-1111", ERR, __VA_ARGS__)
#define P "Data cmmnd.seed."

static struct catalog *cat;

/* The seed lookup: also records the names asked for, in order. */
struct seed {
    const struct kv *kv;
    char asked[256];
};

static void get(void *arg, const char *name, struct quote_value *out)
{
    struct seed *sd = arg;
    size_t n = strlen(sd->asked);

    snprintf(sd->asked + n, sizeof sd->asked - n, "%s%s", n > 0 ? " " : "", name);
    for (size_t i = 0; i < MAX_KV && sd->kv[i].name != NULL; i++) {
        if (strcmp(sd->kv[i].name, name) != 0)
            continue;
        out->kind = sd->kv[i].kind;
        out->s = sd->kv[i].s;
        out->len = sd->kv[i].s != NULL ? strlen(sd->kv[i].s) : 0;
        out->num = sd->kv[i].num;
        out->b = sd->kv[i].b;
        return;
    }
}

/* Quotes one seed; returns pricing_quote's result. */
static int quote(const struct catalog *c, const char *code, const struct kv *kv, int64_t *kobo,
                 struct pricing_error *err, struct seed *sd)
{
    struct quote_input in = {get, sd};

    memset(sd, 0, sizeof *sd);
    sd->kv = kv;
    memset(err, 0, sizeof *err);
    *kobo = -1;
    return pricing_quote(c, catalog_find(c, code, strlen(code)), &in, kobo, err);
}

static void run_rows_in(const struct catalog *c, const struct row *rows, size_t n)
{
    int failures = 0;

    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        struct pricing_error err;
        struct seed sd;
        int64_t kobo;
        int rc = quote(c, r->code, r->kv, &kobo, &err, &sd);

        if (r->err == NULL) {
            if (rc != 0 || kobo != r->naira * 100 || kobo % 100 != 0) {
                print_error("%s (%s): expected %lld Naira, got rc %d, %lld kobo, \"%s\"\n", r->desc,
                            r->code, (long long)r->naira, rc, (long long)kobo, err.text);
                failures++;
            }
        } else if (rc != -1 || err.v4 != r->v4 || strcmp(err.text, r->err) != 0) {
            print_error("%s (%s): expected %d \"%s\", got rc %d, %d \"%s\"\n", r->desc, r->code,
                        r->v4, r->err, rc, err.v4, err.text);
            failures++;
        }
    }
    if (failures > 0)
        fail_msg("%d of %zu rows failed", failures, n);
}

#define RUN(ROWS) run_rows_in(cat, ROWS, sizeof ROWS / sizeof ROWS[0])

static int setup(void **state)
{
    char err[512];

    (void)state;
    cat = catalog_load_file(CATALOG_FILE, err, sizeof err);
    if (cat == NULL) {
        print_error("%s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    catalog_unref(cat);
    return 0;
}

/* Fixed prices: every product x cover period (x plan); PRODUCTS.md table, house 6m = 55 %. */
static const struct row table_rows[] = {
    OK("health 1m", "hlth-axam-1111", 1250, S("insrncDrtn", "1m")),
    OK("health 3m", "hlth-axam-1111", 3750, S("insrncDrtn", "3m")),
    OK("health 6m", "hlth-axam-1111", 7500, S("insrncDrtn", "6m")),
    OK("health 1y", "hlth-axam-1111", 15000, S("insrncDrtn", "1y")),
    OK("phone basic 6m", "phnn-flx1-1111", 3960, S("insrncDrtn", "6m")),
    OK("phone basic 1y", "phnn-flx1-1111", 7200, S("insrncDrtn", "1y")),
    OK("phone comprehensive 6m", "phnn-flx2-1111", 11880, S("insrncDrtn", "6m")),
    OK("phone comprehensive 1y", "phnn-flx2-1111", 21600, S("insrncDrtn", "1y")),
    OK("phone premium 6m", "phnn-flx3-1111", 26400, S("insrncDrtn", "6m")),
    OK("phone premium 1y", "phnn-flx3-1111", 48000, S("insrncDrtn", "1y")),
    OK("laptop basic 6m", "lapt-flx1-1111", 26400, S("insrncDrtn", "6m")),
    OK("laptop basic 1y", "lapt-flx1-1111", 48000, S("insrncDrtn", "1y")),
    OK("laptop comprehensive 6m", "lapt-flx2-1111", 39600, S("insrncDrtn", "6m")),
    OK("laptop comprehensive 1y", "lapt-flx2-1111", 72000, S("insrncDrtn", "1y")),
    OK("motor third party 1y", "vhcl-tprt-1111", 15000, S("insrncDrtn", "1y")),
    OK("driver pass pdc", "dpss-stnd-1111", 5000, S("plan", "pdc"), S("insrncDrtn", "1y")),
    OK("driver pass bdc", "dpss-stnd-1111", 7500, S("plan", "bdc"), S("insrncDrtn", "1y")),
    OK("driver pass kdc", "dpss-stnd-1111", 10000, S("plan", "kdc"), S("insrncDrtn", "1y")),
    OK("driver pass cdc", "dpss-stnd-1111", 12500, S("plan", "cdc"), S("insrncDrtn", "1y")),
    /* Legacy name drtn, aliases of older documentation. */
    OK("health drtn 3m", "hlth-axam-1111", 3750, S("drtn", "3m")),
    OK("phone drtn 6m", "phnn-flx2-1111", 11880, S("drtn", "6m")),
    OK("driver pass drtn", "dpss-stnd-1111", 7500, S("plan", "bdc"), S("drtn", "1y")),
    OK("alias lptp-flx1 6m", "lptp-flx1-1111", 26400, S("insrncDrtn", "6m")),
    OK("alias lptp-flx1 1y", "lptp-flx1-1111", 48000, S("insrncDrtn", "1y")),
    OK("alias lptp-flx2 6m", "lptp-flx2-1111", 39600, S("drtn", "6m")),
    OK("alias lptp-flx2 1y", "lptp-flx2-1111", 72000, S("insrncDrtn", "1y")),
    /* insrncDrtn wins over drtn when both are sent. */
    OK("both names", "hlth-axam-1111", 1250, S("insrncDrtn", "1m"), S("drtn", "1y")),
    /* Seed members that are not quote fields are ignored. */
    OK("extra members", "vhcl-tprt-1111", 15000, S("insrncDrtn", "1y"), S("travelPlan", "x"),
       N("goodsValue", 5)),
};

/* Percentages: vehicle 5 % (house), goods in transit 0.6 %, marine per period. */
static const struct row percent_rows[] = {
    OK("motor 2,000,000", "vhcl-cmpr-1111", 100000, S("vhclValueForInsrnc", "2000000"),
       S("insrncDrtn", "1y")),
    OK("motor 2,000,000 number", "vhcl-cmpr-1111", 100000, N("vhclValueForInsrnc", 2000000),
       S("insrncDrtn", "1y")),
    OK("motor at the minimum", "vhcl-cmpr-1111", 25000, N("vhclValueForInsrnc", 500000),
       S("insrncDrtn", "1y")),
    OK("motor 12,500,000 string", "vhcl-cmpr-1111", 625000, S("vhclValueForInsrnc", "12500000"),
       S("drtn", "1y")),
    OK("motor 500,010 half up", "vhcl-cmpr-1111", 25001, N("vhclValueForInsrnc", 500010),
       S("insrncDrtn", "1y")),
    OK("motor 500,009.99 down", "vhcl-cmpr-1111", 25000, S("vhclValueForInsrnc", "500009.99"),
       S("insrncDrtn", "1y")),
    OK("motor 500,000.50", "vhcl-cmpr-1111", 25000, S("vhclValueForInsrnc", "500000.50"),
       S("insrncDrtn", "1y")),
    OK("motor 500,000.5 one decimal", "vhcl-cmpr-1111", 25000, S("vhclValueForInsrnc", "500000.5"),
       S("insrncDrtn", "1y")),
    OK("motor 750,000.5 number", "vhcl-cmpr-1111", 37500, N("vhclValueForInsrnc", 750000.5),
       S("insrncDrtn", "1y")),
    OK("motor leading zeros", "vhcl-cmpr-1111", 25000, S("vhclValueForInsrnc", "000500000"),
       S("insrncDrtn", "1y")),
    OK("goods 250,000", "gtrn-stnd-1111", 1500, N("goodsValue", 250000)),
    OK("goods 250,000 string", "gtrn-stnd-1111", 1500, S("goodsValue", "250000")),
    OK("goods insrncDrtn ignored", "gtrn-stnd-1111", 1500, N("goodsValue", 250000),
       S("insrncDrtn", "zz")),
    OK("goods 250 half up", "gtrn-stnd-1111", 2, N("goodsValue", 250)),
    OK("goods 1,250 half up", "gtrn-stnd-1111", 8, S("goodsValue", "1250")),
    OK("goods 249 down", "gtrn-stnd-1111", 1, N("goodsValue", 249)),
    OK("goods 1,083.33 number: 6.49998", "gtrn-stnd-1111", 6, N("goodsValue", 1083.33)),
    OK("goods 1,083.34 string: 6.50004", "gtrn-stnd-1111", 7, S("goodsValue", "1083.34")),
    OK("goods 0.29 number rounds to kobo", "gtrn-stnd-1111", 0, N("goodsValue", 0.29)),
    OK("goods zero", "gtrn-stnd-1111", 0, N("goodsValue", 0)),
    OK("goods 1,000,000,000", "gtrn-stnd-1111", 6000000, S("goodsValue", "1000000000")),
    OK("goods at the cap", "gtrn-stnd-1111", 6000000000000, S("goodsValue", "1000000000000000")),
    OK("export 1m", "mexx-stnd-1111", 25000, N("goodsValue", 5000000), S("insrncDrtn", "1m")),
    OK("export 3m", "mexx-stnd-1111", 37500, N("goodsValue", 5000000), S("insrncDrtn", "3m")),
    OK("export 6m", "mexx-stnd-1111", 50000, N("goodsValue", 5000000), S("insrncDrtn", "6m")),
    OK("export 1y", "mexx-stnd-1111", 75000, S("goodsValue", "5000000"), S("drtn", "1y")),
    OK("export 100 1y half up", "mexx-stnd-1111", 2, N("goodsValue", 100), S("insrncDrtn", "1y")),
    OK("import basic 1m", "mrnn-stnd-1111", 25000, N("goodsValue", 5000000), S("insrncDrtn", "1m")),
    OK("import basic 3m", "mrnn-stnd-1111", 37500, N("goodsValue", 5000000), S("insrncDrtn", "3m")),
    OK("import basic 6m", "mrnn-stnd-1111", 50000, N("goodsValue", 5000000), S("insrncDrtn", "6m")),
    OK("import basic 1y", "mrnn-stnd-1111", 75000, N("goodsValue", 5000000), S("insrncDrtn", "1y")),
    OK("alias mrnn-bscc 1m", "mrnn-bscc-1111", 25000, N("goodsValue", 5000000),
       S("insrncDrtn", "1m")),
    OK("alias mrnn-bscc 1y", "mrnn-bscc-1111", 75000, S("goodsValue", "5000000"),
       S("insrncDrtn", "1y")),
    OK("import comprehensive 1m", "mrnn-cmpr-1111", 37500, N("goodsValue", 5000000),
       S("insrncDrtn", "1m")),
    OK("import comprehensive 3m", "mrnn-cmpr-1111", 56250, N("goodsValue", 5000000),
       S("insrncDrtn", "3m")),
    OK("import comprehensive 6m", "mrnn-cmpr-1111", 75000, N("goodsValue", 5000000),
       S("insrncDrtn", "6m")),
    OK("import comprehensive 1y", "mrnn-cmpr-1111", 112500, N("goodsValue", 5000000),
       S("insrncDrtn", "1y")),
    /* 1.125 %: 1,000,000 -> 11,250; 400 -> 4.5 exactly -> 5; 44 -> 0.495 -> 0; 45 -> 1. */
    OK("import comprehensive 3m 1,000,000", "mrnn-cmpr-1111", 11250, N("goodsValue", 1000000),
       S("insrncDrtn", "3m")),
    OK("import comprehensive 3m 400 half up", "mrnn-cmpr-1111", 5, N("goodsValue", 400),
       S("insrncDrtn", "3m")),
    OK("import comprehensive 3m 44", "mrnn-cmpr-1111", 0, N("goodsValue", 44),
       S("insrncDrtn", "3m")),
    OK("import comprehensive 3m 45", "mrnn-cmpr-1111", 1, S("goodsValue", "45"),
       S("insrncDrtn", "3m")),
    OK("import comprehensive 3m 1,000,045", "mrnn-cmpr-1111", 11251, S("goodsValue", "1000045"),
       S("insrncDrtn", "3m")),
};

/* Loan guarantee: amount x 1/90 x months / 12 = amount x months / 1080. */
static const struct row loan_rows[] = {
    OK("450,000 over 12", "lrgg-stnd-1111", 5000, N("LoanAmount", 450000), N("LoanTenure", 12)),
    OK("450,000 over 12 strings", "lrgg-stnd-1111", 5000, S("LoanAmount", "450000"),
       S("LoanTenure", "12")),
    OK("legacy loanAmount", "lrgg-stnd-1111", 5000, N("loanAmount", 450000), N("LoanTenure", 12)),
    OK("legacy loanAmount string", "lrgg-stnd-1111", 5000, S("loanAmount", "450000"),
       S("LoanTenure", "12")),
    OK("alias loan-stnd", "loan-stnd-1111", 5000, S("loanAmount", "450000"), N("LoanTenure", 12)),
    OK("LoanAmount wins over loanAmount", "lrgg-stnd-1111", 5000, N("LoanAmount", 450000),
       N("loanAmount", 900000), N("LoanTenure", 12)),
    OK("450,000 over 6", "lrgg-stnd-1111", 2500, N("LoanAmount", 450000), N("LoanTenure", 6)),
    OK("900,000 over 24", "lrgg-stnd-1111", 20000, N("LoanAmount", 900000), N("LoanTenure", 24)),
    OK("minimum amount, 1 month: 9.26", "lrgg-stnd-1111", 9, N("LoanAmount", 10000),
       N("LoanTenure", 1)),
    OK("minimum amount, 60 months: 555.56", "lrgg-stnd-1111", 556, N("LoanAmount", 10000),
       N("LoanTenure", 60)),
    OK("maximum amount, 60 months: 5,555,555.56", "lrgg-stnd-1111", 5555556,
       N("LoanAmount", 100000000), N("LoanTenure", 60)),
    OK("10,260 over 1: 9.5 half up", "lrgg-stnd-1111", 10, N("LoanAmount", 10260),
       N("LoanTenure", 1)),
    OK("10,035 over 12: 111.5 half up", "lrgg-stnd-1111", 112, S("LoanAmount", "10035"),
       N("LoanTenure", 12)),
    OK("450,000.50 over 12: 5,000.0056", "lrgg-stnd-1111", 5000, S("LoanAmount", "450000.50"),
       N("LoanTenure", 12)),
    OK("tenure 12.0 number is whole", "lrgg-stnd-1111", 5000, N("LoanAmount", 450000),
       N("LoanTenure", 12.0)),
    OK("tenure \"12.00\" is whole", "lrgg-stnd-1111", 5000, N("LoanAmount", 450000),
       S("LoanTenure", "12.00")),
    BAD("amount under the minimum", "lrgg-stnd-1111", P "LoanAmount must be at least 10000",
        N("LoanAmount", 9999), N("LoanTenure", 12)),
    BAD("amount 9,999.99", "lrgg-stnd-1111", P "LoanAmount must be at least 10000",
        S("LoanAmount", "9999.99"), N("LoanTenure", 12)),
    BAD("amount over the maximum", "lrgg-stnd-1111", P "LoanAmount must be at most 100000000",
        N("LoanAmount", 100000001), N("LoanTenure", 12)),
    BAD("amount 100,000,000.01", "lrgg-stnd-1111", P "LoanAmount must be at most 100000000",
        S("LoanAmount", "100000000.01"), N("LoanTenure", 12)),
    BAD("legacy name in the error", "lrgg-stnd-1111", P "loanAmount must be at least 10000",
        S("loanAmount", "9999"), N("LoanTenure", 12)),
    BAD("legacy name not a number", "lrgg-stnd-1111", P "loanAmount not a number",
        S("loanAmount", "lots"), N("LoanTenure", 12)),
    BAD("amount not a number", "lrgg-stnd-1111", P "LoanAmount not a number",
        S("LoanAmount", "450,000"), N("LoanTenure", 12)),
    BAD("amount negative", "lrgg-stnd-1111", P "LoanAmount must be at least 10000",
        N("LoanAmount", -450000), N("LoanTenure", 12)),
    BAD("amount missing", "lrgg-stnd-1111", P "LoanAmount not provided", N("LoanTenure", 12)),
    BAD("tenure missing", "lrgg-stnd-1111", P "LoanTenure not provided", N("LoanAmount", 450000)),
    BAD("tenure 0", "lrgg-stnd-1111", P "LoanTenure must be at least 1", N("LoanAmount", 450000),
        N("LoanTenure", 0)),
    BAD("tenure 61", "lrgg-stnd-1111", P "LoanTenure must be at most 60", N("LoanAmount", 450000),
        N("LoanTenure", 61)),
    BAD("tenure \"61\"", "lrgg-stnd-1111", P "LoanTenure must be at most 60",
        N("LoanAmount", 450000), S("LoanTenure", "61")),
    BAD("tenure negative", "lrgg-stnd-1111", P "LoanTenure must be at least 1",
        N("LoanAmount", 450000), N("LoanTenure", -3)),
    BAD("tenure 12.5", "lrgg-stnd-1111", P "LoanTenure must be a whole number",
        N("LoanAmount", 450000), N("LoanTenure", 12.5)),
    BAD("tenure \"12.5\"", "lrgg-stnd-1111", P "LoanTenure must be a whole number",
        N("LoanAmount", 450000), S("LoanTenure", "12.5")),
    BAD("tenure 0.5", "lrgg-stnd-1111", P "LoanTenure must be a whole number",
        N("LoanAmount", 450000), N("LoanTenure", 0.5)),
    BAD("tenure words", "lrgg-stnd-1111", P "LoanTenure not a number", N("LoanAmount", 450000),
        S("LoanTenure", "twelve")),
    BAD("tenure true", "lrgg-stnd-1111", P "LoanTenure not a number", N("LoanAmount", 450000),
        B("LoanTenure", true)),
    BAD("amount checked first", "lrgg-stnd-1111", P "LoanAmount not a number", S("LoanAmount", "x"),
        S("LoanTenure", "x")),
};

/* Travel, age absent (factor 1): every zone x duration x plan. */
static const struct row travel_age_absent_rows[] = {
    TR("Schengen 7d individual", 5072, S("destination", "France"), S("insrncDrtn", "7d"),
       S("planType", "individual")),
    TR("Schengen 7d family", 10144, S("destination", "France"), S("insrncDrtn", "7d"),
       S("planType", "family")),
    TR("Schengen 15d individual", 8516, S("destination", "France"), S("insrncDrtn", "15d"),
       S("planType", "individual")),
    TR("Schengen 15d family", 17470, S("destination", "France"), S("insrncDrtn", "15d"),
       S("planType", "family")),
    TR("Schengen 30d individual", 14934, S("destination", "France"), S("insrncDrtn", "30d"),
       S("planType", "individual")),
    TR("Schengen 30d family", 29868, S("destination", "France"), S("insrncDrtn", "30d"),
       S("planType", "family")),
    TR("Schengen 62d individual", 22260, S("destination", "France"), S("insrncDrtn", "62d"),
       S("planType", "individual")),
    TR("Schengen 62d family", 44520, S("destination", "France"), S("insrncDrtn", "62d"),
       S("planType", "family")),
    TR("Schengen 92d individual", 27332, S("destination", "France"), S("insrncDrtn", "92d"),
       S("planType", "individual")),
    TR("Schengen 92d family", 54664, S("destination", "France"), S("insrncDrtn", "92d"),
       S("planType", "family")),
    TR("Schengen 6m individual", 37476, S("destination", "France"), S("insrncDrtn", "6m"),
       S("planType", "individual")),
    TR("Schengen 6m family", 74952, S("destination", "France"), S("insrncDrtn", "6m"),
       S("planType", "family")),
    TR("Schengen 12m individual", 45366, S("destination", "France"), S("insrncDrtn", "12m"),
       S("planType", "individual")),
    TR("Schengen 12m family", 90732, S("destination", "France"), S("insrncDrtn", "12m"),
       S("planType", "family")),
    TR("Area 1 7d individual", 5480, S("destination", "Kenya"), S("insrncDrtn", "7d"),
       S("planType", "individual")),
    TR("Area 1 7d family", 10960, S("destination", "Kenya"), S("insrncDrtn", "7d"),
       S("planType", "family")),
    TR("Area 1 15d individual", 8220, S("destination", "Kenya"), S("insrncDrtn", "15d"),
       S("planType", "individual")),
    TR("Area 1 15d family", 16440, S("destination", "Kenya"), S("insrncDrtn", "15d"),
       S("planType", "family")),
    TR("Area 1 30d individual", 13004, S("destination", "Kenya"), S("insrncDrtn", "30d"),
       S("planType", "individual")),
    TR("Area 1 30d family", 26008, S("destination", "Kenya"), S("insrncDrtn", "30d"),
       S("planType", "family")),
    TR("Area 1 62d individual", 19846, S("destination", "Kenya"), S("insrncDrtn", "62d"),
       S("planType", "individual")),
    TR("Area 1 62d family", 39692, S("destination", "Kenya"), S("insrncDrtn", "62d"),
       S("planType", "family")),
    TR("Area 1 92d individual", 30110, S("destination", "Kenya"), S("insrncDrtn", "92d"),
       S("planType", "individual")),
    TR("Area 1 92d family", 60220, S("destination", "Kenya"), S("insrncDrtn", "92d"),
       S("planType", "family")),
    TR("Area 1 6m individual", 36272, S("destination", "Kenya"), S("insrncDrtn", "6m"),
       S("planType", "individual")),
    TR("Area 1 6m family", 72542, S("destination", "Kenya"), S("insrncDrtn", "6m"),
       S("planType", "family")),
    TR("Area 1 12m individual", 45172, S("destination", "Kenya"), S("insrncDrtn", "12m"),
       S("planType", "individual")),
    TR("Area 1 12m family", 90346, S("destination", "Kenya"), S("insrncDrtn", "12m"),
       S("planType", "family")),
    TR("Area 2 7d individual", 7524, S("destination", "Japan"), S("insrncDrtn", "7d"),
       S("planType", "individual")),
    TR("Area 2 7d family", 15048, S("destination", "Japan"), S("insrncDrtn", "7d"),
       S("planType", "family")),
    TR("Area 2 15d individual", 9582, S("destination", "Japan"), S("insrncDrtn", "15d"),
       S("planType", "individual")),
    TR("Area 2 15d family", 19166, S("destination", "Japan"), S("insrncDrtn", "15d"),
       S("planType", "family")),
    TR("Area 2 30d individual", 15744, S("destination", "Japan"), S("insrncDrtn", "30d"),
       S("planType", "individual")),
    TR("Area 2 30d family", 31488, S("destination", "Japan"), S("insrncDrtn", "30d"),
       S("planType", "family")),
    TR("Area 2 62d individual", 23268, S("destination", "Japan"), S("insrncDrtn", "62d"),
       S("planType", "individual")),
    TR("Area 2 62d family", 46534, S("destination", "Japan"), S("insrncDrtn", "62d"),
       S("planType", "family")),
    TR("Area 2 92d individual", 30806, S("destination", "Japan"), S("insrncDrtn", "92d"),
       S("planType", "individual")),
    TR("Area 2 92d family", 61612, S("destination", "Japan"), S("insrncDrtn", "92d"),
       S("planType", "family")),
    TR("Area 2 6m individual", 40374, S("destination", "Japan"), S("insrncDrtn", "6m"),
       S("planType", "individual")),
    TR("Area 2 6m family", 80748, S("destination", "Japan"), S("insrncDrtn", "6m"),
       S("planType", "family")),
    TR("Area 2 12m individual", 58176, S("destination", "Japan"), S("insrncDrtn", "12m"),
       S("planType", "individual")),
    TR("Area 2 12m family", 116352, S("destination", "Japan"), S("insrncDrtn", "12m"),
       S("planType", "family")),
};

/* Travel at 70 (factor 2): every zone x duration x plan. */
static const struct row travel_age_70_rows[] = {
    TR("Schengen 7d individual", 10144, S("destination", "France"), S("insrncDrtn", "7d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 7d family", 20288, S("destination", "France"), S("insrncDrtn", "7d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Schengen 15d individual", 17032, S("destination", "France"), S("insrncDrtn", "15d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 15d family", 34940, S("destination", "France"), S("insrncDrtn", "15d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Schengen 30d individual", 29868, S("destination", "France"), S("insrncDrtn", "30d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 30d family", 59736, S("destination", "France"), S("insrncDrtn", "30d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Schengen 62d individual", 44520, S("destination", "France"), S("insrncDrtn", "62d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 62d family", 89040, S("destination", "France"), S("insrncDrtn", "62d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Schengen 92d individual", 54664, S("destination", "France"), S("insrncDrtn", "92d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 92d family", 109328, S("destination", "France"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Schengen 6m individual", 74952, S("destination", "France"), S("insrncDrtn", "6m"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 6m family", 149904, S("destination", "France"), S("insrncDrtn", "6m"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Schengen 12m individual", 90732, S("destination", "France"), S("insrncDrtn", "12m"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Schengen 12m family", 181464, S("destination", "France"), S("insrncDrtn", "12m"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 7d individual", 10960, S("destination", "Kenya"), S("insrncDrtn", "7d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 7d family", 21920, S("destination", "Kenya"), S("insrncDrtn", "7d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 15d individual", 16440, S("destination", "Kenya"), S("insrncDrtn", "15d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 15d family", 32880, S("destination", "Kenya"), S("insrncDrtn", "15d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 30d individual", 26008, S("destination", "Kenya"), S("insrncDrtn", "30d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 30d family", 52016, S("destination", "Kenya"), S("insrncDrtn", "30d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 62d individual", 39692, S("destination", "Kenya"), S("insrncDrtn", "62d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 62d family", 79384, S("destination", "Kenya"), S("insrncDrtn", "62d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 92d individual", 60220, S("destination", "Kenya"), S("insrncDrtn", "92d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 92d family", 120440, S("destination", "Kenya"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 6m individual", 72544, S("destination", "Kenya"), S("insrncDrtn", "6m"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 6m family", 145084, S("destination", "Kenya"), S("insrncDrtn", "6m"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 1 12m individual", 90344, S("destination", "Kenya"), S("insrncDrtn", "12m"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 1 12m family", 180692, S("destination", "Kenya"), S("insrncDrtn", "12m"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 7d individual", 15048, S("destination", "Japan"), S("insrncDrtn", "7d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 7d family", 30096, S("destination", "Japan"), S("insrncDrtn", "7d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 15d individual", 19164, S("destination", "Japan"), S("insrncDrtn", "15d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 15d family", 38332, S("destination", "Japan"), S("insrncDrtn", "15d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 30d individual", 31488, S("destination", "Japan"), S("insrncDrtn", "30d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 30d family", 62976, S("destination", "Japan"), S("insrncDrtn", "30d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 62d individual", 46536, S("destination", "Japan"), S("insrncDrtn", "62d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 62d family", 93068, S("destination", "Japan"), S("insrncDrtn", "62d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 92d individual", 61612, S("destination", "Japan"), S("insrncDrtn", "92d"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 92d family", 123224, S("destination", "Japan"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 6m individual", 80748, S("destination", "Japan"), S("insrncDrtn", "6m"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 6m family", 161496, S("destination", "Japan"), S("insrncDrtn", "6m"),
       S("planType", "family"), N("travelerAge", 70)),
    TR("Area 2 12m individual", 116352, S("destination", "Japan"), S("insrncDrtn", "12m"),
       S("planType", "individual"), N("travelerAge", 70)),
    TR("Area 2 12m family", 232704, S("destination", "Japan"), S("insrncDrtn", "12m"),
       S("planType", "family"), N("travelerAge", 70)),
};

/* Travel at 76 (factor 2.5): every zone x duration x plan. */
static const struct row travel_age_76_rows[] = {
    TR("Schengen 7d individual", 12680, S("destination", "France"), S("insrncDrtn", "7d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 7d family", 25360, S("destination", "France"), S("insrncDrtn", "7d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Schengen 15d individual", 21290, S("destination", "France"), S("insrncDrtn", "15d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 15d family", 43675, S("destination", "France"), S("insrncDrtn", "15d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Schengen 30d individual", 37335, S("destination", "France"), S("insrncDrtn", "30d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 30d family", 74670, S("destination", "France"), S("insrncDrtn", "30d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Schengen 62d individual", 55650, S("destination", "France"), S("insrncDrtn", "62d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 62d family", 111300, S("destination", "France"), S("insrncDrtn", "62d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Schengen 92d individual", 68330, S("destination", "France"), S("insrncDrtn", "92d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 92d family", 136660, S("destination", "France"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Schengen 6m individual", 93690, S("destination", "France"), S("insrncDrtn", "6m"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 6m family", 187380, S("destination", "France"), S("insrncDrtn", "6m"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Schengen 12m individual", 113415, S("destination", "France"), S("insrncDrtn", "12m"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Schengen 12m family", 226830, S("destination", "France"), S("insrncDrtn", "12m"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 7d individual", 13700, S("destination", "Kenya"), S("insrncDrtn", "7d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 7d family", 27400, S("destination", "Kenya"), S("insrncDrtn", "7d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 15d individual", 20550, S("destination", "Kenya"), S("insrncDrtn", "15d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 15d family", 41100, S("destination", "Kenya"), S("insrncDrtn", "15d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 30d individual", 32510, S("destination", "Kenya"), S("insrncDrtn", "30d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 30d family", 65020, S("destination", "Kenya"), S("insrncDrtn", "30d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 62d individual", 49615, S("destination", "Kenya"), S("insrncDrtn", "62d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 62d family", 99230, S("destination", "Kenya"), S("insrncDrtn", "62d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 92d individual", 75275, S("destination", "Kenya"), S("insrncDrtn", "92d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 92d family", 150550, S("destination", "Kenya"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 6m individual", 90680, S("destination", "Kenya"), S("insrncDrtn", "6m"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 6m family", 181355, S("destination", "Kenya"), S("insrncDrtn", "6m"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 1 12m individual", 112930, S("destination", "Kenya"), S("insrncDrtn", "12m"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 1 12m family", 225865, S("destination", "Kenya"), S("insrncDrtn", "12m"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 7d individual", 18810, S("destination", "Japan"), S("insrncDrtn", "7d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 7d family", 37620, S("destination", "Japan"), S("insrncDrtn", "7d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 15d individual", 23955, S("destination", "Japan"), S("insrncDrtn", "15d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 15d family", 47915, S("destination", "Japan"), S("insrncDrtn", "15d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 30d individual", 39360, S("destination", "Japan"), S("insrncDrtn", "30d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 30d family", 78720, S("destination", "Japan"), S("insrncDrtn", "30d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 62d individual", 58170, S("destination", "Japan"), S("insrncDrtn", "62d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 62d family", 116335, S("destination", "Japan"), S("insrncDrtn", "62d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 92d individual", 77015, S("destination", "Japan"), S("insrncDrtn", "92d"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 92d family", 154030, S("destination", "Japan"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 6m individual", 100935, S("destination", "Japan"), S("insrncDrtn", "6m"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 6m family", 201870, S("destination", "Japan"), S("insrncDrtn", "6m"),
       S("planType", "family"), N("travelerAge", 76)),
    TR("Area 2 12m individual", 145440, S("destination", "Japan"), S("insrncDrtn", "12m"),
       S("planType", "individual"), N("travelerAge", 76)),
    TR("Area 2 12m family", 290880, S("destination", "Japan"), S("insrncDrtn", "12m"),
       S("planType", "family"), N("travelerAge", 76)),
};

/* Every country of the three zones, 7d individual; then how names are matched. */
static const struct row country_rows[] = {
    TR("Austria", 5072, S("destination", "Austria"), S("insrncDrtn", "7d")),
    TR("Belgium", 5072, S("destination", "Belgium"), S("insrncDrtn", "7d")),
    TR("Czech Republic", 5072, S("destination", "Czech Republic"), S("insrncDrtn", "7d")),
    TR("Denmark", 5072, S("destination", "Denmark"), S("insrncDrtn", "7d")),
    TR("Estonia", 5072, S("destination", "Estonia"), S("insrncDrtn", "7d")),
    TR("Finland", 5072, S("destination", "Finland"), S("insrncDrtn", "7d")),
    TR("France", 5072, S("destination", "France"), S("insrncDrtn", "7d")),
    TR("Germany", 5072, S("destination", "Germany"), S("insrncDrtn", "7d")),
    TR("Greece", 5072, S("destination", "Greece"), S("insrncDrtn", "7d")),
    TR("Hungary", 5072, S("destination", "Hungary"), S("insrncDrtn", "7d")),
    TR("Iceland", 5072, S("destination", "Iceland"), S("insrncDrtn", "7d")),
    TR("Italy", 5072, S("destination", "Italy"), S("insrncDrtn", "7d")),
    TR("Latvia", 5072, S("destination", "Latvia"), S("insrncDrtn", "7d")),
    TR("Liechtenstein", 5072, S("destination", "Liechtenstein"), S("insrncDrtn", "7d")),
    TR("Lithuania", 5072, S("destination", "Lithuania"), S("insrncDrtn", "7d")),
    TR("Luxembourg", 5072, S("destination", "Luxembourg"), S("insrncDrtn", "7d")),
    TR("Malta", 5072, S("destination", "Malta"), S("insrncDrtn", "7d")),
    TR("Netherlands", 5072, S("destination", "Netherlands"), S("insrncDrtn", "7d")),
    TR("Norway", 5072, S("destination", "Norway"), S("insrncDrtn", "7d")),
    TR("Poland", 5072, S("destination", "Poland"), S("insrncDrtn", "7d")),
    TR("Portugal", 5072, S("destination", "Portugal"), S("insrncDrtn", "7d")),
    TR("Slovakia", 5072, S("destination", "Slovakia"), S("insrncDrtn", "7d")),
    TR("Slovenia", 5072, S("destination", "Slovenia"), S("insrncDrtn", "7d")),
    TR("Spain", 5072, S("destination", "Spain"), S("insrncDrtn", "7d")),
    TR("Sweden", 5072, S("destination", "Sweden"), S("insrncDrtn", "7d")),
    TR("Switzerland", 5072, S("destination", "Switzerland"), S("insrncDrtn", "7d")),
    TR("Ghana", 5480, S("destination", "Ghana"), S("insrncDrtn", "7d")),
    TR("Kenya", 5480, S("destination", "Kenya"), S("insrncDrtn", "7d")),
    TR("Saudi Arabia", 5480, S("destination", "Saudi Arabia"), S("insrncDrtn", "7d")),
    TR("South Africa", 5480, S("destination", "South Africa"), S("insrncDrtn", "7d")),
    TR("United Arab Emirates", 5480, S("destination", "United Arab Emirates"),
       S("insrncDrtn", "7d")),
    TR("United Kingdom", 5480, S("destination", "United Kingdom"), S("insrncDrtn", "7d")),
    TR("Canada", 7524, S("destination", "Canada"), S("insrncDrtn", "7d")),
    TR("Japan", 7524, S("destination", "Japan"), S("insrncDrtn", "7d")),
    TR("United States", 7524, S("destination", "United States"), S("insrncDrtn", "7d")),
    TR("lower case", 5072, S("destination", "france"), S("insrncDrtn", "7d")),
    TR("upper case", 5480, S("destination", "UNITED KINGDOM"), S("insrncDrtn", "7d")),
    TR("mixed case and spaces", 7524, S("destination", "  united States \t"),
       S("insrncDrtn", "7d")),
};

/* Age bands at their edges (Area 2, 30d individual 15,744; Schengen 92d family 54,664). */
static const struct row travel_band_rows[] = {
    TR("age 0", 15744, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 0)),
    TR("age 35", 15744, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 35)),
    TR("age 69", 15744, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 69)),
    TR("age 70", 31488, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 70)),
    TR("age 75", 31488, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 75)),
    TR("age 76", 39360, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 76)),
    TR("age 80", 39360, S("destination", "Canada"), S("insrncDrtn", "30d"), N("travelerAge", 80)),
    TR("age \"70\" string", 31488, S("destination", "Canada"), S("insrncDrtn", "30d"),
       S("travelerAge", "70")),
    TR("family age 69", 54664, S("destination", "Spain"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 69)),
    TR("family age 75", 109328, S("destination", "Spain"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 75)),
    TR("family age 80", 136660, S("destination", "Spain"), S("insrncDrtn", "92d"),
       S("planType", "family"), N("travelerAge", 80)),
    TR("planType absent = individual", 27332, S("destination", "Spain"), S("insrncDrtn", "92d")),
    TR("drtn legacy name", 45172, S("destination", "Ghana"), S("drtn", "12m")),
    TR("isHajj false", 8220, S("destination", "Saudi Arabia"), S("insrncDrtn", "15d"),
       B("isHajj", false)),
    TRBAD("age 81", P "travelerAge must be at most 80", S("destination", "Canada"),
          S("insrncDrtn", "30d"), N("travelerAge", 81)),
    TRBAD("age \"81\"", P "travelerAge must be at most 80", S("destination", "Canada"),
          S("insrncDrtn", "30d"), S("travelerAge", "81")),
    TRBAD("age 120", P "travelerAge must be at most 80", S("destination", "Canada"),
          S("insrncDrtn", "30d"), N("travelerAge", 120)),
    TRBAD("age negative", P "travelerAge must be at least 0", S("destination", "Canada"),
          S("insrncDrtn", "30d"), N("travelerAge", -1)),
    TRBAD("age 35.5", P "travelerAge must be a whole number", S("destination", "Canada"),
          S("insrncDrtn", "30d"), N("travelerAge", 35.5)),
    TRBAD("age words", P "travelerAge not a number", S("destination", "Canada"),
          S("insrncDrtn", "30d"), S("travelerAge", "old")),
};

/* Hajj and Umrah by age band 0-18 / 19-75 / 76-80; age absent = 19-75. */
static const struct row hajj_rows[] = {
    TR("15d age 0", 1828, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), N("travelerAge", 0)),
    TR("15d age 18", 1828, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), N("travelerAge", 18)),
    TR("15d age 19", 4752, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), N("travelerAge", 19)),
    TR("15d age 75", 4752, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), N("travelerAge", 75)),
    TR("15d age 76", 9504, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), N("travelerAge", 76)),
    TR("15d age 80", 9504, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), N("travelerAge", 80)),
    TR("15d age absent", 4752, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d")),
    TR("25d age 10", 2976, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "25d"), N("travelerAge", 10)),
    TR("25d age 40", 7736, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "25d"), N("travelerAge", 40)),
    TR("25d age 78", 15470, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "25d"), N("travelerAge", 78)),
    TR("25d age absent", 7736, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("drtn", "25d")),
    TR("45d age 18", 5440, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "45d"), N("travelerAge", 18)),
    TR("45d age 19", 14144, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "45d"), N("travelerAge", 19)),
    TR("45d age 80", 28288, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "45d"), N("travelerAge", 80)),
    TR("45d lower case, spaces", 14144, S("destination", " saudi arabia "), B("isHajj", true),
       S("insrncDrtn", "45d")),
    /* No family Hajj prices: the individual price of the traveller's band. */
    TR("family 15d age 10", 1828, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "15d"), S("planType", "family"), N("travelerAge", 10)),
    TR("family 45d age absent", 14144, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "45d"), S("planType", "family")),
    TR("family 25d age 77", 15470, S("destination", "Saudi Arabia"), B("isHajj", true),
       S("insrncDrtn", "25d"), S("planType", "family"), N("travelerAge", 77)),
    TRBAD("Hajj 7d", P "insrncDrtn must be one of 15d, 25d, 45d", S("destination", "Saudi Arabia"),
          B("isHajj", true), S("insrncDrtn", "7d")),
    TRBAD("Hajj drtn 30d", P "drtn must be one of 15d, 25d, 45d", S("destination", "Saudi Arabia"),
          B("isHajj", true), S("drtn", "30d")),
    TRBAD("not Hajj 25d", P "insrncDrtn must be one of 7d, 15d, 30d, 62d, 92d, 6m, 12m",
          S("destination", "Saudi Arabia"), B("isHajj", false), S("insrncDrtn", "25d")),
    TRBAD("Hajj to France", P "isHajj applies only to Saudi Arabia", S("destination", "France"),
          B("isHajj", true), S("insrncDrtn", "7d")),
    TRBAD("Hajj to Kenya", P "isHajj applies only to Saudi Arabia", S("destination", "Kenya"),
          B("isHajj", true), S("insrncDrtn", "15d")),
    TRBAD("isHajj a string", P "isHajj must be true or false", S("destination", "Saudi Arabia"),
          S("isHajj", "true"), S("insrncDrtn", "15d")),
    TRBAD("isHajj a number", P "isHajj must be true or false", S("destination", "Saudi Arabia"),
          N("isHajj", 1), S("insrncDrtn", "15d")),
    TRBAD("Hajj age 81", P "travelerAge must be at most 80", S("destination", "Saudi Arabia"),
          B("isHajj", true), S("insrncDrtn", "15d"), N("travelerAge", 81)),
};

/* Every other error text, in the product's field order. */
static const struct row error_rows[] = {
    {"unknown product",
     "xxxx-yyyy-1111",
     {S("insrncDrtn", "1y")},
     0,
     400,
     "Product specified not supported"},
    {"unknown product, upper case",
     "HLTH-AXAM-1111",
     {S("insrncDrtn", "1y")},
     0,
     400,
     "Product specified not supported"},
    BAD("period missing", "hlth-axam-1111", P "insrncDrtn not provided"),
    BAD("period not offered", "hlth-axam-1111", P "insrncDrtn must be one of 1m, 3m, 6m, 1y",
        S("insrncDrtn", "2y")),
    BAD("period not offered, drtn", "hlth-axam-1111", P "drtn must be one of 1m, 3m, 6m, 1y",
        S("drtn", "2y")),
    BAD("period upper case", "hlth-axam-1111", P "insrncDrtn must be one of 1m, 3m, 6m, 1y",
        S("insrncDrtn", "1Y")),
    BAD("period empty", "hlth-axam-1111", P "insrncDrtn must be one of 1m, 3m, 6m, 1y",
        S("insrncDrtn", "")),
    BAD("period a number", "hlth-axam-1111", P "insrncDrtn must be a string", N("insrncDrtn", 1)),
    BAD("period an array", "hlth-axam-1111", P "drtn must be a string", O("drtn")),
    BAD("phone 1m", "phnn-flx1-1111", P "insrncDrtn must be one of 6m, 1y", S("insrncDrtn", "1m")),
    BAD("laptop alias 3m", "lptp-flx2-1111", P "insrncDrtn must be one of 6m, 1y",
        S("insrncDrtn", "3m")),
    BAD("motor 6m", "vhcl-tprt-1111", P "insrncDrtn must be one of 1y", S("insrncDrtn", "6m")),
    BAD("export 2y", "mexx-stnd-1111", P "insrncDrtn must be one of 1m, 3m, 6m, 1y",
        N("goodsValue", 1000), S("insrncDrtn", "2y")),
    BAD("value missing", "vhcl-cmpr-1111", P "vhclValueForInsrnc not provided",
        S("insrncDrtn", "1y")),
    BAD("value checked before the period", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "abc")),
    BAD("value then period", "vhcl-cmpr-1111", P "insrncDrtn not provided",
        N("vhclValueForInsrnc", 600000)),
    BAD("value words", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "two million"), S("insrncDrtn", "1y")),
    BAD("value separators", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "2,000,000"), S("insrncDrtn", "1y")),
    BAD("value empty", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", ""), S("insrncDrtn", "1y")),
    BAD("value with a space", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", " 2000000"), S("insrncDrtn", "1y")),
    BAD("value three decimals", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "2000000.125"), S("insrncDrtn", "1y")),
    BAD("value trailing dot", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "2000000."), S("insrncDrtn", "1y")),
    BAD("value signed string", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "-2000000"), S("insrncDrtn", "1y")),
    BAD("value exponent string", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        S("vhclValueForInsrnc", "2e6"), S("insrncDrtn", "1y")),
    BAD("value true", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        B("vhclValueForInsrnc", true), S("insrncDrtn", "1y")),
    BAD("value an object", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        O("vhclValueForInsrnc"), S("insrncDrtn", "1y")),
    BAD("value NaN", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        N("vhclValueForInsrnc", NAN), S("insrncDrtn", "1y")),
    BAD("value infinite", "vhcl-cmpr-1111", P "vhclValueForInsrnc not a number",
        N("vhclValueForInsrnc", INFINITY), S("insrncDrtn", "1y")),
    BAD("value under 500,000", "vhcl-cmpr-1111", P "vhclValueForInsrnc must be at least 500000",
        N("vhclValueForInsrnc", 499999), S("insrncDrtn", "1y")),
    BAD("value 499,999.99", "vhcl-cmpr-1111", P "vhclValueForInsrnc must be at least 500000",
        S("vhclValueForInsrnc", "499999.99"), S("insrncDrtn", "1y")),
    BAD("value negative", "vhcl-cmpr-1111", P "vhclValueForInsrnc must be at least 500000",
        N("vhclValueForInsrnc", -1), S("insrncDrtn", "1y")),
    BAD("value over the cap", "vhcl-cmpr-1111",
        P "vhclValueForInsrnc must be at most 1000000000000000", N("vhclValueForInsrnc", 1e300),
        S("insrncDrtn", "1y")),
    BAD("goods missing", "gtrn-stnd-1111", P "goodsValue not provided", S("insrncDrtn", "1y")),
    BAD("goods negative", "gtrn-stnd-1111", P "goodsValue must be at least 0", N("goodsValue", -5)),
    BAD("goods over the cap", "gtrn-stnd-1111", P "goodsValue must be at most 1000000000000000",
        S("goodsValue", "1000000000000000.01")),
    BAD("goods 25 digits", "gtrn-stnd-1111", P "goodsValue must be at most 1000000000000000",
        S("goodsValue", "1234567890123456789012345")),
    BAD("goods 25 digits and letters", "gtrn-stnd-1111", P "goodsValue not a number",
        S("goodsValue", "1234567890123456789012345x")),
    BAD("plan missing", "dpss-stnd-1111", P "plan not provided", S("insrncDrtn", "1y")),
    BAD("plan unknown", "dpss-stnd-1111", P "plan must be one of pdc, bdc, kdc, cdc",
        S("plan", "xyz"), S("insrncDrtn", "1y")),
    BAD("plan upper case", "dpss-stnd-1111", P "plan must be one of pdc, bdc, kdc, cdc",
        S("plan", "PDC"), S("insrncDrtn", "1y")),
    BAD("plan a number", "dpss-stnd-1111", P "plan must be a string", N("plan", 1),
        S("insrncDrtn", "1y")),
    BAD("plan then period", "dpss-stnd-1111", P "insrncDrtn must be one of 1y", S("plan", "kdc"),
        S("insrncDrtn", "6m")),
    TRBAD("destination missing", P "destination not provided", S("insrncDrtn", "7d")),
    TRBAD("destination empty", P "destination not provided", S("destination", ""),
          S("insrncDrtn", "7d")),
    TRBAD("destination blank", P "destination not provided", S("destination", "   "),
          S("insrncDrtn", "7d")),
    TRBAD("destination unknown", "Destination country not recognised: Belarus",
          S("destination", "Belarus"), S("insrncDrtn", "7d")),
    TRBAD("destination echoed as sent", "Destination country not recognised:  Narnia ",
          S("destination", " Narnia "), S("insrncDrtn", "7d")),
    TRBAD("destination with accents", "Destination country not recognised: C\xc3\xb4te d'Ivoire",
          S("destination", "C\xc3\xb4te d'Ivoire"), S("insrncDrtn", "7d")),
    TRBAD("destination a number", P "destination must be a string", N("destination", 5),
          S("insrncDrtn", "7d")),
    TRBAD("destination before the period", "Destination country not recognised: Mars",
          S("destination", "Mars"), S("insrncDrtn", "1y")),
    TRBAD("travel period missing", P "insrncDrtn not provided", S("destination", "France")),
    TRBAD("travel period 1y", P "insrncDrtn must be one of 7d, 15d, 30d, 62d, 92d, 6m, 12m",
          S("destination", "France"), S("insrncDrtn", "1y")),
    TRBAD("planType unknown", P "planType must be one of individual, family",
          S("destination", "France"), S("insrncDrtn", "7d"), S("planType", "couple")),
    TRBAD("planType a number", P "planType must be a string", S("destination", "France"),
          S("insrncDrtn", "7d"), N("planType", 2)),
};

static void table_products(void **state)
{
    (void)state;
    RUN(table_rows);
}

static void percent_products(void **state)
{
    (void)state;
    RUN(percent_rows);
}

static void loan_guarantee(void **state)
{
    (void)state;
    RUN(loan_rows);
}

static void travel_age_absent(void **state)
{
    (void)state;
    RUN(travel_age_absent_rows);
}

static void travel_age_70(void **state)
{
    (void)state;
    RUN(travel_age_70_rows);
}

static void travel_age_76(void **state)
{
    (void)state;
    RUN(travel_age_76_rows);
}

static void travel_countries(void **state)
{
    (void)state;
    RUN(country_rows);
}

static void travel_bands(void **state)
{
    (void)state;
    RUN(travel_band_rows);
}

static void hajj(void **state)
{
    (void)state;
    RUN(hajj_rows);
}

static void errors(void **state)
{
    (void)state;
    RUN(error_rows);
}

/* The lookup is asked for the field's name, then for each legacy name, in field order. */
static void lookup_order(void **state)
{
    const struct kv only_drtn[MAX_KV] = {S("drtn", "1m")};
    const struct kv both[MAX_KV] = {S("insrncDrtn", "1m"), S("drtn", "1y")};
    const struct kv travel[MAX_KV] = {S("destination", "France"), S("insrncDrtn", "7d")};
    struct pricing_error err;
    struct seed sd;
    int64_t kobo;

    (void)state;
    assert_int_equal(quote(cat, "hlth-axam-1111", only_drtn, &kobo, &err, &sd), 0);
    assert_string_equal(sd.asked, "insrncDrtn drtn");
    assert_int_equal(quote(cat, "hlth-axam-1111", both, &kobo, &err, &sd), 0);
    assert_string_equal(sd.asked, "insrncDrtn");
    assert_int_equal(kobo, 125000);
    /* isHajj is looked at again, after insrncDrtn, to choose the list it is checked against. */
    assert_int_equal(quote(cat, "ltix-stnd-1111", travel, &kobo, &err, &sd), 0);
    assert_string_equal(sd.asked, "destination isHajj insrncDrtn isHajj planType travelerAge");
    assert_int_equal(kobo, 507200);
}

/* A NULL error struct is allowed; a NULL product is the caller's unknown product. */
static void null_arguments(void **state)
{
    const struct kv bad[MAX_KV] = {S("insrncDrtn", "2y")};
    const struct kv good[MAX_KV] = {S("insrncDrtn", "6m")};
    struct seed sd = {bad, ""};
    struct quote_input in = {get, &sd};
    struct pricing_error err;
    int64_t kobo = 0;

    (void)state;
    assert_int_equal(pricing_quote(cat, catalog_find(cat, "hlth-axam-1111", 14), &in, &kobo, NULL),
                     -1);
    sd.kv = good;
    assert_int_equal(pricing_quote(cat, catalog_find(cat, "hlth-axam-1111", 14), &in, &kobo, NULL),
                     0);
    assert_int_equal(kobo, 750000);
    assert_int_equal(pricing_quote(cat, NULL, &in, &kobo, &err), -1);
    assert_int_equal(err.v4, 400);
    assert_string_equal(err.text, "Product specified not supported");
}

/* A catalog of its own: a minimum premium, and a loan rule that overflows int64. */
static const char mini_catalog[] =
    "{\"format\": 1, \"products\": ["
    "{\"code\": \"test-mini-1111\", \"name\": \"Minimum premium\", \"category\": \"test\","
    " \"quote\": [{\"name\": \"value\", \"type\": \"money\"}],"
    " \"premium\": {\"kind\": \"percent\", \"field\": \"value\", \"rate\": 10000,"
    " \"minPremium\": 500}, \"underwriting\": \"auto\"},"
    "{\"code\": \"test-huge-1111\", \"name\": \"Huge loan\", \"category\": \"test\","
    " \"quote\": [{\"name\": \"amount\", \"type\": \"money\"},"
    " {\"name\": \"months\", \"type\": \"integer\"}],"
    " \"premium\": {\"kind\": \"loan\", \"amountField\": \"amount\", \"tenureField\": \"months\","
    " \"annualRate\": {\"numerator\": 1000000, \"denominator\": 1}}, \"underwriting\": \"auto\"}"
    "]}";

static const struct row mini_rows[] = {
    OK("1 % of 1,000 is 10: the minimum 500", "test-mini-1111", 500, N("value", 1000)),
    OK("1 % of 49,999: 499.99 -> 500", "test-mini-1111", 500, N("value", 49999)),
    OK("1 % of 100,000 is 1,000", "test-mini-1111", 1000, S("value", "100000")),
    OK("1,000 x 10^6 x 12 / 12", "test-huge-1111", 1000000000, N("amount", 1000), N("months", 12)),
    BAD("overflow", "test-huge-1111", P "amount is too large to price", N("amount", 1e12),
        N("months", 1000)),
    BAD("overflow at the cap", "test-huge-1111", P "amount is too large to price",
        S("amount", "1000000000000000"), S("months", "1000000000000000")),
};

static void min_premium_and_overflow(void **state)
{
    char err[256];
    struct catalog *mini =
        catalog_load_text(mini_catalog, strlen(mini_catalog), "mini", err, sizeof err);

    (void)state;
    if (mini == NULL)
        fail_msg("%s", err);
    run_rows_in(mini, mini_rows, sizeof mini_rows / sizeof mini_rows[0]);
    catalog_unref(mini);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_products),
        cmocka_unit_test(percent_products),
        cmocka_unit_test(loan_guarantee),
        cmocka_unit_test(travel_age_absent),
        cmocka_unit_test(travel_age_70),
        cmocka_unit_test(travel_age_76),
        cmocka_unit_test(travel_countries),
        cmocka_unit_test(travel_bands),
        cmocka_unit_test(hajj),
        cmocka_unit_test(errors),
        cmocka_unit_test(lookup_order),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(min_premium_and_overflow),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("pricing", tests, setup, teardown);
}
