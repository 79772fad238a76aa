/*
 * store.h - the storage interface of aims: one versioned table of operations, with a
 * backend chosen at run time from a URL ("sqlite:var/aims.db"; PostgreSQL later).
 *
 * A handle belongs to one thread at a time. The server opens one writer handle (used
 * only by the writer thread) and one read-only handle per worker thread. Uniqueness
 * rules (one consumer per partner and email) are enforced by the database's unique
 * indexes, never by a read-then-write, so they hold across processes and nodes.
 *
 * Ids are passed as 16 raw bytes and stored as 32 lowercase hex digits. Personal data
 * arrives already encrypted (vault.h): the store never sees it in clear.
 */
#ifndef AIMS_STORE_H
#define AIMS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Return codes of every store function. */
enum store_rc {
    STORE_OK = 0,
    STORE_NOTFOUND = 1, /* no such record (for this partner) */
    STORE_EXISTS = 2,   /* a unique key is already taken */
    STORE_BUSY = 3,     /* the database stayed locked past the busy timeout */
    STORE_ERROR = 4     /* anything else; the handle's last error says what */
};

enum partner_mode { PARTNER_TEST = 0, PARTNER_LIVE = 1 };

struct store;

struct store_partner {
    uint8_t id[16];
    char name[256];
    enum partner_mode mode;
    int64_t created_at;
    int active_keys; /* filled by store_partner_list */
};

struct store_auth {
    uint8_t auth_id[16];
    uint8_t partner_id[16];
    uint8_t key_hash[32];
    bool revoked;
    enum partner_mode mode; /* the partner's mode */
    int64_t created_at;     /* filled by store_auth_list */
    int64_t revoked_at;     /* filled by store_auth_list; 0 while in force */
};

/* A consumer row; profile is the sealed (encrypted) profile document. */
struct store_consumer {
    uint8_t id[16];
    uint8_t partner_id[16];
    uint8_t email_index[32];
    int cls;          /* 0 individual, 1 organisation */
    uint8_t *profile; /* owned: freed by store_consumer_cleanup */
    size_t profile_len;
    int64_t created_at;
};

/* Policy request states (PROTOCOL.md section 7); the letters are the wire values. */
enum policy_status { POLICY_PROCESSING = 'p', POLICY_APPROVED = 'a', POLICY_DECLINED = 'd' };

/*
 * A policy request and, once approved, the policy. Keyed by (partner, product, txref).
 * facts is the sealed addtnlFact document (owned after a read: store_policy_cleanup).
 */
struct store_policy {
    uint8_t partner_id[16];
    char product[32]; /* canonical product code */
    char txref[65];   /* the partner's transaction reference */
    uint8_t consumer_id[16];
    uint8_t payload_hash[32]; /* tells a retry from a conflicting reuse of txref */
    char cover_period[16];    /* cpxx */
    uint8_t *facts;
    size_t facts_len;
    int64_t premium_kobo;
    char status;       /* enum policy_status, now */
    char first_status; /* what the first request was answered */
    int64_t received_at;
    int64_t status_at;
    char note[512];      /* decline reason, for the partner */
    char policy_no[40];  /* empty until approved */
    int64_t cover_start; /* commencement, fixed at approval */
    int64_t cover_end;
    char cert_token[48]; /* unguessable, names the certificate URL */
};

/*
 * A dashboard user (migration 3). email is lower-cased by the caller and unique across
 * partners; password_hash is an Argon2id string (vault_password_hash).
 */
struct store_user {
    uint8_t id[16];
    uint8_t partner_id[16];
    char email[256];
    char password_hash[128];
    int64_t created_at;
    int failed_logins;    /* failed logins in a row */
    int64_t locked_until; /* epoch seconds; 0 or past = not locked */
};

/*
 * A dashboard session. Only a hash of the session token (the cookie) is stored. The
 * last three fields are filled by store_session_find from the session's user.
 */
