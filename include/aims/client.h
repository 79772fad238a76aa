/*
 * aims/client.h - libaims, the partner's C client for an AIMS server (aimsd or any server
 * speaking the AIMS protocol).
 *
 * The integration pattern of the Consumer Management Guide is built in: register a
 * customer once, keep the consumer_id in a local store mapped to your own user id, and
 * reuse it for every product; email idempotency is used only to recover a lost local
 * record. Policy requests get a transaction reference that is saved locally BEFORE the
 * request is sent, so a retry after a crash or a timeout reuses it and never buys twice.
 *
 * Thread safety: one struct aims_client may be used from several threads at once; every
 * function here is thread-safe. (Each call uses its own HTTP handle; the local store is a
 * SQLite file opened in serialized mode, and each store operation is atomic. Several
 * processes may share one store file.) The first aims_client_new initialises libcurl
 * (curl_global_init) once for the process; a program that also uses libcurl itself
 * should call curl_global_init before starting threads.
 *
 * Errors: every fallible function returns an enum aims_rc (AIMS_OK = 0) and sets the
 * calling thread's aims_last_error(). When the server answered 55, the rc is
 * AIMS_ESERVER and aims_last_error() gives its id_v4 and elbrtn.
 * Memory: allocation failure is returned as AIMS_ENOMEM, never an abort. Nothing
 * returned to the caller needs freeing except the client itself.
 *
 * Strings: every const char * argument is NUL-terminated, borrowed for the call only,
 * and must not be NULL unless its description says so.
 *
 * Link with `pkg-config --libs aims` (libaims.a or libaims.so).
 */
#ifndef AIMS_CLIENT_H
#define AIMS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AIMS_CLIENT_VERSION "0.1.0"

/* Return codes. */
enum aims_rc {
    AIMS_OK = 0,
    AIMS_EINVAL = 1,   /* a bad argument (the error text names it) */
    AIMS_ENOMEM = 2,   /* out of memory */
    AIMS_ENET = 3,     /* no answer: connection refused, reset or timed out */
    AIMS_EPROTO = 4,   /* the answer was not the AIMS protocol (not JSON, no exctnFdbck) */
    AIMS_EBUSY = 5,    /* 35 after every retry (2, 4 and 8 s with jitter) */
    AIMS_ESERVER = 6,  /* 55: aims_last_error() has id_v4 and elbrtn */
    AIMS_ESTORE = 7,   /* the local store failed */
    AIMS_ETIMEOUT = 8, /* aims_policy_wait: the deadline passed while still processing */
    AIMS_EIO = 9       /* writing a file failed */
};

/*
 * The outcome of the last libaims call on this thread: every function returning an
 * enum aims_rc sets it (rc AIMS_OK, id_v4 0 and an empty message on success), so after a
 * failure it describes that failure.
 */
struct aims_error {
    enum aims_rc rc;
    int id_v4;         /* with AIMS_ESERVER: 400, 401, 404, 406, 409, 413, 500 (0 when a legacy
                          server sent none); with AIMS_EBUSY: 503 */
    char message[512]; /* the elbrtn, or what went wrong locally */
};

/* This thread's outcome. Borrowed; valid until the next libaims call on the same thread. */
const struct aims_error *aims_last_error(void);

/* A short English name of rc ("server error", ...); static storage. */
const char *aims_strerror(enum aims_rc rc);

struct aims_client;

/*
 * Configuration. Any NULL (or empty) string is taken from the environment: AIMS_URL,
 * AIMS_PARTNER_ID, AIMS_AUTH_ID, AIMS_AUTH_KEY, AIMS_STORE (the local store file;
 * default "aims-client.db" in the working directory). All strings are copied. url is
 * http:// or https://; requests are POSTed to it as given, with "/" appended when it
 * names no path. The local store keeps its rows per partner_id, so one file may serve
 * several partners (e.g. a TEST and a LIVE one).
 */
struct aims_config {
    const char *url; /* e.g. "http://127.0.0.1:8080" */
    const char *partner_id;
    const char *auth_id;
    const char *auth_key;
    const char *store_path; /* the local SQLite file: user ids, consumer ids, references */
    unsigned timeout_ms;    /* per HTTP request; 0 = 10000 */
    unsigned retry_base_ms; /* first wait after a 35; then x2, x4 (0 = 2000; tests use less) */
    unsigned retries;       /* retries after 35 answers; 0 = 3 */
};

/*
 * Creates a client. cfg may be NULL (everything from the environment). Opens (creating
 * and migrating) the local store; sends nothing. Returns AIMS_OK and sets *out (the
 * caller frees it with aims_client_free), or AIMS_EINVAL naming the missing or malformed
 * setting, AIMS_ESTORE or AIMS_ENOMEM (then *out is NULL).
 */
enum aims_rc aims_client_new(const struct aims_config *cfg, struct aims_client **out);

/* Frees the client and closes its store. NULL is accepted. No call may be running. */
void aims_client_free(struct aims_client *c);

/* A consumer's details for registration (SR05). NULL fields are left out; strings are UTF-8. */
struct aims_profile {
    const char *cls;        /* "individual" (default when NULL) or "organization" */
    const char *first_name; /* required */
    const char *last_name;  /* required for individuals */
    const char *middle_name;
    const char *dob;    /* "YYYY-MM-DD" */
    const char *gender; /* "m" or "f" */
    const char *phone;  /* "+234..." */
    const char *email;  /* required */
    const char *address;
    const char *nationality;
    const char *state_of_origin;
    const char *marital_status;
    const char *id_type;   /* socialID.type: nidd, dlcn, ipss, vcrd, bvnn */
    const char *id_number; /* socialID.id */
    const char *tax_id;
};

