/*
 * text.h - small helpers over untrusted text held as (pointer, length).
 *
 * Nothing here allocates. Input is never assumed to be NUL-terminated.
 */
#ifndef AIMS_TEXT_H
#define AIMS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Number of code points in valid UTF-8 s (continuation bytes are not counted). */
size_t utf8_count(const char *s, size_t s_len);

/* Narrows (*s, *s_len) to drop ASCII white space at both ends. */
void text_trim(const char **s, size_t *s_len);

/* True when s holds only white space (or nothing). */
bool text_blank(const char *s, size_t s_len);

/* True when s equals the NUL-terminated word exactly. */
bool text_eq(const char *s, size_t s_len, const char *word);

/*
 * Checks that s is standard base64 (A-Z a-z 0-9 + /, '=' padding, length a multiple of
 * four; white space is not allowed). Returns the decoded length, or -1 when malformed.
 */
long base64_decoded_len(const char *s, size_t s_len);

#endif
