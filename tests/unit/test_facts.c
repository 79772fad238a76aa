/*
 * test_facts.c - tests of facts_check and facts_consumer_check (src/products/facts.h)
 * against the shipped catalog/products.json: for every product a valid addtnlFact, and
 * every rule of its schema failing with the complete wire text (PRODUCTS.md "What each
 * product needs at issuance", PROTOCOL.md section 6); then the consumer record
 * requirements of every product, and the generic rules the shipped catalog does not use
 * yet, through a small catalog of test products.
 *
 * Values reach facts.c through struct fact_value_ops implemented over Jansson here; the
 * callbacks assert the contract (each is called only for the kind it reads). Each row
 * starts from a valid seed of its product, applies up to four edits (a dotted path from
 * the seed's root, numeric segments index arrays; JSON text, or NULL to delete) and
 * expects success or one exact error. "Today" is fixed at 2025-06-15. Run from the
 * repository root; one table can be run by name: build/tests/test_facts loan
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../src/json/catalog_load.h"
#include "../../src/products/facts.h"

#define CATALOG_FILE "catalog/products.json"
#define MAX_EDITS 4

static const struct date today = {2025, 6, 15};

static struct catalog *cat;

/* --- the value interface over Jansson ------------------------------------------------- */

static enum fv_kind j_kind(const void *v)
{
    const json_t *j = v;

    assert_non_null(j);
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return FV_OBJECT;
    case JSON_ARRAY:
        return FV_ARRAY;
    case JSON_STRING:
        return FV_STRING;
    case JSON_INTEGER:
    case JSON_REAL:
        return FV_NUMBER;
    case JSON_TRUE:
    case JSON_FALSE:
        return FV_BOOL;
    default:
        return FV_NULL;
    }
}

static const char *j_string(const void *v, size_t *len)
{
    assert_true(json_is_string((const json_t *)v));
    *len = json_string_length(v);
    return json_string_value(v);
}

static double j_number(const void *v)
{
    assert_true(json_is_number((const json_t *)v));
    return json_number_value(v);
}

static bool j_boolean(const void *v)
{
    assert_true(json_is_boolean((const json_t *)v));
    return json_is_true((const json_t *)v);
}

static size_t j_array_size(const void *v)
{
    assert_true(json_is_array((const json_t *)v));
    return json_array_size(v);
}

static const void *j_array_at(const void *v, size_t i)
{
    assert_true(json_is_array((const json_t *)v));
    assert_true(i < json_array_size(v));
    return json_array_get(v, i);
}

static const void *j_member(const void *v, const char *key)
{
    assert_true(json_is_object((const json_t *)v));
    return json_object_get(v, key);
}

static const struct fact_value_ops ops = {
    j_kind, j_string, j_number, j_boolean, j_array_size, j_array_at, j_member,
};

/* --- valid seeds, one or more per product ---------------------------------------------- */

#define HEALTH                                                                                     \
    "{\"insrncDrtn\":\"1y\",\"addtnlFact\":{\"RsdncState\":\"Lagos\",\"RsdncLga\":\"Ikeja\","      \
    "\"hospital\":\"Reddington Hospital\"}}"
#define IMEI_OK "\"490154203237518\""
#define IMEI_OK2 "\"356938035643809\""
#define IMEI_BAD "\"490154203237519\""
#define PHONE                                                                                      \
    "{\"insrncDrtn\":\"1y\",\"addtnlFact\":{\"brand\":\"Samsung\",\"model\":\"A54\",\"imei\":"     \
    "[" IMEI_OK "],\"ram\":\"8GB\",\"strg\":\"128GB\",\"ntwrkGnrtn\":[\"4g\",\"5g\"]}}"
#define LAPTOP                                                                                     \
    "{\"insrncDrtn\":\"6m\",\"addtnlFact\":{\"brand\":\"Dell\",\"model\":\"XPS 13\","              \
    "\"serialNo\":\"5CG1234XYZ\"}}"
#define MOTOR_FACTS                                                                                \
    "\"brand\":\"Toyota\",\"model\":\"Corolla\",\"year\":2018,\"chsssId\":\"2T1BURHE0JC043821\","  \
    "\"engineId\":\"2ZR1234567\",\"rgstrtId\":\"ABC-123DE\""
#define MOTOR "{\"insrncDrtn\":\"1y\",\"addtnlFact\":{" MOTOR_FACTS "}}"
#define MOTOR_CMPR                                                                                 \
    "{\"vhclValueForInsrnc\":2500000,\"insrncDrtn\":\"1y\",\"addtnlFact\":{" MOTOR_FACTS           \
    ",\"vhclValueForInsrnc\":2500000}}"
#define GIT                                                                                        \
    "{\"goodsValue\":1000000,\"addtnlFact\":{\"goodsType\":\"gnrl\",\"goodsDscrptn\":\"Cement\","  \
    "\"goodsValue\":1000000,\"voyage\":[\"Lagos\",\"Kano\"],\"cnvyncVehicleType\":\"ownd\","       \
    "\"cnvyncVehicleRgstrtNumber\":\"KJA-456XY\",\"dprtrDateTime\":\"2025-06-20 08:00:00\","       \
    "\"estmtdArrvlDateTime\":\"2025-06-22 18:30:00\"}}"
#define MARINE                                                                                     \
    "{\"goodsValue\":5000000,\"insrncDrtn\":\"3m\",\"addtnlFact\":{\"GoodsDscrptn\":\"Cocoa\","    \
    "\"RiskLocation\":\"Apapa port\",\"ProformaInvoice\":{\"Id\":\"inv2025a1\",\"Value\":5000000," \
    "\"Date\":\"2025-06-01\"},\"CoverStartDate\":\"2025-07-01\"}}"
#define MARINE_ORG                                                                                 \
    "{\"goodsValue\":5000000,\"insrncDrtn\":\"1y\",\"addtnlFact\":{\"GoodsDscrptn\":\"Cocoa\","    \
    "\"RiskLocation\":\"Apapa port\",\"ProformaInvoice\":{\"Id\":\"inv2025a1\",\"Value\":5000000," \
    "\"Date\":\"2025-06-01\"},\"CoverStartDate\":\"2025-07-01\","                                  \
    "\"DirectorInfo\":{\"name\":\"Ada Obi\"}}}"
#define LOAN                                                                                       \
    "{\"LoanAmount\":450000,\"LoanTenure\":12,\"addtnlFact\":{\"LoanAmount\":450000,"              \
    "\"LoanTenure\":12,\"DsbrsmDate\":\"2025-05-30\",\"LoanStartDate\":\"2025-06-01\","            \
    "\"LoanEndDate\":\"2026-06-01\"}}"
#define TRAVEL                                                                                     \
    "{\"destination\":\"France\",\"insrncDrtn\":\"15d\",\"addtnlFact\":{\"destination\":"          \
    "\"France\",\"planType\":\"individual\",\"trvlStartDate\":\"2025-07-01\"}}"
#define PAX                                                                                        \
    "{\"firstName\":\"Ada\",\"lastName\":\"Obi\",\"dob\":\"1990-02-03\","                          \
    "\"passportNo\":\"A01234567\"}"
#define PAX2 "[" PAX "," PAX "]"
#define PAX8 "[" PAX "," PAX "," PAX "," PAX "," PAX "," PAX "," PAX "," PAX "]"
#define PAX9 "[" PAX "," PAX "," PAX "," PAX "," PAX "," PAX "," PAX "," PAX "," PAX "]"
#define TRAVEL_FAMILY                                                                              \
    "{\"destination\":\"United Kingdom\",\"planType\":\"family\",\"insrncDrtn\":\"30d\","          \
    "\"addtnlFact\":{\"destination\":\"United Kingdom\",\"planType\":\"family\",\"passengers\":"   \
    "[" PAX "," PAX "," PAX "],\"trvlStartDate\":\"2025-06-15\"}}"
#define DRIVER                                                                                     \
    "{\"plan\":\"bdc\",\"insrncDrtn\":\"1y\",\"addtnlFact\":{\"plan\":\"bdc\","                    \
    "\"drvrLcnsNo\":\"ABC12345678\"}}"

/* --- rows ------------------------------------------------------------------------------------ */

struct edit {
    const char *path; /* dotted from the seed's root; NULL ends the list */
    const char *json; /* the new value as JSON text; NULL deletes */
};

struct row {
    const char *desc;
    const char *code;
    int cls;
    const char *seed;
    struct edit edits[MAX_EDITS];
    const char *err; /* complete expected text; NULL = passes */
};

#define IND FACTS_INDIVIDUAL
#define ORG FACTS_ORGANISATION
#define E(PATH, JSON)                                                                              \
    {                                                                                              \
        PATH, JSON                                                                                 \
    }
#define OK(DESC, CODE, CLS, SEED, ...)                                                             \
    {                                                                                              \
        DESC, CODE, CLS, SEED, {__VA_ARGS__}, NULL                                                 \
    }
#define BAD(DESC, CODE, CLS, SEED, ERR, ...)                                                       \
    {                                                                                              \
        DESC, CODE, CLS, SEED, {__VA_ARGS__}, ERR                                                  \
    }
#define A "Data cmmnd.seed.addtnlFact."

/* Follows path (dotted, numeric segments index arrays) and sets or deletes the last step. */
static void apply_edit(json_t *root, const struct edit *e)
{
    char buf[256], *seg, *next;
    json_t *at = root;

    snprintf(buf, sizeof buf, "%s", e->path);
    seg = buf;
    for (;;) {
        next = strchr(seg, '.');
        if (next != NULL)
            *next = '\0';
        if (json_is_array(at)) {
            size_t i = (size_t)strtoul(seg, NULL, 10);
            if (next == NULL) {
                json_t *v = json_loads(e->json, JSON_DECODE_ANY, NULL);
                assert_non_null(v);
                assert_int_equal(json_array_set_new(at, i, v), 0);
                return;
            }
            at = json_array_get(at, i);
        } else {
            assert_true(json_is_object(at));
            if (next == NULL) {
                if (e->json == NULL) {
                    json_object_del(at, seg);
                } else {
                    json_t *v = json_loads(e->json, JSON_DECODE_ANY, NULL);
                    if (v == NULL)
                        fail_msg("edit %s: bad JSON %s", e->path, e->json);
                    json_object_set_new(at, seg, v);
                }
                return;
            }
            at = json_object_get(at, seg);
        }
        if (at == NULL)
            fail_msg("edit %s: no %s", e->path, seg);
        seg = next + 1;
    }
}

