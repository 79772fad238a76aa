/*
 * test_json.c - unit tests of the API layer's input side: api_json_parse
 * (src/api/json_in.c: strict JSON with the depth limit and the error texts of PROTOCOL.md
 * section 2) and api_command_match (src/api/commands.c: exact command strings of section 4,
 * with {} captures).
 *
 * Run one test by name: build/tests/test_json depth_limit_exact
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/api/api_int.h"

#define PREFIX "Request body is not valid JSON: "

/* Appends the text t to s at *n. */
static void put(char *s, size_t *n, const char *t)
{
    size_t len = strlen(t);
    memcpy(s + *n, t, len);
    *n += len;
}

/* head, then open repeated n times, then mid, then close repeated n times, then tail. */
static char *nest(const char *head, const char *open, int n, const char *mid, const char *close,
                  const char *tail)
{
    size_t len =
        strlen(head) + (strlen(open) + strlen(close)) * (size_t)n + strlen(mid) + strlen(tail) + 1;
    char *s = malloc(len);
    size_t at = 0;

    assert_non_null(s);
    put(s, &at, head);
    for (int i = 0; i < n; i++)
        put(s, &at, open);
    put(s, &at, mid);
    for (int i = 0; i < n; i++)
        put(s, &at, close);
    put(s, &at, tail);
    s[at] = '\0';
    return s;
}

/* Parses s; returns 1 when it parsed (the value is freed), else 0 with the text in err. */
static int parses(const char *s, size_t n, char *err, size_t err_len)
{
    json_t *v;

    err[0] = '\0';
    v = api_json_parse(s, n, err, err_len);
    if (!v)
        return 0;
    json_decref(v);
    return 1;
}

static void expect_depth_error(char *s, int line, int col)
{
    char err[256], want[256];
    int ok;

    snprintf(want, sizeof want, PREFIX "nesting deeper than 32 levels, at line %d column %d", line,
             col);
    ok = parses(s, strlen(s), err, sizeof err);
    free(s);
    assert_int_equal(ok, 0);
    assert_string_equal(err, want);
}

static void expect_ok(char *s)
{
    char err[256];
    int ok = parses(s, strlen(s), err, sizeof err);

    free(s);
    if (!ok)
        fail_msg("rejected: %s", err);
}

static void depth_limit_exact(void **state)
{
    (void)state;
    expect_ok(nest("", "[", 32, "", "]", ""));
    expect_depth_error(nest("", "[", 33, "", "]", ""), 1, 33);
    expect_depth_error(nest("", "[", 1000, "", "]", ""), 1, 33);
    /* Objects count the same: {"a": is five characters a level. */
    expect_ok(nest("", "{\"a\":", 32, "1", "}", ""));
    expect_depth_error(nest("", "{\"a\":", 33, "1", "}", ""), 1, 5 * 32 + 1);
    /* Mixed, with white space. */
    expect_ok(nest("", "[ {\"k\": ", 16, "null", "} ]", ""));
    expect_depth_error(nest("", "[ {\"k\": ", 17, "null", "} ]", ""), 1, 8 * 16 + 1);
}

static void depth_error_line_and_column(void **state)
{
    (void)state;
    /* Line 2, after two spaces: the 33rd '[' is at column 2 + 33. */
    expect_depth_error(nest("\n  ", "[", 33, "", "]", ""), 2, 35);
    /* The '{' is level 1, so the 32nd '[' (on line 3 + 31) is one too many. */
    expect_depth_error(nest("{\n\"a\":\n", "[\n", 33, "1", "]", "}"), 34, 1);
    /* Siblings do not add up: depth goes down again after each closes. */
    {
        char *inner = nest("", "[", 31, "", "]", "");
        char *outer = nest("[", "", 0, "", "", "");
        char *both = malloc(2 * strlen(inner) + 4);
        size_t at = 0;

        assert_non_null(both);
        put(both, &at, outer);
        put(both, &at, inner);
        put(both, &at, ",");
        put(both, &at, inner);
        put(both, &at, "]");
        both[at] = '\0';
        expect_ok(both);
        free(inner);
        free(outer);
    }
}

