/*
 * static.h - the dashboard's files (HTML, CSS, JavaScript modules, SVG) served by aimsd
 * under /dashboard/ from one folder on disk (--dashboard-dir, default "dashboard"). Only
 * plain names with a known extension are served; anything else is 404, so no path can
 * leave the folder. The JSON API under /dashboard/api/ is not served here.
 */
#ifndef AIMS_STATIC_H
#define AIMS_STATIC_H

#include <stddef.h>

/* Largest file static_serve reads; bigger ones are answered 404. */
#define STATIC_MAX_FILE (4u * 1024u * 1024u)

/* A file answered by static_serve: body is malloc'd (the caller frees it with free()). */
struct static_file {
    const char *content_type; /* static string, e.g. "text/css; charset=utf-8" */
    char *body;
    size_t len;
};

/*
 * The content type for a file name by its extension (.html .css .js .svg), or NULL when
 * the extension is not one the dashboard serves.
 */
const char *static_content_type(const char *name);

/*
 * Checks a path relative to the dashboard folder ("index.html", "img/logo.svg"): every
 * segment non-empty, made of letters, digits, '-', '_' and '.', not starting with '.',
 * at most 200 bytes in all, with an extension static_content_type knows. Returns 0 when
 * it may be served, -1 otherwise.
 */
int static_path_check(const char *rel);

/*
 * Answers request path (e.g. "/dashboard/app.js") from folder dir. "/dashboard/" is
 * index.html. Returns 0 when path is not under "/dashboard/", else the HTTP status: 200
 * with *out filled (the caller frees out->body), or 404 (bad name, missing, not a
 * regular file, too large or unreadable).
 */
int static_serve(const char *dir, const char *path, struct static_file *out);

#endif