static void run_rows(const struct row *rows, size_t n, const struct catalog *c)
{
    int failures = 0;

    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        const struct product *p = catalog_find(c, r->code, strlen(r->code));
        json_error_t je;
        json_t *seed = json_loads(r->seed, 0, &je);
        char err[256];
        int rc;

        if (p == NULL || seed == NULL)
            fail_msg("%s: unknown product %s or bad seed (%s)", r->desc, r->code, je.text);
        for (size_t k = 0; k < MAX_EDITS && r->edits[k].path != NULL; k++)
            apply_edit(seed, &r->edits[k]);
        memset(err, 'x', sizeof err);
        rc = facts_check(p, &ops, json_object_get(seed, "addtnlFact"), seed, r->cls, today, err,
                         sizeof err);
        if (r->err == NULL && (rc != 0 || err[0] != '\0')) {
            print_error("%s (%s): expected success, got %d \"%s\"\n", r->desc, r->code, rc, err);
            failures++;
        } else if (r->err != NULL && (rc != -1 || strcmp(err, r->err) != 0)) {
            print_error("%s (%s): expected \"%s\", got %d \"%s\"\n", r->desc, r->code, r->err, rc,
                        err);
            failures++;
        }
        json_decref(seed);
    }
    if (failures > 0)
        fail_msg("%d of %zu rows failed", failures, n);
}

#define RUN(ROWS) run_rows(ROWS, sizeof ROWS / sizeof ROWS[0], cat)

/* --- every product: the valid seeds --------------------------------------------------------- */

static const struct row valid_rows[] = {
    OK("health", "hlth-axam-1111", IND, HEALTH),
    OK("phone basic", "phnn-flx1-1111", IND, PHONE),
    OK("phone comprehensive", "phnn-flx2-1111", IND, PHONE),
    OK("phone premium", "phnn-flx3-1111", ORG, PHONE),
    OK("laptop basic", "lapt-flx1-1111", IND, LAPTOP),
    OK("laptop basic by alias", "lptp-flx1-1111", IND, LAPTOP),
    OK("laptop comprehensive", "lapt-flx2-1111", IND, LAPTOP),
    OK("motor third party", "vhcl-tprt-1111", IND, MOTOR),
    OK("motor comprehensive", "vhcl-cmpr-1111", IND, MOTOR_CMPR),
    OK("goods in transit", "gtrn-stnd-1111", ORG, GIT),
    OK("marine export", "mexx-stnd-1111", IND, MARINE),
    OK("marine export, organisation", "mexx-stnd-1111", ORG, MARINE_ORG),
    OK("marine import basic", "mrnn-stnd-1111", IND, MARINE),
    OK("marine import basic, organisation", "mrnn-stnd-1111", ORG, MARINE_ORG),
    OK("marine import comprehensive", "mrnn-cmpr-1111", IND, MARINE),
    OK("marine import comprehensive, organisation", "mrnn-cmpr-1111", ORG, MARINE_ORG),
    OK("loan guarantee", "lrgg-stnd-1111", IND, LOAN),
    OK("travel individual", "ltix-stnd-1111", IND, TRAVEL),
    OK("travel family", "ltix-stnd-1111", IND, TRAVEL_FAMILY),
    OK("driver pass", "dpss-stnd-1111", IND, DRIVER),
};

static void every_product_valid(void **state)
{
    (void)state;
    RUN(valid_rows);
    /* Every product of the shipped catalog has a valid seed above. */
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const struct product *p = catalog_product_at(cat, i);
        bool found = false;

        for (size_t k = 0; k < sizeof valid_rows / sizeof valid_rows[0]; k++)
            found = found || strcmp(valid_rows[k].code, p->code) == 0;
        if (!found)
            fail_msg("no valid addtnlFact for %s", p->code);
    }
}

/* --- addtnlFact itself, and health ------------------------------------------------------------ */

static const struct row health_rows[] = {
    BAD("absent", "hlth-axam-1111", IND, HEALTH, "Data cmmnd.seed.addtnlFact is required",
        E("addtnlFact", NULL)),
    BAD("null", "hlth-axam-1111", IND, HEALTH, "Data cmmnd.seed.addtnlFact is required",
        E("addtnlFact", "null")),
    BAD("array", "hlth-axam-1111", IND, HEALTH, "Data cmmnd.seed.addtnlFact must be an object",
        E("addtnlFact", "[]")),
    BAD("string", "hlth-axam-1111", IND, HEALTH, "Data cmmnd.seed.addtnlFact must be an object",
        E("addtnlFact", "\"x\"")),
    BAD("empty object", "hlth-axam-1111", IND, HEALTH, A "RsdncState is required",
        E("addtnlFact", "{}")),
    BAD("RsdncState missing", "hlth-axam-1111", IND, HEALTH, A "RsdncState is required",
        E("addtnlFact.RsdncState", NULL)),
    BAD("RsdncState null", "hlth-axam-1111", IND, HEALTH, A "RsdncState is required",
        E("addtnlFact.RsdncState", "null")),
    BAD("RsdncState blank", "hlth-axam-1111", IND, HEALTH, A "RsdncState is required",
        E("addtnlFact.RsdncState", "\"  \"")),
    BAD("RsdncState a number", "hlth-axam-1111", IND, HEALTH, A "RsdncState must be a string",
        E("addtnlFact.RsdncState", "25")),
    BAD("RsdncLga missing", "hlth-axam-1111", IND, HEALTH, A "RsdncLga is required",
        E("addtnlFact.RsdncLga", NULL)),
    BAD("RsdncLga an object", "hlth-axam-1111", IND, HEALTH, A "RsdncLga must be a string",
        E("addtnlFact.RsdncLga", "{}")),
    BAD("hospital missing", "hlth-axam-1111", IND, HEALTH, A "hospital is required",
        E("addtnlFact.hospital", NULL)),
    BAD("hospital true", "hlth-axam-1111", IND, HEALTH, A "hospital must be a string",
        E("addtnlFact.hospital", "true")),
    /* Schema order: the first invalid field is named. */
    BAD("two missing", "hlth-axam-1111", IND, HEALTH, A "RsdncLga is required",
        E("addtnlFact.hospital", NULL), E("addtnlFact.RsdncLga", NULL)),
    OK("unknown keys ignored", "hlth-axam-1111", IND, HEALTH, E("addtnlFact.extra", "[1,{}]"),
       E("addtnlFact.hospital2", "null")),
    OK("organisation", "hlth-axam-1111", ORG, HEALTH),
    OK("UTF-8 text", "hlth-axam-1111", IND, HEALTH,
       E("addtnlFact.hospital", "\"Cl\\u00ednica S\\u00e3o Jo\\u00e3o\"")),
};

static void health(void **state)
{
    (void)state;
    RUN(health_rows);
}

/* --- phones and laptops ----------------------------------------------------------------------- */

#define PH "phnn-flx1-1111"

