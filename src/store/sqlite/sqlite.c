/*
 * sqlite.c - the SQLite backend of store.h. The only file in aims that includes sqlite3.h.
 *
 * Durability: WAL journal with synchronous=FULL, so a COMMIT that returned is on disk.
 * Statements are prepared once per handle and kept in a small cache. This file holds
 * the handle, partners, keys and consumers; policies.c, dashboard.c and dashboard_reads.c
 * the rest, each in its own range of statement slots.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/ids.h"
#include "../store_int.h"
#include "sqlite_int.h"

enum stmt_id {
    Q_PARTNER_PUT,
    Q_PARTNER_FIND,
    Q_PARTNER_LIST,
    Q_PARTNER_MODE,
    Q_AUTH_PUT,
    Q_AUTH_FIND,
    Q_AUTH_REVOKE,
    Q_CONSUMER_PUT,
    Q_CONSUMER_BY_EMAIL,
    Q_CONSUMER_FIND,
    Q_COUNT
};

static const char *const stmt_sql[Q_COUNT] = {
    [Q_PARTNER_PUT] = "INSERT INTO partners(id, name, mode, created_at) VALUES(?1, ?2, ?3, ?4)",
    [Q_PARTNER_FIND] = "SELECT name, mode, created_at FROM partners WHERE id = ?1",
    [Q_PARTNER_LIST] = "SELECT p.id, p.name, p.mode, p.created_at,"
                       " (SELECT count(*) FROM auth_keys k"
                       "   WHERE k.partner_id = p.id AND k.revoked_at IS NULL)"
                       " FROM partners p ORDER BY p.created_at, p.id",
    [Q_PARTNER_MODE] = "UPDATE partners SET mode = ?2 WHERE id = ?1",
    [Q_AUTH_PUT] = "INSERT INTO auth_keys(id, partner_id, key_hash, created_at)"
                   " SELECT ?1, id, ?3, ?4 FROM partners WHERE id = ?2",
    [Q_AUTH_FIND] = "SELECT k.partner_id, k.key_hash, k.revoked_at IS NOT NULL, p.mode"
                    " FROM auth_keys k JOIN partners p ON p.id = k.partner_id WHERE k.id = ?1",
    [Q_AUTH_REVOKE] = "UPDATE auth_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
    [Q_CONSUMER_PUT] = "INSERT INTO consumers(id, partner_id, email_index, class, profile,"
                       " created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
                       " ON CONFLICT(partner_id, email_index) DO NOTHING",
    [Q_CONSUMER_BY_EMAIL] = "SELECT id FROM consumers WHERE partner_id = ?1 AND email_index = ?2",
    [Q_CONSUMER_FIND] = "SELECT email_index, class, profile, created_at FROM consumers"
                        " WHERE partner_id = ?1 AND id = ?2",
};

struct sqlite_store {
    struct store base;
    sqlite3 *db;
    sqlite3_stmt *stmts[Q_COUNT];
    sqlite3_stmt *slots[SQLITE_SLOTS]; /* the other files' statements (sqlite_int.h) */
    char err[512];
};

static struct sqlite_store *S(struct store *st)
{
    return (struct sqlite_store *)st;
}

static int fail(struct sqlite_store *s, int rc)
{
    snprintf(s->err, sizeof s->err, "sqlite: %s", sqlite3_errmsg(s->db));
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return STORE_BUSY;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return STORE_EXISTS;
    return STORE_ERROR;
}

static sqlite3_stmt *prep(struct sqlite_store *s, enum stmt_id q)
{
    if (!s->stmts[q]) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->stmts[q],
                               NULL) != SQLITE_OK) {
            snprintf(s->err, sizeof s->err, "sqlite prepare: %s", sqlite3_errmsg(s->db));
            return NULL;
        }
    }
    return s->stmts[q];
}

static void done(sqlite3_stmt *q)
{
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
}

static void bind_id(sqlite3_stmt *q, int col, const uint8_t id[16])
{
    char hex[ID_HEX_LEN + 1];
    id_format_hex(id, hex);
    sqlite3_bind_text(q, col, hex, ID_HEX_LEN, SQLITE_TRANSIENT);
}

static int column_id(sqlite3_stmt *q, int col, uint8_t out[16])
{
    const char *text = (const char *)sqlite3_column_text(q, col);
    int n = sqlite3_column_bytes(q, col);
    return text && id_parse(text, (size_t)n, out) == 0 ? 0 : -1;
}

