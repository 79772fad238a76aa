/*
 * main.c - aimsd: wires the HTTP front, the API, the writer thread and the store, then
 * waits for SIGINT/SIGTERM and stops cleanly (requests in flight finish and commit).
 */
#include <getopt.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../api/api.h"
#include "../certificates/certificate.h"
#include "../common/buf.h"
#include "../common/limits.h"
#include "../common/log.h"
#include "../common/metrics.h"
#include "../common/timeutil.h"
#include "../http/http.h"
#include "../json/catalog_load.h"
#include "../products/catalog.h"
#include "../store/writer.h"
#include "../vault/vault.h"
#include "keyfile.h"
#include "static.h"

struct server {
    struct api *api;
    struct http_server *http;
    unsigned max_connections;
    const char *dashboard_dir; /* the dashboard's files, served under /dashboard/ */
};

static const char usage[] =
    "usage: aimsd --listen HOST:PORT --db sqlite:PATH [options]\n"
    "Serves the AIMS command endpoint (POST /), /healthz and /metrics.\n"
    "  --listen HOST:PORT       address to listen on (e.g. 127.0.0.1:8080)\n"
    "  --db URL                 store, e.g. sqlite:var/aims.db (created if missing)\n"
    "  --key-file PATH          master key; default <db path>.key, created on first use\n"
    "  --catalog FILE           product catalog (default " AIMS_DEFAULT_CATALOG "); SIGHUP\n"
    "                           reloads it, keeping the old one if the file is bad\n"
    "  --public-url URL         base of certificate and verify links (default http://LISTEN)\n"
    "  --max-queue N            writes waiting at once before answering 35 (default 1024)\n"
    "  --max-connections N      open connections before answering 35 (default 1000)\n"
    "  --threads N              HTTP worker threads (default: one per core)\n"
    "  --dashboard-dir DIR      the dashboard's HTML, CSS and JavaScript, served under\n"
    "                           /dashboard/ (default dashboard)\n"
    "  --max-group N            most writes committed in one transaction (default 256;\n"
    "                           1 turns group commit off, for comparison)\n"
    "  --help                   this text\n";

static bool overloaded(void *arg)
{
    struct server *s = arg;
    return s->http && (unsigned)http_open_connections(s->http) > s->max_connections;
}

static void api_answer(void *arg, char *body, size_t body_len, const char *note)
{
    struct http_req *req = arg;
    http_req_set_note(req, note);
    http_req_respond(req, 200, "application/json", body, body_len);
}

/* A query-string argument for the dashboard API (api_dash_request.arg). */
static const char *query_arg(void *req, const char *name)
{
    return http_req_arg(req, name);
}

static void dashboard_answer(void *arg, unsigned status, char *body, size_t body_len,
                             const char *set_cookie)
{
    struct http_req *req = arg;
    if (set_cookie)
        http_req_add_header(req, "Set-Cookie", set_cookie);
    /* Personal data and one-time API keys: never kept by a browser or a proxy. */
    http_req_add_header(req, "Cache-Control", "no-store");
    http_req_add_header(req, "X-Content-Type-Options", "nosniff");
    http_req_respond(req, status, "application/json", body, body_len);
}

/*
 * GET /dashboard/... (the API under /dashboard/api/ is routed before this). Every answer
 * carries a Content-Security-Policy that lets the pages load only their own files and
 * talk only to this server, so an injected script or style cannot run.
 */
static void dashboard_file(struct server *s, struct http_req *req, const char *path)
{
    struct static_file f;
    char *text;
    int status;

    http_req_add_header(req, "Content-Security-Policy", "default-src 'self'");
    http_req_add_header(req, "X-Content-Type-Options", "nosniff");
    if (strcmp(path, "/dashboard") == 0) {
        http_req_add_header(req, "Location", "/dashboard/");
        text = xstrndup("moved to /dashboard/\n", 21);
        http_req_respond(req, 301, "text/plain; charset=utf-8", text, 21);
        return;
    }
    status = static_serve(s->dashboard_dir, path, &f);
    if (status == 200) {
        http_req_add_header(req, "Cache-Control", "no-cache");
        http_req_respond(req, 200, f.content_type, f.body, f.len);
        return;
    }
    text = xstrndup("not found\n", 10);
    http_req_respond(req, 404, "text/plain; charset=utf-8", text, 10);
}

