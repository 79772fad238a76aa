/*
 * main.c - aimsctl, the operator's tool: partners, their authorization keys and modes,
 * dashboard users, and the product catalog.
 * It works on the database directly (the same store and key file as aimsd), so it can
 * run while aimsd is serving; SQLite's locking keeps the two apart.
 *
 *   aimsctl [--db URL] [--key-file PATH] [--catalog FILE] <command> [args]
 *
 * Commands are one table below: words, handler, usage, what it does.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ids.h"
#include "../common/limits.h"
#include "../common/text.h"
#include "../common/timeutil.h"
#include "../server/keyfile.h"
#include "../store/store.h"
#include "../vault/vault.h"
#include "ctl.h"

struct ctl_command {
    const char *group; /* first word */
    const char *verb;  /* second word */
    ctl_fn fn;
    bool needs_db; /* refuses to run without --db */
    const char *args;
    const char *help;
};

int ctl_open_store(struct ctl *c)
{
    char err[512];

    if (vault_init() != 0) {
        fprintf(stderr, "aimsctl: libsodium cannot be initialised\n");
        return -1;
    }
    if (keyfile_load(c->db, c->key_file, &c->keys, err, sizeof err) != 0 ||
        store_open(c->db, 0, &c->st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "aimsctl: %s\n", err);
        return -1;
    }
    return 0;
}

static int fail_store(struct ctl *c, const char *what)
{
    fprintf(stderr, "aimsctl: %s: %s\n", what, store_last_error(c->st));
    store_tx(c->st, STORE_TX_ROLLBACK);
    return 1;
}

static int parse_mode(const char *s, enum partner_mode *mode)
{
    if (strcmp(s, "test") == 0)
        *mode = PARTNER_TEST;
    else if (strcmp(s, "live") == 0)
        *mode = PARTNER_LIVE;
    else
        return -1;
    return 0;
}

static int parse_id_arg(const char *s, uint8_t id[16], const char *what)
{
    if (id_parse(s, strlen(s), id) != 0) {
        fprintf(stderr, "aimsctl: %s %s is not a UUID v4\n", what, s);
        return -1;
    }
    return 0;
}

/* Adds a new authorization id and key to partner inside the open transaction. */
static int add_key(struct ctl *c, const uint8_t partner[16], char auth_uuid[ID_UUID_LEN + 1],
                   char key_b64[VAULT_AUTH_KEY_B64_LEN + 1])
{
    uint8_t auth_id[16], hash[VAULT_HASH_BYTES];
    int rc;

    vault_new_id(auth_id);
    vault_new_auth_key(&c->keys, key_b64, hash);
    rc = store_auth_put(c->st, auth_id, partner, hash, time_now());
    if (rc != STORE_OK)
        return rc;
    id_format_uuid(auth_id, auth_uuid);
    return STORE_OK;
}

static int cmd_partner_create(struct ctl *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"mode", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    struct store_partner p;
    const char *name = NULL;
    char pid[ID_UUID_LEN + 1], aid[ID_UUID_LEN + 1], key[VAULT_AUTH_KEY_B64_LEN + 1];
    int opt, rc;

    memset(&p, 0, sizeof p);
    p.mode = PARTNER_TEST;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'n')
            name = optarg;
        else if (opt == 'm' && parse_mode(optarg, &p.mode) == 0)
            continue;
        else if (opt == 'm') {
            fprintf(stderr, "aimsctl: --mode must be test or live\n");
            return 2;
        } else
            return 2;
    }
    if (!name || text_blank(name, strlen(name)) || strlen(name) > AIMS_MAX_PARTNER_NAME ||
        optind != argc) {
        fprintf(stderr, "aimsctl: partner create needs --name NAME (1 to %d characters)\n",
                AIMS_MAX_PARTNER_NAME);
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    vault_new_id(p.id);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.created_at = time_now();
    if (store_tx(c->st, STORE_TX_BEGIN) != STORE_OK)
        return fail_store(c, "cannot start a transaction");
    if (store_partner_put(c->st, &p) != STORE_OK)
        return fail_store(c, "cannot add the partner");
    if ((rc = add_key(c, p.id, aid, key)) != STORE_OK)
        return fail_store(c, "cannot add the key");
    if (store_tx(c->st, STORE_TX_COMMIT) != STORE_OK)
        return fail_store(c, "cannot commit");
    id_format_uuid(p.id, pid);
    printf("PARTNER_ID=%s\nAUTH_ID=%s\nAUTH_KEY=%s\n", pid, aid, key);
    return 0;
}

