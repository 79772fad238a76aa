/*
 * test_dashboard_reads.c - the dashboard's read pages: the pure rules of
 * src/dashboard/insights.c (search terms, phone digits, lifetime value, 30-day window,
 * gaps, chart months, duplicate grouping), the search token of the vault, and the store
 * operations of migration 4 (tokens, consumer page and search, overview, policy page,
 * shared tokens), each scoped to one partner. Talks to the store only through store.h:
 * AIMS_TEST_STORE_URL=sqlite:/tmp/x.db build/tests/test_dashboard_reads
 *
 * Run one test by name: build/tests/test_dashboard_reads consumer_page_search
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

#include "../../src/common/timeutil.h"
#include "../../src/dashboard/dashboard.h"
#include "../../src/store/store.h"
#include "store_fixture.h"
#include "../../src/vault/vault.h"

/* ---- pure rules ---- */

static void phone_digits(void **state)
{
    char out[32];

    (void)state;
    assert_int_equal(dashboard_phone_digits("+234 805-123-4567", 17, out, sizeof out), 0);
    assert_string_equal(out, "2348051234567");
    assert_int_equal(dashboard_phone_digits("08051234567", 11, out, sizeof out), 0);
    assert_string_equal(out, "2348051234567");
    assert_int_equal(dashboard_phone_digits("+44 20 7946 0958", 16, out, sizeof out), 0);
    assert_string_equal(out, "442079460958");
    assert_int_equal(dashboard_phone_digits("12345", 5, out, sizeof out), -1);
    assert_int_equal(dashboard_phone_digits("+2348051234567", 14, out, 5), -1);
}

static void profile_terms(void **state)
{
    struct dashboard_term t[DASHBOARD_MAX_TERMS];
    size_t n;

    (void)state;
    n = dashboard_profile_terms("Ada Mary", NULL, "NWOSU", " Ada.N@Mail.COM ", "+2348051234567",
                                "1995-03-08", t, DASHBOARD_MAX_TERMS);
    assert_int_equal(n, 6);
    assert_int_equal(t[0].kind, TERM_NAME);
    assert_string_equal(t[0].text, "ada");
    assert_string_equal(t[1].text, "mary");
    assert_string_equal(t[2].text, "nwosu");
    assert_int_equal(t[3].kind, TERM_EMAIL);
    assert_string_equal(t[3].text, "ada.n@mail.com");
    assert_int_equal(t[4].kind, TERM_PHONE);
    assert_string_equal(t[4].text, "2348051234567");
    assert_int_equal(t[5].kind, TERM_NAME_DOB);
    assert_string_equal(t[5].text, "ada mary nwosu|1995-03-08");
    /* A repeated name part is one term; no dob, no name-and-dob term. */
    n = dashboard_profile_terms("Obi", "", "Obi", NULL, NULL, NULL, t, DASHBOARD_MAX_TERMS);
    assert_int_equal(n, 1);
    /* out is never overrun. */
    assert_int_equal(dashboard_profile_terms("a b c d", NULL, NULL, NULL, NULL, NULL, t, 2), 2);
}

static void query_terms(void **state)
{
    struct dashboard_term t[DASHBOARD_MAX_TERMS];

    (void)state;
    assert_int_equal(dashboard_query_terms(" Ada.N@Mail.com", 15, t, DASHBOARD_MAX_TERMS), 1);
    assert_int_equal(t[0].kind, TERM_EMAIL);
    assert_string_equal(t[0].text, "ada.n@mail.com");
    assert_int_equal(dashboard_query_terms("0805 123 4567", 13, t, DASHBOARD_MAX_TERMS), 1);
    assert_int_equal(t[0].kind, TERM_PHONE);
    assert_string_equal(t[0].text, "2348051234567");
    assert_int_equal(dashboard_query_terms("Ada  NWOSU", 10, t, DASHBOARD_MAX_TERMS), 2);
    assert_string_equal(t[1].text, "nwosu");
    assert_int_equal(dashboard_query_terms("   ", 3, t, DASHBOARD_MAX_TERMS), 0);
    assert_int_equal(dashboard_query_terms("123", 3, t, DASHBOARD_MAX_TERMS), 0);
}

