/*
 * test_vault.c - unit tests of src/vault/vault.h: libsodium start-up, the key file
 * (creation with mode 0600, reloading, malformed and missing files), keyed hashing of
 * authorization keys, the per-partner email blind index and sealing of personal data.
 *
 * Each test works in its own temporary directory, removed afterwards.
 * Run one test by name: build/tests/test_vault seal_tamper_any_byte
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/common/ids.h"
#include "../../src/vault/vault.h"

#define MASTER_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

struct fixture {
    char dir[64];
    char path[128]; /* <dir>/aims.key */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (!f || vault_init() != 0)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/aims-vault-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/aims.key", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char other[160];

    unlink(f->path);
    snprintf(other, sizeof other, "%s/other.key", f->dir);
    unlink(other);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* Loads path without creating it; returns the function's result. */
static int load(const char *path, struct vault_keys *k, char *err, size_t err_len)
{
    bool created = true;
    int rc = vault_load_key_file(path, false, k, &created, err, err_len);
    assert_false(created);
    return rc;
}

static const uint8_t partner_a[16] = {1, 2, 3, 4, 5, 6, 0x40, 8, 0x80, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t partner_b[16] = {9, 2, 3, 4, 5, 6, 0x40, 8, 0x80, 10, 11, 12, 13, 14, 15, 16};

static void init_twice(void **state)
{
    (void)state;
    assert_int_equal(vault_init(), 0);
    assert_int_equal(vault_init(), 0);
}

static void key_file_created_0600(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k1, k2;
    uint8_t i1[VAULT_HASH_BYTES], i2[VAULT_HASH_BYTES];
    char err[256] = "", text[100];
    bool created = false;
    struct stat sb;
    FILE *fp;
    size_t n;

    assert_int_equal(vault_load_key_file(f->path, true, &k1, &created, err, sizeof err), 0);
    assert_true(created);
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_true(S_ISREG(sb.st_mode));

    /* 64 lowercase hex digits and a newline. */
    fp = fopen(f->path, "r");
    assert_non_null(fp);
    n = fread(text, 1, sizeof text, fp);
    fclose(fp);
    assert_int_equal(n, 65);
    assert_int_equal(text[64], '\n');
    for (int i = 0; i < 64; i++)
        assert_non_null(strchr("0123456789abcdef", text[i]));

    /* Reloading (with or without create) finds the same master key. */
    assert_int_equal(load(f->path, &k2, err, sizeof err), 0);
    assert_memory_equal(&k1, &k2, sizeof k1);
    vault_email_index(&k1, partner_a, "a@b.co", 6, i1);
    vault_email_index(&k2, partner_a, "a@b.co", 6, i2);
    assert_memory_equal(i1, i2, sizeof i1);
    created = true;
    assert_int_equal(vault_load_key_file(f->path, true, &k2, &created, err, sizeof err), 0);
    assert_false(created);
    assert_memory_equal(&k1, &k2, sizeof k1);
}

static void sub_keys_independent(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k;
    char err[256];

    write_file(f->path, MASTER_HEX "\n");
    assert_int_equal(load(f->path, &k, err, sizeof err), 0);
    assert_memory_not_equal(k.auth, k.pii, 32);
    assert_memory_not_equal(k.auth, k.email, 32);
    assert_memory_not_equal(k.pii, k.email, 32);
}

static void key_file_formatting_tolerated(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k1, k2;
    char err[256];

    write_file(f->path, MASTER_HEX);
    assert_int_equal(load(f->path, &k1, err, sizeof err), 0);
    write_file(f->path, MASTER_HEX "\r\n");
    assert_int_equal(load(f->path, &k2, err, sizeof err), 0);
    assert_memory_equal(&k1, &k2, sizeof k1);
    write_file(f->path, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F\n");
    assert_int_equal(load(f->path, &k2, err, sizeof err), 0);
    assert_memory_equal(&k1, &k2, sizeof k1);
}

static void key_file_malformed(void **state)
{
    static const char *const bad[] = {
        "",
        "not a key\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1\n", /* 63 */
        "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
        MASTER_HEX "20\n",      /* 66 digits */
        MASTER_HEX "\nextra\n", /* trailing text */
        "0x" MASTER_HEX "\n",
        "00-01-02-03-04-05-06-07-08-09-0a-0b-0c-0d-0e-0f-10-11-12-13-14\n",
    };
    struct fixture *f = *state;
    struct vault_keys k;
    char err[256];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(f->path, bad[i]);
        err[0] = '\0';
        if (load(f->path, &k, err, sizeof err) != -1)
            fail_msg("key file \"%s\" was accepted", bad[i]);
        assert_non_null(strstr(err, "must hold 64 hex digits"));
        assert_non_null(strstr(err, f->path));
    }
}

static void key_file_missing(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k;
    char err[256] = "", path[200];
    bool created = true;

    assert_int_equal(vault_load_key_file(f->path, false, &k, &created, err, sizeof err), -1);
    assert_false(created);
    assert_non_null(strstr(err, "cannot open key file"));
    assert_int_equal(access(f->path, F_OK), -1); /* not created */

    /* Create cannot make a file in a folder that does not exist. */
    snprintf(path, sizeof path, "%s/no/such/dir/aims.key", f->dir);
    assert_int_equal(vault_load_key_file(path, true, &k, &created, err, sizeof err), -1);
    assert_false(created);
    assert_non_null(strstr(err, "cannot create key file"));
}

static void different_key_files_differ(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k1, k2;
    uint8_t i1[VAULT_HASH_BYTES], i2[VAULT_HASH_BYTES];
    char err[256], other[160];
    bool created;

    snprintf(other, sizeof other, "%s/other.key", f->dir);
    assert_int_equal(vault_load_key_file(f->path, true, &k1, &created, err, sizeof err), 0);
    assert_int_equal(vault_load_key_file(other, true, &k2, &created, err, sizeof err), 0);
    assert_true(created);
    vault_email_index(&k1, partner_a, "a@b.co", 6, i1);
    vault_email_index(&k2, partner_a, "a@b.co", 6, i2);
    assert_memory_not_equal(i1, i2, sizeof i1);
}

static void auth_key_hashing(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k, k2;
    char b64[VAULT_AUTH_KEY_B64_LEN + 1], changed[VAULT_AUTH_KEY_B64_LEN + 1], err[256];
    uint8_t h[VAULT_HASH_BYTES], h2[VAULT_HASH_BYTES], zero[VAULT_HASH_BYTES] = {0};
    char big[400];
    bool created;

    assert_int_equal(vault_load_key_file(f->path, true, &k, &created, err, sizeof err), 0);
    vault_new_auth_key(&k, b64, h);
    assert_int_equal(strlen(b64), VAULT_AUTH_KEY_B64_LEN);
    assert_int_equal(b64[43], '='); /* 32 bytes: one padding character */

    /* The presented key verifies. */
    assert_int_equal(vault_hash_auth_key(&k, b64, strlen(b64), h2), 0);
    assert_true(vault_equal(h, h2));

    /* A changed key, still valid base64, does not. */
    memcpy(changed, b64, sizeof changed);
    changed[5] = changed[5] == 'A' ? 'B' : 'A';
    assert_int_equal(vault_hash_auth_key(&k, changed, strlen(changed), h2), 0);
    assert_false(vault_equal(h, h2));

    /* Non-base64 text: -1, and the hash is still filled (same work on every path). */
    memset(h2, 0, sizeof h2);
    assert_int_equal(vault_hash_auth_key(&k, "not base64!", 11, h2), -1);
    assert_memory_not_equal(h2, zero, sizeof h2);
    assert_false(vault_equal(h, h2));
    assert_int_equal(vault_hash_auth_key(&k, b64, 43, h2), -1); /* padding cut off */
    memset(big, 'A', sizeof big);
    assert_int_equal(vault_hash_auth_key(&k, big, sizeof big, h2), -1);

    /* Another key file hashes the same key differently. */
    write_file(f->path, MASTER_HEX "\n");
    assert_int_equal(load(f->path, &k2, err, sizeof err), 0);
    assert_int_equal(vault_hash_auth_key(&k2, b64, strlen(b64), h2), 0);
    assert_false(vault_equal(h, h2));
}

static void equal_compares_all_bytes(void **state)
{
    uint8_t a[VAULT_HASH_BYTES], b[VAULT_HASH_BYTES];

    (void)state;
    vault_random(a, sizeof a);
    memcpy(b, a, sizeof b);
    assert_true(vault_equal(a, b));
    for (int i = 0; i < VAULT_HASH_BYTES; i++) {
        b[i] ^= 0x01;
        assert_false(vault_equal(a, b));
        b[i] ^= 0x01;
    }
}

static void email_index_per_partner(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k;
    uint8_t a1[VAULT_HASH_BYTES], a2[VAULT_HASH_BYTES], b1[VAULT_HASH_BYTES], c1[VAULT_HASH_BYTES];
    const char *email = "adaeze.nwosu@email.com";
    char err[256];

    write_file(f->path, MASTER_HEX "\n");
    assert_int_equal(load(f->path, &k, err, sizeof err), 0);
    vault_email_index(&k, partner_a, email, strlen(email), a1);
    vault_email_index(&k, partner_a, email, strlen(email), a2);
    vault_email_index(&k, partner_b, email, strlen(email), b1);
    vault_email_index(&k, partner_a, "adaeze.nwosu@email.co", 21, c1);
    assert_memory_equal(a1, a2, sizeof a1);
    assert_memory_not_equal(a1, b1, sizeof a1);
    assert_memory_not_equal(a1, c1, sizeof a1);
}

static void seal_open_round_trip(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k;
    const char *plain = "{\"name\":{\"first\":\"Adaeze\"}}";
    uint8_t ad[16], *s1, *s2;
    size_t s1_len = 0, s2_len = 0, p_len = 0;
    char err[256], *p;
    bool created;

    assert_int_equal(vault_load_key_file(f->path, true, &k, &created, err, sizeof err), 0);
    vault_new_id(ad);
    s1 = vault_seal(&k, ad, sizeof ad, (const uint8_t *)plain, strlen(plain), &s1_len);
    s2 = vault_seal(&k, ad, sizeof ad, (const uint8_t *)plain, strlen(plain), &s2_len);
    assert_int_equal(s1_len, 24 + strlen(plain) + 16); /* nonce, text, tag */
    assert_int_equal(s1_len, s2_len);
    assert_memory_not_equal(s1, s2, s1_len); /* a fresh nonce every time */
    assert_null(memmem(s1, s1_len, "Adaeze", 6));

    p = vault_open(&k, ad, sizeof ad, s1, s1_len, &p_len);
    assert_non_null(p);
    assert_int_equal(p_len, strlen(plain));
    assert_string_equal(p, plain); /* NUL-terminated */
    free(p);
    free(s1);
    free(s2);

    /* An empty text round-trips too. */
    s1 = vault_seal(&k, ad, sizeof ad, (const uint8_t *)"", 0, &s1_len);
    assert_int_equal(s1_len, 40);
    p = vault_open(&k, ad, sizeof ad, s1, s1_len, &p_len);
    assert_non_null(p);
    assert_int_equal(p_len, 0);
    assert_string_equal(p, "");
    free(p);
    free(s1);
}

static void seal_tamper_any_byte(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k;
    uint8_t ad[16], *s;
    size_t s_len = 0, p_len = 0;
    char err[256], *p;
    bool created;

    assert_int_equal(vault_load_key_file(f->path, true, &k, &created, err, sizeof err), 0);
    vault_new_id(ad);
    s = vault_seal(&k, ad, sizeof ad, (const uint8_t *)"secret", 6, &s_len);
    for (size_t i = 0; i < s_len; i++) {
        s[i] ^= 0x20;
        p = vault_open(&k, ad, sizeof ad, s, s_len, &p_len);
        if (p) {
            free(p);
            fail_msg("tampering byte %zu went unnoticed", i);
        }
        s[i] ^= 0x20;
    }
    /* Cut short: below nonce + tag, and by one byte. */
    assert_null(vault_open(&k, ad, sizeof ad, s, 39, &p_len));
    assert_null(vault_open(&k, ad, sizeof ad, s, s_len - 1, &p_len));
    /* Untouched, it still opens. */
    p = vault_open(&k, ad, sizeof ad, s, s_len, &p_len);
    assert_non_null(p);
    free(p);
    free(s);
}

static void seal_wrong_ad_or_key(void **state)
{
    struct fixture *f = *state;
    struct vault_keys k, other;
    uint8_t ad[16], ad2[16], *s;
    size_t s_len = 0, p_len = 0;
    char err[256], path[160];
    bool created;

    assert_int_equal(vault_load_key_file(f->path, true, &k, &created, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/other.key", f->dir);
    assert_int_equal(vault_load_key_file(path, true, &other, &created, err, sizeof err), 0);
    vault_new_id(ad);
    memcpy(ad2, ad, sizeof ad);
    ad2[15] ^= 1;
    s = vault_seal(&k, ad, sizeof ad, (const uint8_t *)"secret", 6, &s_len);
    assert_null(vault_open(&k, ad2, sizeof ad2, s, s_len, &p_len));
    assert_null(vault_open(&k, ad, sizeof ad - 1, s, s_len, &p_len));
    assert_null(vault_open(&k, NULL, 0, s, s_len, &p_len));
    assert_null(vault_open(&other, ad, sizeof ad, s, s_len, &p_len));
    free(s);
}

static void new_ids_are_v4(void **state)
{
    uint8_t a[16], b[16], back[16];
    char hex[ID_HEX_LEN + 1];

    (void)state;
    vault_new_id(a);
    vault_new_id(b);
    assert_memory_not_equal(a, b, 16);
    id_format_hex(a, hex);
    assert_int_equal(id_parse(hex, ID_HEX_LEN, back), 0);
    assert_memory_equal(a, back, 16);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_twice),
        cmocka_unit_test_setup_teardown(key_file_created_0600, setup, teardown),
        cmocka_unit_test_setup_teardown(sub_keys_independent, setup, teardown),
        cmocka_unit_test_setup_teardown(key_file_formatting_tolerated, setup, teardown),
        cmocka_unit_test_setup_teardown(key_file_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(key_file_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(different_key_files_differ, setup, teardown),
        cmocka_unit_test_setup_teardown(auth_key_hashing, setup, teardown),
        cmocka_unit_test(equal_compares_all_bytes),
        cmocka_unit_test_setup_teardown(email_index_per_partner, setup, teardown),
        cmocka_unit_test_setup_teardown(seal_open_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(seal_tamper_any_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(seal_wrong_ad_or_key, setup, teardown),
        cmocka_unit_test(new_ids_are_v4),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    if (vault_init() != 0)
        return 1;
    return cmocka_run_group_tests_name("vault", tests, NULL, NULL);
}