static int exec(struct sqlite_store *s, const char *sql)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? STORE_OK : fail(s, rc);
}

static int schema_version(struct store *st)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = NULL;
    int v = -1;

    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &q,
                           NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

static int migrate(struct sqlite_store *s)
{
    int have, rc;
    char sql[96];

    rc = exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                 " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    if (rc)
        return rc;
    have = schema_version(&s->base);
    if (have < 0)
        return fail(s, SQLITE_ERROR);
    if (have > sqlite_migration_count) {
        snprintf(s->err, sizeof s->err,
                 "database schema is version %d, newer than this program knows (%d)", have,
                 sqlite_migration_count);
        return STORE_ERROR;
    }
    for (int v = have + 1; v <= sqlite_migration_count; v++) {
        if ((rc = exec(s, "BEGIN IMMEDIATE")) != STORE_OK)
            return rc;
        snprintf(sql, sizeof sql,
                 "INSERT INTO schema_migrations VALUES(%d, CAST(strftime('%%s') AS INTEGER))", v);
        if ((rc = exec(s, sqlite_migrations[v - 1])) != STORE_OK ||
            (rc = exec(s, sql)) != STORE_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if ((rc = exec(s, "COMMIT")) != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

static void sq_close(struct store *st)
{
    struct sqlite_store *s = S(st);
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(s->stmts[i]);
    for (int i = 0; i < SQLITE_SLOTS; i++)
        sqlite3_finalize(s->slots[i]);
    sqlite3_close(s->db);
    free(s);
}

/* What the other files of this folder borrow from here (sqlite_int.h). */
sqlite3_stmt *sqlite_prep_slot(struct store *st, int slot, const char *sql)
{
    struct sqlite_store *s = S(st);

    if (!s->slots[slot] && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                              &s->slots[slot], NULL) != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "sqlite prepare: %s", sqlite3_errmsg(s->db));
        return NULL;
    }
    return s->slots[slot];
}

void sqlite_stmt_done(sqlite3_stmt *q)
{
    done(q);
}

int sqlite_fail(struct store *st, int rc)
{
    return fail(S(st), rc);
}

int sqlite_error(struct store *st, const char *msg)
{
    snprintf(S(st)->err, sizeof S(st)->err, "%s", msg);
    return STORE_ERROR;
}

void sqlite_bind_id(sqlite3_stmt *q, int col, const uint8_t id[16])
{
    bind_id(q, col, id);
}

int sqlite_column_id(sqlite3_stmt *q, int col, uint8_t out[16])
{
    return column_id(q, col, out);
}

sqlite3 *sqlite_db(struct store *st)
{
    return S(st)->db;
}

static int sq_open(const char *path, unsigned flags, struct store **out, char *err, size_t err_len)
{
    struct sqlite_store *s = xcalloc(1, sizeof *s);
    int oflags = SQLITE_OPEN_NOMUTEX;
    int rc;

    s->base.ops = &store_sqlite_ops;
    /* Readers open read-write but query_only: whichever connection closes last can then
     * checkpoint and remove the WAL file. */
    oflags |= (flags & STORE_READONLY) ? SQLITE_OPEN_READWRITE
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, err_len, "cannot open database %s: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(&s->base);
        return STORE_ERROR;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if (flags & STORE_READONLY)
        rc = exec(s, "PRAGMA query_only=1");
    if (flags & STORE_READONLY && rc) {
        snprintf(err, err_len, "database %s: %s", path, s->err);
        sq_close(&s->base);
        return rc;
    }
    if (!(flags & STORE_READONLY)) {
        rc = exec(s, "PRAGMA journal_mode=WAL");
        if (!rc)
            rc = exec(s, "PRAGMA synchronous=FULL");
        if (!rc)
            rc = exec(s, "PRAGMA foreign_keys=ON");
        if (!rc)
            rc = migrate(s);
        if (rc) {
            snprintf(err, err_len, "database %s: %s", path, s->err);
            sq_close(&s->base);
            return rc;
        }
    }
    *out = &s->base;
    return STORE_OK;
}

static const char *sq_last_error(struct store *st)
{
    return S(st)->err;
}

static int sq_tx(struct store *st, int what)
{
    static const char *const sql[] = {
        [STORE_TX_BEGIN] = "BEGIN IMMEDIATE", [STORE_TX_COMMIT] = "COMMIT",
        [STORE_TX_ROLLBACK] = "ROLLBACK",     [STORE_TX_SAVEPOINT] = "SAVEPOINT job",
        [STORE_TX_RELEASE] = "RELEASE job",   [STORE_TX_UNDO] = "ROLLBACK TO job; RELEASE job",
    };
    return exec(S(st), sql[what]);
}

/* Steps a statement that returns no rows; reports how many rows it changed. */
static int step_write(struct sqlite_store *s, sqlite3_stmt *q, int *changes)
{
    int rc = sqlite3_step(q);
    done(q);
    if (rc != SQLITE_DONE)
        return fail(s, rc);
    if (changes)
        *changes = sqlite3_changes(s->db);
    return STORE_OK;
}

int sqlite_step_write(struct store *st, sqlite3_stmt *q, int *changes)
{
    return step_write(S(st), q, changes);
}

static int sq_partner_put(struct store *st, const struct store_partner *p)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_PARTNER_PUT);

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, p->id);
    sqlite3_bind_text(q, 2, p->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, p->mode == PARTNER_LIVE ? "live" : "test", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->created_at);
    return step_write(s, q, NULL);
}

