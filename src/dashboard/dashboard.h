/*
 * dashboard.h - the partner dashboard's users and sessions: who is logged in, for which
 * partner, and the rules around it (session cookie, CSRF token, Origin check, lockout
 * after repeated failed logins). No HTTP, SQL or JSON types here: src/api/dashboard_api.c
 * moves JSON in and out, src/server/main.c routes /dashboard/api/ to it.
 *
 * rules.c holds the pure parts (tested alone); auth.c runs logins, session look-ups and
 * logouts over the store, the vault and the writer thread. A user belongs to one
 * partner, and every session carries that partner: later parts of the dashboard show
 * only its data.
 */
#ifndef AIMS_DASHBOARD_H
#define AIMS_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "../store/writer.h"
#include "../vault/vault.h"

#define DASHBOARD_COOKIE "aims_session"     /* the session cookie's name */
#define DASHBOARD_SESSION_TTL_S (12 * 3600) /* a session ends 12 hours after login */
#define DASHBOARD_IDLE_S (30 * 60)          /* ... or after 30 minutes without a request */
#define DASHBOARD_SEEN_EVERY_S 60           /* last_seen is written at most once a minute */
#define DASHBOARD_MAX_FAILED_LOGINS 5       /* failures in a row that lock a user */
#define DASHBOARD_LOCK_S 300                /* how long the lock lasts */
#define DASHBOARD_MAX_PASSWORD 1024         /* longer passwords are refused unread */
#define DASHBOARD_COOKIE_LEN 160            /* room for a Set-Cookie value */

/* ---- rules.c: pure ---- */

/*
 * True while a session with expires_at and last_seen (epoch seconds) is alive at now:
 * before it expires and less than DASHBOARD_IDLE_S after its last request.
 */
bool dashboard_session_alive(int64_t expires_at, int64_t last_seen, int64_t now);

/* True when a request at now should record itself as the session's last_seen (at most
 * once every DASHBOARD_SEEN_EVERY_S, so reads do not each become a write). */
bool dashboard_seen_due(int64_t last_seen, int64_t now);

/*
 * Finds cookie name in a Cookie request header ("a=1; aims_session=xyz") and copies its
 * value into out (out_len bytes, NUL-terminated). Returns 0, or -1 when header is NULL,
 * the cookie is absent or empty, or its value does not fit.
 */
int dashboard_cookie_find(const char *header, const char *name, char *out, size_t out_len);

/*
 * The Set-Cookie value for session token (NUL-terminated) into out: Path=/dashboard,
 * HttpOnly, SameSite=Strict, and Secure when secure. With token NULL, the value that
 * clears the cookie (empty, Max-Age=0).
 */
void dashboard_cookie_format(char *out, size_t out_len, const char *token, bool secure);

/* Compares two tokens in time that depends only on their lengths; NULL equals nothing. */
bool dashboard_token_equal(const char *a, const char *b);

/* True for methods that change state (POST, PUT, PATCH, DELETE): they need the CSRF
 * token. */
bool dashboard_method_changes(const char *method);

/*
 * True when an Origin header value names the same scheme, host and port as public_url
 * (whose path, if any, is ignored). Comparison ignores the case of scheme and host.
 */
bool dashboard_origin_ok(const char *origin, const char *public_url);

/*
 * Trims and lower-cases an email (s, s_len bytes) into out (out_len bytes). Returns 0,
 * or -1 when it is not plausibly an address (no single '@' with text on both sides,
 * white space or control characters inside, longer than 254 bytes, or does not fit).
 */
int dashboard_email_normalize(const char *s, size_t s_len, char *out, size_t out_len);

/* A user's lockout state: failed logins in a row and the end of the lock (0 = none). */
struct dashboard_lockout {
    int failed_logins;
    int64_t locked_until;
};

/* Whole minutes (rounded up, at least 1) until a lock ending at locked_until ends, or 0
 * when it is not locked at now. */
int dashboard_locked_minutes(int64_t locked_until, int64_t now);

/*
 * Counts one failed login at now: the DASHBOARD_MAX_FAILED_LOGINS-th failure in a row
 * locks the user for DASHBOARD_LOCK_S seconds and starts the count again.
 */
void dashboard_login_failed(struct dashboard_lockout *l, int64_t now);

/* ---- auth.c: logins, sessions, logouts ---- */

/* Who a session belongs to, as the dashboard shows it. */
struct dashboard_identity {
    char email[256];
    uint8_t partner_id[16];
    char partner_name[256];
    enum partner_mode mode;
    char csrf[64]; /* the session's CSRF token */
};

enum dashboard_outcome {
    DASHBOARD_OK = 0,
    DASHBOARD_WRONG,      /* unknown email or wrong password (one answer for both) */
    DASHBOARD_LOCKED,     /* too many failures: result.minutes says how long */
    DASHBOARD_NO_SESSION, /* no cookie, unknown or expired session */
    DASHBOARD_BUSY,       /* the write queue is full or the database stayed locked */
    DASHBOARD_ERROR       /* anything else; logged */
};

/* The outcome of a login or logout. */
struct dashboard_result {
    enum dashboard_outcome outcome;
    int minutes;                     /* DASHBOARD_LOCKED: minutes left */
    struct dashboard_identity who;   /* DASHBOARD_OK after a login */
    char token[VAULT_TOKEN_LEN + 1]; /* DASHBOARD_OK after a login: the cookie value */
};

