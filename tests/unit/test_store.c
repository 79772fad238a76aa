/*
 * test_store.c - the contract test of src/store/store.h. It talks to the store only
 * through store.h, so any backend can be checked by URL:
 *
 *     AIMS_TEST_STORE_URL=sqlite:/tmp/x.db build/tests/test_store
 *
 * Without the variable it uses a fresh SQLite file in a temporary folder. Every test makes
 * its own random partner and consumer ids, so the tests also pass against a database
 * that already holds data. Only the migration count is backend-specific (SQLite's list).
 * Run one test by name: build/tests/test_store savepoint_undo_drops_a_put
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

#include "../../src/store/sqlite/sqlite_int.h"
#include "../../src/store/store.h"
#include "store_fixture.h"
#include "../../src/vault/vault.h"

/* A new partner, stored; mode TEST, the given name and creation time. */
static void new_partner(struct store *st, struct store_partner *p, const char *name, int64_t at)
{
    memset(p, 0, sizeof *p);
    vault_new_id(p->id);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->mode = PARTNER_TEST;
    p->created_at = at;
    assert_int_equal(store_partner_put(st, p), STORE_OK);
}

static void new_consumer(struct store_consumer *c, const uint8_t partner[16],
                         const uint8_t email_index[32], uint8_t *profile, size_t profile_len)
{
    memset(c, 0, sizeof *c);
    vault_new_id(c->id);
    memcpy(c->partner_id, partner, 16);
    memcpy(c->email_index, email_index, 32);
    c->cls = 0;
    c->profile = profile;
    c->profile_len = profile_len;
    c->created_at = 1764201600;
}

static void migrations_applied(void **state)
{
    struct store *st, *ro;
    int v;

    (void)state;
    st = store_fixture_open(0);
    v = store_schema_version(st);
    assert_true(v >= 1);
    if (strncmp(store_fixture_url(), "sqlite:", 7) == 0) {
        assert_true(sqlite_migration_count >= 1);
        assert_int_equal(v, sqlite_migration_count);
    }
    store_close(st);
    /* Reopening applies nothing new and keeps the version. */
    st = store_fixture_open(0);
    assert_int_equal(store_schema_version(st), v);
    ro = store_fixture_open(STORE_READONLY);
    assert_int_equal(store_schema_version(ro), v);
    store_close(ro);
    store_close(st);
}

static void open_rejects_bad_urls(void **state)
{
    struct store *st = (struct store *)&st;
    char err[512] = "";

    (void)state;
    assert_int_equal(store_open("no-scheme-here", 0, &st, err, sizeof err), STORE_ERROR);
    assert_null(st);
    assert_non_null(strstr(err, "no scheme"));
    assert_int_equal(store_open("nosuchdb://x", 0, &st, err, sizeof err), STORE_ERROR);
    assert_non_null(strstr(err, "unknown scheme"));
    assert_null(st);
    if (store_fixture_dir()) {
        char u[128];
        /* A reader never creates a database. */
        snprintf(u, sizeof u, "sqlite:%s/absent.db", store_fixture_dir());
        assert_int_not_equal(store_open(u, STORE_READONLY, &st, err, sizeof err), STORE_OK);
        assert_null(st);
        assert_int_equal(access(u + 7, F_OK), -1);
    }
    store_close(NULL);
}

static void partner_put_find(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner p, got, unknown;

    (void)state;
    new_partner(st, &p, "Leadway Assurance", 1700000000);
    memset(&got, 0xee, sizeof got);
    assert_int_equal(store_partner_find(st, p.id, &got), STORE_OK);
    assert_memory_equal(got.id, p.id, 16);
    assert_string_equal(got.name, "Leadway Assurance");
    assert_int_equal(got.mode, PARTNER_TEST);
    assert_int_equal(got.created_at, 1700000000);

    /* The id is unique. */
    snprintf(p.name, sizeof p.name, "Someone Else");
    assert_int_equal(store_partner_put(st, &p), STORE_EXISTS);
    assert_int_equal(store_partner_find(st, p.id, &got), STORE_OK);
    assert_string_equal(got.name, "Leadway Assurance");

    vault_new_id(unknown.id);
    assert_int_equal(store_partner_find(st, unknown.id, &got), STORE_NOTFOUND);
    store_close(st);
}