static void read_partner_cols(sqlite3_stmt *q, int first, struct store_partner *out)
{
    const char *name = (const char *)sqlite3_column_text(q, first);
    const char *mode = (const char *)sqlite3_column_text(q, first + 1);

    snprintf(out->name, sizeof out->name, "%s", name ? name : "");
    out->mode = mode && strcmp(mode, "live") == 0 ? PARTNER_LIVE : PARTNER_TEST;
    out->created_at = sqlite3_column_int64(q, first + 2);
}

static int sq_partner_find(struct store *st, const uint8_t id[16], struct store_partner *out)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_PARTNER_FIND);
    int rc;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        memcpy(out->id, id, 16);
        read_partner_cols(q, 0, out);
        out->active_keys = 0;
        done(q);
        return STORE_OK;
    }
    done(q);
    return rc == SQLITE_DONE ? STORE_NOTFOUND : fail(s, rc);
}

static int sq_partner_list(struct store *st, int (*each)(const struct store_partner *, void *),
                           void *arg)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_PARTNER_LIST);
    struct store_partner p;
    int rc;

    if (!q)
        return STORE_ERROR;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        memset(&p, 0, sizeof p);
        if (column_id(q, 0, p.id) != 0)
            continue;
        read_partner_cols(q, 1, &p);
        p.active_keys = sqlite3_column_int(q, 4);
        if (each(&p, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    done(q);
    return rc == SQLITE_DONE ? STORE_OK : fail(s, rc);
}

static int sq_partner_set_mode(struct store *st, const uint8_t id[16], enum partner_mode mode)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_PARTNER_MODE);
    int changes = 0, rc;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, id);
    sqlite3_bind_text(q, 2, mode == PARTNER_LIVE ? "live" : "test", -1, SQLITE_STATIC);
    rc = step_write(s, q, &changes);
    return rc ? rc : changes ? STORE_OK : STORE_NOTFOUND;
}

static int sq_auth_put(struct store *st, const uint8_t auth_id[16], const uint8_t partner_id[16],
                       const uint8_t key_hash[32], int64_t now)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_AUTH_PUT);
    int changes = 0, rc;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, auth_id);
    bind_id(q, 2, partner_id);
    sqlite3_bind_blob(q, 3, key_hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 4, now);
    rc = step_write(s, q, &changes);
    return rc ? rc : changes ? STORE_OK : STORE_NOTFOUND;
}

static int sq_auth_find(struct store *st, const uint8_t auth_id[16], struct store_auth *out)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_AUTH_FIND);
    const char *mode;
    int rc;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, auth_id);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        done(q);
        return rc == SQLITE_DONE ? STORE_NOTFOUND : fail(s, rc);
    }
    memcpy(out->auth_id, auth_id, 16);
    if (column_id(q, 0, out->partner_id) != 0 || sqlite3_column_bytes(q, 1) != 32) {
        done(q);
        snprintf(s->err, sizeof s->err, "auth_keys row is damaged");
        return STORE_ERROR;
    }
    memcpy(out->key_hash, sqlite3_column_blob(q, 1), 32);
    out->revoked = sqlite3_column_int(q, 2) != 0;
    mode = (const char *)sqlite3_column_text(q, 3);
    out->mode = mode && strcmp(mode, "live") == 0 ? PARTNER_LIVE : PARTNER_TEST;
    done(q);
    return STORE_OK;
}

