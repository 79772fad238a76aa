/*
 * insights.c - the pure rules behind the dashboard's read pages (dashboard.h): the
 * search terms of a profile and of a query (hashed into the blind index by the vault),
 * lifetime value, category gaps, the 30-day renewal window, the months of the premium
 * chart, and the grouping of the duplicates report. No I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/timeutil.h"
#include "dashboard.h"

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int dashboard_phone_digits(const char *s, size_t s_len, char *out, size_t out_len)
{
    size_t n = 0;

    for (size_t i = 0; i < s_len; i++) {
        if (s[i] < '0' || s[i] > '9')
            continue;
        if (n + 1 >= out_len)
            return -1;
        out[n++] = s[i];
    }
    if (n < 7)
        return -1;
    out[n] = '\0';
    /* 0805... and +234805... are one number: keep the international form. */
    if (n == 11 && out[0] == '0') {
        if (n + 3 >= out_len)
            return -1;
        memmove(out + 3, out + 1, n);
        memcpy(out, "234", 3);
    }
    return 0;
}

/* Appends a term unless it is empty, too long, already there, or out is full. */
static size_t add(struct dashboard_term *out, size_t n, size_t max, char kind, const char *s,
                  size_t len)
{
    if (len == 0 || len >= DASHBOARD_TERM_MAX || n >= max)
        return n;
    for (size_t i = 0; i < n; i++)
        if (out[i].kind == kind && strlen(out[i].text) == len && memcmp(out[i].text, s, len) == 0)
            return n;
    out[n].kind = kind;
    memcpy(out[n].text, s, len);
    out[n].text[len] = '\0';
    return n + 1;
}

/* One TERM_NAME per lower-cased word of s (s_len bytes). */
static size_t add_words(struct dashboard_term *out, size_t n, size_t max, const char *s,
                        size_t s_len)
{
    char word[DASHBOARD_TERM_MAX];
    size_t w = 0;

    for (size_t i = 0; i <= s_len; i++) {
        if (i == s_len || space(s[i])) {
            n = add(out, n, max, TERM_NAME, word, w);
            w = 0;
        } else if (w + 1 < sizeof word) {
            word[w++] = lower(s[i]);
        }
    }
    return n;
}

static size_t lower_copy(const char *s, size_t s_len, char *out, size_t out_len)
{
    size_t b = 0, e = s_len, n = 0;

    while (b < e && space(s[b]))
        b++;
    while (e > b && space(s[e - 1]))
        e--;
    for (size_t i = b; i < e && n + 1 < out_len; i++)
        out[n++] = lower(s[i]);
    out[n] = '\0';
    return n;
}

size_t dashboard_profile_terms(const char *first, const char *middle, const char *last,
                               const char *email, const char *phone, const char *dob,
                               struct dashboard_term *out, size_t max)
{
    char text[DASHBOARD_TERM_MAX], a[DASHBOARD_TERM_MAX / 2 - 8], b[DASHBOARD_TERM_MAX / 2 - 8];
    size_t n = 0, len;

    if (first)
        n = add_words(out, n, max, first, strlen(first));
    if (middle)
        n = add_words(out, n, max, middle, strlen(middle));
    if (last)
        n = add_words(out, n, max, last, strlen(last));
    if (email) {
        len = lower_copy(email, strlen(email), text, sizeof text);
        n = add(out, n, max, TERM_EMAIL, text, len);
    }
    if (phone && dashboard_phone_digits(phone, strlen(phone), text, sizeof text) == 0)
        n = add(out, n, max, TERM_PHONE, text, strlen(text));
    if (first && last && dob && first[0] && last[0] && dob[0]) {
        lower_copy(first, strlen(first), a, sizeof a);
        lower_copy(last, strlen(last), b, sizeof b);
        len = (size_t)snprintf(text, sizeof text, "%s %s|%.10s", a, b, dob);
        n = add(out, n, max, TERM_NAME_DOB, text, len < sizeof text ? len : 0);
    }
    return n;
}

