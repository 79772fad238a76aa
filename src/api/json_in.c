/*
 * json_in.c - strict JSON reading for request bodies: one value, valid UTF-8, no NUL in
 * strings, no duplicate keys, nesting at most AIMS_JSON_MAX_DEPTH. Jansson does the
 * parsing; the depth is checked first by a scan, because Jansson's own limit is fixed
 * at build time.
 */
#include <stdio.h>
#include <string.h>

#include "../common/limits.h"
#include "api_int.h"

/* Finds where nesting first passes max; returns 0 when it never does. */
static int too_deep(const char *s, size_t n, int max, int *line, int *col)
{
    int depth = 0, l = 1, c = 0;
    bool in_string = false, escaped = false;

    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        /* Columns count characters, as Jansson's do: skip UTF-8 continuation bytes. */
        if (((unsigned char)ch & 0xc0) != 0x80)
            c++;
        if (ch == '\n') {
            l++;
            c = 0;
            continue;
        }
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                in_string = false;
            continue;
        }
        if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > max) {
                *line = l;
                *col = c;
                return 1;
            }
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return 0;
}

json_t *api_json_parse(const char *body, size_t body_len, char *err, size_t err_len)
{
    json_error_t je;
    json_t *v;
    int line, col;

    if (too_deep(body, body_len, AIMS_JSON_MAX_DEPTH, &line, &col)) {
        snprintf(err, err_len,
                 "Request body is not valid JSON: nesting deeper than %d levels, at line %d "
                 "column %d",
                 AIMS_JSON_MAX_DEPTH, line, col);
        return NULL;
    }
    v = json_loadb(body, body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (!v) {
        /* Jansson names its own flag here; say what is wrong instead. */
        const char *what =
            strstr(je.text, "JSON_ALLOW_NUL") ? "strings must not contain \\u0000" : je.text;
        snprintf(err, err_len, "Request body is not valid JSON: %s, at line %d column %d", what,
                 je.line, je.column);
        return NULL;
    }
    return v;
}