static int sq_auth_revoke(struct store *st, const uint8_t auth_id[16], int64_t now)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_AUTH_REVOKE);
    int changes = 0, rc;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, auth_id);
    sqlite3_bind_int64(q, 2, now);
    rc = step_write(s, q, &changes);
    return rc ? rc : changes ? STORE_OK : STORE_NOTFOUND;
}

static int sq_consumer_put(struct store *st, const struct store_consumer *c, uint8_t out_id[16],
                           bool *created)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_CONSUMER_PUT);
    int changes = 0, rc;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, c->id);
    bind_id(q, 2, c->partner_id);
    sqlite3_bind_blob(q, 3, c->email_index, 32, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, c->cls);
    sqlite3_bind_blob(q, 5, c->profile, (int)c->profile_len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, c->created_at);
    rc = step_write(s, q, &changes);
    if (rc)
        return rc;
    if (changes == 1) {
        memcpy(out_id, c->id, 16);
        *created = true;
        return STORE_OK;
    }
    /* The partner already has this email: the unique index kept the first one. */
    *created = false;
    q = prep(s, Q_CONSUMER_BY_EMAIL);
    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, c->partner_id);
    sqlite3_bind_blob(q, 2, c->email_index, 32, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && column_id(q, 0, out_id) == 0) {
        done(q);
        return STORE_OK;
    }
    done(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_ERROR : fail(s, rc);
}

static int sq_consumer_find(struct store *st, const uint8_t partner_id[16], const uint8_t id[16],
                            struct store_consumer *out)
{
    struct sqlite_store *s = S(st);
    sqlite3_stmt *q = prep(s, Q_CONSUMER_FIND);
    int rc, n;

    if (!q)
        return STORE_ERROR;
    bind_id(q, 1, partner_id);
    bind_id(q, 2, id);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        done(q);
        return rc == SQLITE_DONE ? STORE_NOTFOUND : fail(s, rc);
    }
    memcpy(out->id, id, 16);
    memcpy(out->partner_id, partner_id, 16);
    if (sqlite3_column_bytes(q, 0) == 32)
        memcpy(out->email_index, sqlite3_column_blob(q, 0), 32);
    out->cls = sqlite3_column_int(q, 1);
    n = sqlite3_column_bytes(q, 2);
    out->profile = xmalloc((size_t)n);
    if (n > 0)
        memcpy(out->profile, sqlite3_column_blob(q, 2), (size_t)n);
    out->profile_len = (size_t)n;
    out->created_at = sqlite3_column_int64(q, 3);
    done(q);
    return STORE_OK;
}

const struct store_ops store_sqlite_ops = {
    .version = STORE_OPS_VERSION,
    .scheme = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .last_error = sq_last_error,
    .exec_tx = sq_tx,
    .partner_put = sq_partner_put,
    .partner_find = sq_partner_find,
    .partner_list = sq_partner_list,
    .partner_set_mode = sq_partner_set_mode,
    .auth_put = sq_auth_put,
    .auth_find = sq_auth_find,
    .auth_revoke = sq_auth_revoke,
    .consumer_put = sq_consumer_put,
    .consumer_find = sq_consumer_find,
    .schema_version = schema_version,
    .policy_put = sqlite_policy_put,
    .policy_find = sqlite_policy_find,
    .policy_list = sqlite_policy_list,
    .policy_lookup = sqlite_policy_lookup,
    .policy_pending = sqlite_policy_pending,
    .policy_decide = sqlite_policy_decide,
    .user_put = sqlite_user_put,
    .user_find = sqlite_user_find,
    .user_list = sqlite_user_list,
    .user_remove = sqlite_user_remove,
    .user_set_login = sqlite_user_set_login,
    .session_put = sqlite_session_put,
    .session_find = sqlite_session_find,
    .session_delete = sqlite_session_delete,
    .consumer_tokens_put = sqlite_consumer_tokens_put,
    .consumer_page = sqlite_consumer_page,
    .overview = sqlite_overview,
    .policy_page = sqlite_policy_page,
    .token_links = sqlite_token_links,
    .auth_list = sqlite_auth_list,
    .session_seen = sqlite_session_seen,
};