static int print_partner(const struct store_partner *p, void *arg)
{
    char id[ID_UUID_LEN + 1], when[20];

    (void)arg;
    id_format_uuid(p->id, id);
    time_format(p->created_at, when);
    printf("%-36s  %-4s  %4d  %-19s  %s\n", id, p->mode == PARTNER_LIVE ? "live" : "test",
           p->active_keys, when, p->name);
    return 0;
}

static int cmd_partner_list(struct ctl *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "aimsctl: partner list takes no arguments\n");
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    printf("%-36s  %-4s  %4s  %-19s  %s\n", "PARTNER_ID", "MODE", "KEYS", "CREATED (UTC)", "NAME");
    if (store_partner_list(c->st, print_partner, NULL) != STORE_OK)
        return fail_store(c, "cannot list partners");
    return 0;
}

static int cmd_partner_mode(struct ctl *c, int argc, char **argv)
{
    enum partner_mode mode;
    uint8_t id[16];
    int rc;

    if (argc != 3 || parse_mode(argv[2], &mode) != 0) {
        fprintf(stderr, "aimsctl: usage: partner mode PARTNER_ID test|live\n");
        return 2;
    }
    if (parse_id_arg(argv[1], id, "partner id"))
        return 2;
    if (ctl_open_store(c))
        return 1;
    rc = store_partner_set_mode(c->st, id, mode);
    if (rc == STORE_NOTFOUND) {
        fprintf(stderr, "aimsctl: no partner %s\n", argv[1]);
        return 1;
    }
    if (rc != STORE_OK)
        return fail_store(c, "cannot set the mode");
    printf("partner %s is now in %s mode\n", argv[1], argv[2]);
    return 0;
}

static int cmd_key_add(struct ctl *c, int argc, char **argv)
{
    char aid[ID_UUID_LEN + 1], key[VAULT_AUTH_KEY_B64_LEN + 1];
    uint8_t id[16];
    int rc;

    if (argc != 2) {
        fprintf(stderr, "aimsctl: usage: key add PARTNER_ID\n");
        return 2;
    }
    if (parse_id_arg(argv[1], id, "partner id"))
        return 2;
    if (ctl_open_store(c))
        return 1;
    rc = add_key(c, id, aid, key);
    if (rc == STORE_NOTFOUND) {
        fprintf(stderr, "aimsctl: no partner %s\n", argv[1]);
        return 1;
    }
    if (rc != STORE_OK)
        return fail_store(c, "cannot add the key");
    printf("AUTH_ID=%s\nAUTH_KEY=%s\n", aid, key);
    return 0;
}

static int cmd_key_revoke(struct ctl *c, int argc, char **argv)
{
    uint8_t id[16];
    int rc;

    if (argc != 2) {
        fprintf(stderr, "aimsctl: usage: key revoke AUTH_ID\n");
        return 2;
    }
    if (parse_id_arg(argv[1], id, "authorization id"))
        return 2;
    if (ctl_open_store(c))
        return 1;
    rc = store_auth_revoke(c->st, id, time_now());
    if (rc == STORE_NOTFOUND) {
        fprintf(stderr, "aimsctl: no active authorization id %s\n", argv[1]);
        return 1;
    }
    if (rc != STORE_OK)
        return fail_store(c, "cannot revoke the key");
    printf("authorization id %s revoked\n", argv[1]);
    return 0;
}

