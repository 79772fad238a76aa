/*
 * test_writer.c - unit tests of src/store/writer.h, the group-commit writer thread:
 * many submitters at once, a failing job undone alone inside its group, admission by
 * max_queue, and writer_stop draining the queue. Each test uses a fresh SQLite file and
 * reopens it after writer_stop to see what was really committed.
 *
 * Run one test by name: build/tests/test_writer max_queue_admission
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/store/store.h"
#include "../../src/store/writer.h"
#include "../../src/vault/vault.h"

#define WAIT_SECONDS 20

/* What the jobs of one test share, guarded by lock. */
struct shared {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;      /* done() calls so far */
    bool started;  /* a blocking job's run() has begun */
    bool released; /* the blocking job may go on */
};

enum job_kind {
    JOB_PUT,          /* inserts its partner */
    JOB_BLOCK_PUT,    /* says it started, waits for release, then inserts */
    JOB_PUT_THEN_FAIL /* inserts, then returns STORE_NOTFOUND: the insert must be undone */
};

struct tjob {
    struct write_job job;
    struct store_partner p;
    struct shared *sh;
    enum job_kind kind;
    int rc;
    int calls; /* done() calls for this job */
};

struct fixture {
    char dir[64];
    char url[128];
    struct shared sh;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (!f || vault_init() != 0)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/aims-writer-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->url, sizeof f->url, "sqlite:%s/w.db", f->dir);
    pthread_mutex_init(&f->sh.lock, NULL);
    pthread_cond_init(&f->sh.cond, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    static const char *const files[] = {"w.db", "w.db-wal", "w.db-shm"};
    struct fixture *f = *state;
    char path[128];

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    pthread_mutex_destroy(&f->sh.lock);
    pthread_cond_destroy(&f->sh.cond);
    free(f);
    return 0;
}

static int job_run(struct store *st, void *arg)
{
    struct tjob *j = arg;
    int rc;

    if (j->kind == JOB_BLOCK_PUT) {
        pthread_mutex_lock(&j->sh->lock);
        j->sh->started = true;
        pthread_cond_broadcast(&j->sh->cond);
        while (!j->sh->released)
            pthread_cond_wait(&j->sh->cond, &j->sh->lock);
        pthread_mutex_unlock(&j->sh->lock);
    }
    rc = store_partner_put(st, &j->p);
    if (j->kind == JOB_PUT_THEN_FAIL && rc == STORE_OK)
        return STORE_NOTFOUND;
    return rc;
}

static void job_done(void *arg, int rc)
{
    struct tjob *j = arg;

    pthread_mutex_lock(&j->sh->lock);
    j->rc = rc;
    j->calls++;
    j->sh->done++;
    pthread_cond_broadcast(&j->sh->cond);
    pthread_mutex_unlock(&j->sh->lock);
}

static void job_init(struct tjob *j, struct shared *sh, enum job_kind kind, const char *name)
{
    memset(j, 0, sizeof *j);
    j->job.run = job_run;
    j->job.done = job_done;
    j->job.arg = j;
    j->sh = sh;
    j->kind = kind;
    j->rc = -1;
    vault_new_id(j->p.id);
    snprintf(j->p.name, sizeof j->p.name, "%s", name);
    j->p.mode = PARTNER_TEST;
    j->p.created_at = 1700000000;
}

static void deadline(struct timespec *ts)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += WAIT_SECONDS;
}

/* Waits until done() was called n times in all. */
static void wait_done(struct shared *sh, int n)
{
    struct timespec ts;
    int rc = 0;

    deadline(&ts);
    pthread_mutex_lock(&sh->lock);
    while (sh->done < n && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&sh->cond, &sh->lock, &ts);
    pthread_mutex_unlock(&sh->lock);
    if (rc == ETIMEDOUT)
        fail_msg("timed out waiting for %d done() calls", n);
}

/* Waits until a blocking job's run() has begun. */
static void wait_started(struct shared *sh)
{
    struct timespec ts;
    int rc = 0;

    deadline(&ts);
    pthread_mutex_lock(&sh->lock);
    while (!sh->started && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&sh->cond, &sh->lock, &ts);
    pthread_mutex_unlock(&sh->lock);
    if (rc == ETIMEDOUT)
        fail_msg("timed out waiting for the blocking job to start");
}