static const struct row device_rows[] = {
    OK("two IMEIs", PH, IND, PHONE, E("addtnlFact.imei", "[" IMEI_OK "," IMEI_OK2 "]")),
    OK("two IMEIs, premium", "phnn-flx3-1111", IND, PHONE,
       E("addtnlFact.imei", "[" IMEI_OK2 "," IMEI_OK "]")),
    BAD("IMEI check digit", PH, IND, PHONE, A "imei[0] fails the IMEI check digit",
        E("addtnlFact.imei", "[" IMEI_BAD "]")),
    BAD("IMEI check digit, comprehensive", "phnn-flx2-1111", IND, PHONE,
        A "imei[0] fails the IMEI check digit", E("addtnlFact.imei", "[" IMEI_BAD "]")),
    BAD("second IMEI check digit", PH, IND, PHONE, A "imei[1] fails the IMEI check digit",
        E("addtnlFact.imei", "[" IMEI_OK "," IMEI_BAD "]")),
    BAD("three IMEIs", PH, IND, PHONE, A "imei must have 1 to 2 items",
        E("addtnlFact.imei", "[" IMEI_OK "," IMEI_OK2 "," IMEI_OK "]")),
    BAD("no IMEI", PH, IND, PHONE, A "imei must have 1 to 2 items", E("addtnlFact.imei", "[]")),
    BAD("IMEI not in an array", PH, IND, PHONE, A "imei must be an array",
        E("addtnlFact.imei", IMEI_OK)),
    BAD("IMEI missing", PH, IND, PHONE, A "imei is required", E("addtnlFact.imei", NULL)),
    BAD("IMEI 14 digits", PH, IND, PHONE, A "imei[0] must be 15 digits",
        E("addtnlFact.imei", "[\"49015420323751\"]")),
    BAD("IMEI 16 digits", PH, IND, PHONE, A "imei[0] must be 15 digits",
        E("addtnlFact.imei", "[\"4901542032375180\"]")),
    BAD("IMEI with a hyphen", PH, IND, PHONE, A "imei[0] must be 15 digits",
        E("addtnlFact.imei", "[\"49-0154203237518\"]")),
    BAD("IMEI as a number", PH, IND, PHONE, A "imei[0] must be a string",
        E("addtnlFact.imei", "[490154203237518]")),
    BAD("IMEI null item", PH, IND, PHONE, A "imei[0] must be a string",
        E("addtnlFact.imei", "[null]")),
    BAD("IMEI empty item", PH, IND, PHONE, A "imei[1] must be 15 digits",
        E("addtnlFact.imei", "[" IMEI_OK ",\"\"]")),
    OK("ntwrkGnrtn every value", PH, IND, PHONE,
       E("addtnlFact.ntwrkGnrtn", "[\"2g\",\"3g\",\"4g\",\"5g\",\"6g\"]")),
    OK("ntwrkGnrtn one", PH, IND, PHONE, E("addtnlFact.ntwrkGnrtn", "[\"2g\"]")),
    BAD("ntwrkGnrtn 7g", PH, IND, PHONE, A "ntwrkGnrtn[1] must be one of 2g, 3g, 4g, 5g, 6g",
        E("addtnlFact.ntwrkGnrtn", "[\"4g\",\"7g\"]")),
    BAD("ntwrkGnrtn upper case", PH, IND, PHONE,
        A "ntwrkGnrtn[0] must be one of 2g, 3g, 4g, 5g, 6g",
        E("addtnlFact.ntwrkGnrtn", "[\"4G\"]")),
    BAD("ntwrkGnrtn 1g", PH, IND, PHONE, A "ntwrkGnrtn[0] must be one of 2g, 3g, 4g, 5g, 6g",
        E("addtnlFact.ntwrkGnrtn", "[\"1g\"]")),
    BAD("ntwrkGnrtn empty", PH, IND, PHONE, A "ntwrkGnrtn must have 1 to 5 items",
        E("addtnlFact.ntwrkGnrtn", "[]")),
    BAD("ntwrkGnrtn six", PH, IND, PHONE, A "ntwrkGnrtn must have 1 to 5 items",
        E("addtnlFact.ntwrkGnrtn", "[\"2g\",\"3g\",\"4g\",\"5g\",\"6g\",\"5g\"]")),
    BAD("ntwrkGnrtn a string", PH, IND, PHONE, A "ntwrkGnrtn must be an array",
        E("addtnlFact.ntwrkGnrtn", "\"4g\"")),
    BAD("ntwrkGnrtn a number item", PH, IND, PHONE, A "ntwrkGnrtn[0] must be a string",
        E("addtnlFact.ntwrkGnrtn", "[4]")),
    BAD("brand missing", PH, IND, PHONE, A "brand is required", E("addtnlFact.brand", NULL)),
    BAD("model missing", PH, IND, PHONE, A "model is required", E("addtnlFact.model", "\"\"")),
    BAD("ram missing", PH, IND, PHONE, A "ram is required", E("addtnlFact.ram", NULL)),
    BAD("ram a number", PH, IND, PHONE, A "ram must be a string", E("addtnlFact.ram", "8")),
    BAD("strg missing", PH, IND, PHONE, A "strg is required", E("addtnlFact.strg", NULL)),
    BAD("ntwrkGnrtn missing", PH, IND, PHONE, A "ntwrkGnrtn is required",
        E("addtnlFact.ntwrkGnrtn", NULL)),
    BAD("phone without addtnlFact", PH, IND, PHONE, "Data cmmnd.seed.addtnlFact is required",
        E("addtnlFact", NULL)),
    BAD("laptop brand missing", "lapt-flx1-1111", IND, LAPTOP, A "brand is required",
        E("addtnlFact.brand", NULL)),
    BAD("laptop model a number", "lapt-flx2-1111", IND, LAPTOP, A "model must be a string",
        E("addtnlFact.model", "13")),
    BAD("laptop serialNo missing", "lapt-flx2-1111", IND, LAPTOP, A "serialNo is required",
        E("addtnlFact.serialNo", NULL)),
    BAD("laptop serialNo blank", "lptp-flx2-1111", IND, LAPTOP, A "serialNo is required",
        E("addtnlFact.serialNo", "\"\\t \"")),
};

static void devices(void **state)
{
    (void)state;
    RUN(device_rows);
}

/* --- motor ---------------------------------------------------------------------------------- */

#define MT "vhcl-tprt-1111"
#define MC "vhcl-cmpr-1111"
#define VIN_ERR A "chsssId must be 17 letters and digits without I, O or Q"
#define PLATE_ERR A "rgstrtId must be a Nigerian plate number such as ABC-123DE"

static const struct row motor_rows[] = {
    BAD("VIN with I", MT, IND, MOTOR, VIN_ERR, E("addtnlFact.chsssId", "\"2T1BURHE0JC04382I\"")),
    BAD("VIN with O", MT, IND, MOTOR, VIN_ERR, E("addtnlFact.chsssId", "\"2T1BURHEOJC043821\"")),
    BAD("VIN with Q", MC, IND, MOTOR_CMPR, VIN_ERR,
        E("addtnlFact.chsssId", "\"QT1BURHE0JC043821\"")),
    BAD("VIN 16", MT, IND, MOTOR, VIN_ERR, E("addtnlFact.chsssId", "\"2T1BURHE0JC04382\"")),
    BAD("VIN 18", MT, IND, MOTOR, VIN_ERR, E("addtnlFact.chsssId", "\"2T1BURHE0JC0438211\"")),
    BAD("VIN lower case", MT, IND, MOTOR, VIN_ERR,
        E("addtnlFact.chsssId", "\"2t1burhe0jc043821\"")),
    BAD("VIN with a space", MT, IND, MOTOR, VIN_ERR,
        E("addtnlFact.chsssId", "\"2T1BURHE0 C043821\"")),
    BAD("VIN missing", MT, IND, MOTOR, A "chsssId is required", E("addtnlFact.chsssId", NULL)),
    OK("VIN all digits", MT, IND, MOTOR, E("addtnlFact.chsssId", "\"12345678901234567\"")),
    OK("plate without hyphen", MT, IND, MOTOR, E("addtnlFact.rgstrtId", "\"ABC123DE\"")),
    OK("plate lower case", MT, IND, MOTOR, E("addtnlFact.rgstrtId", "\"kja-456xy\"")),
    OK("plate, comprehensive", MC, IND, MOTOR_CMPR, E("addtnlFact.rgstrtId", "\"LSD987AA\"")),
    BAD("plate two letters", MT, IND, MOTOR, PLATE_ERR, E("addtnlFact.rgstrtId", "\"AB-123DE\"")),
    BAD("plate two digits", MT, IND, MOTOR, PLATE_ERR, E("addtnlFact.rgstrtId", "\"ABC-12DE\"")),
    BAD("plate one end letter", MT, IND, MOTOR, PLATE_ERR,
        E("addtnlFact.rgstrtId", "\"ABC-123D\"")),
    BAD("plate three end letters", MT, IND, MOTOR, PLATE_ERR,
        E("addtnlFact.rgstrtId", "\"ABC-123DEF\"")),
    BAD("plate two hyphens", MT, IND, MOTOR, PLATE_ERR, E("addtnlFact.rgstrtId", "\"ABC--123DE\"")),
    BAD("plate underscore", MT, IND, MOTOR, PLATE_ERR, E("addtnlFact.rgstrtId", "\"ABC_123DE\"")),
    BAD("plate space", MT, IND, MOTOR, PLATE_ERR, E("addtnlFact.rgstrtId", "\"ABC 123DE\"")),
    BAD("plate hyphen late", MT, IND, MOTOR, PLATE_ERR, E("addtnlFact.rgstrtId", "\"ABC123-DE\"")),
    BAD("plate digits first", MC, IND, MOTOR_CMPR, PLATE_ERR,
        E("addtnlFact.rgstrtId", "\"123-ABCDE\"")),
    BAD("plate missing", MT, IND, MOTOR, A "rgstrtId is required", E("addtnlFact.rgstrtId", NULL)),
    OK("year 1950", MT, IND, MOTOR, E("addtnlFact.year", "1950")),
    OK("year next year", MT, IND, MOTOR, E("addtnlFact.year", "2026")),
    OK("year as a string", MT, IND, MOTOR, E("addtnlFact.year", "\"2018\"")),
    OK("year 2018.0", MT, IND, MOTOR, E("addtnlFact.year", "2018.0")),
    BAD("year 1949", MT, IND, MOTOR, A "year must be at least 1950", E("addtnlFact.year", "1949")),
    BAD("year after next", MT, IND, MOTOR, A "year must be at most 2026",
        E("addtnlFact.year", "2027")),
    BAD("year after next, comprehensive", MC, IND, MOTOR_CMPR, A "year must be at most 2026",
        E("addtnlFact.year", "\"2027\"")),
    BAD("year fraction", MT, IND, MOTOR, A "year must be a whole number",
        E("addtnlFact.year", "2018.5")),
    BAD("year text", MT, IND, MOTOR, A "year must be a whole number",
        E("addtnlFact.year", "\"twenty\"")),
    BAD("year negative", MT, IND, MOTOR, A "year must be at least 1950",
        E("addtnlFact.year", "-2018")),
    BAD("year missing", MT, IND, MOTOR, A "year is required", E("addtnlFact.year", NULL)),
    BAD("brand missing", MT, IND, MOTOR, A "brand is required", E("addtnlFact.brand", NULL)),
    BAD("model missing", MC, IND, MOTOR_CMPR, A "model is required", E("addtnlFact.model", NULL)),
    BAD("engineId missing", MT, IND, MOTOR, A "engineId is required",
        E("addtnlFact.engineId", NULL)),
    OK("third party needs no value", MT, IND, MOTOR),
    BAD("comprehensive value missing", MC, IND, MOTOR_CMPR, A "vhclValueForInsrnc is required",
        E("addtnlFact.vhclValueForInsrnc", NULL)),
    BAD("comprehensive value differs", MC, IND, MOTOR_CMPR,
        A "vhclValueForInsrnc must equal cmmnd.seed.vhclValueForInsrnc",
        E("addtnlFact.vhclValueForInsrnc", "2500001")),
    BAD("comprehensive value differs by kobo", MC, IND, MOTOR_CMPR,
        A "vhclValueForInsrnc must equal cmmnd.seed.vhclValueForInsrnc",
        E("addtnlFact.vhclValueForInsrnc", "\"2500000.01\"")),
    OK("value as string, quote a number", MC, IND, MOTOR_CMPR,
       E("addtnlFact.vhclValueForInsrnc", "\"2500000\"")),
    OK("value a number, quote a string", MC, IND, MOTOR_CMPR,
       E("vhclValueForInsrnc", "\"2500000.00\"")),
    OK("both strings with decimals", MC, IND, MOTOR_CMPR, E("vhclValueForInsrnc", "\"750000.5\""),
       E("addtnlFact.vhclValueForInsrnc", "\"750000.50\"")),
    OK("both numbers with decimals", MC, IND, MOTOR_CMPR, E("vhclValueForInsrnc", "750000.25"),
       E("addtnlFact.vhclValueForInsrnc", "\"750000.25\"")),
    OK("third decimal rounds up", MC, IND, MOTOR_CMPR, E("vhclValueForInsrnc", "\"750000.25\""),
       E("addtnlFact.vhclValueForInsrnc", "\"750000.245\"")),
    BAD("third decimal rounds down", MC, IND, MOTOR_CMPR,
        A "vhclValueForInsrnc must equal cmmnd.seed.vhclValueForInsrnc",
        E("vhclValueForInsrnc", "\"750000.25\""),
        E("addtnlFact.vhclValueForInsrnc", "\"750000.2449\"")),
    BAD("value below the minimum", MC, IND, MOTOR_CMPR,
        A "vhclValueForInsrnc must be at least 500000", E("vhclValueForInsrnc", "400000"),
        E("addtnlFact.vhclValueForInsrnc", "400000")),
    BAD("value not a number", MC, IND, MOTOR_CMPR, A "vhclValueForInsrnc must be a number",
        E("addtnlFact.vhclValueForInsrnc", "\"2,500,000\"")),
    BAD("value true", MC, IND, MOTOR_CMPR, A "vhclValueForInsrnc must be a number",
        E("addtnlFact.vhclValueForInsrnc", "true")),
    BAD("value too big", MC, IND, MOTOR_CMPR,
        A "vhclValueForInsrnc must be at most "
          "1000000000000000",
        E("addtnlFact.vhclValueForInsrnc", "\"99999999999999999999\"")),
};

