/*
 * commands.c - the commands of build/aims (the table is in main.c): register, quote,
 * insure, status, certificate and consumers. Each checks its words, calls libaims, and
 * prints a table or, with --json, one line of JSON.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Fills a row's value with printf-formatted text. */
__attribute__((format(printf, 3, 4))) static void row(struct cli_kv *r, const char *label,
                                                      const char *fmt, ...)
{
    va_list ap;

    r->label = label;
    va_start(ap, fmt);
    vsnprintf(r->value, sizeof r->value, fmt, ap);
    va_end(ap);
}

/*
 * Normalizes s into 32 lowercase hex digits when it is a consumer id (32 hex digits, or
 * hyphenated 8-4-4-4-12, any case). Returns false when it is not one.
 */
static bool consumer_id_parse(const char *s, char out[AIMS_ID_LEN])
{
    size_t n = strlen(s), k = 0;

    if (n != 32 && n != 36)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool hyphen_place = n == 36 && (i == 8 || i == 13 || i == 18 || i == 23);
        char ch = s[i];

        if (hyphen_place) {
            if (ch != '-')
                return false;
            continue;
        }
        if (ch >= 'A' && ch <= 'F')
            ch = (char)(ch - 'A' + 'a');
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
            return false;
        out[k++] = ch;
    }
    out[k] = '\0';
    return true;
}

/*
 * The consumer id a word names: the local store's id for a user id, else the word
 * itself when it is a consumer id. Returns CLI_OK with out filled, or an exit status.
 */
static int resolve_consumer(struct cli *cli, const struct cli_command *cmd, const char *word,
                            char out[AIMS_ID_LEN])
{
    enum aims_rc rc = aims_consumer_lookup(cli->client, word, out);

    if (rc == AIMS_OK)
        return CLI_OK;
    if (rc != AIMS_EINVAL)
        return cli_fail(cli, rc);
    if (consumer_id_parse(word, out))
        return CLI_OK;
    return cli_usage_error(cmd, "%s is neither a user id in the local store nor a consumer id",
                           word);
}

int cmd_register(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args)
{
    const struct cli_opt *o = cmd->opts;
    struct aims_profile p = {
        .cls = cli_opt(o, "class"),
        .first_name = cli_opt(o, "first"),
        .last_name = cli_opt(o, "last"),
        .middle_name = cli_opt(o, "middle"),
        .dob = cli_opt(o, "dob"),
        .gender = cli_opt(o, "gender"),
        .phone = cli_opt(o, "phone"),
        .email = cli_opt(o, "email"),
        .address = cli_opt(o, "address"),
        .nationality = cli_opt(o, "nationality"),
        .state_of_origin = cli_opt(o, "state-of-origin"),
        .marital_status = cli_opt(o, "marital-status"),
        .id_type = cli_opt(o, "id-type"),
        .id_number = cli_opt(o, "id-number"),
        .tax_id = cli_opt(o, "tax-id"),
    };
    const char *user = args->pos[0];
    char id[AIMS_ID_LEN];
    bool registered = false;
    struct cli_kv rows[3];
    enum aims_rc rc;

    rc = aims_consumer_ensure(cli->client, user, &p, id, &registered);
    if (rc != AIMS_OK)
        return cli_fail(cli, rc);
    if (cli->json)
        return cli_print_json(json_pack("{s:s, s:s, s:b}", "user_id", user, "consumer_id", id,
                                        "registered", registered));
    row(&rows[0], "user id", "%s", user);
    row(&rows[1], "consumer id", "%s", id);
    row(&rows[2], "registered", "%s",
        registered ? "yes (registration sent)" : "no (found in the local store)");
    cli_print_kv(rows, 3);
    return CLI_OK;
}

/* The seed text of FIELD=VALUE words, with --facts as addtnlFact. NULL after an error. */
static char *seed_text(const char *const *words, size_t n, const char *facts)
{
    json_t *seed = cli_seed(words, n);
    char *text;

    if (!seed)
        return NULL;
    if (facts) {
        json_error_t jerr;
        json_t *f = json_loads(facts, JSON_REJECT_DUPLICATES, &jerr), *old;

        if (!json_is_object(f)) {
            fprintf(stderr, "aims: --facts must be a JSON object%s%s\n", f ? "" : ": ",
                    f ? "" : jerr.text);
            json_decref(f);
            json_decref(seed);
            return NULL;
        }
        /* addtnlFact.x=y words and --facts merge; --facts wins on the same key. */
        old = json_object_get(seed, "addtnlFact");
        if (json_is_object(old)) {
            json_object_update(old, f);
            json_decref(f);
        } else {
            json_object_set_new(seed, "addtnlFact", f);
        }
    }
    text = json_dumps(seed, JSON_COMPACT);
    json_decref(seed);
    if (!text)
        fprintf(stderr, "aims: out of memory\n");
    return text;
}

