/*
 * http.c - libaims's transport (libcurl; the only file of aims that includes curl.h).
 *
 * One easy handle per call, so calls on several threads never share one. A command is
 * the AIMS envelope POSTed as JSON to the server's "/"; every answer there is HTTP 200
 * and its outcome is exctnFdbck.id: 75 success, 35 at capacity (retried here with
 * exponential backoff and jitter), 55 an error carrying id_v4 and elbrtn. Numbers may
 * come as JSON numbers or as strings (legacy servers, PROTOCOL.md section 9).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client_int.h"

#define USER_AGENT "libaims/" AIMS_CLIENT_VERSION
/* The longest single wait after a 35, however the base and the count were set. */
#define MAX_BACKOFF_MS (10u * 60u * 1000u)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static CURLcode init_result;

static void init_curl(void)
{
    init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

enum aims_rc libaims_http_init(void)
{
    pthread_once(&init_once, init_curl);
    if (init_result != CURLE_OK)
        return libaims_fail(AIMS_ENOMEM, 0, "libcurl did not initialise: %s",
                            curl_easy_strerror(init_result));
    return AIMS_OK;
}

/* Where an answer's bytes go: memory (JSON) or a file (a certificate). */
struct sink {
    char *p; /* memory: the bytes so far, NUL-terminated */
    size_t len, cap, max;
    FILE *file;   /* file: written here instead */
    char head[5]; /* file: the first bytes, to recognise a PDF */
    bool oom, too_big, io_error;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *arg)
{
    struct sink *s = arg;
    size_t n = size * nmemb;

    if (n > s->max - s->len) {
        s->too_big = true;
        return 0;
    }
    if (s->file) {
        for (size_t i = 0; i < n && s->len + i < sizeof s->head; i++)
            s->head[s->len + i] = data[i];
        if (fwrite(data, 1, n, s->file) != n) {
            s->io_error = true;
            return 0;
        }
        s->len += n;
        return n;
    }
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        char *p;

        while (cap < s->len + n + 1)
            cap *= 2;
        p = realloc(s->p, cap);
        if (!p) {
            s->oom = true;
            return 0;
        }
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->len, data, n);
    s->len += n;
    s->p[s->len] = '\0';
    return n;
}

/* The options every request shares. Returns the first failing CURLcode. */
static CURLcode common_options(CURL *h, const struct aims_client *c, const char *url,
                               struct sink *sink, char *errbuf)
{
    CURLcode e;

    if ((e = curl_easy_setopt(h, CURLOPT_URL, url)) != CURLE_OK ||
        (e = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf)) != CURLE_OK ||
        (e = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L)) != CURLE_OK ||
        (e = curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)c->timeout_ms)) != CURLE_OK ||
        (e = curl_easy_setopt(h, CURLOPT_USERAGENT, USER_AGENT)) != CURLE_OK ||
        (e = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data)) != CURLE_OK ||
        (e = curl_easy_setopt(h, CURLOPT_WRITEDATA, sink)) != CURLE_OK)
        return e;
        /* A URL from the server (crtfctUrl) must not reach file:// or other protocols. */
#if LIBCURL_VERSION_NUM >= 0x075500
    e = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    e = curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    return e;
}

/* Turns a failed transfer into an rc and the thread's error. */
static enum aims_rc transfer_error(CURLcode e, const struct sink *s, const char *errbuf,
                                   const char *url)
{
    const char *why = errbuf[0] ? errbuf : curl_easy_strerror(e);

    if (s->oom || e == CURLE_OUT_OF_MEMORY)
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    if (s->too_big)
        return libaims_fail(AIMS_EPROTO, 0, "the answer from %s is larger than %zu bytes", url,
                            s->max);
    if (s->io_error)
        return libaims_fail(AIMS_EIO, 0, "writing the downloaded file failed: %s", strerror(errno));
    if (e == CURLE_URL_MALFORMAT || e == CURLE_UNSUPPORTED_PROTOCOL)
        return libaims_fail(AIMS_EINVAL, 0, "%s: %s", url, why);
    return libaims_fail(AIMS_ENET, 0, "%s: %s", url, why);
}

