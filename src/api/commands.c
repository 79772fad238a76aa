/*
 * commands.c - THE command table of the AIMS endpoint (PROTOCOL.md section 4) and its
 * matcher. Adding a command is one row here and one handler function.
 *
 * Columns: label (metrics and logs), pattern (exact text; each {} captures one or more
 * of A-Z a-z 0-9 _ -), handler, writes (goes through the writer thread; answered 35 when
 * its queue is full). Order matters only where patterns could overlap; they do not.
 */
#include "api_int.h"

const struct command api_commands[] = {
    /* label          pattern            handler           writes */
    {"SR05", "prfl entity", cmd_register, true},
    {"SR10", "dump ipck_{}*PRMM", cmd_quote, false},
    {"SR15", "entt_{}: insure", cmd_insure, true},
    {"SR20", "dump entt_{}|insr_{}*STATUS", cmd_status, false},
    {"transaction_dump", "entt_{}|insr_{}: dump", cmd_transaction_dump, false},
    {"transactions_dump", "entt_{}|insr_*: dump", cmd_transactions_dump, false},
    {"profile_dump", "entt_{}: dump", cmd_profile_dump, false},
};

const int api_command_count = (int)(sizeof api_commands / sizeof api_commands[0]);

static bool capturable(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* Matches s against one pattern; fills captures. */
static bool match(const char *p, const char *s, size_t n, struct api_call *call)
{
    size_t i = 0;

    call->ncap = 0;
    while (*p) {
        if (p[0] == '{' && p[1] == '}') {
            size_t start = i;
            while (i < n && capturable(s[i]))
                i++;
            if (i == start || call->ncap == API_MAX_CAPTURES)
                return false;
            call->cap[call->ncap].s = s + start;
            call->cap[call->ncap].len = i - start;
            call->ncap++;
            p += 2;
            continue;
        }
        if (i >= n || s[i] != *p)
            return false;
        i++;
        p++;
    }
    return i == n;
}

int api_command_match(const char *s, size_t s_len, struct api_call *call)
{
    for (int k = 0; k < api_command_count; k++)
        if (match(api_commands[k].pattern, s, s_len, call))
            return k;
    call->ncap = 0;
    return -1;
}
