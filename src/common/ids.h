/*
 * ids.h - 128-bit identifiers in UUID v4 form (partners, authorization ids, consumers).
 *
 * On the wire an id is accepted as 32 hex digits or hyphenated 8-4-4-4-12, in any case.
 * It is stored and printed as 32 lowercase hex digits ("hex form") or hyphenated
 * lowercase ("uuid form"). Random bytes come from the caller (crypto/), so this
 * module stays libc-only.
 */
#ifndef AIMS_IDS_H
#define AIMS_IDS_H

#include <stddef.h>
#include <stdint.h>

#define ID_BYTES 16
#define ID_HEX_LEN 32  /* without the terminating NUL */
#define ID_UUID_LEN 36 /* without the terminating NUL */

/*
 * Parses s (s_len bytes, not NUL-terminated) as an id in either form, any case.
 * Requires the UUID v4 version nibble and RFC 4122 variant bits.
 * Returns 0 and fills out[16], or -1 when s is not a valid UUID v4.
 */
int id_parse(const char *s, size_t s_len, uint8_t out[ID_BYTES]);

/* Turns 16 random bytes into a UUID v4 in place (sets version and variant bits). */
void id_make_v4(uint8_t id[ID_BYTES]);

/* Writes the 32-hex form of id and a NUL into out (33 bytes). */
void id_format_hex(const uint8_t id[ID_BYTES], char out[ID_HEX_LEN + 1]);

/* Writes the hyphenated form of id and a NUL into out (37 bytes). */
void id_format_uuid(const uint8_t id[ID_BYTES], char out[ID_UUID_LEN + 1]);

/*
 * Writes the hex form of bytes (len bytes) and a NUL into out, which holds
 * 2 * len + 1 bytes.
 */
void hex_encode(const uint8_t *bytes, size_t len, char *out);

#endif