static void on_http(struct http_req *req, void *arg)
{
    struct server *s = arg;
    const char *path = http_req_path(req);
    const char *method = http_req_method(req);
    struct buf b;
    size_t len;
    char *text;

    if (strcmp(path, "/") == 0) {
        const char *body = http_req_body(req, &len);
        api_handle(s->api, method, body, len, http_req_too_large(req), http_req_start_ns(req),
                   api_answer, req);
        return;
    }
    if (strncmp(path, "/dashboard/api/", 15) == 0) {
        struct api_dash_request dr;
        dr.method = method;
        dr.path = path;
        dr.body = http_req_body(req, &dr.body_len);
        dr.too_large = http_req_too_large(req);
        dr.cookie = http_req_header(req, "Cookie");
        dr.csrf = http_req_header(req, "X-CSRF-Token");
        dr.origin = http_req_header(req, "Origin");
        dr.arg = query_arg;
        dr.arg_ctx = req;
        api_dashboard(s->api, &dr, dashboard_answer, req);
        return;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        text = xstrndup("method not allowed\n", 19);
        http_req_respond(req, 405, "text/plain; charset=utf-8", text, 19);
        return;
    }
    if (strcmp(path, "/dashboard") == 0 || strncmp(path, "/dashboard/", 11) == 0) {
        dashboard_file(s, req, path);
        return;
    }
    {
        struct api_page page;
        unsigned status = (unsigned)api_page(s->api, path, &page);
        if (status == 200) {
            http_req_respond(req, 200, page.content_type, page.body, page.len);
            return;
        }
        if (status != 0) {
            text = xstrndup(status == 404 ? "not found\n" : "internal error\n",
                            status == 404 ? 10 : 15);
            http_req_respond(req, status, "text/plain; charset=utf-8", text, strlen(text));
            return;
        }
    }
    if (strcmp(path, "/healthz") == 0) {
        text = xstrndup("ok", 2);
        http_req_respond(req, 200, "text/plain; charset=utf-8", text, 2);
        return;
    }
    if (strcmp(path, "/metrics") == 0) {
        buf_init(&b, 0);
        metrics_format(&b);
        text = buf_take(&b, &len);
        http_req_respond(req, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
        return;
    }
    text = xstrndup("not found\n", 10);
    http_req_respond(req, 404, "text/plain; charset=utf-8", text, 10);
}

/* SIGHUP: a good file replaces the catalog whole; a bad one is refused and logged. */
static void reload_catalog(struct api *api, const char *path)
{
    char err[512];
    struct catalog *cat = catalog_load_file(path, err, sizeof err);

    if (!cat) {
        log_error("catalog reload refused, the catalog in force is kept: %s", err);
        return;
    }
    log_info("catalog %s reloaded: %zu products", path, catalog_count(cat));
    api_set_catalog(api, cat);
}

static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;

    if (!s || !*s || *s == '-')
        return -1;
    v = strtoul(s, &end, 10);
    if (*end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_listen(const char *s, char *host, size_t host_len, uint16_t *port)
{
    const char *colon = strrchr(s, ':');
    unsigned long p;
    size_t n;

    if (!colon || parse_uint(colon + 1, 1, 65535, &p) != 0)
        return -1;
    n = (size_t)(colon - s);
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') { /* [::1]:8080 */
        s++;
        n -= 2;
    }
    if (n == 0 || n >= host_len)
        return -1;
    memcpy(host, s, n);
    host[n] = '\0';
    *port = (uint16_t)p;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"db", required_argument, NULL, 'd'},
        {"key-file", required_argument, NULL, 'k'},
        {"catalog", required_argument, NULL, 'C'},
        {"public-url", required_argument, NULL, 'u'},
        {"max-queue", required_argument, NULL, 'q'},
        {"max-connections", required_argument, NULL, 'c'},
        {"threads", required_argument, NULL, 't'},
        {"max-group", required_argument, NULL, 'g'},
        {"dashboard-dir", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *listen = NULL, *db = NULL, *key_file = NULL;
    const char *catalog_path = AIMS_DEFAULT_CATALOG, *public_url = NULL;
    const char *dashboard_dir = "dashboard";
    char default_url[300];
    struct catalog *cat;
    unsigned long max_queue = AIMS_DEFAULT_MAX_QUEUE, max_conns = AIMS_DEFAULT_MAX_CONNECTIONS;
    unsigned long threads = 0, max_group = AIMS_MAX_GROUP;
    struct vault_keys keys;
    struct writer *writer = NULL;
    struct server srv = {0};
    struct http_config hc;
    struct api_config ac;
    char host[256], err[512];
    uint16_t port = 0;
    sigset_t sigs;
    int sig = 0, opt;
    long cores;

    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'l':
            listen = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'k':
            key_file = optarg;
            break;
        case 'C':
            catalog_path = optarg;
            break;
        case 'u':
            public_url = optarg;
            break;
        case 'D':
            dashboard_dir = optarg;
            break;
        case 'q':
            if (parse_uint(optarg, 1, 1000000, &max_queue)) {
                fprintf(stderr, "aimsd: --max-queue must be a number from 1 to 1000000\n");
                return 2;
            }
            break;
        case 'c':
            if (parse_uint(optarg, 1, 1000000, &max_conns)) {
                fprintf(stderr, "aimsd: --max-connections must be a number from 1 to 1000000\n");
                return 2;
            }
            break;
        case 't':
            if (parse_uint(optarg, 1, 256, &threads)) {
                fprintf(stderr, "aimsd: --threads must be a number from 1 to 256\n");
                return 2;
            }
            break;
        case 'g':
            if (parse_uint(optarg, 1, 100000, &max_group)) {
                fprintf(stderr, "aimsd: --max-group must be a number from 1 to 100000\n");
                return 2;
            }
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            fputs(usage, stderr);
            return 2;
        }
    }
    if (!listen || !db || optind != argc) {
        fputs(usage, stderr);
        return 2;
    }
    if (parse_listen(listen, host, sizeof host, &port) != 0) {
        fprintf(stderr, "aimsd: --listen must be HOST:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    if (vault_init() != 0) {
        fprintf(stderr, "aimsd: libsodium cannot be initialised\n");
        return 1;
    }
    if (keyfile_load(db, key_file, &keys, err, sizeof err) != 0) {
        fprintf(stderr, "aimsd: %s\n", err);
        return 1;
    }
    cat = catalog_load_file(catalog_path, err, sizeof err);
    if (!cat) {
        fprintf(stderr, "aimsd: %s\n", err);
        return 1;
    }
    /* Signals are taken by sigwait below; every thread started after this inherits the mask. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (writer_start(db, (unsigned)max_queue, (unsigned)max_group, &writer, err, sizeof err) != 0) {
        fprintf(stderr, "aimsd: %s\n", err);
        catalog_unref(cat);
        return 1;
    }
    /* Certificate and verify links: the listen address unless the operator says better. */
    if (!public_url) {
        snprintf(default_url, sizeof default_url, "http://%s", listen);
        public_url = default_url;
    }
    ac.store_url = db;
    ac.public_url = public_url;
    ac.keys = &keys;
    ac.writer = writer;
    ac.overloaded = overloaded;
    ac.overloaded_arg = &srv;
    srv.api = api_new(&ac, cat);
    srv.max_connections = (unsigned)max_conns;
    srv.dashboard_dir = dashboard_dir;
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    hc.host = host;
    hc.port = port;
    hc.threads = threads ? (unsigned)threads : (unsigned)(cores > 0 ? cores : 2);
    /* Past max_conns we still accept, to answer 35; the library refuses beyond this. */
    hc.max_connections = (unsigned)max_conns + 64;
    hc.max_body = AIMS_MAX_BODY;
    hc.idle_timeout_s = AIMS_IDLE_TIMEOUT_S;
    hc.read_timeout_s = AIMS_READ_TIMEOUT_S;
    if (http_start(&hc, on_http, &srv, &srv.http, err, sizeof err) != 0) {
        fprintf(stderr, "aimsd: %s\n", err);
        api_free(srv.api);
        writer_stop(writer);
        return 1;
    }
    log_info("aimsd listening on %s:%u, store %s, %u threads", host, port, db, hc.threads);

    for (;;) {
        if (sigwait(&sigs, &sig) != 0)
            continue;
        if (sig == SIGINT || sig == SIGTERM)
            break;
        if (sig == SIGHUP)
            reload_catalog(srv.api, catalog_path);
    }
    log_info("signal %d: stopping; finishing requests in flight", sig);
    http_quiesce(srv.http);
    for (int i = 0; i < 1000 && http_in_flight(srv.http) > 0; i++)
        usleep(10000);
    writer_stop(writer); /* commits and answers whatever is still queued */
    http_stop(srv.http);
    api_free(srv.api);
    certificate_global_cleanup(); /* no render can run any more */
    log_info("stopped");
    return 0;
}