/* A consumer id: 32 lowercase hex digits and a NUL. */
#define AIMS_ID_LEN 33

/*
 * The guide's pattern: finds the consumer_id stored locally for user_id (your own
 * customer id, 1 to 256 bytes); only when absent registers profile (prfl entity) and
 * saves the id with the email. If the local record was lost, email idempotency gives back
 * the same id. profile is read only when a registration is needed, and may be NULL when
 * user_id is known to be stored. Returns AIMS_OK with out_id filled (32 lowercase hex
 * digits); *registered (may be NULL) says whether a request was sent. Errors:
 * AIMS_EINVAL (a missing required profile field, named), AIMS_ESTORE, and those of a
 * request (AIMS_ENET, AIMS_EPROTO, AIMS_EBUSY, AIMS_ESERVER, AIMS_ENOMEM). When two
 * threads or processes register one new user_id at once, both end with the id saved
 * first.
 */
enum aims_rc aims_consumer_ensure(struct aims_client *c, const char *user_id,
                                  const struct aims_profile *profile, char out_id[AIMS_ID_LEN],
                                  bool *registered);

/* Looks up user_id in the local store only. AIMS_OK, or AIMS_EINVAL when unknown. */
enum aims_rc aims_consumer_lookup(struct aims_client *c, const char *user_id,
                                  char out_id[AIMS_ID_LEN]);

/*
 * Calls each(user_id, consumer_id, arg) for every locally stored mapping of this
 * partner, in user id order; stops when each returns non-zero. The strings are borrowed
 * for the callback only. The mappings are read first, so each may call libaims (on this
 * client too). Returns AIMS_OK (also when each stopped early), AIMS_ESTORE or
 * AIMS_ENOMEM.
 */
enum aims_rc
aims_consumer_each(struct aims_client *c,
                   int (*each)(const char *user_id, const char *consumer_id, void *arg), void *arg);

/*
 * A premium quote (SR10). product is "ctgry-type-pckg"; seed_json is the seed object as
 * JSON text (e.g. "{\"insrncDrtn\":\"1y\"}"; NULL means {}). *premium_kobo receives the
 * premium (the answer's prmm, a number or a legacy string, in Naira, times 100).
 * Errors: AIMS_EINVAL (bad product or seed_json) and those of a request.
 */
enum aims_rc aims_quote(struct aims_client *c, const char *product, const char *seed_json,
                        int64_t *premium_kobo);

/* A policy as the server reports it. */
struct aims_policy {
    char txref[65];            /* the transaction reference */
    char status;               /* 'p' processing, 'a' approved, 'd' declined */
    int64_t premium_kobo;      /* -1 when not known (status of a request not made via this store) */
    char policy_no[64];        /* when approved */
    char commenced[20];        /* tmstmp, "YYYY-MM-DD HH:MM:SS" UTC, when approved */
    char cover_end[20];        /* when approved */
    char certificate_url[512]; /* when approved */
    char note[512];            /* when declined */
};

/*
 * Requests a policy (SR15) for consumer_id (32 hex digits or a hyphenated UUID). order_id
 * is YOUR identifier of this purchase (e.g. the checkout or order number, 1 to 256
 * bytes): the transaction reference ("A" and 20 random hex digits) is created once per
 * (consumer, product, order_id), committed to the local store before sending, and
 * reused by every retry, so calling this again after a crash or timeout never buys
 * twice (the server answers a repeated reference with the first answer; a different
 * seed under the same order is refused with 409). seed_json holds the quote fields and
 * addtnlFact (ctgry/type/pckg/id are filled in, replacing any given). *out receives
 * txref, status and premium; other fields are empty. Errors: AIMS_EINVAL, AIMS_ESTORE,
 * AIMS_EIO (no random bytes) and those of a request; after AIMS_ENET or AIMS_EBUSY the
 * outcome is unknown and the call should be repeated.
 */
enum aims_rc aims_insure(struct aims_client *c, const char *consumer_id, const char *product,
                         const char *order_id, const char *seed_json, struct aims_policy *out);

/*
 * The status of a policy request (SR20) into *out: status; for 'a' the policy number,
 * commencement, cover end and certificate URL; for 'd' the note; premium_kobo from the
 * local store. txref may point into *out (out->txref). Errors: AIMS_EINVAL and those of
 * a request (55/404 when the server has no such request for this consumer).
 */
enum aims_rc aims_policy_status(struct aims_client *c, const char *consumer_id, const char *product,
                                const char *txref, struct aims_policy *out);

/*
 * Polls the status with backoff (0.5 s doubling to 8 s, with jitter) until approved or
 * declined (AIMS_OK), or deadline_ms passes (then AIMS_ETIMEOUT with *out holding the last
 * status, 'p'). deadline_ms 0 asks once. A failed request ends the wait with its error.
 * txref may point into *out.
 */
enum aims_rc aims_policy_wait(struct aims_client *c, const char *consumer_id, const char *product,
                              const char *txref, unsigned deadline_ms, struct aims_policy *out);

/*
 * Downloads the certificate PDF of an approved policy (as filled by aims_policy_status or
 * aims_policy_wait) into the file path, through a temporary file beside it that is
 * renamed into place only when complete (mode 0600: it holds personal data). Errors:
 * AIMS_EINVAL (not approved, no URL), AIMS_ENET, AIMS_EPROTO (not HTTP 200 or not a PDF),
 * AIMS_EIO, AIMS_ENOMEM.
 */
enum aims_rc aims_certificate_download(struct aims_client *c, const struct aims_policy *policy,
                                       const char *path);

#ifdef __cplusplus
}
#endif

#endif
