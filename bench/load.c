/*
 * load.c - build/bench-load: a load generator for aimsd's POST / that is not the
 * bottleneck itself. Each of --connections threads keeps one keep-alive connection and
 * sends SR05 registrations with emails no other request uses (<prefix>.<n>@load.example)
 * until --requests have been sent in all, timing each from the first byte written to the
 * last byte of the answer read. Prints one JSON line:
 *
 *   {"requests":N,"ok":N,"busy":N,"errors":N,"seconds":S,"per_second":R,
 *    "p50_ms":A,"p90_ms":B,"p99_ms":C,"max_ms":D}
 *
 * ok counts answers with exctnFdbck id 75, busy those with 35; anything else (other
 * answers, broken connections) is an error. Used by bench/register.py.
 *
 *   build/bench-load --port P --partner ID --auth-id ID --auth-key KEY
 *                    [--requests 3000] [--connections 32] [--prefix load]
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_ANSWER 65536

struct load {
    int port;
    const char *partner, *auth_id, *auth_key, *prefix;
    long requests;
    atomic_long next;             /* the next request number to send */
    atomic_long ok, busy, errors; /* answers by kind */
    double *latency_ms;           /* by request number */
};

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int connect_to(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads one HTTP answer with a Content-Length into buf; returns its body or NULL. */
static const char *read_answer(int fd, char *buf, size_t cap)
{
    size_t have = 0;
    char *end = NULL, *cl;
    long body_len;

    while (!end) {
        ssize_t r;
        if (have + 1 >= cap || (r = read(fd, buf + have, cap - 1 - have)) <= 0)
            return NULL;
        have += (size_t)r;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    cl = strcasestr(buf, "\r\ncontent-length:");
    if (!cl || cl > end)
        return NULL;
    body_len = strtol(cl + 17, NULL, 10);
    if (body_len < 0 || (size_t)(end + 4 - buf) + (size_t)body_len >= cap)
        return NULL;
    while (have < (size_t)(end + 4 - buf) + (size_t)body_len) {
        ssize_t r = read(fd, buf + have, cap - 1 - have);
        if (r <= 0)
            return NULL;
        have += (size_t)r;
    }
    buf[have] = '\0';
    return end + 4;
}

static void *worker(void *arg)
{
    struct load *L = arg;
    char body[1024], head[256], *answer = malloc(MAX_ANSWER);
    int fd = -1;
    long i;

    while (answer && (i = atomic_fetch_add(&L->next, 1)) < L->requests) {
        int n = snprintf(
            body, sizeof body,
            "{\"userInfo\":{\"id\":\"%s\",\"athrzt\":{\"id\":\"%s\",\"key\":\"%s\"}},"
            "\"cmmnd\":{\"cmmnd\":\"prfl entity\",\"seed\":{\"class\":\"individual\","
            "\"name\":{\"first\":\"Load\",\"last\":\"Test\"},\"phoneNo\":\"+2348030000000\","
            "\"eMail\":\"%s.%ld@load.example\"}}}",
            L->partner, L->auth_id, L->auth_key, L->prefix, i);
        int h = snprintf(head, sizeof head,
                         "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         "Content-Length: %d\r\n\r\n",
                         n);
        const char *got;
        double t0;

        if (fd < 0 && (fd = connect_to(L->port)) < 0) {
            atomic_fetch_add(&L->errors, 1);
            continue;
        }
        t0 = now_ms();
        if (write_all(fd, head, (size_t)h) != 0 || write_all(fd, body, (size_t)n) != 0 ||
            !(got = read_answer(fd, answer, MAX_ANSWER))) {
            atomic_fetch_add(&L->errors, 1);
            close(fd);
            fd = -1;
            continue;
        }
        L->latency_ms[i] = now_ms() - t0;
        if (strstr(got, "\"id\":75"))
            atomic_fetch_add(&L->ok, 1);
        else if (strstr(got, "\"id\":35"))
            atomic_fetch_add(&L->busy, 1);
        else
            atomic_fetch_add(&L->errors, 1);
    }
    if (fd >= 0)
        close(fd);
    free(answer);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pick(const double *sorted, long n, double q)
{
    return n ? sorted[(long)(q * (double)(n - 1) + 0.5)] : 0.0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"port", required_argument, NULL, 'p'},     {"partner", required_argument, NULL, 'P'},
        {"auth-id", required_argument, NULL, 'i'},  {"auth-key", required_argument, NULL, 'k'},
        {"requests", required_argument, NULL, 'n'}, {"connections", required_argument, NULL, 'c'},
        {"prefix", required_argument, NULL, 'x'},   {NULL, 0, NULL, 0},
    };
    struct load L;
    pthread_t *threads;
    long connections = 32, timed = 0;
    double t0, seconds, *sorted;
    int opt;

    memset(&L, 0, sizeof L);
    L.requests = 3000;
    L.prefix = "load";
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'p':
            L.port = atoi(optarg);
            break;
        case 'P':
            L.partner = optarg;
            break;
        case 'i':
            L.auth_id = optarg;
            break;
        case 'k':
            L.auth_key = optarg;
            break;
        case 'n':
            L.requests = atol(optarg);
            break;
        case 'c':
            connections = atol(optarg);
            break;
        case 'x':
            L.prefix = optarg;
            break;
        default:
            return 2;
        }
    }
    if (L.port <= 0 || !L.partner || !L.auth_id || !L.auth_key || L.requests < 1 ||
        connections < 1 || connections > 1024) {
        fprintf(stderr, "usage: bench-load --port P --partner ID --auth-id ID --auth-key KEY"
                        " [--requests N] [--connections 1-1024] [--prefix WORD]\n");
        return 2;
    }
    L.latency_ms = calloc((size_t)L.requests, sizeof *L.latency_ms);
    threads = calloc((size_t)connections, sizeof *threads);
    if (!L.latency_ms || !threads)
        return 1;
    t0 = now_ms();
    for (long t = 0; t < connections; t++)
        pthread_create(&threads[t], NULL, worker, &L);
    for (long t = 0; t < connections; t++)
        pthread_join(threads[t], NULL);
    seconds = (now_ms() - t0) / 1e3;
    sorted = calloc((size_t)L.requests, sizeof *sorted);
    if (!sorted)
        return 1;
    for (long i = 0; i < L.requests; i++)
        if (L.latency_ms[i] > 0)
            sorted[timed++] = L.latency_ms[i];
    qsort(sorted, (size_t)timed, sizeof *sorted, by_value);
    printf("{\"requests\":%ld,\"ok\":%ld,\"busy\":%ld,\"errors\":%ld,\"seconds\":%.3f,"
           "\"per_second\":%.1f,\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}\n",
           L.requests, atomic_load(&L.ok), atomic_load(&L.busy), atomic_load(&L.errors), seconds,
           (double)atomic_load(&L.ok) / seconds, pick(sorted, timed, 0.5), pick(sorted, timed, 0.9),
           pick(sorted, timed, 0.99), timed ? sorted[timed - 1] : 0.0);
    free(sorted);
    free(L.latency_ms);
    free(threads);
    return atomic_load(&L.errors) ? 1 : 0;
}
