/*
 * migrations.c - the numbered schema migrations of the SQLite backend.
 *
 * Migration N is sqlite_migrations[N - 1]. They are applied in order at start inside
 * one transaction each, and the number of the last one applied is kept in the table
 * schema_migrations. Never edit a migration that has shipped: add the next one.
 * The SQL is kept to what PostgreSQL accepts too, apart from types (BLOB = bytea) and the
 * month of an epoch time (strftime in POLICY_MONTH).
 */
#include "sqlite_int.h"

const char *const sqlite_migrations[] = {
    /* 1: partners, their authorization keys, consumers. */
    "CREATE TABLE partners ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  mode TEXT NOT NULL CHECK (mode IN ('test', 'live')),"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE auth_keys ("
    "  id TEXT PRIMARY KEY,"
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  key_hash BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  revoked_at INTEGER);"
    "CREATE INDEX auth_keys_partner ON auth_keys(partner_id);"
    "CREATE TABLE consumers ("
    "  id TEXT PRIMARY KEY,"
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  email_index BLOB NOT NULL,"
    "  class INTEGER NOT NULL,"
    "  profile BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX consumers_email ON consumers(partner_id, email_index);"
    "CREATE INDEX consumers_partner_created ON consumers(partner_id, created_at);",

    /* 2: policy requests and policies (PROTOCOL.md sections 6 and 7). */
    "CREATE TABLE policies ("
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  product TEXT NOT NULL,"
    "  txref TEXT NOT NULL,"
    "  consumer_id TEXT NOT NULL REFERENCES consumers(id),"
    "  payload_hash BLOB NOT NULL,"
    "  cover_period TEXT NOT NULL,"
    "  facts BLOB NOT NULL,"
    "  premium_kobo INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('p', 'a', 'd')),"
    "  first_status TEXT NOT NULL CHECK (first_status IN ('p', 'a', 'd')),"
    "  received_at INTEGER NOT NULL,"
    "  status_at INTEGER NOT NULL,"
    "  note TEXT,"
    "  policy_no TEXT UNIQUE,"
    "  cover_start INTEGER,"
    "  cover_end INTEGER,"
    "  cert_token TEXT UNIQUE,"
    "  PRIMARY KEY (partner_id, product, txref));"
    "CREATE INDEX policies_consumer ON policies(partner_id, consumer_id, received_at);"
    "CREATE INDEX policies_pending ON policies(status, received_at);",

    /* 3: dashboard users (one partner each) and their sessions (only a hash of the
     * session token is kept). */
    "CREATE TABLE users ("
    "  id TEXT PRIMARY KEY,"
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),"
    "  password_hash TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  failed_logins INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX users_partner ON users(partner_id);"
    "CREATE TABLE sessions ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id TEXT NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions(user_id, expires_at);",

    /* 4: the dashboard's search index - keyed hashes (vault_search_token) of each name
     * part, the email and the phone digits, and of name with date of birth for the
     * duplicates report - and indexes for its policy lists and overview. */
    "CREATE TABLE consumer_tokens ("
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  token BLOB NOT NULL,"
    "  consumer_id TEXT NOT NULL REFERENCES consumers(id),"
    "  kind TEXT NOT NULL,"
    "  PRIMARY KEY (partner_id, token, consumer_id));"
    "CREATE INDEX consumer_tokens_kind ON consumer_tokens(partner_id, kind, token);"
    "CREATE INDEX policies_partner_received ON policies(partner_id, received_at);"
    "CREATE INDEX policies_partner_status ON policies(partner_id, status, received_at);"
    "CREATE INDEX policies_partner_approved ON policies(partner_id, status, cover_start);",
    /* 5: the overview's totals, one row per partner, status, product and month (POLICY_MONTH),
     * kept by policies.c in the transaction of every insert and decision, and filled here
     * from the policies already there; the policy list filtered by product. */
    "CREATE TABLE policy_totals ("
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  status TEXT NOT NULL,"
    "  product TEXT NOT NULL,"
    "  month TEXT NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  premium_kobo INTEGER NOT NULL,"
    "  PRIMARY KEY (partner_id, status, product, month));"
    "INSERT INTO policy_totals(partner_id, status, product, month, n, premium_kobo)"
    "  SELECT partner_id, status, product, " POLICY_MONTH ", count(*), sum(premium_kobo)"
    "  FROM policies GROUP BY 1, 2, 3, 4;"
    "DROP INDEX policies_partner_approved;"
    "CREATE INDEX policies_partner_product ON policies(partner_id, product, status, received_at);",
    /* 6: the tokens two or more of a partner's consumers hold (for the duplicates report),
     * added with the second holder's tokens, and filled here from the tokens already there. */
    "CREATE TABLE shared_tokens ("
    "  partner_id TEXT NOT NULL REFERENCES partners(id),"
    "  kind TEXT NOT NULL,"
    "  token BLOB NOT NULL,"
    "  PRIMARY KEY (partner_id, kind, token));"
    "INSERT INTO shared_tokens(partner_id, kind, token)"
    "  SELECT partner_id, kind, token FROM consumer_tokens"
    "  GROUP BY partner_id, kind, token HAVING count(*) > 1;",
};

const int sqlite_migration_count = (int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]);
