/*
 * args.c - the command line of build/aims: options given anywhere as "--name VALUE" or
 * "--name=VALUE", positional words, and seeds built from FIELD=VALUE words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static struct cli_opt *find_opt(struct cli_opt *opts, const char *name, size_t len)
{
    for (; opts && opts->name; opts++)
        if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
            return opts;
    return NULL;
}

int cli_parse(int argc, char **argv, struct cli_opt *a, struct cli_opt *b, struct cli_args *out)
{
    bool options = true;

    memset(out, 0, sizeof *out);
    for (int i = 0; i < argc; i++) {
        const char *w = argv[i], *eq;
        struct cli_opt *o;
        size_t len;

        if (options && strcmp(w, "--") == 0) {
            options = false;
            continue;
        }
        if (options && (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0)) {
            out->help = true;
            continue;
        }
        if (!options || strncmp(w, "--", 2) != 0) {
            if (out->npos == sizeof out->pos / sizeof out->pos[0]) {
                fprintf(stderr, "aims: too many arguments\n");
                return -1;
            }
            out->pos[out->npos++] = w;
            continue;
        }
        eq = strchr(w, '=');
        len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
        o = find_opt(a, w + 2, len);
        if (!o)
            o = find_opt(b, w + 2, len);
        if (!o) {
            fprintf(stderr, "aims: unknown option %.*s\n", (int)(len + 2), w);
            return -1;
        }
        if (!o->takes_value) {
            if (eq) {
                fprintf(stderr, "aims: option --%s takes no value\n", o->name);
                return -1;
            }
            o->value = "";
        } else if (eq) {
            o->value = eq + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            fprintf(stderr, "aims: option --%s needs a value\n", o->name);
            return -1;
        }
    }
    return 0;
}

const char *cli_opt(const struct cli_opt *opts, const char *name)
{
    for (; opts && opts->name; opts++)
        if (strcmp(opts->name, name) == 0)
            return opts->value;
    return NULL;
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("aims: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: aims %s\n", cmd->usage);
    fprintf(stderr, "(aims %s --help for more)\n", cmd->name);
    return CLI_USAGE;
}

/*
 * The JSON value of a FIELD=VALUE word's VALUE: a number when it reads as one (no
 * leading zeros, so "0803..." or "007" stay strings), else the string itself.
 */
static json_t *word_value(const char *v)
{
    const char *p = v;
    bool frac = false;
    size_t digits = 0;

    if (*p == '-')
        p++;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        return json_string(v);
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digits++;
        } else if (*p == '.' && !frac && digits > 0 && p[1] >= '0' && p[1] <= '9') {
            frac = true;
        } else {
            return json_string(v);
        }
    }
    if (digits == 0 || digits > 15)
        return json_string(v);
    if (frac)
        return json_real(strtod(v, NULL));
    return json_integer((json_int_t)strtoll(v, NULL, 10));
}

/* Sets seed[path] (dotted) to value, creating the objects on the way; takes value. */
static int set_path(json_t *seed, const char *path, size_t path_len, json_t *value,
                    const char *word)
{
    json_t *obj = seed;
    const char *seg = path, *end = path + path_len;

    for (;;) {
        const char *dot = memchr(seg, '.', (size_t)(end - seg));
        size_t n = dot ? (size_t)(dot - seg) : (size_t)(end - seg);
        char key[128];
        json_t *next;

        if (n == 0 || n >= sizeof key) {
            fprintf(stderr, "aims: bad field name in %s\n", word);
            json_decref(value);
            return -1;
        }
        memcpy(key, seg, n);
        key[n] = '\0';
        if (!dot)
            return json_object_set_new(obj, key, value);
        next = json_object_get(obj, key);
        if (!next) {
            next = json_object();
            if (json_object_set_new(obj, key, next) != 0) {
                json_decref(value);
                return -1;
            }
        } else if (!json_is_object(next)) {
            fprintf(stderr, "aims: %s: %s is not an object\n", word, key);
            json_decref(value);
            return -1;
        }
        obj = next;
        seg = dot + 1;
    }
}

json_t *cli_seed(const char *const *words, size_t n)
{
    json_t *seed = json_object();

    for (size_t i = 0; seed && i < n; i++) {
        const char *w = words[i], *eq = strchr(w, '=');
        bool raw = eq && eq > w && eq[-1] == ':';
        size_t name_len = eq ? (size_t)(eq - w) - (raw ? 1 : 0) : 0;
        json_t *value;

        if (!eq || name_len == 0) {
            fprintf(stderr, "aims: expected FIELD=VALUE, got %s\n", w);
            goto fail;
        }
        if (raw) {
            json_error_t jerr;
            value = json_loads(eq + 1, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
            if (!value) {
                fprintf(stderr, "aims: %.*s:= is not JSON: %s\n", (int)name_len, w, jerr.text);
                goto fail;
            }
        } else {
            value = word_value(eq + 1);
            if (!value) {
                fprintf(stderr, "aims: %s is not valid UTF-8\n", w);
                goto fail;
            }
        }
        if (set_path(seed, w, name_len, value, w) != 0)
            goto fail;
    }
    if (!seed)
        fprintf(stderr, "aims: out of memory\n");
    return seed;
fail:
    json_decref(seed);
    return NULL;
}
