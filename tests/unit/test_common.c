/*
 * test_common.c - unit tests of src/common: ids.h (UUID v4 parsing and formatting),
 * timeutil.h (calendar dates, ages, timestamps), text.h (UTF-8 counting, trimming, base64
 * shape) and buf.h (the capped growable buffer).
 *
 * Run one test by name: build/tests/test_common id_parse_hyphen_positions
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/common/buf.h"
#include "../../src/common/ids.h"
#include "../../src/common/text.h"
#include "../../src/common/timeutil.h"

/* A valid v4 id: version nibble at hex index 12, variant nibble 'a' at hex index 16. */
#define HEX "a1b2c3d4e5f64890abcdef1234567890"
#define UUID "a1b2c3d4-e5f6-4890-abcd-ef1234567890"
static const uint8_t ID_BYTES_OF_HEX[ID_BYTES] = {0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x48, 0x90,
                                                  0xab, 0xcd, 0xef, 0x12, 0x34, 0x56, 0x78, 0x90};

static int parse(const char *s)
{
    uint8_t id[ID_BYTES];
    return id_parse(s, strlen(s), id);
}

/* ---- ids.h ---- */

static void id_parse_both_forms(void **state)
{
    uint8_t a[ID_BYTES], b[ID_BYTES];

    (void)state;
    assert_int_equal(id_parse(HEX, strlen(HEX), a), 0);
    assert_memory_equal(a, ID_BYTES_OF_HEX, ID_BYTES);
    assert_int_equal(id_parse(UUID, strlen(UUID), b), 0);
    assert_memory_equal(b, ID_BYTES_OF_HEX, ID_BYTES);
}

static void id_parse_any_case(void **state)
{
    uint8_t a[ID_BYTES];

    (void)state;
    assert_int_equal(id_parse("A1B2C3D4E5F64890ABCDEF1234567890", 32, a), 0);
    assert_memory_equal(a, ID_BYTES_OF_HEX, ID_BYTES);
    assert_int_equal(id_parse("A1B2C3D4-E5F6-4890-ABCD-EF1234567890", 36, a), 0);
    assert_memory_equal(a, ID_BYTES_OF_HEX, ID_BYTES);
    assert_int_equal(id_parse("a1B2c3D4-e5F6-4890-AbCd-eF1234567890", 36, a), 0);
    assert_memory_equal(a, ID_BYTES_OF_HEX, ID_BYTES);
}

static void id_parse_wrong_length(void **state)
{
    uint8_t a[ID_BYTES];

    (void)state;
    assert_int_equal(id_parse("", 0, a), -1);
    assert_int_equal(parse(HEX "0"), -1);                           /* 33 */
    assert_int_equal(parse("a1b2c3d4e5f64890abcdef123456789"), -1); /* 31 */
    assert_int_equal(parse(UUID "0"), -1);                          /* 37 */
    assert_int_equal(parse("a1b2c3d4-e5f6-4890-abcd-ef123456789"), -1);
    assert_int_equal(parse("{" UUID "}"), -1);
    /* Length is what counts, not a NUL: the first 32 bytes of a longer text parse. */
    assert_int_equal(id_parse(HEX "zzzz", 32, a), 0);
}

static void id_parse_hyphen_positions(void **state)
{
    char s[ID_UUID_LEN + 1];
    static const int hyphens[] = {8, 13, 18, 23};

    (void)state;
    /* Move each hyphen one place left and one place right. */
    for (int h = 0; h < 4; h++) {
        for (int d = -1; d <= 1; d += 2) {
            int p = hyphens[h], q = hyphens[h] + d;
            memcpy(s, UUID, sizeof s);
            s[p] = s[q];
            s[q] = '-';
            assert_int_equal(parse(s), -1);
        }
    }
    /* 36 hex digits, no hyphens at all. */
    assert_int_equal(parse(HEX "abcd"), -1);
    /* Hyphens inside the 32-digit form. */
    assert_int_equal(parse("a1b2c3d4-e5f64890abcdef123456789"), -1);
    /* A fifth hyphen where a digit belongs. */
    memcpy(s, UUID, sizeof s);
    s[30] = '-';
    assert_int_equal(parse(s), -1);
}

