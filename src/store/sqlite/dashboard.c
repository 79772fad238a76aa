/*
 * dashboard.c - the SQLite side of the dashboard's users and sessions (store.h,
 * migration 3) and of its API key list. Statements live in the handle's dashboard slots
 * (sqlite_int.h); the session token itself never reaches the database, only its hash.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "../store_int.h"
#include "sqlite_int.h"

#define USER_COLS "id, partner_id, email, password_hash, created_at, failed_logins, locked_until"

enum {
    D_USER_PUT,
    D_USER_FIND,
    D_USER_LIST,
    D_USER_SESSIONS_DELETE,
    D_USER_DELETE,
    D_USER_LOGIN,
    D_SESSION_PUT,
    D_SESSION_EXPIRED,
    D_SESSION_FIND,
    D_SESSION_DELETE,
    D_AUTH_LIST,
    D_SESSION_SEEN,
    D_COUNT
};

_Static_assert(D_COUNT <= SQLITE_DASH_STMTS, "enough dashboard statement slots");

static const char *const sql[D_COUNT] = {
    [D_USER_PUT] = "INSERT INTO users(" USER_COLS ") SELECT ?1, id, ?3, ?4, ?5, 0, 0"
                   " FROM partners WHERE id = ?2",
    [D_USER_FIND] = "SELECT " USER_COLS " FROM users WHERE email = ?1",
    [D_USER_LIST] = "SELECT " USER_COLS " FROM users ORDER BY partner_id, email",
    [D_USER_SESSIONS_DELETE] =
        "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?1)",
    [D_USER_DELETE] = "DELETE FROM users WHERE email = ?1",
    [D_USER_LOGIN] = "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
    [D_SESSION_PUT] = "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at,"
                      " expires_at, last_seen) SELECT ?1, id, ?3, ?4, ?5, ?6 FROM users"
                      " WHERE id = ?2",
    [D_SESSION_EXPIRED] = "DELETE FROM sessions WHERE user_id = ?1 AND expires_at <= ?2",
    [D_SESSION_FIND] = "SELECT s.user_id, s.csrf_token, s.created_at, s.expires_at, s.last_seen,"
                       " u.partner_id, u.email FROM sessions s JOIN users u ON u.id = s.user_id"
                       " WHERE s.token_hash = ?1",
    [D_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
    [D_SESSION_SEEN] =
        "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1 AND last_seen < ?2",
    [D_AUTH_LIST] = ("SELECT id, created_at, revoked_at FROM auth_keys WHERE partner_id = ?1"
                     " ORDER BY created_at DESC, rowid DESC"),
};

static sqlite3_stmt *prep(struct store *st, int which)
{
    return sqlite_prep_slot(st, SQLITE_DASH_SLOT0 + which, sql[which]);
}

static void copy_text(sqlite3_stmt *q, int col, char *out, size_t out_len)
{
    const char *t = (const char *)sqlite3_column_text(q, col);
    snprintf(out, out_len, "%s", t ? t : "");
}

static void read_user(sqlite3_stmt *q, struct store_user *u)
{
    memset(u, 0, sizeof *u);
    sqlite_column_id(q, 0, u->id);
    sqlite_column_id(q, 1, u->partner_id);
    copy_text(q, 2, u->email, sizeof u->email);
    copy_text(q, 3, u->password_hash, sizeof u->password_hash);
    u->created_at = sqlite3_column_int64(q, 4);
    u->failed_logins = sqlite3_column_int(q, 5);
    u->locked_until = sqlite3_column_int64(q, 6);
}

/* A write that must change exactly one row: STORE_NOTFOUND when it changed none. */
static int write_one(struct store *st, sqlite3_stmt *q)
{
    int changes = 0, rc = sqlite_step_write(st, q, &changes);
    return rc ? rc : changes ? STORE_OK : STORE_NOTFOUND;
}

int sqlite_user_put(struct store *st, const struct store_user *u)
{
    sqlite3_stmt *q = prep(st, D_USER_PUT);

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, u->id);
    sqlite_bind_id(q, 2, u->partner_id);
    sqlite3_bind_text(q, 3, u->email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, u->password_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 5, u->created_at);
    return write_one(st, q);
}

