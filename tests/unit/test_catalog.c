/*
 * test_catalog.c - tests of the catalog (src/products/catalog.h) and its loader
 * (src/json/catalog_load.h): the shipped catalog/products.json loads with what PRODUCTS.md
 * says, lookups by code and alias, the reference count, and broken catalogs, each giving
 * the exact error text that names the entry and the field.
 *
 * Broken catalogs are small texts written with single quotes for readability; load()
 * turns them into double quotes. Files under tests/unit/data/catalog-* cover file
 * reading. Run from the repository root; one test by name:
 * build/tests/test_catalog broken_rules
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/json/catalog_load.h"
#include "../../src/products/catalog.h"

#define CATALOG_FILE "catalog/products.json"

/* Loads a single-quoted catalog text under the name "test"; err gets the reason. */
static struct catalog *load(const char *text, char *err, size_t err_len)
{
    size_t n = strlen(text);
    char *json = malloc(n);
    struct catalog *cat;

    assert_non_null(json);
    /* No NUL: the loader must respect the length. */
    for (size_t i = 0; i < n; i++)
        json[i] = text[i] == '\'' ? '"' : text[i];
    cat = catalog_load_text(json, n, "test", err, err_len);
    free(json);
    return cat;
}

struct row {
    const char *desc;
    const char *text;
    const char *err; /* complete expected text; NULL = loads */
};

static void run_rows(const struct row *rows, size_t n)
{
    int failures = 0;

    for (size_t i = 0; i < n; i++) {
        char err[1024] = "";
        struct catalog *cat = load(rows[i].text, err, sizeof err);

        if (rows[i].err == NULL && cat == NULL) {
            print_error("%s: expected to load, got \"%s\"\n", rows[i].desc, err);
            failures++;
        } else if (rows[i].err != NULL && (cat != NULL || strcmp(err, rows[i].err) != 0)) {
            print_error("%s:\n  expected \"%s\"\n  got      \"%s\"%s\n", rows[i].desc, rows[i].err,
                        err, cat != NULL ? " (loaded)" : "");
            failures++;
        }
        catalog_unref(cat);
    }
    if (failures > 0)
        fail_msg("%d of %zu rows failed", failures, n);
}

#define RUN(ROWS) run_rows(ROWS, sizeof ROWS / sizeof ROWS[0])

/* Building blocks of small catalogs. */
#define CAT(...) "{'format': 1, 'products': [" __VA_ARGS__ "]}"
#define PROD(CODE, PERIODS, QUOTE, PREMIUM, EXTRA)                                                 \
    "{'code': '" CODE "', 'name': 'Test', 'category': 'test', 'periods': [" PERIODS "], "          \
    "'quote': [" QUOTE "], 'premium': " PREMIUM ", " EXTRA "'underwriting': 'auto'}"
#define DRTN "{'name': 'insrncDrtn', 'legacyNames': ['drtn'], 'type': 'period'}"
#define TABLE "{'kind': 'table', 'prices': {'6m': 1, '1y': 2}}"
#define STD(EXTRA) PROD("test-good-1111", "'6m', '1y'", DRTN, TABLE, EXTRA)
#define OTHER(EXTRA) PROD("test-othr-1111", "'6m', '1y'", DRTN, TABLE, EXTRA)
#define PREMIUM(RULE) PROD("test-good-1111", "'6m', '1y'", DRTN, RULE, "")
#define QUOTE(FIELDS) PROD("test-good-1111", "'6m', '1y'", FIELDS, TABLE, "")
#define FACTS(LIST) STD("'addtnlFact': [" LIST "], ")
#define VALUE "{'name': 'v', 'type': 'money'}"
#define PLAN "{'name': 'plan', 'type': 'choice', 'choices': ['pdc', 'cdc']}"
#define PCT(RULE) PROD("test-good-1111", "'6m', '1y'", VALUE ", " DRTN, RULE, "")

#define TRAVEL_Q                                                                                   \
    "{'name': 'destination', 'type': 'string'}, "                                                  \
    "{'name': 'isHajj', 'type': 'boolean', 'required': false}, " DRTN ", "                         \
    "{'name': 'planType', 'type': 'choice', 'required': false, "                                   \
    "'choices': ['individual', 'family'], 'default': 'individual'}, "                              \
    "{'name': 'age', 'type': 'integer', 'required': false, 'min': 0, 'max': 80}"
#define ZONE(NAME, COUNTRIES)                                                                      \
    "{'name': '" NAME "', 'countries': [" COUNTRIES "], "                                          \
    "'prices': {'7d': {'individual': 1, 'family': 2}}}"
#define ZONES ZONE("Z1", "'France', 'Saudi Arabia'") ", " ZONE("Z2", "'Japan'")
#define AGES                                                                                       \
    "{'min': 0, 'max': 69, 'factor': 1000000, 'whenAbsent': true}, "                               \
    "{'min': 70, 'max': 80, 'factor': 2000000}"
#define HAJJ_BANDS "{'min': 0, 'max': 80, 'whenAbsent': true, 'prices': {'15d': 5}}"
#define HAJJ(COUNTRY, BANDS)                                                                       \
    ", 'hajj': {'country': '" COUNTRY "', 'periods': ['15d'], 'bands': [" BANDS "]}"
#define TRAVEL_RULE(HAJJ_FIELD, ZONES_, AGES_, HAJJ_)                                              \
    "{'kind': 'travel', 'destinationField': 'destination', " HAJJ_FIELD                            \
    "'planField': 'planType', 'ageField': 'age', 'zones': [" ZONES_ "], 'ages': [" AGES_ "]" HAJJ_ \
    "}"
#define TRAVEL(ZONES_, AGES_, HAJJ_)                                                               \
    PROD("test-trav-1111", "'7d'", TRAVEL_Q,                                                       \
         TRAVEL_RULE("'hajjField': 'isHajj', ", ZONES_, AGES_, HAJJ_), "")

#define E "test: products[0] (test-good-1111): "
#define E1 "test: products[1] (test-othr-1111): "
#define ET "test: products[0] (test-trav-1111): premium."
#define CODE_RULE                                                                                  \
    "must be a product code such as hlth-axam-1111 (lowercase letters and digits, the package "    \
    "digits only)"
#define PRICE_RANGE "must be a whole number from 1 to 1000000000000000"

