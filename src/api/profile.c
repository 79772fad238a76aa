/*
 * profile.c - consumers on the wire: SR05 "prfl entity" (register, idempotent by email
 * per partner) and "entt_<consumer>: dump" (the stored profile). PROTOCOL.md sections
 * 5 and 8. The rules live in consumers/consumer.c; this file moves JSON in and out.
 *
 * The profile is stored as one JSON document, encrypted (vault_seal) with the consumer
 * id and partner id as associated data, so a row copied to another id will not open.
 * A new consumer's dashboard search tokens (keyed hashes of name parts, email, phone and
 * name with date of birth: dashboard.h, migration 4) are added in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/timeutil.h"
#include "../consumers/consumer.h"
#include "../dashboard/dashboard.h"
#include "api_int.h"

/* A pending registration, from validation to the writer's answer. */
struct registration {
    struct store_consumer row; /* profile is a malloc'd sealed block */
    uint8_t id[16];            /* the id the partner gets back */
    bool created;
    struct store_token tokens[DASHBOARD_MAX_TERMS]; /* the dashboard's search index */
    size_t token_count;
};

static void lift(json_t *obj, const char *key, struct field *f)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

    if (!v || json_is_null(v)) {
        f->state = FIELD_ABSENT;
    } else if (json_is_string(v)) {
        f->state = FIELD_STRING;
        f->s = json_string_value(v);
        f->len = json_string_length(v);
    } else {
        f->state = FIELD_OTHER;
    }
}

/* The group objects of the seed; sets group_not_object for non-objects. */
static json_t *group(json_t *seed, struct consumer_seed *cs, int g)
{
    json_t *v = json_object_get(seed, consumer_group_key(g, cs->social_lower_d));
    if (v && !json_is_null(v) && !json_is_object(v))
        cs->group_not_object[g] = true;
    return json_is_object(v) ? v : NULL;
}

static void lift_seed(json_t *seed, struct consumer_seed *cs)
{
    json_t *groups[GROUP_COUNT];

    memset(cs, 0, sizeof *cs);
    if (!json_object_get(seed, "socialID") && json_object_get(seed, "socialId"))
        cs->social_lower_d = true;
    for (int g = 0; g < GROUP_COUNT; g++)
        groups[g] = group(seed, cs, g);
    for (int i = 0; i < CF_COUNT; i++) {
        int g = consumer_field_group((enum consumer_field)i);
        lift(g < 0 ? seed : groups[g], consumer_field_key((enum consumer_field)i), &cs->f[i]);
    }
}

static void put_field(json_t *obj, const char *key, const struct field *f)
{
    if (f->state == FIELD_STRING)
        json_object_set_new(obj, key, json_stringn(f->s, f->len));
}

/* The document stored for a consumer: the seed's field names, normalised values. */
static json_t *profile_document(const struct consumer_seed *cs, const struct consumer_norm *n)
{
    json_t *doc = json_object();
    json_t *groups[GROUP_COUNT];

    for (int g = 0; g < GROUP_COUNT; g++)
        groups[g] = json_object();
    for (int i = 0; i < CF_COUNT; i++) {
        enum consumer_field f = (enum consumer_field)i;
        int g = consumer_field_group(f);
        json_t *target = g < 0 ? doc : groups[g];
        if (f == CF_CLASS)
            json_object_set_new(doc, "class", json_string(n->class_word));
        else if (f == CF_EMAIL)
            json_object_set_new(doc, "eMail", json_stringn(n->email, n->email_len));
        else if (f == CF_MRTL_STATUS && n->mrtl_word)
            json_object_set_new(doc, "mrtlStatus", json_string(n->mrtl_word));
        else if (f != CF_MRTL_STATUS)
            put_field(target, consumer_field_key(f), &cs->f[i]);
        /* Insert each group where its first field falls, keeping the seed's order. */
        if (g >= 0 && json_object_size(groups[g]) > 0 &&
            !json_object_get(doc, consumer_group_key(g, false)))
            json_object_set(doc, consumer_group_key(g, false), groups[g]);
    }
    for (int g = 0; g < GROUP_COUNT; g++)
        json_decref(groups[g]);
    return doc;
}

static int register_run(struct store *st, void *arg)
{
    struct api_call *call = arg;
    struct registration *r = call->state;
    int rc = store_consumer_put(st, &r->row, r->id, &r->created);

    /* Only a new consumer gets tokens: a repeated registration changes nothing. */
    if (rc == STORE_OK && r->created)
        rc = store_consumer_tokens_put(st, r->row.partner_id, r->id, r->tokens, r->token_count);
    return rc;
}

/* A seed field as a NUL-terminated copy in out (empty when absent or not a string). */
static const char *text_of(const struct field *f, char *out, size_t out_len)
{
    size_t n = f->state == FIELD_STRING ? f->len : 0;

    if (n >= out_len)
        n = out_len - 1;
    if (n)
        memcpy(out, f->s, n);
    out[n] = '\0';
    return out;
}

/* The blind-index tokens of a new consumer's search terms into r. */
static void search_tokens(const struct vault_keys *keys, const struct consumer_seed *cs,
                          const struct consumer_norm *n, struct registration *r)
{
    struct dashboard_term terms[DASHBOARD_MAX_TERMS];
    char first[256], middle[256], last[256], phone[64], dob[16];
    size_t count;

    count = dashboard_profile_terms(text_of(&cs->f[CF_NAME_FIRST], first, sizeof first),
                                    text_of(&cs->f[CF_NAME_MIDDLE], middle, sizeof middle),
                                    text_of(&cs->f[CF_NAME_LAST], last, sizeof last), n->email_key,
                                    text_of(&cs->f[CF_PHONE], phone, sizeof phone),
                                    text_of(&cs->f[CF_DOB_DATE], dob, sizeof dob), terms,
                                    DASHBOARD_MAX_TERMS);
    r->token_count = api_hash_terms(keys, r->row.partner_id, terms, count, r->tokens);
}

