/*
 * rules.c - the pure rules of dashboard sessions (dashboard.h): reading the session
 * cookie and writing Set-Cookie, comparing CSRF tokens, the Origin check, email
 * normalisation and the lockout arithmetic. No I/O, no clock: callers pass the time.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../common/text.h"
#include "dashboard.h"

int dashboard_cookie_find(const char *header, const char *name, char *out, size_t out_len)
{
    size_t name_len = strlen(name);
    const char *p = header;

    if (!header || out_len == 0)
        return -1;
    while (*p) {
        const char *end = strchr(p, ';'), *eq;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *item = p;

        text_trim(&item, &len);
        eq = memchr(item, '=', len);
        if (eq && (size_t)(eq - item) == name_len && memcmp(item, name, name_len) == 0) {
            const char *v = eq + 1;
            size_t v_len = len - name_len - 1;
            /* A value may be sent quoted (RFC 6265 cookie-value). */
            if (v_len >= 2 && v[0] == '"' && v[v_len - 1] == '"') {
                v++;
                v_len -= 2;
            }
            if (v_len == 0 || v_len >= out_len)
                return -1;
            memcpy(out, v, v_len);
            out[v_len] = '\0';
            return 0;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return -1;
}

void dashboard_cookie_format(char *out, size_t out_len, const char *token, bool secure)
{
    snprintf(out, out_len, "%s=%s; Path=/dashboard; HttpOnly; SameSite=Strict%s%s",
             DASHBOARD_COOKIE, token ? token : "", token ? "" : "; Max-Age=0",
             secure ? "; Secure" : "");
}

bool dashboard_token_equal(const char *a, const char *b)
{
    size_t a_len, b_len;
    unsigned char diff = 0;

    if (!a || !b)
        return false;
    a_len = strlen(a);
    b_len = strlen(b);
    if (a_len != b_len || a_len == 0)
        return false;
    /* Every byte is looked at, so the time says nothing about where they differ. */
    for (size_t i = 0; i < a_len; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

bool dashboard_method_changes(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

bool dashboard_origin_ok(const char *origin, const char *public_url)
{
    const char *sep = strstr(public_url, "://"), *path;
    size_t len;

    if (!origin || !sep)
        return false;
    path = strchr(sep + 3, '/');
    len = path ? (size_t)(path - public_url) : strlen(public_url);
    return strlen(origin) == len && strncasecmp(origin, public_url, len) == 0;
}

int dashboard_email_normalize(const char *s, size_t s_len, char *out, size_t out_len)
{
    const char *at = NULL;

    text_trim(&s, &s_len);
    if (s_len < 3 || s_len > 254 || s_len >= out_len)
        return -1;
    for (size_t i = 0; i < s_len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return -1;
        if (c == '@') {
            if (at)
                return -1;
            at = s + i;
        }
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (!at || at == s || at == s + s_len - 1)
        return -1;
    out[s_len] = '\0';
    return 0;
}

int dashboard_locked_minutes(int64_t locked_until, int64_t now)
{
    if (locked_until <= now)
        return 0;
    return (int)((locked_until - now + 59) / 60);
}

void dashboard_login_failed(struct dashboard_lockout *l, int64_t now)
{
    if (l->failed_logins < 0)
        l->failed_logins = 0;
    l->failed_logins++;
    if (l->failed_logins >= DASHBOARD_MAX_FAILED_LOGINS) {
        l->failed_logins = 0;
        l->locked_until = now + DASHBOARD_LOCK_S;
    }
}

bool dashboard_session_alive(int64_t expires_at, int64_t last_seen, int64_t now)
{
    return now < expires_at && now - last_seen < DASHBOARD_IDLE_S;
}

bool dashboard_seen_due(int64_t last_seen, int64_t now)
{
    return now - last_seen >= DASHBOARD_SEEN_EVERY_S;
}