static void motor(void **state)
{
    (void)state;
    RUN(motor_rows);
}

/* --- goods in transit --------------------------------------------------------------------- */

#define GT "gtrn-stnd-1111"
#define DEP "addtnlFact.dprtrDateTime"
#define ARR "addtnlFact.estmtdArrvlDateTime"

static const struct row git_rows[] = {
    BAD("perishables declined", GT, ORG, GIT,
        A "goodsType prsh is declined: perishable goods are not covered",
        E("addtnlFact.goodsType", "\"prsh\"")),
    BAD("goodsType unknown", GT, ORG, GIT, A "goodsType must be one of gnrl, prsh",
        E("addtnlFact.goodsType", "\"live\"")),
    BAD("goodsType upper case", GT, ORG, GIT, A "goodsType must be one of gnrl, prsh",
        E("addtnlFact.goodsType", "\"GNRL\"")),
    BAD("goodsType missing", GT, ORG, GIT, A "goodsType is required",
        E("addtnlFact.goodsType", NULL)),
    BAD("goodsDscrptn missing", GT, IND, GIT, A "goodsDscrptn is required",
        E("addtnlFact.goodsDscrptn", NULL)),
    BAD("goodsValue differs", GT, ORG, GIT, A "goodsValue must equal cmmnd.seed.goodsValue",
        E("addtnlFact.goodsValue", "999999")),
    OK("goodsValue as a string", GT, ORG, GIT, E("addtnlFact.goodsValue", "\"1000000\"")),
    OK("quote goodsValue as a string", GT, ORG, GIT, E("goodsValue", "\"1000000.00\"")),
    BAD("goodsValue missing", GT, ORG, GIT, A "goodsValue is required",
        E("addtnlFact.goodsValue", NULL)),
    OK("voyage any case, FCT", GT, ORG, GIT, E("addtnlFact.voyage", "[\"lagos\",\"FCT\"]")),
    OK("voyage two-word states", GT, ORG, GIT,
       E("addtnlFact.voyage", "[\"Akwa Ibom\",\"CROSS RIVER\"]")),
    OK("voyage Abuja, within one state", GT, ORG, GIT,
       E("addtnlFact.voyage", "[\"Abuja\",\"Federal Capital Territory\"]")),
    OK("voyage Zamfara to Abia", GT, ORG, GIT, E("addtnlFact.voyage", "[\"Zamfara\",\"Abia\"]")),
    BAD("voyage to a foreign state", GT, ORG, GIT,
        A "voyage[1] must be a Nigerian state or the FCT",
        E("addtnlFact.voyage", "[\"Lagos\",\"Texas\"]")),
    BAD("voyage from a city", GT, ORG, GIT, A "voyage[0] must be a Nigerian state or the FCT",
        E("addtnlFact.voyage", "[\"Ikeja\",\"Kano\"]")),
    BAD("voyage padded", GT, ORG, GIT, A "voyage[0] must be a Nigerian state or the FCT",
        E("addtnlFact.voyage", "[\" Lagos\",\"Kano\"]")),
    BAD("voyage one state", GT, ORG, GIT, A "voyage must have 2 items",
        E("addtnlFact.voyage", "[\"Lagos\"]")),
    BAD("voyage three states", GT, ORG, GIT, A "voyage must have 2 items",
        E("addtnlFact.voyage", "[\"Lagos\",\"Oyo\",\"Kano\"]")),
    BAD("voyage an object", GT, ORG, GIT, A "voyage must be an array",
        E("addtnlFact.voyage", "{\"from\":\"Lagos\",\"to\":\"Kano\"}")),
    BAD("voyage missing", GT, ORG, GIT, A "voyage is required", E("addtnlFact.voyage", NULL)),
    OK("rented vehicle", GT, ORG, GIT, E("addtnlFact.cnvyncVehicleType", "\"rntd\"")),
    BAD("vehicle type unknown", GT, ORG, GIT, A "cnvyncVehicleType must be one of ownd, rntd",
        E("addtnlFact.cnvyncVehicleType", "\"lsd\"")),
    BAD("vehicle type missing", GT, ORG, GIT, A "cnvyncVehicleType is required",
        E("addtnlFact.cnvyncVehicleType", NULL)),
    BAD("vehicle number missing", GT, ORG, GIT, A "cnvyncVehicleRgstrtNumber is required",
        E("addtnlFact.cnvyncVehicleRgstrtNumber", NULL)),
    BAD("arrival before departure", GT, ORG, GIT,
        A "estmtdArrvlDateTime must be after dprtrDateTime", E(ARR, "\"2025-06-19 23:59:59\"")),
    BAD("arrival at departure", GT, ORG, GIT, A "estmtdArrvlDateTime must be after dprtrDateTime",
        E(ARR, "\"2025-06-20 08:00:00\"")),
    OK("arrival a second later", GT, ORG, GIT, E(ARR, "\"2025-06-20 08:00:01\"")),
    OK("arrival exactly 30 days later", GT, ORG, GIT, E(ARR, "\"2025-07-20 08:00:00\"")),
    BAD("arrival 30 days and a second later", GT, ORG, GIT,
        A "estmtdArrvlDateTime must be at most 30 days after dprtrDateTime",
        E(ARR, "\"2025-07-20 08:00:01\"")),
    BAD("arrival 31 days later", GT, ORG, GIT,
        A "estmtdArrvlDateTime must be at most 30 days after dprtrDateTime",
        E(ARR, "\"2025-07-21 07:00:00\"")),
    OK("across a year end", GT, ORG, GIT, E(DEP, "\"2025-12-31 23:00:00\""),
       E(ARR, "\"2026-01-01 01:00:00\"")),
    OK("across 29 February", GT, ORG, GIT, E(DEP, "\"2028-02-10 00:00:00\""),
       E(ARR, "\"2028-03-11 00:00:00\"")),
    BAD("across 29 February, too long", GT, ORG, GIT,
        A "estmtdArrvlDateTime must be at most 30 days after dprtrDateTime",
        E(DEP, "\"2028-02-10 00:00:00\""), E(ARR, "\"2028-03-11 00:00:01\"")),
    BAD("departure with a T", GT, ORG, GIT,
        A "dprtrDateTime must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E(DEP, "\"2025-06-20T08:00:00\"")),
    BAD("departure without seconds", GT, ORG, GIT,
        A "dprtrDateTime must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E(DEP, "\"2025-06-20 08:00\"")),
    BAD("departure hour 24", GT, ORG, GIT,
        A "dprtrDateTime must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E(DEP, "\"2025-06-20 24:00:00\"")),
    BAD("departure second 60", GT, ORG, GIT,
        A "dprtrDateTime must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E(DEP, "\"2025-06-20 23:59:60\"")),
    BAD("departure a date only", GT, ORG, GIT,
        A "dprtrDateTime must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E(DEP, "\"2025-06-20\"")),
    BAD("departure not a real day", GT, ORG, GIT, A "dprtrDateTime is not a real calendar date",
        E(DEP, "\"2025-06-31 08:00:00\"")),
    BAD("departure a number", GT, ORG, GIT,
        A "dprtrDateTime must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E(DEP, "1750406400")),
    BAD("departure missing", GT, ORG, GIT, A "dprtrDateTime is required", E(DEP, NULL)),
    BAD("arrival missing", GT, ORG, GIT, A "estmtdArrvlDateTime is required", E(ARR, NULL)),
    BAD("arrival not a real day", GT, ORG, GIT, A "estmtdArrvlDateTime is not a real calendar date",
        E(ARR, "\"2025-02-29 08:00:00\"")),
};

static void goods_in_transit(void **state)
{
    (void)state;
    RUN(git_rows);
}

/* --- marine ------------------------------------------------------------------------------------
 */

#define MX "mexx-stnd-1111"
#define MI "mrnn-stnd-1111"
#define MA "mrnn-cmpr-1111"

