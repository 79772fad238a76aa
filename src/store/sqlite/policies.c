/*
 * policies.c - the SQLite side of policy requests (store.h policy_*, migration 2): the
 * insert that keeps the first request under a reference, look-ups by reference, token
 * and number, a consumer's list, the underwriting queue and its decisions. Statements
 * live in the handle's policy slots (sqlite_int.h).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../store_int.h"
#include "sqlite_int.h"

enum {
    P_POLICY_PUT,
    P_POLICY_FIND,
    P_POLICY_LIST,
    P_POLICY_BY_TOKEN,
    P_POLICY_BY_NUMBER,
    P_POLICY_PENDING,
    P_POLICY_PENDING_TX,
    P_POLICY_DECIDE,
    P_TOTALS,
    P_COUNT
};

_Static_assert(P_COUNT <= SQLITE_POLICY_SLOTS, "enough policy statement slots");

static const char *const sql[P_COUNT] = {
    [P_POLICY_PUT] = "INSERT INTO policies(partner_id, product, txref, consumer_id, payload_hash,"
                     " cover_period, facts, premium_kobo, status, first_status, received_at,"
                     " status_at, note, policy_no, cover_start, cover_end, cert_token)"
                     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                     " ?16) ON CONFLICT(partner_id, product, txref) DO NOTHING",
    [P_POLICY_FIND] = "SELECT " POLICY_COLS ", facts FROM policies"
                      " WHERE partner_id = ?1 AND product = ?2 AND txref = ?3",
    [P_POLICY_LIST] = "SELECT " POLICY_COLS " FROM policies WHERE partner_id = ?1"
                      " AND consumer_id = ?2 AND received_at < ?3"
                      " ORDER BY received_at DESC, rowid DESC LIMIT ?4",
    [P_POLICY_BY_TOKEN] = "SELECT " POLICY_COLS " FROM policies WHERE cert_token = ?1",
    [P_POLICY_BY_NUMBER] = "SELECT " POLICY_COLS " FROM policies WHERE policy_no = ?1",
    [P_POLICY_PENDING] = "SELECT " POLICY_COLS " FROM policies WHERE status = 'p'"
                         " ORDER BY received_at, partner_id, txref",
    [P_POLICY_PENDING_TX] = "SELECT " POLICY_COLS " FROM policies WHERE status = 'p'"
                            " AND txref = ?1 ORDER BY received_at, partner_id",
    /* Adds ?4 times one request (its count and premium) to the totals it counts in; ?5, when
     * not NULL, is the status it must have. */
    [P_TOTALS] = "INSERT INTO policy_totals(partner_id, status, product, month, n, premium_kobo)"
                 " SELECT partner_id, status, product, " POLICY_MONTH ", ?4, ?4 * premium_kobo"
                 " FROM policies WHERE partner_id = ?1 AND product = ?2 AND txref = ?3"
                 " AND status = coalesce(?5, status)"
                 " ON CONFLICT(partner_id, status, product, month) DO UPDATE"
                 " SET n = n + excluded.n, premium_kobo = premium_kobo + excluded.premium_kobo",
    [P_POLICY_DECIDE] = "UPDATE policies SET status = ?4, status_at = ?5, note = ?6,"
                        " policy_no = ?7, cover_start = ?8, cover_end = ?9, cert_token = ?10"
                        " WHERE partner_id = ?1 AND product = ?2 AND txref = ?3 AND status = 'p'",
};

static sqlite3_stmt *prep(struct store *st, int which)
{
    return sqlite_prep_slot(st, SQLITE_POLICY_SLOT0 + which, sql[which]);
}

static void copy_text(sqlite3_stmt *q, int col, char *out, size_t out_len)
{
    const char *t = (const char *)sqlite3_column_text(q, col);
    snprintf(out, out_len, "%s", t ? t : "");
}

static char column_char(sqlite3_stmt *q, int col)
{
    const char *t = (const char *)sqlite3_column_text(q, col);
    return t && t[0] ? t[0] : '?';
}

