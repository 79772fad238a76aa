/*
 * store.c - libaims's local store: one SQLite file (the only file of libaims that
 * includes sqlite3.h) holding what a partner must keep between runs:
 *
 *   consumers  the partner's own user id -> the consumer_id the server gave (and the
 *              email it was registered with), so a returning customer costs no request;
 *   requests   the journal of policy requests: (consumer, product, order id) -> the
 *              transaction reference, committed BEFORE the request that carries it is
 *              sent, with the last state the server reported.
 *
 * Rows are scoped by partner id, so one file may serve a TEST and a LIVE partner. WAL,
 * synchronous=FULL (a committed reference survives a power cut) and a busy timeout (other
 * processes may use the same file). The schema version is PRAGMA user_version; changes
 * are numbered migrations below. One connection per client, opened in serialized mode;
 * c->lock makes each multi-statement operation atomic among the client's threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../common/ids.h"
#include "client_int.h"

#define BUSY_TIMEOUT_MS 10000

/* The numbered migrations; migration i brings user_version from i to i + 1. */
static const char *const migrations[] = {
    /* 1: the two tables. */
    "CREATE TABLE consumers ("
    " partner_id TEXT NOT NULL,"
    " user_id TEXT NOT NULL,"
    " consumer_id TEXT NOT NULL,"
    " email TEXT,"
    " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),"
    " PRIMARY KEY (partner_id, user_id));"
    "CREATE TABLE requests ("
    " partner_id TEXT NOT NULL,"
    " consumer_id TEXT NOT NULL,"
    " product TEXT NOT NULL,"
    " order_id TEXT NOT NULL,"
    " txref TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'n' CHECK (state IN ('n', 'p', 'a', 'd', 'e')),"
    " premium_kobo INTEGER,"
    " id_v4 INTEGER,"
    " note TEXT,"
    " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),"
    " updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),"
    " PRIMARY KEY (partner_id, consumer_id, product, order_id),"
    " UNIQUE (partner_id, product, txref));",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* Sets the error from the connection's last failure. */
static enum aims_rc store_fail(struct aims_client *c, int code, const char *what)
{
    const char *msg = c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(code);

    if (code == SQLITE_NOMEM)
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory (local store)");
    return libaims_fail(AIMS_ESTORE, 0, "local store %s: %s: %s", c->store_path, what, msg);
}

/* Runs one statement without results. Returns AIMS_OK or the store's error. */
static enum aims_rc exec(struct aims_client *c, const char *sql, const char *what)
{
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? AIMS_OK : store_fail(c, rc, what);
}

static enum aims_rc migrate(struct aims_client *c)
{
    sqlite3_stmt *st = NULL;
    enum aims_rc rc;
    int version, step;

    /* IMMEDIATE: two processes opening a new file at once migrate it once. */
    if ((rc = exec(c, "BEGIN IMMEDIATE", "begin")) != AIMS_OK)
        return rc;
    step = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL);
    if (step == SQLITE_OK)
        step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        rc = store_fail(c, step, "reading the schema version");
        sqlite3_finalize(st);
        goto fail;
    }
    version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version > SCHEMA_VERSION) {
        rc = libaims_fail(AIMS_ESTORE, 0,
                          "local store %s has schema version %d; this libaims knows up to %d",
                          c->store_path, version, SCHEMA_VERSION);
        goto fail;
    }
    for (int i = version; i < SCHEMA_VERSION; i++) {
        char sql[64];

        if ((rc = exec(c, migrations[i], "migrating")) != AIMS_OK)
            goto fail;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", i + 1);
        if ((rc = exec(c, sql, "migrating")) != AIMS_OK)
            goto fail;
    }
    return exec(c, "COMMIT", "commit");
fail:
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

enum aims_rc libaims_store_open(struct aims_client *c)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    sqlite3 *db = NULL;
    enum aims_rc rc;
    int e;

    e = sqlite3_open_v2(c->store_path, &db, flags, NULL);
    if (e != SQLITE_OK) {
        if (!db)
            return libaims_fail(AIMS_ENOMEM, 0, "out of memory (local store)");
        rc = libaims_fail(e == SQLITE_NOMEM ? AIMS_ENOMEM : AIMS_ESTORE, 0,
                          "cannot open the local store %s: %s", c->store_path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return rc;
    }
    c->db = db;
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if ((rc = exec(c, "PRAGMA journal_mode = WAL", "setting WAL")) != AIMS_OK ||
        (rc = exec(c, "PRAGMA synchronous = FULL", "setting synchronous")) != AIMS_OK ||
        (rc = migrate(c)) != AIMS_OK) {
        libaims_store_close(c);
        return rc;
    }
    return AIMS_OK;
}

void libaims_store_close(struct aims_client *c)
{
    if (c->db)
        sqlite3_close(c->db);
    c->db = NULL;
}

/* Prepares sql and binds the text arguments (NULL binds NULL) to ?1, ?2, ... */
static int prepare(struct aims_client *c, sqlite3_stmt **st, const char *sql, int n,
                   const char *const *args)
{
    int e = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);

    for (int i = 0; e == SQLITE_OK && i < n; i++)
        e = args[i] ? sqlite3_bind_text(*st, i + 1, args[i], -1, SQLITE_STATIC)
                    : sqlite3_bind_null(*st, i + 1);
    return e;
}

