/*
 * keyfile.c - see keyfile.h.
 */
#include "keyfile.h"

#include <stdio.h>
#include <string.h>

#include "../common/log.h"

int keyfile_load(const char *url, const char *key_file, struct vault_keys *keys, char *err,
                 size_t err_len)
{
    char path[4096];
    bool created = false;

    if (key_file)
        return vault_load_key_file(key_file, false, keys, &created, err, err_len);
    if (strncmp(url, "sqlite:", 7) != 0) {
        snprintf(err, err_len, "--key-file is required with %s", url);
        return -1;
    }
    if ((size_t)snprintf(path, sizeof path, "%s.key", url + 7) >= sizeof path) {
        snprintf(err, err_len, "database path too long");
        return -1;
    }
    if (vault_load_key_file(path, true, keys, &created, err, err_len) != 0)
        return -1;
    if (created)
        log_warn("created a new key file %s (mode 0600); keep a copy: without it the "
                 "personal data in the database cannot be read",
                 path);
    return 0;
}
