/*
 * test_dashboard.c - unit tests of the pure rules of src/dashboard/ (rules.c): reading
 * the session cookie and writing Set-Cookie, the CSRF token compare, the Origin check,
 * email normalisation and the lockout arithmetic; and the vault's password and token
 * functions the dashboard relies on.
 *
 * Run one test by name: build/tests/test_dashboard lockout_after_five
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/dashboard/dashboard.h"

static void cookie_find_among_others(void **state)
{
    char v[64];

    (void)state;
    assert_int_equal(
        dashboard_cookie_find("a=1; aims_session=tok-EN_1; b=2", "aims_session", v, sizeof v), 0);
    assert_string_equal(v, "tok-EN_1");
    assert_int_equal(dashboard_cookie_find("aims_session=x", "aims_session", v, sizeof v), 0);
    assert_string_equal(v, "x");
    assert_int_equal(dashboard_cookie_find("  aims_session=\"q\"  ;", "aims_session", v, sizeof v),
                     0);
    assert_string_equal(v, "q");
    /* A longer name that ends the same is another cookie. */
    assert_int_equal(
        dashboard_cookie_find("xaims_session=1; aims_session2=2", "aims_session", v, sizeof v), -1);
}

static void cookie_find_refuses(void **state)
{
    char v[8];

    (void)state;
    assert_int_equal(dashboard_cookie_find(NULL, "aims_session", v, sizeof v), -1);
    assert_int_equal(dashboard_cookie_find("", "aims_session", v, sizeof v), -1);
    assert_int_equal(dashboard_cookie_find("aims_session=", "aims_session", v, sizeof v), -1);
    assert_int_equal(dashboard_cookie_find("aims_session", "aims_session", v, sizeof v), -1);
    /* Does not fit in 8 bytes with its NUL. */
    assert_int_equal(dashboard_cookie_find("aims_session=12345678", "aims_session", v, sizeof v),
                     -1);
    assert_int_equal(dashboard_cookie_find("aims_session=1234567", "aims_session", v, sizeof v), 0);
}

static void cookie_format_flags(void **state)
{
    char c[DASHBOARD_COOKIE_LEN];

    (void)state;
    dashboard_cookie_format(c, sizeof c, "abc", false);
    assert_string_equal(c, "aims_session=abc; Path=/dashboard; HttpOnly; SameSite=Strict");
    dashboard_cookie_format(c, sizeof c, "abc", true);
    assert_string_equal(c, "aims_session=abc; Path=/dashboard; HttpOnly; SameSite=Strict; Secure");
    dashboard_cookie_format(c, sizeof c, NULL, false);
    assert_string_equal(c, "aims_session=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0");
}

static void token_equal(void **state)
{
    (void)state;
    assert_true(dashboard_token_equal("abcDEF-_", "abcDEF-_"));
    assert_false(dashboard_token_equal("abcDEF-_", "abcDEF-."));
    assert_false(dashboard_token_equal("abc", "abcd"));
    assert_false(dashboard_token_equal("", ""));
    assert_false(dashboard_token_equal(NULL, "abc"));
    assert_false(dashboard_token_equal("abc", NULL));
}

static void methods_that_change(void **state)
{
    (void)state;
    assert_true(dashboard_method_changes("POST"));
    assert_true(dashboard_method_changes("PUT"));
    assert_true(dashboard_method_changes("PATCH"));
    assert_true(dashboard_method_changes("DELETE"));
    assert_false(dashboard_method_changes("GET"));
    assert_false(dashboard_method_changes("HEAD"));
    assert_false(dashboard_method_changes("post"));
}

static void origin_check(void **state)
{
    (void)state;
    assert_true(dashboard_origin_ok("http://127.0.0.1:8080", "http://127.0.0.1:8080"));
    assert_true(dashboard_origin_ok("https://dash.example", "https://dash.example/aims/"));
    assert_true(dashboard_origin_ok("HTTPS://Dash.Example", "https://dash.example"));
    assert_false(dashboard_origin_ok("http://dash.example", "https://dash.example"));
    assert_false(dashboard_origin_ok("https://dash.example:444", "https://dash.example"));
    assert_false(dashboard_origin_ok("https://dash.example.evil", "https://dash.example"));
    assert_false(dashboard_origin_ok("null", "https://dash.example"));
    assert_false(dashboard_origin_ok(NULL, "https://dash.example"));
    assert_false(dashboard_origin_ok("https://dash.example", "dash.example"));
}

static void email_normalize(void **state)
{
    char out[256];
    const char *in = "  Ada.Obi@Example.COM \t";

    (void)state;
    assert_int_equal(dashboard_email_normalize(in, strlen(in), out, sizeof out), 0);
    assert_string_equal(out, "ada.obi@example.com");
    assert_int_equal(dashboard_email_normalize("a@b", 3, out, sizeof out), 0);
    assert_int_equal(dashboard_email_normalize("ab", 2, out, sizeof out), -1);
    assert_int_equal(dashboard_email_normalize("@ab", 3, out, sizeof out), -1);
    assert_int_equal(dashboard_email_normalize("ab@", 3, out, sizeof out), -1);
    assert_int_equal(dashboard_email_normalize("a@b@c", 5, out, sizeof out), -1);
    assert_int_equal(dashboard_email_normalize("a b@c", 5, out, sizeof out), -1);
    assert_int_equal(dashboard_email_normalize("a\x01@c", 4, out, sizeof out), -1);
    /* Does not fit. */
    assert_int_equal(dashboard_email_normalize("abc@def", 7, out, 7), -1);
}