struct store_session {
    uint8_t token_hash[32];
    uint8_t user_id[16];
    char csrf[64]; /* the token the browser echoes in X-CSRF-Token */
    int64_t created_at;
    int64_t expires_at;
    int64_t last_seen;
    uint8_t partner_id[16];
    char email[256];
};

/* A blind-index token of a consumer (migration 4): vault_search_token of one term. */
struct store_token {
    char kind; /* the term's kind letter (dashboard.h), kept to find duplicates */
    uint8_t hash[32];
};

/*
 * One line of the dashboard overview. group says which: 'c' consumers (count), 's'
 * policy requests with status key ("p", "a", "d"; count and premium), 'm' approved
 * premium by month of cover start (key "YYYY-MM"), 'r' approved premium by product
 * (key the product code). Money in kobo.
 */
struct store_total {
    char group;
    char key[40];
    int64_t count;
    int64_t kobo;
};

/* Which policy requests store_policy_page lists; zero / NULL members match all. */
struct store_policy_filter {
    char status;         /* 'p', 'a', 'd' or 0 */
    const char *product; /* canonical product code or NULL */
};

/* A token two or more of a partner's consumers share (store_token_links). */
struct store_link {
    char kind;
    uint8_t token[32];
    uint8_t consumer_id[16];
};

/* Flags for store_open. */
#define STORE_READONLY 1u /* open for reading only (worker threads) */

/*
 * The operations a backend provides. version lets a backend built for an older table
 * be refused; a new operation is added at the end with a version bump.
 */
#define STORE_OPS_VERSION 6
struct store_ops {
    int version;
    const char *scheme; /* URL scheme, e.g. "sqlite" */
    int (*open)(const char *location, unsigned flags, struct store **out, char *err,
                size_t err_len);
    void (*close)(struct store *st);
    const char *(*last_error)(struct store *st);
    int (*exec_tx)(struct store *st, int what); /* STORE_TX_* */
    int (*partner_put)(struct store *st, const struct store_partner *p);
    int (*partner_find)(struct store *st, const uint8_t id[16], struct store_partner *out);
    int (*partner_list)(struct store *st, int (*each)(const struct store_partner *p, void *arg),
                        void *arg);
    int (*partner_set_mode)(struct store *st, const uint8_t id[16], enum partner_mode mode);
    int (*auth_put)(struct store *st, const uint8_t auth_id[16], const uint8_t partner_id[16],
                    const uint8_t key_hash[32], int64_t now);
    int (*auth_find)(struct store *st, const uint8_t auth_id[16], struct store_auth *out);
    int (*auth_revoke)(struct store *st, const uint8_t auth_id[16], int64_t now);
    int (*consumer_put)(struct store *st, const struct store_consumer *c, uint8_t out_id[16],
                        bool *created);
    int (*consumer_find)(struct store *st, const uint8_t partner_id[16], const uint8_t id[16],
                         struct store_consumer *out);
    int (*schema_version)(struct store *st);
    /* Version 1 ends here; policies follow. */
    int (*policy_put)(struct store *st, const struct store_policy *p, struct store_policy *existing,
                      bool *created);
    int (*policy_find)(struct store *st, const uint8_t partner_id[16], const char *product,
                       const char *txref, struct store_policy *out);
    int (*policy_list)(struct store *st, const uint8_t partner_id[16], const uint8_t consumer[16],
                       int64_t before, int limit,
                       int (*each)(const struct store_policy *p, void *arg), void *arg);
    int (*policy_lookup)(struct store *st, int by, const char *key, struct store_policy *out);
    int (*policy_pending)(struct store *st, const char *txref,
                          int (*each)(const struct store_policy *p, void *arg), void *arg);
    int (*policy_decide)(struct store *st, const struct store_policy *p);
    /* Version 2 ends here; dashboard users and sessions follow. */
    int (*user_put)(struct store *st, const struct store_user *u);
    int (*user_find)(struct store *st, const char *email, struct store_user *out);
    int (*user_list)(struct store *st, int (*each)(const struct store_user *u, void *arg),
                     void *arg);
    int (*user_remove)(struct store *st, const char *email);
    int (*user_set_login)(struct store *st, const uint8_t id[16], int failed_logins,
                          int64_t locked_until);
    int (*session_put)(struct store *st, const struct store_session *s);
    int (*session_find)(struct store *st, const uint8_t token_hash[32], struct store_session *out);
    int (*session_delete)(struct store *st, const uint8_t token_hash[32]);
    /* Version 3 ends here; the dashboard's reads and search index follow. */
    int (*consumer_tokens_put)(struct store *st, const uint8_t partner_id[16],
                               const uint8_t consumer_id[16], const struct store_token *t,
                               size_t n);
    int (*consumer_page)(struct store *st, const uint8_t partner_id[16],
                         const struct store_token *t, size_t n, int offset, int limit,
                         int64_t *total, int (*each)(const struct store_consumer *c, void *arg),
                         void *arg);
    int (*overview)(struct store *st, const uint8_t partner_id[16], int64_t since,
                    int (*each)(const struct store_total *t, void *arg), void *arg);
    int (*policy_page)(struct store *st, const uint8_t partner_id[16],
                       const struct store_policy_filter *f, int offset, int limit, int64_t *total,
                       int (*each)(const struct store_policy *p, void *arg), void *arg);
    int (*token_links)(struct store *st, const uint8_t partner_id[16], const char *kinds,
                       int (*each)(const struct store_link *l, void *arg), void *arg);
    /* version 5 */
    int (*auth_list)(struct store *st, const uint8_t partner_id[16],
                     int (*each)(const struct store_auth *a, void *arg), void *arg);
    /* version 6 */
    int (*session_seen)(struct store *st, const uint8_t token_hash[32], int64_t now);
};

