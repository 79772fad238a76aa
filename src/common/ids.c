/*
 * ids.c - UUID v4 parsing and formatting; see ids.h.
 */
#include "ids.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int id_parse(const char *s, size_t s_len, uint8_t out[ID_BYTES])
{
    char digits[ID_HEX_LEN];
    size_t n = 0;

    if (s_len == ID_HEX_LEN) {
        for (size_t i = 0; i < s_len; i++)
            digits[n++] = s[i];
    } else if (s_len == ID_UUID_LEN) {
        for (size_t i = 0; i < s_len; i++) {
            int hyphen_pos = (i == 8 || i == 13 || i == 18 || i == 23);
            if (hyphen_pos != (s[i] == '-'))
                return -1;
            if (!hyphen_pos)
                digits[n++] = s[i];
        }
    } else {
        return -1;
    }
    for (size_t i = 0; i < ID_BYTES; i++) {
        int hi = hexval(digits[2 * i]), lo = hexval(digits[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    /* Version 4 and the RFC 4122 variant (10xx): anything else is not a v4 id. */
    if ((out[6] & 0xf0) != 0x40 || (out[8] & 0xc0) != 0x80)
        return -1;
    return 0;
}

void id_make_v4(uint8_t id[ID_BYTES])
{
    id[6] = (uint8_t)((id[6] & 0x0f) | 0x40);
    id[8] = (uint8_t)((id[8] & 0x3f) | 0x80);
}

void hex_encode(const uint8_t *bytes, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * len] = '\0';
}

void id_format_hex(const uint8_t id[ID_BYTES], char out[ID_HEX_LEN + 1])
{
    hex_encode(id, ID_BYTES, out);
}

void id_format_uuid(const uint8_t id[ID_BYTES], char out[ID_UUID_LEN + 1])
{
    char hex[ID_HEX_LEN + 1];
    size_t n = 0;

    hex_encode(id, ID_BYTES, hex);
    for (size_t i = 0; i < ID_HEX_LEN; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out[n++] = '-';
        out[n++] = hex[i];
    }
    out[n] = '\0';
}
