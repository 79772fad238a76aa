/*
 * commands.c - fuzz target for the commands behind POST / that read a partner's seed:
 * SR05 (register: every consumer rule), SR10 (quote: every pricing rule) and SR15
 * (insure: requirements and addtnlFact rules), run through api_run_as on a real SQLite
 * store with the real catalog and the writer thread, as a TEST partner.
 *
 * Input: byte 0 picks the command (mod 3), byte 1 the product (mod the catalog's count),
 * the rest is the seed as JSON. For SR15 the product's ctgry/type/pckg and an id are
 * filled in when the seed lacks them (as the dashboard's buy form does), so the fuzzer
 * spends its time on the rules, not on guessing codes. Every answer must be a JSON
 * envelope with exctnFdbck.id 75, 55 or 35, and 55 must come with a text.
 *
 * Environment: AIMS_CATALOG (default catalog/products.json, from the repository root);
 * AIMS_FUZZ_SHOW=1 prints every answer (to see what a corpus file reaches).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/api/api_int.h"
#include "../src/common/ids.h"
#include "../src/json/catalog_load.h"
#include "../src/products/catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct api *api;
static struct vault_keys keys;
static uint8_t partner[16];
static char consumer_hex[ID_HEX_LEN + 1];
static unsigned long counter;
static char work[] = "/tmp/aims-fuzz-XXXXXX"; /* the database and key file, removed at exit */

static void remove_work(void)
{
    static const char *const names[] = {"fuzz.db", "fuzz.db-wal", "fuzz.db-shm", "key"};
    char path[sizeof work + 16];

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", work, names[i]);
        unlink(path);
    }
    rmdir(work);
}

/* The answer of one command, handed from the replying thread to the fuzzer's. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t answered = PTHREAD_COND_INITIALIZER;
static json_t *answer;
static bool have_answer;

static void on_reply(void *arg, char *body, size_t body_len, const char *note)
{
    json_t *v = json_loadb(body, body_len, 0, NULL);

    (void)arg;
    (void)note;
    free(body);
    pthread_mutex_lock(&lock);
    answer = v;
    have_answer = true;
    pthread_cond_signal(&answered);
    pthread_mutex_unlock(&lock);
}

/* Runs command with seed (stolen) and returns its answer (the caller drops it). */
static json_t *run(const char *command, json_t *seed)
{
    json_t *v;

    pthread_mutex_lock(&lock);
    have_answer = false;
    pthread_mutex_unlock(&lock);
    api_run_as(api, partner, PARTNER_TEST, command, seed, on_reply, NULL);
    pthread_mutex_lock(&lock);
    while (!have_answer)
        pthread_cond_wait(&answered, &lock);
    v = answer;
    answer = NULL;
    pthread_mutex_unlock(&lock);
    return v;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz commands: %s: %s\n", what, why);
    exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char url[300]; /* the api keeps it */
    char path[256], err[512];
    const char *catalog_path = getenv("AIMS_CATALOG");
    struct catalog *cat;
    struct writer *w;
    struct store *st;
    struct store_partner p;
    struct api_config cfg;
    bool created;
    json_t *a;

    (void)argc;
    (void)argv;
    if (vault_init() != 0 || !mkdtemp(work))
        die("set-up", "libsodium or a temporary folder");
    atexit(remove_work);
    snprintf(path, sizeof path, "%s/key", work);
    snprintf(url, sizeof url, "sqlite:%s/fuzz.db", work);
    if (vault_load_key_file(path, true, &keys, &created, err, sizeof err) != 0)
        die("key file", err);
    cat = catalog_load_file(catalog_path ? catalog_path : "catalog/products.json", err, sizeof err);
    if (!cat)
        die("catalog", err);
    if (writer_start(url, 64, 0, &w, err, sizeof err) != 0)
        die("writer", err);
    if (store_open(url, 0, &st, err, sizeof err) != STORE_OK)
        die("store", err);
    memset(&p, 0, sizeof p);
    vault_new_id(p.id);
    snprintf(p.name, sizeof p.name, "Fuzz Partner");
    if (store_partner_put(st, &p) != STORE_OK)
        die("partner", store_last_error(st));
    store_close(st);
    memcpy(partner, p.id, 16);
    memset(&cfg, 0, sizeof cfg);
    cfg.store_url = url;
    cfg.public_url = "http://127.0.0.1:1";
    cfg.keys = &keys;
    cfg.writer = w;
    api = api_new(&cfg, cat);
    /* One consumer for SR15, with everything a product may need. */
    a = run("prfl entity",
            json_pack("{s:s, s:{s:s, s:s}, s:{s:s}, s:s, s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:s}",
                      "class", "individual", "name", "first", "Fuzz", "last", "Target", "dob",
                      "date", "1990-02-03", "gender", "m", "phoneNo", "+2348030000000", "eMail",
                      "fuzz@target.example", "addrss", "addrss", "1 Fuzz Road, Lagos", "socialID",
                      "type", "bvnn", "id", "22233344455", "taxId", "TIN-1"));
    if (!json_is_string(json_object_get(a, "id")))
        die("consumer", "SR05 did not answer an id");
    snprintf(consumer_hex, sizeof consumer_hex, "%s", json_string_value(json_object_get(a, "id")));
    json_decref(a);
    return 0;
}

/* Aborts unless v is an envelope with id 75, 55 (with a text) or 35. */
static void check_answer(json_t *v)
{
    json_t *fb = json_object_get(v, "exctnFdbck");
    json_int_t id = json_integer_value(json_object_get(fb, "id"));

    if (!json_is_object(fb) || (id != 75 && id != 55 && id != 35))
        abort();
    if (id == 55 && !json_is_string(json_object_get(fb, "elbrtn")))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct catalog *cat;
    const struct product *p;
    char command[128], code[CATALOG_MAX_CODE + 1], err[512], ref[32];
    json_t *seed, *v;
    int which;

    if (size < 2)
        return 0;
    seed = api_json_parse((const char *)data + 2, size - 2, err, sizeof err);
    if (!seed)
        return 0;
    which = data[0] % 3;
    cat = api_catalog_acquire(api);
    p = catalog_product_at(cat, data[1] % catalog_count(cat));
    snprintf(code, sizeof code, "%s", p->code);
    catalog_unref(cat);
    if (which == 0) {
        snprintf(command, sizeof command, "prfl entity");
    } else if (which == 1) {
        snprintf(command, sizeof command, "dump ipck_%s*PRMM", code);
    } else {
        snprintf(command, sizeof command, "entt_%s: insure", consumer_hex);
        if (json_is_object(seed)) {
            char *type = strchr(code, '-'), *pckg = type ? strchr(type + 1, '-') : NULL;
            if (pckg) {
                *type++ = '\0';
                *pckg++ = '\0';
                if (!json_object_get(seed, "ctgry"))
                    json_object_set_new(seed, "ctgry", json_string(code));
                if (!json_object_get(seed, "type"))
                    json_object_set_new(seed, "type", json_string(type));
                if (!json_object_get(seed, "pckg"))
                    json_object_set_new(seed, "pckg", json_string(pckg));
            }
            snprintf(ref, sizeof ref, "F%lu", counter++);
            if (!json_object_get(seed, "id"))
                json_object_set_new(seed, "id", json_string(ref));
        }
    }
    v = run(command, seed);
    if (getenv("AIMS_FUZZ_SHOW")) {
        char *text = json_dumps(v, JSON_COMPACT);
        fprintf(stderr, "%s -> %s\n", command, text ? text : "(not JSON)");
        free(text);
    }
    check_answer(v);
    json_decref(v);
    return 0;
}