/* Transaction steps for store_tx. */
enum {
    STORE_TX_BEGIN,     /* begin a write transaction (taking the write lock now) */
    STORE_TX_COMMIT,    /* commit; durable when it returns STORE_OK */
    STORE_TX_ROLLBACK,  /* roll the whole transaction back */
    STORE_TX_SAVEPOINT, /* mark a point inside the transaction */
    STORE_TX_RELEASE,   /* keep everything since the mark */
    STORE_TX_UNDO       /* drop everything since the mark (the transaction goes on) */
};

/*
 * Opens the store named by url ("sqlite:PATH"). A writable open creates the database
 * and applies pending migrations. Returns STORE_OK and sets *out (closed with
 * store_close), or an error code with a message in err (err_len bytes).
 */
int store_open(const char *url, unsigned flags, struct store **out, char *err, size_t err_len);

/* Closes st and frees it; NULL is accepted. */
void store_close(struct store *st);

/* The message of the last failure on st; borrowed, valid until the next call on st. */
const char *store_last_error(struct store *st);

/* Runs one transaction step (STORE_TX_*). Returns STORE_OK or an error code. */
int store_tx(struct store *st, int what);

/* Adds a partner. STORE_EXISTS when the id is taken. */
int store_partner_put(struct store *st, const struct store_partner *p);

/* Reads one partner into *out; STORE_NOTFOUND when absent. */
int store_partner_find(struct store *st, const uint8_t id[16], struct store_partner *out);

/* Calls each(p, arg) for every partner, oldest first; stops early when each returns
 * non-zero. */
int store_partner_list(struct store *st, int (*each)(const struct store_partner *p, void *arg),
                       void *arg);

/* Sets a partner's mode; STORE_NOTFOUND when the partner is unknown. */
int store_partner_set_mode(struct store *st, const uint8_t id[16], enum partner_mode mode);

/* Adds an authorization id with the keyed hash of its key. STORE_NOTFOUND when the
 * partner is unknown, STORE_EXISTS when the id is taken. */
