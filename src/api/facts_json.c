/*
 * facts_json.c - struct fact_value_ops over Jansson; see facts_json.h.
 */
#include "facts_json.h"

#include "../products/facts.h"

static enum fv_kind kind(const void *v)
{
    const json_t *j = v;
    if (json_is_string(j))
        return FV_STRING;
    if (json_is_number(j))
        return FV_NUMBER;
    if (json_is_boolean(j))
        return FV_BOOL;
    if (json_is_array(j))
        return FV_ARRAY;
    if (json_is_object(j))
        return FV_OBJECT;
    return FV_NULL;
}

static const char *string(const void *v, size_t *len)
{
    *len = json_string_length(v);
    return json_string_value(v);
}

static double number(const void *v)
{
    return json_number_value(v);
}

static bool boolean(const void *v)
{
    return json_is_true((const json_t *)v);
}

static size_t array_size(const void *v)
{
    return json_array_size(v);
}

static const void *array_at(const void *v, size_t i)
{
    return json_array_get(v, i);
}

static const void *member(const void *v, const char *key)
{
    return json_is_object((const json_t *)v) ? json_object_get(v, key) : NULL;
}

static const struct fact_value_ops ops = {kind,       string,   number, boolean,
                                          array_size, array_at, member};

int facts_json_check(const struct product *p, json_t *facts, json_t *seed, int cls,
                     struct date today, char *err, size_t err_len)
{
    return facts_check(p, &ops, facts, seed, cls, today, err, err_len);
}

int facts_json_consumer(const struct product *p, json_t *profile, int cls, char *err,
                        size_t err_len)
{
    return facts_consumer_check(p, &ops, profile, cls, err, err_len);
}
