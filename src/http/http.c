/*
 * http.c - libmicrohttpd behind http.h.
 *
 * Request life: the first callback creates a struct http_req; body chunks are appended
 * up to the cap (the rest is drained and dropped); the final callback calls the handler.
 * If the handler has not answered when it returns, the connection is suspended; the
 * answering thread resumes it and libmicrohttpd calls us once more to queue the answer.
 * A mutex per request settles the race between "handler returned" and "answer came".
 */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "../common/metrics.h"
#include "../common/timeutil.h"

struct http_server {
    struct MHD_Daemon *daemon;
    http_handler_fn handler;
    void *arg;
    size_t max_body;
    int64_t read_timeout_ns;
    atomic_int in_flight;
    atomic_int connections;
    MHD_socket quiesced; /* listen socket handed back by quiesce; closed after stop */
};

enum req_state { REQ_READING, REQ_RUNNING, REQ_SUSPENDED, REQ_ANSWERED };

struct http_req {
    struct http_server *srv;
    struct MHD_Connection *conn;
    pthread_mutex_t lock;
    enum req_state state;
    char *method;
    char *path;
    struct buf body;
    bool too_large;
    bool counted;       /* counted in in_flight */
    int64_t created_ns; /* first byte of the request seen */
    int64_t start_ns;
    char note[160];
    /* The answer, once given. */
    bool has_answer;
    unsigned status;
    const char *content_type;
    char *answer;
    size_t answer_len;
    size_t sent_len;
    char *extra[HTTP_MAX_EXTRA_HEADERS][2]; /* name, value (malloc'd) */
    int n_extra;
};

const char *http_req_method(struct http_req *req)
{
    return req->method;
}

const char *http_req_path(struct http_req *req)
{
    return req->path;
}

const char *http_req_body(struct http_req *req, size_t *len)
{
    *len = req->body.len;
    return req->body.data ? req->body.data : "";
}

bool http_req_too_large(struct http_req *req)
{
    return req->too_large;
}

struct http_server *http_req_server(struct http_req *req)
{
    return req->srv;
}

int64_t http_req_start_ns(struct http_req *req)
{
    return req->start_ns;
}

void http_req_set_note(struct http_req *req, const char *note)
{
    snprintf(req->note, sizeof req->note, "%s", note);
}

