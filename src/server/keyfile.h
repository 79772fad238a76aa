/*
 * keyfile.h - where the master key lives, shared by aimsd and aimsctl so both find the
 * same file for the same database.
 */
#ifndef AIMS_KEYFILE_H
#define AIMS_KEYFILE_H

#include <stddef.h>

#include "../vault/vault.h"

/*
 * Loads the keys for store url. With key_file set, that file must exist. Without it,
 * the file is "<database path>.key" next to a SQLite database and is created (mode 0600,
 * with a warning on stderr) when missing. Returns 0, or -1 with a message in err.
 */
int keyfile_load(const char *url, const char *key_file, struct vault_keys *keys, char *err,
                 size_t err_len);

#endif