static const struct row marine_rows[] = {
    BAD("Id upper case", MX, IND, MARINE,
        A "ProformaInvoice.Id must be lowercase letters and digits",
        E("addtnlFact.ProformaInvoice.Id", "\"INV2025A1\"")),
    BAD("Id upper case, import", MI, ORG, MARINE_ORG,
        A "ProformaInvoice.Id must be lowercase letters and digits",
        E("addtnlFact.ProformaInvoice.Id", "\"inv2025A1\"")),
    BAD("Id with a hyphen", MA, IND, MARINE,
        A "ProformaInvoice.Id must be lowercase letters and digits",
        E("addtnlFact.ProformaInvoice.Id", "\"inv-2025\"")),
    OK("Id digits only", MA, IND, MARINE, E("addtnlFact.ProformaInvoice.Id", "\"20250601\"")),
    BAD("Id missing", MX, IND, MARINE, A "ProformaInvoice.Id is required",
        E("addtnlFact.ProformaInvoice.Id", NULL)),
    BAD("Value missing", MX, IND, MARINE, A "ProformaInvoice.Value is required",
        E("addtnlFact.ProformaInvoice.Value", NULL)),
    BAD("Value text", MX, IND, MARINE, A "ProformaInvoice.Value must be a number",
        E("addtnlFact.ProformaInvoice.Value", "\"five million\"")),
    BAD("Value negative", MX, IND, MARINE, A "ProformaInvoice.Value must be at least 0",
        E("addtnlFact.ProformaInvoice.Value", "-1")),
    OK("Value a string with decimals", MX, IND, MARINE,
       E("addtnlFact.ProformaInvoice.Value", "\"4999999.99\"")),
    BAD("Date slashes", MX, IND, MARINE,
        A "ProformaInvoice.Date must be a date in the form YYYY-MM-DD",
        E("addtnlFact.ProformaInvoice.Date", "\"01/06/2025\"")),
    BAD("Date not real", MX, IND, MARINE, A "ProformaInvoice.Date is not a real calendar date",
        E("addtnlFact.ProformaInvoice.Date", "\"2025-13-01\"")),
    BAD("ProformaInvoice missing", MX, IND, MARINE, A "ProformaInvoice is required",
        E("addtnlFact.ProformaInvoice", NULL)),
    BAD("ProformaInvoice an array", MX, IND, MARINE, A "ProformaInvoice must be an object",
        E("addtnlFact.ProformaInvoice", "[]")),
    BAD("ProformaInvoice a string", MI, IND, MARINE, A "ProformaInvoice must be an object",
        E("addtnlFact.ProformaInvoice", "\"inv1\"")),
    BAD("GoodsDscrptn missing", MX, IND, MARINE, A "GoodsDscrptn is required",
        E("addtnlFact.GoodsDscrptn", NULL)),
    BAD("RiskLocation missing", MA, IND, MARINE, A "RiskLocation is required",
        E("addtnlFact.RiskLocation", NULL)),
    BAD("CoverStartDate missing", MX, IND, MARINE, A "CoverStartDate is required",
        E("addtnlFact.CoverStartDate", NULL)),
    BAD("CoverStartDate with a time", MX, IND, MARINE,
        A "CoverStartDate must be a date in the form YYYY-MM-DD",
        E("addtnlFact.CoverStartDate", "\"2025-07-01 00:00:00\"")),
    BAD("DirectorInfo for organisations", MX, ORG, MARINE,
        A "DirectorInfo is required for organisation consumers"),
    BAD("DirectorInfo for organisations, import basic", MI, ORG, MARINE,
        A "DirectorInfo is required for organisation consumers"),
    BAD("DirectorInfo for organisations, import comprehensive", MA, ORG, MARINE,
        A "DirectorInfo is required for organisation consumers"),
    BAD("DirectorInfo null", MA, ORG, MARINE_ORG,
        A "DirectorInfo is required for organisation consumers",
        E("addtnlFact.DirectorInfo", "null")),
    BAD("DirectorInfo without name", MA, ORG, MARINE_ORG, A "DirectorInfo.name is required",
        E("addtnlFact.DirectorInfo", "{}")),
    BAD("DirectorInfo name a number", MX, ORG, MARINE_ORG, A "DirectorInfo.name must be a string",
        E("addtnlFact.DirectorInfo.name", "1")),
    BAD("DirectorInfo a string", MX, ORG, MARINE_ORG, A "DirectorInfo must be an object",
        E("addtnlFact.DirectorInfo", "\"Ada Obi\"")),
    OK("DirectorInfo not for individuals", MX, IND, MARINE),
    OK("DirectorInfo ignored for individuals", MI, IND, MARINE_ORG,
       E("addtnlFact.DirectorInfo", "{}")),
    BAD("organisation without addtnlFact", MX, ORG, MARINE_ORG,
        "Data cmmnd.seed.addtnlFact is required", E("addtnlFact", NULL)),
};

static void marine(void **state)
{
    (void)state;
    RUN(marine_rows);
}

/* --- loan repayment guarantee ------------------------------------------------------------------
 */

#define LN "lrgg-stnd-1111"
#define END "addtnlFact.LoanEndDate"
#define START "addtnlFact.LoanStartDate"
#define MONTHS_ERR                                                                                 \
    A "LoanEndDate must be 12 months after LoanStartDate (LoanTenure), within 1 month"

static const struct row loan_rows[] = {
    BAD("end before start", LN, IND, LOAN, A "LoanEndDate must be after LoanStartDate",
        E(END, "\"2025-05-31\"")),
    BAD("end on start", LN, IND, LOAN, A "LoanEndDate must be after LoanStartDate",
        E(END, "\"2025-06-01\"")),
    OK("11 months", LN, IND, LOAN, E(END, "\"2026-05-01\"")),
    OK("13 months", LN, IND, LOAN, E(END, "\"2026-07-01\"")),
    BAD("13 months and a day", LN, IND, LOAN, MONTHS_ERR, E(END, "\"2026-07-02\"")),
    BAD("11 months less a day", LN, IND, LOAN, MONTHS_ERR, E(END, "\"2026-04-30\"")),
    BAD("6 months", LN, IND, LOAN, MONTHS_ERR, E(END, "\"2025-12-01\"")),
    BAD("24 months", LN, IND, LOAN, MONTHS_ERR, E(END, "\"2027-06-01\"")),
    /* Tenure 1: anything after the start, up to two months later. */
    OK("tenure 1, next day", LN, IND, LOAN, E("LoanTenure", "1"), E("addtnlFact.LoanTenure", "1"),
       E(END, "\"2025-06-02\"")),
    OK("tenure 1, two months", LN, IND, LOAN, E("LoanTenure", "1"), E("addtnlFact.LoanTenure", "1"),
       E(END, "\"2025-08-01\"")),
    BAD("tenure 1, too late", LN, IND, LOAN,
        A "LoanEndDate must be 1 month after LoanStartDate (LoanTenure), within 1 month",
        E("LoanTenure", "1"), E("addtnlFact.LoanTenure", "1"), E(END, "\"2025-08-02\"")),
    /* Month ends: 31 January plus one month is 28 February. */
    OK("from 31 December, 3 months, end 28 February", LN, IND, LOAN, E("LoanTenure", "3"),
       E("addtnlFact.LoanTenure", "\"3\""), E(START, "\"2024-12-31\""), E(END, "\"2025-02-28\"")),
    BAD("from 31 December, 3 months, end 27 February", LN, IND, LOAN,
        A "LoanEndDate must be 3 months after LoanStartDate (LoanTenure), within 1 month",
        E("LoanTenure", "3"), E("addtnlFact.LoanTenure", "3"), E(START, "\"2024-12-31\""),
        E(END, "\"2025-02-27\"")),
    OK("from 31 December, 3 months, end 30 April", LN, IND, LOAN, E("LoanTenure", "3"),
       E("addtnlFact.LoanTenure", "3"), E(START, "\"2024-12-31\""), E(END, "\"2025-04-30\"")),
    BAD("from 31 December, 3 months, end 1 May", LN, IND, LOAN,
        A "LoanEndDate must be 3 months after LoanStartDate (LoanTenure), within 1 month",
        E("LoanTenure", "3"), E("addtnlFact.LoanTenure", "3"), E(START, "\"2024-12-31\""),
        E(END, "\"2025-05-01\"")),
    BAD("tenure 2, under a month", LN, IND, LOAN,
        A "LoanEndDate must be 2 months after LoanStartDate (LoanTenure), within 1 month",
        E("LoanTenure", "2"), E("addtnlFact.LoanTenure", "2"), E(END, "\"2025-06-30\"")),
    OK("tenure 2, a month", LN, IND, LOAN, E("LoanTenure", "2"), E("addtnlFact.LoanTenure", "2"),
       E(END, "\"2025-07-01\"")),
    OK("60 months", LN, IND, LOAN, E("LoanTenure", "60"), E("addtnlFact.LoanTenure", "60"),
       E(END, "\"2030-06-01\"")),
    BAD("tenure differs from the quote", LN, IND, LOAN,
        A "LoanTenure must equal cmmnd.seed.LoanTenure", E("addtnlFact.LoanTenure", "13")),
    OK("tenure as strings", LN, IND, LOAN, E("LoanTenure", "\"12\""),
       E("addtnlFact.LoanTenure", "\"12\"")),
    BAD("tenure 61", LN, IND, LOAN, A "LoanTenure must be at most 60",
        E("addtnlFact.LoanTenure", "61")),
    BAD("tenure 0", LN, IND, LOAN, A "LoanTenure must be at least 1",
        E("addtnlFact.LoanTenure", "0")),
    BAD("tenure fraction", LN, IND, LOAN, A "LoanTenure must be a whole number",
        E("addtnlFact.LoanTenure", "12.5")),
    BAD("tenure missing", LN, IND, LOAN, A "LoanTenure is required",
        E("addtnlFact.LoanTenure", NULL)),
    BAD("amount differs", LN, IND, LOAN, A "LoanAmount must equal cmmnd.seed.LoanAmount",
        E("addtnlFact.LoanAmount", "450001")),
    OK("amount as a string", LN, IND, LOAN, E("addtnlFact.LoanAmount", "\"450000.00\"")),
    OK("legacy quote name loanAmount", LN, IND, LOAN, E("LoanAmount", NULL),
       E("loanAmount", "\"450000\"")),
    BAD("legacy quote name loanAmount, differs", LN, IND, LOAN,
        A "LoanAmount must equal cmmnd.seed.loanAmount", E("LoanAmount", NULL),
        E("loanAmount", "\"450000\""), E("addtnlFact.LoanAmount", "45000")),
    BAD("amount below 10000", LN, IND, LOAN, A "LoanAmount must be at least 10000",
        E("addtnlFact.LoanAmount", "9999.99")),
    BAD("amount above 100000000", LN, IND, LOAN, A "LoanAmount must be at most 100000000",
        E("addtnlFact.LoanAmount", "100000000.01")),
    BAD("amount missing", LN, IND, LOAN, A "LoanAmount is required",
        E("addtnlFact.LoanAmount", NULL)),
    BAD("DsbrsmDate missing", LN, IND, LOAN, A "DsbrsmDate is required",
        E("addtnlFact.DsbrsmDate", NULL)),
    BAD("DsbrsmDate not real", LN, IND, LOAN, A "DsbrsmDate is not a real calendar date",
        E("addtnlFact.DsbrsmDate", "\"2025-04-31\"")),
    BAD("start missing", LN, IND, LOAN, A "LoanStartDate is required", E(START, NULL)),
    BAD("start short form", LN, IND, LOAN, A "LoanStartDate must be a date in the form YYYY-MM-DD",
        E(START, "\"2025-6-1\"")),
    BAD("end missing", LN, IND, LOAN, A "LoanEndDate is required", E(END, NULL)),
    BAD("end a number", LN, IND, LOAN, A "LoanEndDate must be a date in the form YYYY-MM-DD",
        E(END, "20260601")),
};

