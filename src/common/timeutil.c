/*
 * timeutil.c - see timeutil.h.
 */
#include "timeutil.h"

#include <stdio.h>
#include <time.h>

int64_t time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t time_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

struct date date_from_unix(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    struct date d;

    gmtime_r(&tt, &tm);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    return d;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

enum date_status date_parse(const char *s, size_t s_len, struct date *out)
{
    int y, m, d;

    if (s_len != 10 || s[4] != '-' || s[7] != '-')
        return DATE_BAD_FORM;
    y = digits(s, 4);
    m = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return DATE_BAD_FORM;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DATE_NOT_REAL;
    out->year = y;
    out->month = m;
    out->day = d;
    return DATE_OK;
}

int date_cmp(struct date a, struct date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

int date_years_between(struct date born, struct date on)
{
    int years = on.year - born.year;
    if (on.month < born.month || (on.month == born.month && on.day < born.day))
        years--;
    return years;
}

int64_t time_from_date(struct date d)
{
    /* Days from civil (proleptic Gregorian), so no time zone is involved. */
    int y = d.year - (d.month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return ((int64_t)era * 146097 + doe - 719468) * 86400;
}

void time_format(int64_t t, char out[20])
{
    time_t tt = (time_t)t;
    struct tm tm;

    gmtime_r(&tt, &tm);
    if (strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        out[0] = '\0';
}