/* The file as a whole, and each product's own keys. */
static const struct row structure_rows[] = {
    {"minimal catalog", CAT(STD("")), NULL},
    {"two products", CAT(STD("") ", " OTHER("")), NULL},
    {"not JSON", "{'format': 1,",
     "test: not valid JSON: string or '}' expected near end of file, at line 1 column 13"},
    {"trailing garbage", "{'format': 1} x",
     "test: not valid JSON: end of file expected near 'x', at line 1 column 15"},
    {"duplicate JSON key", "{'format': 1, 'format': 1, 'products': []}",
     "test: not valid JSON: duplicate object key near '\"format\"', at line 1 column 22"},
    {"root an array", "[]", "test: the catalog must be a JSON object"},
    {"format missing", "{'products': [" STD("") "]}", "test: format is required"},
    {"format 2", "{'format': 2, 'products': [" STD("") "]}",
     "test: format must be a whole number from 1 to 1"},
    {"unknown top-level key", "{'format': 1, 'prodcts': []}", "test: prodcts is not a known key"},
    {"products missing", "{'format': 1}", "test: products is required"},
    {"products empty", CAT(""), "test: products must be an array of 1 to 256 entries"},
    {"product not an object", CAT("5"), "test: products[0] must be an object"},
    {"code missing", CAT("{'name': 'x'}"), "test: products[0].code is required"},
    {"code upper case", CAT(PROD("Test-good-1111", "'1y'", DRTN, "{}", "")),
     "test: products[0].code " CODE_RULE},
    {"code package not digits", CAT(PROD("test-good-11a1", "'1y'", DRTN, "{}", "")),
     "test: products[0].code " CODE_RULE},
    {"code two parts", CAT(PROD("test-1111", "'1y'", DRTN, "{}", "")),
     "test: products[0].code " CODE_RULE},
    {"code empty part", CAT(PROD("test--1111", "'1y'", DRTN, "{}", "")),
     "test: products[0].code " CODE_RULE},
    {"code a number", CAT("{'code': 5}"), "test: products[0].code must be a string"},
    {"unknown product key", CAT(STD("'nmae': 'x', ")), E "nmae is not a known key"},
    {"name missing",
     CAT("{'code': 'test-good-1111', 'category': 'c', 'quote': [], 'premium': {}, "
         "'underwriting': 'auto'}"),
     E "name is required"},
    {"name empty",
     CAT("{'code': 'test-good-1111', 'name': '', 'category': 'c', 'quote': [], 'premium': {}, "
         "'underwriting': 'auto'}"),
     E "name must be 1 to 128 characters"},
    {"insurer a number", CAT(STD("'insurer': 5, ")), E "insurer must be a string"},
    {"underwriting unknown",
     CAT("{'code': 'test-good-1111', 'name': 'n', 'category': 'c', 'periods': ['1y'], "
         "'quote': [" DRTN "], 'premium': {'kind': 'table', 'prices': {'1y': 1}}, "
         "'underwriting': 'maybe'}"),
     E "underwriting must be auto or refer"},
    {"underwriting missing",
     CAT("{'code': 'test-good-1111', 'name': 'n', 'category': 'c', 'periods': ['1y'], "
         "'quote': [" DRTN "], 'premium': {'kind': 'table', 'prices': {'1y': 1}}}"),
     E "underwriting is required"},
    {"consumer path unknown", CAT(STD("'consumer': [{'path': 'dob'}], ")),
     E "consumer[0].path must be one of name.first, name.last, name.middle, name.maiden, "
       "dob.date, dob.proof, gender, phoneNo, eMail, addrss.addrss, addrss.proof, ntnlty, "
       "stateOfOrigin, mrtlStatus, socialID, taxId"},
    {"consumer individualsOnly not boolean",
     CAT(STD("'consumer': [{'path': 'taxId', 'individualsOnly': 'yes'}], ")),
     E "consumer[0].individualsOnly must be true or false"},
    {"consumer unknown key", CAT(STD("'consumer': [{'path': 'taxId', 'only': true}], ")),
     E "consumer[0].only is not a known key"},
    {"consumer path repeated", CAT(STD("'consumer': [{'path': 'gender'}, {'path': 'gender'}], ")),
     E "consumer[1].path repeats consumer[0]"},
};

/* Codes and aliases are unique across the catalog. */
static const struct row code_rows[] = {
    {"aliases", CAT(STD("'aliases': ['test-old-1111', 'test-older-2'], ")), NULL},
    {"duplicate code", CAT(STD("") ", " STD("")),
     "test: products[1] (test-good-1111): code is already used by products[0] (test-good-1111)"},
    {"alias is another product's code", CAT(STD("") ", " OTHER("'aliases': ['test-good-1111'], ")),
     E1 "aliases[0] (test-good-1111) is already used by products[0] (test-good-1111)"},
    {"alias is another product's alias",
     CAT(STD("'aliases': ['test-old-1111'], ") ", " OTHER("'aliases': ['test-old-1111'], ")),
     E1 "aliases[0] (test-old-1111) is already used by products[0] (test-good-1111)"},
    {"code is another product's alias", CAT(STD("'aliases': ['test-othr-1111'], ") ", " OTHER("")),
     E1 "code is already used by products[0] (test-good-1111)"},
    {"alias is the product's own code", CAT(STD("'aliases': ['test-good-1111'], ")),
     E "aliases[0] (test-good-1111) is already this product's code"},
    {"alias repeated", CAT(STD("'aliases': ['test-old-1111', 'test-old-1111'], ")),
     E "aliases[1] repeats test-old-1111"},
    {"alias malformed", CAT(STD("'aliases': ['TEST-OLD-1111'], ")), E "aliases[0] " CODE_RULE},
    {"aliases empty", CAT(STD("'aliases': [], ")), E "aliases must be an array of 1 to 16 entries"},
};

