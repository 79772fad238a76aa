/*
 * dashboard_reads.c - the read pages of the dashboard API (/dashboard/api/ overview,
 * consumers, consumers/<id>, policies, policies/<product>/<txref>, duplicates). Each
 * runs on the worker thread with its read-only store, scoped to the session's partner:
 * another partner's consumer or policy is answered 404 like one that does not exist.
 * The rules (lifetime value, gaps, the 30-day window, search terms, duplicate groups)
 * are in src/dashboard/insights.c. Money is answered in kobo (fields named *_kobo).
 *
 * Search uses the blind index of migration 4: a query's terms are hashed with the same
 * key as at registration and matched exactly, so it finds whole name parts, the whole
 * email or the whole phone number, never substrings. Consumers registered before
 * migration 4 have no tokens until `aimsctl consumers reindex` gives them theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/ids.h"
#include "../common/log.h"
#include "../common/timeutil.h"
#include "../dashboard/dashboard.h"
#include "../products/catalog.h"
#include "api_int.h"
#include "dashboard_int.h"

#define PER_DEFAULT 50
#define PER_MAX 200
#define CONSUMER_POLICIES_MAX 500 /* policies shown on one consumer's page */

static unsigned err(json_t **body, unsigned status, const char *text)
{
    *body = json_pack("{s:s}", "error", text);
    return status;
}

static unsigned store_err(json_t **body, struct store *st, int rc)
{
    log_warn("dashboard read: %s", store_last_error(st));
    if (rc == STORE_BUSY)
        return err(body, 503, "The server is busy; try again in a few seconds");
    return err(body, 500, "Internal error");
}

static const char *arg(const struct api_dash_request *r, const char *name)
{
    return r->arg ? r->arg(r->arg_ctx, name) : NULL;
}

/* A whole number argument from 1 to max (def when absent); -1 when it is not one. */
static long number_arg(const struct api_dash_request *r, const char *name, long def, long max)
{
    const char *s = arg(r, name);
    long v = 0;

    if (!s || !*s)
        return def;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > max)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v >= 1 && v <= max ? v : -1;
}

/*
 * The page and per arguments (1.., default 1; 1..PER_MAX, default PER_DEFAULT) into
 * *page and *per. Returns 0, or the 400 status with *body set when either is not one.
 */
static unsigned paging(const struct api_dash_request *r, long *page, long *per, json_t **body)
{
    *page = number_arg(r, "page", 1, 1000000);
    *per = number_arg(r, "per", PER_DEFAULT, PER_MAX);
    if (*page < 0 || *per < 0)
        return err(body, 400, "page must be a whole number from 1, per from 1 to 200");
    return 0;
}

static json_t *id_json(const uint8_t id[16])
{
    char hex[ID_HEX_LEN + 1];

    id_format_hex(id, hex);
    return json_string(hex);
}

