/*
 * sqlite_int.h - internals shared by the files of the SQLite backend: the migrations,
 * and for policies.c, dashboard.c and dashboard_reads.c the statement slots and row
 * helpers of sqlite.c. Only this folder's .c files include sqlite3.h; the prototypes here name its
 * types as plain structs so that including this header does not need it.
 */
#ifndef AIMS_SQLITE_INT_H
#define AIMS_SQLITE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "../store.h"

struct sqlite3;
struct sqlite3_stmt;

/* The numbered migrations (migrations.c); migration N is element N - 1. */
extern const char *const sqlite_migrations[];
extern const int sqlite_migration_count;

/* Statement slots a handle keeps for the other files of this folder, one range each:
 * dashboard.c, dashboard_reads.c and policies.c. */
#define SQLITE_DASH_SLOT0 0
#define SQLITE_DASH_STMTS 12
#define SQLITE_READS_SLOT0 (SQLITE_DASH_SLOT0 + SQLITE_DASH_STMTS)
#define SQLITE_READS_STMTS 4
#define SQLITE_POLICY_SLOT0 (SQLITE_READS_SLOT0 + SQLITE_READS_STMTS)
#define SQLITE_POLICY_SLOTS 12
#define SQLITE_SLOTS (SQLITE_POLICY_SLOT0 + SQLITE_POLICY_SLOTS)

/*
 * The cached statement in slot (0 .. SQLITE_SLOTS - 1) of st, prepared from sql on first
 * use. Borrowed; NULL on failure (the handle's last error says why).
 */
struct sqlite3_stmt *sqlite_prep_slot(struct store *st, int slot, const char *sql);

/* Resets a statement and clears its bindings for the next use. */
void sqlite_stmt_done(struct sqlite3_stmt *q);

/* Records the connection's error for rc in st and returns the matching STORE_* code. */
int sqlite_fail(struct store *st, int rc);

/* Records msg as st's last error and returns STORE_ERROR. */
int sqlite_error(struct store *st, const char *msg);

/* Steps a statement that returns no rows (and resets it); *changes (may be NULL)
 * receives the rows changed. Returns a STORE_* code. */
int sqlite_step_write(struct store *st, struct sqlite3_stmt *q, int *changes);

/* Binds id as 32 hex digits at col. */
void sqlite_bind_id(struct sqlite3_stmt *q, int col, const uint8_t id[16]);

/* Reads a hex id column into out; returns 0, or -1 when it is not one. */
int sqlite_column_id(struct sqlite3_stmt *q, int col, uint8_t out[16]);

/* The columns sqlite_read_policy expects, in this order; facts may follow as column 16. */
#define POLICY_COLS                                                                                \
    "partner_id, product, txref, consumer_id, payload_hash, cover_period, premium_kobo,"           \
    " status, first_status, received_at, status_at, note, policy_no, cover_start, cover_end,"      \
    " cert_token"

/*
 * The month a policy row counts in for the overview's totals (policy_totals, migration
 * 5): "YYYY-MM" of its cover start when approved, '' otherwise. One expression for the
 * migration's first fill and for every change after it.
 */
#define POLICY_MONTH                                                                               \
    "CASE WHEN status = 'a' THEN coalesce(strftime('%Y-%m', cover_start, 'unixepoch'), '')"        \
    " ELSE '' END"

/* Reads the POLICY_COLS of q's current row into *p (and facts, owned, when with_facts). */
void sqlite_read_policy(struct sqlite3_stmt *q, struct store_policy *p, bool with_facts);

/* The handle's connection, for statements prepared per call (dashboard_reads.c). */
struct sqlite3 *sqlite_db(struct store *st);

/* The dashboard's read operations of store.h (dashboard_reads.c). */
int sqlite_consumer_tokens_put(struct store *st, const uint8_t partner_id[16],
                               const uint8_t consumer_id[16], const struct store_token *t,
                               size_t n);
int sqlite_consumer_page(struct store *st, const uint8_t partner_id[16],
                         const struct store_token *t, size_t n, int offset, int limit,
                         int64_t *total, int (*each)(const struct store_consumer *c, void *arg),
                         void *arg);
int sqlite_overview(struct store *st, const uint8_t partner_id[16], int64_t since,
                    int (*each)(const struct store_total *t, void *arg), void *arg);
int sqlite_policy_page(struct store *st, const uint8_t partner_id[16],
                       const struct store_policy_filter *f, int offset, int limit, int64_t *total,
                       int (*each)(const struct store_policy *p, void *arg), void *arg);
int sqlite_token_links(struct store *st, const uint8_t partner_id[16], const char *kinds,
                       int (*each)(const struct store_link *l, void *arg), void *arg);

/* The policy operations of store.h (policies.c). */
int sqlite_policy_put(struct store *st, const struct store_policy *p, struct store_policy *existing,
                      bool *created);
int sqlite_policy_find(struct store *st, const uint8_t partner_id[16], const char *product,
                       const char *txref, struct store_policy *out);
int sqlite_policy_list(struct store *st, const uint8_t partner_id[16], const uint8_t consumer[16],
                       int64_t before, int limit,
                       int (*each)(const struct store_policy *p, void *arg), void *arg);
int sqlite_policy_lookup(struct store *st, int by, const char *key, struct store_policy *out);
int sqlite_policy_pending(struct store *st, const char *txref,
                          int (*each)(const struct store_policy *p, void *arg), void *arg);
int sqlite_policy_decide(struct store *st, const struct store_policy *p);

/* The dashboard operations of store.h (dashboard.c). */
int sqlite_user_put(struct store *st, const struct store_user *u);
int sqlite_user_find(struct store *st, const char *email, struct store_user *out);
int sqlite_user_list(struct store *st, int (*each)(const struct store_user *u, void *arg),
                     void *arg);
int sqlite_user_remove(struct store *st, const char *email);
int sqlite_user_set_login(struct store *st, const uint8_t id[16], int failed_logins,
                          int64_t locked_until);
int sqlite_session_put(struct store *st, const struct store_session *s);
int sqlite_session_find(struct store *st, const uint8_t token_hash[32], struct store_session *out);
int sqlite_session_delete(struct store *st, const uint8_t token_hash[32]);
int sqlite_session_seen(struct store *st, const uint8_t token_hash[32], int64_t now);
int sqlite_auth_list(struct store *st, const uint8_t partner_id[16],
                     int (*each)(const struct store_auth *a, void *arg), void *arg);

#endif
