/*
 * policy.c - quotes (SR10), policy requests (SR15), their status (SR20) and
 * certificates.
 *
 * A policy request is made under the partner's own order id. Its transaction reference
 * comes from the local journal (store.c): created and committed there before the first
 * request carries it, and found there by every retry, so a crash or a timeout between
 * sending and hearing back never leads to a second purchase - the server answers a
 * repeated reference with the first request's answer.
 */
#include <stdio.h>
#include <string.h>

#include "../common/timeutil.h"
#include "client_int.h"

#define WAIT_FIRST_MS 500u
#define WAIT_MAX_MS 8000u

/* Checks the order id: 1 to LIBAIMS_MAX_ARG bytes of UTF-8. */
static enum aims_rc check_order(const char *order_id)
{
    size_t n;

    if (!order_id)
        return libaims_fail(AIMS_EINVAL, 0, "order_id is NULL");
    n = strlen(order_id);
    if (n == 0 || n > LIBAIMS_MAX_ARG || !libaims_utf8_valid(order_id, n))
        return libaims_fail(AIMS_EINVAL, 0, "order_id must be 1 to %d bytes of UTF-8",
                            LIBAIMS_MAX_ARG);
    return AIMS_OK;
}

static enum aims_rc check_consumer(const char *consumer_id, char id[AIMS_ID_LEN])
{
    if (libaims_id_normalize(consumer_id, id) != 0)
        return libaims_fail(AIMS_EINVAL, 0,
                            "consumer_id must be 32 hex digits or a hyphenated UUID");
    return AIMS_OK;
}

enum aims_rc aims_quote(struct aims_client *c, const char *product, const char *seed_json,
                        int64_t *premium_kobo)
{
    char command[LIBAIMS_MAX_PRODUCT + 32];
    json_t *seed = NULL, *answer = NULL;
    enum aims_rc rc;
    int64_t kobo;

    if (!c || !premium_kobo)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", c ? "premium_kobo" : "client");
    if ((rc = libaims_check_product(product, "product")) != AIMS_OK ||
        (rc = libaims_seed_parse(seed_json, &seed)) != AIMS_OK)
        return rc;
    snprintf(command, sizeof command, "dump ipck_%s*PRMM", product);
    rc = libaims_call(c, command, seed, &answer);
    json_decref(seed);
    if (rc != AIMS_OK)
        return rc;
    if (libaims_json_money(json_object_get(answer, "prmm"), &kobo) != 0)
        rc = libaims_fail(AIMS_EPROTO, 0, "the quote answer has no prmm");
    else
        *premium_kobo = kobo;
    json_decref(answer);
    return rc == AIMS_OK ? libaims_ok() : rc;
}

/* Sets seed's ctgry, type and pckg from "ctgry-type-pckg" and id to txref. */
static enum aims_rc fill_seed(json_t *seed, const char *product, const char *txref)
{
    static const char *const keys[] = {"ctgry", "type", "pckg"};
    const char *part = product;
    int bad = 0;

    for (int i = 0; i < 3; i++) {
        const char *dash = strchr(part, '-');
        size_t n = dash ? (size_t)(dash - part) : strlen(part);

        bad |= json_object_set_new(seed, keys[i], json_stringn(part, n));
        part += n + 1;
    }
    bad |= json_object_set_new(seed, "id", json_string(txref));
    return bad ? libaims_fail(AIMS_ENOMEM, 0, "out of memory") : AIMS_OK;
}

/* Copies a string field of an answer into out; absent leaves "". EPROTO when it does not fit. */
static enum aims_rc copy_field(const json_t *answer, const char *key, char *out, size_t out_len)
{
    const json_t *v = json_object_get(answer, key);
    size_t n;

    out[0] = '\0';
    if (!v || json_is_null(v))
        return AIMS_OK;
    if (!json_is_string(v))
        return libaims_fail(AIMS_EPROTO, 0, "the answer's %s is not a string", key);
    n = json_string_length(v);
    if (n >= out_len || memchr(json_string_value(v), '\0', n))
        return libaims_fail(AIMS_EPROTO, 0, "the answer's %s is longer than %zu characters", key,
                            out_len - 1);
    memcpy(out, json_string_value(v), n + 1);
    return AIMS_OK;
}

/* Reads a status letter p, a or d from answer[key]. */
static enum aims_rc read_status(const json_t *answer, const char *key, char *status)
{
    const char *v = json_string_value(json_object_get(answer, key));