/* The decrypted profile document of consumer c, or NULL when it does not open. */
static json_t *profile_of(struct api *api, const struct store_consumer *c)
{
    uint8_t ad[32];
    size_t len = 0;
    char *plain;
    json_t *doc;

    memcpy(ad, c->id, 16);
    memcpy(ad + 16, c->partner_id, 16);
    plain = vault_open(api->cfg.keys, ad, sizeof ad, c->profile, c->profile_len, &len);
    doc = plain ? json_loadb(plain, len, 0, NULL) : NULL;
    free(plain);
    if (doc && !json_is_object(doc)) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

static const char *member(json_t *doc, const char *group, const char *key)
{
    json_t *g = group ? json_object_get(doc, group) : doc;
    return json_string_value(json_object_get(g, key));
}

/* The name a profile goes by: "First Last", or an organisation's name. */
static json_t *name_of(json_t *doc)
{
    const char *first = member(doc, "name", "first"), *last = member(doc, "name", "last");
    const char *org = member(doc, "name", "name");
    char name[600];

    snprintf(name, sizeof name, "%s%s%s", first ? first : (org ? org : ""),
             first && last ? " " : "", last ? last : "");
    return json_string(name);
}

/* One line of the consumer list (and of the duplicates report). */
static json_t *consumer_line(struct api *api, const struct store_consumer *c)
{
    json_t *doc = profile_of(api, c), *line;

    line = json_pack("{s:o}", "id", id_json(c->id));
    if (!doc) {
        json_object_set_new(line, "error", json_string("profile does not decrypt"));
        return line;
    }
    json_object_set_new(line, "name", name_of(doc));
    json_object_set(line, "email", json_object_get(doc, "eMail"));
    json_object_set(line, "phone", json_object_get(doc, "phoneNo"));
    json_object_set(line, "dob", json_object_get(json_object_get(doc, "dob"), "date"));
    json_object_set_new(line, "created", dash_time_json(c->created_at));
    json_decref(doc);
    return line;
}

struct overview {
    json_t *status, *months, *products;
    int64_t consumers;
    char keys[DASHBOARD_MONTHS][8];
};

static int add_total(const struct store_total *t, void *arg_)
{
    struct overview *o = arg_;

    if (t->group == 'c')
        o->consumers = t->count;
    else if (t->group == 's')
        json_object_set_new(o->status, t->key,
                            json_pack("{s:I, s:I}", "count", (json_int_t)t->count, "premium_kobo",
                                      (json_int_t)t->kobo));
    else if (t->group == 'r')
        json_array_append_new(o->products,
                              json_pack("{s:s, s:I, s:I}", "product", t->key, "count",
                                        (json_int_t)t->count, "premium_kobo", (json_int_t)t->kobo));
    else if (t->group == 'm')
        for (int i = 0; i < DASHBOARD_MONTHS; i++)
            if (strcmp(o->keys[i], t->key) == 0)
                json_array_set_new(o->months, (size_t)i,
                                   json_pack("{s:s, s:I, s:I}", "month", t->key, "count",
                                             (json_int_t)t->count, "premium_kobo",
                                             (json_int_t)t->kobo));
    return 0;
}

unsigned api_dash_overview(struct api *api, const struct api_dash_request *r, const char *rest,
                           const struct dashboard_identity *who, json_t **body)
{
    struct overview o = {json_object(), json_array(), json_array(), 0, {{0}}};
    const char *why = NULL;
    struct store *st = api_reader(api, &why);
    int64_t since = dashboard_months(time_now(), o.keys);
    int rc;

    (void)r;
    (void)rest;
    for (int i = 0; i < DASHBOARD_MONTHS; i++)
        json_array_append_new(o.months, json_pack("{s:s, s:i, s:i}", "month", o.keys[i], "count", 0,
                                                  "premium_kobo", 0));
    static const char *const st_keys[] = {"p", "a", "d"};
    for (int i = 0; i < 3; i++)
        json_object_set_new(o.status, st_keys[i],
                            json_pack("{s:i, s:i}", "count", 0, "premium_kobo", 0));
    rc = st ? store_overview(st, who->partner_id, since, add_total, &o) : STORE_ERROR;
    if (rc != STORE_OK) {
        json_decref(o.status);
        json_decref(o.months);
        json_decref(o.products);
        return st ? store_err(body, st, rc) : err(body, 500, "Internal error");
    }
    *body = json_pack("{s:I, s:o, s:o, s:o}", "consumers", (json_int_t)o.consumers, "policies",
                      o.status, "premium_by_month", o.months, "premium_by_product", o.products);
    return 200;
}

struct listing {
    struct api *api;
    json_t *items;
};

static int add_consumer(const struct store_consumer *c, void *arg_)
{
    struct listing *l = arg_;
    json_array_append_new(l->items, consumer_line(l->api, c));
    return 0;
}

unsigned api_dash_consumers(struct api *api, const struct api_dash_request *r, const char *rest,
                            const struct dashboard_identity *who, json_t **body)
{
    struct dashboard_term terms[DASHBOARD_MAX_TERMS];
    struct store_token tokens[DASHBOARD_MAX_TERMS];
    struct listing l = {api, NULL};
    const char *q = arg(r, "q"), *why = NULL;
    long page, per;
    unsigned bad;
    size_t n = 0;
    int64_t total = 0;
    struct store *st;
    int rc;

    (void)rest;
    if ((bad = paging(r, &page, &per, body)) != 0)
        return bad;
    if (q && *q) {
        n = dashboard_query_terms(q, strlen(q), terms, DASHBOARD_MAX_TERMS);
        api_hash_terms(api->cfg.keys, who->partner_id, terms, n, tokens);
        if (n == 0) {
            *body = json_pack("{s:i, s:i, s:i, s:[]}", "total", 0, "page", (int)page, "per",
                              (int)per, "consumers");
            return 200;
        }
    }
    if (!(st = api_reader(api, &why)))
        return err(body, 500, "Internal error");
    l.items = json_array();
    rc = store_consumer_page(st, who->partner_id, tokens, n, (int)((page - 1) * per), (int)per,
                             &total, add_consumer, &l);
    if (rc != STORE_OK) {
        json_decref(l.items);
        return store_err(body, st, rc);
    }
    *body = json_pack("{s:I, s:i, s:i, s:o}", "total", (json_int_t)total, "page", (int)page, "per",
                      (int)per, "consumers", l.items);
    return 200;
}

/* A policy as the dashboard shows it; with the catalog's category when known. */
static json_t *policy_json(struct api *api, const struct store_policy *p, const char *category)
{
    char s[2] = {p->status, '\0'}, url[512];
    json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:I, s:s, s:o}", "product", p->product, "txref",
                          p->txref, "consumer_id", id_json(p->consumer_id), "status", s,
                          "premium_kobo", (json_int_t)p->premium_kobo, "cover_period",
                          p->cover_period, "received", dash_time_json(p->received_at));

    if (category)
        json_object_set_new(o, "category", json_string(category));
    if (p->status == POLICY_APPROVED) {
        json_object_set_new(o, "policy_no", json_string(p->policy_no));
        json_object_set_new(o, "cover_start", dash_time_json(p->cover_start));
        json_object_set_new(o, "cover_end", dash_time_json(p->cover_end));
        snprintf(url, sizeof url, "%s/certificates/%s.pdf", api->cfg.public_url, p->cert_token);
        json_object_set_new(o, "certificate_url", json_string(url));
    }
    if (p->status == POLICY_DECLINED)
        json_object_set_new(o, "note", json_string(p->note));
    return o;
}

