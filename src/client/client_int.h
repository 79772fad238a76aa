/*
 * client_int.h - what the files of libaims (src/client/) share: the client structure,
 * the per-thread error, the HTTP calls (http.c), the local store (store.c) and small
 * helpers (util.c). Nothing here is public; include/aims/client.h is the interface.
 *
 * Cross-file functions carry the prefix libaims_. They never abort: allocation failure
 * is reported as AIMS_ENOMEM. Functions returning enum aims_rc set the thread's error
 * (aims_last_error) when they fail, so callers only pass the rc on.
 */
#ifndef AIMS_CLIENT_INT_H
#define AIMS_CLIENT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <aims/client.h>
#include <jansson.h>

struct sqlite3;

/* Caps on what the client accepts from its caller and from the server. */
#define LIBAIMS_MAX_ARG 256                      /* user_id, order_id, settings */
#define LIBAIMS_MAX_PRODUCT 63                   /* "ctgry-type-pckg" */
#define LIBAIMS_MAX_ANSWER (16u * 1024u * 1024u) /* bytes of one JSON answer */
#define LIBAIMS_MAX_PDF (32u * 1024u * 1024u)    /* bytes of one certificate */

struct aims_client {
    char *post_url;   /* the base URL, with "/" appended when it has no path */
    char *partner_id; /* as configured (sent in userInfo.id) */
    char *auth_id;
    char *auth_key;
    char *store_path;
    char partner_key[LIBAIMS_MAX_ARG + 1]; /* partner id in canonical form: the store's scope */
    unsigned timeout_ms;
    unsigned retry_base_ms;
    unsigned retries;
    struct sqlite3 *db;   /* the local store; every use holds lock */
    pthread_mutex_t lock; /* serializes the store's statements and transactions */
};

/* ---- errors (client.c) ---- */

/*
 * Sets this thread's error to rc, id_v4 and the printf-formatted message (truncated to
 * fit) and returns rc, so that `return libaims_fail(...)` reports and returns at once.
 */