int sqlite_user_find(struct store *st, const char *email, struct store_user *out)
{
    sqlite3_stmt *q = prep(st, D_USER_FIND);
    int rc;

    if (!q)
        return STORE_ERROR;
    sqlite3_bind_text(q, 1, email, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        read_user(q, out);
    sqlite_stmt_done(q);
    if (rc == SQLITE_ROW)
        return STORE_OK;
    return rc == SQLITE_DONE ? STORE_NOTFOUND : sqlite_fail(st, rc);
}

int sqlite_user_list(struct store *st, int (*each)(const struct store_user *u, void *arg),
                     void *arg)
{
    sqlite3_stmt *q = prep(st, D_USER_LIST);
    struct store_user u;
    int rc;

    if (!q)
        return STORE_ERROR;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        read_user(q, &u);
        if (each(&u, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite_stmt_done(q);
    return rc == SQLITE_DONE ? STORE_OK : sqlite_fail(st, rc);
}

int sqlite_user_remove(struct store *st, const char *email)
{
    sqlite3_stmt *q = prep(st, D_USER_SESSIONS_DELETE);
    int rc;

    if (!q)
        return STORE_ERROR;
    sqlite3_bind_text(q, 1, email, -1, SQLITE_TRANSIENT);
    if ((rc = sqlite_step_write(st, q, NULL)) != STORE_OK)
        return rc;
    q = prep(st, D_USER_DELETE);
    if (!q)
        return STORE_ERROR;
    sqlite3_bind_text(q, 1, email, -1, SQLITE_TRANSIENT);
    return write_one(st, q);
}

int sqlite_user_set_login(struct store *st, const uint8_t id[16], int failed_logins,
                          int64_t locked_until)
{
    sqlite3_stmt *q = prep(st, D_USER_LOGIN);

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, id);
    sqlite3_bind_int(q, 2, failed_logins);
    sqlite3_bind_int64(q, 3, locked_until);
    return write_one(st, q);
}

int sqlite_session_put(struct store *st, const struct store_session *s)
{
    sqlite3_stmt *q = prep(st, D_SESSION_EXPIRED);
    int rc;

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, s->user_id);
    sqlite3_bind_int64(q, 2, s->created_at);
    if ((rc = sqlite_step_write(st, q, NULL)) != STORE_OK)
        return rc;
    q = prep(st, D_SESSION_PUT);
    if (!q)
        return STORE_ERROR;
    sqlite3_bind_blob(q, 1, s->token_hash, 32, SQLITE_TRANSIENT);
    sqlite_bind_id(q, 2, s->user_id);
    sqlite3_bind_text(q, 3, s->csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 4, s->created_at);
    sqlite3_bind_int64(q, 5, s->expires_at);
    sqlite3_bind_int64(q, 6, s->last_seen);
    return write_one(st, q);
}

int sqlite_session_find(struct store *st, const uint8_t token_hash[32], struct store_session *out)
{
    sqlite3_stmt *q = prep(st, D_SESSION_FIND);
    int rc;

    if (!q)
        return STORE_ERROR;
    sqlite3_bind_blob(q, 1, token_hash, 32, SQLITE_TRANSIENT);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite_stmt_done(q);
        return rc == SQLITE_DONE ? STORE_NOTFOUND : sqlite_fail(st, rc);
    }
    memset(out, 0, sizeof *out);
    memcpy(out->token_hash, token_hash, 32);
    if (sqlite_column_id(q, 0, out->user_id) != 0 || sqlite_column_id(q, 5, out->partner_id) != 0) {
        sqlite_stmt_done(q);
        return sqlite_error(st, "sessions row is damaged");
    }
    copy_text(q, 1, out->csrf, sizeof out->csrf);
    out->created_at = sqlite3_column_int64(q, 2);
    out->expires_at = sqlite3_column_int64(q, 3);
    out->last_seen = sqlite3_column_int64(q, 4);
    copy_text(q, 6, out->email, sizeof out->email);
    sqlite_stmt_done(q);
    return STORE_OK;
}

int sqlite_session_delete(struct store *st, const uint8_t token_hash[32])
{
    sqlite3_stmt *q = prep(st, D_SESSION_DELETE);

    if (!q)
        return STORE_ERROR;
    sqlite3_bind_blob(q, 1, token_hash, 32, SQLITE_TRANSIENT);
    return write_one(st, q);
}

int sqlite_session_seen(struct store *st, const uint8_t token_hash[32], int64_t now)
{
    sqlite3_stmt *q = prep(st, D_SESSION_SEEN);

    if (!q)
        return STORE_ERROR;
    sqlite3_bind_blob(q, 1, token_hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, now);
    return write_one(st, q);
}

int sqlite_auth_list(struct store *st, const uint8_t partner_id[16],
                     int (*each)(const struct store_auth *a, void *arg), void *arg)
{
    sqlite3_stmt *q = prep(st, D_AUTH_LIST);
    struct store_auth a;
    int rc;

    if (!q)
        return STORE_ERROR;
    sqlite_bind_id(q, 1, partner_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        memset(&a, 0, sizeof a);
        if (sqlite_column_id(q, 0, a.auth_id) != 0) {
            sqlite_stmt_done(q);
            return sqlite_error(st, "auth_keys row is damaged");
        }
        memcpy(a.partner_id, partner_id, 16);
        a.created_at = sqlite3_column_int64(q, 1);
        a.revoked = sqlite3_column_type(q, 2) != SQLITE_NULL;
        a.revoked_at = a.revoked ? sqlite3_column_int64(q, 2) : 0;
        if (each(&a, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite_stmt_done(q);
    return rc == SQLITE_DONE ? STORE_OK : sqlite_fail(st, rc);
}