static void ltv_and_window(void **state)
{
    struct store_policy p[3];
    int64_t now = 1764201600;

    (void)state;
    memset(p, 0, sizeof p);
    p[0].status = POLICY_APPROVED;
    p[0].premium_kobo = 125000;
    p[0].cover_end = now + 30 * 86400;
    p[1].status = POLICY_DECLINED;
    p[1].premium_kobo = 999;
    p[2].status = POLICY_APPROVED;
    p[2].premium_kobo = 5000;
    p[2].cover_end = now + 30 * 86400 + 1;
    assert_int_equal(dashboard_ltv(p, 3), 130000);
    assert_int_equal(dashboard_ltv(p, 0), 0);
    assert_true(dashboard_ending_soon(&p[0], now));
    assert_false(dashboard_ending_soon(&p[2], now));
    p[2].cover_end = now - 1; /* already ended */
    assert_false(dashboard_ending_soon(&p[2], now));
    p[1].cover_end = now + 86400; /* not approved */
    assert_false(dashboard_ending_soon(&p[1], now));
}

static void gaps(void **state)
{
    const char *all[] = {"device", "device", "vehicle", "health", "travel", "vehicle"};
    const char *held[] = {"vehicle", NULL, "device"};
    const char *out[6];

    (void)state;
    assert_int_equal(dashboard_gaps(all, 6, held, 3, out), 2);
    assert_string_equal(out[0], "health");
    assert_string_equal(out[1], "travel");
    assert_int_equal(dashboard_gaps(all, 6, NULL, 0, out), 4);
}

static void months(void **state)
{
    char keys[DASHBOARD_MONTHS][8];
    struct date d = {2026, 3, 15};
    int64_t since = dashboard_months(time_from_date(d) + 3600, keys);
    struct date first = date_from_unix(since);

    (void)state;
    assert_string_equal(keys[0], "2025-04");
    assert_string_equal(keys[8], "2025-12");
    assert_string_equal(keys[9], "2026-01");
    assert_string_equal(keys[11], "2026-03");
    assert_int_equal(first.year, 2025);
    assert_int_equal(first.month, 4);
    assert_int_equal(first.day, 1);
    assert_int_equal(since % 86400, 0);
}

static void group_links(void **state)
{
    /* 0-5 share a phone, 1-2 a name and dob, 2-4 a phone; 3 is alone. */
    int a[] = {5, 1, 4}, b[] = {0, 2, 2}, group[6];

    (void)state;
    assert_int_equal(dashboard_group_links(a, b, 3, 6, group), 2);
    assert_int_equal(group[0], 0);
    assert_int_equal(group[5], 0);
    assert_int_equal(group[1], 1);
    assert_int_equal(group[2], 1);
    assert_int_equal(group[4], 1);
    assert_int_equal(group[3], -1);
    assert_int_equal(dashboard_group_links(NULL, NULL, 0, 2, group), 0);
    assert_int_equal(group[0], -1);
}

static void search_token(void **state)
{
    struct vault_keys k;
    uint8_t p1[16], p2[16], t1[32], t2[32], t3[32], t4[32];

    (void)state;
    vault_random(&k, sizeof k);
    vault_new_id(p1);
    vault_new_id(p2);
    vault_search_token(&k, p1, TERM_NAME, "ada", 3, t1);
    vault_search_token(&k, p1, TERM_NAME, "ada", 3, t2);
    assert_memory_equal(t1, t2, 32);
    vault_search_token(&k, p2, TERM_NAME, "ada", 3, t3); /* another partner */
    assert_memory_not_equal(t1, t3, 32);
    vault_search_token(&k, p1, TERM_EMAIL, "ada", 3, t4); /* another kind */
    assert_memory_not_equal(t1, t4, 32);
    vault_email_index(&k, p1, "ada", 3, t4); /* another key */
    assert_memory_not_equal(t1, t4, 32);
}

/* ---- store operations ---- */

static void new_partner(struct store *st, uint8_t id[16])
{
    struct store_partner p;

    memset(&p, 0, sizeof p);
    vault_new_id(p.id);
    snprintf(p.name, sizeof p.name, "P");
    p.created_at = 1764201600;
    assert_int_equal(store_partner_put(st, &p), STORE_OK);
    memcpy(id, p.id, 16);
}

static struct store_token tok(char kind, const char *text)
{
    struct store_token t;

    t.kind = kind;
    memset(t.hash, 0, sizeof t.hash);
    snprintf((char *)t.hash, sizeof t.hash, "%c%s", kind, text);
    return t;
}

/* A consumer of partner created at `at` holding the given tokens. */
static void new_consumer(struct store *st, const uint8_t partner[16], int64_t at,
                         const struct store_token *t, size_t n, uint8_t id[16])
{
    struct store_consumer c;
    uint8_t profile[4] = {1, 2, 3, 4};
    bool created = false;

    memset(&c, 0, sizeof c);
    vault_new_id(c.id);
    memcpy(c.partner_id, partner, 16);
    vault_random(c.email_index, 32);
    c.profile = profile;
    c.profile_len = sizeof profile;
    c.created_at = at;
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_consumer_put(st, &c, id, &created), STORE_OK);
    assert_true(created);
    assert_int_equal(store_consumer_tokens_put(st, partner, id, t, n), STORE_OK);
    /* Adding the same tokens again keeps one of each. */
    assert_int_equal(store_consumer_tokens_put(st, partner, id, t, n), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
}