static void id_parse_non_hex(void **state)
{
    char s[ID_HEX_LEN + 1];

    (void)state;
    for (size_t i = 0; i < ID_HEX_LEN; i++) {
        if (i == 12 || i == 16)
            continue; /* version and variant positions have their own tests */
        memcpy(s, HEX, sizeof s);
        s[i] = (i % 2) ? 'g' : ' ';
        assert_int_equal(parse(s), -1);
    }
    assert_int_equal(parse("a1b2c3d4-e5f6-4890-abcd-ef123456789G"), -1);
    assert_int_equal(parse("0xb2c3d4e5f64890abcdef1234567890"), -1);
}

static void id_parse_version_and_variant(void **state)
{
    char s[ID_HEX_LEN + 1];
    const char *versions = "012356789abcdef";
    const char *bad_variants = "01234567cdef";

    (void)state;
    for (const char *v = versions; *v; v++) {
        memcpy(s, HEX, sizeof s);
        s[12] = *v;
        assert_int_equal(parse(s), -1);
    }
    for (const char *v = bad_variants; *v; v++) {
        memcpy(s, HEX, sizeof s);
        s[16] = *v;
        assert_int_equal(parse(s), -1);
    }
    for (const char *v = "89abAB"; *v; v++) {
        memcpy(s, HEX, sizeof s);
        s[16] = *v;
        assert_int_equal(parse(s), 0);
    }
    /* The same nibbles in the hyphenated form (index 14 and 19). */
    assert_int_equal(parse("a1b2c3d4-e5f6-1890-abcd-ef1234567890"), -1);
    assert_int_equal(parse("a1b2c3d4-e5f6-4890-cbcd-ef1234567890"), -1);
}

static void id_format_round_trip(void **state)
{
    uint8_t a[ID_BYTES], b[ID_BYTES];
    char hex[ID_HEX_LEN + 1], uuid[ID_UUID_LEN + 1];

    (void)state;
    assert_int_equal(parse(HEX), 0);
    assert_int_equal(id_parse("A1B2C3D4-E5F6-4890-ABCD-EF1234567890", 36, a), 0);
    id_format_hex(a, hex);
    id_format_uuid(a, uuid);
    assert_string_equal(hex, HEX);
    assert_string_equal(uuid, UUID);
    assert_int_equal(id_parse(uuid, strlen(uuid), b), 0);
    assert_memory_equal(a, b, ID_BYTES);
    assert_int_equal(id_parse(hex, strlen(hex), b), 0);
    assert_memory_equal(a, b, ID_BYTES);
}

static void id_make_v4_sets_bits(void **state)
{
    uint8_t id[ID_BYTES], back[ID_BYTES];
    char hex[ID_HEX_LEN + 1];

    (void)state;
    memset(id, 0xff, sizeof id);
    id_make_v4(id);
    assert_int_equal(id[6], 0x4f);
    assert_int_equal(id[8], 0xbf);
    for (int i = 0; i < ID_BYTES; i++)
        if (i != 6 && i != 8)
            assert_int_equal(id[i], 0xff);
    id_format_hex(id, hex);
    assert_string_equal(hex, "ffffffffffff4fffbfffffffffffffff");
    assert_int_equal(id_parse(hex, ID_HEX_LEN, back), 0);
    assert_memory_equal(id, back, ID_BYTES);

    memset(id, 0, sizeof id);
    id_make_v4(id);
    assert_int_equal(id[6], 0x40);
    assert_int_equal(id[8], 0x80);
    id_format_hex(id, hex);
    assert_int_equal(id_parse(hex, ID_HEX_LEN, back), 0);
}

static void hex_encode_bytes(void **state)
{
    static const uint8_t bytes[] = {0x00, 0xff, 0x10, 0x0a};
    char out[9];

    (void)state;
    hex_encode(bytes, sizeof bytes, out);
    assert_string_equal(out, "00ff100a");
    hex_encode(bytes, 0, out);
    assert_string_equal(out, "");
}

/* ---- timeutil.h ---- */

static enum date_status dp(const char *s, struct date *d)
{
    return date_parse(s, strlen(s), d);
}