static void partner_set_mode(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner p, got;
    uint8_t unknown[16];

    (void)state;
    new_partner(st, &p, "AXA Mansard", 1700000000);
    assert_int_equal(store_partner_set_mode(st, p.id, PARTNER_LIVE), STORE_OK);
    assert_int_equal(store_partner_find(st, p.id, &got), STORE_OK);
    assert_int_equal(got.mode, PARTNER_LIVE);
    assert_int_equal(store_partner_set_mode(st, p.id, PARTNER_TEST), STORE_OK);
    assert_int_equal(store_partner_find(st, p.id, &got), STORE_OK);
    assert_int_equal(got.mode, PARTNER_TEST);
    vault_new_id(unknown);
    assert_int_equal(store_partner_set_mode(st, unknown, PARTNER_LIVE), STORE_NOTFOUND);
    assert_int_equal(store_partner_find(st, unknown, &got), STORE_NOTFOUND);
    store_close(st);
}

/* Collects where two partners appear in the list and how many keys the first has. */
struct list_probe {
    uint8_t a[16], b[16];
    int seen, pos_a, pos_b, keys_a, stop_after;
};

static int each_partner(const struct store_partner *p, void *arg)
{
    struct list_probe *lp = arg;

    lp->seen++;
    if (memcmp(p->id, lp->a, 16) == 0) {
        lp->pos_a = lp->seen;
        lp->keys_a = p->active_keys;
    }
    if (memcmp(p->id, lp->b, 16) == 0)
        lp->pos_b = lp->seen;
    return lp->stop_after && lp->seen >= lp->stop_after;
}

static void partner_list_oldest_first(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner a, b;
    struct list_probe lp;
    uint8_t k1[16], k2[16], k3[16], hash[32] = {1};

    (void)state;
    /* b is stored first but created later: the list goes by creation time. */
    new_partner(st, &b, "Second", 1000000002);
    new_partner(st, &a, "First", 1000000001);
    vault_new_id(k1);
    vault_new_id(k2);
    vault_new_id(k3);
    assert_int_equal(store_auth_put(st, k1, a.id, hash, 1), STORE_OK);
    assert_int_equal(store_auth_put(st, k2, a.id, hash, 2), STORE_OK);
    assert_int_equal(store_auth_put(st, k3, a.id, hash, 3), STORE_OK);
    assert_int_equal(store_auth_revoke(st, k2, 4), STORE_OK);

    memset(&lp, 0, sizeof lp);
    memcpy(lp.a, a.id, 16);
    memcpy(lp.b, b.id, 16);
    assert_int_equal(store_partner_list(st, each_partner, &lp), STORE_OK);
    assert_true(lp.pos_a > 0);
    assert_true(lp.pos_b > lp.pos_a);
    assert_int_equal(lp.keys_a, 2); /* revoked keys are not counted */

    /* A non-zero return stops the walk. */
    memset(&lp, 0, sizeof lp);
    lp.stop_after = 1;
    assert_int_equal(store_partner_list(st, each_partner, &lp), STORE_OK);
    assert_int_equal(lp.seen, 1);
    store_close(st);
}

static void auth_put_find_revoke(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner p;
    struct store_auth got;
    uint8_t auth[16], other[16], unknown_partner[16], hash[32];

    (void)state;
    new_partner(st, &p, "Custodian", 1700000000);
    vault_new_id(auth);
    vault_random(hash, sizeof hash);
    assert_int_equal(store_auth_put(st, auth, p.id, hash, 1700000100), STORE_OK);
    memset(&got, 0, sizeof got);
    assert_int_equal(store_auth_find(st, auth, &got), STORE_OK);
    assert_memory_equal(got.auth_id, auth, 16);
    assert_memory_equal(got.partner_id, p.id, 16);
    assert_memory_equal(got.key_hash, hash, 32);
    assert_false(got.revoked);
    assert_int_equal(got.mode, PARTNER_TEST);

    /* The partner's mode is read with the key. */
    assert_int_equal(store_partner_set_mode(st, p.id, PARTNER_LIVE), STORE_OK);
    assert_int_equal(store_auth_find(st, auth, &got), STORE_OK);
    assert_int_equal(got.mode, PARTNER_LIVE);

    /* Unknown partner, taken id, unknown id. */
    vault_new_id(other);
    vault_new_id(unknown_partner);
    assert_int_equal(store_auth_put(st, other, unknown_partner, hash, 1), STORE_NOTFOUND);
    assert_int_equal(store_auth_find(st, other, &got), STORE_NOTFOUND);
    assert_int_equal(store_auth_put(st, auth, p.id, hash, 1), STORE_EXISTS);

    /* Revoking: once, then NOTFOUND; the key stays findable, marked revoked. */
    assert_int_equal(store_auth_revoke(st, auth, 1700000200), STORE_OK);
    assert_int_equal(store_auth_find(st, auth, &got), STORE_OK);
    assert_true(got.revoked);
    assert_memory_equal(got.key_hash, hash, 32);
    assert_int_equal(store_auth_revoke(st, auth, 1700000300), STORE_NOTFOUND);
    assert_int_equal(store_auth_revoke(st, other, 1700000300), STORE_NOTFOUND);
    store_close(st);
}

