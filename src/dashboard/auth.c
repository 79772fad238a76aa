/*
 * auth.c - dashboard logins, session look-ups and logouts (dashboard.h).
 *
 * The Argon2id check runs on the worker thread (it is CPU and memory, not disk); what
 * it changes - the failure count, the lock, the new session - is written by the writer
 * thread, which re-reads the user inside its transaction so concurrent failures are
 * all counted. Session tokens are 256 random bits; the database keeps only their
 * BLAKE2b hash, so a copy of the database opens no session.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "dashboard.h"

/* One login or logout, from the worker thread to the writer's answer. */
struct attempt {
    struct write_job job;
    dashboard_done_fn done;
    void *arg;
    bool logout;
    bool known;       /* the email named a user */
    bool password_ok; /* and the password matched its hash */
    char email[256];
    int64_t now;
    uint8_t token_hash[VAULT_HASH_BYTES];
    struct dashboard_result result;
};

static void finish_now(dashboard_done_fn done, void *arg, enum dashboard_outcome outcome)
{
    struct dashboard_result r;

    memset(&r, 0, sizeof r);
    r.outcome = outcome;
    done(arg, &r);
}

/* The session's user's partner, for the identity shown. */
static int fill_partner(struct store *st, struct dashboard_identity *who)
{
    struct store_partner p;
    int rc = store_partner_find(st, who->partner_id, &p);

    if (rc == STORE_OK) {
        memcpy(who->partner_name, p.name, sizeof who->partner_name);
        who->mode = p.mode;
    }
    return rc;
}

/* Stores a new session for user u and fills the result. */
static int open_session(struct store *st, const struct store_user *u, struct attempt *a)
{
    struct dashboard_result *r = &a->result;
    struct store_session s;
    int rc;

    memset(&s, 0, sizeof s);
    vault_new_token(r->token);
    vault_new_token(r->who.csrf);
    vault_digest(r->token, strlen(r->token), s.token_hash);
    memcpy(s.user_id, u->id, 16);
    memcpy(s.csrf, r->who.csrf, sizeof r->who.csrf);
    s.created_at = s.last_seen = a->now;
    s.expires_at = a->now + DASHBOARD_SESSION_TTL_S;
    if ((rc = store_session_put(st, &s)) != STORE_OK)
        return rc;
    memcpy(r->who.email, u->email, sizeof r->who.email);
    memcpy(r->who.partner_id, u->partner_id, 16);
    return fill_partner(st, &r->who);
}

static int login_run(struct store *st, void *arg)
{
    struct attempt *a = arg;
    struct dashboard_lockout lock;
    struct store_user u;
    int rc;

    a->result.outcome = DASHBOARD_WRONG;
    if (!a->known)
        return STORE_OK; /* nothing to record; the commit keeps the timing alike */
    rc = store_user_find(st, a->email, &u);
    if (rc == STORE_NOTFOUND)
        return STORE_OK; /* removed meanwhile */
    if (rc != STORE_OK)
        return rc;
    a->result.minutes = dashboard_locked_minutes(u.locked_until, a->now);
    if (a->result.minutes > 0) {
        a->result.outcome = DASHBOARD_LOCKED;
        return STORE_OK;
    }
    if (a->password_ok) {
        if ((rc = store_user_set_login(st, u.id, 0, 0)) != STORE_OK ||
            (rc = open_session(st, &u, a)) != STORE_OK)
            return rc;
        a->result.outcome = DASHBOARD_OK;
        return STORE_OK;
    }
    lock.failed_logins = u.failed_logins;
    lock.locked_until = u.locked_until;
    dashboard_login_failed(&lock, a->now);
    return store_user_set_login(st, u.id, lock.failed_logins, lock.locked_until);
}