struct seen {
    uint8_t ids[8][16];
    int n;
};

static int see_consumer(const struct store_consumer *c, void *arg)
{
    struct seen *s = arg;
    assert_int_equal(c->profile_len, 4);
    memcpy(s->ids[s->n++], c->id, 16);
    return 0;
}

static void consumer_page_search(void **state)
{
    struct store *st = store_fixture_open(0);
    uint8_t pa[16], pb[16], c1[16], c2[16], c3[16], cb[16];
    struct store_token t1[] = {tok('n', "ada"), tok('n', "obi"), tok('p', "234800")};
    struct store_token t2[] = {tok('n', "ada"), tok('n', "eze"), tok('p', "234800")};
    struct store_token t3[] = {tok('n', "chi")};
    struct store_token q[2];
    struct seen s;
    int64_t total = -1;

    (void)state;
    assert_int_equal(store_schema_version(st), 6);
    new_partner(st, pa);
    new_partner(st, pb);
    new_consumer(st, pa, 100, t1, 3, c1);
    new_consumer(st, pa, 200, t2, 3, c2);
    new_consumer(st, pa, 300, t3, 1, c3);
    new_consumer(st, pb, 400, t1, 3, cb);
    /* Newest first, paged, only partner A's. */
    memset(&s, 0, sizeof s);
    assert_int_equal(store_consumer_page(st, pa, NULL, 0, 0, 2, &total, see_consumer, &s),
                     STORE_OK);
    assert_int_equal(total, 3);
    assert_int_equal(s.n, 2);
    assert_memory_equal(s.ids[0], c3, 16);
    assert_memory_equal(s.ids[1], c2, 16);
    memset(&s, 0, sizeof s);
    assert_int_equal(store_consumer_page(st, pa, NULL, 0, 2, 2, &total, see_consumer, &s),
                     STORE_OK);
    assert_int_equal(s.n, 1);
    assert_memory_equal(s.ids[0], c1, 16);
    /* One token: both holders; two tokens: only who holds both. */
    q[0] = tok('n', "ada");
    memset(&s, 0, sizeof s);
    assert_int_equal(store_consumer_page(st, pa, q, 1, 0, 50, &total, see_consumer, &s), STORE_OK);
    assert_int_equal(total, 2);
    assert_int_equal(s.n, 2);
    q[1] = tok('n', "obi");
    memset(&s, 0, sizeof s);
    assert_int_equal(store_consumer_page(st, pa, q, 2, 0, 50, &total, see_consumer, &s), STORE_OK);
    assert_int_equal(total, 1);
    assert_memory_equal(s.ids[0], c1, 16);
    /* Partner B's consumer holds the same tokens but is not A's. */
    memset(&s, 0, sizeof s);
    assert_int_equal(store_consumer_page(st, pb, q, 2, 0, 50, &total, see_consumer, &s), STORE_OK);
    assert_int_equal(total, 1);
    assert_memory_equal(s.ids[0], cb, 16);
    q[0] = tok('n', "nobody");
    assert_int_equal(store_consumer_page(st, pa, q, 1, 0, 50, &total, see_consumer, &s), STORE_OK);
    assert_int_equal(total, 0);
    store_close(st);
}

struct linkseen {
    int n, phones;
};

static int see_link(const struct store_link *l, void *arg)
{
    struct linkseen *s = arg;
    s->n++;
    s->phones += l->kind == 'p';
    return 0;
}

static void token_links(void **state)
{
    struct store *st = store_fixture_open(0);
    uint8_t pa[16], c1[16], c2[16], c3[16];
    struct store_token t1[] = {tok('n', "ada"), tok('p', "111"), tok('d', "ada obi|1990")};
    struct store_token t2[] = {tok('n', "ada"), tok('p', "111")};
    struct store_token t3[] = {tok('n', "ada"), tok('d', "ada obi|1990")};
    struct linkseen s = {0, 0};

    (void)state;
    new_partner(st, pa);
    new_consumer(st, pa, 100, t1, 3, c1);
    new_consumer(st, pa, 200, t2, 2, c2);
    new_consumer(st, pa, 300, t3, 2, c3);
    /* The shared name part is not a link; the phone (c1, c2) and name-dob (c1, c3) are. */
    assert_int_equal(store_token_links(st, pa, "pd", see_link, &s), STORE_OK);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.phones, 2);
    store_close(st);
}

