/*
 * timeutil.h - UTC clock, calendar dates and timestamp formatting.
 *
 * Dates are proleptic Gregorian, UTC. No time zone database is involved.
 */
#ifndef AIMS_TIMEUTIL_H
#define AIMS_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* A calendar date. */
struct date {
    int year, month, day;
};

/* Seconds since the Unix epoch, UTC. */
int64_t time_now(void);

/* Monotonic clock in nanoseconds, for measuring durations. */
int64_t time_mono_ns(void);

/* Today's date (UTC) for the given epoch seconds. */
struct date date_from_unix(int64_t t);

/* Result of date_parse. */
enum date_status { DATE_OK = 0, DATE_BAD_FORM, DATE_NOT_REAL };

/*
 * Parses exactly "YYYY-MM-DD" from s (s_len bytes). Returns DATE_BAD_FORM when the
 * shape is wrong, DATE_NOT_REAL when it names no calendar day (2001-02-29), else DATE_OK
 * and fills *out.
 */
enum date_status date_parse(const char *s, size_t s_len, struct date *out);

/* Compares two dates: negative, zero or positive as a is before, equal to or after b. */
int date_cmp(struct date a, struct date b);

/* Whole years from born to on (an age); negative when born is after on. */
int date_years_between(struct date born, struct date on);

/* Epoch seconds of midnight UTC starting day d. */
int64_t time_from_date(struct date d);

/* Writes "YYYY-MM-DD HH:MM:SS" (UTC) and a NUL into out (20 bytes). */
void time_format(int64_t t, char out[20]);

#endif