/* Cover periods and quote fields. */
static const struct row quote_rows[] = {
    {"period malformed", CAT(PROD("test-good-1111", "'6m', '6x'", DRTN, TABLE, "")),
     E "periods[1] must be a cover period code such as 7d, 6m or 1y"},
    {"period with a leading zero", CAT(PROD("test-good-1111", "'06m'", DRTN, TABLE, "")),
     E "periods[0] must be a cover period code such as 7d, 6m or 1y"},
    {"period repeated", CAT(PROD("test-good-1111", "'6m', '6m'", DRTN, TABLE, "")),
     E "periods[1] repeats 6m"},
    {"no period field", CAT(QUOTE(VALUE)),
     E "quote needs a field of type period, because the product has cover periods"},
    {"period field without periods",
     CAT(PROD("test-good-1111", "", DRTN, "{'kind': 'percent', 'field': 'v', 'rate': 1}", "")),
     E "quote[0] (insrncDrtn): type period needs cover periods, and the product has none"},
    {"two period fields", CAT(QUOTE(DRTN ", {'name': 'p2', 'type': 'period'}")),
     E "quote[1] (p2): type period is already the type of quote[0] (insrncDrtn)"},
    {"period field optional",
     CAT(QUOTE("{'name': 'insrncDrtn', 'type': 'period', 'required': false}")),
     E "quote[0] (insrncDrtn): required must be true for a field of type period"},
    {"field not an object", CAT(QUOTE("'insrncDrtn'")), E "quote[0] must be an object"},
    {"field name missing", CAT(QUOTE("{'type': 'period'}")), E "quote[0].name is required"},
    {"field name malformed", CAT(QUOTE("{'name': 'insrnc Drtn', 'type': 'period'}")),
     E "quote[0].name must be a letter, then letters, digits or _"},
    {"field unknown key", CAT(QUOTE("{'name': 'insrncDrtn', 'type': 'period', 'legacy': []}")),
     E "quote[0] (insrncDrtn): legacy is not a known key"},
    {"field type unknown", CAT(QUOTE("{'name': 'insrncDrtn', 'type': 'number'}")),
     E "quote[0] (insrncDrtn): type must be one of period, money, integer, choice, string, "
       "boolean"},
    {"field type missing", CAT(QUOTE("{'name': 'insrncDrtn'}")),
     E "quote[0] (insrncDrtn): type is required"},
    {"field required not boolean",
     CAT(QUOTE("{'name': 'insrncDrtn', 'type': 'period', 'required': 1}")),
     E "quote[0] (insrncDrtn): required must be true or false"},
    {"field name repeated", CAT(QUOTE(DRTN ", {'name': 'drtn', 'type': 'string'}")),
     E "quote[1] (drtn): name is already used by quote[0] (insrncDrtn)"},
    {"legacy name clash",
     CAT(QUOTE(DRTN ", {'name': 'x', 'legacyNames': ['insrncDrtn'], 'type': 'string'}")),
     E "quote[1] (x): legacyNames[0] (insrncDrtn) is already used by quote[0] (insrncDrtn)"},
    {"legacy name is its own name",
     CAT(QUOTE(DRTN ", {'name': 'x', 'legacyNames': ['x'], 'type': 'string'}")),
     E "quote[1] (x): legacyNames[0] (x) is already used by quote[1] (x)"},
    {"legacy name malformed",
     CAT(QUOTE(DRTN ", {'name': 'x', 'legacyNames': ['1x'], 'type': 'string'}")),
     E "quote[1] (x): legacyNames[0] must be a letter, then letters, digits or _"},
    {"min on a choice",
     CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'choice', 'choices': ['a'], 'min': 1}")),
     E "quote[1] (plan): min applies only to fields of type money or integer"},
    {"min over max", CAT(QUOTE(DRTN ", {'name': 'v', 'type': 'money', 'min': 5, 'max': 4}")),
     E "quote[1] (v): max must not be less than min"},
    {"negative min", CAT(QUOTE(DRTN ", {'name': 'v', 'type': 'integer', 'min': -1}")),
     E "quote[1] (v): min must be a whole number from 0 to 1000000000000000"},
    {"max over the cap",
     CAT(QUOTE(DRTN ", {'name': 'v', 'type': 'money', 'max': 1000000000000001}")),
     E "quote[1] (v): max must be a whole number from 0 to 1000000000000000"},
    {"choice without choices", CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'choice'}")),
     E "quote[1] (plan): choices is required for a field of type choice"},
    {"choices on a string",
     CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'string', 'choices': ['a']}")),
     E "quote[1] (plan): choices applies only to fields of type choice"},
    {"choice repeated",
     CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'choice', 'choices': ['a', 'b', 'a']}")),
     E "quote[1] (plan): choices[2] repeats a"},
    {"choice with a space",
     CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'choice', 'choices': ['a b']}")),
     E "quote[1] (plan): choices[0] must be a word of letters, digits, - or _ (at most 32)"},
    {"default with required true",
     CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'choice', 'choices': ['a'], 'default': 'a'}")),
     E "quote[1] (plan): default needs \"required\": false"},
    {"default not a choice",
     CAT(QUOTE(DRTN ", {'name': 'plan', 'type': 'choice', 'required': false, 'choices': ['a'], "
                    "'default': 'b'}")),
     E "quote[1] (plan): default must be one of the choices"},
};

