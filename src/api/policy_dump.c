/*
 * policy_dump.c - reading policy requests back (PROTOCOL.md sections 7 and 8):
 * SR20 status, one transaction with its certificate, and a consumer's transactions
 * newest first with paging. All reads, on the worker thread's read-only store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ids.h"
#include "../common/timeutil.h"
#include "../products/catalog.h"
#include "api_int.h"

#define LIST_DEFAULT 50
#define LIST_MAX 500

/*
 * Finds the policy request named by the command's captures: cap[0] the consumer,
 * cap[1] "<ctgry>-<type>-<pckg>-<txref>". Answers 404 itself when there is none for this
 * partner and consumer. Returns 0 with *out filled (facts too), or -1 when answered.
 */
static int find_request(struct api_call *call, struct store_policy *out)
{
    char product[64], txref[65];
    uint8_t consumer[16];
    const char *s = call->cap[1].s, *err = NULL;
    size_t n = call->cap[1].len, dashes = 0, split = 0;
    const struct product *p;
    struct catalog *cat;
    struct store *st;
    int rc;

    for (size_t i = 0; i < n && dashes < 3; i++)
        if (s[i] == '-' && ++dashes == 3)
            split = i;
    if (id_parse(call->cap[0].s, call->cap[0].len, consumer) != 0 || dashes < 3 ||
        split >= sizeof product || n - split - 1 == 0 || n - split - 1 >= sizeof txref) {
        api_fail(call, API_NO_ENTITY, NULL);
        return -1;
    }
    /* An alias names the same product. */
    cat = api_catalog_acquire(call->api);
    p = catalog_find(cat, s, split);
    snprintf(product, sizeof product, "%.*s", (int)split, s);
    if (p)
        snprintf(product, sizeof product, "%s", p->code);
    catalog_unref(cat);
    snprintf(txref, sizeof txref, "%.*s", (int)(n - split - 1), s + split + 1);
    st = api_reader(call->api, &err);
    if (!st) {
        api_internal(call, err);
        return -1;
    }
    rc = store_policy_find(st, call->partner, product, txref, out);
    if (rc == STORE_OK && memcmp(out->consumer_id, consumer, 16) != 0) {
        store_policy_cleanup(out);
        rc = STORE_NOTFOUND;
    }
    if (rc == STORE_NOTFOUND) {
        api_fail(call, API_NO_ENTITY, NULL);
        return -1;
    }
    if (rc != STORE_OK) {
        api_store_fail(call, rc, store_last_error(st));
        return -1;
    }
    return 0;
}

static void set_time(json_t *obj, const char *key, int64_t t, bool zone)
{
    char text[20], out[32];

    time_format(t, text);
    snprintf(out, sizeof out, "%s%s", text, zone ? " +0000" : "");
    json_object_set_new(obj, key, json_string(out));
}

static void set_status(json_t *obj, const char *key, char status)
{
    char s[2] = {status, '\0'};
    json_object_set_new(obj, key, json_string(s));
}

void cmd_status(struct api_call *call)
{
    struct store_policy p;
    json_t *f;
    char url[512];

    if (find_request(call, &p) != 0)
        return;
    f = json_object();
    set_status(f, "status", p.status);
    if (p.status == POLICY_DECLINED)
        json_object_set_new(f, "note", json_string(p.note));
    if (p.status == POLICY_APPROVED) {
        set_time(f, "tmstmp", p.cover_start, false);
        json_object_set_new(f, "plcyNo", json_string(p.policy_no));
        set_time(f, "cvrEnd", p.cover_end, false);
        snprintf(url, sizeof url, "%s/certificates/%s.pdf", call->api->cfg.public_url,
                 p.cert_token);
        json_object_set_new(f, "crtfctUrl", json_string(url));
    }
    store_policy_cleanup(&p);
    api_ok(call, f);
}

/* The transaction record of section 8 (without crtf). NULL when facts do not open. */
static json_t *record(struct api_call *call, const struct store_policy *p, bool with_facts)
{
    char cid[ID_HEX_LEN + 1];
    json_t *r = json_object(), *facts = NULL;

    id_format_hex(p->consumer_id, cid);
    json_object_set_new(r, "cstm", json_string(cid));
    json_object_set_new(r, "prdc", json_string(p->product));
    json_object_set_new(r, "cixx", json_string(p->txref));
    if (with_facts) {
        uint8_t ad[32];
        size_t len = 0;
        char *plain;
        memcpy(ad, p->consumer_id, 16);
        memcpy(ad + 16, p->partner_id, 16);
        plain = vault_open(call->api->cfg.keys, ad, sizeof ad, p->facts, p->facts_len, &len);
        facts = plain ? json_loadb(plain, len, 0, NULL) : NULL;
        free(plain);
        if (!facts) {
            json_decref(r);
            return NULL;
        }
        json_object_set_new(r, "afxx", facts);
    }
    json_object_set_new(r, "cpxx", json_string(p->cover_period));
    set_time(r, "tstm", p->received_at, true);
    json_object_set_new(r, "prmm", api_money(call, p->premium_kobo));
    set_status(r, "stts", p->status);
    set_time(r, "stxx", p->status_at, true);
    if (p->status == POLICY_APPROVED)
        json_object_set_new(r, "plcyNo", json_string(p->policy_no));
    if (p->status == POLICY_DECLINED)
        json_object_set_new(r, "note", json_string(p->note));
    return r;
}