void sqlite_read_policy(sqlite3_stmt *q, struct store_policy *p, bool with_facts)
{
    memset(p, 0, sizeof *p);
    sqlite_column_id(q, 0, p->partner_id);
    copy_text(q, 1, p->product, sizeof p->product);
    copy_text(q, 2, p->txref, sizeof p->txref);
    sqlite_column_id(q, 3, p->consumer_id);
    if (sqlite3_column_bytes(q, 4) == 32)
        memcpy(p->payload_hash, sqlite3_column_blob(q, 4), 32);
    copy_text(q, 5, p->cover_period, sizeof p->cover_period);
    p->premium_kobo = sqlite3_column_int64(q, 6);
    p->status = column_char(q, 7);
    p->first_status = column_char(q, 8);
    p->received_at = sqlite3_column_int64(q, 9);
    p->status_at = sqlite3_column_int64(q, 10);
    copy_text(q, 11, p->note, sizeof p->note);
    copy_text(q, 12, p->policy_no, sizeof p->policy_no);
    p->cover_start = sqlite3_column_int64(q, 13);
    p->cover_end = sqlite3_column_int64(q, 14);
    copy_text(q, 15, p->cert_token, sizeof p->cert_token);
    if (with_facts) {
        int n = sqlite3_column_bytes(q, 16);
        p->facts = xmalloc((size_t)n + 1);
        if (n > 0)
            memcpy(p->facts, sqlite3_column_blob(q, 16), (size_t)n);
        p->facts_len = (size_t)n;
    }
}

static void bind_text_or_null(sqlite3_stmt *q, int col, const char *s)
{
    if (s && s[0])
        sqlite3_bind_text(q, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, col);
}

static void bind_status(sqlite3_stmt *q, int col, char status)
{
    char s[2] = {status, '\0'};
    sqlite3_bind_text(q, col, s, 1, SQLITE_TRANSIENT);
}

/* Binds the optional approval columns at cols policy_no, start, end, token. */
static void bind_approval(sqlite3_stmt *q, int first, const struct store_policy *p)
{
    bool approved = p->status == POLICY_APPROVED;

    bind_text_or_null(q, first, approved ? p->policy_no : NULL);
    if (approved) {
        sqlite3_bind_int64(q, first + 1, p->cover_start);
        sqlite3_bind_int64(q, first + 2, p->cover_end);
    } else {
        sqlite3_bind_null(q, first + 1);
        sqlite3_bind_null(q, first + 2);
    }
    bind_text_or_null(q, first + 3, approved ? p->cert_token : NULL);
}

/* Runs a statement returning at most one policy row. */
static int one_policy(struct store *st, sqlite3_stmt *q, struct store_policy *out, bool with_facts)
{
    int rc = sqlite3_step(q);

    if (rc == SQLITE_ROW)
        sqlite_read_policy(q, out, with_facts);
    sqlite_stmt_done(q);
    if (rc == SQLITE_ROW)
        return STORE_OK;
    return rc == SQLITE_DONE ? STORE_NOTFOUND : sqlite_fail(st, rc);
}

/*
 * Counts request (partner, product, txref) sign times (1 or -1) in policy_totals, when it
 * has status (or any status when status is NULL). Inside the caller's write transaction.
 */
static int totals(struct store *st, const struct store_policy *p, int sign, const char *status)
{
    sqlite3_stmt *q = prep(st, P_TOTALS);

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, p->partner_id);
    sqlite3_bind_text(q, 2, p->product, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, p->txref, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 4, sign);
    if (status)
        sqlite3_bind_text(q, 5, status, -1, SQLITE_STATIC);
    return sqlite_step_write(st, q, NULL);
}

