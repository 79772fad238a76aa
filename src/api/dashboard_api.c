/*
 * dashboard_api.c - the dashboard's JSON API under /dashboard/api/ (api.h): the JSON in
 * and out around src/dashboard/. Answers use plain HTTP statuses and {"error": TEXT}
 * bodies, not the AIMS envelope: the browser is the client here.
 *
 * The gates, in order, for every request: the route and its method; for a method that
 * changes state, a present Origin header must be this server's public origin; for a
 * route that needs a session, a live session cookie; for a state change within a
 * session, X-CSRF-Token must equal the session's token.
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

#define DASH_PREFIX "/dashboard/api/"

/* A route handler; who is NULL for routes without a session. */
typedef void (*dash_fn)(struct dash_call *c, const struct api_dash_request *r,
                        const struct dashboard_identity *who, const uint8_t *token_hash);

/*
 * The dashboard API, one row per route and method:
 *   name    - the path after /dashboard/api/
 *   method  - the method of this row (a name with no row for the method gets 405)
 *   handler - the function that answers it
 *   session - true when it needs a logged-in session (else 401); with a state-changing
 *             method that also means the CSRF token is checked (else 403)
 *   read    - a read route of dashboard_reads.c, answered at once (handler is NULL)
 *   prefix  - name ends in '/' and matches any path below it (the rest goes to read)
 */
struct dash_route {
    const char *name;
    const char *method;
    dash_fn handler;
    bool session;
    api_dash_read_fn read;
    bool prefix;
};

static void h_login(struct dash_call *c, const struct api_dash_request *r,
                    const struct dashboard_identity *who, const uint8_t *token_hash);
static void h_me(struct dash_call *c, const struct api_dash_request *r,
                 const struct dashboard_identity *who, const uint8_t *token_hash);
static void h_logout(struct dash_call *c, const struct api_dash_request *r,
                     const struct dashboard_identity *who, const uint8_t *token_hash);

/* Adapters for the handlers of dashboard_writes.c, which need no token hash. */
#define WRITE_HANDLER(fn)                                                                          \
    static void h_##fn(struct dash_call *c, const struct api_dash_request *r,                      \
                       const struct dashboard_identity *who, const uint8_t *token_hash)            \
    {                                                                                              \
        (void)token_hash;                                                                          \
        dash_##fn(c, r, who);                                                                      \
    }
WRITE_HANDLER(products)
WRITE_HANDLER(quote)
WRITE_HANDLER(insure)
WRITE_HANDLER(mode)
WRITE_HANDLER(keys)
WRITE_HANDLER(key_create)
WRITE_HANDLER(key_revoke)

static const struct dash_route routes[] = {
    /* name          method  handler   session read                 prefix */
    {"login", "POST", h_login, false, NULL, false},
    {"me", "GET", h_me, true, NULL, false},
    {"logout", "POST", h_logout, true, NULL, false},
    {"overview", "GET", NULL, true, api_dash_overview, false},
    {"consumers", "GET", NULL, true, api_dash_consumers, false},
    {"consumers/", "GET", NULL, true, api_dash_consumer, true},
    {"policies", "GET", NULL, true, api_dash_policies, false},
    {"policies/", "GET", NULL, true, api_dash_policy, true},
    {"duplicates", "GET", NULL, true, api_dash_duplicates, false},
    {"products", "GET", h_products, true, NULL, false},
    {"quote", "POST", h_quote, true, NULL, false},
    {"insure", "POST", h_insure, true, NULL, false},
    {"mode", "POST", h_mode, true, NULL, false},
    {"keys", "GET", h_keys, true, NULL, false},
    {"keys", "POST", h_key_create, true, NULL, false},
    {"keys/", "POST", h_key_revoke, true, NULL, true},
};

void dash_answer(struct dash_call *c, unsigned status, json_t *body, const char *cookie)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    size_t len = text ? strlen(text) : 0;

    json_decref(body);
    if (!text)
        text = xstrndup("", 0);
    c->reply(c->reply_arg, status, text, len, cookie);
    free(c);
}

void dash_fail(struct dash_call *c, unsigned status, const char *text)
{
    if (status >= 500)
        log_warn("dashboard api: %u %s", status, text);
    dash_answer(c, status, json_pack("{s:s}", "error", text), NULL);
}

static void fail_outcome(struct dash_call *c, enum dashboard_outcome o)
{
    if (o == DASHBOARD_BUSY)
        dash_fail(c, 503, "The server is busy; try again in a few seconds");
    else
        dash_fail(c, 500, "Internal error");
}

json_t *dash_time_json(int64_t t)
{
    char text[20];

    if (t <= 0)
        return json_null();
    time_format(t, text);
    return json_string(text);
}

json_t *dash_identity_json(const struct dashboard_identity *who)
{
    char pid[ID_UUID_LEN + 1];

    id_format_uuid(who->partner_id, pid);
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "email", who->email, "partner_id", pid,
                     "partner_name", who->partner_name, "mode",
                     who->mode == PARTNER_LIVE ? "live" : "test", "csrf", who->csrf);
}

static void login_done(void *arg, const struct dashboard_result *res)
{
    struct dash_call *c = arg;
    char cookie[DASHBOARD_COOKIE_LEN], text[96];

    switch (res->outcome) {
    case DASHBOARD_OK:
        dashboard_cookie_format(cookie, sizeof cookie, res->token, c->secure);
        dash_answer(c, 200, dash_identity_json(&res->who), cookie);
        return;
    case DASHBOARD_LOCKED:
        snprintf(text, sizeof text, "Too many failed logins; try again in %d minute%s",
                 res->minutes, res->minutes == 1 ? "" : "s");
        dash_fail(c, 429, text);
        return;
    case DASHBOARD_WRONG:
        dash_fail(c, 401, "Email or password is wrong");
        return;
    default:
        fail_outcome(c, res->outcome);
    }
}