struct totals {
    int64_t consumers, approved, approved_kobo, month_kobo, products;
};

static int see_total(const struct store_total *t, void *arg)
{
    struct totals *o = arg;
    if (t->group == 'c')
        o->consumers = t->count;
    if (t->group == 's' && strcmp(t->key, "a") == 0) {
        o->approved = t->count;
        o->approved_kobo = t->kobo;
    }
    if (t->group == 'm' && strcmp(t->key, "2026-03") == 0)
        o->month_kobo = t->kobo;
    if (t->group == 'r')
        o->products++;
    return 0;
}

static void put_policy(struct store *st, const uint8_t partner[16], const uint8_t consumer[16],
                       const char *product, const char *txref, char status, int64_t kobo,
                       int64_t at)
{
    struct store_policy p, existing;
    uint8_t facts[1] = {0};
    bool created = false;

    memset(&p, 0, sizeof p);
    memcpy(p.partner_id, partner, 16);
    memcpy(p.consumer_id, consumer, 16);
    snprintf(p.product, sizeof p.product, "%s", product);
    snprintf(p.txref, sizeof p.txref, "%s", txref);
    snprintf(p.cover_period, sizeof p.cover_period, "1y");
    p.facts = facts;
    p.facts_len = 1;
    p.premium_kobo = kobo;
    p.status = p.first_status = status;
    p.received_at = p.status_at = p.cover_start = at;
    p.cover_end = at + 86400 * 365;
    if (status == POLICY_APPROVED) {
        static int serial;
        serial++;
        snprintf(p.policy_no, sizeof p.policy_no, "TEST-%d", serial);
        snprintf(p.cert_token, sizeof p.cert_token, "tok-%d", serial);
    }
    assert_int_equal(store_policy_put(st, &p, &existing, &created), STORE_OK);
    assert_true(created);
}

static int count_policy(const struct store_policy *p, void *arg)
{
    (void)p;
    (*(int *)arg)++;
    return 0;
}

static void overview_and_policy_page(void **state)
{
    struct store *st = store_fixture_open(0);
    uint8_t pa[16], pb[16], c1[16], cb[16];
    struct store_token none[] = {tok('n', "x")};
    struct date march = {2026, 3, 10}, jan = {2025, 1, 5};
    struct totals o = {0, 0, 0, 0, 0};
    struct store_policy_filter f = {POLICY_APPROVED, "hlth-axam-1111"};
    int64_t total = -1;
    int seen = 0;

    (void)state;
    new_partner(st, pa);
    new_partner(st, pb);
    new_consumer(st, pa, 100, none, 1, c1);
    new_consumer(st, pb, 100, none, 1, cb);
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    put_policy(st, pa, c1, "hlth-axam-1111", "T1", 'a', 125000, time_from_date(march));
    put_policy(st, pa, c1, "hlth-axam-1111", "T2", 'a', 125000, time_from_date(jan));
    put_policy(st, pa, c1, "vhcl-cmpr-1111", "T3", 'a', 5000000, time_from_date(march) + 60);
    put_policy(st, pa, c1, "vhcl-cmpr-1111", "T4", 'd', 7000, time_from_date(march) + 120);
    put_policy(st, pb, cb, "hlth-axam-1111", "T1", 'a', 999, time_from_date(march));
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    /* Months count from 2025-04: January 2025 is outside, but in the product totals. */
    struct date apr = {2025, 4, 1};
    assert_int_equal(store_overview(st, pa, time_from_date(apr), see_total, &o), STORE_OK);
    assert_int_equal(o.consumers, 1);
    assert_int_equal(o.approved, 3);
    assert_int_equal(o.approved_kobo, 5250000);
    assert_int_equal(o.month_kobo, 5125000);
    assert_int_equal(o.products, 2);
    assert_int_equal(store_policy_page(st, pa, &f, 0, 50, &total, count_policy, &seen), STORE_OK);
    assert_int_equal(total, 2);
    assert_int_equal(seen, 2);
    seen = 0;
    assert_int_equal(store_policy_page(st, pa, NULL, 1, 2, &total, count_policy, &seen), STORE_OK);
    assert_int_equal(total, 4);
    assert_int_equal(seen, 2);
    f.status = POLICY_DECLINED;
    f.product = NULL;
    seen = 0;
    assert_int_equal(store_policy_page(st, pb, &f, 0, 50, &total, count_policy, &seen), STORE_OK);
    assert_int_equal(total, 0);
    store_close(st);
}