int cmd_quote(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args)
{
    const char *product = args->pos[0];
    char *seed = seed_text(args->pos + 1, args->npos - 1, NULL);
    struct cli_kv rows[2];
    int64_t kobo = 0;
    enum aims_rc rc;

    if (!seed)
        return cli_usage_error(cmd, "bad seed fields");
    rc = aims_quote(cli->client, product, seed, &kobo);
    free(seed);
    if (rc != AIMS_OK)
        return cli_fail(cli, rc);
    if (cli->json)
        return cli_print_json(json_pack("{s:s, s:o, s:I}", "product", product, "premium",
                                        cli_json_naira(kobo), "premium_kobo", (json_int_t)kobo));
    row(&rows[0], "product", "%s", product);
    cli_format_naira(kobo, rows[1].value, sizeof rows[1].value);
    rows[1].label = "premium";
    cli_print_kv(rows, 2);
    return CLI_OK;
}

int cmd_insure(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args)
{
    const char *product = args->pos[1], *order = args->pos[2];
    struct aims_policy p;
    char id[AIMS_ID_LEN], *seed;
    struct cli_kv rows[6];
    enum aims_rc rc;
    int status;

    if ((status = resolve_consumer(cli, cmd, args->pos[0], id)) != CLI_OK)
        return status;
    seed = seed_text(args->pos + 3, args->npos - 3, cli_opt(cmd->opts, "facts"));
    if (!seed)
        return cli_usage_error(cmd, "bad seed fields or --facts");
    rc = aims_insure(cli->client, id, product, order, seed, &p);
    free(seed);
    if (rc != AIMS_OK)
        return cli_fail(cli, rc);
    if (cli->json)
        return cli_print_json(json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:o, s:I}", "consumer_id", id, "product", product,
            "order_id", order, "txref", p.txref, "status", cli_status_word(p.status), "premium",
            cli_json_naira(p.premium_kobo), "premium_kobo", (json_int_t)p.premium_kobo));
    row(&rows[0], "consumer id", "%s", id);
    row(&rows[1], "product", "%s", product);
    row(&rows[2], "order id", "%s", order);
    row(&rows[3], "txref", "%s", p.txref);
    row(&rows[4], "status", "%s", cli_status_word(p.status));
    rows[5].label = "premium";
    cli_format_naira(p.premium_kobo, rows[5].value, sizeof rows[5].value);
    cli_print_kv(rows, 6);
    return CLI_OK;
}

/* Prints a policy's status as a table or JSON. */
static int print_policy(const struct cli *cli, const char *id, const char *product,
                        const struct aims_policy *p)
{
    struct cli_kv rows[10];
    size_t n = 0;

    if (cli->json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "consumer_id", id, "product", product,
                              "txref", p->txref, "status", cli_status_word(p->status));
        if (o && p->status == 'a')
            json_object_update_new(o,
                                   json_pack("{s:s, s:s, s:s, s:s}", "policy_no", p->policy_no,
                                             "commenced", p->commenced, "cover_end", p->cover_end,
                                             "certificate_url", p->certificate_url));
        if (o && p->status == 'd')
            json_object_set_new(o, "note", json_string(p->note));
        if (o && p->premium_kobo >= 0) {
            json_object_set_new(o, "premium", cli_json_naira(p->premium_kobo));
            json_object_set_new(o, "premium_kobo", json_integer((json_int_t)p->premium_kobo));
        }
        return cli_print_json(o);
    }
    row(&rows[n++], "consumer id", "%s", id);
    row(&rows[n++], "product", "%s", product);
    row(&rows[n++], "txref", "%s", p->txref);
    row(&rows[n++], "status", "%s", cli_status_word(p->status));
    if (p->status == 'a') {
        row(&rows[n++], "policy no", "%s", p->policy_no);
        row(&rows[n++], "commenced", "%s UTC", p->commenced);
        row(&rows[n++], "cover end", "%s UTC", p->cover_end);
        row(&rows[n++], "certificate", "%s", p->certificate_url);
    }
    if (p->status == 'd')
        row(&rows[n++], "note", "%s", p->note);
    if (p->premium_kobo >= 0) {
        rows[n].label = "premium";
        cli_format_naira(p->premium_kobo, rows[n].value, sizeof rows[n].value);
        n++;
    }
    cli_print_kv(rows, n);
    return CLI_OK;
}

