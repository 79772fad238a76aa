/*
 * log.h - one-line log records to stderr.
 *
 * Every line starts with a UTC timestamp and a level. Lines from several threads never
 * interleave: each record is written with a single write(2).
 */
#ifndef AIMS_LOG_H
#define AIMS_LOG_H

/* Logs one line at INFO level; printf-style, no trailing newline needed. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Logs one line at WARN level. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Logs one line at ERROR level. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
