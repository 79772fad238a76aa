/*
 * store_fixture.h - the temporary database the store-level unit suites share.
 *
 * The suites run against the URL in AIMS_TEST_STORE_URL when it is set (so another
 * backend can be plugged in), else against a SQLite file in a fresh temporary folder
 * that the group teardown removes.
 */
#ifndef AIMS_STORE_FIXTURE_H
#define AIMS_STORE_FIXTURE_H

#include "../../src/store/store.h"

/* cmocka group setup: initialises libsodium and picks the store URL. 0 or -1. */
int store_fixture_setup(void **state);

/* cmocka group teardown: removes the temporary database, if this run made one. */
int store_fixture_teardown(void **state);

/* The store URL of this run; borrowed, valid for the whole run. */
const char *store_fixture_url(void);

/* The temporary folder holding this run's SQLite file, or NULL with AIMS_TEST_STORE_URL. */
const char *store_fixture_dir(void);

/* Opens the store with flags (STORE_READONLY or 0); fails the current test on error. */
struct store *store_fixture_open(unsigned flags);

#endif
