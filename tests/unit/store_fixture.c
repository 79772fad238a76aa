/*
 * store_fixture.c - see store_fixture.h. Linked into every unit test binary (it is not
 * a test_*.c file, so it is no suite of its own).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/vault/vault.h"
#include "store_fixture.h"

static char url[256];
static char tmpdir[64]; /* set when this run made its own database */

int store_fixture_setup(void **state)
{
    const char *env = getenv("AIMS_TEST_STORE_URL");

    (void)state;
    if (vault_init() != 0)
        return -1;
    if (env && *env) {
        snprintf(url, sizeof url, "%s", env);
        return 0;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/aims-store-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(url, sizeof url, "sqlite:%s/t.db", tmpdir);
    return 0;
}

int store_fixture_teardown(void **state)
{
    static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm", "t.db-journal"};
    char path[128];

    (void)state;
    if (!tmpdir[0])
        return 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    tmpdir[0] = '\0';
    return 0;
}

const char *store_fixture_url(void)
{
    return url;
}

const char *store_fixture_dir(void)
{
    return tmpdir[0] ? tmpdir : NULL;
}

struct store *store_fixture_open(unsigned flags)
{
    struct store *st = NULL;
    char err[512] = "";
    int rc = store_open(url, flags, &st, err, sizeof err);

    if (rc != STORE_OK)
        fail_msg("store_open(%s): %d %s", url, rc, err);
    assert_non_null(st);
    return st;
}
