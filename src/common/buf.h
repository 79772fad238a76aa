/*
 * buf.h - a growable byte buffer with a hard cap.
 *
 * Used for request bodies and generated text. Allocation failure aborts (server rule).
 */
#ifndef AIMS_BUF_H
#define AIMS_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated when len > 0 or after buf_printf */
    size_t len; /* bytes held */
    size_t cap; /* bytes allocated */
    size_t max; /* most bytes it may ever hold; 0 = no cap */
};

/* Initialises an empty buffer that never grows past max bytes (0 = no cap). */
void buf_init(struct buf *b, size_t max);

/* Frees the buffer's memory; b is empty afterwards. */
void buf_cleanup(struct buf *b);

/* Appends n bytes. Returns false (and appends nothing) when the cap would be passed. */
bool buf_append(struct buf *b, const void *p, size_t n);

/* Appends formatted text; returns false when the cap would be passed. */
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the bytes to the caller, who frees them with free(); b is empty afterwards. */
char *buf_take(struct buf *b, size_t *len);

/* Calls abort() with a message; used when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
char *xstrndup(const char *s, size_t n);

#endif
