/*
 * catalog_load_int.h - what the three files of the catalog loader share: the load state
 * with the path of the entry being read (for error texts), and small typed readers.
 *
 * catalog_load.c reads the file, the products and their quote fields; catalog_rules.c
 * the premium rules; catalog_facts.c the addtnlFact schemas. Shared functions carry the
 * prefix cl_ (catalog loader). Every reader returns 0 on success and -1 after writing
 * the error text; the first error stops the load.
 */
#ifndef AIMS_CATALOG_LOAD_INT_H
#define AIMS_CATALOG_LOAD_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog_load.h"

/* Load state. path is where the reader is, e.g. "products[3] (vhcl-cmpr-1111): premium". */
struct ld {
    const char *file;
    char *err;
    size_t err_len;
    struct catalog *cat;
    struct product *p; /* the product being read */
    char path[512];
    size_t path_len;
};

/* Which quote fields a rule may reference. */
enum ref_need {
    REF_ANY,                /* any field of the type */
    REF_REQUIRED,           /* a required field */
    REF_REQUIRED_OR_DEFAULT /* a required field, or one with a default */
};

/* Writes "<file>: <path> <message>" into the error buffer; returns -1. */
int cl_fail(struct ld *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends ".key" (or "key" at the start) to the path; returns the mark for cl_back. */
size_t cl_key(struct ld *L, const char *key);

/* Appends "[i]" to the path; returns the mark for cl_back. */
size_t cl_index(struct ld *L, size_t i);

/* Appends " (name): " to the path, naming the entry just indexed. */
void cl_name(struct ld *L, const char *name);

/* Cuts the path back to a mark. */
void cl_back(struct ld *L, size_t mark);

/* Fails on the first key of obj not in known (a NULL-terminated list). */
int cl_keys(struct ld *L, json_t *obj, const char *const *known);

/*
 * Reads string member key of obj (1 to max bytes) into the catalog's memory; absent: an
 * error when required, else *out = NULL.
 */
int cl_string(struct ld *L, json_t *obj, const char *key, bool required, size_t max,
              const char **out);

/* Reads a name: a letter, then letters, digits or _ (at most 64). Required. */
int cl_ident(struct ld *L, json_t *obj, const char *key, const char **out);

/* Reads a whole number from lo to hi; absent: an error when required, else *present false. */
int cl_int(struct ld *L, json_t *obj, const char *key, bool required, int64_t lo, int64_t hi,
           int64_t *out, bool *present);

/* Reads true or false; absent gives def. */
int cl_bool(struct ld *L, json_t *obj, const char *key, bool def, bool *out);

/*
 * Gets array member key with min to max entries; absent: an error when required, else
 * *out = NULL. The array is borrowed from obj.
 */
int cl_array(struct ld *L, json_t *obj, const char *key, bool required, size_t min, size_t max,
             json_t **out);

/*
 * Reads member key, an array of 1 to max distinct strings of 1 to len bytes each passing
 * ok (when not NULL; else "must be <what>"), into the catalog. Absent: *out NULL, *n 0.
 */
int cl_words(struct ld *L, json_t *obj, const char *key, size_t max, size_t len,
             bool (*ok)(const char *), const char *what, const char ***out, size_t *n);

/* Gets object member key; absent: an error when required, else *out = NULL. Borrowed. */
int cl_object(struct ld *L, json_t *obj, const char *key, bool required, json_t **out);

/* Reads member key: a list of distinct cover period codes (min to max entries). */
int cl_periods(struct ld *L, json_t *obj, const char *key, size_t min, struct period **out,
               size_t *n);

/*
 * Checks that the object's keys are exactly names[0..n) and puts each member, in names
 * order, into vals. Errors: "<path>.<key> is not a <noun> this product offers",
 * "<path> has no <thing> for <noun> <name>".
 */
int cl_keyed(struct ld *L, json_t *obj, const char *const *names, size_t n, const char *noun,
             const char *thing, json_t **vals);

/*
 * Reads member key naming a quote field of the given type (and need) of the current
 * product; sets *index. Absent: an error when required, else *index = -1.
 */
int cl_field_ref(struct ld *L, json_t *obj, const char *key, bool required, enum quote_type type,
                 enum ref_need need, int *index);

/* Index of the current product's quote field called name (legacy names not counted), or -1. */
int cl_quote_index(const struct ld *L, const char *name);

/* Reads the premium rule (object premium) of the current product. */
int cl_rule(struct ld *L, json_t *premium);

/* Reads an addtnlFact schema (array arr, depth 1 at the top) into *out and *n. */
int cl_facts(struct ld *L, json_t *arr, int depth, struct fact_field **out, size_t *n);

#endif