    if (!v || (strcmp(v, "p") != 0 && strcmp(v, "a") != 0 && strcmp(v, "d") != 0))
        return libaims_fail(AIMS_EPROTO, 0, "the answer's %s is not p, a or d", key);
    *status = v[0];
    return AIMS_OK;
}

/*
 * Records a 55 in the journal without losing the server's error detail: the journal is
 * a record, and the caller must see the server's sentence.
 */
static void journal_refusal(struct aims_client *c, const char *product, const char *txref)
{
    struct aims_error saved = *aims_last_error();

    libaims_store_request_update(c, product, txref, 'e', -1, saved.id_v4, saved.message);
    libaims_fail(saved.rc, saved.id_v4, "%s", saved.message);
}

enum aims_rc aims_insure(struct aims_client *c, const char *consumer_id, const char *product,
                         const char *order_id, const char *seed_json, struct aims_policy *out)
{
    char id[AIMS_ID_LEN], txref[65], command[AIMS_ID_LEN + 32];
    json_t *seed = NULL, *answer = NULL;
    struct aims_policy p;
    enum aims_rc rc;

    if (!c || !out)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", c ? "out" : "client");
    if ((rc = check_consumer(consumer_id, id)) != AIMS_OK ||
        (rc = libaims_check_product(product, "product")) != AIMS_OK ||
        (rc = check_order(order_id)) != AIMS_OK ||
        (rc = libaims_seed_parse(seed_json, &seed)) != AIMS_OK)
        return rc;
    /* The reference is durable before the request that carries it leaves. */
    rc = libaims_store_txref(c, id, product, order_id, txref);
    if (rc == AIMS_OK)
        rc = fill_seed(seed, product, txref);
    if (rc != AIMS_OK) {
        json_decref(seed);
        return rc;
    }
    snprintf(command, sizeof command, "entt_%s: insure", id);
    rc = libaims_call(c, command, seed, &answer);
    json_decref(seed);
    if (rc == AIMS_ESERVER)
        journal_refusal(c, product, txref);
    if (rc != AIMS_OK)
        return rc;

    memset(&p, 0, sizeof p);
    memcpy(p.txref, txref, sizeof txref);
    rc = read_status(answer, "stts", &p.status);
    if (rc == AIMS_OK && libaims_json_money(json_object_get(answer, "prmm"), &p.premium_kobo) != 0)
        rc = libaims_fail(AIMS_EPROTO, 0, "the policy answer has no prmm");
    if (rc == AIMS_OK) {
        const char *echoed = json_string_value(json_object_get(answer, "id"));
        if (echoed && strcmp(echoed, txref) != 0)
            rc = libaims_fail(AIMS_EPROTO, 0, "the policy answer names reference %s, not %s",
                              echoed, txref);
    }
    json_decref(answer);
    if (rc != AIMS_OK)
        return rc;
    rc = libaims_store_request_update(c, product, txref, p.status, p.premium_kobo, 0, NULL);
    if (rc != AIMS_OK)
        return rc;
    *out = p;
    return libaims_ok();
}

/* One SR20 request into *p (txref and premium filled by the caller). */
static enum aims_rc status_once(struct aims_client *c, const char *id, const char *product,
                                const char *txref, struct aims_policy *p)
{
    char command[AIMS_ID_LEN + LIBAIMS_MAX_PRODUCT + 64 + 32];
    json_t *answer = NULL;
    enum aims_rc rc;

    snprintf(command, sizeof command, "dump entt_%s|insr_%s-%s*STATUS", id, product, txref);
    rc = libaims_call(c, command, NULL, &answer);
    if (rc != AIMS_OK)
        return rc;
    rc = read_status(answer, json_object_get(answer, "status") ? "status" : "stts", &p->status);
    if (rc == AIMS_OK)
        rc = copy_field(answer, "plcyNo", p->policy_no, sizeof p->policy_no);
    if (rc == AIMS_OK)
        rc = copy_field(answer, "tmstmp", p->commenced, sizeof p->commenced);
    if (rc == AIMS_OK)
        rc = copy_field(answer, "cvrEnd", p->cover_end, sizeof p->cover_end);
    if (rc == AIMS_OK)
        rc = copy_field(answer, "crtfctUrl", p->certificate_url, sizeof p->certificate_url);
    if (rc == AIMS_OK)
        rc = copy_field(answer, "note", p->note, sizeof p->note);
    json_decref(answer);
    if (rc != AIMS_OK)
        return rc;
    return libaims_store_request_update(c, product, txref, p->status, -1, 0,
                                        p->status == 'd' ? p->note : NULL);
}