enum aims_rc libaims_fail(enum aims_rc rc, int id_v4, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears this thread's error (rc AIMS_OK, empty message) and returns AIMS_OK. */
enum aims_rc libaims_ok(void);

/* ---- helpers (util.c) ---- */

/* strdup that returns NULL when out of memory (s must not be NULL). */
char *libaims_strdup(const char *s);

/* True when s is valid UTF-8 without NUL (s_len bytes). */
bool libaims_utf8_valid(const char *s, size_t s_len);

/*
 * Normalizes a consumer id given as 32 hex digits or hyphenated 8-4-4-4-12, any case,
 * into 32 lowercase hex digits and a NUL. Returns 0, or -1 when s is neither form.
 * (Unlike common/ids.c it does not insist on the UUID v4 bits: other AIMS servers'
 * ids need not carry them.)
 */
int libaims_id_normalize(const char *s, char out[AIMS_ID_LEN]);

/*
 * Checks a product code "ctgry-type-pckg": three non-empty parts of letters, digits and
 * '_', joined by '-', at most LIBAIMS_MAX_PRODUCT characters. Sets the error naming
 * `what` and returns AIMS_EINVAL when it is not one.
 */
enum aims_rc libaims_check_product(const char *product, const char *what);

/*
 * Checks a transaction reference: 1 to 64 of A-Z a-z 0-9 '-' '_' (PROTOCOL.md section
 * 6). AIMS_EINVAL naming `what` otherwise.
 */
enum aims_rc libaims_check_txref(const char *txref, const char *what);

/*
 * Fills buf (n bytes) with random bytes from getrandom(2). Returns 0, or -1 with the
 * error set (AIMS_EIO) when the kernel gives none.
 */
int libaims_random(void *buf, size_t n);

/* ms with +-25 % jitter (never below 1 when ms > 0). */
unsigned libaims_jitter(unsigned ms);

/* Sleeps ms milliseconds (resumes after signals). */
void libaims_sleep_ms(unsigned ms);

/*
 * Reads a JSON integer, or a string of an optional '-' and 1 to 18 digits (the legacy
 * form), into *out. Returns 0, or -1 when v is neither (v may be NULL).
 */
int libaims_json_int(const json_t *v, long long *out);

/*
 * Reads money in Naira - a JSON number, or a string such as "5000" or "5000.5" (legacy) -
 * into integer kobo. Returns 0, or -1 when v is not money or is out of range.
 */
int libaims_json_money(const json_t *v, int64_t *kobo);

/*
 * Parses seed_json (NULL means "{}") as a JSON object. Returns AIMS_OK with *out (the
 * caller frees it with json_decref), AIMS_EINVAL naming the position of the problem, or
 * AIMS_ENOMEM.
 */
enum aims_rc libaims_seed_parse(const char *seed_json, json_t **out);

/* ---- HTTP (http.c) ---- */

/*
 * Sends one AIMS command (the envelope with this client's credentials, cmmnd.cmmnd =
 * command, cmmnd.seed = seed when not NULL; seed is borrowed) to the server and checks
 * the answer. 35 answers are retried retries times after retry_base_ms, x2, x4 ... with
 * jitter. Returns AIMS_OK with *answer (the whole answer object; the caller frees it with
 * json_decref), or AIMS_ENET, AIMS_EPROTO, AIMS_EBUSY, AIMS_ESERVER (id_v4 and elbrtn in
 * the error), AIMS_EINVAL or AIMS_ENOMEM.
 */
enum aims_rc libaims_call(struct aims_client *c, const char *command, json_t *seed,
                          json_t **answer);

/*
 * GETs url (http or https) and writes the body, which must be a PDF, to path through a
 * temporary file in the same folder, renamed into place only when complete. Returns
 * AIMS_OK, AIMS_ENET, AIMS_EPROTO (not 200, not a PDF, too large), AIMS_EIO or
 * AIMS_ENOMEM.
 */
enum aims_rc libaims_download(struct aims_client *c, const char *url, const char *path);

/*
 * Initialises libcurl once per process (thread-safe). Returns AIMS_OK or AIMS_ENOMEM.
 */
enum aims_rc libaims_http_init(void);

/* ---- the local store (store.c) ---- */

/* One user id -> consumer id mapping, as aims_consumer_each lists them. */
struct libaims_mapping {
    char *user_id;
    char consumer_id[AIMS_ID_LEN];
};

/*
 * Opens (creating, migrating) the store at c->store_path into c->db: WAL,
 * synchronous=FULL, a busy timeout. Returns AIMS_OK, AIMS_ESTORE or AIMS_ENOMEM.
 */
enum aims_rc libaims_store_open(struct aims_client *c);

/* Closes c->db (NULL is accepted). */
void libaims_store_close(struct aims_client *c);

/*
 * Looks user_id up. Returns AIMS_OK with *found set (and out_id filled when found), or
 * AIMS_ESTORE.
 */
enum aims_rc libaims_store_consumer_find(struct aims_client *c, const char *user_id,
                                         char out_id[AIMS_ID_LEN], bool *found);

/*
 * Saves user_id -> consumer_id (email may be NULL) unless user_id already has an id,
 * and gives back the id stored for user_id in out_id (the first one saved wins when
 * two threads or processes race). Returns AIMS_OK or AIMS_ESTORE.
 */
enum aims_rc libaims_store_consumer_put(struct aims_client *c, const char *user_id,
                                        const char *consumer_id, const char *email,
                                        char out_id[AIMS_ID_LEN]);

/*
 * Lists this partner's mappings in user id order into *out (*count entries). The caller
 * frees them with libaims_mappings_free. Returns AIMS_OK, AIMS_ESTORE or AIMS_ENOMEM.
 */
enum aims_rc libaims_store_consumer_list(struct aims_client *c, struct libaims_mapping **out,
                                         size_t *count);

/* Frees what libaims_store_consumer_list gave (NULL is accepted). */
void libaims_mappings_free(struct libaims_mapping *m, size_t count);

/*
 * The journal: gives the transaction reference of (consumer_id, product, order_id),
 * creating and COMMITTING a new random one first when there is none, so that it is
 * durable before any request carries it. Returns AIMS_OK with txref filled (at most 64
 * characters and a NUL), AIMS_ESTORE or AIMS_EIO (no random bytes).
 */
enum aims_rc libaims_store_txref(struct aims_client *c, const char *consumer_id,
                                 const char *product, const char *order_id, char txref[65]);

/*
 * Records what the server said about (product, txref): state 'p', 'a' or 'd' with the
 * premium (premium_kobo < 0 leaves it unchanged), or 'e' (refused with 55) with id_v4
 * and the text - unless the server already accepted the reference (p, a or d), which a
 * later refusal (a 409 for another payload) does not undo. Does nothing when the journal
 * has no such reference. Returns AIMS_OK or AIMS_ESTORE.
 */
enum aims_rc libaims_store_request_update(struct aims_client *c, const char *product,
                                          const char *txref, char state, int64_t premium_kobo,
                                          int id_v4, const char *text);

/*
 * The premium the journal holds for (product, txref), or -1 when it has none. Returns
 * AIMS_OK or AIMS_ESTORE.
 */
enum aims_rc libaims_store_request_premium(struct aims_client *c, const char *product,
                                           const char *txref, int64_t *premium_kobo);

#endif
