/*
 * consumers.c - aimsctl consumers reindex: gives every consumer (of one partner, or of
 * all) the dashboard search tokens registration gives a new one, computed again from
 * the sealed profile. For consumers registered before the search index existed
 * (migration 4): without tokens they are listed but never found by a search, nor shown
 * in the duplicates report. Safe to run again and while aimsd runs: a token already
 * there is kept, and each batch is one short transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../api/api.h"
#include "../common/buf.h"
#include "../common/ids.h"
#include "ctl.h"

#define BATCH 500

/* One batch of consumers with their tokens, read before any of them is written. */
struct batch {
    const struct vault_keys *keys;
    size_t n;
    uint8_t ids[BATCH][16];
    struct store_token tokens[BATCH][16];
    size_t counts[BATCH];
    long unreadable;
};

static int take(const struct store_consumer *c, void *arg)
{
    struct batch *b = arg;

    if (api_profile_tokens(b->keys, c, b->tokens[b->n], &b->counts[b->n]) != 0) {
        b->unreadable++;
        return 0;
    }
    memcpy(b->ids[b->n], c->id, 16);
    b->n++;
    return 0;
}

/* Reindexes partner's consumers; adds to *done and *unreadable. Returns 0 or 1. */
static int reindex_partner(struct ctl *c, const uint8_t partner[16], long *done, long *unreadable)
{
    struct batch *b = xcalloc(1, sizeof *b);
    int64_t total = 0;
    int offset = 0, rc = STORE_OK;

    b->keys = &c->keys;
    do {
        b->n = 0;
        b->unreadable = 0;
        rc = store_consumer_page(c->st, partner, NULL, 0, offset, BATCH, &total, take, b);
        if (rc == STORE_OK)
            rc = store_tx(c->st, STORE_TX_BEGIN);
        for (size_t i = 0; i < b->n && rc == STORE_OK; i++)
            rc = store_consumer_tokens_put(c->st, partner, b->ids[i], b->tokens[i], b->counts[i]);
        if (rc == STORE_OK)
            rc = store_tx(c->st, STORE_TX_COMMIT);
        else
            store_tx(c->st, STORE_TX_ROLLBACK);
        *done += (long)b->n;
        *unreadable += b->unreadable;
        offset += BATCH;
    } while (rc == STORE_OK && offset < total);
    free(b);
    if (rc != STORE_OK) {
        fprintf(stderr, "aimsctl: reindex stopped: %s\n", store_last_error(c->st));
        return 1;
    }
    return 0;
}

/* Collects every partner's id (16 bytes each) before any write. */
static int add_partner(const struct store_partner *p, void *arg)
{
    buf_append(arg, p->id, 16);
    return 0;
}

int ctl_consumers_reindex(struct ctl *c, int argc, char **argv)
{
    struct buf ids;
    long done = 0, unreadable = 0;
    size_t n;
    int rc = 0;

    if (argc > 2) {
        fprintf(stderr, "aimsctl: usage: consumers reindex [PARTNER_ID]\n");
        return 2;
    }
    buf_init(&ids, 0);
    if (argc == 2) {
        uint8_t id[16];
        if (id_parse(argv[1], strlen(argv[1]), id) != 0) {
            fprintf(stderr, "aimsctl: partner id %s is not a UUID v4\n", argv[1]);
            return 2;
        }
        buf_append(&ids, id, 16);
    }
    if (ctl_open_store(c)) {
        buf_cleanup(&ids);
        return 1;
    }
    if (argc == 2) {
        struct store_partner p;
        if (store_partner_find(c->st, (const uint8_t *)ids.data, &p) != STORE_OK) {
            fprintf(stderr, "aimsctl: no partner %s\n", argv[1]);
            buf_cleanup(&ids);
            return 1;
        }
    }
    if (argc == 1 && store_partner_list(c->st, add_partner, &ids) != STORE_OK) {
        fprintf(stderr, "aimsctl: cannot list partners: %s\n", store_last_error(c->st));
        buf_cleanup(&ids);
        return 1;
    }
    n = ids.len / 16;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = reindex_partner(c, (const uint8_t *)ids.data + 16 * i, &done, &unreadable);
    buf_cleanup(&ids);
    printf("reindexed %ld consumer%s of %zu partner%s\n", done, done == 1 ? "" : "s", n,
           n == 1 ? "" : "s");
    if (unreadable > 0) {
        fprintf(stderr,
                "aimsctl: %ld profile%s did not open with this key file; they keep no search "
                "tokens\n",
                unreadable, unreadable == 1 ? " " : "s ");
        rc = 1;
    }
    return rc;
}
