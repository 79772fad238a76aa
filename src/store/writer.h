/*
 * writer.h - the one writer thread of a process: every write runs here, and all writes
 * waiting when a transaction starts are committed together (group commit, one fsync for
 * the group). Callers never block: they submit a job and are called back after the
 * commit is durable.
 */
#ifndef AIMS_WRITER_H
#define AIMS_WRITER_H

#include <stddef.h>

#include "store.h"

struct writer;

/*
 * One write. run() is called on the writer thread inside the group's transaction, within
 * its own savepoint: if it returns anything but STORE_OK, its changes are undone and the
 * rest of the group goes on. done() is called after the group committed (rc = run's
 * result) or failed to commit (rc = STORE_BUSY or STORE_ERROR). The job is borrowed
 * from submit until done() is called; done() may free it.
 */
struct write_job {
    int (*run)(struct store *st, void *arg);
    void (*done)(void *arg, int rc);
    void *arg;
    /* Owned by the writer. */
    struct write_job *next;
    int rc;
};

/*
 * Opens the store at url for writing (applying migrations) and starts the thread.
 * At most max_queue jobs wait or run at once, and at most max_group (0 = AIMS_MAX_GROUP)
 * go into one transaction. Returns 0 and sets *out, or -1 with a message in err.
 */
int writer_start(const char *url, unsigned max_queue, unsigned max_group, struct writer **out,
                 char *err, size_t err_len);

/* Queues job. Returns 0, or -1 when max_queue jobs are already waiting (job not taken). */
int writer_submit(struct writer *w, struct write_job *job);

/* Jobs waiting or running now. */
unsigned writer_depth(struct writer *w);

/* Commits every job already queued, stops the thread, closes the store, frees w. */
void writer_stop(struct writer *w);

#endif