static const char *category_of(const struct catalog *cat, const char *product)
{
    const struct product *p = catalog_find(cat, product, strlen(product));
    return p ? p->category : NULL;
}

struct held {
    struct store_policy *p;
    size_t n;
};

static int keep_policy(const struct store_policy *p, void *arg_)
{
    struct held *h = arg_;
    h->p[h->n++] = *p;
    return 0;
}

/* The consumer page's insights over its policies h, into out. */
static void insights(struct api *api, const struct held *h, json_t *out)
{
    struct catalog *cat = api_catalog_acquire(api);
    size_t n_all = catalog_count(cat), n_gaps;
    const char **all = xcalloc(n_all + 1, sizeof *all), **held = xcalloc(h->n + 1, sizeof *held);
    const char **gaps = xcalloc(n_all + 1, sizeof *gaps);
    json_t *list = json_array(), *soon = json_array(), *gap = json_array();
    int64_t now = time_now();

    for (size_t i = 0; i < n_all; i++)
        all[i] = catalog_product_at(cat, i)->category;
    for (size_t i = 0; i < h->n; i++) {
        const char *c = category_of(cat, h->p[i].product);
        /* A declined request does not cover the category; a pending one will. */
        if (h->p[i].status != POLICY_DECLINED)
            held[i] = c;
        json_array_append_new(list, policy_json(api, &h->p[i], c));
        if (dashboard_ending_soon(&h->p[i], now))
            json_array_append_new(soon, policy_json(api, &h->p[i], c));
    }
    n_gaps = dashboard_gaps(all, n_all, held, h->n, gaps);
    for (size_t i = 0; i < n_gaps; i++)
        json_array_append_new(gap, json_string(gaps[i]));
    json_object_set_new(out, "policies", list);
    json_object_set_new(out, "lifetime_value_kobo", json_integer(dashboard_ltv(h->p, h->n)));
    json_object_set_new(out, "gaps", gap);
    json_object_set_new(out, "ending_soon", soon);
    free(gaps);
    free(held);
    free(all);
    catalog_unref(cat);
}

