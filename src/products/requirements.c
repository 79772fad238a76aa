/*
 * requirements.c - what a product needs on the stored consumer record at issuance
 * (PRODUCTS.md "Consumer record requirements"); see facts_consumer_check in facts.h.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "../common/text.h"
#include "facts.h"
#include "facts_int.h"

/* True when the non-blank string member key of obj is there. */
static bool has_text(const struct fact_value_ops *ops, const void *obj, const char *key)
{
    size_t len;
    const char *s = facts_string(ops, facts_member(ops, obj, key), &len);

    return s != NULL && !text_blank(s, len);
}

/* True when the profile holds a value at the dotted path. */
static bool profile_has(const struct fact_value_ops *ops, const void *profile, const char *path)
{
    const void *v = profile;
    const char *seg = path;
    bool social = false;

    for (;;) {
        const char *dot = strchr(seg, '.');
        size_t n = dot != NULL ? (size_t)(dot - seg) : strlen(seg);
        char key[64];

        if (n >= sizeof key)
            return false;
        memcpy(key, seg, n);
        key[n] = '\0';
        social = strcmp(key, "socialID") == 0;
        if (social && facts_member(ops, v, key) == NULL)
            v = facts_member(ops, v, "socialId"); /* the profile keeps the client's spelling */
        else
            v = facts_member(ops, v, key);
        if (v == NULL)
            return false;
        if (dot == NULL)
            break;
        seg = dot + 1;
    }
    if (social)
        return ops->kind(v) == FV_OBJECT && has_text(ops, v, "type") && has_text(ops, v, "id");
    switch (ops->kind(v)) {
    case FV_STRING: {
        size_t len;
        const char *s = ops->string(v, &len);
        return !text_blank(s, len);
    }
    default:
        return true;
    }
}

int facts_consumer_check(const struct product *p, const struct fact_value_ops *ops,
                         const void *profile, int consumer_class, char *err, size_t err_len)
{
    assert(p != NULL && ops != NULL);
    if (err != NULL && err_len > 0)
        err[0] = '\0';
    for (size_t i = 0; i < p->req_count; i++) {
        const struct consumer_req *r = &p->reqs[i];

        if (r->individuals_only && consumer_class == FACTS_ORGANISATION)
            continue;
        if (!profile_has(ops, profile, r->path)) {
            if (err != NULL && err_len > 0)
                snprintf(err, err_len, "Consumer record lacks %s, which %s requires", r->path,
                         p->code);
            return -1;
        }
    }
    return 0;
}
