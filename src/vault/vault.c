/*
 * vault.c - libsodium behind vault.h. The only file in aims that includes sodium.h.
 */
#include "vault.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/ids.h"

#define KDF_CONTEXT "aimskeys"
enum { SUBKEY_AUTH = 1, SUBKEY_PII = 2, SUBKEY_EMAIL = 3, SUBKEY_SEARCH = 4 };

int vault_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

void vault_random(void *buf, size_t len)
{
    randombytes_buf(buf, len);
}

void vault_new_id(uint8_t id[16])
{
    randombytes_buf(id, 16);
    id_make_v4(id);
}

static void derive(const uint8_t master[32], struct vault_keys *keys)
{
    crypto_kdf_derive_from_key(keys->auth, sizeof keys->auth, SUBKEY_AUTH, KDF_CONTEXT, master);
    crypto_kdf_derive_from_key(keys->pii, sizeof keys->pii, SUBKEY_PII, KDF_CONTEXT, master);
    crypto_kdf_derive_from_key(keys->email, sizeof keys->email, SUBKEY_EMAIL, KDF_CONTEXT, master);
    crypto_kdf_derive_from_key(keys->search, sizeof keys->search, SUBKEY_SEARCH, KDF_CONTEXT,
                               master);
}

static int create_key_file(const char *path, uint8_t master[32], char *err, size_t err_len)
{
    char hex[65];
    int fd;

    randombytes_buf(master, 32);
    hex_encode(master, 32, hex);
    hex[64] = '\n';
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        snprintf(err, err_len, "cannot create key file %s: %s", path, strerror(errno));
        return -1;
    }
    if (write(fd, hex, sizeof hex) != (ssize_t)sizeof hex || fsync(fd) != 0) {
        snprintf(err, err_len, "cannot write key file %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    sodium_memzero(hex, sizeof hex);
    return 0;
}

int vault_load_key_file(const char *path, bool create, struct vault_keys *keys, bool *created,
                        char *err, size_t err_len)
{
    uint8_t master[32];
    char text[80];
    size_t bin_len = 0;
    ssize_t n;
    int fd;

    *created = false;
    fd = open(path, O_RDONLY);
    if (fd < 0 && errno == ENOENT && create) {
        if (create_key_file(path, master, err, err_len) != 0)
            return -1;
        *created = true;
        derive(master, keys);
        sodium_memzero(master, sizeof master);
        return 0;
    }
    if (fd < 0) {
        snprintf(err, err_len, "cannot open key file %s: %s", path, strerror(errno));
        return -1;
    }
    n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n < 64 || n == (ssize_t)sizeof text - 1) {
        snprintf(err, err_len, "key file %s must hold 64 hex digits", path);
        return -1;
    }
    if (sodium_hex2bin(master, sizeof master, text, (size_t)n, " \r\n", &bin_len, NULL) != 0 ||
        bin_len != sizeof master) {
        snprintf(err, err_len, "key file %s must hold 64 hex digits", path);
        return -1;
    }
    derive(master, keys);
    sodium_memzero(master, sizeof master);
    sodium_memzero(text, sizeof text);
    return 0;
}

static void keyed_hash(const uint8_t key[32], const uint8_t *msg, size_t len,
                       uint8_t out[VAULT_HASH_BYTES])
{
    crypto_generichash(out, VAULT_HASH_BYTES, msg, len, key, 32);
}

void vault_new_auth_key(const struct vault_keys *keys, char b64[VAULT_AUTH_KEY_B64_LEN + 1],
                        uint8_t hash[VAULT_HASH_BYTES])
{
    uint8_t raw[VAULT_AUTH_KEY_BYTES];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(b64, VAULT_AUTH_KEY_B64_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_ORIGINAL);
    keyed_hash(keys->auth, raw, sizeof raw, hash);
    sodium_memzero(raw, sizeof raw);
}

