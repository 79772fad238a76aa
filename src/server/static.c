/*
 * static.c - serves the dashboard's own files under /dashboard/ from one folder. Names
 * are checked before any file is opened (see static_path_check), so "..", hidden files,
 * backslashes and unknown extensions never reach the file system; the file must then be
 * a regular file no larger than STATIC_MAX_FILE. Files are read on every request: the
 * folder is small and this keeps edits visible without a restart.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"
#include "static.h"

#define PREFIX "/dashboard/"
#define PREFIX_LEN (sizeof PREFIX - 1)
#define MAX_REL 200

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
};

const char *static_content_type(const char *name)
{
    size_t n = strlen(name);

    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && strcmp(name + n - e, types[i].ext) == 0)
            return types[i].type;
    }
    return NULL;
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

int static_path_check(const char *rel)
{
    size_t n = strlen(rel);
    int seg_start = 1;

    if (n == 0 || n > MAX_REL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = rel[i];
        if (c == '/') {
            /* An empty segment ("a//b", leading or trailing '/') is refused. */
            if (seg_start)
                return -1;
            seg_start = 1;
            continue;
        }
        if (!name_char(c))
            return -1;
        /* No segment may start with '.': that refuses "..", "." and hidden files. */
        if (seg_start && c == '.')
            return -1;
        seg_start = 0;
    }
    if (seg_start)
        return -1;
    return static_content_type(rel) ? 0 : -1;
}

/* Reads the regular file at full into a malloc'd buffer; 0, or -1 on any failure. */
static int read_file(const char *full, char **body, size_t *len)
{
    struct stat st;
    char *data = NULL;
    size_t got = 0;
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    int rc = -1;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        (unsigned long long)st.st_size > STATIC_MAX_FILE)
        goto out;
    data = xmalloc((size_t)st.st_size + 1);
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, data + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto out;
        got += (size_t)r;
    }
    data[got] = '\0';
    *body = data;
    *len = got;
    data = NULL;
    rc = 0;
out:
    free(data);
    close(fd);
    return rc;
}

int static_serve(const char *dir, const char *path, struct static_file *out)
{
    const char *rel;
    char full[4096];
    int n;

    if (strncmp(path, PREFIX, PREFIX_LEN) != 0)
        return 0;
    rel = path + PREFIX_LEN;
    if (*rel == '\0')
        rel = "index.html";
    if (static_path_check(rel) != 0)
        return 404;
    n = snprintf(full, sizeof full, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof full)
        return 404;
    if (read_file(full, &out->body, &out->len) != 0)
        return 404;
    out->content_type = static_content_type(rel);
    return 200;
}
