/*
 * output.c - how build/aims prints: aligned tables for people by default, one line of
 * JSON per answer with --json, and libaims failures on stderr with their elbrtn.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_fail(const struct cli *cli, enum aims_rc rc)
{
    const struct aims_error *e = aims_last_error();

    if ((rc == AIMS_ESERVER || rc == AIMS_EBUSY) && e->id_v4)
        fprintf(stderr, "aims: %s %d: %s\n", aims_strerror(rc), e->id_v4, e->message);
    else
        fprintf(stderr, "aims: %s: %s\n", aims_strerror(rc), e->message);
    if (cli && cli->json) {
        json_t *err = json_pack("{s:i, s:s, s:s}", "rc", (int)rc, "kind", aims_strerror(rc),
                                "message", e->message);
        if (err && e->id_v4)
            json_object_set_new(err, "id_v4", json_integer(e->id_v4));
        if (err && (rc == AIMS_ESERVER || rc == AIMS_EBUSY))
            json_object_set_new(err, "elbrtn", json_string(e->message));
        if (err)
            cli_print_json(json_pack("{s:o}", "error", err));
    }
    return rc == AIMS_EINVAL ? CLI_USAGE : CLI_FAILED;
}

void cli_print_kv(const struct cli_kv *rows, size_t n)
{
    int width = 0;

    for (size_t i = 0; i < n; i++)
        if ((int)strlen(rows[i].label) > width)
            width = (int)strlen(rows[i].label);
    for (size_t i = 0; i < n; i++)
        printf("%-*s  %s\n", width, rows[i].label, rows[i].value);
}

void cli_print_table(const char *const *titles, size_t ncols, const char *const *cells,
                     size_t nrows)
{
    int width[8] = {0};

    if (ncols > sizeof width / sizeof width[0])
        ncols = sizeof width / sizeof width[0];
    for (size_t c = 0; c < ncols; c++) {
        width[c] = (int)strlen(titles[c]);
        for (size_t r = 0; r < nrows; r++)
            if ((int)strlen(cells[r * ncols + c]) > width[c])
                width[c] = (int)strlen(cells[r * ncols + c]);
    }
    for (size_t r = 0; r <= nrows; r++) {
        const char *const *row = r == 0 ? titles : cells + (r - 1) * ncols;

        for (size_t c = 0; c < ncols; c++) {
            if (c + 1 == ncols)
                printf("%s\n", row[c]);
            else
                printf("%-*s  ", width[c], row[c]);
        }
    }
}

int cli_print_json(json_t *obj)
{
    char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;

    json_decref(obj);
    if (!text) {
        fprintf(stderr, "aims: out of memory\n");
        return CLI_FAILED;
    }
    puts(text);
    free(text);
    return CLI_OK;
}

void cli_format_naira(int64_t kobo, char *out, size_t out_len)
{
    char digits[32], grouped[48];
    uint64_t v = kobo < 0 ? (uint64_t)0 - (uint64_t)kobo : (uint64_t)kobo;
    size_t n, k = 0;

    snprintf(digits, sizeof digits, "%" PRIu64, v / 100);
    n = strlen(digits);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    snprintf(out, out_len, "NGN %s%s.%02" PRIu64, kobo < 0 ? "-" : "", grouped, v % 100);
}

json_t *cli_json_naira(int64_t kobo)
{
    if (kobo % 100 == 0)
        return json_integer((json_int_t)(kobo / 100));
    return json_real((double)kobo / 100.0);
}

const char *cli_status_word(char status)
{
    switch (status) {
    case 'p':
        return "processing";
    case 'a':
        return "approved";
    case 'd':
        return "declined";
    }
    return "unknown";
}
