/*
 * consumer.c - the Consumer Management Guide's pattern: a customer is registered (SR05,
 * "prfl entity") once, and the consumer_id is kept in the local store mapped to the
 * partner's own user id; every later purchase of any product reuses it without a
 * request. When the local record was lost, registering again with the same email gives
 * back the same consumer (the server's email idempotency), so recovery is automatic.
 */
#include <string.h>

#include "client_int.h"

/* Checks a caller's identifier (user ids): 1 to LIBAIMS_MAX_ARG bytes of UTF-8. */
static enum aims_rc check_arg(const char *v, const char *name)
{
    size_t n;

    if (!v)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", name);
    n = strlen(v);
    if (n == 0 || n > LIBAIMS_MAX_ARG)
        return libaims_fail(AIMS_EINVAL, 0, "%s must be 1 to %d bytes", name, LIBAIMS_MAX_ARG);
    if (!libaims_utf8_valid(v, n))
        return libaims_fail(AIMS_EINVAL, 0, "%s is not valid UTF-8", name);
    return AIMS_OK;
}

/*
 * Sets obj[key] to the string v when v is not NULL. Returns 0, 1 when v is not UTF-8
 * (the error names field), or -1 when out of memory.
 */
static int put(json_t *obj, const char *key, const char *v, const char *field)
{
    json_t *s;

    if (!v)
        return 0;
    if (!libaims_utf8_valid(v, strlen(v))) {
        libaims_fail(AIMS_EINVAL, 0, "profile %s is not valid UTF-8", field);
        return 1;
    }
    s = json_string(v);
    if (!s || json_object_set_new(obj, key, s) != 0)
        return -1;
    return 0;
}

/* Sets obj[key] to a new object holding {inner: v} when v is not NULL. */
static int put_nested(json_t *obj, const char *key, const char *inner, const char *v,
                      const char *field)
{
    json_t *o;
    int r;

    if (!v)
        return 0;
    o = json_object_get(obj, key);
    if (!o) {
        o = json_object();
        if (!o || json_object_set_new(obj, key, o) != 0)
            return -1;
    }
    r = put(o, inner, v, field);
    return r;
}

static bool individual(const struct aims_profile *p)
{
    return !p->cls || strcmp(p->cls, "individual") == 0 || strcmp(p->cls, "h") == 0;
}

/* The SR05 seed for profile (PROTOCOL.md section 5). */
static enum aims_rc profile_seed(const struct aims_profile *p, json_t **out)
{
    json_t *seed = json_object();
    int r = seed ? 0 : -1;

    *out = NULL;
    if (!r)
        r = put(seed, "class", p->cls ? p->cls : "individual", "cls");
    if (!r)
        r = put_nested(seed, "name", "first", p->first_name, "first_name");
    if (!r)
        r = put_nested(seed, "name", "last", p->last_name, "last_name");
    if (!r)
        r = put_nested(seed, "name", "middle", p->middle_name, "middle_name");
    if (!r)
        r = put_nested(seed, "dob", "date", p->dob, "dob");
    if (!r)
        r = put(seed, "gender", p->gender, "gender");
    if (!r)
        r = put(seed, "phoneNo", p->phone, "phone");
    if (!r)
        r = put(seed, "eMail", p->email, "email");
    if (!r)
        r = put_nested(seed, "addrss", "addrss", p->address, "address");
    if (!r)
        r = put(seed, "ntnlty", p->nationality, "nationality");
    if (!r)
        r = put(seed, "stateOfOrigin", p->state_of_origin, "state_of_origin");
    if (!r)
        r = put(seed, "mrtlStatus", p->marital_status, "marital_status");
    if (!r)
        r = put_nested(seed, "socialID", "type", p->id_type, "id_type");
    if (!r)
        r = put_nested(seed, "socialID", "id", p->id_number, "id_number");
    if (!r)
        r = put(seed, "taxId", p->tax_id, "tax_id");
    if (r != 0) {
        json_decref(seed);
        return r > 0 ? AIMS_EINVAL : libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    }
    *out = seed;
    return AIMS_OK;
}