const char *http_req_header(struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_req_arg(struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void http_req_add_header(struct http_req *req, const char *name, const char *value)
{
    if (req->n_extra == HTTP_MAX_EXTRA_HEADERS || strpbrk(name, "\r\n") || strpbrk(value, "\r\n")) {
        log_warn("http: response header %s dropped", name);
        return;
    }
    req->extra[req->n_extra][0] = xstrndup(name, strlen(name));
    req->extra[req->n_extra][1] = xstrndup(value, strlen(value));
    req->n_extra++;
}

int http_in_flight(struct http_server *srv)
{
    return atomic_load(&srv->in_flight);
}

int http_open_connections(struct http_server *srv)
{
    return atomic_load(&srv->connections);
}

static enum MHD_Result queue_answer(struct http_req *req)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;

    resp = MHD_create_response_from_buffer(req->answer_len, req->answer, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(req->answer);
        req->answer = NULL;
        return MHD_NO;
    }
    req->answer = NULL; /* libmicrohttpd frees it now */
    req->sent_len = req->answer_len;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (int i = 0; i < req->n_extra; i++)
        MHD_add_response_header(resp, req->extra[i][0], req->extra[i][1]);
    ret = MHD_queue_response(req->conn, req->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

void http_req_respond(struct http_req *req, unsigned status, const char *content_type, char *body,
                      size_t body_len)
{
    pthread_mutex_lock(&req->lock);
    req->has_answer = true;
    req->status = status;
    req->content_type = content_type;
    req->answer = body;
    req->answer_len = body_len;
    /* Suspended: wake the connection; libmicrohttpd then calls on_request to queue it. */
    if (req->state == REQ_SUSPENDED) {
        req->state = REQ_ANSWERED;
        MHD_resume_connection(req->conn);
    }
    pthread_mutex_unlock(&req->lock);
}

static struct http_req *req_new(struct http_server *srv, struct MHD_Connection *conn,
                                const char *method, const char *url)
{
    struct http_req *req = xcalloc(1, sizeof *req);

    req->srv = srv;
    req->conn = conn;
    pthread_mutex_init(&req->lock, NULL);
    req->method = xstrndup(method, strlen(method));
    req->path = xstrndup(url, strlen(url));
    buf_init(&req->body, srv->max_body);
    req->created_ns = time_mono_ns();
    return req;
}

static void req_free(struct http_req *req)
{
    pthread_mutex_destroy(&req->lock);
    free(req->method);
    free(req->path);
    free(req->answer);
    for (int i = 0; i < req->n_extra; i++) {
        free(req->extra[i][0]);
        free(req->extra[i][1]);
    }
    buf_cleanup(&req->body);
    free(req);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct http_req *req = *con_cls;
    enum MHD_Result ret;

    (void)version;
    if (!req) {
        *con_cls = req_new(srv, conn, method, url);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* A body that takes longer than the read limit ends the connection. */
        if (time_mono_ns() - req->created_ns > srv->read_timeout_ns) {
            http_req_set_note(req, "read timeout");
            return MHD_NO;
        }
        if (!req->too_large && !buf_append(&req->body, upload_data, *upload_data_size)) {
            /* Past the cap: keep reading to the end, but keep nothing. */
            req->too_large = true;
            buf_cleanup(&req->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&req->lock);
    if (req->state == REQ_ANSWERED) {
        /* Resumed after an answer from another thread. */
        ret = queue_answer(req);
        pthread_mutex_unlock(&req->lock);
        return ret;
    }
    req->state = REQ_RUNNING;
    pthread_mutex_unlock(&req->lock);

    req->start_ns = time_mono_ns();
    req->counted = true;
    atomic_fetch_add(&srv->in_flight, 1);
    srv->handler(req, srv->arg);

    pthread_mutex_lock(&req->lock);
    if (req->has_answer) {
        req->state = REQ_ANSWERED;
        ret = queue_answer(req);
    } else {
        req->state = REQ_SUSPENDED;
        MHD_suspend_connection(conn);
        ret = MHD_YES;
    }
    pthread_mutex_unlock(&req->lock);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct http_req *req = *con_cls;
    const union MHD_ConnectionInfo *info;
    char addr[INET6_ADDRSTRLEN] = "-";
    double ms;

    if (!req)
        return;
    info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                      sizeof addr);
    }
    ms = req->start_ns ? (double)(time_mono_ns() - req->start_ns) / 1e6 : 0.0;
    if (req->has_answer)
        log_info("%s %s %s %u %zuB %.2fms%s%s", addr, req->method, req->path, req->status,
                 req->sent_len, ms, req->note[0] ? " " : "", req->note);
    else
        log_info("%s %s %s aborted (code %d)%s%s", addr, req->method, req->path, (int)toe,
                 req->note[0] ? " " : "", req->note);
    if (req->counted)
        atomic_fetch_sub(&srv->in_flight, 1);
    req_free(req);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct http_server *srv = cls;
    int n;

    (void)conn;
    (void)socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        n = atomic_fetch_add(&srv->connections, 1) + 1;
    else
        n = atomic_fetch_sub(&srv->connections, 1) - 1;
    metrics_gauge_set(METRICS_GAUGE_CONNECTIONS, n);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    size_t n;

    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    n = strlen(line);
    while (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    log_warn("http: %s", line);
}

int http_start(const struct http_config *cfg, http_handler_fn handler, void *arg,
               struct http_server **out, char *err, size_t err_len)
{
    struct http_server *srv;
    struct addrinfo hints, *ai = NULL;
    char port[8];
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    unsigned threads = cfg->threads;
    int rc;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(port, sizeof port, "%u", cfg->port);
    rc = getaddrinfo(cfg->host, port, &hints, &ai);
    if (rc != 0) {
        snprintf(err, err_len, "cannot resolve %s: %s", cfg->host, gai_strerror(rc));
        return -1;
    }
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (threads == 0)
        threads = 2;
    srv = xcalloc(1, sizeof *srv);
    srv->handler = handler;
    srv->arg = arg;
    srv->max_body = cfg->max_body;
    srv->quiesced = MHD_INVALID_SOCKET;
    srv->read_timeout_ns = (int64_t)cfg->read_timeout_s * 1000000000;
    /* The logger goes first so that messages about later options reach it too. */
    srv->daemon = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
        cfg->idle_timeout_s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!srv->daemon) {
        snprintf(err, err_len, "cannot listen on %s:%u (address in use or not allowed)", cfg->host,
                 cfg->port);
        free(srv);
        return -1;
    }
    *out = srv;
    return 0;
}

void http_quiesce(struct http_server *srv)
{
    /* The socket is ours to close, but only after the daemon's threads have stopped. */
    if (srv->quiesced == MHD_INVALID_SOCKET)
        srv->quiesced = MHD_quiesce_daemon(srv->daemon);
}

void http_stop(struct http_server *srv)
{
    if (!srv)
        return;
    MHD_stop_daemon(srv->daemon);
    if (srv->quiesced != MHD_INVALID_SOCKET)
        close(srv->quiesced);
    free(srv);
}