void cmd_transaction_dump(struct api_call *call)
{
    struct store_policy p;
    json_t *r;
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    char err[256];

    if (find_request(call, &p) != 0)
        return;
    r = record(call, &p, true);
    if (!r) {
        store_policy_cleanup(&p);
        api_internal(call, "policy facts do not decrypt");
        return;
    }
    if (p.status == POLICY_APPROVED) {
        if (api_certificate(call->api, &p, &pdf, &pdf_len, err, sizeof err) != 0) {
            store_policy_cleanup(&p);
            json_decref(r);
            api_internal(call, err);
            return;
        }
        json_object_set_new(r, "crtf", api_base64(pdf, pdf_len));
        free(pdf);
    }
    store_policy_cleanup(&p);
    api_ok(call, r);
}

struct listing {
    struct api_call *call;
    json_t *trns;
};

static int add_record(const struct store_policy *p, void *arg)
{
    struct listing *l = arg;
    json_t *r = record(l->call, p, false);
    if (r)
        json_array_append_new(l->trns, r);
    return 0;
}

/* Reads "YYYY-MM-DD HH:MM:SS" with an optional " +0000" as epoch seconds, or -1. */
static int64_t parse_tstm(const char *s, size_t n)
{
    struct date d;
    int v[3];

    if ((n != 19 && !(n == 25 && strcmp(s + 19, " +0000") == 0)) || s[10] != ' ' || s[13] != ':' ||
        s[16] != ':' || date_parse(s, 10, &d) != DATE_OK)
        return -1;
    for (int k = 0; k < 3; k++) {
        const char *q = s + 11 + 3 * k;
        if (q[0] < '0' || q[0] > '9' || q[1] < '0' || q[1] > '9')
            return -1;
        v[k] = (q[0] - '0') * 10 + (q[1] - '0');
    }
    if (v[0] > 23 || v[1] > 59 || v[2] > 59)
        return -1;
    return time_from_date(d) + v[0] * 3600 + v[1] * 60 + v[2];
}

void cmd_transactions_dump(struct api_call *call)
{
    struct listing l = {call, NULL};
    uint8_t consumer[16];
    struct store_consumer c;
    struct store *st;
    const char *err = NULL;
    json_t *limit_v = NULL, *before_v = NULL, *f;
    int64_t before = INT64_MAX;
    int limit = LIST_DEFAULT, rc;

    if (call->seed && !json_is_object(call->seed)) {
        api_fail(call, API_INVALID, "Data cmmnd.seed must be an object");
        return;
    }
    if (call->seed) {
        limit_v = json_object_get(call->seed, "limit");
        before_v = json_object_get(call->seed, "before");
    }
    if (limit_v && !json_is_null(limit_v)) {
        if (!json_is_integer(limit_v) || json_integer_value(limit_v) < 1 ||
            json_integer_value(limit_v) > LIST_MAX) {
            api_fail(call, API_INVALID,
                     "Data cmmnd.seed.limit must be a whole number from 1 to 500");
            return;
        }
        limit = (int)json_integer_value(limit_v);
    }
    if (before_v && !json_is_null(before_v)) {
        if (!json_is_string(before_v) ||
            (before = parse_tstm(json_string_value(before_v), json_string_length(before_v))) < 0) {
            api_fail(call, API_INVALID,
                     "Data cmmnd.seed.before must be a time YYYY-MM-DD HH:MM:SS +0000");
            return;
        }
    }
    if (id_parse(call->cap[0].s, call->cap[0].len, consumer) != 0) {
        api_fail(call, API_NO_ENTITY, NULL);
        return;
    }
    st = api_reader(call->api, &err);
    if (!st) {
        api_internal(call, err);
        return;
    }
    memset(&c, 0, sizeof c);
    rc = store_consumer_find(st, call->partner, consumer, &c);
    store_consumer_cleanup(&c);
    if (rc == STORE_NOTFOUND) {
        api_fail(call, API_NO_ENTITY, NULL);
        return;
    }
    if (rc == STORE_OK) {
        l.trns = json_array();
        rc = store_policy_list(st, call->partner, consumer, before, limit, add_record, &l);
    }
    if (rc != STORE_OK) {
        json_decref(l.trns);
        api_store_fail(call, rc, store_last_error(st));
        return;
    }
    f = json_object();
    json_object_set_new(f, "trns", l.trns);
    api_ok(call, f);
}