size_t dashboard_query_terms(const char *q, size_t q_len, struct dashboard_term *out, size_t max)
{
    char text[DASHBOARD_TERM_MAX];
    bool phone = true, any = false;
    size_t len;

    for (size_t i = 0; i < q_len; i++) {
        if (q[i] == '@') {
            len = lower_copy(q, q_len, text, sizeof text);
            return add(out, 0, max, TERM_EMAIL, text, len);
        }
        if (!(q[i] >= '0' && q[i] <= '9') && !space(q[i]) && !strchr("+-()", q[i]))
            phone = false;
        if (q[i] >= '0' && q[i] <= '9')
            any = true;
    }
    if (phone && any)
        return dashboard_phone_digits(q, q_len, text, sizeof text) == 0
                   ? add(out, 0, max, TERM_PHONE, text, strlen(text))
                   : 0;
    return add_words(out, 0, max, q, q_len);
}

int64_t dashboard_ltv(const struct store_policy *p, size_t n)
{
    int64_t sum = 0;

    for (size_t i = 0; i < n; i++)
        if (p[i].status == POLICY_APPROVED)
            sum += p[i].premium_kobo;
    return sum;
}

bool dashboard_ending_soon(const struct store_policy *p, int64_t now)
{
    return p->status == POLICY_APPROVED && p->cover_end >= now &&
           p->cover_end <= now + (int64_t)DASHBOARD_RENEWAL_DAYS * 86400;
}

static bool member(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] && strcmp(list[i], s) == 0)
            return true;
    return false;
}

size_t dashboard_gaps(const char *const *all, size_t n_all, const char *const *held, size_t n_held,
                      const char **out)
{
    size_t n = 0;

    for (size_t i = 0; i < n_all; i++)
        if (all[i] && !member(all[i], held, n_held) && !member(all[i], out, n))
            out[n++] = all[i];
    return n;
}

int64_t dashboard_months(int64_t now, char keys[DASHBOARD_MONTHS][8])
{
    struct date d = date_from_unix(now);
    int y = d.year, m = d.month;

    /* Step back to the oldest month, then forward writing each key. */
    for (int i = 1; i < DASHBOARD_MONTHS; i++)
        if (--m == 0) {
            m = 12;
            y--;
        }
    d.year = y;
    d.month = m;
    d.day = 1;
    for (int i = 0; i < DASHBOARD_MONTHS; i++) {
        int yy = y % 10000;
        keys[i][0] = (char)('0' + yy / 1000);
        keys[i][1] = (char)('0' + yy / 100 % 10);
        keys[i][2] = (char)('0' + yy / 10 % 10);
        keys[i][3] = (char)('0' + yy % 10);
        keys[i][4] = '-';
        keys[i][5] = (char)('0' + m / 10);
        keys[i][6] = (char)('0' + m % 10);
        keys[i][7] = '\0';
        if (++m == 13) {
            m = 1;
            y++;
        }
    }
    return time_from_date(d);
}

static size_t root(int *parent, size_t i)
{
    while ((size_t)parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = (size_t)parent[i];
    }
    return i;
}

int dashboard_group_links(const int *a, const int *b, size_t n_links, size_t n_consumers,
                          int *group)
{
    int *parent = malloc((n_consumers ? n_consumers : 1) * sizeof *parent);
    int groups = 0;

    if (!parent)
        abort();
    for (size_t i = 0; i < n_consumers; i++) {
        parent[i] = (int)i;
        group[i] = -1;
    }
    /* Union by the lower index, so each group's root is its lowest consumer. */
    for (size_t k = 0; k < n_links; k++) {
        size_t x, y;
        if (a[k] < 0 || b[k] < 0 || (size_t)a[k] >= n_consumers || (size_t)b[k] >= n_consumers)
            continue;
        x = root(parent, (size_t)a[k]);
        y = root(parent, (size_t)b[k]);
        if (x < y)
            parent[y] = (int)x;
        else if (y < x)
            parent[x] = (int)y;
    }
    /* First mark the roots someone else points to, then number them in index order
     * (a root is its group's lowest index), then give each member its root's number. */
    for (size_t i = 0; i < n_consumers; i++)
        if (root(parent, i) != i)
            group[root(parent, i)] = -2;
    for (size_t i = 0; i < n_consumers; i++)
        if (group[i] == -2)
            group[i] = groups++;
    for (size_t i = 0; i < n_consumers; i++)
        if (root(parent, i) != i)
            group[i] = group[root(parent, i)];
    free(parent);
    return groups;
}