static int logout_run(struct store *st, void *arg)
{
    struct attempt *a = arg;
    int rc = store_session_delete(st, a->token_hash);

    a->result.outcome = DASHBOARD_OK;
    return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

static void attempt_done(void *arg, int rc)
{
    struct attempt *a = arg;

    if (rc != STORE_OK) {
        memset(&a->result, 0, sizeof a->result);
        a->result.outcome = rc == STORE_BUSY ? DASHBOARD_BUSY : DASHBOARD_ERROR;
        log_error("dashboard %s: store error %d", a->logout ? "logout" : "login", rc);
    }
    a->done(a->arg, &a->result);
    memset(a, 0, sizeof *a); /* the new token and CSRF token do not linger in freed memory */
    free(a);
}

static void submit(struct writer *w, struct attempt *a)
{
    a->job.run = a->logout ? logout_run : login_run;
    a->job.done = attempt_done;
    a->job.arg = a;
    if (writer_submit(w, &a->job) != 0) {
        dashboard_done_fn done = a->done;
        void *arg = a->arg;
        free(a);
        finish_now(done, arg, DASHBOARD_BUSY);
    }
}

void dashboard_login(struct store *reader, struct writer *w, const char *email, size_t email_len,
                     const char *password, size_t password_len, int64_t now, dashboard_done_fn done,
                     void *arg)
{
    struct attempt *a = xcalloc(1, sizeof *a);
    struct store_user u;
    int rc = STORE_NOTFOUND;

    a->done = done;
    a->arg = arg;
    a->now = now;
    if (dashboard_email_normalize(email, email_len, a->email, sizeof a->email) == 0)
        rc = store_user_find(reader, a->email, &u);
    if (rc != STORE_OK && rc != STORE_NOTFOUND) {
        log_error("dashboard login: %s", store_last_error(reader));
        free(a);
        finish_now(done, arg, rc == STORE_BUSY ? DASHBOARD_BUSY : DASHBOARD_ERROR);
        return;
    }
    a->known = rc == STORE_OK;
    a->password_ok =
        vault_password_verify(a->known ? u.password_hash : NULL, password, password_len) &&
        a->known;
    submit(w, a);
}

/* A session's last_seen on its way through the writer; nobody waits for it. */
struct seen {
    struct write_job job;
    uint8_t token_hash[VAULT_HASH_BYTES];
    int64_t now;
};

static int seen_run(struct store *st, void *arg)
{
    struct seen *s = arg;
    int rc = store_session_seen(st, s->token_hash, s->now);

    return rc == STORE_NOTFOUND ? STORE_OK : rc; /* logged out meanwhile: nothing to do */
}

static void seen_done(void *arg, int rc)
{
    (void)rc; /* a lost update only brings the idle end closer */
    free(arg);
}

static void record_seen(struct writer *w, const uint8_t token_hash[VAULT_HASH_BYTES], int64_t now)
{
    struct seen *s = xcalloc(1, sizeof *s);

    memcpy(s->token_hash, token_hash, VAULT_HASH_BYTES);
    s->now = now;
    s->job.run = seen_run;
    s->job.done = seen_done;
    s->job.arg = s;
    if (writer_submit(w, &s->job) != 0)
        free(s);
}

enum dashboard_outcome dashboard_session(struct store *reader, struct writer *w,
                                         const char *cookie_header, int64_t now,
                                         struct dashboard_identity *who,
                                         uint8_t token_hash[VAULT_HASH_BYTES], const char **why)
{
    char token[VAULT_TOKEN_LEN + 1];
    struct store_session s;
    int rc;

    memset(who, 0, sizeof *who);
    if (dashboard_cookie_find(cookie_header, DASHBOARD_COOKIE, token, sizeof token) != 0)
        return DASHBOARD_NO_SESSION;
    vault_digest(token, strlen(token), token_hash);
    rc = store_session_find(reader, token_hash, &s);
    if (rc == STORE_NOTFOUND)
        return DASHBOARD_NO_SESSION;
    if (rc == STORE_OK && !dashboard_session_alive(s.expires_at, s.last_seen, now))
        return DASHBOARD_NO_SESSION;
    if (rc == STORE_OK) {
        memcpy(who->email, s.email, sizeof who->email);
        memcpy(who->partner_id, s.partner_id, 16);
        memcpy(who->csrf, s.csrf, sizeof who->csrf);
        rc = fill_partner(reader, who);
    }
    if (rc != STORE_OK) {
        *why = store_last_error(reader);
        return rc == STORE_BUSY ? DASHBOARD_BUSY : DASHBOARD_ERROR;
    }
    if (dashboard_seen_due(s.last_seen, now))
        record_seen(w, token_hash, now);
    return DASHBOARD_OK;
}

void dashboard_logout(struct writer *w, const uint8_t token_hash[VAULT_HASH_BYTES],
                      dashboard_done_fn done, void *arg)
{
    struct attempt *a = xcalloc(1, sizeof *a);

    a->done = done;
    a->arg = arg;
    a->logout = true;
    memcpy(a->token_hash, token_hash, VAULT_HASH_BYTES);
    submit(w, a);
}
