/*
 * text.c - see text.h.
 */
#include "text.h"

#include <string.h>

size_t utf8_count(const char *s, size_t s_len)
{
    size_t n = 0;
    for (size_t i = 0; i < s_len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n++;
    return n;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void text_trim(const char **s, size_t *s_len)
{
    const char *p = *s;
    size_t n = *s_len;

    while (n > 0 && is_space(p[0])) {
        p++;
        n--;
    }
    while (n > 0 && is_space(p[n - 1]))
        n--;
    *s = p;
    *s_len = n;
}

bool text_blank(const char *s, size_t s_len)
{
    text_trim(&s, &s_len);
    return s_len == 0;
}

bool text_eq(const char *s, size_t s_len, const char *word)
{
    size_t n = strlen(word);
    return n == s_len && memcmp(s, word, n) == 0;
}

static bool is_b64(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

long base64_decoded_len(const char *s, size_t s_len)
{
    size_t pad = 0;

    if (s_len % 4 != 0)
        return -1;
    if (s_len > 0 && s[s_len - 1] == '=')
        pad++;
    if (s_len > 1 && s[s_len - 2] == '=')
        pad++;
    for (size_t i = 0; i < s_len - pad; i++)
        if (!is_b64(s[i]))
            return -1;
    return (long)(s_len / 4 * 3 - pad);
}
