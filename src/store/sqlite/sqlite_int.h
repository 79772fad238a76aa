/*
 * sqlite_int.h - internals shared by the files of the SQLite backend.
 */
#ifndef AIMS_SQLITE_INT_H
#define AIMS_SQLITE_INT_H

/* The numbered migrations (migrations.c); migration N is element N - 1. */
extern const char *const sqlite_migrations[];
extern const int sqlite_migration_count;

#endif