static void loan(void **state)
{
    (void)state;
    RUN(loan_rows);
}

/* --- travel -------------------------------------------------------------------------------------
 */

#define TV "ltix-stnd-1111"

static const struct row travel_rows[] = {
    BAD("start yesterday", TV, IND, TRAVEL, A "trvlStartDate must not be in the past",
        E("addtnlFact.trvlStartDate", "\"2025-06-14\"")),
    BAD("start last year", TV, IND, TRAVEL_FAMILY, A "trvlStartDate must not be in the past",
        E("addtnlFact.trvlStartDate", "\"2024-12-31\"")),
    OK("start today", TV, IND, TRAVEL, E("addtnlFact.trvlStartDate", "\"2025-06-15\"")),
    OK("start next year", TV, IND, TRAVEL, E("addtnlFact.trvlStartDate", "\"2026-01-01\"")),
    BAD("start missing", TV, IND, TRAVEL, A "trvlStartDate is required",
        E("addtnlFact.trvlStartDate", NULL)),
    BAD("start with a time", TV, IND, TRAVEL,
        A "trvlStartDate must be a date in the form YYYY-MM-DD",
        E("addtnlFact.trvlStartDate", "\"2025-07-01 10:00:00\"")),
    BAD("family, no passengers", TV, IND, TRAVEL_FAMILY, A "passengers must have 1 to 8 items",
        E("addtnlFact.passengers", "[]")),
    OK("family, one passenger", TV, IND, TRAVEL_FAMILY, E("addtnlFact.passengers", "[" PAX "]")),
    OK("family, eight passengers", TV, IND, TRAVEL_FAMILY, E("addtnlFact.passengers", PAX8)),
    BAD("family, nine passengers", TV, IND, TRAVEL_FAMILY, A "passengers must have 1 to 8 items",
        E("addtnlFact.passengers", PAX9)),
    BAD("family, passengers missing", TV, IND, TRAVEL_FAMILY,
        A "passengers is required when cmmnd.seed.planType is family",
        E("addtnlFact.passengers", NULL)),
    BAD("family, passengers an object", TV, IND, TRAVEL_FAMILY, A "passengers must be an array",
        E("addtnlFact.passengers", PAX)),
    BAD("passenger a string", TV, IND, TRAVEL_FAMILY, A "passengers[1] must be an object",
        E("addtnlFact.passengers", "[" PAX ",\"Ada\"]")),
    BAD("passenger dob form", TV, IND, TRAVEL_FAMILY,
        A "passengers[2].dob must be a date in the form YYYY-MM-DD",
        E("addtnlFact.passengers.2.dob", "\"03/02/1990\"")),
    BAD("passenger dob not real", TV, IND, TRAVEL_FAMILY,
        A "passengers[1].dob is not a real calendar date",
        E("addtnlFact.passengers.1.dob", "\"1990-02-30\"")),
    BAD("passenger firstName missing", TV, IND, TRAVEL_FAMILY,
        A "passengers[0].firstName is required", E("addtnlFact.passengers.0.firstName", NULL)),
    BAD("passenger lastName blank", TV, IND, TRAVEL_FAMILY, A "passengers[2].lastName is required",
        E("addtnlFact.passengers.2.lastName", "\"\"")),
    BAD("passenger passportNo missing", TV, IND, TRAVEL_FAMILY,
        A "passengers[1].passportNo is required", E("addtnlFact.passengers.1.passportNo", NULL)),
    BAD("passenger passportNo a number", TV, IND, TRAVEL_FAMILY,
        A "passengers[0].passportNo must be a string",
        E("addtnlFact.passengers.0.passportNo", "1234567")),
    OK("individual plan ignores passengers", TV, IND, TRAVEL,
       E("addtnlFact.passengers", "[1,2,3]")),
    OK("individual plan sent explicitly", TV, IND, TRAVEL, E("planType", "\"individual\"")),
    BAD("planType family, quote individual", TV, IND, TRAVEL,
        A "planType must equal cmmnd.seed.planType", E("addtnlFact.planType", "\"family\""),
        E("addtnlFact.passengers", PAX2)),
    BAD("planType individual, quote family", TV, IND, TRAVEL_FAMILY,
        A "planType must equal cmmnd.seed.planType", E("addtnlFact.planType", "\"individual\"")),
    BAD("planType unknown", TV, IND, TRAVEL, A "planType must be one of individual, family",
        E("addtnlFact.planType", "\"group\"")),
    BAD("planType missing", TV, IND, TRAVEL, A "planType is required",
        E("addtnlFact.planType", NULL)),
    OK("destination ignores case", TV, IND, TRAVEL, E("addtnlFact.destination", "\"FRANCE \"")),
    BAD("destination differs", TV, IND, TRAVEL, A "destination must equal cmmnd.seed.destination",
        E("addtnlFact.destination", "\"Spain\"")),
    BAD("destination missing", TV, IND, TRAVEL, A "destination is required",
        E("addtnlFact.destination", NULL)),
    OK("isHajj false, quote absent", TV, IND, TRAVEL, E("addtnlFact.isHajj", "false")),
    OK("isHajj true", TV, IND, TRAVEL, E("destination", "\"Saudi Arabia\""), E("isHajj", "true"),
       E("addtnlFact.destination", "\"saudi arabia\""), E("addtnlFact.isHajj", "true")),
    BAD("isHajj true, quote absent", TV, IND, TRAVEL, A "isHajj must equal cmmnd.seed.isHajj",
        E("addtnlFact.isHajj", "true")),
    BAD("isHajj false, quote true", TV, IND, TRAVEL, A "isHajj must equal cmmnd.seed.isHajj",
        E("isHajj", "true"), E("addtnlFact.isHajj", "false")),
    BAD("isHajj a string", TV, IND, TRAVEL, A "isHajj must be true or false",
        E("addtnlFact.isHajj", "\"true\"")),
    OK("isHajj null is absent", TV, IND, TRAVEL, E("isHajj", "true"),
       E("addtnlFact.isHajj", "null")),
};

static void travel(void **state)
{
    (void)state;
    RUN(travel_rows);
}

/* --- driver pass -------------------------------------------------------------------------------
 */

#define DP "dpss-stnd-1111"

static const struct row driver_rows[] = {
    OK("plan pdc", DP, IND, DRIVER, E("plan", "\"pdc\""), E("addtnlFact.plan", "\"pdc\"")),
    OK("plan cdc, organisation", DP, ORG, DRIVER, E("plan", "\"cdc\""),
       E("addtnlFact.plan", "\"cdc\"")),
    BAD("plan differs from the quote", DP, IND, DRIVER, A "plan must equal cmmnd.seed.plan",
        E("addtnlFact.plan", "\"kdc\"")),
    BAD("plan unknown", DP, IND, DRIVER, A "plan must be one of pdc, bdc, kdc, cdc",
        E("addtnlFact.plan", "\"xyz\"")),
    BAD("plan upper case", DP, IND, DRIVER, A "plan must be one of pdc, bdc, kdc, cdc",
        E("addtnlFact.plan", "\"BDC\"")),
    BAD("plan missing", DP, IND, DRIVER, A "plan is required", E("addtnlFact.plan", NULL)),
    BAD("licence missing", DP, IND, DRIVER, A "drvrLcnsNo is required",
        E("addtnlFact.drvrLcnsNo", NULL)),
    BAD("licence blank", DP, IND, DRIVER, A "drvrLcnsNo is required",
        E("addtnlFact.drvrLcnsNo", "\"   \"")),
    BAD("licence a number", DP, IND, DRIVER, A "drvrLcnsNo must be a string",
        E("addtnlFact.drvrLcnsNo", "12345678")),
    BAD("no addtnlFact", DP, IND, DRIVER, "Data cmmnd.seed.addtnlFact is required",
        E("addtnlFact", NULL)),
};

static void driver_pass(void **state)
{
    (void)state;
    RUN(driver_rows);
}

/* --- rules the shipped catalog does not use yet ----------------------------------------------- */

