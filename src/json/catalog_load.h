/*
 * catalog_load.h - reads the product catalog file (catalog/products.json) into the pure
 * structures of src/products/catalog.h.
 *
 * This folder and src/api are the only users of Jansson. Everything is checked at load:
 * unknown keys, types, bounds, duplicate codes and aliases, price tables against the
 * cover periods and plans the product offers, field references, addtnlFact schemas. A
 * catalog that loads can be priced without further checks. The format is described in
 * catalog/README.md.
 */
#ifndef AIMS_CATALOG_LOAD_H
#define AIMS_CATALOG_LOAD_H

#include <stddef.h>

#include "../products/catalog.h"

/* Largest catalog file read, in bytes. */
#define CATALOG_MAX_FILE (4u * 1024u * 1024u)

/*
 * Reads and checks the catalog file at path. Returns a new catalog (reference count 1;
 * the caller releases it with catalog_unref), or NULL with a one-line reason in err
 * (err_len bytes, always NUL-terminated) that starts with the path and names the entry
 * and field, e.g. "catalog/products.json: products[3] (vhcl-cmpr-1111): premium.rate
 * must be a whole number from 1 to 1000000".
 */
struct catalog *catalog_load_file(const char *path, char *err, size_t err_len);

/*
 * As catalog_load_file, from len bytes of JSON text (not necessarily NUL-terminated);
 * name_for_errors starts every error text.
 */
struct catalog *catalog_load_text(const char *text, size_t len, const char *name_for_errors,
                                  char *err, size_t err_len);

#endif
