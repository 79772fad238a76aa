/*
 * dashboard_reads.c - the SQLite side of the dashboard's read pages (store.h, migration
 * 4): the blind-index tokens of consumers, the paged consumer list and search, the
 * overview totals, the filtered policy list and the tokens shared by several consumers
 * (the duplicates report). Every query is scoped to one partner. Statements whose shape
 * depends on the request are prepared per call; the fixed ones use dashboard slots.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "../../common/buf.h"
#include "../store_int.h"
#include "sqlite_int.h"

/* Dashboard statement slots after dashboard.c's (sqlite_int.h). */
enum { R_TOKEN_PUT, R_OVERVIEW, R_SHARED_PUT, R_COUNT };
_Static_assert(R_COUNT <= SQLITE_READS_STMTS, "enough statement slots for dashboard_reads.c");

#define MAX_SEARCH_TOKENS 16

int sqlite_consumer_tokens_put(struct store *st, const uint8_t partner_id[16],
                               const uint8_t consumer_id[16], const struct store_token *t, size_t n)
{
    sqlite3_stmt *q = sqlite_prep_slot(st, SQLITE_READS_SLOT0 + R_TOKEN_PUT,
                                       "INSERT INTO consumer_tokens(partner_id, token, consumer_id,"
                                       " kind) VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
    /* A token another consumer of the partner holds too becomes a shared one (migration 6):
     * the duplicates report reads those instead of scanning every token. */
    sqlite3_stmt *s =
        sqlite_prep_slot(st, SQLITE_READS_SLOT0 + R_SHARED_PUT,
                         "INSERT INTO shared_tokens(partner_id, kind, token)"
                         " SELECT partner_id, kind, token FROM consumer_tokens"
                         " WHERE partner_id = ?1 AND token = ?2 AND consumer_id <> ?3 LIMIT 1"
                         " ON CONFLICT DO NOTHING");
    int rc;

    if (!q || !s)
        return STORE_ERROR;
    for (size_t i = 0; i < n; i++) {
        char kind[2] = {t[i].kind, '\0'};
        sqlite_bind_id(q, 1, partner_id);
        sqlite3_bind_blob(q, 2, t[i].hash, 32, SQLITE_TRANSIENT);
        sqlite_bind_id(q, 3, consumer_id);
        sqlite3_bind_text(q, 4, kind, 1, SQLITE_TRANSIENT);
        if ((rc = sqlite_step_write(st, q, NULL)) != STORE_OK)
            return rc;
        sqlite_bind_id(s, 1, partner_id);
        sqlite3_bind_blob(s, 2, t[i].hash, 32, SQLITE_TRANSIENT);
        sqlite_bind_id(s, 3, consumer_id);
        if ((rc = sqlite_step_write(st, s, NULL)) != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

/* Prepares sql for this call only; the caller finalizes it. */
static sqlite3_stmt *prepare(struct store *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(sqlite_db(st), sql, -1, &q, NULL);

    if (rc != SQLITE_OK) {
        sqlite_fail(st, rc);
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

/* Binds the partner at 1 and the token hashes at 2 .. n + 1. */
static void bind_tokens(sqlite3_stmt *q, const uint8_t partner_id[16], const struct store_token *t,
                        size_t n)
{
    sqlite_bind_id(q, 1, partner_id);
    for (size_t i = 0; i < n; i++)
        sqlite3_bind_blob(q, (int)i + 2, t[i].hash, 32, SQLITE_TRANSIENT);
}

/* Runs a one-number query (a count) into *out. */
static int count(struct store *st, sqlite3_stmt *q, int64_t *out)
{
    int rc = sqlite3_step(q);

    if (rc != SQLITE_ROW)
        return sqlite_fail(st, rc);
    *out = sqlite3_column_int64(q, 0);
    return STORE_OK;
}

int sqlite_consumer_page(struct store *st, const uint8_t partner_id[16],
                         const struct store_token *t, size_t n, int offset, int limit,
                         int64_t *total, int (*each)(const struct store_consumer *c, void *arg),
                         void *arg)
{
    char where[1024], sql[1400];
    size_t w = 0;
    sqlite3_stmt *q = NULL;
    struct store_consumer c;
    int rc;

    if (n > MAX_SEARCH_TOKENS)
        return sqlite_error(st, "too many search terms");
    /* With terms, start from the tokens: the primary key (partner, token, consumer) answers
     * each token with one index seek, and only the matching consumers are read (CROSS JOIN
     * keeps SQLite from walking every consumer of the partner in date order instead). */
    if (n > 0) {
        w += (size_t)snprintf(where, sizeof where,
                              "(SELECT consumer_id AS cid FROM consumer_tokens"
                              " WHERE partner_id = ?1 AND token IN (");
        for (size_t i = 0; i < n; i++)
            w += (size_t)snprintf(where + w, sizeof where - w, "%s?%zu", i ? ", " : "", i + 2);
        snprintf(where + w, sizeof where - w, ") GROUP BY consumer_id HAVING count(*) = %zu)", n);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", where);
    } else {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM consumers WHERE partner_id = ?1");
    }
    if (!(q = prepare(st, sql)))
        return STORE_ERROR;
    bind_tokens(q, partner_id, t, n);
    rc = count(st, q, total);
    sqlite3_finalize(q);
    if (rc != STORE_OK)
        return rc;
    if (n > 0)
        snprintf(sql, sizeof sql,
                 "SELECT c.id, c.email_index, c.class, c.profile, c.created_at FROM %s AS m"
                 " CROSS JOIN consumers c ON c.id = m.cid WHERE c.partner_id = ?1"
                 " ORDER BY c.created_at DESC, c.rowid DESC LIMIT %d OFFSET %d",
                 where, limit, offset);
    else
        snprintf(sql, sizeof sql,
                 "SELECT id, email_index, class, profile, created_at FROM consumers"
                 " WHERE partner_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT %d OFFSET %d",
                 limit, offset);
    if (!(q = prepare(st, sql)))
        return STORE_ERROR;
    bind_tokens(q, partner_id, t, n);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        memset(&c, 0, sizeof c);
        if (sqlite_column_id(q, 0, c.id) != 0)
            continue;
        memcpy(c.partner_id, partner_id, 16);
        if (sqlite3_column_bytes(q, 1) == 32)
            memcpy(c.email_index, sqlite3_column_blob(q, 1), 32);
        c.cls = sqlite3_column_int(q, 2);
        c.profile = (uint8_t *)sqlite3_column_blob(q, 3);
        c.profile_len = (size_t)sqlite3_column_bytes(q, 3);
        c.created_at = sqlite3_column_int64(q, 4);
        if (each(&c, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(st, rc);
    sqlite3_finalize(q);
    return rc;
}

int sqlite_overview(struct store *st, const uint8_t partner_id[16], int64_t since,
                    int (*each)(const struct store_total *t, void *arg), void *arg)
{
    sqlite3_stmt *q = sqlite_prep_slot(
        st, SQLITE_READS_SLOT0 + R_OVERVIEW,
        "SELECT 'c', '', count(*), 0 FROM consumers WHERE partner_id = ?1"
        " UNION ALL SELECT 's', status, sum(n), sum(premium_kobo) FROM policy_totals"
        "  WHERE partner_id = ?1 GROUP BY status HAVING sum(n) > 0"
        " UNION ALL SELECT 'm', month, sum(n), sum(premium_kobo) FROM policy_totals"
        "  WHERE partner_id = ?1 AND status = 'a' AND month >= strftime('%Y-%m', ?2, 'unixepoch')"
        "  GROUP BY month HAVING sum(n) > 0"
        " UNION ALL SELECT 'r', product, sum(n), sum(premium_kobo) FROM policy_totals"
        "  WHERE partner_id = ?1 AND status = 'a' GROUP BY product HAVING sum(n) > 0");
    struct store_total t;
    int rc;

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, partner_id);
    sqlite3_bind_int64(q, 2, since);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *g = (const char *)sqlite3_column_text(q, 0);
        const char *key = (const char *)sqlite3_column_text(q, 1);
        memset(&t, 0, sizeof t);
        t.group = g ? g[0] : '?';
        snprintf(t.key, sizeof t.key, "%s", key ? key : "");
        t.count = sqlite3_column_int64(q, 2);
        t.kobo = sqlite3_column_int64(q, 3);
        if (each(&t, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite_stmt_done(q);
    return rc == SQLITE_DONE ? STORE_OK : sqlite_fail(st, rc);
}

int sqlite_policy_page(struct store *st, const uint8_t partner_id[16],
                       const struct store_policy_filter *f, int offset, int limit, int64_t *total,
                       int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    char sql[512], where[96], status[2] = {f ? f->status : '\0', '\0'};
    sqlite3_stmt *q = NULL;
    struct store_policy p;
    int rc;

    /* Only the filters given, so that each combination uses its index (migrations 4, 5). */
    snprintf(where, sizeof where, "partner_id = ?1%s%s", status[0] ? " AND status = ?2" : "",
             f && f->product ? " AND product = ?3" : "");
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM policies WHERE %s", where);
        else
            snprintf(sql, sizeof sql,
                     "SELECT " POLICY_COLS " FROM policies WHERE %s"
                     " ORDER BY received_at DESC, rowid DESC LIMIT %d OFFSET %d",
                     where, limit, offset);
        if (!(q = prepare(st, sql)))
            return STORE_ERROR;
        sqlite_bind_id(q, 1, partner_id);
        if (status[0])
            sqlite3_bind_text(q, 2, status, 1, SQLITE_TRANSIENT);
        if (f && f->product)
            sqlite3_bind_text(q, 3, f->product, -1, SQLITE_TRANSIENT);
        if (pass == 0) {
            rc = count(st, q, total);
            sqlite3_finalize(q);
            if (rc != STORE_OK)
                return rc;
            continue;
        }
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            sqlite_read_policy(q, &p, false);
            if (each(&p, arg) != 0) {
                rc = SQLITE_DONE;
                break;
            }
        }
        rc = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(st, rc);
        sqlite3_finalize(q);
    }
    return rc;
}

int sqlite_token_links(struct store *st, const uint8_t partner_id[16], const char *kinds,
                       int (*each)(const struct store_link *l, void *arg), void *arg)
{
    /* One kind at a time: the partner's shared tokens of that kind (migration 6), then each
     * one's holders by the primary key; the cost follows the duplicates, not the tokens.
     * CROSS JOIN keeps shared_tokens the outer loop (SQLite would otherwise walk every
     * token of the partner to save a sort); both keys give the order, so none is needed. */
    sqlite3_stmt *q = prepare(st, "SELECT t.token, t.consumer_id FROM shared_tokens s"
                                  " CROSS JOIN consumer_tokens t ON t.partner_id = s.partner_id"
                                  " AND t.token = s.token"
                                  " WHERE s.partner_id = ?1 AND s.kind = ?2"
                                  " ORDER BY s.token, t.consumer_id");
    struct store_link l;
    int rc = SQLITE_DONE;

    if (!q)
        return STORE_ERROR;
    for (const char *k = kinds; *k && rc == SQLITE_DONE; k++) {
        sqlite_bind_id(q, 1, partner_id);
        sqlite3_bind_text(q, 2, k, 1, SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            memset(&l, 0, sizeof l);
            l.kind = *k;
            if (sqlite3_column_bytes(q, 0) != 32 || sqlite_column_id(q, 1, l.consumer_id) != 0)
                continue;
            memcpy(l.token, sqlite3_column_blob(q, 0), 32);
            if (each(&l, arg) != 0) {
                rc = SQLITE_ROW; /* stop: not an error */
                break;
            }
        }
        sqlite3_reset(q);
    }
    rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sqlite_fail(st, rc);
    sqlite3_finalize(q);
    return rc;
}
