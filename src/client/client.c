/*
 * client.c - libaims's client object: configuration from arguments or the environment,
 * opening the local store, and the per-thread error detail (aims_last_error).
 *
 * The rest of the library: http.c (libcurl, the envelope, retries on 35), store.c (the
 * local SQLite store), consumer.c (the guide's register-once pattern) and policy.c
 * (quotes, policy requests with journaled references, status, certificates).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_int.h"

#define DEFAULT_STORE "aims-client.db"
#define DEFAULT_TIMEOUT_MS 10000u
#define DEFAULT_RETRY_BASE_MS 2000u
#define DEFAULT_RETRIES 3u

/* Each thread's last outcome; see aims_last_error. */
static _Thread_local struct aims_error last_error;

enum aims_rc libaims_fail(enum aims_rc rc, int id_v4, const char *fmt, ...)
{
    va_list ap;

    last_error.rc = rc;
    last_error.id_v4 = id_v4;
    va_start(ap, fmt);
    vsnprintf(last_error.message, sizeof last_error.message, fmt, ap);
    va_end(ap);
    return rc;
}

enum aims_rc libaims_ok(void)
{
    last_error.rc = AIMS_OK;
    last_error.id_v4 = 0;
    last_error.message[0] = '\0';
    return AIMS_OK;
}

const struct aims_error *aims_last_error(void)
{
    return &last_error;
}

const char *aims_strerror(enum aims_rc rc)
{
    switch (rc) {
    case AIMS_OK:
        return "success";
    case AIMS_EINVAL:
        return "invalid argument";
    case AIMS_ENOMEM:
        return "out of memory";
    case AIMS_ENET:
        return "network error";
    case AIMS_EPROTO:
        return "protocol error";
    case AIMS_EBUSY:
        return "server busy";
    case AIMS_ESERVER:
        return "server error";
    case AIMS_ESTORE:
        return "local store error";
    case AIMS_ETIMEOUT:
        return "timed out";
    case AIMS_EIO:
        return "i/o error";
    }
    return "unknown error";
}

/* The setting from cfg, else from the environment variable env, else dflt (may be NULL). */
static const char *setting(const char *given, const char *env, const char *dflt)
{
    const char *v = given;

    if (!v)
        v = getenv(env);
    if (!v || !*v)
        v = dflt;
    return v;
}

/* Credentials travel in JSON and HTTP bodies: printable ASCII without spaces. */
static enum aims_rc check_token(const char *v, const char *name, const char *env)
{
    size_t n;

    if (!v)
        return libaims_fail(AIMS_EINVAL, 0, "%s is not set (in the configuration or %s)", name,
                            env);
    n = strlen(v);
    if (n > LIBAIMS_MAX_ARG)
        return libaims_fail(AIMS_EINVAL, 0, "%s is longer than %d characters", name,
                            LIBAIMS_MAX_ARG);
    for (size_t i = 0; i < n; i++)
        if (v[i] <= ' ' || v[i] > '~')
            return libaims_fail(AIMS_EINVAL, 0, "%s holds a character other than printable ASCII",
                                name);
    return AIMS_OK;
}

/*
 * The URL requests are POSTed to: the base URL as given, with "/" appended when it
 * names no path ("http://host:8080" -> "http://host:8080/"). NULL when out of memory.
 */
static char *post_url(const char *url)
{
    const char *host = strstr(url, "://") + 3;
    size_t n = strlen(url);
    char *out;

    if (strchr(host, '/'))
        return libaims_strdup(url);
    out = malloc(n + 2);
    if (!out)
        return NULL;
    memcpy(out, url, n);
    out[n] = '/';
    out[n + 1] = '\0';
    return out;
}

static enum aims_rc check_url(const char *url)
{
    enum aims_rc rc = check_token(url, "url", "AIMS_URL");

    if (rc != AIMS_OK)
        return rc;
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
        return libaims_fail(AIMS_EINVAL, 0, "url must start with http:// or https://");
    if (strstr(url, "://")[3] == '\0' || strstr(url, "://")[3] == '/')
        return libaims_fail(AIMS_EINVAL, 0, "url names no host");
    return AIMS_OK;
}

/* The partner id as the store's scope: the 32-hex form when it is a UUID, else lowercase. */
static void partner_key(const char *partner_id, char out[LIBAIMS_MAX_ARG + 1])
{
    char id[AIMS_ID_LEN];
    size_t i;

    if (libaims_id_normalize(partner_id, id) == 0) {
        memcpy(out, id, sizeof id);
        return;
    }
    for (i = 0; partner_id[i] && i < LIBAIMS_MAX_ARG; i++) {
        char ch = partner_id[i];
        out[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    out[i] = '\0';
}

enum aims_rc aims_client_new(const struct aims_config *cfg, struct aims_client **out)
{
    static const struct aims_config none;
    const char *url, *partner, *auth_id, *auth_key, *store;
    struct aims_client *c = NULL;
    enum aims_rc rc;

    if (!out)
        return libaims_fail(AIMS_EINVAL, 0, "out is NULL");
    *out = NULL;
    if (!cfg)
        cfg = &none;
    url = setting(cfg->url, "AIMS_URL", NULL);
    partner = setting(cfg->partner_id, "AIMS_PARTNER_ID", NULL);
    auth_id = setting(cfg->auth_id, "AIMS_AUTH_ID", NULL);
    auth_key = setting(cfg->auth_key, "AIMS_AUTH_KEY", NULL);
    store = setting(cfg->store_path, "AIMS_STORE", DEFAULT_STORE);
    if ((rc = check_url(url)) != AIMS_OK ||
        (rc = check_token(partner, "partner_id", "AIMS_PARTNER_ID")) != AIMS_OK ||
        (rc = check_token(auth_id, "auth_id", "AIMS_AUTH_ID")) != AIMS_OK ||
        (rc = check_token(auth_key, "auth_key", "AIMS_AUTH_KEY")) != AIMS_OK)
        return rc;
    if ((rc = libaims_http_init()) != AIMS_OK)
        return rc;

    c = calloc(1, sizeof *c);
    if (!c)
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return libaims_fail(AIMS_ENOMEM, 0, "cannot create a mutex");
    }
    c->post_url = post_url(url);
    c->partner_id = libaims_strdup(partner);
    c->auth_id = libaims_strdup(auth_id);
    c->auth_key = libaims_strdup(auth_key);
    c->store_path = libaims_strdup(store);
    if (!c->post_url || !c->partner_id || !c->auth_id || !c->auth_key || !c->store_path) {
        aims_client_free(c);
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    }
    partner_key(partner, c->partner_key);
    c->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;
    c->retry_base_ms = cfg->retry_base_ms ? cfg->retry_base_ms : DEFAULT_RETRY_BASE_MS;
    c->retries = cfg->retries ? cfg->retries : DEFAULT_RETRIES;
    rc = libaims_store_open(c);
    if (rc != AIMS_OK) {
        aims_client_free(c);
        return rc;
    }
    *out = c;
    return libaims_ok();
}

void aims_client_free(struct aims_client *c)
{
    if (!c)
        return;
    libaims_store_close(c);
    pthread_mutex_destroy(&c->lock);
    free(c->post_url);
    free(c->partner_id);
    free(c->auth_id);
    free(c->auth_key);
    free(c->store_path);
    free(c);
}
