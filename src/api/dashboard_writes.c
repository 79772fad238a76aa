/*
 * dashboard_writes.c - the dashboard's buy form on behalf of its session's partner: the
 * products it offers, a quote, and a policy (buy). The switch to LIVE and the API keys
 * are in dashboard_account.c.
 *
 * Quote and buy run the AIMS commands themselves (SR10 and SR15 through api_run_as),
 * with the session standing in for the partner's key: one rule book, so the form gets
 * the same checks and the same error texts as a partner's integration. The AIMS answer
 * is turned into the dashboard's shape: HTTP status = id_v4, {"error": elbrtn}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/log.h"
#include "../common/timeutil.h"
#include "../dashboard/dashboard.h"
#include "../products/catalog.h"
#include "api_int.h"
#include "dashboard_int.h"

#define REF_PREFIX "DSH-" /* references the server makes for the buy form */

/* A command running as the session's partner; freed when its answer is passed on. */
struct dash_command {
    struct dash_call *c;
    bool insure; /* SR15 (else SR10) */
    char product[CATALOG_MAX_CODE + 1];
    char consumer[ID_HEX_LEN + 1];
};

/* The premium of an AIMS answer in kobo: prmm is Naira, a number (exact below 2^53 kobo). */
static json_int_t answer_kobo(json_t *prmm)
{
    if (json_is_integer(prmm))
        return json_integer_value(prmm) * 100;
    double kobo = json_number_value(prmm) * 100.0;
    return (json_int_t)(kobo + (kobo < 0 ? -0.5 : 0.5));
}

/* The AIMS envelope of a command, turned into the dashboard's answer. */
static void command_done(void *arg, char *body, size_t body_len, const char *note)
{
    struct dash_command *d = arg;
    json_t *env = json_loadb(body, body_len, 0, NULL), *fb, *out;
    json_int_t id, v4;

    (void)note;
    free(body);
    fb = json_object_get(env, "exctnFdbck");
    id = json_integer_value(json_object_get(fb, "id"));
    v4 = json_integer_value(json_object_get(fb, "id_v4"));
    if (id != 75) {
        json_t *text = json_object_get(fb, "elbrtn");
        dash_fail(d->c, v4 >= 400 && v4 <= 599 ? (unsigned)v4 : 500,
                  json_is_string(text) ? json_string_value(text) : "Internal error");
    } else if (d->insure) {
        out = json_pack("{s:s, s:s, s:O, s:O, s:I}", "consumer_id", d->consumer, "product",
                        d->product, "txref", json_object_get(env, "id"), "status",
                        json_object_get(env, "stts"), "premium_kobo",
                        answer_kobo(json_object_get(env, "prmm")));
        dash_answer(d->c, 200, out, NULL);
    } else {
        out = json_pack("{s:s, s:I}", "product", d->product, "premium_kobo",
                        answer_kobo(json_object_get(env, "prmm")));
        dash_answer(d->c, 200, out, NULL);
    }
    json_decref(env);
    free(d);
}

/* The request body as a JSON object, or NULL after answering 400. */
static json_t *body_object(struct dash_call *c, const struct api_dash_request *r)
{
    char text[300];
    json_t *root = api_json_parse(r->body, r->body_len, text, sizeof text);

    if (!root) {
        dash_fail(c, 400, text);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        dash_fail(c, 400, "The body must be a JSON object");
        return NULL;
    }
    return root;
}

/*
 * A member of the body: a string when want_string, else an object; *out is NULL when
 * absent and optional. Returns -1 after answering 400 naming the member.
 */