/* Called exactly once with the outcome; r is borrowed for the call only. */
typedef void (*dashboard_done_fn)(void *arg, const struct dashboard_result *r);

/*
 * Logs in with email and password (lengths in bytes; borrowed for the call only). The
 * password is checked here against the stored Argon2id hash (an unknown email against a
 * dummy hash, so both cost the same), then a writer job records the outcome: on success
 * it resets the failure count and stores a new session (only the hash of its token),
 * else it counts the failure and may lock the user. done runs on this thread (queue
 * full, store error) or on the writer thread after the commit.
 */
void dashboard_login(struct store *reader, struct writer *w, const char *email, size_t email_len,
                     const char *password, size_t password_len, int64_t now, dashboard_done_fn done,
                     void *arg);

/*
 * Looks up the session named by a Cookie header (may be NULL) at now. Returns
 * DASHBOARD_OK and fills *who and token_hash, DASHBOARD_NO_SESSION (also when expired
 * or idle), or DASHBOARD_ERROR (with the store's message in *why, borrowed). When due,
 * the session's last_seen is moved to now by a job queued on w, not waited for (when
 * the queue is full it is left for the next request).
 */
enum dashboard_outcome dashboard_session(struct store *reader, struct writer *w,
                                         const char *cookie_header, int64_t now,
                                         struct dashboard_identity *who,
                                         uint8_t token_hash[VAULT_HASH_BYTES], const char **why);

/* Deletes the session with token_hash through the writer; done as for dashboard_login
 * (DASHBOARD_OK also when it was already gone). */
void dashboard_logout(struct writer *w, const uint8_t token_hash[VAULT_HASH_BYTES],
                      dashboard_done_fn done, void *arg);

/* ---- insights.c: pure rules of the dashboard's read pages ---- */

#define DASHBOARD_RENEWAL_DAYS 30 /* "ending soon": cover ends within this many days */
#define DASHBOARD_MONTHS 12       /* months of the premium-by-month chart */
#define DASHBOARD_TERM_MAX 256    /* bytes of one search term's text, NUL included */
#define DASHBOARD_MAX_TERMS 16    /* search terms of one profile or one query */

/* What a search term is of; the letter goes into the keyed hash (domain separation). */
enum dashboard_term_kind {
    TERM_NAME = 'n',     /* one lower-cased part of a name */
    TERM_EMAIL = 'e',    /* the whole trimmed, lower-cased email */
    TERM_PHONE = 'p',    /* the phone's digits, 0XXXXXXXXXX written as 234XXXXXXXXXX */
    TERM_NAME_DOB = 'd', /* "first last|YYYY-MM-DD" lower-cased: for the duplicates report */
};

/* One search term before hashing. */
struct dashboard_term {
    char kind; /* enum dashboard_term_kind */
    char text[DASHBOARD_TERM_MAX];
};

/*
 * The phone number s (s_len bytes) as its digits only, a Nigerian local number
 * (0 and 10 digits) written in its international form 234..., into out (out_len bytes).
 * Returns 0, or -1 when it has fewer than 7 digits or does not fit.
 */
int dashboard_phone_digits(const char *s, size_t s_len, char *out, size_t out_len);

/*
 * The search terms of a consumer profile (NULL or empty arguments are skipped): one
 * TERM_NAME per white-space separated part of first, middle and last (lower-cased,
 * duplicates once), TERM_EMAIL, TERM_PHONE, and TERM_NAME_DOB when first, last and dob
 * are all given. Fills out (at most max) and returns how many.
 */
size_t dashboard_profile_terms(const char *first, const char *middle, const char *last,
                               const char *email, const char *phone, const char *dob,
                               struct dashboard_term *out, size_t max);

/*
 * The terms a search text q (q_len bytes) looks for: with an '@', one TERM_EMAIL; else
 * when it is only digits, spaces, '+', '-', '(' and ')', one TERM_PHONE; else one
 * TERM_NAME per word. A consumer matches when it has every term. Fills out (at most
 * max) and returns how many; 0 when q holds nothing to search for.
 */
size_t dashboard_query_terms(const char *q, size_t q_len, struct dashboard_term *out, size_t max);

/* The lifetime value: the sum of the premiums (kobo) of the approved policies. */
int64_t dashboard_ltv(const struct store_policy *p, size_t n);

/* True when p is approved and its cover ends between now and now + 30 days. */
bool dashboard_ending_soon(const struct store_policy *p, int64_t now);

/*
 * The gaps: which of the catalog's categories (all, n_all entries, may repeat) none of
 * held (n_held entries) is. Writes each missing category once, in catalog order, into
 * out (borrowed pointers from all; room for n_all) and returns how many.
 */
size_t dashboard_gaps(const char *const *all, size_t n_all, const char *const *held, size_t n_held,
                      const char **out);

/*
 * The DASHBOARD_MONTHS months ending with the month of now, oldest first, as "YYYY-MM"
 * into keys; returns the first second of the oldest month (UTC).
 */
int64_t dashboard_months(int64_t now, char keys[DASHBOARD_MONTHS][8]);

/*
 * Groups the consumers of a duplicates report. link[i] says that consumer a[i] and
 * consumer b[i] (indexes below n_consumers) share a phone or a name and date of birth.
 * Writes into group[c] the group of each consumer: -1 when it is linked to no one, else
 * a number from 0 up, numbered in order of each group's lowest consumer index. Returns
 * the number of groups.
 */
int dashboard_group_links(const int *a, const int *b, size_t n_links, size_t n_consumers,
                          int *group);

#endif
