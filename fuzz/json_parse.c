/*
 * json_parse.c - fuzz target for the strict JSON reader of POST / (api_json_parse: the
 * pre-scan for nesting depth and size, then Jansson). Every input must end in a value or
 * in an error text; a value must print and read back as the same value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/api/api_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    json_t *v = api_json_parse((const char *)data, size, err, sizeof err);
    char *text;
    json_t *again;

    if (!v) {
        if (!err[0])
            abort(); /* a refusal always says why */
        return 0;
    }
    text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text)
        abort();
    again = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!again || !json_equal(v, again))
        abort();
    json_decref(again);
    free(text);
    json_decref(v);
    return 0;
}
