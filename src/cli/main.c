/*
 * main.c - build/aims, the command-line client of an AIMS server on top of libaims:
 * the global options (each with an environment fallback), THE command table, help
 * texts, and dispatch. The commands themselves are in commands.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: aims [OPTIONS] COMMAND [ARGS...]\n"
    "\n"
    "The command-line client of an AIMS server (libaims): registers each customer once and\n"
    "keeps the consumer id in a local store, quotes, insures (never twice for one order),\n"
    "checks status and downloads certificates.\n"
    "\n"
    "Options (each defaults to the environment variable on the right):\n"
    "  --url URL          the server, e.g. http://127.0.0.1:8080            AIMS_URL\n"
    "  --partner ID       partner id (userInfo.id)                          AIMS_PARTNER_ID\n"
    "  --auth-id ID       authorization id                                  AIMS_AUTH_ID\n"
    "  --auth-key KEY     authorization key (prefer the environment)        AIMS_AUTH_KEY\n"
    "  --store FILE       the local store; default aims-client.db           AIMS_STORE\n"
    "  --timeout MS       per HTTP request; default 10000\n"
    "  --retry-base MS    first wait after a 35 answer, then x2 and x4; default 2000\n"
    "  --json             print JSON instead of tables\n"
    "  --help             this text; aims COMMAND --help for one command\n"
    "\n"
    "Commands:\n"
    "  register USER_ID --first NAME --last NAME --email E --phone P [--dob D] [--gender g]\n"
    "           [--address A] [--middle NAME] [--class C] [--nationality N]\n"
    "           [--state-of-origin S] [--marital-status M] [--id-type T] [--id-number N]\n"
    "           [--tax-id T]\n"
    "  quote PRODUCT [FIELD=VALUE ...]\n"
    "  insure USER_ID|CONSUMER_ID PRODUCT ORDER_ID [FIELD=VALUE ...] [--facts JSON]\n"
    "  status CONSUMER_ID PRODUCT TXREF [--wait SECONDS]\n"
    "  certificate CONSUMER_ID PRODUCT TXREF FILE\n"
    "  consumers\n"
    "\n"
    "Exit status: 0 success, 1 a server, network or local error (the server's elbrtn is\n"
    "printed), 2 a usage error.\n";

static struct cli_opt global_opts[] = {
    {"url", true, NULL},        {"partner", true, NULL}, {"auth-id", true, NULL},
    {"auth-key", true, NULL},   {"store", true, NULL},   {"timeout", true, NULL},
    {"retry-base", true, NULL}, {"json", false, NULL},   {NULL, false, NULL},
};

static struct cli_opt register_opts[] = {
    {"first", true, NULL},           {"last", true, NULL},
    {"middle", true, NULL},          {"email", true, NULL},
    {"phone", true, NULL},           {"dob", true, NULL},
    {"gender", true, NULL},          {"address", true, NULL},
    {"class", true, NULL},           {"nationality", true, NULL},
    {"state-of-origin", true, NULL}, {"marital-status", true, NULL},
    {"id-type", true, NULL},         {"id-number", true, NULL},
    {"tax-id", true, NULL},          {NULL, false, NULL},
};
static struct cli_opt insure_opts[] = {{"facts", true, NULL}, {NULL, false, NULL}};
static struct cli_opt status_opts[] = {{"wait", true, NULL}, {NULL, false, NULL}};

/*
 * THE command table. Columns: name; synopsis; help text; the command's own options;
 * the fewest and most positional words (FIELD=VALUE words count); the function.
 */
static const struct cli_command commands[] = {
    {"register",
     "register USER_ID --first NAME --last NAME --email E --phone P [--dob D] [--gender g]\n"
     "           [--address A] [--middle NAME] [--class C] [--nationality N]\n"
     "           [--state-of-origin S] [--marital-status M] [--id-type T] [--id-number N]\n"
     "           [--tax-id T]",
     "Gives the consumer id of USER_ID (your own customer id). When the local store has it,\n"
     "no request is sent. Otherwise the customer is registered (prfl entity) and the id is\n"
     "saved; if the local record was lost, the server's email idempotency gives back the\n"
     "same id. --class is individual (default) or organization; --dob YYYY-MM-DD (health and\n"
     "travel need it); --gender m or f; --phone +234...; --id-type nidd, dlcn, ipss, vcrd or\n"
     "bvnn with --id-number. Prints the consumer id and whether a registration was sent.\n",
     register_opts, 1, 1, cmd_register},
    {"quote", "quote PRODUCT [FIELD=VALUE ...]",
     "Quotes PRODUCT (ctgry-type-pckg, e.g. hlth-axam-1111) for the seed fields given.\n"
     "FIELD=VALUE sends VALUE as a number when it reads as one, else as a string;\n"
     "FIELD:=JSON sends any JSON value; a.b=c sets a nested field.\n"
     "Example: aims quote hlth-axam-1111 insrncDrtn=1y\n",
     NULL, 1, 63, cmd_quote},
    {"insure", "insure USER_ID|CONSUMER_ID PRODUCT ORDER_ID [FIELD=VALUE ...] [--facts JSON]",
     "Requests a policy of PRODUCT for a consumer (a user id from the local store, or a\n"
     "consumer id) under ORDER_ID, your own order number. The transaction reference is\n"
     "saved locally before the request is sent, so running the same command again (after\n"
     "a crash or a timeout) reuses it and never buys twice. FIELD=VALUE words are the\n"
     "quote fields; --facts is the product's addtnlFact object.\n"
     "Example: aims insure cust-1 hlth-axam-1111 order-1 insrncDrtn=1y \\\n"
     "  --facts '{\"RsdncState\":\"Lagos\",\"RsdncLga\":\"Ikeja\",\"hospital\":\"LASUTH\"}'\n",
     insure_opts, 3, 63, cmd_insure},
    {"status", "status CONSUMER_ID PRODUCT TXREF [--wait SECONDS]",
     "Prints the status of a policy request: processing, approved (policy number, cover\n"
     "dates, certificate URL) or declined (the note). With --wait, polls with backoff until\n"
     "it is approved or declined or SECONDS pass (then exit status 1). CONSUMER_ID may also\n"
     "be a user id from the local store.\n",
     status_opts, 3, 3, cmd_status},
    {"certificate", "certificate CONSUMER_ID PRODUCT TXREF FILE",
     "Downloads the certificate PDF of an approved policy into FILE (written whole or not\n"
     "at all, mode 0600). CONSUMER_ID may also be a user id from the local store.\n",
     NULL, 4, 4, cmd_certificate},
    {"consumers", "consumers",
     "Lists the local store's user ids and their consumer ids (this partner's), in user\n"
     "id order. Sends no request.\n",
     NULL, 0, 0, cmd_consumers},
};

