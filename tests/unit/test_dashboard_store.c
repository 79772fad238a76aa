/*
 * test_dashboard_store.c - the dashboard's store operations (store.h, migration 3):
 * users (unique email across partners, unknown partner refused, list, remove with their
 * sessions, login counters) and sessions (found by token hash with the user's partner,
 * expired ones dropped on the next login, delete), and a partner's API key list. Talks only through
 * store.h, so any backend can be checked: AIMS_TEST_STORE_URL=sqlite:/tmp/x.db
 * build/tests/test_dashboard_store
 *
 * Run one test by name: build/tests/test_dashboard_store session_put_find_delete
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/common/ids.h"
#include "../../src/store/store.h"
#include "store_fixture.h"
#include "../../src/vault/vault.h"

static void new_partner(struct store *st, uint8_t id[16], const char *name)
{
    struct store_partner p;

    memset(&p, 0, sizeof p);
    vault_new_id(p.id);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.created_at = 1764201600;
    assert_int_equal(store_partner_put(st, &p), STORE_OK);
    memcpy(id, p.id, 16);
}

/* A user of partner with a random lower-case email (so reruns on one database work). */
static void new_user(struct store *st, struct store_user *u, const uint8_t partner[16])
{
    char hex[ID_HEX_LEN + 1];

    memset(u, 0, sizeof *u);
    vault_new_id(u->id);
    memcpy(u->partner_id, partner, 16);
    id_format_hex(u->id, hex);
    snprintf(u->email, sizeof u->email, "u%.12s@dash.example", hex);
    snprintf(u->password_hash, sizeof u->password_hash, "$argon2id$not-a-real-hash");
    u->created_at = 1764201600;
    assert_int_equal(store_user_put(st, u), STORE_OK);
}

static void new_session(struct store *st, struct store_session *s, const uint8_t user[16],
                        int64_t created, int64_t expires)
{
    memset(s, 0, sizeof *s);
    vault_random(s->token_hash, sizeof s->token_hash);
    memcpy(s->user_id, user, 16);
    snprintf(s->csrf, sizeof s->csrf, "csrf-token");
    s->created_at = s->last_seen = created;
    s->expires_at = expires;
    assert_int_equal(store_session_put(st, s), STORE_OK);
}

static void user_put_find(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_user u, got;
    uint8_t partner[16];

    (void)state;
    new_partner(st, partner, "Users");
    new_user(st, &u, partner);
    assert_int_equal(store_user_find(st, u.email, &got), STORE_OK);
    assert_memory_equal(got.id, u.id, 16);
    assert_memory_equal(got.partner_id, partner, 16);
    assert_string_equal(got.email, u.email);
    assert_string_equal(got.password_hash, u.password_hash);
    assert_int_equal(got.created_at, u.created_at);
    assert_int_equal(got.failed_logins, 0);
    assert_int_equal(got.locked_until, 0);
    assert_int_equal(store_user_find(st, "nobody@dash.example", &got), STORE_NOTFOUND);
    store_close(st);
}

static void user_email_unique_across_partners(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_user u, again;
    uint8_t a[16], b[16];

    (void)state;
    new_partner(st, a, "A");
    new_partner(st, b, "B");
    new_user(st, &u, a);
    again = u;
    vault_new_id(again.id);
    memcpy(again.partner_id, b, 16);
    assert_int_equal(store_user_put(st, &again), STORE_EXISTS);
    store_close(st);
}

static void user_unknown_partner(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_user u;

    (void)state;
    memset(&u, 0, sizeof u);
    vault_new_id(u.id);
    vault_new_id(u.partner_id);
    snprintf(u.email, sizeof u.email, "orphan@dash.example");
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    assert_int_equal(store_user_put(st, &u), STORE_NOTFOUND);
    store_close(st);
}

static void user_set_login(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_user u, got;
    uint8_t partner[16], nobody[16];

    (void)state;
    new_partner(st, partner, "Counters");
    new_user(st, &u, partner);
    assert_int_equal(store_user_set_login(st, u.id, 4, 1764202000), STORE_OK);
    assert_int_equal(store_user_find(st, u.email, &got), STORE_OK);
    assert_int_equal(got.failed_logins, 4);
    assert_int_equal(got.locked_until, 1764202000);
    vault_new_id(nobody);
    assert_int_equal(store_user_set_login(st, nobody, 0, 0), STORE_NOTFOUND);
    store_close(st);
}

struct seen {
    const char *email;
    int found;
    uint8_t partner[16];
};

static int find_in_list(const struct store_user *u, void *arg)
{
    struct seen *s = arg;
    if (strcmp(u->email, s->email) == 0) {
        s->found++;
        memcpy(s->partner, u->partner_id, 16);
    }
    return 0;
}

static void user_list_and_remove(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_user u, got;
    struct store_session s, sg;
    struct seen seen = {0};
    uint8_t partner[16];

    (void)state;
    new_partner(st, partner, "Listed");
    new_user(st, &u, partner);
    new_session(st, &s, u.id, 1000, 2000);
    seen.email = u.email;
    assert_int_equal(store_user_list(st, find_in_list, &seen), STORE_OK);
    assert_int_equal(seen.found, 1);
    assert_memory_equal(seen.partner, partner, 16);
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_user_remove(st, u.email), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    assert_int_equal(store_user_find(st, u.email, &got), STORE_NOTFOUND);
    assert_int_equal(store_session_find(st, s.token_hash, &sg), STORE_NOTFOUND);
    assert_int_equal(store_user_remove(st, u.email), STORE_NOTFOUND);
    store_close(st);
}

