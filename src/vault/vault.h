/*
 * vault.h - every use of libsodium in aims: random ids and keys, the key file,
 * keyed hashing of API keys, the email blind index, authenticated encryption of
 * personal data at rest, and Argon2id hashes of dashboard passwords.
 *
 * One 32-byte master key (the key file) yields independent sub-keys for each purpose,
 * so a leak of one derived value says nothing about the others.
 */
#ifndef AIMS_VAULT_H
#define AIMS_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VAULT_HASH_BYTES 32
#define VAULT_AUTH_KEY_BYTES 32   /* raw bytes of a new authorization key */
#define VAULT_AUTH_KEY_B64_LEN 44 /* its base64 text, without NUL */

/* Sub-keys derived from the key file. */
struct vault_keys {
    uint8_t auth[32];   /* keyed hash of authorization keys */
    uint8_t pii[32];    /* encryption of personal data */
    uint8_t email[32];  /* blind index of email addresses */
    uint8_t search[32]; /* blind index of the dashboard's search terms */
};

/* Initialises libsodium. Returns 0, or -1 when it cannot be used. Call once first. */
int vault_init(void);

/*
 * Loads the master key from path (64 hex digits) and derives the sub-keys into *keys.
 * When the file is missing and create is true, a new random key is written there with
 * mode 0600 and *created is set. Returns 0, or -1 with a message in err (err_len bytes).
 */
int vault_load_key_file(const char *path, bool create, struct vault_keys *keys, bool *created,
                        char *err, size_t err_len);

/* Fills buf with len cryptographically random bytes. */
void vault_random(void *buf, size_t len);

/* A fresh random UUID v4 (16 bytes). */
void vault_new_id(uint8_t id[16]);

/*
 * A new authorization key: 32 random bytes as base64 text (44 characters and a NUL in
 * b64), and its keyed hash in hash.
 */
void vault_new_auth_key(const struct vault_keys *keys, char b64[VAULT_AUTH_KEY_B64_LEN + 1],
                        uint8_t hash[VAULT_HASH_BYTES]);

/*
 * Keyed hash of a presented authorization key (its base64 text, b64_len bytes) into hash.
 * Returns 0, or -1 when the text is not base64 (hash is then still filled, from the raw
 * text, so callers spend the same time on every path).
 */
int vault_hash_auth_key(const struct vault_keys *keys, const char *b64, size_t b64_len,
                        uint8_t hash[VAULT_HASH_BYTES]);

/* An unkeyed BLAKE2b digest of data (len bytes) into out, e.g. of a request payload. */
void vault_digest(const void *data, size_t len, uint8_t out[VAULT_HASH_BYTES]);

/* data (len bytes) as standard base64 text in a malloc'd string the caller frees. */
char *vault_base64(const uint8_t *data, size_t len);

/* Overwrites len bytes at buf with zeros in a way the compiler cannot drop (secrets). */
void vault_wipe(void *buf, size_t len);

/* Constant-time comparison of two hashes; true when equal. */
bool vault_equal(const uint8_t a[VAULT_HASH_BYTES], const uint8_t b[VAULT_HASH_BYTES]);

/*
 * Blind index of an email: keyed hash of the partner id and the normalised address
 * (email, email_len bytes, already trimmed and lower-cased) into out.
 */
void vault_email_index(const struct vault_keys *keys, const uint8_t partner[16], const char *email,
                       size_t email_len, uint8_t out[VAULT_HASH_BYTES]);

/*
 * Blind index of one dashboard search term: keyed hash (its own derived key) of the
 * partner id, the term's kind (one letter) and its text (text_len bytes, already
 * normalised by the caller) into out. Equal inputs give equal tokens; without the key
 * file a token says nothing about its text.
 */
void vault_search_token(const struct vault_keys *keys, const uint8_t partner[16], char kind,
                        const char *text, size_t text_len, uint8_t out[VAULT_HASH_BYTES]);

/*
 * Encrypts plain (plain_len bytes) bound to ad (ad_len bytes, e.g. a record id). Returns
 * nonce and ciphertext in one malloc'd block; the caller frees it with free().
 * *out_len receives its length.
 */
uint8_t *vault_seal(const struct vault_keys *keys, const uint8_t *ad, size_t ad_len,
                    const uint8_t *plain, size_t plain_len, size_t *out_len);

/*
 * Decrypts a block made by vault_seal with the same ad. Returns the plain text (plus a
 * NUL after it) in a malloc'd block the caller frees with free(), or NULL when the block
 * was tampered with or the key is wrong. *plain_len receives its length.
 */
char *vault_open(const struct vault_keys *keys, const uint8_t *ad, size_t ad_len,
                 const uint8_t *sealed, size_t sealed_len, size_t *plain_len);

/* Dashboard passwords and session tokens. */
#define VAULT_PASSWORD_HASH_LEN 128 /* room for an Argon2id hash string and its NUL */
#define VAULT_PASSWORD_LEN 20       /* characters of a generated one-time password */
#define VAULT_TOKEN_LEN 43          /* a 256-bit token as unpadded base64url text */

/*
 * Hashes password (len bytes) with Argon2id at libsodium's interactive limits into out,
 * a NUL-terminated string that embeds the salt and parameters. Returns 0, or -1 when
 * memory for the hash cannot be had.
 */
int vault_password_hash(const char *password, size_t len, char out[VAULT_PASSWORD_HASH_LEN]);

/*
 * True when password (len bytes) matches hash, a string made by vault_password_hash.
 * A NULL hash is checked against a fixed dummy hash (and is never a match), so that an
 * unknown user costs the same time as a known one.
 */
bool vault_password_verify(const char *hash, const char *password, size_t len);

/*
 * A new one-time password: VAULT_PASSWORD_LEN random characters from letters and digits
 * that cannot be mistaken for each other, NUL-terminated in out.
 */
void vault_new_password(char out[VAULT_PASSWORD_LEN + 1]);

/* A new random 256-bit token as VAULT_TOKEN_LEN characters of base64url and a NUL. */
void vault_new_token(char out[VAULT_TOKEN_LEN + 1]);

#endif