/* POSTs body once. Returns AIMS_OK with *answer (a JSON object) or an error. */
static enum aims_rc post_once(struct aims_client *c, const char *body, size_t body_len,
                              json_t **answer)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct sink sink = {.max = LIBAIMS_MAX_ANSWER};
    struct curl_slist *headers = NULL, *more;
    json_error_t jerr;
    enum aims_rc rc = AIMS_OK;
    long status = 0;
    CURLcode e;
    CURL *h;

    *answer = NULL;
    h = curl_easy_init();
    if (!h)
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory (no HTTP handle)");
    /* "Expect:" stops curl waiting for 100-continue before larger bodies. */
    headers = curl_slist_append(NULL, "Content-Type: application/json");
    more = headers ? curl_slist_append(headers, "Accept: application/json") : NULL;
    more = more ? curl_slist_append(more, "Expect:") : NULL;
    if (!more) {
        rc = libaims_fail(AIMS_ENOMEM, 0, "out of memory");
        goto out;
    }
    e = common_options(h, c, c->post_url, &sink, errbuf);
    if (e == CURLE_OK)
        e = curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (e == CURLE_OK)
        e = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    if (e == CURLE_OK)
        e = curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    if (e == CURLE_OK)
        e = curl_easy_perform(h);
    if (e != CURLE_OK) {
        rc = transfer_error(e, &sink, errbuf, c->post_url);
        goto out;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        rc = libaims_fail(AIMS_EPROTO, 0, "%s answered HTTP %ld (an AIMS server answers 200)",
                          c->post_url, status);
        goto out;
    }
    *answer = json_loadb(sink.p ? sink.p : "", sink.len, 0, &jerr);
    if (!*answer) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            rc = libaims_fail(AIMS_ENOMEM, 0, "out of memory");
        else
            rc = libaims_fail(AIMS_EPROTO, 0, "the answer is not JSON: %s (line %d, column %d)",
                              jerr.text, jerr.line, jerr.column);
        goto out;
    }
    if (!json_is_object(*answer)) {
        json_decref(*answer);
        *answer = NULL;
        rc = libaims_fail(AIMS_EPROTO, 0, "the answer is not a JSON object");
    }
out:
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    free(sink.p);
    return rc;
}

/* The request body for command and seed: the envelope with this client's credentials. */
static char *envelope(const struct aims_client *c, const char *command, json_t *seed)
{
    json_t *env;
    char *text;

    /* "O*" leaves the seed out when it is NULL. */
    env = json_pack("{s:{s:s, s:{s:s, s:s}}, s:{s:s, s:O*}}", "userInfo", "id", c->partner_id,
                    "athrzt", "id", c->auth_id, "key", c->auth_key, "cmmnd", "cmmnd", command,
                    "seed", seed);
    if (!env)
        return NULL;
    text = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    return text;
}

/* The wait before retry number attempt (0-based): base, x2, x4, ... capped, jittered. */
static unsigned backoff(const struct aims_client *c, unsigned attempt)
{
    uint64_t ms = c->retry_base_ms;

    for (unsigned i = 0; i < attempt && ms < MAX_BACKOFF_MS; i++)
        ms *= 2;
    if (ms > MAX_BACKOFF_MS)
        ms = MAX_BACKOFF_MS;
    return libaims_jitter((unsigned)ms);
}

enum aims_rc libaims_call(struct aims_client *c, const char *command, json_t *seed, json_t **answer)
{
    char *body = envelope(c, command, seed);
    size_t body_len;
    enum aims_rc rc;