static int member(struct dash_call *c, json_t *root, const char *key, bool want_string,
                  bool required, json_t **out)
{
    json_t *v = json_object_get(root, key);
    char text[96];

    *out = NULL;
    if (!v || json_is_null(v)) {
        if (!required)
            return 0;
        snprintf(text, sizeof text, "%s is required", key);
        dash_fail(c, 400, text);
        return -1;
    }
    if (want_string ? !json_is_string(v) : !json_is_object(v)) {
        snprintf(text, sizeof text, "%s must be %s", key, want_string ? "a string" : "an object");
        dash_fail(c, 400, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* The catalog's canonical code of product code s (aliases too), or -1 after 400. */
static int product_code(struct dash_call *c, json_t *s, char out[CATALOG_MAX_CODE + 1])
{
    struct catalog *cat = api_catalog_acquire(c->api);
    const struct product *p = catalog_find(cat, json_string_value(s), json_string_length(s));

    if (p)
        snprintf(out, CATALOG_MAX_CODE + 1, "%s", p->code);
    catalog_unref(cat);
    if (!p) {
        dash_fail(c, 400, "Product specified not supported");
        return -1;
    }
    return 0;
}

void dash_products(struct dash_call *c, const struct api_dash_request *r,
                   const struct dashboard_identity *who)
{
    struct catalog *cat = api_catalog_acquire(c->api);
    json_t *list = json_array();

    (void)r;
    (void)who;
    for (size_t i = 0; i < catalog_count(cat); i++)
        json_array_append_new(list, dash_product_json(catalog_product_at(cat, i)));
    catalog_unref(cat);
    dash_answer(c, 200, json_pack("{s:o}", "products", list), NULL);
}

void dash_quote(struct dash_call *c, const struct api_dash_request *r,
                const struct dashboard_identity *who)
{
    json_t *root = body_object(c, r), *product, *fields;
    struct dash_command *d;
    char command[CATALOG_MAX_CODE + 32];

    if (!root)
        return;
    if (member(c, root, "product", true, true, &product) ||
        member(c, root, "fields", false, false, &fields)) {
        json_decref(root);
        return;
    }
    d = xcalloc(1, sizeof *d);
    if (product_code(c, product, d->product)) {
        free(d);
        json_decref(root);
        return;
    }
    d->c = c;
    snprintf(command, sizeof command, "dump ipck_%s*PRMM", d->product);
    api_run_as(c->api, who->partner_id, who->mode, command,
               fields ? json_deep_copy(fields) : json_object(), command_done, d);
    json_decref(root);
}

/* A consumer id in any form the API accepts, as 32 hex digits; -1 after 404. */
static int consumer_hex(struct dash_call *c, json_t *v, char out[ID_HEX_LEN + 1])
{
    uint8_t id[16];

    if (id_parse(json_string_value(v), json_string_length(v), id) != 0) {
        dash_fail(c, 404, "Entity specified not recognised");
        return -1;
    }
    id_format_hex(id, out);
    return 0;
}

void dash_insure(struct dash_call *c, const struct api_dash_request *r,
                 const struct dashboard_identity *who)
{
    json_t *root = body_object(c, r), *consumer, *product, *ref, *fields, *facts, *seed;
    struct dash_command *d;
    char command[ID_HEX_LEN + 32], made[sizeof REF_PREFIX + 16];
    char ctgry[CATALOG_MAX_CODE + 1], *type, *pckg;
    uint8_t random[8];

    if (!root)
        return;
    if (member(c, root, "consumer_id", true, true, &consumer) ||
        member(c, root, "product", true, true, &product) ||
        member(c, root, "reference", true, false, &ref) ||
        member(c, root, "fields", false, false, &fields) ||
        member(c, root, "facts", false, false, &facts)) {
        json_decref(root);
        return;
    }
    d = xcalloc(1, sizeof *d);
    d->c = c;
    d->insure = true;
    if (consumer_hex(c, consumer, d->consumer) || product_code(c, product, d->product)) {
        free(d);
        json_decref(root);
        return;
    }
    /* The seed a partner would send: the quote fields, the product's three parts, the
     * reference and addtnlFact. */
    snprintf(ctgry, sizeof ctgry, "%s", d->product);
    type = strchr(ctgry, '-');
    pckg = type ? strchr(type + 1, '-') : NULL;
    if (!pckg) {
        free(d);
        json_decref(root);
        dash_fail(c, 500, "Internal error");
        return;
    }
    *type++ = '\0';
    *pckg++ = '\0';
    if (!ref) {
        vault_random(random, sizeof random);
        memcpy(made, REF_PREFIX, strlen(REF_PREFIX));
        hex_encode(random, sizeof random, made + strlen(REF_PREFIX));
    }
    seed = fields ? json_deep_copy(fields) : json_object();
    json_object_set_new(seed, "ctgry", json_string(ctgry));
    json_object_set_new(seed, "type", json_string(type));
    json_object_set_new(seed, "pckg", json_string(pckg));
    json_object_set_new(seed, "id", ref ? json_incref(ref) : json_string(made));
    if (facts)
        json_object_set_new(seed, "addtnlFact", json_deep_copy(facts));
    snprintf(command, sizeof command, "entt_%s: insure", d->consumer);
    api_run_as(c->api, who->partner_id, who->mode, command, seed, command_done, d);
    json_decref(root);
}
