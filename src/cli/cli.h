/*
 * cli.h - what the files of build/aims (src/cli/) share: option parsing, seeds from
 * FIELD=VALUE words, and output as aligned tables or JSON. The program is a thin layer
 * over libaims (include/aims/client.h); main.c holds the command table, commands.c the
 * commands.
 */
#ifndef AIMS_CLI_H
#define AIMS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <aims/client.h>
#include <jansson.h>

/* Exit statuses. */
#define CLI_OK 0
#define CLI_FAILED 1 /* a server, network or local error */
#define CLI_USAGE 2  /* bad usage */

/* One option: "--name" alone (a flag) or "--name VALUE" / "--name=VALUE". */
struct cli_opt {
    const char *name; /* without the leading "--" */
    bool takes_value;
    const char *value; /* filled by cli_parse: the value, or "" for a flag; NULL when absent */
};

/* The parsed command line of one command. */
struct cli_args {
    const char *pos[64]; /* positional words, in order */
    size_t npos;
    bool help; /* --help or -h was given */
};

/* What every command gets: the output form and the client. */
struct cli {
    bool json; /* --json */
    struct aims_client *client;
};

/* One command of the table in main.c. */
struct cli_command {
    const char *name;
    const char *usage;       /* the synopsis line after "aims " */
    const char *help;        /* what `aims NAME --help` adds below the synopsis */
    struct cli_opt *opts;    /* the command's own options (NULL-name terminated) */
    size_t min_pos, max_pos; /* positional words allowed (FIELD=VALUE words included) */
    int (*run)(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);
};

/*
 * Parses argv[0..argc) against the option tables a and b (either may be NULL; each
 * ends with a NULL name). Options may come anywhere; "--" ends them. Returns 0, or -1
 * after printing what is wrong to stderr.
 */
int cli_parse(int argc, char **argv, struct cli_opt *a, struct cli_opt *b, struct cli_args *out);

/* The value of option name in table opts (NULL when absent). */
const char *cli_opt(const struct cli_opt *opts, const char *name);

/* Prints "aims: <what>" and the command's synopsis to stderr; returns CLI_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Builds a seed object from FIELD=VALUE words (VALUE sent as a number when it looks
 * like one, else as a string), FIELD:=JSON words (any JSON value) and dotted FIELDs
 * (a.b=c sets {"a":{"b":"c"}}). Returns the object (the caller frees it with
 * json_decref), or NULL after printing what is wrong.
 */
json_t *cli_seed(const char *const *words, size_t n);

/*
 * Reports a libaims failure: "aims: <kind>: <message>" on stderr (with the server's
 * id_v4 for 55 answers) and, with --json, {"error": {...}} on stdout. Returns the exit
 * status: CLI_USAGE for AIMS_EINVAL, else CLI_FAILED.
 */
int cli_fail(const struct cli *cli, enum aims_rc rc);

/* A table of label/value rows printed with aligned values. */
struct cli_kv {
    const char *label;
    char value[600];
};

/* Prints rows (n) as "label  value" lines with the values aligned. */
void cli_print_kv(const struct cli_kv *rows, size_t n);

/*
 * Prints a table: a header row of ncols titles, then nrows rows of ncols cells
 * (cells[row * ncols + col]), columns aligned.
 */
void cli_print_table(const char *const *titles, size_t ncols, const char *const *cells,
                     size_t nrows);

/*
 * The commands (commands.c), run by main.c for the table entry cmd with the parsed
 * words args (positional counts already checked). Each prints its result and returns
 * the exit status.
 */
int cmd_register(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);
int cmd_quote(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);
int cmd_insure(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);
int cmd_status(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);
int cmd_certificate(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);
int cmd_consumers(struct cli *cli, const struct cli_command *cmd, const struct cli_args *args);

/* Prints obj as one line of JSON on stdout and frees it. Returns CLI_OK or CLI_FAILED. */
int cli_print_json(json_t *obj);

/* Writes kobo as "NGN 15,000.00" into out. */
void cli_format_naira(int64_t kobo, char *out, size_t out_len);

/* Kobo as a JSON number of Naira (an integer when whole). */
json_t *cli_json_naira(int64_t kobo);

/* The word for a status letter: "processing", "approved", "declined". */
const char *cli_status_word(char status);

#endif
