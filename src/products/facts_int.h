/*
 * facts_int.h - helpers shared by facts.c and requirements.c.
 */
#ifndef AIMS_FACTS_INT_H
#define AIMS_FACTS_INT_H

#include <stddef.h>

#include "facts.h"

/* Member key of obj, or NULL when obj is no object or the member is absent or null. */
const void *facts_member(const struct fact_value_ops *ops, const void *obj, const char *key);

/* The string of v (length in *len), or NULL when v is not a string. */
const char *facts_string(const struct fact_value_ops *ops, const void *v, size_t *len);

#endif