static enum aims_rc check_profile(const struct aims_profile *p)
{
    if (!p)
        return libaims_fail(AIMS_EINVAL, 0,
                            "profile is NULL, and the user id is not in the local store");
    if (!p->first_name || !*p->first_name)
        return libaims_fail(AIMS_EINVAL, 0, "profile first_name is required");
    if (individual(p) && (!p->last_name || !*p->last_name))
        return libaims_fail(AIMS_EINVAL, 0, "profile last_name is required for individuals");
    /* The email is what recovers a lost local record; the server requires it too. */
    if (!p->email || !*p->email)
        return libaims_fail(AIMS_EINVAL, 0, "profile email is required");
    return AIMS_OK;
}

/* Sends the registration and reads the consumer id from its answer. */
static enum aims_rc register_consumer(struct aims_client *c, const struct aims_profile *p,
                                      char id[AIMS_ID_LEN])
{
    json_t *seed = NULL, *answer = NULL;
    const char *v;
    enum aims_rc rc;

    if ((rc = check_profile(p)) != AIMS_OK || (rc = profile_seed(p, &seed)) != AIMS_OK)
        return rc;
    rc = libaims_call(c, "prfl entity", seed, &answer);
    json_decref(seed);
    if (rc != AIMS_OK)
        return rc;
    v = json_string_value(json_object_get(answer, "id"));
    if (!v)
        v = json_string_value(json_object_get(answer, "id_uuid"));
    if (libaims_id_normalize(v, id) != 0)
        rc = libaims_fail(AIMS_EPROTO, 0, "the registration answer has no consumer id");
    json_decref(answer);
    return rc;
}

enum aims_rc aims_consumer_ensure(struct aims_client *c, const char *user_id,
                                  const struct aims_profile *profile, char out_id[AIMS_ID_LEN],
                                  bool *registered)
{
    char id[AIMS_ID_LEN];
    bool found = false;
    enum aims_rc rc;

    if (registered)
        *registered = false;
    if (!c || !out_id)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", c ? "out_id" : "client");
    if ((rc = check_arg(user_id, "user_id")) != AIMS_OK)
        return rc;
    /* Your own database first: a returning customer costs no request. */
    rc = libaims_store_consumer_find(c, user_id, out_id, &found);
    if (rc != AIMS_OK)
        return rc;
    if (found)
        return libaims_ok();
    /* A first purchase, or a lost record: the server answers the same id for the email. */
    rc = register_consumer(c, profile, id);
    if (rc != AIMS_OK)
        return rc;
    if (registered)
        *registered = true;
    rc = libaims_store_consumer_put(c, user_id, id, profile->email, out_id);
    return rc == AIMS_OK ? libaims_ok() : rc;
}

enum aims_rc aims_consumer_lookup(struct aims_client *c, const char *user_id,
                                  char out_id[AIMS_ID_LEN])
{
    bool found = false;
    enum aims_rc rc;

    if (!c || !out_id)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", c ? "out_id" : "client");
    if ((rc = check_arg(user_id, "user_id")) != AIMS_OK)
        return rc;
    rc = libaims_store_consumer_find(c, user_id, out_id, &found);
    if (rc != AIMS_OK)
        return rc;
    if (!found)
        return libaims_fail(AIMS_EINVAL, 0, "user id %s is not in the local store", user_id);
    return libaims_ok();
}

enum aims_rc
aims_consumer_each(struct aims_client *c,
                   int (*each)(const char *user_id, const char *consumer_id, void *arg), void *arg)
{
    struct libaims_mapping *m = NULL;
    size_t n = 0;
    enum aims_rc rc;

    if (!c || !each)
        return libaims_fail(AIMS_EINVAL, 0, "%s is NULL", c ? "each" : "client");
    /* A copy, so that each may call libaims (even on this client) without a deadlock. */
    rc = libaims_store_consumer_list(c, &m, &n);
    if (rc != AIMS_OK)
        return rc;
    libaims_ok();
    for (size_t i = 0; i < n; i++)
        if (each(m[i].user_id, m[i].consumer_id, arg) != 0)
            break;
    libaims_mappings_free(m, n);
    return AIMS_OK;
}
