/*
 * store.c - picks a backend from the store URL and forwards each call through its ops
 * table; see store.h.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct store_ops *const backends[] = {&store_sqlite_ops};

int store_open(const char *url, unsigned flags, struct store **out, char *err, size_t err_len)
{
    const char *colon = strchr(url, ':');
    size_t scheme_len;

    *out = NULL;
    if (!colon) {
        snprintf(err, err_len, "store URL %s has no scheme (use sqlite:PATH)", url);
        return STORE_ERROR;
    }
    scheme_len = (size_t)(colon - url);
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        const struct store_ops *ops = backends[i];
        if (strlen(ops->scheme) != scheme_len || memcmp(ops->scheme, url, scheme_len) != 0)
            continue;
        if (ops->version != STORE_OPS_VERSION) {
            snprintf(err, err_len, "store backend %s has ops version %d, not %d", ops->scheme,
                     ops->version, STORE_OPS_VERSION);
            return STORE_ERROR;
        }
        return ops->open(colon + 1, flags, out, err, err_len);
    }
    snprintf(err, err_len, "store URL %s: unknown scheme (use sqlite:PATH)", url);
    return STORE_ERROR;
}

void store_close(struct store *st)
{
    if (st)
        st->ops->close(st);
}

const char *store_last_error(struct store *st)
{
    return st->ops->last_error(st);
}

int store_tx(struct store *st, int what)
{
    return st->ops->exec_tx(st, what);
}

int store_partner_put(struct store *st, const struct store_partner *p)
{
    return st->ops->partner_put(st, p);
}

int store_partner_find(struct store *st, const uint8_t id[16], struct store_partner *out)
{
    return st->ops->partner_find(st, id, out);
}

int store_partner_list(struct store *st, int (*each)(const struct store_partner *p, void *arg),
                       void *arg)
{
    return st->ops->partner_list(st, each, arg);
}

int store_partner_set_mode(struct store *st, const uint8_t id[16], enum partner_mode mode)
{
    return st->ops->partner_set_mode(st, id, mode);
}

int store_auth_put(struct store *st, const uint8_t auth_id[16], const uint8_t partner_id[16],
                   const uint8_t key_hash[32], int64_t now)
{
    return st->ops->auth_put(st, auth_id, partner_id, key_hash, now);
}

int store_auth_find(struct store *st, const uint8_t auth_id[16], struct store_auth *out)
{
    return st->ops->auth_find(st, auth_id, out);
}

int store_auth_revoke(struct store *st, const uint8_t auth_id[16], int64_t now)
{
    return st->ops->auth_revoke(st, auth_id, now);
}

int store_auth_list(struct store *st, const uint8_t partner_id[16],
                    int (*each)(const struct store_auth *a, void *arg), void *arg)
{
    return st->ops->auth_list(st, partner_id, each, arg);
}

int store_consumer_put(struct store *st, const struct store_consumer *c, uint8_t out_id[16],
                       bool *created)
{
    return st->ops->consumer_put(st, c, out_id, created);
}

int store_consumer_find(struct store *st, const uint8_t partner_id[16], const uint8_t id[16],
                        struct store_consumer *out)
{
    return st->ops->consumer_find(st, partner_id, id, out);
}

void store_consumer_cleanup(struct store_consumer *c)
{
    free(c->profile);
    c->profile = NULL;
    c->profile_len = 0;
}

int store_schema_version(struct store *st)
{
    return st->ops->schema_version(st);
}

int store_policy_put(struct store *st, const struct store_policy *p, struct store_policy *existing,
                     bool *created)
{
    return st->ops->policy_put(st, p, existing, created);
}

int store_policy_find(struct store *st, const uint8_t partner_id[16], const char *product,
                      const char *txref, struct store_policy *out)
{
    return st->ops->policy_find(st, partner_id, product, txref, out);
}

int store_policy_list(struct store *st, const uint8_t partner_id[16], const uint8_t consumer[16],
                      int64_t before, int limit,
                      int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    return st->ops->policy_list(st, partner_id, consumer, before, limit, each, arg);
}

int store_policy_lookup(struct store *st, int by, const char *key, struct store_policy *out)
{
    return st->ops->policy_lookup(st, by, key, out);
}

int store_policy_pending(struct store *st, const char *txref,
                         int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    return st->ops->policy_pending(st, txref, each, arg);
}

int store_policy_decide(struct store *st, const struct store_policy *p)
{
    return st->ops->policy_decide(st, p);
}

void store_policy_cleanup(struct store_policy *p)
{
    free(p->facts);
    p->facts = NULL;
    p->facts_len = 0;
}

int store_user_put(struct store *st, const struct store_user *u)
{
    return st->ops->user_put(st, u);
}

int store_user_find(struct store *st, const char *email, struct store_user *out)
{
    return st->ops->user_find(st, email, out);
}

int store_user_list(struct store *st, int (*each)(const struct store_user *u, void *arg), void *arg)
{
    return st->ops->user_list(st, each, arg);
}

int store_user_remove(struct store *st, const char *email)
{
    return st->ops->user_remove(st, email);
}

int store_user_set_login(struct store *st, const uint8_t id[16], int failed_logins,
                         int64_t locked_until)
{
    return st->ops->user_set_login(st, id, failed_logins, locked_until);
}

int store_session_put(struct store *st, const struct store_session *s)
{
    return st->ops->session_put(st, s);
}

int store_session_find(struct store *st, const uint8_t token_hash[32], struct store_session *out)
{
    return st->ops->session_find(st, token_hash, out);
}

int store_session_delete(struct store *st, const uint8_t token_hash[32])
{
    return st->ops->session_delete(st, token_hash);
}

int store_session_seen(struct store *st, const uint8_t token_hash[32], int64_t now)
{
    return st->ops->session_seen(st, token_hash, now);
}

int store_consumer_tokens_put(struct store *st, const uint8_t partner_id[16],
                              const uint8_t consumer_id[16], const struct store_token *t, size_t n)
{
    return st->ops->consumer_tokens_put(st, partner_id, consumer_id, t, n);
}

int store_consumer_page(struct store *st, const uint8_t partner_id[16], const struct store_token *t,
                        size_t n, int offset, int limit, int64_t *total,
                        int (*each)(const struct store_consumer *c, void *arg), void *arg)
{
    return st->ops->consumer_page(st, partner_id, t, n, offset, limit, total, each, arg);
}

int store_overview(struct store *st, const uint8_t partner_id[16], int64_t since,
                   int (*each)(const struct store_total *t, void *arg), void *arg)
{
    return st->ops->overview(st, partner_id, since, each, arg);
}

int store_policy_page(struct store *st, const uint8_t partner_id[16],
                      const struct store_policy_filter *f, int offset, int limit, int64_t *total,
                      int (*each)(const struct store_policy *p, void *arg), void *arg)
{
    return st->ops->policy_page(st, partner_id, f, offset, limit, total, each, arg);
}

int store_token_links(struct store *st, const uint8_t partner_id[16], const char *kinds,
                      int (*each)(const struct store_link *l, void *arg), void *arg)
{
    return st->ops->token_links(st, partner_id, kinds, each, arg);
}