/* Premium rules: kinds, tables against periods and plans, field references, travel. */
static const struct row rule_rows[] = {
    {"premium missing",
     CAT("{'code': 'test-good-1111', 'name': 'n', 'category': 'c', 'periods': ['1y'], "
         "'quote': [" DRTN "], 'underwriting': 'auto'}"),
     E "premium is required"},
    {"premium not an object", CAT(PREMIUM("[]")), E "premium must be an object"},
    {"unknown premium kind", CAT(PREMIUM("{'kind': 'flat', 'prices': {}}")),
     E "premium.kind must be one of table, percent, loan, travel"},
    {"kind missing", CAT(PREMIUM("{'prices': {}}")), E "premium.kind is required"},
    {"unknown premium key",
     CAT(PREMIUM("{'kind': 'table', 'prices': {'6m': 1, '1y': 2}, "
                 "'rte': 5}")),
     E "premium.rte is not a known key"},
    {"missing price for an offered period", CAT(PREMIUM("{'kind': 'table', 'prices': {'1y': 2}}")),
     E "premium.prices has no price for cover period 6m"},
    {"price for a period not offered",
     CAT(PREMIUM("{'kind': 'table', 'prices': {'6m': 1, '1y': 2, '2y': 3}}")),
     E "premium.prices.2y is not a cover period this product offers"},
    {"negative price", CAT(PREMIUM("{'kind': 'table', 'prices': {'6m': -1, '1y': 2}}")),
     E "premium.prices.6m " PRICE_RANGE},
    {"zero price", CAT(PREMIUM("{'kind': 'table', 'prices': {'6m': 1, '1y': 0}}")),
     E "premium.prices.1y " PRICE_RANGE},
    {"fractional price", CAT(PREMIUM("{'kind': 'table', 'prices': {'6m': 1.5, '1y': 2}}")),
     E "premium.prices.6m " PRICE_RANGE},
    {"price a string", CAT(PREMIUM("{'kind': 'table', 'prices': {'6m': '1', '1y': 2}}")),
     E "premium.prices.6m " PRICE_RANGE},
    {"prices missing", CAT(PREMIUM("{'kind': 'table'}")), E "premium.prices is required"},
    {"table without periods",
     CAT(PROD("test-good-1111", "", VALUE, "{'kind': 'table', 'prices': {}}", "")),
     E "premium.kind table needs cover periods, and the product has none"},
    {"plan table",
     CAT(PROD("test-good-1111", "'1y'", PLAN ", " DRTN,
              "{'kind': 'table', 'planField': 'plan', 'prices': {'1y': {'pdc': 1, 'cdc': 2}}}",
              "")),
     NULL},
    {"plan table missing a plan",
     CAT(PROD("test-good-1111", "'1y'", PLAN ", " DRTN,
              "{'kind': 'table', 'planField': 'plan', 'prices': {'1y': {'pdc': 1}}}", "")),
     E "premium.prices.1y has no price for plan cdc"},
    {"plan table unknown plan",
     CAT(PROD("test-good-1111", "'1y'", PLAN ", " DRTN,
              "{'kind': 'table', 'planField': 'plan', 'prices': {'1y': {'pdc': 1, 'cdc': 2, "
              "'xdc': 3}}}",
              "")),
     E "premium.prices.1y.xdc is not a plan this product offers"},
    {"plan table flat prices",
     CAT(PROD("test-good-1111", "'1y'", PLAN ", " DRTN,
              "{'kind': 'table', 'planField': 'plan', 'prices': {'1y': 5}}", "")),
     E "premium.prices.1y must be an object"},
    {"planField not a choice",
     CAT(PROD("test-good-1111", "'1y'", PLAN ", " DRTN,
              "{'kind': 'table', 'planField': 'insrncDrtn', 'prices': {'1y': 5}}", "")),
     E "premium.planField must name a quote field of type choice that is required or has a "
       "default"},
    {"percent rate", CAT(PCT("{'kind': 'percent', 'field': 'v', 'rate': 50000}")), NULL},
    {"percent rate zero", CAT(PCT("{'kind': 'percent', 'field': 'v', 'rate': 0}")),
     E "premium.rate must be a whole number from 1 to 1000000"},
    {"percent rate as a fraction", CAT(PCT("{'kind': 'percent', 'field': 'v', 'rate': 1.125}")),
     E "premium.rate must be a whole number from 1 to 1000000"},
    {"percent rate over 100 %", CAT(PCT("{'kind': 'percent', 'field': 'v', 'rate': 1000001}")),
     E "premium.rate must be a whole number from 1 to 1000000"},
    {"percent rate and rates",
     CAT(PCT("{'kind': 'percent', 'field': 'v', 'rate': 1, 'rates': {'6m': 1, '1y': 1}}")),
     E "premium must have either rate or rates"},
    {"percent neither", CAT(PCT("{'kind': 'percent', 'field': 'v'}")),
     E "premium must have either rate or rates"},
    {"percent rates missing a period",
     CAT(PCT("{'kind': 'percent', 'field': 'v', 'rates': {'6m': 1}}")),
     E "premium.rates has no rate for cover period 1y"},
    {"percent rates without periods",
     CAT(PROD("test-good-1111", "", VALUE, "{'kind': 'percent', 'field': 'v', 'rates': {}}", "")),
     E "premium.rates needs cover periods, and the product has none; use rate"},
    {"percent field is the period",
     CAT(PCT("{'kind': 'percent', 'field': 'insrncDrtn', 'rate': 1}")),
     E "premium.field must name a required quote field of type money"},
    {"percent field unknown", CAT(PCT("{'kind': 'percent', 'field': 'value', 'rate': 1}")),
     E "premium.field must name a required quote field of type money"},
    {"percent field optional",
     CAT(PROD("test-good-1111", "", "{'name': 'v', 'type': 'money', 'required': false}",
              "{'kind': 'percent', 'field': 'v', 'rate': 1}", "")),
     E "premium.field must name a required quote field of type money"},
    {"percent minPremium negative",
     CAT(PCT("{'kind': 'percent', 'field': 'v', 'rate': 1, 'minPremium': -1}")),
     E "premium.minPremium must be a whole number from 0 to 1000000000000000"},
    {"loan",
     CAT(PROD("test-good-1111", "", VALUE ", {'name': 'm', 'type': 'integer'}",
              "{'kind': 'loan', 'amountField': 'v', 'tenureField': 'm', "
              "'annualRate': {'numerator': 1, 'denominator': 90}}",
              "")),
     NULL},
    {"loan denominator zero",
     CAT(PROD("test-good-1111", "", VALUE ", {'name': 'm', 'type': 'integer'}",
              "{'kind': 'loan', 'amountField': 'v', 'tenureField': 'm', "
              "'annualRate': {'numerator': 1, 'denominator': 0}}",
              "")),
     E "premium.annualRate.denominator must be a whole number from 1 to 1000000"},
    {"loan rate unknown key",
     CAT(PROD("test-good-1111", "", VALUE ", {'name': 'm', 'type': 'integer'}",
              "{'kind': 'loan', 'amountField': 'v', 'tenureField': 'm', "
              "'annualRate': {'numerator': 1, 'denominator': 90, 'ppm': 1}}",
              "")),
     E "premium.annualRate.ppm is not a known key"},
    {"loan tenure not an integer",
     CAT(PROD("test-good-1111", "", VALUE ", {'name': 'm', 'type': 'money'}",
              "{'kind': 'loan', 'amountField': 'v', 'tenureField': 'm', "
              "'annualRate': {'numerator': 1, 'denominator': 90}}",
              "")),
     E "premium.tenureField must name a required quote field of type integer"},
    {"travel", CAT(TRAVEL(ZONES, AGES, HAJJ("saudi arabia", HAJJ_BANDS))), NULL},
    {"travel without Hajj",
     CAT(PROD("test-trav-1111", "'7d'", TRAVEL_Q, TRAVEL_RULE("", ZONES, AGES, ""), "")), NULL},
    {"travel country in two zones",
     CAT(TRAVEL(ZONES ", " ZONE("Z3", "'Chad', 'france'"), AGES, "")),
     ET "zones[2] (Z3): countries[1] (france) is already in zones[0] (Z1)"},
    {"travel country twice in a zone", CAT(TRAVEL(ZONE("Z1", "'Chad', 'CHAD'"), AGES, "")),
     ET "zones[0] (Z1): countries[1] (CHAD) is already in zones[0] (Z1)"},
    {"travel country with outer spaces", CAT(TRAVEL(ZONE("Z1", "' Chad'"), AGES, "")),
     ET "zones[0] (Z1): countries[0] must be a country name of 1 to 128 characters, without "
        "outer spaces"},
    {"travel zone repeated", CAT(TRAVEL(ZONE("Z1", "'Chad'") ", " ZONE("z1", "'Mali'"), AGES, "")),
     ET "zones[1] (z1): name is already used by zones[0]"},
    {"travel zone price missing",
     CAT(TRAVEL("{'name': 'Z1', 'countries': ['Chad'], 'prices': {'7d': {'individual': 1}}}", AGES,
                "")),
     ET "zones[0] (Z1): prices.7d has no price for plan family"},
    {"travel zone price for a period not offered",
     CAT(TRAVEL("{'name': 'Z1', 'countries': ['Chad'], 'prices': {'7d': {'individual': 1, "
                "'family': 2}, '30d': {'individual': 1, 'family': 2}}}",
                AGES, "")),
     ET "zones[0] (Z1): prices.30d is not a cover period this product offers"},
    {"travel age gap",
     CAT(TRAVEL(ZONES,
                "{'min': 0, 'max': 69, 'factor': 1000000, 'whenAbsent': true}, "
                "{'min': 71, 'max': 80, 'factor': 2000000}",
                "")),
     ET "ages[1].min must be 70, one more than the previous band's max"},
    {"travel age bands overlap",
     CAT(TRAVEL(ZONES,
                "{'min': 0, 'max': 69, 'factor': 1000000, 'whenAbsent': true}, "
                "{'min': 60, 'max': 80, 'factor': 2000000}",
                "")),
     ET "ages[1].min must be 70, one more than the previous band's max"},
    {"travel ages short of the age field's max",
     CAT(TRAVEL(ZONES,
                "{'min': 0, 'max': 69, 'factor': 1000000, 'whenAbsent': true}, "
                "{'min': 70, 'max': 79, 'factor': 2000000}",
                "")),
     ET "ages[1].max must be at least 80, the max of age"},
    {"travel ages from 1",
     CAT(TRAVEL(ZONES, "{'min': 1, 'max': 80, 'factor': 1000000, 'whenAbsent': true}", "")),
     ET "ages[0].min must be at most 0, the min of age"},
    {"travel no whenAbsent band",
     CAT(TRAVEL(ZONES, "{'min': 0, 'max': 80, 'factor': 1000000}", "")),
     ET "ages needs exactly one band with whenAbsent true"},
    {"travel factor zero",
     CAT(TRAVEL(ZONES, "{'min': 0, 'max': 80, 'factor': 0, 'whenAbsent': true}", "")),
     ET "ages[0].factor must be a whole number from 1 to 10000000"},
    {"travel band max under min",
     CAT(TRAVEL(ZONES, "{'min': 50, 'max': 40, 'factor': 1, 'whenAbsent': true}", "")),
     ET "ages[0].max must not be less than min"},
    {"travel Hajj country not in a zone", CAT(TRAVEL(ZONES, AGES, HAJJ("Mecca", HAJJ_BANDS))),
     ET "hajj.country must be a country of one of the zones"},
    {"travel Hajj band price missing",
     CAT(TRAVEL(ZONES, AGES,
                HAJJ("Saudi Arabia", "{'min': 0, 'max': 80, 'whenAbsent': true, "
                                     "'prices': {'25d': 5}}"))),
     ET "hajj.bands[0].prices.25d is not a Hajj period this product offers"},
    {"travel Hajj band with a factor",
     CAT(TRAVEL(ZONES, AGES,
                HAJJ("Saudi Arabia", "{'min': 0, 'max': 80, 'whenAbsent': true, "
                                     "'factor': 1, 'prices': {'15d': 5}}"))),
     ET "hajj.bands[0].factor is not a known key"},
    {"travel Hajj without hajjField",
     CAT(PROD("test-trav-1111", "'7d'", TRAVEL_Q,
              TRAVEL_RULE("", ZONES, AGES, HAJJ("Saudi Arabia", HAJJ_BANDS)), "")),
     ET "hajj needs hajjField"},
    {"travel hajjField without Hajj", CAT(TRAVEL(ZONES, AGES, "")),
     ET "hajjField needs a hajj table"},
    {"travel age field without max",
     CAT(PROD("test-trav-1111", "'7d'",
              "{'name': 'destination', 'type': 'string'}, " DRTN
              ", {'name': 'planType', 'type': 'choice', 'choices': ['individual', 'family']}, "
              "{'name': 'age', 'type': 'integer', 'required': false, 'min': 0}",
              TRAVEL_RULE("", ZONES, AGES, ""), "")),
     ET "ageField must name a quote field with min and max"},
};

