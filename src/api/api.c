/*
 * api.c - one request on POST /: admission, strict JSON, the envelope, authorization
 * (PROTOCOL.md sections 2 and 3) and dispatch through the command table.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/log.h"
#include "../common/metrics.h"
#include "../common/timeutil.h"
#include "../products/catalog.h"
#include "api_int.h"

/* Metric labels: "none" for requests that never reached a command, then each row. */
static const char *labels[1 + 16];

struct api *api_new(const struct api_config *cfg, struct catalog *cat)
{
    struct api *api = xcalloc(1, sizeof *api);
    int n = 0;

    api->cfg = *cfg;
    pthread_mutex_init(&api->catalog_lock, NULL);
    api->catalog = cat;
    labels[n++] = "none";
    for (int k = 0; k < api_command_count && n < 17; k++)
        labels[n++] = api_commands[k].label;
    metrics_init(labels, n);
    return api;
}

void api_free(struct api *api)
{
    api_readers_close();
    catalog_unref(api->catalog);
    pthread_mutex_destroy(&api->catalog_lock);
    free(api);
}

struct catalog *api_catalog_acquire(struct api *api)
{
    struct catalog *cat;

    pthread_mutex_lock(&api->catalog_lock);
    cat = api->catalog;
    catalog_ref(cat);
    pthread_mutex_unlock(&api->catalog_lock);
    return cat;
}

void api_set_catalog(struct api *api, struct catalog *cat)
{
    struct catalog *old;

    pthread_mutex_lock(&api->catalog_lock);
    old = api->catalog;
    api->catalog = cat;
    pthread_mutex_unlock(&api->catalog_lock);
    catalog_unref(old);
}

/* Per-thread read connections, remembered so shutdown can close them all. */
static _Thread_local struct store *thread_reader;
static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *readers[256];
static int reader_count;

struct store *api_reader(struct api *api, const char **err)
{
    static char open_err[256];
    struct store *st = NULL;

    if (thread_reader)
        return thread_reader;
    pthread_mutex_lock(&readers_lock);
    if (reader_count == (int)(sizeof readers / sizeof readers[0])) {
        pthread_mutex_unlock(&readers_lock);
        *err = "too many reader threads";
        return NULL;
    }
    if (store_open(api->cfg.store_url, STORE_READONLY, &st, open_err, sizeof open_err) !=
        STORE_OK) {
        pthread_mutex_unlock(&readers_lock);
        *err = open_err;
        return NULL;
    }
    readers[reader_count++] = st;
    pthread_mutex_unlock(&readers_lock);
    thread_reader = st;
    return st;
}

void api_readers_close(void)
{
    pthread_mutex_lock(&readers_lock);
    for (int i = 0; i < reader_count; i++)
        store_close(readers[i]);
    reader_count = 0;
    pthread_mutex_unlock(&readers_lock);
}

int api_submit(struct api_call *call)
{
    if (writer_submit(call->api->cfg.writer, &call->job) != 0) {
        api_fail(call, API_BUSY, NULL);
        return -1;
    }
    return 0;
}

/* Reads a string member; returns it or NULL. */
static const char *member_string(json_t *obj, const char *key, size_t *len)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (!json_is_string(v))
        return NULL;
    *len = json_string_length(v);
    return json_string_value(v);
}

/*
 * Checks userInfo. Every failure gives the same answer, and the key is hashed on every
 * path, so neither the text nor the time tells which part was wrong.
 */
static int authorize(struct api_call *call)
{
    json_t *user = json_object_get(call->root, "userInfo");
    json_t *athrzt = json_is_object(user) ? json_object_get(user, "athrzt") : NULL;
    const char *pid, *aid, *key, *err = NULL;
    size_t pid_len = 0, aid_len = 0, key_len = 0;
    uint8_t partner[16], auth_id[16], hash[VAULT_HASH_BYTES];
    struct store_auth rec;
    struct store *st;
    bool ok = true;
    int rc;

    pid = member_string(user, "id", &pid_len);
    aid = member_string(athrzt, "id", &aid_len);
    key = member_string(athrzt, "key", &key_len);
    if (!pid || id_parse(pid, pid_len, partner) != 0)
        ok = false;
    if (!aid || id_parse(aid, aid_len, auth_id) != 0)
        ok = false;
    if (vault_hash_auth_key(call->api->cfg.keys, key ? key : "", key ? key_len : 0, hash) != 0)
        ok = false;
    if (!ok)
        return -1;
    st = api_reader(call->api, &err);
    if (!st) {
        api_internal(call, err);
        return 1;
    }
    rc = store_auth_find(st, auth_id, &rec);
    if (rc == STORE_NOTFOUND)
        return -1;
    if (rc != STORE_OK) {
        api_store_fail(call, rc, store_last_error(st));
        return 1;
    }
    ok = vault_equal(rec.key_hash, hash);
    if (!ok || rec.revoked || memcmp(rec.partner_id, partner, 16) != 0)
        return -1;
    memcpy(call->partner, partner, 16);
    call->mode = rec.mode;
    return 0;
}

