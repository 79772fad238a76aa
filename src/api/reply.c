/*
 * reply.c - every answer on POST / leaves through here: the exctnFdbck envelope (current
 * and legacy forms), logging, metrics, and freeing the call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../common/metrics.h"
#include "../common/timeutil.h"
#include "api_int.h"

static const struct {
    const char *name;
    int wire;
    int v4;
    const char *text;
} errors[API_ERR_COUNT] = {
#define X(name, wire, v4, text) {#name, wire, v4, text},
    AIMS_ERROR_LIST(X)
#undef X
};

/* Metrics index of the call: 0 = "none", then the command table rows. */
static int metric_index(const struct api_call *call)
{
    return call->command < 0 ? 0 : call->command + 1;
}

static void finish(struct api_call *call, json_t *answer, enum api_err err)
{
    char note[160];
    char *body;
    size_t len;
    const char *label = call->command < 0 ? "-" : api_commands[call->command].label;

    body = json_dumps(answer, JSON_COMPACT);
    json_decref(answer);
    if (!body) {
        fputs("aimsd: out of memory\n", stderr);
        abort();
    }
    len = strlen(body);
    metrics_request(metric_index(call), errors[err].wire, time_mono_ns() - call->start_ns);
    snprintf(note, sizeof note, "rid=%s cmd=%s out=%d/%d", call->rid, label, errors[err].wire,
             errors[err].v4);
    call->reply(call->reply_arg, body, len, note);
    json_decref(call->root);
    free(call);
}

static json_t *feedback(const struct api_call *call, enum api_err err, const char *text)
{
    json_t *fb = json_object();
    bool client_error = errors[err].v4 >= 400 && errors[err].v4 < 500;

    if (call->legacy) {
        /* Legacy clients: string id, no id_v4, elbrtn only on client errors. */
        char id[8];
        snprintf(id, sizeof id, "%d", errors[err].wire);
        json_object_set_new(fb, "id", json_string(id));
        if (text && client_error)
            json_object_set_new(fb, "elbrtn", json_string(text));
        return fb;
    }
    json_object_set_new(fb, "id", json_integer(errors[err].wire));
    json_object_set_new(fb, "id_v4", json_integer(errors[err].v4));
    if (text)
        json_object_set_new(fb, "elbrtn", json_string(text));
    return fb;
}

void api_ok(struct api_call *call, json_t *fields)
{
    json_t *answer = json_object();

    json_object_set_new(answer, "exctnFdbck", feedback(call, API_OK, NULL));
    if (fields) {
        json_object_update(answer, fields);
        json_decref(fields);
    }
    finish(call, answer, API_OK);
}

void api_fail(struct api_call *call, enum api_err err, const char *detail)
{
    json_t *answer = json_object();
    const char *text = detail ? detail : errors[err].text;

    json_object_set_new(answer, "exctnFdbck", feedback(call, err, text ? text : errors[err].name));
    finish(call, answer, err);
}

void api_internal(struct api_call *call, const char *why)
{
    char text[128];

    log_error("rid=%s internal fault: %s", call->rid, why);
    snprintf(text, sizeof text, "Internal error; quote request id %s to support", call->rid);
    api_fail(call, API_INTERNAL, text);
}

void api_store_fail(struct api_call *call, int rc, const char *what)
{
    if (rc == STORE_BUSY) {
        api_fail(call, API_BUSY, NULL);
        return;
    }
    api_internal(call, what);
}
