/*
 * facts_json.h - the addtnlFact and consumer-requirement rules (products/facts.h) run
 * over Jansson values: the adapter between the pure rules and the request's JSON.
 */
#ifndef AIMS_FACTS_JSON_H
#define AIMS_FACTS_JSON_H

#include <jansson.h>

#include "../common/timeutil.h"
#include "../products/catalog.h"

/*
 * Checks seed.addtnlFact (facts, NULL when absent) of a request for product p by a
 * consumer of class cls (0 individual, 1 organisation). Returns 0, or -1 with the
 * elbrtn text in err (err_len bytes).
 */
int facts_json_check(const struct product *p, json_t *facts, json_t *seed, int cls,
                     struct date today, char *err, size_t err_len);

/* Checks the stored profile holds what p requires; 0, or -1 with the text in err. */
int facts_json_consumer(const struct product *p, json_t *profile, int cls, char *err,
                        size_t err_len);

#endif