static json_t *id_fields(const uint8_t id[16])
{
    char hex[ID_HEX_LEN + 1], uuid[ID_UUID_LEN + 1];

    id_format_hex(id, hex);
    id_format_uuid(id, uuid);
    return json_pack("{s:s, s:s}", "id", hex, "id_uuid", uuid);
}

static void register_done(void *arg, int rc)
{
    struct api_call *call = arg;
    struct registration *r = call->state;
    uint8_t id[16];

    memcpy(id, r->id, 16);
    free(r->row.profile);
    free(r);
    call->state = NULL;
    if (rc != STORE_OK) {
        api_store_fail(call, rc, "consumer insert failed");
        return;
    }
    api_ok(call, id_fields(id));
}

void cmd_register(struct api_call *call)
{
    const struct vault_keys *keys = call->api->cfg.keys;
    struct consumer_seed cs;
    struct consumer_norm norm;
    struct registration *r;
    uint8_t ad[32];
    char err[256], *plain;
    json_t *doc;

    if (!call->seed) {
        api_fail(call, API_INVALID, "Data cmmnd.seed is required");
        return;
    }
    if (!json_is_object(call->seed)) {
        api_fail(call, API_INVALID, "Data cmmnd.seed must be an object");
        return;
    }
    lift_seed(call->seed, &cs);
    if (consumer_validate(&cs, date_from_unix(time_now()), &norm, err, sizeof err) != 0) {
        api_fail(call, API_INVALID, err);
        return;
    }
    r = xcalloc(1, sizeof *r);
    vault_new_id(r->row.id);
    memcpy(r->row.partner_id, call->partner, 16);
    vault_email_index(keys, call->partner, norm.email_key, norm.email_key_len, r->row.email_index);
    r->row.cls = (int)norm.cls;
    r->row.created_at = time_now();
    search_tokens(keys, &cs, &norm, r);
    doc = profile_document(&cs, &norm);
    plain = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!plain) {
        free(r);
        api_internal(call, "profile encoding failed");
        return;
    }
    memcpy(ad, r->row.id, 16);
    memcpy(ad + 16, call->partner, 16);
    r->row.profile =
        vault_seal(keys, ad, sizeof ad, (const uint8_t *)plain, strlen(plain), &r->row.profile_len);
    free(plain);
    call->state = r;
    call->job.run = register_run;
    call->job.done = register_done;
    call->job.arg = call;
    if (api_submit(call) != 0) {
        /* Answered 35 by api_submit; call is gone, r is ours. */
        free(r->row.profile);
        free(r);
    }
}

/* Drops the document scans unless the partner asked for them. */
static void strip_scans(json_t *doc)
{
    static const char *const groups[] = {"dob", "addrss", "socialID"};
    static const char *const keys[] = {"proof", "proof", "image"};

    for (int i = 0; i < 3; i++) {
        json_t *g = json_object_get(doc, groups[i]);
        if (json_is_object(g))
            json_object_del(g, keys[i]);
    }
}

void cmd_profile_dump(struct api_call *call)
{
    struct store_consumer row;
    struct store *st;
    const char *err = NULL;
    uint8_t id[16], ad[32];
    json_t *with = NULL, *doc, *out;
    json_error_t je;
    char *plain;
    size_t plain_len = 0;
    int rc;

    if (call->seed && !json_is_object(call->seed)) {
        api_fail(call, API_INVALID, "Data cmmnd.seed must be an object");
        return;
    }
    if (call->seed)
        with = json_object_get(call->seed, "withImages");
    if (with && !json_is_boolean(with) && !json_is_null(with)) {
        api_fail(call, API_INVALID, "Data cmmnd.seed.withImages must be true or false");
        return;
    }
    if (id_parse(call->cap[0].s, call->cap[0].len, id) != 0) {
        api_fail(call, API_NO_ENTITY, NULL);
        return;
    }
    st = api_reader(call->api, &err);
    if (!st) {
        api_internal(call, err);
        return;
    }
    memset(&row, 0, sizeof row);
    rc = store_consumer_find(st, call->partner, id, &row);
    if (rc == STORE_NOTFOUND) {
        api_fail(call, API_NO_ENTITY, NULL);
        return;
    }
    if (rc != STORE_OK) {
        api_store_fail(call, rc, store_last_error(st));
        return;
    }
    memcpy(ad, id, 16);
    memcpy(ad + 16, call->partner, 16);
    plain =
        vault_open(call->api->cfg.keys, ad, sizeof ad, row.profile, row.profile_len, &plain_len);
    store_consumer_cleanup(&row);
    if (!plain) {
        api_internal(call, "consumer profile does not decrypt (wrong key file?)");
        return;
    }
    doc = json_loadb(plain, plain_len, 0, &je);
    free(plain);
    if (!json_is_object(doc)) {
        json_decref(doc);
        api_internal(call, "stored profile is not a JSON object");
        return;
    }
    if (!json_is_true(with))
        strip_scans(doc);
    out = id_fields(id);
    json_object_update(out, doc);
    json_decref(doc);
    api_ok(call, out);
}