/* Checks the arguments of status and wait and copies them (txref may live in *out). */
static enum aims_rc status_args(struct aims_client *c, const char *consumer_id, const char *product,
                                const char *txref, const struct aims_policy *out,
                                char id[AIMS_ID_LEN], char ref[65])
{
    enum aims_rc rc;

    if (!c || !out)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", c ? "out" : "client");
    if ((rc = check_consumer(consumer_id, id)) != AIMS_OK ||
        (rc = libaims_check_product(product, "product")) != AIMS_OK ||
        (rc = libaims_check_txref(txref, "txref")) != AIMS_OK)
        return rc;
    memcpy(ref, txref, strlen(txref) + 1);
    return AIMS_OK;
}

/* A fresh policy for ref with the premium the journal knows (-1 when it knows none). */
static enum aims_rc policy_start(struct aims_client *c, const char *product, const char *ref,
                                 struct aims_policy *p)
{
    memset(p, 0, sizeof *p);
    memcpy(p->txref, ref, strlen(ref) + 1);
    return libaims_store_request_premium(c, product, ref, &p->premium_kobo);
}

enum aims_rc aims_policy_status(struct aims_client *c, const char *consumer_id, const char *product,
                                const char *txref, struct aims_policy *out)
{
    char id[AIMS_ID_LEN], ref[65];
    struct aims_policy p;
    enum aims_rc rc;

    if ((rc = status_args(c, consumer_id, product, txref, out, id, ref)) != AIMS_OK ||
        (rc = policy_start(c, product, ref, &p)) != AIMS_OK ||
        (rc = status_once(c, id, product, ref, &p)) != AIMS_OK)
        return rc;
    *out = p;
    return libaims_ok();
}

enum aims_rc aims_policy_wait(struct aims_client *c, const char *consumer_id, const char *product,
                              const char *txref, unsigned deadline_ms, struct aims_policy *out)
{
    char id[AIMS_ID_LEN], ref[65];
    int64_t end = time_mono_ns() + (int64_t)deadline_ms * 1000000;
    unsigned delay = WAIT_FIRST_MS;
    struct aims_policy p;
    enum aims_rc rc;

    if ((rc = status_args(c, consumer_id, product, txref, out, id, ref)) != AIMS_OK ||
        (rc = policy_start(c, product, ref, &p)) != AIMS_OK)
        return rc;
    for (;;) {
        int64_t left_ms;
        unsigned wait;

        rc = status_once(c, id, product, ref, &p);
        if (rc != AIMS_OK)
            return rc;
        if (p.status != 'p')
            break;
        left_ms = (end - time_mono_ns()) / 1000000;
        if (left_ms <= 0) {
            *out = p;
            return libaims_fail(AIMS_ETIMEOUT, 0,
                                "policy %s is still processing after %u ms; check again later", ref,
                                deadline_ms);
        }
        wait = libaims_jitter(delay);
        libaims_sleep_ms(wait < left_ms ? wait : (unsigned)left_ms);
        delay = delay * 2 > WAIT_MAX_MS ? WAIT_MAX_MS : delay * 2;
    }
    *out = p;
    return libaims_ok();
}

enum aims_rc aims_certificate_download(struct aims_client *c, const struct aims_policy *policy,
                                       const char *path)
{
    enum aims_rc rc;

    if (!c || !policy || !path)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL",
                            !c        ? "client"
                            : !policy ? "policy"
                                      : "path");
    if (!*path)
        return libaims_fail(AIMS_EINVAL, 0, "path is empty");
    if (policy->status != 'a' || !policy->certificate_url[0])
        return libaims_fail(AIMS_EINVAL, 0,
                            "the policy %.64s has no certificate: it is not approved (status "
                            "'%c')",
                            policy->txref, policy->status ? policy->status : '?');
    if (!memchr(policy->certificate_url, '\0', sizeof policy->certificate_url))
        return libaims_fail(AIMS_EINVAL, 0, "policy certificate_url is not NUL-terminated");
    rc = libaims_download(c, policy->certificate_url, path);
    return rc == AIMS_OK ? libaims_ok() : rc;
}