/* addtnlFact schemas. */
static const struct row fact_rows[] = {
    {"facts of every kind",
     CAT(FACTS("{'name': 'a', 'type': 'string', 'check': 'vin', 'min': 1, 'max': 17}, "
               "{'name': 'b', 'type': 'array', 'min': 1, 'max': 2, "
               "'items': {'type': 'string', 'check': 'imei'}}, "
               "{'name': 'c', 'type': 'object', 'onlyFor': 'organisation', "
               "'fields': [{'name': 'd', 'type': 'date'}]}, "
               "{'name': 'e', 'type': 'string', 'choices': ['x', 'y'], "
               "'declined': [{'value': 'y', 'reason': 'not covered'}]}, "
               "{'name': 'f', 'type': 'date', 'notPast': true}, "
               "{'name': 'g', 'type': 'date', 'after': 'f', 'maxDaysAfter': 30, "
               "'monthsAfter': 'h', 'toleranceMonths': 1}, "
               "{'name': 'h', 'type': 'integer', 'maxYearsAhead': 1, 'required': false}, "
               "{'name': 'i', 'type': 'string', 'sameAsQuote': 'insrncDrtn'}")),
     NULL},
    {"unknown check name",
     CAT(FACTS("{'name': 'imei', 'type': 'array', 'items': {'type': 'string', 'check': 'imie'}}")),
     E "addtnlFact[0] (imei): items.check must be one of imei, vin, plate, nigerian-state, "
       "lower-alnum"},
    {"check on a number", CAT(FACTS("{'name': 'n', 'type': 'number', 'check': 'imei'}")),
     E "addtnlFact[0] (n): check applies only to fields of type string"},
    {"fact type unknown", CAT(FACTS("{'name': 'n', 'type': 'text'}")),
     E "addtnlFact[0] (n): type must be one of string, number, integer, boolean, date, datetime, "
       "array, object"},
    {"fact unknown key", CAT(FACTS("{'name': 'n', 'type': 'string', 'pattern': 'x'}")),
     E "addtnlFact[0] (n): pattern is not a known key"},
    {"fact name repeated",
     CAT(FACTS("{'name': 'a', 'type': 'string'}, {'name': 'a', 'type': 'number'}")),
     E "addtnlFact[1] (a): name is already used by entry [0]"},
    {"after names nothing", CAT(FACTS("{'name': 'a', 'type': 'date', 'after': 'b'}")),
     E "addtnlFact[0] (a): after must name another field of type date at this level"},
    {"after names another type",
     CAT(FACTS("{'name': 'a', 'type': 'date', 'after': 'b'}, {'name': 'b', 'type': 'datetime'}")),
     E "addtnlFact[0] (a): after must name another field of type date at this level"},
    {"after names itself", CAT(FACTS("{'name': 'a', 'type': 'date', 'after': 'a'}")),
     E "addtnlFact[0] (a): after must name another field of type date at this level"},
    {"after on a string", CAT(FACTS("{'name': 'a', 'type': 'string', 'after': 'b'}")),
     E "addtnlFact[0] (a): after applies only to fields of type date or datetime"},
    {"maxDaysAfter without after", CAT(FACTS("{'name': 'a', 'type': 'date', 'maxDaysAfter': 3}")),
     E "addtnlFact[0] (a): maxDaysAfter applies only to fields with after"},
    {"monthsAfter names a string",
     CAT(FACTS("{'name': 'a', 'type': 'date'}, {'name': 'b', 'type': 'date', 'after': 'a', "
               "'monthsAfter': 'insrncDrtn'}")),
     E "addtnlFact[1] (b): monthsAfter must name a field of type integer at this level or a "
       "quote field of type integer"},
    {"declined not a choice",
     CAT(FACTS("{'name': 'g', 'type': 'string', 'choices': ['gnrl'], "
               "'declined': [{'value': 'prsh', 'reason': 'perishable'}]}")),
     E "addtnlFact[0] (g): declined[0].value must be one of the choices"},
    {"declined without choices",
     CAT(FACTS("{'name': 'g', 'type': 'string', 'declined': [{'value': 'p', 'reason': 'r'}]}")),
     E "addtnlFact[0] (g): declined needs choices"},
    {"declined without reason",
     CAT(FACTS("{'name': 'g', 'type': 'string', 'choices': ['p'], 'declined': [{'value': 'p'}]}")),
     E "addtnlFact[0] (g): declined[0].reason is required"},
    {"sameAsQuote unknown", CAT(FACTS("{'name': 'v', 'type': 'number', 'sameAsQuote': 'value'}")),
     E "addtnlFact[0] (v): sameAsQuote must name a quote field"},
    {"onlyWhen unknown field",
     CAT(FACTS("{'name': 'p', 'type': 'array', 'items': {'type': 'string'}, "
               "'onlyWhen': {'field': 'planType', 'equals': 'family'}}")),
     E "addtnlFact[0] (p): onlyWhen.field must name a quote field of type choice or string"},
    {"onlyWhen equals not a choice",
     CAT(PROD("test-good-1111", "'1y'", PLAN ", " DRTN,
              "{'kind': 'table', 'planField': 'plan', 'prices': {'1y': {'pdc': 1, 'cdc': 2}}}",
              "'addtnlFact': [{'name': 'x', 'type': 'string', "
              "'onlyWhen': {'field': 'plan', 'equals': 'kdc'}}], ")),
     E "addtnlFact[0] (x): onlyWhen.equals must be one of the choices of plan"},
    {"onlyFor unknown", CAT(FACTS("{'name': 'd', 'type': 'string', 'onlyFor': 'company'}")),
     E "addtnlFact[0] (d): onlyFor must be individual or organisation"},
    {"array without items", CAT(FACTS("{'name': 'a', 'type': 'array'}")),
     E "addtnlFact[0] (a): items is required"},
    {"object without fields", CAT(FACTS("{'name': 'o', 'type': 'object'}")),
     E "addtnlFact[0] (o): fields is required"},
    {"items on a string", CAT(FACTS("{'name': 'a', 'type': 'string', 'items': {}}")),
     E "addtnlFact[0] (a): items applies only to fields of type array"},
    {"named items",
     CAT(FACTS("{'name': 'a', 'type': 'array', 'items': {'name': 'x', 'type': 'string'}}")),
     E "addtnlFact[0] (a): items.name does not apply to the items of an array"},
    {"error inside an object",
     CAT(FACTS("{'name': 'o', 'type': 'object', 'fields': [{'name': 'Id', 'type': 'string', "
               "'check': 'lowercase'}]}")),
     E "addtnlFact[0] (o): fields[0] (Id): check must be one of imei, vin, plate, "
       "nigerian-state, lower-alnum"},
    {"nested too deeply",
     CAT(FACTS("{'name': 'a', 'type': 'array', 'items': {'type': 'array', 'items': {'type': "
               "'array', 'items': {'type': 'array', 'items': {'type': 'string'}}}}}")),
     E "addtnlFact[0] (a): items.items.items.items nests deeper than 4 levels"},
    {"maxYearsAhead on a date", CAT(FACTS("{'name': 'y', 'type': 'date', 'maxYearsAhead': 1}")),
     E "addtnlFact[0] (y): maxYearsAhead applies only to fields of type integer"},
    {"min over max", CAT(FACTS("{'name': 'y', 'type': 'integer', 'min': 2000, 'max': 1950}")),
     E "addtnlFact[0] (y): max must not be less than min"},
};