/* Copies a consumer id column into out; -1 when it is not one. */
static int column_id(sqlite3_stmt *st, int col, char out[AIMS_ID_LEN])
{
    const char *v = (const char *)sqlite3_column_text(st, col);

    return libaims_id_normalize(v, out);
}

/* Reads user_id's consumer id; the caller holds c->lock. */
static enum aims_rc find_locked(struct aims_client *c, const char *user_id,
                                char out_id[AIMS_ID_LEN], bool *found)
{
    const char *args[] = {c->partner_key, user_id};
    sqlite3_stmt *st = NULL;
    enum aims_rc rc = AIMS_OK;
    int e;

    *found = false;
    e = prepare(c, &st, "SELECT consumer_id FROM consumers WHERE partner_id = ?1 AND user_id = ?2",
                2, args);
    if (e == SQLITE_OK)
        e = sqlite3_step(st);
    if (e == SQLITE_ROW) {
        if (column_id(st, 0, out_id) != 0)
            rc = libaims_fail(AIMS_ESTORE, 0, "local store %s holds a malformed consumer id for %s",
                              c->store_path, user_id);
        else
            *found = true;
    } else if (e != SQLITE_DONE) {
        rc = store_fail(c, e, "looking up a user id");
    }
    sqlite3_finalize(st);
    return rc;
}