static void brackets_in_strings_not_counted(void **state)
{
    (void)state;
    expect_ok(nest("[\"", "[{", 100, "", "", "\"]"));
    expect_ok(nest("{\"", "{", 50, "\":\"", "[", "\"}"));
    /* An escaped quote does not end the string, so these brackets are still inside it. */
    expect_ok(nest("[\"\\\"", "[", 40, "", "", "\"]"));
    expect_ok(nest("[\"\\\\\\\"", "{", 40, "", "", "\"]"));
    /* An escaped backslash does end it: after "\\" the brackets are real. */
    expect_depth_error(nest("[\"\\\\\",", "[", 32, "", "]", "]"), 1, 38);
    expect_ok(nest("[\"\\\\\",", "[", 31, "", "]", "]"));
    /* Escapes like \u005b (a '[') are not brackets either. */
    expect_ok(nest("[\"", "\\u005b", 40, "", "", "\"]"));
}

static void strict_values(void **state)
{
    static const struct {
        const char *body;
        size_t len;
        const char *what; /* expected start of the text after the prefix */
    } bad[] = {
        {"{\"a\":1,\"a\":2}", 13, "duplicate object key"},
        {"{\"a\":{\"b\":1,\"b\":1}}", 19, "duplicate object key"},
        {"[\"\xff\"]", 5, "unable to decode byte 0xff"},
        {"[\"\xc0\xaf\"]", 6, "unable to decode byte 0xc0"},     /* overlong '/' */
        {"[\"\xed\xa0\x80\"]", 7, "unable to decode byte 0xed"}, /* a surrogate */
        {"[\"\xe6\x97\"]", 6, "unable to decode byte 0xe6"},     /* cut short */
        {"[\"a\\u0000b\"]", 12, "strings must not contain \\u0000"},
        {"{\"a\\u0000\":1}", 13, "NUL byte in object key"},
        {"{\"a\":1} x", 9, "end of file expected"},
        {"{} {}", 5, "end of file expected"},
        {"[1]]", 4, "end of file expected"},
        {"{}\0", 3, "end of file expected"},
        {"", 0, "unexpected token"},
        {"{\"a\":}", 6, "unexpected token"},
        {"{'a':1}", 7, "string or '}' expected"},
        {"[1,]", 4, "unexpected token"},
    };
    char err[256];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parses(bad[i].body, bad[i].len, err, sizeof err))
            fail_msg("bad body %zu accepted", i);
        if (strncmp(err, PREFIX, strlen(PREFIX)) != 0 ||
            strncmp(err + strlen(PREFIX), bad[i].what, strlen(bad[i].what)) != 0 ||
            !strstr(err, ", at line "))
            fail_msg("body %zu: unexpected text \"%s\"", i, err);
    }
    assert_int_equal(parses("{\"a\":}", 6, err, sizeof err), 0);
    assert_string_equal(err, PREFIX "unexpected token near '}', at line 1 column 6");
    assert_int_equal(parses("{\n\"a\": 1,\n\"a\": 2}", 18, err, sizeof err), 0);
    assert_non_null(strstr(err, "at line 3 column"));
}

static void good_values(void **state)
{
    const char *body = "{\"a\":\"\xc3\xa9\\u00e9\",\"b\":[1,2.5,true,null]}";
    char err[256];
    json_t *v;

    (void)state;
    v = api_json_parse(body, strlen(body), err, sizeof err);
    assert_non_null(v);
    assert_true(json_is_object(v));
    assert_string_equal(json_string_value(json_object_get(v, "a")), "\xc3\xa9\xc3\xa9");
    json_decref(v);
    /* Any value at the top (the envelope check comes later), white space around it. */
    v = api_json_parse(" \"x\" \n", 6, err, sizeof err);
    assert_non_null(v);
    assert_true(json_is_string(v));
    json_decref(v);
    /* Only body_len bytes are read. */
    v = api_json_parse("{}garbage", 2, err, sizeof err);
    assert_non_null(v);
    json_decref(v);
}

/*
 * KNOWN BUG (src/api/json_in.c:17-20, too_deep): the column of the depth error counts
 * bytes, while Jansson, which writes every other "at line L column C", counts characters
 * (["\u00e9\u00e9\u00e9",x] is "column 8"). After three two-byte characters the depth error
 * was 3 columns off (column 42, not 39) before the fix.
 */