int store_auth_put(struct store *st, const uint8_t auth_id[16], const uint8_t partner_id[16],
                   const uint8_t key_hash[32], int64_t now);

/* Reads an authorization id (revoked ones too) with its partner's mode. */
int store_auth_find(struct store *st, const uint8_t auth_id[16], struct store_auth *out);

/* Revokes an authorization id; STORE_NOTFOUND when unknown or already revoked. */
int store_auth_revoke(struct store *st, const uint8_t auth_id[16], int64_t now);

/*
 * Calls each(a, arg) for every authorization id of partner_id, revoked ones too, newest
 * first (id, partner, revoked, created_at and revoked_at filled; key_hash zero); stops
 * when each returns non-zero.
 */
int store_auth_list(struct store *st, const uint8_t partner_id[16],
                    int (*each)(const struct store_auth *a, void *arg), void *arg);

/*
 * Inserts consumer c unless its partner already has one with the same email index.
 * Either way *out_id receives the id of the partner's consumer with that email, and
 * *created says whether c was inserted. Must run inside a write transaction.
 */
int store_consumer_put(struct store *st, const struct store_consumer *c, uint8_t out_id[16],
                       bool *created);

/*
 * Reads consumer id of partner partner_id into *out (release with store_consumer_cleanup).
 * STORE_NOTFOUND when absent or another partner's.
 */
int store_consumer_find(struct store *st, const uint8_t partner_id[16], const uint8_t id[16],
                        struct store_consumer *out);

/* Frees what store_consumer_find put into c. */
void store_consumer_cleanup(struct store_consumer *c);

/*
 * Inserts policy request p unless the partner already has one with the same product and
 * txref. When it had, *created is false and *existing receives that one (without facts).
 * STORE_EXISTS when the policy number is taken (choose another). Inside a write
 * transaction.
 */
int store_policy_put(struct store *st, const struct store_policy *p, struct store_policy *existing,
                     bool *created);

/* Reads one policy request with its facts (release with store_policy_cleanup). */
int store_policy_find(struct store *st, const uint8_t partner_id[16], const char *product,
                      const char *txref, struct store_policy *out);

/*
 * Calls each(p, arg) for the consumer's policy requests received before `before` (epoch
 * seconds; INT64_MAX for all), newest first, at most limit; facts are not read.
 */
int store_policy_list(struct store *st, const uint8_t partner_id[16], const uint8_t consumer[16],
                      int64_t before, int limit,
                      int (*each)(const struct store_policy *p, void *arg), void *arg);

/* Which key store_policy_lookup searches by. */
enum { POLICY_BY_TOKEN, POLICY_BY_NUMBER };

/* Reads the approved policy whose certificate token or policy number is key (no facts). */
int store_policy_lookup(struct store *st, int by, const char *key, struct store_policy *out);

/*
 * Calls each(p, arg) for every request waiting for underwriting (status p), oldest
 * first, of every partner; with txref set, only those with that transaction reference.
 */
int store_policy_pending(struct store *st, const char *txref,
                         int (*each)(const struct store_policy *p, void *arg), void *arg);

/*
 * Records the operator's decision on a pending request: p's status (a or d), status_at,
 * note, and for approval policy_no, cover_start, cover_end and cert_token.
 * STORE_NOTFOUND when it is not pending (any more); STORE_EXISTS when the policy number
 * is taken.
 */
int store_policy_decide(struct store *st, const struct store_policy *p);

/* Frees what a read put into p. */
void store_policy_cleanup(struct store_policy *p);

/*
 * Adds dashboard user u. STORE_NOTFOUND when the partner is unknown, STORE_EXISTS when
 * the email is taken (by any partner's user).
 */
int store_user_put(struct store *st, const struct store_user *u);

