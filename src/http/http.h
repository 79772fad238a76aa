/*
 * http.h - the HTTP front of aimsd, over libmicrohttpd (the only folder that includes
 * microhttpd.h). It accepts connections, reads request bodies up to a cap, applies the
 * idle timeout, logs one line per request and hands each complete request to one
 * handler. It knows nothing of JSON or of the AIMS protocol.
 *
 * A handler answers with http_req_respond, either before it returns or later from any
 * thread (for example the store's writer thread): the connection is suspended in the
 * meantime, so no worker thread waits on disk.
 */
#ifndef AIMS_HTTP_H
#define AIMS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_server;
struct http_req;

/* Called once per complete request on a worker thread. */
typedef void (*http_handler_fn)(struct http_req *req, void *arg);

struct http_config {
    const char *host;         /* numeric address or name to listen on */
    uint16_t port;            /* TCP port */
    unsigned threads;         /* worker threads (0 = one per core) */
    unsigned max_connections; /* hard cap on open connections, enforced by the library */
    size_t max_body;          /* body bytes kept; more marks the request too large */
    unsigned idle_timeout_s;  /* idle keep-alive connections are closed after this */
    unsigned read_timeout_s;  /* a request body must arrive within this, or the connection
                                 is closed */
};

/*
 * Starts listening and serving on background threads. handler(req, arg) is called for
 * every request. Returns 0 and sets *out (stopped with http_stop), or -1 with a message
 * in err (err_len bytes).
 */
int http_start(const struct http_config *cfg, http_handler_fn handler, void *arg,
               struct http_server **out, char *err, size_t err_len);

/* Stops accepting new connections; open ones are still served. */
void http_quiesce(struct http_server *srv);

/* Requests received and not yet answered (handlers running or suspended). */
int http_in_flight(struct http_server *srv);

/* Open connections right now. */
int http_open_connections(struct http_server *srv);

/* Closes every connection, stops the threads and frees srv. No request may be pending. */
void http_stop(struct http_server *srv);

/* The request method ("POST"); borrowed, valid until the request is answered. */
const char *http_req_method(struct http_req *req);

/* The request path ("/healthz"); borrowed, valid until the request is answered. */
const char *http_req_path(struct http_req *req);

/* The body; borrowed, valid until the request is answered. *len receives its length. */
const char *http_req_body(struct http_req *req, size_t *len);

/* True when the body passed max_body (the kept part is then empty). */
bool http_req_too_large(struct http_req *req);

/* The server the request arrived on. */
struct http_server *http_req_server(struct http_req *req);

/* Nanoseconds (monotonic clock) when the body was complete. */
int64_t http_req_start_ns(struct http_req *req);

/* Text added to the request's log line (copied; later calls replace it). */
void http_req_set_note(struct http_req *req, const char *note);

/*
 * The value of request header name (case-insensitive), or NULL when absent. Borrowed,
 * valid until the handler returns; call it only from the handler, before it returns.
 */
const char *http_req_header(struct http_req *req, const char *name);

/*
 * The value of query-string argument name ("?q=ada&page=2"), URL-decoded, or NULL when
 * absent. Borrowed as for http_req_header.
 */
const char *http_req_arg(struct http_req *req, const char *name);

/* Most extra response headers one answer may carry. */
#define HTTP_MAX_EXTRA_HEADERS 4

/*
 * Adds a header (name and value are copied) to the coming answer, e.g. Set-Cookie. Call
 * before http_req_respond, at most HTTP_MAX_EXTRA_HEADERS times; later ones are dropped
 * and logged. Neither may hold CR or LF (such a header is dropped too).
 */
void http_req_add_header(struct http_req *req, const char *name, const char *value);

/*
 * Answers the request with status, content type (static string) and body, which must
 * come from malloc: the HTTP layer frees it. Call exactly once per request, from any
 * thread. After it returns the request must not be touched.
 */
void http_req_respond(struct http_req *req, unsigned status, const char *content_type, char *body,
                      size_t body_len);

#endif