static const char mini_catalog[] =
    "{\"format\": 1, \"products\": ["
    "{\"code\": \"test-rule-1111\", \"name\": \"Rules\", \"category\": \"test\","
    " \"periods\": [\"1y\"],"
    " \"quote\": [{\"name\": \"insrncDrtn\", \"legacyNames\": [\"drtn\"], \"type\": \"period\","
    "   \"required\": true},"
    "  {\"name\": \"months\", \"type\": \"integer\", \"required\": false, \"max\": 600},"
    "  {\"name\": \"kind\", \"type\": \"string\", \"required\": false}],"
    " \"premium\": {\"kind\": \"table\", \"prices\": {\"1y\": 100}},"
    " \"addtnlFact\": ["
    "  {\"name\": \"code\", \"type\": \"string\", \"min\": 2, \"max\": 4},"
    "  {\"name\": \"note\", \"type\": \"string\", \"required\": false},"
    "  {\"name\": \"period\", \"type\": \"string\", \"required\": false,"
    "   \"sameAsQuote\": \"insrncDrtn\"},"
    "  {\"name\": \"taxId\", \"type\": \"string\", \"onlyFor\": \"individual\"},"
    "  {\"name\": \"cargo\", \"type\": \"string\", \"onlyWhen\": {\"field\": \"kind\","
    "   \"equals\": \"ship\"}},"
    "  {\"name\": \"tags\", \"type\": \"array\", \"required\": false, \"min\": 1,"
    "   \"items\": {\"type\": \"string\"}},"
    "  {\"name\": \"pair\", \"type\": \"array\", \"required\": false, \"max\": 1,"
    "   \"items\": {\"type\": \"array\", \"items\": {\"type\": \"integer\", \"max\": 9}}},"
    "  {\"name\": \"from\", \"type\": \"datetime\", \"required\": false},"
    "  {\"name\": \"to\", \"type\": \"datetime\", \"required\": false, \"after\": \"from\","
    "   \"monthsAfter\": \"months\"},"
    "  {\"name\": \"flag\", \"type\": \"boolean\", \"required\": false}"
    " ],"
    " \"underwriting\": \"auto\"},"
    "{\"code\": \"test-opts-1111\", \"name\": \"Optional\", \"category\": \"test\","
    " \"periods\": [\"1y\"],"
    " \"quote\": [{\"name\": \"insrncDrtn\", \"type\": \"period\", \"required\": true}],"
    " \"premium\": {\"kind\": \"table\", \"prices\": {\"1y\": 100}},"
    " \"addtnlFact\": [{\"name\": \"note\", \"type\": \"string\", \"required\": false}],"
    " \"underwriting\": \"auto\"}"
    "]}";

#define RULE "{\"insrncDrtn\":\"1y\",\"addtnlFact\":{\"code\":\"ab\",\"taxId\":\"T1\"}}"
#define RT "test-rule-1111"
#define OP "test-opts-1111"
#define TO_ERR "Data cmmnd.seed.addtnlFact.to must be 3 months after from (months)"