unsigned api_dash_consumer(struct api *api, const struct api_dash_request *r, const char *rest,
                           const struct dashboard_identity *who, json_t **body)
{
    struct held h = {NULL, 0};
    struct store_consumer c;
    const char *why = NULL;
    struct store *st;
    uint8_t id[16];
    json_t *doc, *out;
    int rc;

    (void)r;
    if (id_parse(rest, strlen(rest), id) != 0)
        return err(body, 404, "Not found");
    if (!(st = api_reader(api, &why)))
        return err(body, 500, "Internal error");
    memset(&c, 0, sizeof c);
    rc = store_consumer_find(st, who->partner_id, id, &c);
    if (rc == STORE_NOTFOUND)
        return err(body, 404, "Not found");
    if (rc != STORE_OK)
        return store_err(body, st, rc);
    doc = profile_of(api, &c);
    store_consumer_cleanup(&c);
    if (!doc)
        return err(body, 500, "Internal error");
    /* The scans stay out of the page; the partner's API can fetch them. */
    json_object_del(json_object_get(doc, "dob"), "proof");
    json_object_del(json_object_get(doc, "addrss"), "proof");
    json_object_del(json_object_get(doc, "socialID"), "image");
    h.p = xcalloc(CONSUMER_POLICIES_MAX, sizeof *h.p);
    rc = store_policy_list(st, who->partner_id, id, INT64_MAX, CONSUMER_POLICIES_MAX, keep_policy,
                           &h);
    if (rc != STORE_OK) {
        free(h.p);
        json_decref(doc);
        return store_err(body, st, rc);
    }
    out = json_pack("{s:o, s:o}", "id", id_json(id), "profile", doc);
    insights(api, &h, out);
    free(h.p);
    *body = out;
    return 200;
}

struct policy_listing {
    struct api *api;
    struct catalog *cat;
    json_t *items;
};

static int add_policy(const struct store_policy *p, void *arg_)
{
    struct policy_listing *l = arg_;
    json_array_append_new(l->items, policy_json(l->api, p, category_of(l->cat, p->product)));
    return 0;
}

/* Adds consumer_name to each policy line of a page (one look-up and decryption each). */
static int add_holders(struct api *api, struct store *st, const uint8_t partner[16], json_t *items)
{
    size_t i;
    json_t *line;

    json_array_foreach(items, i, line)
    {
        json_t *cid = json_object_get(line, "consumer_id"), *doc;
        struct store_consumer c;
        uint8_t id[16];
        int rc;

        if (!json_is_string(cid) || id_parse(json_string_value(cid), json_string_length(cid), id))
            continue;
        memset(&c, 0, sizeof c);
        rc = store_consumer_find(st, partner, id, &c);
        if (rc == STORE_NOTFOUND)
            continue;
        if (rc != STORE_OK)
            return rc;
        doc = profile_of(api, &c);
        store_consumer_cleanup(&c);
        if (doc)
            json_object_set_new(line, "consumer_name", name_of(doc));
        json_decref(doc);
    }
    return STORE_OK;
}

