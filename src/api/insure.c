/*
 * insure.c - SR15 "entt_<consumer>: insure": a policy request (PROTOCOL.md sections 6
 * and 7, PRODUCTS.md "What each product needs at issuance").
 *
 * Order of checks: the consumer id, the product, the transaction reference, the
 * consumer (this partner's), a reuse of the reference (a retry answers the first answer;
 * another payload is 409), the quote fields and premium (computed again), the product's
 * requirements on the stored profile, the addtnlFact rules. Then the lifecycle table
 * decides the state, and the request is committed by the writer before the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/timeutil.h"
#include "../policies/lifecycle.h"
#include "../policies/policy.h"
#include "../products/catalog.h"
#include "../products/pricing.h"
#include "api_int.h"
#include "facts_json.h"

/* A policy request between validation and the writer's answer. */
struct insurance {
    struct store_policy row;      /* facts: a malloc'd sealed block */
    struct store_policy existing; /* filled when the reference was taken */
    bool created;
    bool test_partner;
    int64_t trip_end;
};

/*
 * At issuance a travel premium uses the consumer's age from the stored date of birth,
 * not a travelerAge the seed may carry (PRODUCTS.md): this lookup answers the age field
 * with that age and passes every other name to the seed.
 */
struct issue_seed {
    json_t *seed;
    const char *age_field; /* NULL when the product has no age */
    int age;
};

static void issue_value(void *arg, const char *name, struct quote_value *out)
{
    struct issue_seed *is = arg;

    if (is->age_field && strcmp(name, is->age_field) == 0) {
        memset(out, 0, sizeof *out);
        out->kind = QV_NUMBER;
        out->num = is->age;
        return;
    }
    api_seed_value(is->seed, name, out);
}

/* The consumer's age today from profile dob.date, or -1 when it has none. */
static int age_of(json_t *profile, struct date today)
{
    json_t *v = json_object_get(json_object_get(profile, "dob"), "date");
    struct date d;

    if (!json_is_string(v) ||
        date_parse(json_string_value(v), json_string_length(v), &d) != DATE_OK)
        return -1;
    return date_years_between(d, today);
}

