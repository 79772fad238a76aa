/*
 * metrics.h - process-wide counters rendered as Prometheus text at /metrics.
 *
 * Requests are counted by command label and outcome (75, 35, 55); request latency
 * goes into one histogram. All updates are lock-free atomics, safe from any thread.
 */
#ifndef AIMS_METRICS_H
#define AIMS_METRICS_H

#include <stdint.h>

#include "buf.h"

#define METRICS_MAX_COMMANDS 16

/*
 * Sets the command labels (borrowed; must live as long as the process). Call once,
 * before any other metrics function; at most METRICS_MAX_COMMANDS labels.
 */
void metrics_init(const char *const *labels, int count);

/* Counts one answered request: command index (from the labels), outcome 75/35/55. */
void metrics_request(int command, int outcome, int64_t latency_ns);

/* Sets a gauge shown as aims_<name> (names: "write_queue_depth", "open_connections"). */
void metrics_gauge_set(int which, int64_t value);

enum { METRICS_GAUGE_QUEUE = 0, METRICS_GAUGE_CONNECTIONS = 1, METRICS_GAUGE_COUNT };

/* Reads back a request counter (tests and aimsctl use it). */
uint64_t metrics_requests(int command, int outcome);

/* Appends the Prometheus text exposition of every metric to out. */
void metrics_format(struct buf *out);

#endif
