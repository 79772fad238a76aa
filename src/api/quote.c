/*
 * quote.c - SR10 "dump ipck_<product>*PRMM": a premium quote (PROTOCOL.md section 6).
 * The catalog and the arithmetic are in products/ (pure); this file lifts the seed's
 * values for them and writes the answer, in Naira, as a JSON number (a string for
 * legacy clients).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../products/catalog.h"
#include "../products/pricing.h"
#include "api_int.h"

void api_seed_value(void *arg, const char *name, struct quote_value *out)
{
    json_t *seed = arg;
    json_t *v = json_is_object(seed) ? json_object_get(seed, name) : NULL;

    memset(out, 0, sizeof *out);
    if (!v || json_is_null(v)) {
        out->kind = QV_ABSENT;
    } else if (json_is_string(v)) {
        out->kind = QV_STRING;
        out->s = json_string_value(v);
        out->len = json_string_length(v);
    } else if (json_is_number(v)) {
        out->kind = QV_NUMBER;
        out->num = json_number_value(v);
    } else if (json_is_boolean(v)) {
        out->kind = QV_BOOL;
        out->b = json_is_true(v);
    } else {
        out->kind = QV_OTHER;
    }
}

/* Premium in Naira as the answer's "prmm": a number, or a string for legacy clients. */
json_t *api_money(const struct api_call *call, int64_t kobo)
{
    char text[32];

    if (kobo % 100 == 0)
        snprintf(text, sizeof text, "%lld", (long long)(kobo / 100));
    else
        snprintf(text, sizeof text, "%lld.%02lld", (long long)(kobo / 100),
                 (long long)(kobo % 100));
    if (call->legacy)
        return json_string(text);
    if (kobo % 100 == 0)
        return json_integer(kobo / 100);
    return json_real((double)kobo / 100.0);
}

void cmd_quote(struct api_call *call)
{
    struct catalog *cat;
    const struct product *p;
    struct quote_input in;
    struct pricing_error perr;
    int64_t kobo = 0;
    json_t *fields;

    if (call->seed && !json_is_object(call->seed)) {
        api_fail(call, API_INVALID, "Data cmmnd.seed must be an object");
        return;
    }
    cat = api_catalog_acquire(call->api);
    p = catalog_find(cat, call->cap[0].s, call->cap[0].len);
    if (!p) {
        catalog_unref(cat);
        api_fail(call, API_NO_PRODUCT, NULL);
        return;
    }
    in.get = api_seed_value;
    in.arg = call->seed;
    memset(&perr, 0, sizeof perr);
    if (pricing_quote(cat, p, &in, &kobo, &perr) != 0) {
        catalog_unref(cat);
        api_fail(call, perr.v4 == 400 ? API_BAD_REQUEST : API_INVALID, perr.text);
        return;
    }
    catalog_unref(cat);
    fields = json_object();
    json_object_set_new(fields, "prmm", api_money(call, kobo));
    api_ok(call, fields);
}
