/*
 * ctl.h - what the files of aimsctl share: the options every command sees and the
 * command handlers of each file.
 */
#ifndef AIMS_CTL_H
#define AIMS_CTL_H

#include "../store/store.h"
#include "../vault/vault.h"

struct ctl {
    const char *db;       /* --db URL, or NULL */
    const char *key_file; /* --key-file PATH, or NULL */
    const char *catalog;  /* --catalog FILE (a default is set) */
    struct store *st;     /* opened by commands that need it */
    struct vault_keys keys;
};

/* A command: argv starts at the verb (argv[0]); returns the exit status. */
typedef int (*ctl_fn)(struct ctl *c, int argc, char **argv);

/* Opens c->st (and the keys) for the --db store; prints why and returns -1 on failure. */
int ctl_open_store(struct ctl *c);

/* Underwriting queue (underwriting.c). */
int ctl_underwriting_list(struct ctl *c, int argc, char **argv);
int ctl_underwriting_approve(struct ctl *c, int argc, char **argv);
int ctl_underwriting_decline(struct ctl *c, int argc, char **argv);

/* Catalog commands (catalog_cmds.c). */
int ctl_catalog_check(struct ctl *c, int argc, char **argv);
int ctl_product_list(struct ctl *c, int argc, char **argv);
int ctl_product_show(struct ctl *c, int argc, char **argv);

/* Dashboard users (users.c). */
/* consumers.c */
int ctl_consumers_reindex(struct ctl *c, int argc, char **argv);

int ctl_user_add(struct ctl *c, int argc, char **argv);
int ctl_user_list(struct ctl *c, int argc, char **argv);
int ctl_user_remove(struct ctl *c, int argc, char **argv);

#endif