static void email_too_long(void **state)
{
    char in[300], out[512];

    (void)state;
    memset(in, 'a', sizeof in);
    in[10] = '@';
    assert_int_equal(dashboard_email_normalize(in, 254, out, sizeof out), 0);
    assert_int_equal(dashboard_email_normalize(in, 255, out, sizeof out), -1);
}

static void locked_minutes(void **state)
{
    (void)state;
    assert_int_equal(dashboard_locked_minutes(0, 1000), 0);
    assert_int_equal(dashboard_locked_minutes(1000, 1000), 0);
    assert_int_equal(dashboard_locked_minutes(1001, 1000), 1);
    assert_int_equal(dashboard_locked_minutes(1060, 1000), 1);
    assert_int_equal(dashboard_locked_minutes(1061, 1000), 2);
    assert_int_equal(dashboard_locked_minutes(1000 + DASHBOARD_LOCK_S, 1000), 5);
}

static void lockout_after_five(void **state)
{
    struct dashboard_lockout l = {0, 0};

    (void)state;
    for (int i = 1; i < DASHBOARD_MAX_FAILED_LOGINS; i++) {
        dashboard_login_failed(&l, 5000);
        assert_int_equal(l.failed_logins, i);
        assert_int_equal(l.locked_until, 0);
    }
    dashboard_login_failed(&l, 5000);
    assert_int_equal(l.failed_logins, 0);
    assert_int_equal(l.locked_until, 5000 + DASHBOARD_LOCK_S);
    assert_int_equal(dashboard_locked_minutes(l.locked_until, 5000), 5);
    /* After the lock, one more failure starts a new count and does not lock again. */
    dashboard_login_failed(&l, 5000 + DASHBOARD_LOCK_S + 1);
    assert_int_equal(l.failed_logins, 1);
    assert_int_equal(dashboard_locked_minutes(l.locked_until, 5000 + DASHBOARD_LOCK_S + 1), 0);
}

/* Alive before the 12-hour end and within 30 minutes of the last request; last_seen is
 * written at most once a minute. */
static void session_alive_and_seen(void **state)
{
    static const struct {
        int64_t expires, seen, now;
        bool alive, due;
    } rows[] = {
        {100000, 1000, 1000, true, false},
        {100000, 1000, 1059, true, false},
        {100000, 1000, 1060, true, true},
        {100000, 1000, 1000 + DASHBOARD_IDLE_S - 1, true, true},
        {100000, 1000, 1000 + DASHBOARD_IDLE_S, false, true},
        {5000, 4990, 4999, true, false},
        {5000, 4990, 5000, false, false},
        {5000, 4999, 5001, false, false},
    };

    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        print_message("row %zu\n", i);
        assert_int_equal(dashboard_session_alive(rows[i].expires, rows[i].seen, rows[i].now),
                         rows[i].alive);
        assert_int_equal(dashboard_seen_due(rows[i].seen, rows[i].now), rows[i].due);
    }
}

static void password_hash_verify(void **state)
{
    char hash[VAULT_PASSWORD_HASH_LEN], pw[VAULT_PASSWORD_LEN + 1], pw2[VAULT_PASSWORD_LEN + 1];

    (void)state;
    vault_new_password(pw);
    vault_new_password(pw2);
    assert_int_equal(strlen(pw), VAULT_PASSWORD_LEN);
    assert_true(VAULT_PASSWORD_LEN >= 16);
    assert_string_not_equal(pw, pw2);
    for (size_t i = 0; i < strlen(pw); i++)
        assert_non_null(strchr("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", pw[i]));
    assert_int_equal(vault_password_hash(pw, strlen(pw), hash), 0);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_null(strstr(hash, pw));
    assert_true(vault_password_verify(hash, pw, strlen(pw)));
    assert_false(vault_password_verify(hash, pw2, strlen(pw2)));
    assert_false(vault_password_verify(hash, pw, strlen(pw) - 1));
    /* No hash: checked against the dummy, never a match. */
    assert_false(vault_password_verify(NULL, pw, strlen(pw)));
}

static void new_tokens(void **state)
{
    char a[VAULT_TOKEN_LEN + 1], b[VAULT_TOKEN_LEN + 1];

    (void)state;
    vault_new_token(a);
    vault_new_token(b);
    assert_int_equal(strlen(a), 43);
    assert_string_not_equal(a, b);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
}

static int group_setup(void **state)
{
    (void)state;
    return vault_init();
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cookie_find_among_others), cmocka_unit_test(cookie_find_refuses),
        cmocka_unit_test(cookie_format_flags),      cmocka_unit_test(token_equal),
        cmocka_unit_test(methods_that_change),      cmocka_unit_test(origin_check),
        cmocka_unit_test(email_normalize),          cmocka_unit_test(email_too_long),
        cmocka_unit_test(locked_minutes),           cmocka_unit_test(lockout_after_five),
        cmocka_unit_test(password_hash_verify),     cmocka_unit_test(new_tokens),
        cmocka_unit_test(session_alive_and_seen),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("dashboard", tests, group_setup, NULL);
}