static void broken_structure(void **state)
{
    (void)state;
    RUN(structure_rows);
}

static void broken_codes(void **state)
{
    (void)state;
    RUN(code_rows);
}

static void broken_quote_fields(void **state)
{
    (void)state;
    RUN(quote_rows);
}

static void broken_rules(void **state)
{
    (void)state;
    RUN(rule_rows);
}

static void broken_facts(void **state)
{
    (void)state;
    RUN(fact_rows);
}

static const char *const shipped_codes[] = {
    "hlth-axam-1111", "phnn-flx1-1111", "phnn-flx2-1111", "phnn-flx3-1111", "lapt-flx1-1111",
    "lapt-flx2-1111", "vhcl-tprt-1111", "vhcl-cmpr-1111", "gtrn-stnd-1111", "mexx-stnd-1111",
    "mrnn-stnd-1111", "mrnn-cmpr-1111", "lrgg-stnd-1111", "ltix-stnd-1111", "dpss-stnd-1111",
};

static const struct product *find(const struct catalog *cat, const char *code)
{
    return catalog_find(cat, code, strlen(code));
}

static const struct fact_field *fact(const struct product *p, const char *name)
{
    for (size_t i = 0; i < p->fact_count; i++)
        if (strcmp(p->facts[i].name, name) == 0)
            return &p->facts[i];
    fail_msg("%s has no addtnlFact %s", p->code, name);
    return NULL;
}

