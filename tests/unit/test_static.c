/*
 * test_static.c - tests of the dashboard's file serving (src/server/static.h): content
 * types by extension, the name check that keeps requests inside the folder, and
 * static_serve against tests/unit/data/dashboard/. Run from the repository root; one
 * test by name: build/tests/test_static path_check_refuses
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/server/static.h"

#define DIR "tests/unit/data/dashboard"

static void content_types(void **state)
{
    (void)state;
    assert_string_equal(static_content_type("index.html"), "text/html; charset=utf-8");
    assert_string_equal(static_content_type("a/style.css"), "text/css; charset=utf-8");
    assert_string_equal(static_content_type("app.js"), "text/javascript; charset=utf-8");
    assert_string_equal(static_content_type("logo.svg"), "image/svg+xml");
    assert_null(static_content_type("README.md"));
    assert_null(static_content_type(".js"));
    assert_null(static_content_type("app.js.map"));
    assert_null(static_content_type("html"));
}

static void path_check_accepts(void **state)
{
    (void)state;
    assert_int_equal(static_path_check("index.html"), 0);
    assert_int_equal(static_path_check("pages/consumer-list_2.js"), 0);
    assert_int_equal(static_path_check("img/logo.v2.svg"), 0);
}

static void path_check_refuses(void **state)
{
    static const char *bad[] = {
        "",
        "../Makefile",
        "..",
        "a/../b.js",
        "./index.html",
        ".env.js",
        "a//b.js",
        "/etc/x.html",
        "a/",
        "index.html/",
        "a\\b.js",
        "x.html\n",
        "sp ace.html",
        "%2e.js",
        "README.md",
        "index.HTM",
        "a/.hidden/b.css",
        "caf\xc3\xa9.js",
    };
    char longname[260];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (static_path_check(bad[i]) != -1)
            fail_msg("static_path_check accepted \"%s\"", bad[i]);
    }
    memset(longname, 'a', sizeof longname);
    memcpy(longname + sizeof longname - 6, ".html", 6);
    assert_int_equal(static_path_check(longname), -1);
}

static void serve_files(void **state)
{
    struct static_file f;

    (void)state;
    assert_int_equal(static_serve(DIR, "/dashboard/", &f), 200);
    assert_string_equal(f.content_type, "text/html; charset=utf-8");
    assert_int_equal(f.len, strlen("<p>index</p>\n"));
    assert_memory_equal(f.body, "<p>index</p>\n", f.len);
    free(f.body);
    assert_int_equal(static_serve(DIR, "/dashboard/js/app.js", &f), 200);
    assert_string_equal(f.content_type, "text/javascript; charset=utf-8");
    free(f.body);
    assert_int_equal(static_serve(DIR, "/dashboard/missing.css", &f), 404);
    assert_int_equal(static_serve(DIR, "/dashboard/js", &f), 404);
    assert_int_equal(static_serve(DIR, "/dashboard/../test_static.c", &f), 404);
    assert_int_equal(static_serve(DIR, "/healthz", &f), 0);
    assert_int_equal(static_serve(DIR, "/dashboardx/index.html", &f), 0);
    assert_int_equal(static_serve("no/such/dir", "/dashboard/index.html", &f), 404);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(content_types),
        cmocka_unit_test(path_check_accepts),
        cmocka_unit_test(path_check_refuses),
        cmocka_unit_test(serve_files),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("static", tests, NULL, NULL);
}