int sqlite_policy_put(struct store *st, const struct store_policy *p, struct store_policy *existing,
                      bool *created)
{
    sqlite3_stmt *q = prep(st, P_POLICY_PUT);
    int changes = 0, rc;

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, p->partner_id);
    sqlite3_bind_text(q, 2, p->product, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, p->txref, -1, SQLITE_TRANSIENT);
    sqlite_bind_id(q, 4, p->consumer_id);
    sqlite3_bind_blob(q, 5, p->payload_hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 6, p->cover_period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(q, 7, p->facts, (int)p->facts_len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, p->premium_kobo);
    bind_status(q, 9, p->status);
    sqlite3_bind_int64(q, 10, p->received_at);
    sqlite3_bind_int64(q, 11, p->status_at);
    bind_text_or_null(q, 12, p->note);
    bind_approval(q, 13, p);
    rc = sqlite_step_write(st, q, &changes);
    if (rc)
        return rc;
    *created = changes == 1;
    if (*created)
        return totals(st, p, 1, NULL);
    /* Taken: the unique key kept the first request; hand it back. */
    q = prep(st, P_POLICY_FIND);
    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, p->partner_id);
    sqlite3_bind_text(q, 2, p->product, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, p->txref, -1, SQLITE_TRANSIENT);
    return one_policy(st, q, existing, false);
}

int sqlite_policy_find(struct store *st, const uint8_t partner_id[16], const char *product,
                       const char *txref, struct store_policy *out)
{
    sqlite3_stmt *q = prep(st, P_POLICY_FIND);

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, partner_id);
    sqlite3_bind_text(q, 2, product, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, txref, -1, SQLITE_TRANSIENT);
    return one_policy(st, q, out, true);
}

static int each_policy(struct store *st, sqlite3_stmt *q,
                       int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    struct store_policy p;
    int rc;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite_read_policy(q, &p, false);
        if (each(&p, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite_stmt_done(q);
    return rc == SQLITE_DONE ? STORE_OK : sqlite_fail(st, rc);
}

int sqlite_policy_list(struct store *st, const uint8_t partner_id[16], const uint8_t consumer[16],
                       int64_t before, int limit,
                       int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    sqlite3_stmt *q = prep(st, P_POLICY_LIST);

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, partner_id);
    sqlite_bind_id(q, 2, consumer);
    sqlite3_bind_int64(q, 3, before);
    sqlite3_bind_int(q, 4, limit);
    return each_policy(st, q, each, arg);
}

int sqlite_policy_lookup(struct store *st, int by, const char *key, struct store_policy *out)
{
    sqlite3_stmt *q = prep(st, by == POLICY_BY_TOKEN ? P_POLICY_BY_TOKEN : P_POLICY_BY_NUMBER);

    if (!q)
        return STORE_ERROR;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
    return one_policy(st, q, out, false);
}

int sqlite_policy_pending(struct store *st, const char *txref,
                          int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    sqlite3_stmt *q = prep(st, txref ? P_POLICY_PENDING_TX : P_POLICY_PENDING);

    if (!q)
        return STORE_ERROR;
    if (txref)
        sqlite3_bind_text(q, 1, txref, -1, SQLITE_TRANSIENT);
    return each_policy(st, q, each, arg);
}

int sqlite_policy_decide(struct store *st, const struct store_policy *p)
{
    sqlite3_stmt *q = prep(st, P_POLICY_DECIDE);
    int changes = 0, rc;

    if (!q)
        return STORE_ERROR;
    /* Out of the pending totals before the change, into its new ones after it. */
    if ((rc = totals(st, p, -1, "p")) != STORE_OK)
        return rc;
    sqlite_bind_id(q, 1, p->partner_id);
    sqlite3_bind_text(q, 2, p->product, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, p->txref, -1, SQLITE_TRANSIENT);
    bind_status(q, 4, p->status);
    sqlite3_bind_int64(q, 5, p->status_at);
    bind_text_or_null(q, 6, p->note);
    bind_approval(q, 7, p);
    rc = sqlite_step_write(st, q, &changes);
    if (rc != STORE_OK || !changes) {
        /* Not decided (a taken number, or no longer pending): back into the pending totals
         * if it is still pending, so a retry counts it once. */
        int undo = totals(st, p, 1, "p");
        if (rc == STORE_OK)
            rc = STORE_NOTFOUND;
        return undo == STORE_OK ? rc : undo;
    }
    return totals(st, p, 1, NULL);
}
