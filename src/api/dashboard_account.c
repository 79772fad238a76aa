/*
 * dashboard_account.c - the session partner's account in the dashboard: the switch from
 * TEST to LIVE (confirmed by typing the partner's name; going back is an operator's
 * job with aimsctl), and the partner's API keys: the list, a new key (shown in this one
 * answer and never again: only its keyed hash is stored), and revocation. Every change
 * is a job of the writer thread, answered after its commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/log.h"
#include "../common/timeutil.h"
#include "../dashboard/dashboard.h"
#include "api_int.h"
#include "dashboard_int.h"

enum account_change { TO_LIVE, KEY_CREATE, KEY_REVOKE };

/* One change on its way through the writer. */
struct account_job {
    struct write_job job;
    struct dash_call *c;
    enum account_change what;
    struct dashboard_identity who;
    uint8_t auth_id[16];
    uint8_t hash[VAULT_HASH_BYTES];
    char key[VAULT_AUTH_KEY_B64_LEN + 1];
    int64_t now;
};

static int account_run(struct store *st, void *arg)
{
    struct account_job *j = arg;

    switch (j->what) {
    case TO_LIVE:
        return store_partner_set_mode(st, j->who.partner_id, PARTNER_LIVE);
    case KEY_CREATE:
        return store_auth_put(st, j->auth_id, j->who.partner_id, j->hash, j->now);
    case KEY_REVOKE:
        return store_auth_revoke(st, j->auth_id, j->now);
    }
    return STORE_ERROR;
}

static void account_done(void *arg, int rc)
{
    struct account_job *j = arg;
    char aid[ID_UUID_LEN + 1], pid[ID_UUID_LEN + 1];

    id_format_uuid(j->auth_id, aid);
    id_format_uuid(j->who.partner_id, pid);
    if (rc == STORE_NOTFOUND && j->what == KEY_REVOKE) {
        dash_fail(j->c, 409, "This key is already revoked");
    } else if (rc == STORE_BUSY) {
        dash_fail(j->c, 503, "The server is busy; try again in a few seconds");
    } else if (rc != STORE_OK) {
        log_warn("dashboard account change %d failed: rc %d", (int)j->what, rc);
        dash_fail(j->c, 500, "Internal error");
    } else if (j->what == TO_LIVE) {
        j->who.mode = PARTNER_LIVE;
        dash_answer(j->c, 200, dash_identity_json(&j->who), NULL);
    } else if (j->what == KEY_CREATE) {
        log_info("dashboard: %s created API key %s for partner %s", j->who.email, aid, pid);
        dash_answer(j->c, 201,
                    json_pack("{s:s, s:s, s:s, s:o}", "id", aid, "key", j->key, "partner_id", pid,
                              "created_at", dash_time_json(j->now)),
                    NULL);
    } else {
        log_info("dashboard: %s revoked API key %s of partner %s", j->who.email, aid, pid);
        dash_answer(j->c, 200,
                    json_pack("{s:s, s:o}", "id", aid, "revoked_at", dash_time_json(j->now)), NULL);
    }
    vault_wipe(j->key, sizeof j->key);
    free(j);
}

/* Queues change what for the session's partner; answers 503 itself when the queue is full. */
static void submit(struct account_job *j)
{
    j->job.run = account_run;
    j->job.done = account_done;
    j->job.arg = j;
    if (writer_submit(j->c->api->cfg.writer, &j->job) != 0) {
        dash_fail(j->c, 503, "The server is busy; try again in a few seconds");
        vault_wipe(j->key, sizeof j->key);
        free(j);
    }
}

static struct account_job *new_job(struct dash_call *c, enum account_change what,
                                   const struct dashboard_identity *who)
{
    struct account_job *j = xcalloc(1, sizeof *j);

    j->c = c;
    j->what = what;
    j->who = *who;
    j->now = time_now();
    return j;
}