int vault_hash_auth_key(const struct vault_keys *keys, const char *b64, size_t b64_len,
                        uint8_t hash[VAULT_HASH_BYTES])
{
    uint8_t raw[256];
    size_t raw_len = 0;

    if (b64_len > 4 * sizeof raw / 3 ||
        sodium_base642bin(raw, sizeof raw, b64, b64_len, NULL, &raw_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        keyed_hash(keys->auth, (const uint8_t *)b64, b64_len, hash);
        return -1;
    }
    keyed_hash(keys->auth, raw, raw_len, hash);
    sodium_memzero(raw, sizeof raw);
    return 0;
}

void vault_digest(const void *data, size_t len, uint8_t out[VAULT_HASH_BYTES])
{
    crypto_generichash(out, VAULT_HASH_BYTES, data, len, NULL, 0);
}

char *vault_base64(const uint8_t *data, size_t len)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = xmalloc(n);

    sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

void vault_wipe(void *buf, size_t len)
{
    sodium_memzero(buf, len);
}

bool vault_equal(const uint8_t a[VAULT_HASH_BYTES], const uint8_t b[VAULT_HASH_BYTES])
{
    return sodium_memcmp(a, b, VAULT_HASH_BYTES) == 0;
}

void vault_email_index(const struct vault_keys *keys, const uint8_t partner[16], const char *email,
                       size_t email_len, uint8_t out[VAULT_HASH_BYTES])
{
    crypto_generichash_state st;

    crypto_generichash_init(&st, keys->email, sizeof keys->email, VAULT_HASH_BYTES);
    crypto_generichash_update(&st, partner, 16);
    crypto_generichash_update(&st, (const uint8_t *)email, email_len);
    crypto_generichash_final(&st, out, VAULT_HASH_BYTES);
}

void vault_search_token(const struct vault_keys *keys, const uint8_t partner[16], char kind,
                        const char *text, size_t text_len, uint8_t out[VAULT_HASH_BYTES])
{
    crypto_generichash_state st;
    uint8_t k = (uint8_t)kind;

    crypto_generichash_init(&st, keys->search, sizeof keys->search, VAULT_HASH_BYTES);
    crypto_generichash_update(&st, partner, 16);
    crypto_generichash_update(&st, &k, 1);
    crypto_generichash_update(&st, (const uint8_t *)text, text_len);
    crypto_generichash_final(&st, out, VAULT_HASH_BYTES);
}

uint8_t *vault_seal(const struct vault_keys *keys, const uint8_t *ad, size_t ad_len,
                    const uint8_t *plain, size_t plain_len, size_t *out_len)
{
    size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    size_t total = nonce_len + plain_len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    uint8_t *out = xmalloc(total);
    unsigned long long clen = 0;

    randombytes_buf(out, nonce_len);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + nonce_len, &clen, plain, plain_len, ad, ad_len,
                                               NULL, out, keys->pii);
    *out_len = nonce_len + (size_t)clen;
    return out;
}

char *vault_open(const struct vault_keys *keys, const uint8_t *ad, size_t ad_len,
                 const uint8_t *sealed, size_t sealed_len, size_t *plain_len)
{
    size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    size_t abytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    unsigned long long mlen = 0;
    char *plain;

    if (sealed_len < nonce_len + abytes)
        return NULL;
    plain = xmalloc(sealed_len - nonce_len - abytes + 1);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt((uint8_t *)plain, &mlen, NULL,
                                                   sealed + nonce_len, sealed_len - nonce_len, ad,
                                                   ad_len, sealed, keys->pii) != 0) {
        free(plain);
        return NULL;
    }
    plain[mlen] = '\0';
    *plain_len = (size_t)mlen;
    return plain;
}

_Static_assert(VAULT_PASSWORD_HASH_LEN >= crypto_pwhash_STRBYTES, "room for a hash string");

int vault_password_hash(const char *password, size_t len, char out[VAULT_PASSWORD_HASH_LEN])
{
    return crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
               ? 0
               : -1;
}

/* The dummy hash unknown users are checked against, made once on first use. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[VAULT_PASSWORD_HASH_LEN];

static void make_dummy(void)
{
    char pw[VAULT_PASSWORD_LEN + 1];

    vault_new_password(pw);
    if (vault_password_hash(pw, strlen(pw), dummy_hash) != 0)
        dummy_hash[0] = '\0';
}

bool vault_password_verify(const char *hash, const char *password, size_t len)
{
    if (!hash) {
        pthread_once(&dummy_once, make_dummy);
        /* The same work as a real check; the answer is no whatever it says. */
        int rc = crypto_pwhash_str_verify(dummy_hash, password, len);
        (void)rc;
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, len) == 0;
}

void vault_new_password(char out[VAULT_PASSWORD_LEN + 1])
{
    /* No 0/O, 1/l/I: the password is read off a terminal and typed. */
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    for (int i = 0; i < VAULT_PASSWORD_LEN; i++)
        out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    out[VAULT_PASSWORD_LEN] = '\0';
}

void vault_new_token(char out[VAULT_TOKEN_LEN + 1])
{
    uint8_t raw[32];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, VAULT_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}
