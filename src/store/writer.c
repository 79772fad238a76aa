/*
 * writer.c - group commit on one thread; see writer.h.
 */
#include "writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/buf.h"
#include "../common/limits.h"
#include "../common/log.h"
#include "../common/metrics.h"

struct writer {
    struct store *st;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct write_job *head, *tail; /* waiting jobs, oldest first */
    unsigned depth;                /* waiting + running */
    unsigned max_queue;
    unsigned max_group; /* most jobs in one transaction */
    bool stopping;
};

/* Runs one group in one transaction; sets each job's rc. */
static void commit_group(struct writer *w, struct write_job *group)
{
    struct write_job *j;
    int rc = store_tx(w->st, STORE_TX_BEGIN);

    if (rc == STORE_OK) {
        for (j = group; j; j = j->next) {
            if ((rc = store_tx(w->st, STORE_TX_SAVEPOINT)) != STORE_OK)
                break;
            j->rc = j->run(w->st, j->arg);
            rc = store_tx(w->st, j->rc == STORE_OK ? STORE_TX_RELEASE : STORE_TX_UNDO);
            if (rc != STORE_OK)
                break;
        }
        if (rc == STORE_OK)
            rc = store_tx(w->st, STORE_TX_COMMIT);
    }
    if (rc != STORE_OK) {
        log_error("writer: group failed: %s", store_last_error(w->st));
        store_tx(w->st, STORE_TX_ROLLBACK);
        for (j = group; j; j = j->next)
            j->rc = rc == STORE_BUSY ? STORE_BUSY : STORE_ERROR;
    }
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;

    for (;;) {
        struct write_job *group, *j, *next;
        unsigned n = 0;

        pthread_mutex_lock(&w->lock);
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->wake, &w->lock);
        if (!w->head) {
            pthread_mutex_unlock(&w->lock);
            break;
        }
        /* Take everything waiting, up to the group cap. */
        group = w->head;
        for (j = group; j && n < w->max_group; j = j->next) {
            n++;
            if (n == w->max_group || !j->next) {
                w->head = j->next;
                j->next = NULL;
                break;
            }
        }
        if (!w->head)
            w->tail = NULL;
        pthread_mutex_unlock(&w->lock);

        commit_group(w, group);

        pthread_mutex_lock(&w->lock);
        w->depth -= n;
        metrics_gauge_set(METRICS_GAUGE_QUEUE, w->depth);
        pthread_mutex_unlock(&w->lock);
        for (j = group; j; j = next) {
            next = j->next; /* done() may free j */
            j->done(j->arg, j->rc);
        }
    }
    return NULL;
}

int writer_start(const char *url, unsigned max_queue, unsigned max_group, struct writer **out,
                 char *err, size_t err_len)
{
    struct writer *w = xcalloc(1, sizeof *w);

    if (store_open(url, 0, &w->st, err, err_len) != STORE_OK) {
        free(w);
        return -1;
    }
    w->max_queue = max_queue ? max_queue : 1;
    w->max_group = max_group ? max_group : AIMS_MAX_GROUP;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        snprintf(err, err_len, "cannot start the writer thread");
        store_close(w->st);
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

int writer_submit(struct writer *w, struct write_job *job)
{
    pthread_mutex_lock(&w->lock);
    if (w->depth >= w->max_queue || w->stopping) {
        pthread_mutex_unlock(&w->lock);
        return -1;
    }
    job->next = NULL;
    job->rc = STORE_ERROR;
    if (w->tail)
        w->tail->next = job;
    else
        w->head = job;
    w->tail = job;
    w->depth++;
    metrics_gauge_set(METRICS_GAUGE_QUEUE, w->depth);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    return 0;
}

unsigned writer_depth(struct writer *w)
{
    unsigned d;
    pthread_mutex_lock(&w->lock);
    d = w->depth;
    pthread_mutex_unlock(&w->lock);
    return d;
}

void writer_stop(struct writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    store_close(w->st);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
}
