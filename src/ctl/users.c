/*
 * users.c - aimsctl's dashboard users: add (printing a one-time password, stored only as
 * an Argon2id hash), list and remove. A user belongs to one partner and sees only that
 * partner's data in the dashboard.
 */
#include <stdio.h>
#include <string.h>

#include "../common/ids.h"
#include "../common/timeutil.h"
#include "../dashboard/dashboard.h"
#include "ctl.h"

int ctl_user_add(struct ctl *c, int argc, char **argv)
{
    struct store_user u;
    char password[VAULT_PASSWORD_LEN + 1];
    int rc;

    memset(&u, 0, sizeof u);
    if (argc != 3) {
        fprintf(stderr, "aimsctl: usage: user add PARTNER_ID EMAIL\n");
        return 2;
    }
    if (id_parse(argv[1], strlen(argv[1]), u.partner_id) != 0) {
        fprintf(stderr, "aimsctl: partner id %s is not a UUID v4\n", argv[1]);
        return 2;
    }
    if (dashboard_email_normalize(argv[2], strlen(argv[2]), u.email, sizeof u.email) != 0) {
        fprintf(stderr, "aimsctl: %s is not an email address\n", argv[2]);
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    vault_new_id(u.id);
    vault_new_password(password);
    if (vault_password_hash(password, strlen(password), u.password_hash) != 0) {
        fprintf(stderr, "aimsctl: not enough memory to hash the password\n");
        return 1;
    }
    u.created_at = time_now();
    rc = store_user_put(c->st, &u);
    if (rc == STORE_NOTFOUND) {
        fprintf(stderr, "aimsctl: no partner %s\n", argv[1]);
        return 1;
    }
    if (rc == STORE_EXISTS) {
        fprintf(stderr, "aimsctl: a dashboard user %s already exists\n", u.email);
        return 1;
    }
    if (rc != STORE_OK) {
        fprintf(stderr, "aimsctl: cannot add the user: %s\n", store_last_error(c->st));
        return 1;
    }
    printf("EMAIL=%s\nPASSWORD=%s\n", u.email, password);
    return 0;
}

static int print_user(const struct store_user *u, void *arg)
{
    char pid[ID_UUID_LEN + 1], when[20], until[20] = "-";
    int64_t now = *(const int64_t *)arg;

    id_format_uuid(u->partner_id, pid);
    time_format(u->created_at, when);
    if (u->locked_until > now)
        time_format(u->locked_until, until);
    printf("%-36s  %-19s  %-19s  %s\n", pid, when, until, u->email);
    return 0;
}

int ctl_user_list(struct ctl *c, int argc, char **argv)
{
    int64_t now = time_now();

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "aimsctl: user list takes no arguments\n");
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    printf("%-36s  %-19s  %-19s  %s\n", "PARTNER_ID", "CREATED (UTC)", "LOCKED UNTIL (UTC)",
           "EMAIL");
    if (store_user_list(c->st, print_user, &now) != STORE_OK) {
        fprintf(stderr, "aimsctl: cannot list users: %s\n", store_last_error(c->st));
        return 1;
    }
    return 0;
}

int ctl_user_remove(struct ctl *c, int argc, char **argv)
{
    char email[256];
    int rc;

    if (argc != 2) {
        fprintf(stderr, "aimsctl: usage: user remove EMAIL\n");
        return 2;
    }
    if (dashboard_email_normalize(argv[1], strlen(argv[1]), email, sizeof email) != 0) {
        fprintf(stderr, "aimsctl: %s is not an email address\n", argv[1]);
        return 2;
    }
    if (ctl_open_store(c))
        return 1;
    if (store_tx(c->st, STORE_TX_BEGIN) != STORE_OK) {
        fprintf(stderr, "aimsctl: cannot start a transaction: %s\n", store_last_error(c->st));
        return 1;
    }
    rc = store_user_remove(c->st, email);
    if (rc == STORE_OK)
        rc = store_tx(c->st, STORE_TX_COMMIT);
    if (rc != STORE_OK) {
        if (rc == STORE_NOTFOUND)
            fprintf(stderr, "aimsctl: no dashboard user %s\n", email);
        else
            fprintf(stderr, "aimsctl: cannot remove the user: %s\n", store_last_error(c->st));
        store_tx(c->st, STORE_TX_ROLLBACK);
        return 1;
    }
    printf("dashboard user %s removed (and logged out)\n", email);
    return 0;
}
