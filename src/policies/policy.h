/*
 * policy.h - what approval fixes: the policy number, the cover dates and the
 * certificate token. Shared by aimsd (TEST and auto approval at issuance) and aimsctl
 * (the operator's approval), so both make policies the same way.
 */
#ifndef AIMS_POLICY_H
#define AIMS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"

/*
 * Approves p at time now: status a, status_at and cover_start now, cover_end from
 * p->cover_period ("1y", "6m", "15d"; a count of months "Nm" for loans; "trip" ends at
 * trip_end), a fresh random policy number (TEST-<CATEGORY>-... for test partners,
 * AIMS-<CATEGORY>-... otherwise) and a fresh certificate token.
 * Returns 0, or -1 when the cover period cannot be read.
 */
int policy_approve(struct store_policy *p, bool test_partner, int64_t now, int64_t trip_end);

/* Adds count units ('d', 'w', 'm', 'y') to epoch seconds t; calendar months and years
 * (31 January + 1m = 28 or 29 February). Returns -1 on a bad unit. */
int64_t policy_add_period(int64_t t, unsigned count, char unit);

#endif
