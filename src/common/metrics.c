/*
 * metrics.c - see metrics.h.
 */
#include "metrics.h"

#include <stdatomic.h>

static const char *const *cmd_labels;
static int cmd_count;

/* Outcomes in wire order; index 0..2. */
static const int outcomes[] = {75, 35, 55};
#define N_OUTCOMES 3

/* Upper bounds of the latency buckets, in seconds and in nanoseconds. */
static const char *const bucket_le[] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
                                        "0.05",   "0.1",   "0.25",   "0.5",   "1",    "2.5"};
static const int64_t bucket_ns[] = {500000,    1000000,   2500000,    5000000,
                                    10000000,  25000000,  50000000,   100000000,
                                    250000000, 500000000, 1000000000, 2500000000};
#define N_BUCKETS 12

static _Atomic uint64_t requests[METRICS_MAX_COMMANDS][N_OUTCOMES];
static _Atomic uint64_t buckets[N_BUCKETS + 1];
static _Atomic uint64_t latency_sum_ns;
static _Atomic uint64_t latency_count;
static _Atomic int64_t gauges[METRICS_GAUGE_COUNT];

void metrics_init(const char *const *labels, int count)
{
    cmd_labels = labels;
    cmd_count = count < METRICS_MAX_COMMANDS ? count : METRICS_MAX_COMMANDS;
}

static int outcome_index(int outcome)
{
    for (int i = 0; i < N_OUTCOMES; i++)
        if (outcomes[i] == outcome)
            return i;
    return N_OUTCOMES - 1;
}

void metrics_request(int command, int outcome, int64_t latency_ns)
{
    int b = 0;

    if (command < 0 || command >= cmd_count)
        return;
    atomic_fetch_add(&requests[command][outcome_index(outcome)], 1);
    while (b < N_BUCKETS && latency_ns > bucket_ns[b])
        b++;
    atomic_fetch_add(&buckets[b], 1);
    atomic_fetch_add(&latency_sum_ns, (uint64_t)(latency_ns > 0 ? latency_ns : 0));
    atomic_fetch_add(&latency_count, 1);
}

void metrics_gauge_set(int which, int64_t value)
{
    if (which >= 0 && which < METRICS_GAUGE_COUNT)
        atomic_store(&gauges[which], value);
}

uint64_t metrics_requests(int command, int outcome)
{
    if (command < 0 || command >= cmd_count)
        return 0;
    return atomic_load(&requests[command][outcome_index(outcome)]);
}

void metrics_format(struct buf *out)
{
    uint64_t cumulative = 0;

    buf_printf(out, "# HELP aims_requests_total Commands answered on POST /, by command and "
                    "outcome (75 success, 35 at capacity, 55 error).\n"
                    "# TYPE aims_requests_total counter\n");
    for (int c = 0; c < cmd_count; c++)
        for (int o = 0; o < N_OUTCOMES; o++)
            buf_printf(out, "aims_requests_total{command=\"%s\",outcome=\"%d\"} %llu\n",
                       cmd_labels[c], outcomes[o],
                       (unsigned long long)atomic_load(&requests[c][o]));
    buf_printf(out, "# HELP aims_request_duration_seconds Time from a full request body to "
                    "its answer.\n# TYPE aims_request_duration_seconds histogram\n");
    for (int b = 0; b < N_BUCKETS; b++) {
        cumulative += atomic_load(&buckets[b]);
        buf_printf(out, "aims_request_duration_seconds_bucket{le=\"%s\"} %llu\n", bucket_le[b],
                   (unsigned long long)cumulative);
    }
    cumulative += atomic_load(&buckets[N_BUCKETS]);
    buf_printf(out, "aims_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
               (unsigned long long)cumulative);
    buf_printf(out, "aims_request_duration_seconds_sum %.6f\n",
               (double)atomic_load(&latency_sum_ns) / 1e9);
    buf_printf(out, "aims_request_duration_seconds_count %llu\n",
               (unsigned long long)atomic_load(&latency_count));
    buf_printf(out,
               "# HELP aims_write_queue_depth Writes waiting for or in a group commit.\n"
               "# TYPE aims_write_queue_depth gauge\naims_write_queue_depth %lld\n",
               (long long)atomic_load(&gauges[METRICS_GAUGE_QUEUE]));
    buf_printf(out,
               "# HELP aims_open_connections Open HTTP connections.\n"
               "# TYPE aims_open_connections gauge\naims_open_connections %lld\n",
               (long long)atomic_load(&gauges[METRICS_GAUGE_CONNECTIONS]));
}