/* The overview's status lines: count and premium of p, a and d. */
struct by_status {
    int64_t n[3], kobo[3];
    int64_t month_n; /* approved in 2026-03 */
};

static int see_status(const struct store_total *t, void *arg)
{
    struct by_status *b = arg;
    const char *letters = "pad", *at = t->group == 's' ? strchr(letters, t->key[0]) : NULL;

    if (at && t->key[0]) {
        b->n[at - letters] = t->count;
        b->kobo[at - letters] = t->kobo;
    }
    if (t->group == 'm' && strcmp(t->key, "2026-03") == 0)
        b->month_n = t->count;
    return 0;
}

static struct by_status status_totals(struct store *st, const uint8_t partner[16])
{
    struct by_status b;
    struct date jan = {2026, 1, 1};

    memset(&b, 0, sizeof b);
    assert_int_equal(store_overview(st, partner, time_from_date(jan), see_status, &b), STORE_OK);
    return b;
}

/* The overview's totals (migration 5) follow every decision, and only real ones. */
static void overview_follows_decisions(void **state)
{
    struct store *st = store_fixture_open(0);
    uint8_t pa[16], c1[16];
    struct store_token none[] = {tok('n', "y")};
    struct date march = {2026, 3, 10};
    struct store_policy d;
    struct by_status b;

    (void)state;
    new_partner(st, pa);
    new_consumer(st, pa, 100, none, 1, c1);
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    put_policy(st, pa, c1, "vhcl-cmpr-1111", "P1", 'p', 400000, time_from_date(march));
    put_policy(st, pa, c1, "vhcl-cmpr-1111", "P2", 'p', 300000, time_from_date(march));
    put_policy(st, pa, c1, "hlth-axam-1111", "A1", 'a', 125000, time_from_date(march));
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    b = status_totals(st, pa);
    assert_int_equal(b.n[0], 2);
    assert_int_equal(b.kobo[0], 700000);
    assert_int_equal(b.n[1], 1);
    assert_int_equal(b.month_n, 1);

    /* Approve P1 in March: out of pending, into approved and the month. */
    memset(&d, 0, sizeof d);
    memcpy(d.partner_id, pa, 16);
    snprintf(d.product, sizeof d.product, "vhcl-cmpr-1111");
    snprintf(d.txref, sizeof d.txref, "P1");
    d.status = POLICY_APPROVED;
    d.status_at = d.cover_start = time_from_date(march) + 3600;
    d.cover_end = d.cover_start + 86400 * 365;
    snprintf(d.policy_no, sizeof d.policy_no, "AIMS-P1");
    snprintf(d.cert_token, sizeof d.cert_token, "tok-p1");
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_policy_decide(st, &d), STORE_OK);
    /* A second decision on it finds nothing pending and changes no total. */
    assert_int_equal(store_policy_decide(st, &d), STORE_NOTFOUND);
    /* P2 with P1's policy number: refused, and P2 stays counted as pending once. */
    snprintf(d.txref, sizeof d.txref, "P2");
    assert_int_equal(store_policy_decide(st, &d), STORE_EXISTS);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    b = status_totals(st, pa);
    assert_int_equal(b.n[0], 1);
    assert_int_equal(b.kobo[0], 300000);
    assert_int_equal(b.n[1], 2);
    assert_int_equal(b.kobo[1], 525000);
    assert_int_equal(b.month_n, 2);

    /* Decline P2: pending gone (no 0 line), declined 1. */
    d.status = POLICY_DECLINED;
    d.policy_no[0] = d.cert_token[0] = '\0';
    d.cover_start = d.cover_end = 0;
    assert_int_equal(store_tx(st, STORE_TX_BEGIN), STORE_OK);
    assert_int_equal(store_policy_decide(st, &d), STORE_OK);
    assert_int_equal(store_tx(st, STORE_TX_COMMIT), STORE_OK);
    b = status_totals(st, pa);
    assert_int_equal(b.n[0], 0);
    assert_int_equal(b.n[2], 1);
    assert_int_equal(b.kobo[2], 300000);
    store_close(st);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phone_digits),
        cmocka_unit_test(profile_terms),
        cmocka_unit_test(query_terms),
        cmocka_unit_test(ltv_and_window),
        cmocka_unit_test(gaps),
        cmocka_unit_test(months),
        cmocka_unit_test(group_links),
        cmocka_unit_test(search_token),
        cmocka_unit_test(consumer_page_search),
        cmocka_unit_test(token_links),
        cmocka_unit_test(overview_and_policy_page),
        cmocka_unit_test(overview_follows_decisions),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("dashboard_reads", tests, store_fixture_setup,
                                       store_fixture_teardown);
}