enum aims_rc libaims_store_consumer_find(struct aims_client *c, const char *user_id,
                                         char out_id[AIMS_ID_LEN], bool *found)
{
    enum aims_rc rc;

    pthread_mutex_lock(&c->lock);
    rc = find_locked(c, user_id, out_id, found);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

enum aims_rc libaims_store_consumer_put(struct aims_client *c, const char *user_id,
                                        const char *consumer_id, const char *email,
                                        char out_id[AIMS_ID_LEN])
{
    const char *args[] = {c->partner_key, user_id, consumer_id, email};
    sqlite3_stmt *st = NULL;
    enum aims_rc rc = AIMS_OK;
    bool found = false;
    int e;

    pthread_mutex_lock(&c->lock);
    e = prepare(c, &st,
                "INSERT INTO consumers (partner_id, user_id, consumer_id, email)"
                " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (partner_id, user_id) DO NOTHING",
                4, args);
    if (e == SQLITE_OK)
        e = sqlite3_step(st);
    sqlite3_finalize(st);
    if (e != SQLITE_DONE)
        rc = store_fail(c, e, "saving a consumer id");
    if (rc == AIMS_OK)
        rc = find_locked(c, user_id, out_id, &found);
    if (rc == AIMS_OK && !found)
        rc = libaims_fail(AIMS_ESTORE, 0, "local store %s lost the consumer id of %s just saved",
                          c->store_path, user_id);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

void libaims_mappings_free(struct libaims_mapping *m, size_t count)
{
    for (size_t i = 0; m && i < count; i++)
        free(m[i].user_id);
    free(m);
}

enum aims_rc libaims_store_consumer_list(struct aims_client *c, struct libaims_mapping **out,
                                         size_t *count)
{
    const char *args[] = {c->partner_key};
    struct libaims_mapping *m = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    enum aims_rc rc = AIMS_OK;
    int e;

    *out = NULL;
    *count = 0;
    pthread_mutex_lock(&c->lock);
    e = prepare(c, &st,
                "SELECT user_id, consumer_id FROM consumers WHERE partner_id = ?1"
                " ORDER BY user_id",
                1, args);
    while (e == SQLITE_OK && (e = sqlite3_step(st)) == SQLITE_ROW) {
        const char *user = (const char *)sqlite3_column_text(st, 0);

        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct libaims_mapping *p = realloc(m, ncap * sizeof *m);
            if (!p) {
                rc = libaims_fail(AIMS_ENOMEM, 0, "out of memory");
                break;
            }
            m = p;
            cap = ncap;
        }
        m[n].user_id = user ? libaims_strdup(user) : NULL;
        if (!m[n].user_id) {
            rc = libaims_fail(AIMS_ENOMEM, 0, "out of memory");
            break;
        }
        if (column_id(st, 1, m[n].consumer_id) != 0) {
            free(m[n].user_id);
            rc = libaims_fail(AIMS_ESTORE, 0, "local store %s holds a malformed consumer id for %s",
                              c->store_path, user);
            break;
        }
        n++;
        e = SQLITE_OK;
    }
    if (rc == AIMS_OK && e != SQLITE_DONE)
        rc = store_fail(c, e, "listing consumers");
    sqlite3_finalize(st);
    pthread_mutex_unlock(&c->lock);
    if (rc != AIMS_OK) {
        libaims_mappings_free(m, n);
        return rc;
    }
    *out = m;
    *count = n;
    return AIMS_OK;
}

/* Reads the journal's txref for the key; the caller holds c->lock. */
static enum aims_rc txref_find(struct aims_client *c, const char *const args[4], char txref[65],
                               bool *found)
{
    sqlite3_stmt *st = NULL;
    enum aims_rc rc = AIMS_OK;
    int e;

    *found = false;
    e = prepare(c, &st,
                "SELECT txref FROM requests WHERE partner_id = ?1 AND consumer_id = ?2"
                " AND product = ?3 AND order_id = ?4",
                4, args);
    if (e == SQLITE_OK)
        e = sqlite3_step(st);
    if (e == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        size_t n = v ? strlen(v) : 0;

        if (n == 0 || n > 64) {
            rc = libaims_fail(AIMS_ESTORE, 0, "local store %s holds a malformed reference",
                              c->store_path);
        } else {
            memcpy(txref, v, n + 1);
            *found = true;
        }
    } else if (e != SQLITE_DONE) {
        rc = store_fail(c, e, "reading the journal");
    }
    sqlite3_finalize(st);
    return rc;
}

enum aims_rc libaims_store_txref(struct aims_client *c, const char *consumer_id,
                                 const char *product, const char *order_id, char txref[65])
{
    const char *key[] = {c->partner_key, consumer_id, product, order_id};
    uint8_t random[10];
    char fresh[2 + 2 * sizeof random];
    bool found = false;
    sqlite3_stmt *st = NULL;
    enum aims_rc rc;
    int e;

    /* "A" and 80 random bits: no collision in any partner's lifetime. */
    if (libaims_random(random, sizeof random) != 0)
        return AIMS_EIO;
    fresh[0] = 'A';
    hex_encode(random, sizeof random, fresh + 1);

    pthread_mutex_lock(&c->lock);
    rc = txref_find(c, key, txref, &found);
    if (rc != AIMS_OK || found)
        goto out;
    {
        const char *args[] = {c->partner_key, consumer_id, product, order_id, fresh};

        /*
         * Autocommit: when the step returns, the row is durable (synchronous=FULL), so
         * the request may go out. DO NOTHING and the read below make a racing thread or
         * process end with the reference that was saved first.
         */
        e = prepare(c, &st,
                    "INSERT INTO requests (partner_id, consumer_id, product, order_id, txref)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT (partner_id, consumer_id, product, order_id) DO NOTHING",
                    5, args);
    }
    if (e == SQLITE_OK)
        e = sqlite3_step(st);
    sqlite3_finalize(st);
    if (e != SQLITE_DONE) {
        rc = store_fail(c, e, "saving a transaction reference");
        goto out;
    }
    rc = txref_find(c, key, txref, &found);
    if (rc == AIMS_OK && !found)
        rc = libaims_fail(AIMS_ESTORE, 0, "local store %s lost the reference just saved",
                          c->store_path);
out:
    pthread_mutex_unlock(&c->lock);
    return rc;
}

enum aims_rc libaims_store_request_update(struct aims_client *c, const char *product,
                                          const char *txref, char state, int64_t premium_kobo,
                                          int id_v4, const char *text)
{
    char state_text[2] = {state, '\0'};
    const char *args[] = {c->partner_key, product, txref, state_text, text};
    sqlite3_stmt *st = NULL;
    enum aims_rc rc = AIMS_OK;
    int e;

    pthread_mutex_lock(&c->lock);
    e = prepare(c, &st,
                "UPDATE requests SET state = ?4, note = ?5,"
                " premium_kobo = CASE WHEN ?6 >= 0 THEN ?6 ELSE premium_kobo END,"
                " id_v4 = CASE WHEN ?7 > 0 THEN ?7 ELSE NULL END,"
                " updated_at = strftime('%Y-%m-%d %H:%M:%S', 'now')"
                " WHERE partner_id = ?1 AND product = ?2 AND txref = ?3"
                " AND NOT (?4 = 'e' AND state IN ('p', 'a', 'd'))",
                5, args);
    if (e == SQLITE_OK)
        e = sqlite3_bind_int64(st, 6, premium_kobo);
    if (e == SQLITE_OK)
        e = sqlite3_bind_int(st, 7, id_v4);
    if (e == SQLITE_OK)
        e = sqlite3_step(st);
    if (e != SQLITE_DONE)
        rc = store_fail(c, e, "updating the journal");
    sqlite3_finalize(st);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

enum aims_rc libaims_store_request_premium(struct aims_client *c, const char *product,
                                           const char *txref, int64_t *premium_kobo)
{
    const char *args[] = {c->partner_key, product, txref};
    sqlite3_stmt *st = NULL;
    enum aims_rc rc = AIMS_OK;
    int e;

    *premium_kobo = -1;
    pthread_mutex_lock(&c->lock);
    e = prepare(c, &st,
                "SELECT premium_kobo FROM requests"
                " WHERE partner_id = ?1 AND product = ?2 AND txref = ?3",
                3, args);
    if (e == SQLITE_OK)
        e = sqlite3_step(st);
    if (e == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) == SQLITE_INTEGER)
            *premium_kobo = sqlite3_column_int64(st, 0);
    } else if (e != SQLITE_DONE) {
        rc = store_fail(c, e, "reading the journal");
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&c->lock);
    return rc;
}