    *answer = NULL;
    if (!body)
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    body_len = strlen(body);
    for (unsigned attempt = 0;; attempt++) {
        json_t *a = NULL, *fb;
        const char *elbrtn;
        long long id = 0, v4 = 0;

        rc = post_once(c, body, body_len, &a);
        if (rc != AIMS_OK)
            break;
        fb = json_object_get(a, "exctnFdbck");
        if (!json_is_object(fb) || libaims_json_int(json_object_get(fb, "id"), &id) != 0) {
            json_decref(a);
            rc = libaims_fail(AIMS_EPROTO, 0, "the answer has no exctnFdbck.id");
            break;
        }
        /* Legacy servers leave id_v4 out. */
        if (libaims_json_int(json_object_get(fb, "id_v4"), &v4) != 0 || v4 < 0 || v4 > 999)
            v4 = 0;
        elbrtn = json_string_value(json_object_get(fb, "elbrtn"));
        if (id == 75) {
            *answer = a;
            rc = libaims_ok();
            break;
        }
        if (id == 55) {
            rc = libaims_fail(AIMS_ESERVER, (int)v4, "%s",
                              elbrtn ? elbrtn : "the server answered 55 without elbrtn");
        } else if (id == 35) {
            if (attempt < c->retries) {
                json_decref(a);
                libaims_sleep_ms(backoff(c, attempt));
                continue;
            }
            rc = libaims_fail(AIMS_EBUSY, v4 ? (int)v4 : 503, "%s (after %u retries)",
                              elbrtn ? elbrtn : "Server at capacity", c->retries);
        } else {
            rc = libaims_fail(AIMS_EPROTO, (int)v4, "the answer has exctnFdbck.id %lld", id);
        }
        json_decref(a);
        break;
    }
    free(body);
    return rc;
}

enum aims_rc libaims_download(struct aims_client *c, const char *url, const char *path)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct sink sink = {.max = LIBAIMS_MAX_PDF};
    size_t n = strlen(path);
    enum aims_rc rc = AIMS_OK;
    char *tmp = NULL;
    long status = 0;
    CURLcode e;
    CURL *h = NULL;
    int fd = -1;

    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
        return libaims_fail(AIMS_EPROTO, 0, "the certificate URL is not http or https: %s", url);
    tmp = malloc(n + sizeof ".XXXXXX");
    if (!tmp)
        return libaims_fail(AIMS_ENOMEM, 0, "out of memory");
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", sizeof ".XXXXXX");
    /* mkstemp creates the file with mode 0600: a certificate holds personal data. */
    fd = mkstemp(tmp);
    if (fd < 0) {
        rc = libaims_fail(AIMS_EIO, 0, "cannot create %s: %s", tmp, strerror(errno));
        free(tmp);
        return rc;
    }
    sink.file = fdopen(fd, "wb");
    if (!sink.file) {
        rc = libaims_fail(AIMS_EIO, 0, "cannot open %s: %s", tmp, strerror(errno));
        close(fd);
        goto out;
    }
    h = curl_easy_init();
    if (!h) {
        rc = libaims_fail(AIMS_ENOMEM, 0, "out of memory (no HTTP handle)");
        goto out;
    }
    e = common_options(h, c, url, &sink, errbuf);
    if (e == CURLE_OK)
        e = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    if (e == CURLE_OK)
        e = curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
#if LIBCURL_VERSION_NUM >= 0x075500
    if (e == CURLE_OK)
        e = curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    if (e == CURLE_OK)
        e = curl_easy_perform(h);
    if (e != CURLE_OK) {
        rc = transfer_error(e, &sink, errbuf, url);
        goto out;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        rc = libaims_fail(AIMS_EPROTO, 0, "%s answered HTTP %ld", url, status);
        goto out;
    }
    if (sink.len < 5 || memcmp(sink.head, "%PDF-", 5) != 0) {
        rc = libaims_fail(AIMS_EPROTO, 0, "%s did not answer a PDF", url);
        goto out;
    }
    if (fflush(sink.file) != 0 || fsync(fileno(sink.file)) != 0) {
        rc = libaims_fail(AIMS_EIO, 0, "writing %s failed: %s", tmp, strerror(errno));
        goto out;
    }
out:
    if (sink.file && fclose(sink.file) != 0 && rc == AIMS_OK)
        rc = libaims_fail(AIMS_EIO, 0, "writing %s failed: %s", tmp, strerror(errno));
    if (rc == AIMS_OK && rename(tmp, path) != 0)
        rc = libaims_fail(AIMS_EIO, 0, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    if (rc != AIMS_OK)
        unlink(tmp);
    curl_easy_cleanup(h);
    free(tmp);
    return rc;
}