/* The shipped file: every product of PRODUCTS.md with its periods, fields and rule. */
static void shipped_catalog(void **state)
{
    char err[512];
    struct catalog *cat = catalog_load_file(CATALOG_FILE, err, sizeof err);
    const struct product *p;
    const struct fact_field *f;

    (void)state;
    if (cat == NULL)
        fail_msg("%s", err);
    assert_int_equal(catalog_count(cat), 15);
    for (size_t i = 0; i < 15; i++) {
        p = catalog_product_at(cat, i);
        assert_string_equal(p->code, shipped_codes[i]);
        assert_ptr_equal(find(cat, shipped_codes[i]), p);
        assert_true(catalog_owns(cat, p));
        assert_true(p->insurer == NULL || strcmp(p->code, "ltix-stnd-1111") == 0);
    }
    assert_null(catalog_product_at(cat, 15));

    p = find(cat, "hlth-axam-1111");
    assert_string_equal(p->name, "Health insurance, option X1");
    assert_string_equal(p->category, "health");
    assert_int_equal(p->period_count, 4);
    assert_string_equal(p->periods[3].code, "1y");
    assert_int_equal(p->periods[3].count, 1);
    assert_int_equal(p->periods[3].unit, 'y');
    assert_int_equal(p->rule.kind, RULE_TABLE);
    assert_int_equal(p->underwriting, UW_AUTO);
    assert_int_equal(p->req_count, 1);
    assert_string_equal(p->reqs[0].path, "dob.date");
    assert_string_equal(p->fields[p->period_field].legacy[0], "drtn");

    p = find(cat, "vhcl-cmpr-1111");
    assert_int_equal(p->rule.kind, RULE_PERCENT);
    assert_true(p->rule.percent.single_rate);
    assert_int_equal(p->rule.percent.rate_ppm[0], 50000);
    assert_int_equal(p->underwriting, UW_REFER);
    assert_int_equal(p->fields[0].min, 500000);
    assert_string_equal(fact(p, "vhclValueForInsrnc")->same_as_quote, "vhclValueForInsrnc");
    assert_int_equal(fact(p, "chsssId")->check, CHECK_VIN);
    assert_int_equal(fact(p, "rgstrtId")->check, CHECK_PLATE);
    assert_int_equal(fact(p, "year")->min, 1950);
    assert_int_equal(fact(p, "year")->max_years_ahead, 1);

    p = find(cat, "gtrn-stnd-1111");
    assert_int_equal(p->period_count, 0);
    assert_int_equal(p->period_field, -1);
    assert_int_equal(p->rule.percent.rate_ppm[0], 6000);
    f = fact(p, "goodsType");
    assert_int_equal(f->declined_count, 1);
    assert_string_equal(f->declined[0].value, "prsh");
    assert_int_equal(fact(p, "voyage")->items->check, CHECK_NIGERIAN_STATE);
    assert_string_equal(fact(p, "estmtdArrvlDateTime")->after, "dprtrDateTime");
    assert_int_equal(fact(p, "estmtdArrvlDateTime")->max_days_after, 30);

    p = find(cat, "mrnn-cmpr-1111");
    assert_int_equal(p->rule.percent.rate_ppm[1], 11250);
    assert_int_equal(p->req_count, 3);
    assert_false(p->reqs[0].individuals_only);
    assert_true(p->reqs[1].individuals_only);
    assert_string_equal(p->reqs[2].path, "taxId");
    assert_int_equal(fact(p, "DirectorInfo")->who, WHO_ORGANISATIONS);
    assert_int_equal(fact(p, "ProformaInvoice")->fields[0].check, CHECK_LOWER_ALNUM);

    p = find(cat, "phnn-flx1-1111");
    assert_int_equal(fact(p, "imei")->items->check, CHECK_IMEI);
    assert_int_equal(fact(p, "imei")->max, 2);
    assert_int_equal(fact(p, "ntwrkGnrtn")->items->choice_count, 5);

    p = find(cat, "lrgg-stnd-1111");
    assert_int_equal(p->rule.kind, RULE_LOAN);
    assert_int_equal(p->rule.loan.rate_num, 1);
    assert_int_equal(p->rule.loan.rate_den, 90);
    assert_string_equal(p->fields[0].legacy[0], "loanAmount");
    assert_string_equal(fact(p, "LoanEndDate")->months_after, "LoanTenure");
    assert_int_equal(fact(p, "LoanEndDate")->tolerance_months, 1);

    p = find(cat, "ltix-stnd-1111");
    assert_string_equal(p->insurer, "SanlamAllianz");
    assert_int_equal(p->rule.kind, RULE_TRAVEL);
    assert_int_equal(p->rule.travel.zone_count, 3);
    assert_int_equal(p->rule.travel.zones[0].country_count, 26);
    assert_int_equal(p->rule.travel.zones[1].country_count, 6);
    assert_int_equal(p->rule.travel.zones[2].country_count, 3);
    assert_int_equal(p->rule.travel.age_count, 3);
    assert_int_equal(p->rule.travel.ages[2].factor_ppm, 2500000);
    assert_string_equal(p->rule.travel.hajj_country, "Saudi Arabia");
    assert_int_equal(p->rule.travel.hajj_period_count, 3);
    assert_true(p->rule.travel.hajj_bands[1].when_absent);
    assert_string_equal(fact(p, "passengers")->when_field, "planType");
    assert_string_equal(fact(p, "passengers")->when_equals, "family");
    assert_int_equal(fact(p, "passengers")->items->field_count, 4);
    assert_true(fact(p, "trvlStartDate")->not_past);
    assert_false(fact(p, "isHajj")->required);

    p = find(cat, "dpss-stnd-1111");
    assert_int_equal(p->rule.table.plan_field, 0);
    assert_int_equal(p->rule.table.naira[3], 12500);
    catalog_unref(cat);
}