/* Reads the user with email (lower-cased) into *out; STORE_NOTFOUND when absent. */
int store_user_find(struct store *st, const char *email, struct store_user *out);

/* Calls each(u, arg) for every user, by partner then email; stops when each returns
 * non-zero. */
int store_user_list(struct store *st, int (*each)(const struct store_user *u, void *arg),
                    void *arg);

/* Removes the user with email and all their sessions; STORE_NOTFOUND when absent.
 * Inside a write transaction. */
int store_user_remove(struct store *st, const char *email);

/* Records a login outcome: the failed-login count and the lock end (0 = none). */
int store_user_set_login(struct store *st, const uint8_t id[16], int failed_logins,
                         int64_t locked_until);

/*
 * Adds session s (its user must exist: else STORE_NOTFOUND) and drops that user's
 * sessions that expired before s->created_at. STORE_EXISTS when the token hash is taken.
 */
int store_session_put(struct store *st, const struct store_session *s);

/* Reads the session with token_hash, with its user's partner and email, into *out;
 * STORE_NOTFOUND when absent (expired sessions are returned: the caller checks). */
int store_session_find(struct store *st, const uint8_t token_hash[32], struct store_session *out);

/* Deletes the session with token_hash; STORE_NOTFOUND when there was none. */
int store_session_delete(struct store *st, const uint8_t token_hash[32]);

/* Moves the session's last_seen forward to now (never back); STORE_NOTFOUND when there is
 * no such session or its last_seen is already at or after now. Inside a write
 * transaction. */
int store_session_seen(struct store *st, const uint8_t token_hash[32], int64_t now);

/*
 * Adds the n blind-index tokens t of consumer consumer_id of partner partner_id (a
 * token already there is kept), and records as shared each one another consumer of the
 * partner holds too (store_token_links). Inside a write transaction, with the
 * consumer's insert.
 */
int store_consumer_tokens_put(struct store *st, const uint8_t partner_id[16],
                              const uint8_t consumer_id[16], const struct store_token *t, size_t n);

/*
 * Calls each(c, arg) for a page of the partner's consumers, newest first: skips offset,
 * at most limit. With n > 0 only the consumers holding every one of the n tokens t
 * (only t[i].hash is used). *total receives how many match in all. The row passed to
 * each is borrowed for the call (its profile too). Stops early when each returns
 * non-zero.
 */
int store_consumer_page(struct store *st, const uint8_t partner_id[16], const struct store_token *t,
                        size_t n, int offset, int limit, int64_t *total,
                        int (*each)(const struct store_consumer *c, void *arg), void *arg);

/*
 * Calls each(t, arg) for every line of the partner's overview (struct store_total):
 * months only from since (epoch seconds) on, in no particular order.
 */
int store_overview(struct store *st, const uint8_t partner_id[16], int64_t since,
                   int (*each)(const struct store_total *t, void *arg), void *arg);

/*
 * Calls each(p, arg) for a page of the partner's policy requests matching f (may be
 * NULL), newest first, without facts; *total receives how many match in all.
 */
int store_policy_page(struct store *st, const uint8_t partner_id[16],
                      const struct store_policy_filter *f, int offset, int limit, int64_t *total,
                      int (*each)(const struct store_policy *p, void *arg), void *arg);

/*
 * Calls each(l, arg) for every token of a kind listed in kinds (e.g. "pd") that two or
 * more of the partner's consumers hold, one call per consumer, kind by kind in the order
 * of kinds and by token within a kind (a token's consumers come one after another): read
 * from the shared tokens recorded with each registration, nothing decrypted.
 */
int store_token_links(struct store *st, const uint8_t partner_id[16], const char *kinds,
                      int (*each)(const struct store_link *l, void *arg), void *arg);

/* The number of the last migration applied, or -1 on error. */
int store_schema_version(struct store *st);

/* The SQLite backend's operations (store/sqlite/). */
extern const struct store_ops store_sqlite_ops;

#endif