static void bug_depth_column_counts_bytes(void **state)
{
    char err[256];

    (void)state;
    /* Jansson's own convention, on the same prefix: */
    assert_int_equal(parses("[\"\xc3\xa9\xc3\xa9\xc3\xa9\",x]", 12, err, sizeof err), 0);
    assert_non_null(strstr(err, "column 8"));
    /* ["ééé", is 7 characters; the 32nd '[' after it is level 33, at column 7 + 32. */
    expect_depth_error(nest("[\"\xc3\xa9\xc3\xa9\xc3\xa9\",", "[", 32, "", "]", "]"), 1, 39);
}

/* ---- api_command_match ---- */

static int match(const char *s, struct api_call *call)
{
    memset(call, 0, sizeof *call);
    return api_command_match(s, strlen(s), call);
}

static void command_exact_strings(void **state)
{
    static const char *const no[] = {
        "prfl  entity", "PRFL ENTITY", "prfl entity ", " prfl entity", "prfl entit",
        "prfl entityx", "Prfl entity", "prfl\tentity", "prflentity",   "",
    };
    struct api_call call;
    int k;

    (void)state;
    k = match("prfl entity", &call);
    assert_true(k >= 0);
    assert_string_equal(api_commands[k].pattern, "prfl entity");
    assert_string_equal(api_commands[k].label, "SR05");
    assert_true(api_commands[k].writes);
    assert_int_equal(call.ncap, 0);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (match(no[i], &call) != -1)
            fail_msg("\"%s\" matched", no[i]);
        assert_int_equal(call.ncap, 0);
    }
    /* Only s_len bytes count. */
    memset(&call, 0, sizeof call);
    assert_int_equal(api_command_match("prfl entityXYZ", 11, &call), k);
}

static void command_captures(void **state)
{
    static const char *const ids[] = {
        "a1b2c3d4e5f64890abcdef1234567890", "a1b2c3d4-e5f6-4890-abcd-ef1234567890",
        "A1B2C3D4-E5F6-4890-ABCD-EF1234567890",
        "a_b-c", /* any run of [A-Za-z0-9_-]; the handler checks that it is an id */
    };
    static const char *const no[] = {
        "entt_: dump",        "entt_a|b: dump",  "entt_abc:dump",  "entt_abc: dump ",
        "entt_abc : dump",    "entt_ab c: dump", "ENTT_abc: dump", "entt_abc: DUMP",
        "entt_abc.def: dump", "entt_abc:  dump", "entt_abc",       "entt_\xc3\xa9: dump",
    };
    struct api_call call;
    char s[128];

    (void)state;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        int k;
        snprintf(s, sizeof s, "entt_%s: dump", ids[i]);
        k = match(s, &call);
        assert_true(k >= 0);
        assert_string_equal(api_commands[k].pattern, "entt_{}: dump");
        assert_false(api_commands[k].writes);
        assert_int_equal(call.ncap, 1);
        assert_ptr_equal(call.cap[0].s, s + 5);
        assert_int_equal(call.cap[0].len, strlen(ids[i]));
        assert_memory_equal(call.cap[0].s, ids[i], strlen(ids[i]));
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (match(no[i], &call) != -1)
            fail_msg("\"%s\" matched", no[i]);
        assert_int_equal(call.ncap, 0);
    }
}

/* Every row of the table is reachable: a sample of its pattern finds that very row. */
static void command_table_rows(void **state)
{
    struct api_call call;
    char sample[256];

    (void)state;
    assert_true(api_command_count >= 2);
    for (int k = 0; k < api_command_count; k++) {
        const char *p = api_commands[k].pattern;
        size_t n = 0;

        assert_non_null(api_commands[k].label);
        assert_non_null(api_commands[k].handler);
        for (; *p && n + 4 < sizeof sample; p++) {
            if (p[0] == '{' && p[1] == '}') {
                memcpy(sample + n, "x1-_", 4);
                n += 4;
                p++;
            } else {
                sample[n++] = *p;
            }
        }
        sample[n] = '\0';
        if (match(sample, &call) != k)
            fail_msg("sample \"%s\" of row %d (%s) found row %d", sample, k, api_commands[k].label,
                     match(sample, &call));
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(depth_limit_exact),
        cmocka_unit_test(depth_error_line_and_column),
        cmocka_unit_test(brackets_in_strings_not_counted),
        cmocka_unit_test(strict_values),
        cmocka_unit_test(good_values),
        cmocka_unit_test(bug_depth_column_counts_bytes),
        cmocka_unit_test(command_exact_strings),
        cmocka_unit_test(command_captures),
        cmocka_unit_test(command_table_rows),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