unsigned api_dash_policies(struct api *api, const struct api_dash_request *r, const char *rest,
                           const struct dashboard_identity *who, json_t **body)
{
    const char *status = arg(r, "status"), *product = arg(r, "product"), *why = NULL;
    long page, per;
    unsigned bad;
    struct store_policy_filter f = {0, NULL};
    struct policy_listing l = {api, NULL, NULL};
    const struct product *p;
    int64_t total = 0;
    struct store *st;
    int rc;

    (void)rest;
    if ((bad = paging(r, &page, &per, body)) != 0)
        return bad;
    if (status && *status) {
        if (strlen(status) != 1 || !strchr("pad", status[0]))
            return err(body, 400, "status must be p, a or d");
        f.status = status[0];
    }
    if (!(st = api_reader(api, &why)))
        return err(body, 500, "Internal error");
    l.cat = api_catalog_acquire(api);
    if (product && *product) {
        /* An alias names the same product; an unknown code matches nothing. */
        p = catalog_find(l.cat, product, strlen(product));
        f.product = p ? p->code : product;
    }
    l.items = json_array();
    rc = store_policy_page(st, who->partner_id, &f, (int)((page - 1) * per), (int)per, &total,
                           add_policy, &l);
    catalog_unref(l.cat);
    if (rc == STORE_OK)
        rc = add_holders(api, st, who->partner_id, l.items);
    if (rc != STORE_OK) {
        json_decref(l.items);
        return store_err(body, st, rc);
    }
    *body = json_pack("{s:I, s:i, s:i, s:o}", "total", (json_int_t)total, "page", (int)page, "per",
                      (int)per, "policies", l.items);
    return 200;
}

unsigned api_dash_policy(struct api *api, const struct api_dash_request *r, const char *rest,
                         const struct dashboard_identity *who, json_t **body)
{
    const char *slash = strchr(rest, '/'), *why = NULL;
    char product[CATALOG_MAX_CODE + 1], txref[65];
    const struct product *prod;
    struct store_policy p;
    struct catalog *cat;
    struct store *st;
    size_t plen;
    int rc;

    (void)r;
    if (!slash || slash == rest || (plen = (size_t)(slash - rest)) > CATALOG_MAX_CODE ||
        !slash[1] || strlen(slash + 1) >= sizeof txref)
        return err(body, 404, "Not found");
    cat = api_catalog_acquire(api);
    prod = catalog_find(cat, rest, plen);
    snprintf(product, sizeof product, "%.*s", (int)plen, prod ? prod->code : rest);
    snprintf(txref, sizeof txref, "%s", slash + 1);
    if (!(st = api_reader(api, &why))) {
        catalog_unref(cat);
        return err(body, 500, "Internal error");
    }
    rc = store_policy_find(st, who->partner_id, product, txref, &p);
    if (rc == STORE_OK) {
        *body = policy_json(api, &p, category_of(cat, p.product));
        store_policy_cleanup(&p);
    }
    catalog_unref(cat);
    if (rc == STORE_NOTFOUND)
        return err(body, 404, "Not found");
    return rc == STORE_OK ? 200 : store_err(body, st, rc);
}

/* The links of the duplicates report: consumers by first appearance, pairs sharing a
 * token, and which kinds link each consumer. */
struct links {
    uint8_t (*ids)[16];
    char *why; /* per consumer: 'p' and/or 'd' seen */
    size_t n, cap;
    int *a, *b;
    size_t n_links, links_cap;
    uint8_t last_token[32];
    int last;
};

/* realloc that aborts on failure (the server's rule for allocation). */
static void *grow(void *p, size_t size)
{
    void *q = realloc(p, size);
    if (!q)
        abort();
    return q;
}