static void consumer_put_idempotent(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner pa, pb;
    struct store_consumer c1, c2, c3, got;
    uint8_t idx[32], out[16];
    uint8_t prof1[] = {0x00, 0x01, 0xfe, 0x00, 0x7f}, prof2[] = {9, 9, 9};
    bool created = false;

    (void)state;
    new_partner(st, &pa, "Partner A", 1700000000);
    new_partner(st, &pb, "Partner B", 1700000000);
    vault_random(idx, sizeof idx);
    new_consumer(&c1, pa.id, idx, prof1, sizeof prof1);
    new_consumer(&c2, pa.id, idx, prof2, sizeof prof2);
    c2.cls = 1;
    new_consumer(&c3, pb.id, idx, prof2, sizeof prof2);

    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_consumer_put(st, &c1, out, &created), STORE_OK);
    assert_true(created);
    assert_memory_equal(out, c1.id, 16);
    /* Same partner, same email index, another id: the first one's id, nothing created. */
    created = true;
    assert_int_equal(store_consumer_put(st, &c2, out, &created), STORE_OK);
    assert_false(created);
    assert_memory_equal(out, c1.id, 16);
    /* Another partner with the same index gets its own. */
    assert_int_equal(store_consumer_put(st, &c3, out, &created), STORE_OK);
    assert_true(created);
    assert_memory_equal(out, c3.id, 16);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);

    /* Stored as sent; c2 changed nothing. */
    memset(&got, 0, sizeof got);
    assert_int_equal(store_consumer_find(st, pa.id, c1.id, &got), STORE_OK);
    assert_memory_equal(got.id, c1.id, 16);
    assert_memory_equal(got.partner_id, pa.id, 16);
    assert_memory_equal(got.email_index, idx, 32);
    assert_int_equal(got.cls, 0);
    assert_int_equal(got.profile_len, sizeof prof1);
    assert_memory_equal(got.profile, prof1, sizeof prof1);
    assert_int_equal(got.created_at, 1764201600);
    store_consumer_cleanup(&got);
    assert_null(got.profile);
    assert_int_equal(store_consumer_find(st, pa.id, c2.id, &got), STORE_NOTFOUND);

    /* In a later transaction the answer is still the first id. */
    vault_new_id(c2.id);
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_consumer_put(st, &c2, out, &created), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    assert_false(created);
    assert_memory_equal(out, c1.id, 16);
    store_close(st);
}

static void consumer_find_other_partner(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner pa, pb;
    struct store_consumer c, got;
    uint8_t idx[32], out[16], prof[] = {1, 2, 3}, unknown[16];
    bool created;

    (void)state;
    new_partner(st, &pa, "Partner A", 1700000000);
    new_partner(st, &pb, "Partner B", 1700000000);
    vault_random(idx, sizeof idx);
    new_consumer(&c, pa.id, idx, prof, sizeof prof);
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_consumer_put(st, &c, out, &created), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);

    memset(&got, 0, sizeof got);
    assert_int_equal(store_consumer_find(st, pb.id, c.id, &got), STORE_NOTFOUND);
    assert_null(got.profile);
    vault_new_id(unknown);
    assert_int_equal(store_consumer_find(st, pa.id, unknown, &got), STORE_NOTFOUND);
    assert_int_equal(store_consumer_find(st, unknown, c.id, &got), STORE_NOTFOUND);
    assert_int_equal(store_consumer_find(st, pa.id, c.id, &got), STORE_OK);
    store_consumer_cleanup(&got);
    store_close(st);
}

