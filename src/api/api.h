/*
 * api.h - the AIMS command endpoint (POST /): envelope decoding, authorization, the one
 * command table and every answer. Jansson is used only inside this folder.
 *
 * The API layer does not know HTTP: the server hands it a body and a reply callback,
 * which is called exactly once, on the calling thread or later on the writer thread.
 */
#ifndef AIMS_API_H
#define AIMS_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/writer.h"
#include "../vault/vault.h"

struct api;
struct catalog;

/* Receives the answer: body is malloc'd JSON that the callee frees; note is a short
 * log text (borrowed, valid during the call). */
typedef void (*api_reply_fn)(void *arg, char *body, size_t body_len, const char *note);

struct api_config {
    const char *store_url;         /* for the per-thread read connections */
    const char *public_url;        /* how partners reach this server, e.g. http://host:8080 */
    const struct vault_keys *keys; /* borrowed; lives as long as the api */
    struct writer *writer;         /* borrowed; lives as long as the api */
    /* Admission: returns true when the server is past its connection limit. */
    bool (*overloaded)(void *arg);
    void *overloaded_arg;
};

/*
 * Creates the API state with the product catalog cat (the api takes over the caller's
 * reference); registers its command labels with metrics. Free with api_free.
 */
struct api *api_new(const struct api_config *cfg, struct catalog *cat);

/*
 * Puts catalog cat in force (taking over the caller's reference). Requests already
 * running keep the catalog they started with; the old one is freed when the last of
 * them ends.
 */
void api_set_catalog(struct api *api, struct catalog *cat);

/*
 * Answers one request. method is the HTTP method; body (body_len bytes) is the request
 * body, borrowed until reply is called; too_large says the body passed the cap.
 * start_ns is when the body was complete (monotonic), for the latency metric.
 */
void api_handle(struct api *api, const char *method, const char *body, size_t body_len,
                bool too_large, int64_t start_ns, api_reply_fn reply, void *reply_arg);

/* A page answered by api_page: body is malloc'd (the caller frees it). */
struct api_page {
    const char *content_type;
    char *body;
    size_t len;
};

/*
 * Answers GET paths the API owns: /certificates/<token>.pdf and /verify/<policy number>.
 * Returns 0 when path is not one of them, else the HTTP status; with 200, *out holds
 * the page.
 */
int api_page(struct api *api, const char *path, struct api_page *out);

/*
 * A request under /dashboard/api/ as the server hands it over. Every pointer is
 * borrowed until api_dashboard returns; header values are NULL when absent.
 */
struct api_dash_request {
    const char *method;
    const char *path; /* the whole path, "/dashboard/api/login" */
    const char *body;
    size_t body_len;
    bool too_large;     /* the body passed the cap */
    const char *cookie; /* Cookie */
    const char *csrf;   /* X-CSRF-Token */
    const char *origin; /* Origin */
    /* The query-string argument name, URL-decoded, or NULL when absent; may be NULL
     * itself (no arguments). Borrowed; called only before api_dashboard returns. */
    const char *(*arg)(void *arg_ctx, const char *name);
    void *arg_ctx;
};

/*
 * Receives a dashboard answer: HTTP status, malloc'd JSON body the callee frees (empty
 * for 204), and a Set-Cookie value or NULL (borrowed, valid during the call).
 */
typedef void (*api_dash_reply_fn)(void *arg, unsigned status, char *body, size_t body_len,
                                  const char *set_cookie);

/*
 * Answers one dashboard API request (dashboard_api.c): POST login, GET me, POST logout,
 * with the session cookie, CSRF and Origin rules of src/dashboard/. reply is called
 * exactly once, on this thread or later on the writer thread.
 */
void api_dashboard(struct api *api, const struct api_dash_request *r, api_dash_reply_fn reply,
                   void *reply_arg);

struct store_consumer;
struct store_token;

/*
 * The dashboard search tokens of stored consumer c (at most 16, DASHBOARD_MAX_TERMS),
 * computed from its sealed profile exactly as registration computed them, into out;
 * *n gets how many. Returns 0, or -1 when the profile does not open with keys (another
 * key file, or a damaged row). For `aimsctl consumers reindex` (reindex.c).
 */
int api_profile_tokens(const struct vault_keys *keys, const struct store_consumer *c,
                       struct store_token out[16], size_t *n);

/* Closes the per-thread read connections and frees api. No request may be running. */
void api_free(struct api *api);

#endif