int cmd_status(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args)
{
    const char *product = args->pos[1], *txref = args->pos[2];
    const char *wait = cli_opt(cmd->opts, "wait");
    struct aims_policy p;
    char id[AIMS_ID_LEN];
    enum aims_rc rc;
    int status;

    if ((status = resolve_consumer(cli, cmd, args->pos[0], id)) != CLI_OK)
        return status;
    if (wait) {
        char *end;
        long seconds = strtol(wait, &end, 10);

        if (*wait < '0' || *wait > '9' || *end || seconds < 0 || seconds > 86400)
            return cli_usage_error(cmd, "--wait takes a number of seconds (0 to 86400)");
        rc = aims_policy_wait(cli->client, id, product, txref, (unsigned)seconds * 1000u, &p);
        if (rc == AIMS_ETIMEOUT) {
            /* Still processing: show where it stands, then fail. */
            if (!cli->json)
                print_policy(cli, id, product, &p);
            return cli_fail(cli, rc);
        }
    } else {
        rc = aims_policy_status(cli->client, id, product, txref, &p);
    }
    if (rc != AIMS_OK)
        return cli_fail(cli, rc);
    return print_policy(cli, id, product, &p);
}

int cmd_certificate(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args)
{
    const char *product = args->pos[1], *txref = args->pos[2], *file = args->pos[3];
    struct aims_policy p;
    char id[AIMS_ID_LEN];
    struct cli_kv rows[3];
    struct stat st;
    enum aims_rc rc;
    int status;

    if ((status = resolve_consumer(cli, cmd, args->pos[0], id)) != CLI_OK)
        return status;
    rc = aims_policy_status(cli->client, id, product, txref, &p);
    if (rc != AIMS_OK)
        return cli_fail(cli, rc);
    if (p.status != 'a') {
        /* Not a usage error: the request exists but has no certificate (yet). */
        fprintf(stderr, "aims: policy %s is %s: there is no certificate\n", p.txref,
                cli_status_word(p.status));
        return CLI_FAILED;
    }
    rc = aims_certificate_download(cli->client, &p, file);
    if (rc != AIMS_OK)
        return cli_fail(cli, rc);
    if (stat(file, &st) != 0) {
        fprintf(stderr, "aims: %s: %s\n", file, strerror(errno));
        return CLI_FAILED;
    }
    if (cli->json)
        return cli_print_json(json_pack("{s:s, s:I, s:s, s:s}", "file", file, "bytes",
                                        (json_int_t)st.st_size, "policy_no", p.policy_no, "txref",
                                        p.txref));
    row(&rows[0], "file", "%s", file);
    row(&rows[1], "bytes", "%lld", (long long)st.st_size);
    row(&rows[2], "policy no", "%s", p.policy_no);
    cli_print_kv(rows, 3);
    return CLI_OK;
}

/* Collects the mappings for printing. */
struct collected {
    char **cells; /* user id, consumer id, ... */
    size_t n, cap;
    bool oom;
};

static int collect(const char *user_id, const char *consumer_id, void *arg)
{
    struct collected *c = arg;

    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **p = realloc(c->cells, cap * 2 * sizeof *p);
        if (!p) {
            c->oom = true;
            return 1;
        }
        c->cells = p;
        c->cap = cap;
    }
    c->cells[2 * c->n] = strdup(user_id);
    c->cells[2 * c->n + 1] = strdup(consumer_id);
    c->n++;
    if (!c->cells[2 * c->n - 2] || !c->cells[2 * c->n - 1]) {
        c->oom = true;
        return 1;
    }
    return 0;
}

int cmd_consumers(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args)
{
    static const char *const titles[] = {"USER ID", "CONSUMER ID"};
    struct collected c = {0};
    enum aims_rc rc;
    int status = CLI_OK;

    (void)cmd;
    (void)args;
    rc = aims_consumer_each(cli->client, collect, &c);
    if (rc != AIMS_OK) {
        status = cli_fail(cli, rc);
    } else if (c.oom) {
        fprintf(stderr, "aims: out of memory\n");
        status = CLI_FAILED;
    } else if (cli->json) {
        json_t *list = json_array();

        for (size_t i = 0; list && i < c.n; i++)
            json_array_append_new(list, json_pack("{s:s, s:s}", "user_id", c.cells[2 * i],
                                                  "consumer_id", c.cells[2 * i + 1]));
        status = cli_print_json(json_pack("{s:o}", "consumers", list));
    } else {
        cli_print_table(titles, 2, (const char *const *)c.cells, c.n);
    }
    for (size_t i = 0; i < 2 * c.n; i++)
        free(c.cells[i]);
    free(c.cells);
    return status;
}