static bool txref_ok(const char *s, size_t n)
{
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* Reads a required string member of the seed into out; answers the error itself. */
static int seed_word(struct api_call *call, const char *key, char *out, size_t out_len)
{
    json_t *v = json_object_get(call->seed, key);
    char text[160];

    if (!v || json_is_null(v)) {
        snprintf(text, sizeof text, "Data cmmnd.seed.%s not provided", key);
        api_fail(call, API_INVALID, text);
        return -1;
    }
    if (!json_is_string(v) || json_string_length(v) >= out_len) {
        snprintf(text, sizeof text, "Data cmmnd.seed.%s must be a string of at most %zu characters",
                 key, out_len - 1);
        api_fail(call, API_INVALID, text);
        return -1;
    }
    snprintf(out, out_len, "%s", json_string_value(v));
    return 0;
}

static json_t *answer_fields(const struct api_call *call, const char *txref, char status,
                             int64_t premium_kobo)
{
    char stts[2] = {status, '\0'};
    json_t *f = json_object();

    json_object_set_new(f, "id", json_string(txref));
    json_object_set_new(f, "stts", json_string(stts));
    json_object_set_new(f, "prmm", api_money(call, premium_kobo));
    return f;
}

/* A reference already used: the same payload is a retry, another is a conflict. */
static void answer_existing(struct api_call *call, const struct store_policy *old,
                            const uint8_t hash[32])
{
    if (!vault_equal(old->payload_hash, hash)) {
        api_fail(call, API_CONFLICT, NULL);
        return;
    }
    api_ok(call, answer_fields(call, old->txref, old->first_status, old->premium_kobo));
}

static int insure_run(struct store *st, void *arg)
{
    struct api_call *call = arg;
    struct insurance *r = call->state;
    int rc = STORE_ERROR;

    /* A policy number or token that is already taken: draw new ones and try again. */
    for (int attempt = 0; attempt < 4; attempt++) {
        rc = store_policy_put(st, &r->row, &r->existing, &r->created);
        if (rc != STORE_EXISTS || r->row.status != POLICY_APPROVED)
            return rc;
        policy_approve(&r->row, r->test_partner, r->row.status_at, r->trip_end);
    }
    return rc;
}

static void insure_done(void *arg, int rc)
{
    struct api_call *call = arg;
    struct insurance *r = call->state;
    uint8_t hash[32];

    call->state = NULL;
    free(r->row.facts);
    if (rc != STORE_OK) {
        free(r);
        api_store_fail(call, rc, "policy insert failed");
        return;
    }
    if (!r->created) {
        memcpy(hash, r->row.payload_hash, 32);
        answer_existing(call, &r->existing, hash);
        free(r);
        return;
    }
    api_ok(call, answer_fields(call, r->row.txref, r->row.status, r->row.premium_kobo));
    free(r);
}

/* The cover period stored as cpxx: the seed's, a loan's tenure in months, or "trip". */
static void cover_period(const struct product *p, json_t *seed, char *out, size_t out_len)
{
    json_t *v = json_object_get(seed, "insrncDrtn");

    if (p->period_count > 0) {
        if (!json_is_string(v))
            v = json_object_get(seed, "drtn");
        snprintf(out, out_len, "%s", json_is_string(v) ? json_string_value(v) : "");
    } else if (p->rule.kind == RULE_LOAN) {
        const struct quote_field *f = &p->fields[p->rule.loan.tenure_field];
        long long months = 0;
        v = json_object_get(seed, f->name);
        for (size_t i = 0; !v && i < f->legacy_count; i++)
            v = json_object_get(seed, f->legacy[i]);
        if (json_is_number(v))
            months = (long long)(json_number_value(v) + 0.5);
        else if (json_is_string(v))
            months = strtoll(json_string_value(v), NULL, 10);
        snprintf(out, out_len, "%lldm", months);
    } else {
        snprintf(out, out_len, "trip");
    }
}

/* "YYYY-MM-DD HH:MM:SS" in addtnlFact.key as epoch seconds, or 0. */
static int64_t fact_time(json_t *facts, const char *key)
{
    json_t *v = json_object_get(facts, key);
    struct date d;
    const char *s;
    int h, m, sec;

    if (!json_is_string(v) || json_string_length(v) != 19)
        return 0;
    s = json_string_value(v);
    if (date_parse(s, 10, &d) != DATE_OK)
        return 0;
    h = (s[11] - '0') * 10 + (s[12] - '0');
    m = (s[14] - '0') * 10 + (s[15] - '0');
    sec = (s[17] - '0') * 10 + (s[18] - '0');
    return time_from_date(d) + h * 3600 + m * 60 + sec;
}

void cmd_insure(struct api_call *call)
{
    const struct vault_keys *keys = call->api->cfg.keys;
    char product_code[3 * 16 + 3], ctgry[16], type[16], pckg[16], err[512], cid_hex[33];
    uint8_t consumer[16], hash[32], ad[32];
    const struct product *p;
    struct catalog *cat = NULL;
    struct store_consumer crow;
    struct store_policy old;
    struct pricing_error perr;
    struct quote_input in;
    struct issue_seed is;
    struct insurance *r = NULL;
    struct store *st;
    const char *serr = NULL;
    json_t *txv, *facts, *profile = NULL;
    char *canon = NULL, *plain = NULL, *facts_text = NULL;
    size_t plain_len = 0;
    int64_t kobo = 0, now = time_now();
    enum lc_state state;
    int rc;

    memset(&crow, 0, sizeof crow);
    if (id_parse(call->cap[0].s, call->cap[0].len, consumer) != 0) {
        api_fail(call, API_NO_ENTITY, NULL);
        return;
    }
    if (!call->seed) {
        api_fail(call, API_INVALID, "Data cmmnd.seed is required");
        return;
    }
    if (!json_is_object(call->seed)) {
        api_fail(call, API_INVALID, "Data cmmnd.seed must be an object");
        return;
    }
    if (seed_word(call, "ctgry", ctgry, sizeof ctgry) ||
        seed_word(call, "type", type, sizeof type) || seed_word(call, "pckg", pckg, sizeof pckg))
        return;
    snprintf(product_code, sizeof product_code, "%s-%s-%s", ctgry, type, pckg);
    cat = api_catalog_acquire(call->api);
    p = catalog_find(cat, product_code, strlen(product_code));
    if (!p) {
        catalog_unref(cat);
        api_fail(call, API_NO_PRODUCT, NULL);
        return;
    }
    txv = json_object_get(call->seed, "id");
    if (!txv || json_is_null(txv)) {
        catalog_unref(cat);
        api_fail(call, API_INVALID, "Data cmmnd.seed.id not provided");
        return;
    }
    if (!json_is_string(txv) || !txref_ok(json_string_value(txv), json_string_length(txv))) {
        catalog_unref(cat);
        api_fail(call, API_INVALID, "Data cmmnd.seed.id must be 1 to 64 letters, digits, - or _");
        return;
    }
    st = api_reader(call->api, &serr);
    if (!st) {
        catalog_unref(cat);
        api_internal(call, serr);
        return;
    }
    rc = store_consumer_find(st, call->partner, consumer, &crow);
    if (rc != STORE_OK) {
        catalog_unref(cat);
        if (rc == STORE_NOTFOUND)
            api_fail(call, API_NO_ENTITY, NULL);
        else
            api_store_fail(call, rc, store_last_error(st));
        return;
    }
    /* The payload's fingerprint: the consumer, the product and the seed in canonical form. */
    id_format_hex(consumer, cid_hex);
    canon = json_dumps(call->seed, JSON_COMPACT | JSON_SORT_KEYS);
    {
        struct buf b;
        buf_init(&b, 0);
        buf_printf(&b, "%s|%s|%s", cid_hex, p->code, canon ? canon : "");
        vault_digest(b.data, b.len, hash);
        buf_cleanup(&b);
    }
    free(canon);
    rc = store_policy_find(st, call->partner, p->code, json_string_value(txv), &old);
    if (rc == STORE_OK) {
        store_policy_cleanup(&old);
        store_consumer_cleanup(&crow);
        catalog_unref(cat);
        answer_existing(call, &old, hash);
        return;
    }
    if (rc != STORE_NOTFOUND) {
        store_consumer_cleanup(&crow);
        catalog_unref(cat);
        api_store_fail(call, rc, store_last_error(st));
        return;
    }
    memcpy(ad, consumer, 16);
    memcpy(ad + 16, call->partner, 16);
    plain = vault_open(keys, ad, sizeof ad, crow.profile, crow.profile_len, &plain_len);
    store_consumer_cleanup(&crow);
    profile = plain ? json_loadb(plain, plain_len, 0, NULL) : NULL;
    free(plain);
    if (!json_is_object(profile)) {
        json_decref(profile);
        catalog_unref(cat);
        api_internal(call, "consumer profile does not decrypt");
        return;
    }
    /* The premium again, from the same rules as SR10. */
    is.seed = call->seed;
    is.age_field = NULL;
    is.age = age_of(profile, date_from_unix(now));
    if (p->rule.kind == RULE_TRAVEL && is.age >= 0)
        is.age_field = p->fields[p->rule.travel.age_field].name;
    in.get = issue_value;
    in.arg = &is;
    memset(&perr, 0, sizeof perr);
    if (pricing_quote(cat, p, &in, &kobo, &perr) != 0) {
        json_decref(profile);
        catalog_unref(cat);
        api_fail(call, perr.v4 == 400 ? API_BAD_REQUEST : API_INVALID, perr.text);
        return;
    }
    facts = json_object_get(call->seed, "addtnlFact");
    if (facts_json_consumer(p, profile, crow.cls, err, sizeof err) != 0 ||
        facts_json_check(p, facts, call->seed, crow.cls, date_from_unix(now), err, sizeof err) !=
            0) {
        json_decref(profile);
        catalog_unref(cat);
        api_fail(call, API_INVALID, err);
        return;
    }
    json_decref(profile);

    r = xcalloc(1, sizeof *r);
    memcpy(r->row.partner_id, call->partner, 16);
    snprintf(r->row.product, sizeof r->row.product, "%s", p->code);
    snprintf(r->row.txref, sizeof r->row.txref, "%s", json_string_value(txv));
    memcpy(r->row.consumer_id, consumer, 16);
    memcpy(r->row.payload_hash, hash, 32);
    cover_period(p, call->seed, r->row.cover_period, sizeof r->row.cover_period);
    r->row.premium_kobo = kobo;
    r->row.received_at = now;
    r->row.status_at = now;
    r->test_partner = call->mode == PARTNER_TEST;
    r->trip_end = fact_time(facts, "estmtdArrvlDateTime");
    facts_text = json_is_object(facts) ? json_dumps(facts, JSON_COMPACT) : NULL;
    r->row.facts =
        vault_seal(keys, ad, sizeof ad, (const uint8_t *)(facts_text ? facts_text : "{}"),
                   facts_text ? strlen(facts_text) : 2, &r->row.facts_len);
    free(facts_text);
    lifecycle_next(LC_NEW,
                   lifecycle_submit_event(call->mode == PARTNER_LIVE, p->underwriting == UW_REFER),
                   &state);
    r->row.status = (char)state;
    if (state == LC_APPROVED && policy_approve(&r->row, r->test_partner, now, r->trip_end) != 0) {
        free(r->row.facts);
        free(r);
        catalog_unref(cat);
        api_internal(call, "cover period unreadable at approval");
        return;
    }
    r->row.first_status = r->row.status;
    catalog_unref(cat);
    call->state = r;
    call->job.run = insure_run;
    call->job.done = insure_done;
    call->job.arg = call;
    if (api_submit(call) != 0) {
        free(r->row.facts);
        free(r);
    }
}