void dash_mode(struct dash_call *c, const struct api_dash_request *r,
               const struct dashboard_identity *who)
{
    char text[300];
    json_t *root = api_json_parse(r->body, r->body_len, text, sizeof text), *mode, *confirm;

    if (!root) {
        dash_fail(c, 400, text);
        return;
    }
    mode = json_object_get(root, "mode");
    confirm = json_object_get(root, "confirm");
    if (!json_is_string(mode) || strcmp(json_string_value(mode), "live") != 0) {
        dash_fail(c, 400,
                  "mode must be \"live\"; only an operator can switch a partner back to "
                  "TEST (aimsctl partner mode)");
    } else if (!json_is_string(confirm) ||
               strcmp(json_string_value(confirm), who->partner_name) != 0) {
        dash_fail(c, 400, "confirm must be the partner name exactly as shown, to switch to LIVE");
    } else if (who->mode == PARTNER_LIVE) {
        dash_answer(c, 200, dash_identity_json(who), NULL);
    } else {
        log_info("dashboard: %s switches their partner to LIVE", who->email);
        submit(new_job(c, TO_LIVE, who));
    }
    json_decref(root);
}

static int key_line(const struct store_auth *a, void *arg)
{
    json_t *list = arg;
    char aid[ID_UUID_LEN + 1];

    id_format_uuid(a->auth_id, aid);
    json_array_append_new(
        list, json_pack("{s:s, s:o, s:o}", "id", aid, "created_at", dash_time_json(a->created_at),
                        "revoked_at", a->revoked ? dash_time_json(a->revoked_at) : json_null()));
    return 0;
}

void dash_keys(struct dash_call *c, const struct api_dash_request *r,
               const struct dashboard_identity *who)
{
    const char *why = "";
    struct store *st = api_reader(c->api, &why);
    json_t *list = json_array();
    int rc;

    (void)r;
    if (!st) {
        json_decref(list);
        dash_fail(c, 500, why);
        return;
    }
    rc = store_auth_list(st, who->partner_id, key_line, list);
    if (rc != STORE_OK) {
        json_decref(list);
        log_warn("dashboard keys: %s", store_last_error(st));
        dash_fail(c, rc == STORE_BUSY ? 503 : 500,
                  rc == STORE_BUSY ? "The server is busy; try again in a few seconds"
                                   : "Internal error");
        return;
    }
    dash_answer(c, 200, json_pack("{s:o}", "keys", list), NULL);
}

void dash_key_create(struct dash_call *c, const struct api_dash_request *r,
                     const struct dashboard_identity *who)
{
    struct account_job *j;
    char text[300];

    /* It takes no input: an empty body or {}; anything else is a mistake worth saying. */
    if (r->body_len > 0) {
        json_t *root = api_json_parse(r->body, r->body_len, text, sizeof text);
        bool ok = json_is_object(root) && json_object_size(root) == 0;
        json_decref(root);
        if (!ok) {
            dash_fail(c, 400,
                      root ? "The body must be empty or {}: a new key takes no input" : text);
            return;
        }
    }
    j = new_job(c, KEY_CREATE, who);
    vault_new_id(j->auth_id);
    vault_new_auth_key(c->api->cfg.keys, j->key, j->hash);
    submit(j);
}

void dash_key_revoke(struct dash_call *c, const struct api_dash_request *r,
                     const struct dashboard_identity *who)
{
    const char *slash = strchr(c->rest, '/'), *why = "";
    struct account_job *j;
    struct store_auth a;
    struct store *st;
    uint8_t id[16];
    int rc;

    (void)r;
    if (!slash || strcmp(slash, "/revoke") != 0 ||
        id_parse(c->rest, (size_t)(slash - c->rest), id) != 0) {
        dash_fail(c, 404, "Not found");
        return;
    }
    if (!(st = api_reader(c->api, &why))) {
        dash_fail(c, 500, why);
        return;
    }
    rc = store_auth_find(st, id, &a);
    if (rc == STORE_NOTFOUND || (rc == STORE_OK && memcmp(a.partner_id, who->partner_id, 16))) {
        dash_fail(c, 404, "Not found");
        return;
    }
    if (rc != STORE_OK) {
        log_warn("dashboard key revoke: %s", store_last_error(st));
        dash_fail(c, rc == STORE_BUSY ? 503 : 500, "Internal error");
        return;
    }
    if (a.revoked) {
        dash_fail(c, 409, "This key is already revoked");
        return;
    }
    j = new_job(c, KEY_REVOKE, who);
    memcpy(j->auth_id, id, 16);
    submit(j);
}