static const struct cli_command *command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* The reminder printed after a usage error; returns CLI_USAGE. */
static int short_usage(void)
{
    fputs("usage: aims [OPTIONS] COMMAND [ARGS...]   (aims --help for the commands)\n", stderr);
    return CLI_USAGE;
}

/* True when word is a global option "--name" (no "=VALUE") that takes a value. */
static bool takes_value(const char *word)
{
    if (strncmp(word, "--", 2) != 0 || strchr(word, '='))
        return false;
    for (const struct cli_opt *o = global_opts; o->name; o++)
        if (strcmp(o->name, word + 2) == 0)
            return o->takes_value;
    return false;
}

/* Reads a millisecond option: 1 to 3600000. Returns 0 (absent), the value, or -1. */
static long ms_option(const char *name)
{
    const char *v = cli_opt(global_opts, name);
    char *end;
    long ms;

    if (!v)
        return 0;
    ms = strtol(v, &end, 10);
    if (*v < '0' || *v > '9' || *end || ms < 1 || ms > 3600000) {
        fprintf(stderr, "aims: --%s must be a number of milliseconds (1 to 3600000)\n", name);
        return -1;
    }
    return ms;
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    struct aims_config cfg = {0};
    const struct cli_command *cmd;
    struct cli_args args;
    long timeout, retry_base;
    enum aims_rc rc;
    int i, status;

    /* A closed pipe (aims ... | head) is an error on write, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    /* The global options come before the command word; find where they end. */
    for (i = 1; i < argc && (strncmp(argv[i], "--", 2) == 0 || strcmp(argv[i], "-h") == 0); i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return CLI_OK;
        }
        if (takes_value(argv[i]))
            i++;
    }
    if (i > argc)
        i = argc;
    if (cli_parse(i - 1, argv + 1, global_opts, NULL, &args) != 0)
        return short_usage();
    if (i >= argc)
        return short_usage();
    cmd = command_find(argv[i]);
    if (!cmd) {
        fprintf(stderr, "aims: unknown command %s\n", argv[i]);
        return short_usage();
    }
    /* The command's words; global options are accepted among them too. */
    if (cli_parse(argc - i - 1, &argv[i + 1], cmd->opts, global_opts, &args) != 0) {
        fprintf(stderr, "usage: aims %s\n", cmd->usage);
        return CLI_USAGE;
    }
    if (args.help) {
        printf("usage: aims %s\n\n%s", cmd->usage, cmd->help);
        return CLI_OK;
    }
    if (args.npos < cmd->min_pos)
        return cli_usage_error(cmd, "%s: missing arguments", cmd->name);
    if (args.npos > cmd->max_pos)
        return cli_usage_error(cmd, "%s: unexpected argument %s", cmd->name,
                               args.pos[cmd->max_pos]);
    cli.json = cli_opt(global_opts, "json") != NULL;
    timeout = ms_option("timeout");
    retry_base = ms_option("retry-base");
    if (timeout < 0 || retry_base < 0)
        return CLI_USAGE;
    cfg.url = cli_opt(global_opts, "url");
    cfg.partner_id = cli_opt(global_opts, "partner");
    cfg.auth_id = cli_opt(global_opts, "auth-id");
    cfg.auth_key = cli_opt(global_opts, "auth-key");
    cfg.store_path = cli_opt(global_opts, "store");
    cfg.timeout_ms = (unsigned)timeout;
    cfg.retry_base_ms = (unsigned)retry_base;
    rc = aims_client_new(&cfg, &cli.client);
    if (rc != AIMS_OK)
        return cli_fail(&cli, rc);
    status = cmd->run(&cli, cmd, &args);
    aims_client_free(cli.client);
    if (fflush(stdout) != 0 && status == CLI_OK)
        status = CLI_FAILED;
    return status;
}