/* What auth_list handed over, in order. */
struct keys_seen {
    int n;
    uint8_t ids[4][16];
    int64_t created[4], revoked_at[4];
    bool revoked[4];
    uint8_t partner[4][16];
};

static int collect_key(const struct store_auth *a, void *arg)
{
    struct keys_seen *k = arg;

    if (k->n == 4)
        return 1;
    memcpy(k->ids[k->n], a->auth_id, 16);
    memcpy(k->partner[k->n], a->partner_id, 16);
    k->created[k->n] = a->created_at;
    k->revoked[k->n] = a->revoked;
    k->revoked_at[k->n] = a->revoked_at;
    k->n++;
    return 0;
}

static void auth_list_newest_first_own_partner_only(void **state)
{
    struct store *st = store_fixture_open(0);
    uint8_t partner[16], other[16], a1[16], a2[16], a3[16], hash[32] = {0};
    struct keys_seen k = {0};

    (void)state;
    new_partner(st, partner, "Keyed");
    new_partner(st, other, "Other keyed");
    vault_new_id(a1);
    vault_new_id(a2);
    vault_new_id(a3);
    assert_int_equal(store_auth_put(st, a1, partner, hash, 1000), STORE_OK);
    assert_int_equal(store_auth_put(st, a2, partner, hash, 2000), STORE_OK);
    assert_int_equal(store_auth_put(st, a3, other, hash, 3000), STORE_OK);
    assert_int_equal(store_auth_revoke(st, a1, 2500), STORE_OK);
    assert_int_equal(store_auth_list(st, partner, collect_key, &k), STORE_OK);
    assert_int_equal(k.n, 2);
    assert_memory_equal(k.ids[0], a2, 16);
    assert_int_equal(k.created[0], 2000);
    assert_false(k.revoked[0]);
    assert_int_equal(k.revoked_at[0], 0);
    assert_memory_equal(k.ids[1], a1, 16);
    assert_true(k.revoked[1]);
    assert_int_equal(k.revoked_at[1], 2500);
    assert_memory_equal(k.partner[1], partner, 16);
    store_close(st);
}

static void session_put_find_delete(void **state)
{
    struct store *st = store_fixture_open(0), *ro;
    struct store_user u;
    struct store_session s, got;
    uint8_t partner[16];

    (void)state;
    new_partner(st, partner, "Sessions");
    new_user(st, &u, partner);
    new_session(st, &s, u.id, 1764201600, 1764201600 + 12 * 3600);
    /* A worker thread's read-only handle sees it, with the user's partner and email. */
    ro = store_fixture_open(STORE_READONLY);
    assert_int_equal(store_session_find(ro, s.token_hash, &got), STORE_OK);
    assert_memory_equal(got.user_id, u.id, 16);
    assert_memory_equal(got.partner_id, partner, 16);
    assert_string_equal(got.email, u.email);
    assert_string_equal(got.csrf, "csrf-token");
    assert_int_equal(got.created_at, 1764201600);
    assert_int_equal(got.expires_at, 1764201600 + 12 * 3600);
    assert_int_equal(got.last_seen, 1764201600);
    /* The same token hash twice is refused. */
    assert_int_equal(store_session_put(st, &s), STORE_EXISTS);
    /* last_seen moves forward only. */
    assert_int_equal(store_session_seen(st, s.token_hash, 1764201600 + 90), STORE_OK);
    assert_int_equal(store_session_seen(st, s.token_hash, 1764201600 + 30), STORE_NOTFOUND);
    assert_int_equal(store_session_find(ro, s.token_hash, &got), STORE_OK);
    assert_int_equal(got.last_seen, 1764201600 + 90);
    assert_int_equal(store_session_delete(st, s.token_hash), STORE_OK);
    assert_int_equal(store_session_seen(st, s.token_hash, 1764201600 + 120), STORE_NOTFOUND);
    assert_int_equal(store_session_find(ro, s.token_hash, &got), STORE_NOTFOUND);
    assert_int_equal(store_session_delete(st, s.token_hash), STORE_NOTFOUND);
    store_close(ro);
    store_close(st);
}

static void session_needs_user_and_drops_expired(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_user u;
    struct store_session old, live, fresh, got;
    uint8_t partner[16], nobody[16];

    (void)state;
    new_partner(st, partner, "Expiry");
    new_user(st, &u, partner);
    new_session(st, &old, u.id, 1000, 2000);
    new_session(st, &live, u.id, 1500, 60000);
    /* A new login at 3000 drops the session that ended at 2000, keeps the live one. */
    new_session(st, &fresh, u.id, 3000, 50000);
    assert_int_equal(store_session_find(st, old.token_hash, &got), STORE_NOTFOUND);
    assert_int_equal(store_session_find(st, live.token_hash, &got), STORE_OK);
    assert_int_equal(store_session_find(st, fresh.token_hash, &got), STORE_OK);
    vault_new_id(nobody);
    memset(&got, 0, sizeof got);
    vault_random(got.token_hash, 32);
    memcpy(got.user_id, nobody, 16);
    snprintf(got.csrf, sizeof got.csrf, "x");
    assert_int_equal(store_session_put(st, &got), STORE_NOTFOUND);
    store_close(st);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_put_find),
        cmocka_unit_test(user_email_unique_across_partners),
        cmocka_unit_test(user_unknown_partner),
        cmocka_unit_test(user_set_login),
        cmocka_unit_test(user_list_and_remove),
        cmocka_unit_test(session_put_find_delete),
        cmocka_unit_test(session_needs_user_and_drops_expired),
        cmocka_unit_test(auth_list_newest_first_own_partner_only),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("dashboard_store", tests, store_fixture_setup,
                                       store_fixture_teardown);
}