/* catalog_find: codes, aliases to the real product, lengths, unknown codes. */
static void find_codes(void **state)
{
    char err[512];
    struct catalog *cat = catalog_load_file(CATALOG_FILE, err, sizeof err);

    (void)state;
    if (cat == NULL)
        fail_msg("%s", err);
    assert_ptr_equal(find(cat, "lptp-flx1-1111"), find(cat, "lapt-flx1-1111"));
    assert_ptr_equal(find(cat, "lptp-flx2-1111"), find(cat, "lapt-flx2-1111"));
    assert_ptr_equal(find(cat, "mrnn-bscc-1111"), find(cat, "mrnn-stnd-1111"));
    assert_ptr_equal(find(cat, "loan-stnd-1111"), find(cat, "lrgg-stnd-1111"));
    assert_string_equal(find(cat, "loan-stnd-1111")->code, "lrgg-stnd-1111");
    assert_null(find(cat, "xxxx-yyyy-1111"));
    assert_null(find(cat, "HLTH-AXAM-1111"));
    assert_null(find(cat, "hlth-axam-111"));
    assert_null(find(cat, "hlth-axam-11111"));
    assert_null(find(cat, ""));
    assert_null(find(cat, "lptp-flx3-1111"));
    /* The length decides, not a NUL. */
    assert_non_null(catalog_find(cat, "hlth-axam-1111-extra", 14));
    assert_null(catalog_find(cat, "hlth-axam-1111", 13));
    catalog_unref(cat);
}

/* Another catalog's product is not owned; references keep a catalog alive. */
static void refcount(void **state)
{
    char err[512];
    struct catalog *a = catalog_load_file(CATALOG_FILE, err, sizeof err);
    struct catalog *b = catalog_load_file(CATALOG_FILE, err, sizeof err);
    const struct product *p;

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    assert_false(catalog_owns(b, find(a, "hlth-axam-1111")));
    assert_ptr_equal(catalog_ref(a), a);
    assert_ptr_equal(catalog_ref(a), a);
    catalog_unref(a);
    catalog_unref(a);
    /* One reference left: still usable (ASan would report a use after free). */
    p = find(a, "ltix-stnd-1111");
    assert_string_equal(p->rule.travel.zones[2].countries[2], "United States");
    catalog_unref(a); /* the last: freed (ASan reports a leak otherwise) */
    catalog_unref(b);
    catalog_unref(NULL);

    /* A catalog built by hand: the arena hands out zeroed, aligned memory. */
    a = catalog_new();
    assert_int_equal(catalog_count(a), 0);
    assert_null(find(a, "hlth-axam-1111"));
    for (int i = 0; i < 1000; i++) {
        int64_t *x = catalog_alloc(a, 24);
        assert_int_equal((uintptr_t)x % _Alignof(max_align_t), 0);
        assert_int_equal(x[0] | x[1] | x[2], 0);
        x[0] = x[1] = x[2] = -1;
    }
    assert_non_null(catalog_alloc(a, 100000));
    assert_string_equal(catalog_strdup(a, "abcdef", 3), "abc");
    catalog_unref(a);
}

static void catalog_files(void **state)
{
    char err[512], small[24];

    (void)state;
    assert_null(catalog_load_file("tests/unit/data/catalog-missing.json", err, sizeof err));
    assert_string_equal(
        err, "tests/unit/data/catalog-missing.json: cannot read: No such file or directory");
    assert_null(catalog_load_file("tests/unit/data/catalog-bad-rate.json", err, sizeof err));
    assert_string_equal(err, "tests/unit/data/catalog-bad-rate.json: products[3] (vhcl-cmpr-1111): "
                             "premium.rate must be a whole number from 1 to 1000000");
    assert_null(catalog_load_file("tests/unit/data/catalog-not-json.json", err, sizeof err));
    assert_string_equal(err, "tests/unit/data/catalog-not-json.json: not valid JSON: string or "
                             "'}' expected near ',', at line 4 column 31");
    assert_null(catalog_load_file("tests/unit/data/catalog-alias-clash.json", err, sizeof err));
    assert_string_equal(err, "tests/unit/data/catalog-alias-clash.json: products[1] "
                             "(mrnn-cmpr-1111): aliases[0] (mrnn-bscc-1111) is already used by "
                             "products[0] (mrnn-stnd-1111)");
    assert_null(catalog_load_file("tests/unit/data", err, sizeof err));
    assert_string_equal(err, "tests/unit/data: cannot read: Is a directory");
    /* A small buffer gets the start of the text, NUL-terminated. */
    assert_null(catalog_load_file("tests/unit/data/catalog-bad-rate.json", small, sizeof small));
    assert_string_equal(small, "tests/unit/data/catalog");
}

static void period_codes(void **state)
{
    unsigned count = 0;
    char unit = 0;

    (void)state;
    assert_true(catalog_period_parse("7d", 2, &count, &unit));
    assert_int_equal(count, 7);
    assert_int_equal(unit, 'd');
    assert_true(catalog_period_parse("12m", 3, &count, &unit));
    assert_int_equal(count, 12);
    assert_true(catalog_period_parse("9999w", 5, &count, &unit));
    assert_int_equal(count, 9999);
    assert_int_equal(unit, 'w');
    assert_false(catalog_period_parse("10000d", 6, &count, &unit));
    assert_false(catalog_period_parse("0d", 2, &count, &unit));
    assert_false(catalog_period_parse("1", 1, &count, &unit));
    assert_false(catalog_period_parse("y", 1, &count, &unit));
    assert_false(catalog_period_parse("1h", 2, &count, &unit));
    assert_false(catalog_period_parse("1 y", 3, &count, &unit));
    assert_false(catalog_period_parse("", 0, &count, &unit));
    assert_string_equal(catalog_quote_type_name(QF_MONEY), "money");
    assert_string_equal(catalog_rule_kind_name(RULE_TRAVEL), "travel");
    assert_string_equal(catalog_fact_type_name(FACT_DATETIME), "datetime");
    assert_string_equal(catalog_check_name(CHECK_NIGERIAN_STATE), "nigerian-state");
    assert_string_equal(catalog_underwriting_name(UW_REFER), "refer");
    assert_true(catalog_profile_path_known("addrss.addrss", 13));
    assert_false(catalog_profile_path_known("addrss", 6));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_catalog), cmocka_unit_test(find_codes),
        cmocka_unit_test(refcount),        cmocka_unit_test(catalog_files),
        cmocka_unit_test(period_codes),    cmocka_unit_test(broken_structure),
        cmocka_unit_test(broken_codes),    cmocka_unit_test(broken_quote_fields),
        cmocka_unit_test(broken_rules),    cmocka_unit_test(broken_facts),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
