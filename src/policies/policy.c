/*
 * policy.c - see policy.h.
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../common/ids.h"
#include "../vault/vault.h"

int64_t policy_add_period(int64_t t, unsigned count, char unit)
{
    time_t tt = (time_t)t;
    struct tm tm;
    int days_in;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (unit == 'd')
        return t + (int64_t)count * 86400;
    if (unit == 'w')
        return t + (int64_t)count * 7 * 86400;
    if (unit != 'm' && unit != 'y')
        return -1;
    gmtime_r(&tt, &tm);
    if (unit == 'y')
        tm.tm_year += (int)count;
    else {
        tm.tm_mon += (int)count;
        tm.tm_year += tm.tm_mon / 12;
        tm.tm_mon %= 12;
    }
    /* Clamp the day to the target month (31 Jan + 1m = end of February). */
    days_in = mdays[tm.tm_mon];
    if (tm.tm_mon == 1) {
        int y = tm.tm_year + 1900;
        if ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
            days_in = 29;
    }
    if (tm.tm_mday > days_in)
        tm.tm_mday = days_in;
    return (int64_t)timegm(&tm);
}

int policy_approve(struct store_policy *p, bool test_partner, int64_t now, int64_t trip_end)
{
    char category[8] = {0};
    uint8_t rnd[5], token[20];
    char rnd_hex[11], token_hex[41];
    unsigned count = 0;
    char unit = 0;
    size_t n = 0;
    int64_t end;

    if (strcmp(p->cover_period, "trip") == 0) {
        end = trip_end > now ? trip_end : now;
    } else {
        for (size_t i = 0; p->cover_period[i] >= '0' && p->cover_period[i] <= '9'; i++) {
            count = count * 10 + (unsigned)(p->cover_period[i] - '0');
            n = i + 1;
        }
        unit = p->cover_period[n];
        if (n == 0 || count == 0 || p->cover_period[n + 1] != '\0')
            return -1;
        end = policy_add_period(now, count, unit);
        if (end < 0)
            return -1;
    }
    /* The category is the product code's first part, e.g. HLTH. */
    for (size_t i = 0; i < sizeof category - 1 && p->product[i] && p->product[i] != '-'; i++)
        category[i] = (char)(p->product[i] >= 'a' && p->product[i] <= 'z' ? p->product[i] - 32
                                                                          : p->product[i]);
    vault_random(rnd, sizeof rnd);
    hex_encode(rnd, sizeof rnd, rnd_hex);
    for (size_t i = 0; rnd_hex[i]; i++)
        if (rnd_hex[i] >= 'a')
            rnd_hex[i] = (char)(rnd_hex[i] - 32);
    snprintf(p->policy_no, sizeof p->policy_no, "%s-%s-%s", test_partner ? "TEST" : "AIMS",
             category, rnd_hex);
    vault_random(token, sizeof token);
    hex_encode(token, sizeof token, token_hex);
    snprintf(p->cert_token, sizeof p->cert_token, "%s", token_hex);
    p->status = POLICY_APPROVED;
    p->status_at = now;
    p->cover_start = now;
    p->cover_end = end;
    return 0;
}