static void release(struct shared *sh)
{
    pthread_mutex_lock(&sh->lock);
    sh->released = true;
    pthread_cond_broadcast(&sh->cond);
    pthread_mutex_unlock(&sh->lock);
}

static struct writer *start(const char *url, unsigned max_queue)
{
    struct writer *w = NULL;
    char err[512] = "";

    if (writer_start(url, max_queue, 0, &w, err, sizeof err) != 0)
        fail_msg("writer_start(%s): %s", url, err);
    assert_non_null(w);
    return w;
}

/* Opens the database again after writer_stop and looks a partner up. */
static int find_partner(const char *url, const uint8_t id[16])
{
    struct store *st = NULL;
    struct store_partner p;
    char err[512] = "";
    int rc;

    assert_int_equal(store_open(url, STORE_READONLY, &st, err, sizeof err), STORE_OK);
    rc = store_partner_find(st, id, &p);
    store_close(st);
    return rc;
}

#define THREADS 4
#define PER_THREAD 50

struct submitter {
    struct writer *w;
    struct tjob *jobs;
    int n;
    int refused;
};

static void *submit_all(void *arg)
{
    struct submitter *s = arg;

    /* No cmocka asserts off the main thread: failures are counted and checked there. */
    for (int i = 0; i < s->n; i++)
        if (writer_submit(s->w, &s->jobs[i].job) != 0)
            s->refused++;
    return NULL;
}