static void dispatch(struct api_call *call)
{
    json_t *cmmnd, *ver, *text;
    int rc;

    ver = json_object_get(call->root, "srvcVrsn");
    if (ver) {
        if (!json_is_string(ver) || strcmp(json_string_value(ver), "2") != 0) {
            api_fail(call, API_BAD_VERSION, NULL);
            return;
        }
        call->legacy = true;
    }
    rc = authorize(call);
    if (rc < 0) {
        api_fail(call, API_AUTH, NULL);
        return;
    }
    if (rc > 0)
        return; /* already answered */
    cmmnd = json_object_get(call->root, "cmmnd");
    text = json_is_object(cmmnd) ? json_object_get(cmmnd, "cmmnd") : NULL;
    if (!text || json_is_null(text)) {
        api_fail(call, API_NO_COMMAND, NULL);
        return;
    }
    if (!json_is_string(text)) {
        api_fail(call, API_COMMAND_TYPE, NULL);
        return;
    }
    call->command = api_command_match(json_string_value(text), json_string_length(text), call);
    if (call->command < 0) {
        api_fail(call, API_UNSUPPORTED, NULL);
        return;
    }
    call->seed = json_object_get(cmmnd, "seed");
    if (json_is_null(call->seed))
        call->seed = NULL;
    api_commands[call->command].handler(call);
}

void api_run_as(struct api *api, const uint8_t partner[16], enum partner_mode mode,
                const char *command, json_t *seed, api_reply_fn reply, void *reply_arg)
{
    struct api_call *call = xcalloc(1, sizeof *call);
    json_t *cmmnd, *text;
    uint8_t rid[8];

    call->api = api;
    call->reply = reply;
    call->reply_arg = reply_arg;
    call->start_ns = time_mono_ns();
    call->command = -1;
    vault_random(rid, sizeof rid);
    hex_encode(rid, sizeof rid, call->rid);
    memcpy(call->partner, partner, 16);
    call->mode = mode;
    cmmnd = json_pack("{s:s}", "cmmnd", command);
    if (seed)
        json_object_set_new(cmmnd, "seed", seed);
    call->root = json_pack("{s:o}", "cmmnd", cmmnd);
    if (api->cfg.overloaded && api->cfg.overloaded(api->cfg.overloaded_arg)) {
        api_fail(call, API_BUSY, NULL);
        return;
    }
    /* The captures point into the request's own copy of the command text. */
    text = json_object_get(cmmnd, "cmmnd");
    call->command = api_command_match(json_string_value(text), json_string_length(text), call);
    if (call->command < 0) {
        api_fail(call, API_UNSUPPORTED, NULL);
        return;
    }
    call->seed = json_object_get(cmmnd, "seed");
    api_commands[call->command].handler(call);
}

void api_handle(struct api *api, const char *method, const char *body, size_t body_len,
                bool too_large, int64_t start_ns, api_reply_fn reply, void *reply_arg)
{
    struct api_call *call = xcalloc(1, sizeof *call);
    uint8_t rid[8];
    char err[512];

    call->api = api;
    call->reply = reply;
    call->reply_arg = reply_arg;
    call->start_ns = start_ns;
    call->command = -1;
    vault_random(rid, sizeof rid);
    hex_encode(rid, sizeof rid, call->rid);

    if (api->cfg.overloaded && api->cfg.overloaded(api->cfg.overloaded_arg)) {
        api_fail(call, API_BUSY, NULL);
        return;
    }
    if (strcmp(method, "POST") != 0) {
        api_fail(call, API_BAD_METHOD, NULL);
        return;
    }
    if (too_large) {
        api_fail(call, API_TOO_LARGE, NULL);
        return;
    }
    call->root = api_json_parse(body, body_len, err, sizeof err);
    if (!call->root) {
        api_fail(call, API_BAD_JSON, err);
        return;
    }
    if (!json_is_object(call->root)) {
        api_fail(call, API_NOT_OBJECT, NULL);
        return;
    }
    dispatch(call);
}