static void date_parse_forms(void **state)
{
    static const char *const bad[] = {
        "",
        "2024-2-29",
        "2024/02/29",
        "20240229",
        "2024-02-29 ",
        " 2024-02-29",
        "2024-02-2x",
        "-024-02-29",
        "2024-02-+9",
        "2024 02 29",
        "24-02-29",
        "2024-002-09",
        "2024-02-29T00:00:00Z",
        "2024-0a-01",
    };
    struct date d = {0, 0, 0};

    (void)state;
    assert_int_equal(dp("1995-03-08", &d), DATE_OK);
    assert_int_equal(d.year, 1995);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 8);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (dp(bad[i], &d) != DATE_BAD_FORM)
            fail_msg("\"%s\" should be DATE_BAD_FORM", bad[i]);
    }
    /* Only s_len bytes are read. */
    assert_int_equal(date_parse("2024-02-29XYZ", 10, &d), DATE_OK);
    assert_int_equal(date_parse("2024-02-29", 9, &d), DATE_BAD_FORM);
    assert_int_equal(dp("0001-01-01", &d), DATE_OK);
    assert_int_equal(dp("9999-12-31", &d), DATE_OK);
}

static void date_parse_real_days(void **state)
{
    struct date d;

    (void)state;
    assert_int_equal(dp("2024-02-29", &d), DATE_OK);
    assert_int_equal(dp("2023-02-29", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2001-02-29", &d), DATE_NOT_REAL);
    assert_int_equal(dp("1900-02-29", &d), DATE_NOT_REAL); /* divisible by 100 */
    assert_int_equal(dp("2100-02-29", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2000-02-29", &d), DATE_OK); /* divisible by 400 */
    assert_int_equal(dp("2400-02-29", &d), DATE_OK);
    assert_int_equal(dp("1900-02-28", &d), DATE_OK);
    assert_int_equal(dp("2024-02-30", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2024-04-30", &d), DATE_OK);
    assert_int_equal(dp("2024-04-31", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2024-12-31", &d), DATE_OK);
    assert_int_equal(dp("2024-12-32", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2024-13-01", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2024-00-01", &d), DATE_NOT_REAL);
    assert_int_equal(dp("2024-01-00", &d), DATE_NOT_REAL);
    assert_int_equal(dp("0000-01-01", &d), DATE_NOT_REAL);
}

static void date_compare(void **state)
{
    struct date a = {2024, 2, 29}, b = {2024, 3, 1}, c = {2025, 1, 1};

    (void)state;
    assert_true(date_cmp(a, b) < 0);
    assert_true(date_cmp(b, a) > 0);
    assert_true(date_cmp(b, c) < 0);
    assert_true(date_cmp((struct date){2024, 3, 2}, b) > 0);
    assert_int_equal(date_cmp(a, a), 0);
}

static void date_years_around_birthdays(void **state)
{
    struct date born = {1995, 3, 8}, leap = {2000, 2, 29};

    (void)state;
    assert_int_equal(date_years_between(born, (struct date){2025, 3, 7}), 29);
    assert_int_equal(date_years_between(born, (struct date){2025, 3, 8}), 30);
    assert_int_equal(date_years_between(born, (struct date){2025, 3, 9}), 30);
    assert_int_equal(date_years_between(born, (struct date){2025, 2, 28}), 29);
    assert_int_equal(date_years_between(born, (struct date){2025, 12, 31}), 30);
    assert_int_equal(date_years_between(born, born), 0);
    assert_int_equal(date_years_between(born, (struct date){1995, 3, 7}), -1);
    assert_int_equal(date_years_between(born, (struct date){1994, 3, 8}), -1);
    /* A 29 February birthday counts from 1 March in common years. */
    assert_int_equal(date_years_between(leap, (struct date){2001, 2, 28}), 0);
    assert_int_equal(date_years_between(leap, (struct date){2001, 3, 1}), 1);
    assert_int_equal(date_years_between(leap, (struct date){2004, 2, 29}), 4);
    assert_int_equal(date_years_between((struct date){1906, 11, 27}, (struct date){2026, 11, 27}),
                     120);
    assert_int_equal(date_years_between((struct date){1905, 11, 28}, (struct date){2026, 11, 27}),
                     120);
}

static void time_format_known(void **state)
{
    char out[20];

    (void)state;
    time_format(0, out);
    assert_string_equal(out, "1970-01-01 00:00:00");
    time_format(1700000000, out);
    assert_string_equal(out, "2023-11-14 22:13:20");
    time_format(951782400, out);
    assert_string_equal(out, "2000-02-29 00:00:00");
    time_format(4102444799, out);
    assert_string_equal(out, "2099-12-31 23:59:59");
}

static void date_from_unix_known(void **state)
{
    struct date d;

    (void)state;
    d = date_from_unix(0);
    assert_int_equal(d.year, 1970);
    assert_int_equal(d.month, 1);
    assert_int_equal(d.day, 1);
    d = date_from_unix(1700000000);
    assert_int_equal(d.year, 2023);
    assert_int_equal(d.month, 11);
    assert_int_equal(d.day, 14);
    d = date_from_unix(951782400 - 1);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 28);
}

static void clocks_move(void **state)
{
    int64_t a = time_mono_ns(), b = time_mono_ns();

    (void)state;
    assert_true(time_now() > 1700000000);
    assert_true(b >= a);
}

/* ---- text.h ---- */

static void utf8_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(utf8_count("", 0), 0);
    assert_int_equal(utf8_count("abc", 3), 3);
    assert_int_equal(utf8_count("\xc3\xa9", 2), 1);
    assert_int_equal(utf8_count("\xe6\x97\xa5\xe6\x9c\xac", 6), 2);
    assert_int_equal(utf8_count("\xf0\x9f\x98\x80", 4), 1);
    assert_int_equal(utf8_count("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 10), 4);
    assert_int_equal(utf8_count("abcdef", 3), 3);
}

static void trim_and_blank(void **state)
{
    const char *s;
    size_t n;
    const char *text = " \t\r\n\v\fa b\t \n";

    (void)state;
    s = text;
    n = strlen(text);
    text_trim(&s, &n);
    assert_ptr_equal(s, text + 6);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "a b", 3);

    s = "abc";
    n = 3;
    text_trim(&s, &n);
    assert_int_equal(n, 3);

    s = "   ";
    n = 3;
    text_trim(&s, &n);
    assert_int_equal(n, 0);

    s = "";
    n = 0;
    text_trim(&s, &n);
    assert_int_equal(n, 0);

    /* Only the given length is looked at: the trailing "x" is outside it. */
    s = " ab x";
    n = 4;
    text_trim(&s, &n);
    assert_int_equal(n, 2);
    assert_memory_equal(s, "ab", 2);

    assert_true(text_blank("", 0));
    assert_true(text_blank(" \t\r\n\v\f", 6));
    assert_false(text_blank(" a ", 3));
    assert_false(text_blank("\xc2\xa0", 2)); /* NO-BREAK SPACE is not ASCII white space */
    assert_true(text_blank("  x", 2));
}

static void text_eq_exact(void **state)
{
    (void)state;
    assert_true(text_eq("abc", 3, "abc"));
    assert_true(text_eq("abcd", 3, "abc"));
    assert_true(text_eq("", 0, ""));
    assert_false(text_eq("ab", 2, "abc"));
    assert_false(text_eq("abc", 3, "ab"));
    assert_false(text_eq("ABC", 3, "abc"));
    assert_false(text_eq("abc ", 4, "abc"));
}

static void base64_lengths(void **state)
{
    static const struct {
        const char *s;
        long want;
    } rows[] = {
        {"", 0},      {"QQ==", 1},  {"QUI=", 2},      {"QUJD", 3},     {"QUJDRA==", 4},
        {"+/+/", 3},  {"QUJ", -1},  {"QUJDR", -1},    {"QU=D", -1},    {"Q===", -1},
        {"====", -1}, {"=QUJ", -1}, {"QUJ*", -1},     {"QUJD\n", -1},  {"QUJ DQ==", -1},
        {"-_-_", -1}, {"QQ=A", -1}, {"QUJD====", -1}, {"QUJDRA=", -1}, {"QU\xc3\xa9", -1},
    };

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        long got = base64_decoded_len(rows[i].s, strlen(rows[i].s));
        if (got != rows[i].want)
            fail_msg("base64_decoded_len(\"%s\") = %ld, want %ld", rows[i].s, got, rows[i].want);
    }
    /* Only s_len bytes: "QUJD" out of "QUJD!!". */
    assert_int_equal(base64_decoded_len("QUJD!!", 4), 3);
}

/* ---- buf.h ---- */

static void buf_cap_enforced(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 10);
    assert_true(buf_append(&b, "0123456789", 10));
    assert_int_equal(b.len, 10);
    assert_false(buf_append(&b, "x", 1));
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    assert_true(buf_append(&b, "", 0));
    assert_int_equal(b.len, 10);
    buf_cleanup(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 10);

    /* A single append larger than the cap appends nothing. */
    assert_false(buf_append(&b, "0123456789a", 11));
    assert_int_equal(b.len, 0);
    buf_cleanup(&b);
}

static void buf_grows_without_cap(void **state)
{
    struct buf b;
    char chunk[1000];

    (void)state;
    memset(chunk, 'z', sizeof chunk);
    buf_init(&b, 0);
    for (int i = 0; i < 100; i++)
        assert_true(buf_append(&b, chunk, sizeof chunk));
    assert_int_equal(b.len, 100000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(b.data[99999], 'z');
    buf_cleanup(&b);
}

static void buf_printf_formats_and_caps(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 12);
    assert_true(buf_printf(&b, "%d-%s", 42, "ab"));
    assert_string_equal(b.data, "42-ab");
    assert_true(buf_printf(&b, "%c%03d", 'x', 7));
    assert_string_equal(b.data, "42-abx007");
    assert_int_equal(b.len, 9);
    /* Would make 13 bytes: refused, nothing appended. */
    assert_false(buf_printf(&b, "%s", "abcd"));
    assert_int_equal(b.len, 9);
    assert_string_equal(b.data, "42-abx007");
    /* Exactly up to the cap is fine. */
    assert_true(buf_printf(&b, "%s", "abc"));
    assert_int_equal(b.len, 12);
    assert_string_equal(b.data, "42-abx007abc");
    assert_true(buf_printf(&b, "%s", ""));
    buf_cleanup(&b);
}

static void buf_take_hands_over(void **state)
{
    struct buf b;
    size_t len = 99;
    char *p;

    (void)state;
    buf_init(&b, 100);
    assert_true(buf_printf(&b, "hello %s", "world"));
    p = buf_take(&b, &len);
    assert_string_equal(p, "hello world");
    assert_int_equal(len, 11);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 100);
    free(p);

    /* An empty buffer still hands over an empty string. */
    p = buf_take(&b, &len);
    assert_non_null(p);
    assert_string_equal(p, "");
    assert_int_equal(len, 0);
    free(p);

    /* The buffer can be used again after a take. */
    assert_true(buf_append(&b, "again", 5));
    p = buf_take(&b, NULL);
    assert_string_equal(p, "again");
    free(p);
}

static void xstrndup_copies(void **state)
{
    char *p;

    (void)state;
    p = xstrndup("abcdef", 3);
    assert_string_equal(p, "abc");
    free(p);
    p = xstrndup("", 0);
    assert_string_equal(p, "");
    free(p);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_parse_both_forms),
        cmocka_unit_test(id_parse_any_case),
        cmocka_unit_test(id_parse_wrong_length),
        cmocka_unit_test(id_parse_hyphen_positions),
        cmocka_unit_test(id_parse_non_hex),
        cmocka_unit_test(id_parse_version_and_variant),
        cmocka_unit_test(id_format_round_trip),
        cmocka_unit_test(id_make_v4_sets_bits),
        cmocka_unit_test(hex_encode_bytes),
        cmocka_unit_test(date_parse_forms),
        cmocka_unit_test(date_parse_real_days),
        cmocka_unit_test(date_compare),
        cmocka_unit_test(date_years_around_birthdays),
        cmocka_unit_test(time_format_known),
        cmocka_unit_test(date_from_unix_known),
        cmocka_unit_test(clocks_move),
        cmocka_unit_test(utf8_counts_code_points),
        cmocka_unit_test(trim_and_blank),
        cmocka_unit_test(text_eq_exact),
        cmocka_unit_test(base64_lengths),
        cmocka_unit_test(buf_cap_enforced),
        cmocka_unit_test(buf_grows_without_cap),
        cmocka_unit_test(buf_printf_formats_and_caps),
        cmocka_unit_test(buf_take_hands_over),
        cmocka_unit_test(xstrndup_copies),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