static int consumer_index(struct links *l, const uint8_t id[16])
{
    for (size_t i = 0; i < l->n; i++)
        if (memcmp(l->ids[i], id, 16) == 0)
            return (int)i;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->ids = grow(l->ids, l->cap * sizeof *l->ids);
        l->why = grow(l->why, l->cap * 2);
    }
    memcpy(l->ids[l->n], id, 16);
    l->why[2 * l->n] = l->why[2 * l->n + 1] = 0;
    return (int)l->n++;
}

static int add_link(const struct store_link *k, void *arg_)
{
    struct links *l = arg_;
    int c = consumer_index(l, k->consumer_id);

    l->why[2 * c + (k->kind == TERM_PHONE ? 0 : 1)] = 1;
    /* Rows come ordered by token: link each to the first holder of its token. */
    if (l->last >= 0 && memcmp(l->last_token, k->token, 32) == 0) {
        if (l->n_links == l->links_cap) {
            l->links_cap = l->links_cap ? 2 * l->links_cap : 16;
            l->a = grow(l->a, l->links_cap * sizeof *l->a);
            l->b = grow(l->b, l->links_cap * sizeof *l->b);
        }
        l->a[l->n_links] = l->last;
        l->b[l->n_links++] = c;
        return 0;
    }
    memcpy(l->last_token, k->token, 32);
    l->last = c;
    return 0;
}

unsigned api_dash_duplicates(struct api *api, const struct api_dash_request *r, const char *rest,
                             const struct dashboard_identity *who, json_t **body)
{
    static const char kinds[] = {TERM_PHONE, TERM_NAME_DOB, '\0'};
    long page, per;
    unsigned bad;
    struct links l;
    const char *why = NULL;
    struct store *st;
    struct store_consumer c;
    json_t *groups = json_array();
    int *group = NULL, n_groups = 0, first, rc;

    (void)rest;
    if ((bad = paging(r, &page, &per, body)) != 0) {
        json_decref(groups);
        return bad;
    }
    /* Groups are found from the tokens alone; only the page's consumers are decrypted. */
    first = (int)((page - 1) * per);
    memset(&l, 0, sizeof l);
    l.last = -1;
    if (!(st = api_reader(api, &why))) {
        json_decref(groups);
        return err(body, 500, "Internal error");
    }
    rc = store_token_links(st, who->partner_id, kinds, add_link, &l);
    if (rc == STORE_OK) {
        group = xcalloc(l.n + 1, sizeof *group);
        n_groups = dashboard_group_links(l.a, l.b, l.n_links, l.n, group);
        for (int g = first; g < n_groups && g < first + per; g++)
            json_array_append_new(groups, json_pack("{s:[], s:[]}", "reasons", "consumers"));
        for (size_t i = 0; i < l.n && rc == STORE_OK; i++) {
            json_t *entry;
            if (group[i] < first || group[i] >= first + per)
                continue;
            entry = json_array_get(groups, (size_t)(group[i] - first));
            memset(&c, 0, sizeof c);
            rc = store_consumer_find(st, who->partner_id, l.ids[i], &c);
            if (rc != STORE_OK)
                break;
            json_array_append_new(json_object_get(entry, "consumers"), consumer_line(api, &c));
            store_consumer_cleanup(&c);
            for (int k = 0; k < 2; k++) {
                const char *reason = k == 0 ? "same phone" : "same name and date of birth";
                json_t *reasons = json_object_get(entry, "reasons");
                bool have = false;
                for (size_t j = 0; j < json_array_size(reasons); j++)
                    have |= strcmp(json_string_value(json_array_get(reasons, j)), reason) == 0;
                if (l.why[2 * i + (size_t)k] && !have)
                    json_array_append_new(reasons, json_string(reason));
            }
        }
    }
    free(group);
    free(l.ids);
    free(l.why);
    free(l.a);
    free(l.b);
    if (rc != STORE_OK) {
        json_decref(groups);
        return store_err(body, st, rc);
    }
    *body = json_pack("{s:i, s:i, s:i, s:o}", "total", n_groups, "page", (int)page, "per", (int)per,
                      "groups", groups);
    return 200;
}
