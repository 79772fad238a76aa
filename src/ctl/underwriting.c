/*
 * underwriting.c - aimsctl's underwriting queue: LIVE partners' requests for products
 * marked "refer" wait here until an operator approves them (fixing commencement, cover
 * end and the policy number) or declines them with a note for the partner.
 * Transitions come from the one lifecycle table (policies/lifecycle.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../common/ids.h"
#include "../common/text.h"
#include "../common/timeutil.h"
#include "../policies/lifecycle.h"
#include "../policies/policy.h"
#include "ctl.h"

#define MAX_NOTE 500

static int print_pending(const struct store_policy *p, void *arg)
{
    char when[20], partner[ID_UUID_LEN + 1], consumer[ID_HEX_LEN + 1];

    (void)arg;
    time_format(p->received_at, when);
    id_format_uuid(p->partner_id, partner);
    id_format_hex(p->consumer_id, consumer);
    printf("%-19s  %-36s  %-15s  %-24s  %12lld.%02lld  %s\n", when, partner, p->product, p->txref,
           (long long)(p->premium_kobo / 100), (long long)(p->premium_kobo % 100), consumer);
    return 0;
}

int ctl_underwriting_list(struct ctl *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "aimsctl: underwriting list takes no arguments\n");
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    printf("%-19s  %-36s  %-15s  %-24s  %15s  %s\n", "RECEIVED (UTC)", "PARTNER_ID", "PRODUCT",
           "TXREF", "PREMIUM (NGN)", "CONSUMER");
    if (store_policy_pending(c->st, NULL, print_pending, NULL) != STORE_OK) {
        fprintf(stderr, "aimsctl: %s\n", store_last_error(c->st));
        return 1;
    }
    return 0;
}

/* Which pending request the operator means. */
struct pick {
    const char *partner; /* --partner, or NULL */
    const char *product; /* --product, or NULL */
    uint8_t partner_id[16];
    int found;
    struct store_policy chosen;
};

static int choose(const struct store_policy *p, void *arg)
{
    struct pick *k = arg;

    if (k->partner && memcmp(p->partner_id, k->partner_id, 16) != 0)
        return 0;
    if (k->product && strcmp(p->product, k->product) != 0)
        return 0;
    if (k->found++ == 0)
        k->chosen = *p;
    return 0;
}

static int decide(struct ctl *c, int argc, char **argv, enum lc_event event)
{
    static const struct option opts[] = {
        {"partner", required_argument, NULL, 'p'},
        {"product", required_argument, NULL, 'c'},
        {"note", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    struct pick k = {0};
    struct store_partner partner;
    const char *note = NULL, *txref;
    enum lc_state next;
    int opt, rc = STORE_ERROR;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'p')
            k.partner = optarg;
        else if (opt == 'c')
            k.product = optarg;
        else if (opt == 'n')
            note = optarg;
        else
            return 2;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "aimsctl: usage: underwriting %s TXREF [--partner ID] [--product CODE]%s\n",
                argv[0], event == LC_DECLINE ? " --note TEXT" : "");
        return 2;
    }
    txref = argv[optind];
    if (event == LC_DECLINE &&
        (!note || text_blank(note, strlen(note)) || strlen(note) > MAX_NOTE)) {
        fprintf(stderr,
                "aimsctl: decline needs --note TEXT (1 to %d characters), the reason "
                "the partner will read\n",
                MAX_NOTE);
        return 2;
    }
    if (k.partner && id_parse(k.partner, strlen(k.partner), k.partner_id) != 0) {
        fprintf(stderr, "aimsctl: --partner %s is not a UUID v4\n", k.partner);
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    if (store_tx(c->st, STORE_TX_BEGIN) != STORE_OK ||
        store_policy_pending(c->st, txref, choose, &k) != STORE_OK)
        goto store_error;
    if (k.found == 0) {
        fprintf(stderr, "aimsctl: no request %s is waiting for underwriting\n", txref);
        store_tx(c->st, STORE_TX_ROLLBACK);
        return 1;
    }
    if (k.found > 1) {
        fprintf(stderr, "aimsctl: %d waiting requests use %s; add --partner and --product\n",
                k.found, txref);
        store_tx(c->st, STORE_TX_ROLLBACK);
        return 1;
    }
    if (!lifecycle_next(LC_PROCESSING, event, &next)) {
        fprintf(stderr, "aimsctl: that transition is not in the lifecycle table\n");
        store_tx(c->st, STORE_TX_ROLLBACK);
        return 1;
    }
    if (store_partner_find(c->st, k.chosen.partner_id, &partner) != STORE_OK)
        goto store_error;
    k.chosen.status = (char)next;
    k.chosen.status_at = time_now();
    snprintf(k.chosen.note, sizeof k.chosen.note, "%s", note ? note : "");
    for (int attempt = 0; attempt < 4; attempt++) {
        if (next == LC_APPROVED &&
            policy_approve(&k.chosen, partner.mode == PARTNER_TEST, k.chosen.status_at, 0) != 0) {
            fprintf(stderr, "aimsctl: cover period %s cannot be read\n", k.chosen.cover_period);
            store_tx(c->st, STORE_TX_ROLLBACK);
            return 1;
        }
        rc = store_policy_decide(c->st, &k.chosen);
        if (rc != STORE_EXISTS) /* a policy number already taken: draw another */
            break;
    }
    if (rc != STORE_OK || store_tx(c->st, STORE_TX_COMMIT) != STORE_OK)
        goto store_error;
    if (next == LC_APPROVED) {
        char end[20];
        time_format(k.chosen.cover_end, end);
        printf("approved %s: policy %s, cover ends %s UTC\n", txref, k.chosen.policy_no, end);
    } else {
        printf("declined %s\n", txref);
    }
    return 0;

store_error:
    fprintf(stderr, "aimsctl: %s\n", store_last_error(c->st));
    store_tx(c->st, STORE_TX_ROLLBACK);
    return 1;
}

int ctl_underwriting_approve(struct ctl *c, int argc, char **argv)
{
    return decide(c, argc, argv, LC_APPROVE);
}

int ctl_underwriting_decline(struct ctl *c, int argc, char **argv)
{
    return decide(c, argc, argv, LC_DECLINE);
}