static const struct row rule_rows[] = {
    OK("minimal", RT, IND, RULE),
    OK("organisation needs no taxId", RT, ORG, RULE, E("addtnlFact.taxId", NULL)),
    OK("organisation: taxId ignored", RT, ORG, RULE, E("addtnlFact.taxId", "5")),
    BAD("taxId for individuals", RT, IND, RULE, A "taxId is required for individual consumers",
        E("addtnlFact.taxId", NULL)),
    BAD("code 1 character", RT, IND, RULE, A "code must be at least 2 characters long",
        E("addtnlFact.code", "\"a\"")),
    BAD("code 5 characters", RT, IND, RULE, A "code must be at most 4 characters long",
        E("addtnlFact.code", "\"abcde\"")),
    OK("code 4 characters of 2 bytes", RT, IND, RULE,
       E("addtnlFact.code", "\"\\u00e9\\u00e9\\u00e9\\u00e9\"")),
    OK("optional note blank", RT, IND, RULE, E("addtnlFact.note", "\"\"")),
    BAD("optional note a number", RT, IND, RULE, A "note must be a string",
        E("addtnlFact.note", "1")),
    OK("period same as quote", RT, IND, RULE, E("addtnlFact.period", "\"1y\"")),
    OK("period same as legacy drtn", RT, IND, RULE, E("insrncDrtn", NULL), E("drtn", "\"1y\""),
       E("addtnlFact.period", "\"1y\"")),
    BAD("period differs from legacy drtn", RT, IND, RULE, A "period must equal cmmnd.seed.drtn",
        E("insrncDrtn", NULL), E("drtn", "\"1y\""), E("addtnlFact.period", "\"12m\"")),
    OK("cargo not needed", RT, IND, RULE, E("kind", "\"plane\"")),
    BAD("cargo when kind is ship", RT, IND, RULE,
        A "cargo is required when cmmnd.seed.kind is ship", E("kind", "\" SHIP \"")),
    OK("cargo given", RT, IND, RULE, E("kind", "\"ship\""), E("addtnlFact.cargo", "\"oil\"")),
    BAD("tags empty", RT, IND, RULE, A "tags must have at least 1 item",
        E("addtnlFact.tags", "[]")),
    OK("many tags", RT, IND, RULE, E("addtnlFact.tags", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]")),
    BAD("pair two", RT, IND, RULE, A "pair must have at most 1 item",
        E("addtnlFact.pair", "[[1],[2]]")),
    BAD("pair nested item", RT, IND, RULE, A "pair[0][1] must be at most 9",
        E("addtnlFact.pair", "[[1,10]]")),
    BAD("pair nested type", RT, IND, RULE, A "pair[0] must be an array",
        E("addtnlFact.pair", "[{}]")),
    OK("to without from", RT, IND, RULE, E("addtnlFact.to", "\"2025-01-01 00:00:00\"")),
    OK("to after from, no month count", RT, IND, RULE,
       E("addtnlFact.from", "\"2025-01-31 12:00:00\""),
       E("addtnlFact.to", "\"2030-01-01 00:00:00\"")),
    OK("to 3 months after from", RT, IND, RULE, E("months", "3"),
       E("addtnlFact.from", "\"2025-01-31 12:00:00\""),
       E("addtnlFact.to", "\"2025-04-30 12:00:00\"")),
    BAD("to 3 months and a second", RT, IND, RULE, TO_ERR, E("months", "3"),
        E("addtnlFact.from", "\"2025-01-31 12:00:00\""),
        E("addtnlFact.to", "\"2025-04-30 12:00:01\"")),
    BAD("to a second short of 3 months", RT, IND, RULE, TO_ERR, E("months", "\"3\""),
        E("addtnlFact.from", "\"2025-01-31 12:00:00\""),
        E("addtnlFact.to", "\"2025-04-30 11:59:59\"")),
    BAD("to before from", RT, IND, RULE, A "to must be after from",
        E("addtnlFact.from", "\"2025-01-31 12:00:00\""),
        E("addtnlFact.to", "\"2025-01-31 11:00:00\"")),
    OK("to alone", RT, IND, RULE, E("addtnlFact.to", "\"2025-01-31 11:00:00\"")),
    BAD("from invalid", RT, IND, RULE,
        A "from must be a date and time in the form YYYY-MM-DD HH:MM:SS",
        E("addtnlFact.from", "\"x\""), E("addtnlFact.to", "\"2025-01-31 11:00:00\"")),
    BAD("flag a number", RT, IND, RULE, A "flag must be true or false", E("addtnlFact.flag", "1")),
    BAD("organisation, addtnlFact absent", RT, ORG, RULE, "Data cmmnd.seed.addtnlFact is required",
        E("addtnlFact", NULL)),
    OK("nothing required, addtnlFact absent", OP, IND, RULE, E("addtnlFact", NULL)),
    OK("nothing required, addtnlFact null", OP, ORG, RULE, E("addtnlFact", "null")),
    OK("nothing required, addtnlFact empty", OP, ORG, RULE, E("addtnlFact", "{}")),
    BAD("nothing required, addtnlFact an array", OP, IND, RULE,
        "Data cmmnd.seed.addtnlFact must be an object", E("addtnlFact", "[{}]")),
    BAD("nothing required, note a number", OP, IND, RULE, A "note must be a string",
        E("addtnlFact.note", "7")),
};

static void generic_rules(void **state)
{
    char err[512];
    struct catalog *mini =
        catalog_load_text(mini_catalog, strlen(mini_catalog), "mini", err, sizeof err);

    (void)state;
    if (mini == NULL)
        fail_msg("%s", err);
    run_rows(rule_rows, sizeof rule_rows / sizeof rule_rows[0], mini);
    catalog_unref(mini);
}

/* The error buffer: optional, cut to its size, always NUL-terminated; the seed optional. */
static void error_buffer(void **state)
{
    const struct product *p = catalog_find(cat, "phnn-flx1-1111", 14);
    json_t *seed = json_loads(PHONE, 0, NULL), *af;
    char small[12];

    (void)state;
    assert_non_null(p);
    assert_non_null(seed);
    af = json_object_get(seed, "addtnlFact");
    json_object_set_new(af, "imei", json_loads("[" IMEI_BAD "]", 0, NULL));
    assert_int_equal(facts_check(p, &ops, af, seed, IND, today, NULL, 0), -1);
    assert_int_equal(facts_check(p, &ops, af, seed, IND, today, small, 0), -1);
    assert_int_equal(facts_check(p, &ops, af, seed, IND, today, small, sizeof small), -1);
    assert_string_equal(small, "Data cmmnd.");
    json_object_set_new(af, "imei", json_loads("[" IMEI_OK "]", 0, NULL));
    assert_int_equal(facts_check(p, &ops, af, NULL, IND, today, small, sizeof small), 0);
    assert_string_equal(small, "");
    json_decref(seed);
    /* Without a seed, same_as_quote has nothing to equal. */
    seed = json_loads(DRIVER, 0, NULL);
    p = catalog_find(cat, "dpss-stnd-1111", 14);
    assert_int_equal(
        facts_check(p, &ops, json_object_get(seed, "addtnlFact"), NULL, IND, today, small, 1), -1);
    assert_string_equal(small, "");
    json_decref(seed);
}

/* --- the consumer record ---------------------------------------------------------------------- */

struct consumer_row {
    const char *desc;
    const char *code;
    int cls;
    const char *profile; /* JSON text; NULL = no profile */
    const char *err;     /* NULL = passes */
};

#define DOB "\"dob\":{\"date\":\"1990-02-03\"}"
#define ADDR "\"addrss\":{\"addrss\":\"1 Marina, Lagos\"}"
#define SOCIAL "\"socialID\":{\"type\":\"nidd\",\"id\":\"12345678901\"}"
#define LACKS(PATH, CODE) "Consumer record lacks " PATH ", which " CODE " requires"

static const struct consumer_row consumer_rows[] = {
    {"health ok", "hlth-axam-1111", IND, "{" DOB ",\"eMail\":\"a@b.ng\"}", NULL},
    {"health organisation", "hlth-axam-1111", ORG, "{" DOB "}", NULL},
    {"health no dob", "hlth-axam-1111", IND, "{\"eMail\":\"a@b.ng\"}",
     LACKS("dob.date", "hlth-axam-1111")},
    {"health dob without date", "hlth-axam-1111", IND, "{\"dob\":{\"proof\":\"AAAA\"}}",
     LACKS("dob.date", "hlth-axam-1111")},
    {"health dob date empty", "hlth-axam-1111", IND, "{\"dob\":{\"date\":\"\"}}",
     LACKS("dob.date", "hlth-axam-1111")},
    {"health dob date null", "hlth-axam-1111", IND, "{\"dob\":{\"date\":null}}",
     LACKS("dob.date", "hlth-axam-1111")},
    {"health dob a string", "hlth-axam-1111", IND, "{\"dob\":\"1990-02-03\"}",
     LACKS("dob.date", "hlth-axam-1111")},
    {"health no profile", "hlth-axam-1111", IND, NULL, LACKS("dob.date", "hlth-axam-1111")},
    {"health profile an array", "hlth-axam-1111", IND, "[]", LACKS("dob.date", "hlth-axam-1111")},
    {"travel ok", "ltix-stnd-1111", IND, "{" DOB "}", NULL},
    {"travel no dob", "ltix-stnd-1111", IND, "{}", LACKS("dob.date", "ltix-stnd-1111")},
    {"loan ok", "lrgg-stnd-1111", IND, "{" DOB ",\"gender\":\"f\"," ADDR "}", NULL},
    {"loan no dob", "lrgg-stnd-1111", IND, "{\"gender\":\"f\"," ADDR "}",
     LACKS("dob.date", "lrgg-stnd-1111")},
    {"loan no gender", "lrgg-stnd-1111", IND, "{" DOB "," ADDR "}",
     LACKS("gender", "lrgg-stnd-1111")},
    {"loan gender empty", "lrgg-stnd-1111", IND, "{" DOB ",\"gender\":\"\"," ADDR "}",
     LACKS("gender", "lrgg-stnd-1111")},
    {"loan no addrss", "lrgg-stnd-1111", IND, "{" DOB ",\"gender\":\"m\"}",
     LACKS("addrss.addrss", "lrgg-stnd-1111")},
    {"loan addrss only proof", "lrgg-stnd-1111", IND,
     "{" DOB ",\"gender\":\"m\",\"addrss\":{\"proof\":\"AAAA\"}}",
     LACKS("addrss.addrss", "lrgg-stnd-1111")},
    {"loan addrss blank", "lrgg-stnd-1111", IND,
     "{" DOB ",\"gender\":\"m\",\"addrss\":{\"addrss\":\"  \"}}",
     LACKS("addrss.addrss", "lrgg-stnd-1111")},
    {"loan by alias", "loan-stnd-1111", IND, "{" DOB "," ADDR "}",
     LACKS("gender", "lrgg-stnd-1111")},
    {"motor ok", "vhcl-tprt-1111", IND, "{" DOB ",\"gender\":\"m\"}", NULL},
    {"motor no gender", "vhcl-tprt-1111", IND, "{" DOB "}", LACKS("gender", "vhcl-tprt-1111")},
    {"motor comprehensive no dob", "vhcl-cmpr-1111", IND, "{\"gender\":\"m\"}",
     LACKS("dob.date", "vhcl-cmpr-1111")},
    {"marine individual ok", "mexx-stnd-1111", IND,
     "{" ADDR "," SOCIAL ",\"taxId\":\"12345678-0001\"}", NULL},
    {"marine individual socialId spelling", "mrnn-stnd-1111", IND,
     "{" ADDR ",\"socialId\":{\"type\":\"bvnn\",\"id\":\"12345678901\"},\"taxId\":\"T1\"}", NULL},
    {"marine individual no address", "mrnn-cmpr-1111", IND, "{" SOCIAL ",\"taxId\":\"T1\"}",
     LACKS("addrss.addrss", "mrnn-cmpr-1111")},
    {"marine individual no socialID", "mexx-stnd-1111", IND, "{" ADDR ",\"taxId\":\"T1\"}",
     LACKS("socialID", "mexx-stnd-1111")},
    {"marine individual socialID without id", "mrnn-stnd-1111", IND,
     "{" ADDR ",\"socialID\":{\"type\":\"nidd\"},\"taxId\":\"T1\"}",
     LACKS("socialID", "mrnn-stnd-1111")},
    {"marine individual socialID without type", "mrnn-cmpr-1111", IND,
     "{" ADDR ",\"socialID\":{\"id\":\"12345678901\",\"image\":\"AAAA\"},\"taxId\":\"T1\"}",
     LACKS("socialID", "mrnn-cmpr-1111")},
    {"marine individual socialID a string", "mrnn-cmpr-1111", IND,
     "{" ADDR ",\"socialID\":\"12345678901\",\"taxId\":\"T1\"}",
     LACKS("socialID", "mrnn-cmpr-1111")},
    {"marine individual no taxId", "mexx-stnd-1111", IND, "{" ADDR "," SOCIAL "}",
     LACKS("taxId", "mexx-stnd-1111")},
    {"marine individual taxId blank", "mrnn-stnd-1111", IND,
     "{" ADDR "," SOCIAL ",\"taxId\":\" \"}", LACKS("taxId", "mrnn-stnd-1111")},
    {"marine organisation ok", "mexx-stnd-1111", ORG, "{" ADDR "}", NULL},
    {"marine organisation import ok", "mrnn-stnd-1111", ORG, "{" ADDR "}", NULL},
    {"marine organisation comprehensive ok", "mrnn-cmpr-1111", ORG, "{" ADDR "}", NULL},
    {"marine organisation no address", "mrnn-stnd-1111", ORG, "{" SOCIAL "}",
     LACKS("addrss.addrss", "mrnn-stnd-1111")},
    {"phone: nothing required", "phnn-flx1-1111", IND, "{}", NULL},
    {"phone: no profile", "phnn-flx2-1111", IND, NULL, NULL},
    {"phone premium", "phnn-flx3-1111", ORG, "{}", NULL},
    {"laptop", "lapt-flx1-1111", ORG, "{}", NULL},
    {"laptop comprehensive", "lapt-flx2-1111", IND, NULL, NULL},
    {"motor comprehensive ok", "vhcl-cmpr-1111", ORG, "{" DOB ",\"gender\":\"f\"}", NULL},
    {"goods in transit", "gtrn-stnd-1111", ORG, "{}", NULL},
    {"driver pass", "dpss-stnd-1111", IND, "{}", NULL},
};

static void consumer_record(void **state)
{
    int failures = 0;

    (void)state;
    for (size_t i = 0; i < sizeof consumer_rows / sizeof consumer_rows[0]; i++) {
        const struct consumer_row *r = &consumer_rows[i];
        const struct product *p = catalog_find(cat, r->code, strlen(r->code));
        json_t *profile = r->profile != NULL ? json_loads(r->profile, 0, NULL) : NULL;
        char err[256];
        int rc;

        assert_non_null(p);
        if (r->profile != NULL)
            assert_non_null(profile);
        memset(err, 'x', sizeof err);
        rc = facts_consumer_check(p, &ops, profile, r->cls, err, sizeof err);
        if (r->err == NULL && (rc != 0 || err[0] != '\0')) {
            print_error("%s: expected success, got %d \"%s\"\n", r->desc, rc, err);
            failures++;
        } else if (r->err != NULL && (rc != -1 || strcmp(err, r->err) != 0)) {
            print_error("%s: expected \"%s\", got %d \"%s\"\n", r->desc, r->err, rc, err);
            failures++;
        }
        json_decref(profile);
    }
    if (failures > 0)
        fail_msg("%d consumer rows failed", failures);
    /* Every product with requirements has a row that passes and one that fails. */
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const struct product *p = catalog_product_at(cat, i);
        bool ok = false, bad = p->req_count == 0;

        for (size_t k = 0; k < sizeof consumer_rows / sizeof consumer_rows[0]; k++) {
            const struct product *q =
                catalog_find(cat, consumer_rows[k].code, strlen(consumer_rows[k].code));
            if (q != p)
                continue;
            ok = ok || consumer_rows[k].err == NULL;
            bad = bad || consumer_rows[k].err != NULL;
        }
        if (!ok || !bad)
            fail_msg("%s: consumer rows do not cover it", p->code);
    }
}

static void consumer_error_buffer(void **state)
{
    const struct product *p = catalog_find(cat, "hlth-axam-1111", 14);
    char small[9];

    (void)state;
    assert_int_equal(facts_consumer_check(p, &ops, NULL, IND, NULL, 0), -1);
    assert_int_equal(facts_consumer_check(p, &ops, NULL, IND, small, sizeof small), -1);
    assert_string_equal(small, "Consumer");
}

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

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_product_valid),
        cmocka_unit_test(health),
        cmocka_unit_test(devices),
        cmocka_unit_test(motor),
        cmocka_unit_test(goods_in_transit),
        cmocka_unit_test(marine),
        cmocka_unit_test(loan),
        cmocka_unit_test(travel),
        cmocka_unit_test(driver_pass),
        cmocka_unit_test(generic_rules),
        cmocka_unit_test(error_buffer),
        cmocka_unit_test(consumer_record),
        cmocka_unit_test(consumer_error_buffer),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("facts", tests, setup, teardown);
}
