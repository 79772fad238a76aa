/*
 * reindex.c - a consumer's dashboard search tokens: hashed from the registration's seed
 * (profile.c) or computed again from the stored, sealed profile (api_profile_tokens, for
 * `aimsctl consumers reindex`: consumers registered before the search index existed).
 * Both read the same fields through dashboard_profile_terms and hash them with the same
 * key, so a consumer reindexed gets exactly the tokens registration gave it.
 */
#include <stdlib.h>
#include <string.h>

#include "../consumers/consumer.h"
#include "../dashboard/dashboard.h"
#include "api_int.h"

_Static_assert(DASHBOARD_MAX_TERMS == 16, "api.h promises 16 tokens at most");

size_t api_hash_terms(const struct vault_keys *keys, const uint8_t partner[16],
                      const struct dashboard_term *terms, size_t n, struct store_token *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].kind = terms[i].kind;
        vault_search_token(keys, partner, terms[i].kind, terms[i].text, strlen(terms[i].text),
                           out[i].hash);
    }
    return n;
}

/* The stored profile's string at field f ("" when absent or not a string, as at
 * registration). */
static const char *field(json_t *doc, enum consumer_field f)
{
    int g = consumer_field_group(f);
    json_t *obj = g < 0 ? doc : json_object_get(doc, consumer_group_key(g, false));
    const char *s = json_string_value(json_object_get(obj, consumer_field_key(f)));

    return s ? s : "";
}

int api_profile_tokens(const struct vault_keys *keys, const struct store_consumer *c,
                       struct store_token out[16], size_t *n)
{
    struct dashboard_term terms[DASHBOARD_MAX_TERMS];
    uint8_t ad[32];
    size_t len = 0, count;
    char *plain;
    json_t *doc;

    memcpy(ad, c->id, 16);
    memcpy(ad + 16, c->partner_id, 16);
    plain = vault_open(keys, ad, sizeof ad, c->profile, c->profile_len, &len);
    doc = plain ? json_loadb(plain, len, 0, NULL) : NULL;
    free(plain);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return -1;
    }
    count = dashboard_profile_terms(field(doc, CF_NAME_FIRST), field(doc, CF_NAME_MIDDLE),
                                    field(doc, CF_NAME_LAST), field(doc, CF_EMAIL),
                                    field(doc, CF_PHONE), field(doc, CF_DOB_DATE), terms,
                                    DASHBOARD_MAX_TERMS);
    *n = api_hash_terms(keys, c->partner_id, terms, count, out);
    json_decref(doc);
    return 0;
}
