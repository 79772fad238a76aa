/*
 * dashboard_int.h - what the files of the dashboard API share (dashboard_api.c routes
 * and gates, dashboard_writes.c quote/buy/mode/keys, products_json.c): one request on
 * its way to its answer, and the two functions every answer leaves through.
 */
#ifndef AIMS_DASHBOARD_INT_H
#define AIMS_DASHBOARD_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api.h"

struct dashboard_identity;
struct product;

/* One dashboard request on its way to its answer (freed by the answer). */
struct dash_call {
    struct api *api;
    api_dash_reply_fn reply;
    void *reply_arg;
    bool secure;      /* the public URL is https: the cookie gets Secure */
    const char *rest; /* the path after a prefix route's name ("<id>/revoke"); borrowed,
                         valid only until the handler returns */
};

/*
 * Answers status with body (stolen; NULL for an empty body) and a Set-Cookie value or
 * NULL; frees c. Every dashboard answer leaves here.
 */
void dash_answer(struct dash_call *c, unsigned status, json_t *body, const char *cookie);

/* Answers {"error": text} with status (logged when >= 500); frees c. */
void dash_fail(struct dash_call *c, unsigned status, const char *text);

/* Epoch seconds t as "YYYY-MM-DD HH:MM:SS" (UTC), or JSON null when t is 0 or less. */
json_t *dash_time_json(int64_t t);

/* The session as the API shows it: email, partner id and name, mode, CSRF token. */
json_t *dash_identity_json(const struct dashboard_identity *who);

/* Product p as the buy form needs it: codes, names, periods, quote fields, consumer
 * requirements and the addtnlFact schema (products_json.c). */
json_t *dash_product_json(const struct product *p);

/*
 * Route handlers of dashboard_writes.c: r is the request, who the session (never NULL
 * for these), c->rest the path below a prefix route. Each answers exactly once.
 */
void dash_products(struct dash_call *c, const struct api_dash_request *r,
                   const struct dashboard_identity *who);
void dash_quote(struct dash_call *c, const struct api_dash_request *r,
                const struct dashboard_identity *who);
void dash_insure(struct dash_call *c, const struct api_dash_request *r,
                 const struct dashboard_identity *who);
void dash_mode(struct dash_call *c, const struct api_dash_request *r,
               const struct dashboard_identity *who);
void dash_keys(struct dash_call *c, const struct api_dash_request *r,
               const struct dashboard_identity *who);
void dash_key_create(struct dash_call *c, const struct api_dash_request *r,
                     const struct dashboard_identity *who);
void dash_key_revoke(struct dash_call *c, const struct api_dash_request *r,
                     const struct dashboard_identity *who);

#endif