static void many_threads_all_committed(void **state)
{
    struct fixture *f = *state;
    struct tjob *jobs = calloc(THREADS * PER_THREAD, sizeof *jobs);
    struct submitter subs[THREADS];
    pthread_t th[THREADS];
    struct writer *w;
    struct store *st = NULL;
    struct store_partner p;
    char err[512] = "", name[32];

    assert_non_null(jobs);
    for (int i = 0; i < THREADS * PER_THREAD; i++) {
        snprintf(name, sizeof name, "partner %d", i);
        job_init(&jobs[i], &f->sh, JOB_PUT, name);
    }
    w = start(f->url, 1024);
    for (int t = 0; t < THREADS; t++) {
        subs[t] = (struct submitter){w, jobs + t * PER_THREAD, PER_THREAD, 0};
        assert_int_equal(pthread_create(&th[t], NULL, submit_all, &subs[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(subs[t].refused, 0);
    }
    wait_done(&f->sh, THREADS * PER_THREAD);
    writer_stop(w);

    for (int i = 0; i < THREADS * PER_THREAD; i++) {
        if (jobs[i].calls != 1 || jobs[i].rc != STORE_OK)
            fail_msg("job %d: done() called %d times, rc %d", i, jobs[i].calls, jobs[i].rc);
    }
    assert_int_equal(store_open(f->url, STORE_READONLY, &st, err, sizeof err), STORE_OK);
    for (int i = 0; i < THREADS * PER_THREAD; i++) {
        assert_int_equal(store_partner_find(st, jobs[i].p.id, &p), STORE_OK);
        assert_string_equal(p.name, jobs[i].p.name);
    }
    store_close(st);
    free(jobs);
}

static void failing_job_alone_undone(void **state)
{
    struct fixture *f = *state;
    struct tjob blocker, good1, dup_in_group, dup_committed, fails, good2;
    struct writer *w = start(f->url, 64);

    job_init(&blocker, &f->sh, JOB_BLOCK_PUT, "blocker");
    job_init(&good1, &f->sh, JOB_PUT, "good one");
    job_init(&dup_in_group, &f->sh, JOB_PUT, "same id as good one");
    memcpy(dup_in_group.p.id, good1.p.id, 16);
    job_init(&dup_committed, &f->sh, JOB_PUT, "same id as blocker");
    memcpy(dup_committed.p.id, blocker.p.id, 16);
    job_init(&fails, &f->sh, JOB_PUT_THEN_FAIL, "inserted then failed");
    job_init(&good2, &f->sh, JOB_PUT, "good two");

    /* Hold the writer inside the first group so the rest queue up as one group. */
    assert_int_equal(writer_submit(w, &blocker.job), 0);
    wait_started(&f->sh);
    assert_int_equal(writer_submit(w, &good1.job), 0);
    assert_int_equal(writer_submit(w, &dup_in_group.job), 0);
    assert_int_equal(writer_submit(w, &dup_committed.job), 0);
    assert_int_equal(writer_submit(w, &fails.job), 0);
    assert_int_equal(writer_submit(w, &good2.job), 0);
    assert_int_equal(writer_depth(w), 6);
    release(&f->sh);
    wait_done(&f->sh, 6);
    assert_int_equal(writer_depth(w), 0);
    writer_stop(w);

    assert_int_equal(blocker.rc, STORE_OK);
    assert_int_equal(good1.rc, STORE_OK);
    assert_int_equal(dup_in_group.rc, STORE_EXISTS);
    assert_int_equal(dup_committed.rc, STORE_EXISTS);
    assert_int_equal(fails.rc, STORE_NOTFOUND);
    assert_int_equal(good2.rc, STORE_OK);
    assert_int_equal(find_partner(f->url, blocker.p.id), STORE_OK);
    assert_int_equal(find_partner(f->url, good1.p.id), STORE_OK);
    assert_int_equal(find_partner(f->url, good2.p.id), STORE_OK);
    assert_int_equal(find_partner(f->url, fails.p.id), STORE_NOTFOUND);
}

static void max_queue_admission(void **state)
{
    struct fixture *f = *state;
    struct tjob first, second;
    struct writer *w = start(f->url, 1);

    job_init(&first, &f->sh, JOB_BLOCK_PUT, "first");
    job_init(&second, &f->sh, JOB_PUT, "second");
    assert_int_equal(writer_submit(w, &first.job), 0);
    /* Refused at once, whether or not the first job has been picked up yet... */
    assert_int_equal(writer_submit(w, &second.job), -1);
    wait_started(&f->sh);
    /* ...and while it runs. */
    assert_int_equal(writer_depth(w), 1);
    assert_int_equal(writer_submit(w, &second.job), -1);
    assert_int_equal(second.calls, 0); /* a refused job is not taken */
    release(&f->sh);
    wait_done(&f->sh, 1);
    assert_int_equal(first.rc, STORE_OK);
    /* Room again. */
    assert_int_equal(writer_submit(w, &second.job), 0);
    wait_done(&f->sh, 2);
    writer_stop(w);
    assert_int_equal(second.rc, STORE_OK);
    assert_int_equal(second.calls, 1);
    assert_int_equal(find_partner(f->url, second.p.id), STORE_OK);
}

static void stop_drains_queue(void **state)
{
    struct fixture *f = *state;
    struct tjob jobs[10];
    struct writer *w = start(f->url, 16);

    for (int i = 0; i < 10; i++) {
        job_init(&jobs[i], &f->sh, JOB_PUT, "queued");
        assert_int_equal(writer_submit(w, &jobs[i].job), 0);
    }
    writer_stop(w); /* no waiting: stop itself commits what is queued */
    for (int i = 0; i < 10; i++) {
        assert_int_equal(jobs[i].calls, 1);
        assert_int_equal(jobs[i].rc, STORE_OK);
        assert_int_equal(find_partner(f->url, jobs[i].p.id), STORE_OK);
    }
    writer_stop(NULL);
}

static void start_bad_url(void **state)
{
    struct writer *w = NULL;
    char err[512] = "";

    (void)state;
    assert_int_equal(writer_start("nosuch:/x", 8, 0, &w, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(writer_start("sqlite:/nonexistent-dir/aims/w.db", 8, 0, &w, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "/nonexistent-dir/aims/w.db"));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(many_threads_all_committed, setup, teardown),
        cmocka_unit_test_setup_teardown(failing_job_alone_undone, setup, teardown),
        cmocka_unit_test_setup_teardown(max_queue_admission, setup, teardown),
        cmocka_unit_test_setup_teardown(stop_drains_queue, setup, teardown),
        cmocka_unit_test(start_bad_url),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
