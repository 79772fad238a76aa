/*
 * api_int.h - what the files of the API layer share: one call's state, the command
 * table row, and the reply functions every answer goes through.
 */
#ifndef AIMS_API_INT_H
#define AIMS_API_INT_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"
#include "../store/writer.h"
#include "../vault/vault.h"
#include "api.h"
#include "errors.h"

#define API_MAX_CAPTURES 4

struct catalog;

struct api {
    struct api_config cfg;
    pthread_mutex_t catalog_lock;
    struct catalog *catalog; /* the one in force; swapped whole on reload */
};

/* A piece of the command string matched by a {} in the pattern. */
struct capture {
    const char *s;
    size_t len;
};

/* One request from decoding to answer. Freed by the reply functions. */
struct api_call {
    struct api *api;
    api_reply_fn reply;
    void *reply_arg;
    int64_t start_ns;
    char rid[17]; /* request id, quoted in 500 answers and the log */
    bool legacy;  /* "srvcVrsn": "2" */
    json_t *root; /* the parsed request (owned) */
    json_t *seed; /* cmmnd.seed, borrowed from root; NULL when absent */
    int command;  /* index in the command table; -1 before dispatch */
    uint8_t partner[16];
    enum partner_mode mode;
    struct capture cap[API_MAX_CAPTURES];
    int ncap;
    struct write_job job; /* for commands that write */
    void *state;          /* command-specific, freed by its own code before replying */
};

/* A command handler: answers through api_ok / api_fail, now or after a write. */
typedef void (*command_fn)(struct api_call *call);

/*
 * One row of the command table (commands.c).
 *   label   - short name in metrics and logs
 *   pattern - the command string; each {} captures 1+ characters of [A-Za-z0-9_-]
 *   handler - the function that answers it
 *   writes  - true when it goes through the writer thread (admission by queue depth)
 */
struct command {
    const char *label;
    const char *pattern;
    command_fn handler;
    bool writes;
};

extern const struct command api_commands[];
extern const int api_command_count;

/*
 * Finds the row whose pattern matches s (s_len bytes) and fills call->cap.
 * Returns its index, or -1 when nothing matches.
 */
int api_command_match(const char *s, size_t s_len, struct api_call *call);

/* Answers success: fields (may be NULL; reference stolen) are added after exctnFdbck. */
void api_ok(struct api_call *call, json_t *fields);

/*
 * Answers an error from errors.h. detail replaces the list's text (needed where the
 * list has NULL). Logs and counts it. The call is freed.
 */
void api_fail(struct api_call *call, enum api_err err, const char *detail);

/* Answers 55/500 for an internal fault, logging why (never shown to the client). */
void api_internal(struct api_call *call, const char *why);

/* The read-only store of the calling thread, opened on first use; NULL on failure
 * (then *err says why). */
struct store *api_reader(struct api *api, const char **err);

/* Closes every thread's read-only store (at shutdown). */
void api_readers_close(void);

/* Submits call->job to the writer; answers 35 itself when the queue is full.
 * Returns 0 when queued. */
int api_submit(struct api_call *call);

/* Maps a store failure to an answer (BUSY -> 35, else 500). */
void api_store_fail(struct api_call *call, int rc, const char *what);

/*
 * Parses body as JSON with every limit of PROTOCOL.md section 2. Returns the value, or
 * NULL with the complete elbrtn text in err (err_len bytes).
 */
json_t *api_json_parse(const char *body, size_t body_len, char *err, size_t err_len);

/* The catalog in force, with a reference the caller drops with catalog_unref. */
struct catalog *api_catalog_acquire(struct api *api);

/* A premium in kobo as the answer's value: a number in Naira, a string for legacy
 * clients. */
json_t *api_money(const struct api_call *call, int64_t kobo);

struct quote_value;

/* The quote_input callback over a seed object (arg is the json_t *seed, may be NULL). */
void api_seed_value(void *arg, const char *name, struct quote_value *out);

/*
 * Renders the certificate of approved policy p (holder, product, dates, QR code to the
 * verify page). Returns 0 with a malloc'd PDF the caller frees, or -1 with err.
 */
int api_certificate(struct api *api, const struct store_policy *p, uint8_t **pdf, size_t *pdf_len,
                    char *err, size_t err_len);

/* data (len bytes) as a JSON string of standard base64. */
json_t *api_base64(const uint8_t *data, size_t len);

struct dashboard_identity;
struct api_dash_request;

/*
 * A read route of the dashboard API (dashboard_reads.c), run on the worker thread with
 * its read-only store and scoped to who's partner. rest is the path after the route's
 * name ("<id>" of "consumers/<id>"). Sets *body (an answer, or {"error": TEXT}) and
 * returns the HTTP status.
 */
typedef unsigned (*api_dash_read_fn)(struct api *api, const struct api_dash_request *r,
                                     const char *rest, const struct dashboard_identity *who,
                                     json_t **body);
unsigned api_dash_overview(struct api *api, const struct api_dash_request *r, const char *rest,
                           const struct dashboard_identity *who, json_t **body);
unsigned api_dash_consumers(struct api *api, const struct api_dash_request *r, const char *rest,
                            const struct dashboard_identity *who, json_t **body);
unsigned api_dash_consumer(struct api *api, const struct api_dash_request *r, const char *rest,
                           const struct dashboard_identity *who, json_t **body);
unsigned api_dash_policies(struct api *api, const struct api_dash_request *r, const char *rest,
                           const struct dashboard_identity *who, json_t **body);
unsigned api_dash_policy(struct api *api, const struct api_dash_request *r, const char *rest,
                         const struct dashboard_identity *who, json_t **body);
unsigned api_dash_duplicates(struct api *api, const struct api_dash_request *r, const char *rest,
                             const struct dashboard_identity *who, json_t **body);

/*
 * Runs command (e.g. "dump ipck_<code>*PRMM") with seed (stolen; may be NULL) as
 * partner in mode, exactly as if an authorized POST / had asked for it: the same
 * handler, rules, errors and metrics. The answer is the AIMS envelope, through reply.
 * For the dashboard, whose session stands in for the partner's key.
 */
void api_run_as(struct api *api, const uint8_t partner[16], enum partner_mode mode,
                const char *command, json_t *seed, api_reply_fn reply, void *reply_arg);

struct dashboard_term;

/* Hashes the n search terms of a consumer of partner into out (reindex.c); returns n. */
size_t api_hash_terms(const struct vault_keys *keys, const uint8_t partner[16],
                      const struct dashboard_term *terms, size_t n, struct store_token *out);

/* Command handlers (profile.c, quote.c, insure.c, policy_dump.c). */
void cmd_register(struct api_call *call);
void cmd_profile_dump(struct api_call *call);
void cmd_quote(struct api_call *call);
void cmd_insure(struct api_call *call);
void cmd_status(struct api_call *call);
void cmd_transaction_dump(struct api_call *call);
void cmd_transactions_dump(struct api_call *call);

#endif