/* A required string member of the login body; answers 400 and returns NULL when absent. */
static const char *field(struct dash_call *c, json_t *obj, const char *key, size_t *len)
{
    json_t *v = json_object_get(obj, key);
    char text[64];

    if (json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    snprintf(text, sizeof text, "%s %s", key, v ? "must be a string" : "is required");
    dash_fail(c, 400, text);
    return NULL;
}

static void h_login(struct dash_call *c, const struct api_dash_request *r,
                    const struct dashboard_identity *who, const uint8_t *token_hash)
{
    const char *email, *password, *err = NULL;
    size_t email_len = 0, password_len = 0;
    struct store *st;
    char text[300];
    json_t *root;

    (void)who;
    (void)token_hash;
    root = api_json_parse(r->body, r->body_len, text, sizeof text);
    if (!root) {
        dash_fail(c, 400, text);
        return;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        dash_fail(c, 400, "The body must be a JSON object with email and password");
        return;
    }
    if (!(email = field(c, root, "email", &email_len)) ||
        !(password = field(c, root, "password", &password_len))) {
        json_decref(root);
        return;
    }
    if (password_len > DASHBOARD_MAX_PASSWORD) {
        json_decref(root);
        dash_fail(c, 400, "password is too long");
        return;
    }
    if (!(st = api_reader(c->api, &err))) {
        json_decref(root);
        dash_fail(c, 500, err);
        return;
    }
    dashboard_login(st, c->api->cfg.writer, email, email_len, password, password_len, time_now(),
                    login_done, c);
    json_decref(root);
}

static void h_me(struct dash_call *c, const struct api_dash_request *r,
                 const struct dashboard_identity *who, const uint8_t *token_hash)
{
    (void)r;
    (void)token_hash;
    dash_answer(c, 200, dash_identity_json(who), NULL);
}

static void logout_done(void *arg, const struct dashboard_result *res)
{
    struct dash_call *c = arg;
    char cookie[DASHBOARD_COOKIE_LEN];

    if (res->outcome != DASHBOARD_OK) {
        fail_outcome(c, res->outcome);
        return;
    }
    dashboard_cookie_format(cookie, sizeof cookie, NULL, c->secure);
    dash_answer(c, 204, NULL, cookie);
}

static void h_logout(struct dash_call *c, const struct api_dash_request *r,
                     const struct dashboard_identity *who, const uint8_t *token_hash)
{
    (void)r;
    (void)who;
    dashboard_logout(c->api->cfg.writer, token_hash, logout_done, c);
}

void api_dashboard(struct api *api, const struct api_dash_request *r, api_dash_reply_fn reply,
                   void *reply_arg)
{
    struct dash_call *c = xcalloc(1, sizeof *c);
    const struct dash_route *route = NULL;
    struct dashboard_identity who;
    uint8_t token_hash[VAULT_HASH_BYTES];
    const char *name = r->path, *why = "";
    bool changes = dashboard_method_changes(r->method), named = false;
    enum dashboard_outcome o;
    struct store *st;

    c->api = api;
    c->reply = reply;
    c->reply_arg = reply_arg;
    c->secure = strncmp(api->cfg.public_url, "https", 5) == 0;
    if (strncmp(name, DASH_PREFIX, strlen(DASH_PREFIX)) == 0)
        name += strlen(DASH_PREFIX);
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (routes[i].prefix ? strncmp(routes[i].name, name, strlen(routes[i].name)) != 0
                             : strcmp(routes[i].name, name) != 0)
            continue;
        named = true;
        if (strcmp(routes[i].method, r->method) == 0)
            route = &routes[i];
    }
    if (!route) {
        dash_fail(c, named ? 405 : 404, named ? "Method not allowed" : "Not found");
        return;
    }
    if (changes && r->origin && !dashboard_origin_ok(r->origin, api->cfg.public_url)) {
        dash_fail(c, 403, "Cross-site request refused");
        return;
    }
    if (r->too_large) {
        dash_fail(c, 413, "Request body is too large");
        return;
    }
    if (!route->session) {
        route->handler(c, r, NULL, NULL);
        return;
    }
    if (!(st = api_reader(api, &why))) {
        dash_fail(c, 500, why);
        return;
    }
    o = dashboard_session(st, api->cfg.writer, r->cookie, time_now(), &who, token_hash, &why);
    if (o == DASHBOARD_NO_SESSION) {
        dash_fail(c, 401, "Not logged in");
        return;
    }
    if (o != DASHBOARD_OK) {
        log_warn("dashboard session look-up: %s", why);
        fail_outcome(c, o);
        return;
    }
    if (changes && !dashboard_token_equal(r->csrf, who.csrf)) {
        dash_fail(c, 403, "CSRF token missing or wrong");
        return;
    }
    if (route->read) {
        json_t *body = NULL;
        unsigned status =
            route->read(api, r, name + (route->prefix ? strlen(route->name) : 0), &who, &body);
        if (status >= 500)
            log_warn("dashboard api: %u on %s", status, name);
        dash_answer(c, status, body, NULL);
        return;
    }
    c->rest = name + (route->prefix ? strlen(route->name) : 0);
    route->handler(c, r, &who, token_hash);
}