static const struct ctl_command commands[] = {
    {"partner", "create", cmd_partner_create, true, "--name NAME [--mode test|live]",
     "add a partner with one authorization key; prints PARTNER_ID, AUTH_ID and AUTH_KEY\n"
     "as shell lines. The key is shown only now: it is stored as a keyed hash.\n"
     "New partners start in test mode unless --mode live is given."},
    {"partner", "list", cmd_partner_list, true, "",
     "list every partner: id, mode, active keys, creation time and name."},
    {"partner", "mode", cmd_partner_mode, true, "PARTNER_ID test|live",
     "switch a partner between test mode (instant approval, TEST- policies, no insurer)\n"
     "and live mode."},
    {"key", "add", cmd_key_add, true, "PARTNER_ID",
     "add another authorization id and key to a partner (for rotation); prints AUTH_ID\n"
     "and AUTH_KEY. The partner's other keys keep working."},
    {"key", "revoke", cmd_key_revoke, true, "AUTH_ID",
     "revoke one authorization id: requests using it are refused from now on."},
    {"user", "add", ctl_user_add, true, "PARTNER_ID EMAIL",
     "add a dashboard user of a partner; prints EMAIL and a one-time PASSWORD as shell\n"
     "lines. The password is shown only now: it is stored as an Argon2id hash. The\n"
     "email (lower-cased) is the login and is unique across partners."},
    {"user", "list", ctl_user_list, true, "",
     "list dashboard users: partner, creation time, lock end (after 5 failed logins in\n"
     "a row) and email."},
    {"user", "remove", ctl_user_remove, true, "EMAIL",
     "remove a dashboard user; their sessions end at once."},
    {"consumers", "reindex", ctl_consumers_reindex, true, "[PARTNER_ID]",
     "give every consumer (of one partner, or of all) the dashboard search tokens that\n"
     "registration gives, computed again from the sealed profile: for consumers\n"
     "registered before the search index existed. Safe to repeat and while aimsd runs."},
    {"underwriting", "list", ctl_underwriting_list, true, "",
     "list LIVE partners' requests waiting for an operator (products marked refer),\n"
     "oldest first."},
    {"underwriting", "approve", ctl_underwriting_approve, true,
     "TXREF [--partner ID] [--product CODE]",
     "approve a waiting request: commencement is now, the cover end follows from its\n"
     "cover period, and it gets a policy number and a certificate. --partner and\n"
     "--product choose when the same TXREF waits for several partners or products."},
    {"underwriting", "decline", ctl_underwriting_decline, true,
     "TXREF --note TEXT [--partner ID] [--product CODE]",
     "decline a waiting request; the note is the reason the partner reads in SR20\n"
     "(written for the partner, not for the consumer)."},
    {"catalog", "check", ctl_catalog_check, false, "FILE",
     "check a catalog file without starting anything: every error names the entry and\n"
     "field. Exit status 0 when it is valid. (aimsd reloads its catalog on SIGHUP.)"},
    {"product", "list", ctl_product_list, false, "",
     "list the products of the catalog (--catalog FILE, default " AIMS_DEFAULT_CATALOG "):\n"
     "code, category, premium rule, underwriting, cover periods and name."},
    {"product", "show", ctl_product_show, false, "CODE",
     "show one product (a code or an alias): its quote fields with their bounds, the\n"
     "consumer data it needs and every price of its premium rule."},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fputs("usage: aimsctl [--db URL] [--key-file PATH] [--catalog FILE] COMMAND [ARGS]\n"
          "The aims operator's tool. URL is sqlite:PATH, the same store aimsd uses; the key\n"
          "file defaults to <database path>.key (created on first use); the catalog to\n"
          "" AIMS_DEFAULT_CATALOG ".\n\nCommands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %s %s %s\n", commands[i].group, commands[i].verb, commands[i].args);
    fputs("\n'aimsctl COMMAND --help' tells more about one command.\n", out);
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    struct ctl c = {0};
    int i = 1, rc;

    c.catalog = AIMS_DEFAULT_CATALOG;

    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (i + 1 < argc && strcmp(argv[i], "--db") == 0)
            c.db = argv[i + 1];
        else if (i + 1 < argc && strcmp(argv[i], "--key-file") == 0)
            c.key_file = argv[i + 1];
        else if (i + 1 < argc && strcmp(argv[i], "--catalog") == 0)
            c.catalog = argv[i + 1];
        else {
            usage(stderr);
            return 2;
        }
        i += 2;
    }
    if (argc - i < 2) {
        usage(argc - i == 0 ? stdout : stderr);
        return argc - i == 0 ? 0 : 2;
    }
    for (size_t k = 0; k < N_COMMANDS; k++) {
        if (strcmp(argv[i], commands[k].group) != 0 || strcmp(argv[i + 1], commands[k].verb) != 0)
            continue;
        if (wants_help(argc - i - 1, argv + i + 1)) {
            printf("usage: aimsctl %s%s %s %s\n\n%s\n", commands[k].needs_db ? "--db URL " : "",
                   commands[k].group, commands[k].verb, commands[k].args, commands[k].help);
            return 0;
        }
        if (commands[k].needs_db && !c.db) {
            fprintf(stderr, "aimsctl: --db URL is required (e.g. --db sqlite:var/aims.db)\n");
            return 2;
        }
        /* The handler sees argv starting at the verb, like a program of its own. */
        rc = commands[k].fn(&c, argc - i - 1, argv + i + 1);
        store_close(c.st);
        return rc;
    }
    fprintf(stderr, "aimsctl: unknown command '%s %s'\n\n", argv[i], argv[i + 1]);
    usage(stderr);
    return 2;
}