static void savepoint_undo_drops_a_put(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner p;
    struct store_consumer c, d, again, got;
    uint8_t idx_c[32], idx_d[32], out[16], prof[] = {7};
    bool created = false;

    (void)state;
    new_partner(st, &p, "Savepoints", 1700000000);
    vault_random(idx_c, sizeof idx_c);
    vault_random(idx_d, sizeof idx_d);
    new_consumer(&c, p.id, idx_c, prof, sizeof prof);
    new_consumer(&d, p.id, idx_d, prof, sizeof prof);
    new_consumer(&again, p.id, idx_c, prof, sizeof prof);

    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_SAVEPOINT), STORE_OK);
    assert_int_equal(store_consumer_put(st, &c, out, &created), STORE_OK);
    assert_true(created);
    assert_int_equal(store_tx(st, STORE_TX_UNDO), STORE_OK);
    /* The transaction goes on: d is kept, and c's email is free again. */
    assert_int_equal(store_tx(st, STORE_TX_SAVEPOINT), STORE_OK);
    assert_int_equal(store_consumer_put(st, &d, out, &created), STORE_OK);
    assert_true(created);
    assert_int_equal(store_tx(st, STORE_TX_RELEASE), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_SAVEPOINT), STORE_OK);
    assert_int_equal(store_consumer_put(st, &again, out, &created), STORE_OK);
    assert_true(created);
    assert_memory_equal(out, again.id, 16);
    assert_int_equal(store_tx(st, STORE_TX_RELEASE), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);

    assert_int_equal(store_consumer_find(st, p.id, c.id, &got), STORE_NOTFOUND);
    assert_int_equal(store_consumer_find(st, p.id, d.id, &got), STORE_OK);
    store_consumer_cleanup(&got);
    assert_int_equal(store_consumer_find(st, p.id, again.id, &got), STORE_OK);
    store_consumer_cleanup(&got);
    store_close(st);
}

static void rollback_drops_everything(void **state)
{
    struct store *st = store_fixture_open(0);
    struct store_partner p, got_p;
    struct store_consumer c, got;
    uint8_t idx[32], out[16], prof[] = {7};
    bool created;

    (void)state;
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    new_partner(st, &p, "Rolled back", 1700000000);
    vault_random(idx, sizeof idx);
    new_consumer(&c, p.id, idx, prof, sizeof prof);
    assert_int_equal(store_consumer_put(st, &c, out, &created), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_ROLLBACK), STORE_OK);
    assert_int_equal(store_partner_find(st, p.id, &got_p), STORE_NOTFOUND);
    assert_int_equal(store_consumer_find(st, p.id, c.id, &got), STORE_NOTFOUND);
    store_close(st);
}

static void readonly_sees_committed(void **state)
{
    struct store *st = store_fixture_open(0), *ro = store_fixture_open(STORE_READONLY);
    struct store_partner p, got_p, extra;
    struct store_consumer c, got;
    struct store_auth got_a;
    uint8_t idx[32], out[16], prof[] = {1, 2, 3, 4}, auth[16], hash[32] = {5};
    bool created;

    (void)state;
    new_partner(st, &p, "Readers", 1700000000);
    vault_new_id(auth);
    assert_int_equal(store_auth_put(st, auth, p.id, hash, 1700000001), STORE_OK);
    assert_int_equal(store_partner_find(ro, p.id, &got_p), STORE_OK);
    assert_string_equal(got_p.name, "Readers");
    assert_int_equal(store_auth_find(ro, auth, &got_a), STORE_OK);
    assert_memory_equal(got_a.partner_id, p.id, 16);

    /* Not yet committed: invisible to the reader; committed: visible. */
    vault_random(idx, sizeof idx);
    new_consumer(&c, p.id, idx, prof, sizeof prof);
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_consumer_put(st, &c, out, &created), STORE_OK);
    assert_int_equal(store_consumer_find(ro, p.id, c.id, &got), STORE_NOTFOUND);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    memset(&got, 0, sizeof got);
    assert_int_equal(store_consumer_find(ro, p.id, c.id, &got), STORE_OK);
    assert_int_equal(got.profile_len, sizeof prof);
    assert_memory_equal(got.profile, prof, sizeof prof);
    store_consumer_cleanup(&got);

    /* A reader cannot write. */
    memset(&extra, 0, sizeof extra);
    vault_new_id(extra.id);
    snprintf(extra.name, sizeof extra.name, "nope");
    assert_int_not_equal(store_partner_put(ro, &extra), STORE_OK);
    assert_true(strlen(store_last_error(ro)) > 0);
    assert_int_equal(store_partner_find(st, extra.id, &got_p), STORE_NOTFOUND);
    store_close(ro);
    store_close(st);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrations_applied),         cmocka_unit_test(open_rejects_bad_urls),
        cmocka_unit_test(partner_put_find),           cmocka_unit_test(partner_set_mode),
        cmocka_unit_test(partner_list_oldest_first),  cmocka_unit_test(auth_put_find_revoke),
        cmocka_unit_test(consumer_put_idempotent),    cmocka_unit_test(consumer_find_other_partner),
        cmocka_unit_test(savepoint_undo_drops_a_put), cmocka_unit_test(rollback_drops_everything),
        cmocka_unit_test(readonly_sees_committed),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("store", tests, store_fixture_setup, store_fixture_teardown);
}
