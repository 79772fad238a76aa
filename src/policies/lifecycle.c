/*
 * lifecycle.c - the state table; see lifecycle.h. Adding a state or an event is a row.
 */
#include "lifecycle.h"

static const struct {
    enum lc_state from;
    enum lc_event event;
    enum lc_state to;
} table[] = {
    {LC_NEW, LC_SUBMIT_TEST, LC_APPROVED},    {LC_NEW, LC_SUBMIT_AUTO, LC_APPROVED},
    {LC_NEW, LC_SUBMIT_REFER, LC_PROCESSING}, {LC_PROCESSING, LC_APPROVE, LC_APPROVED},
    {LC_PROCESSING, LC_DECLINE, LC_DECLINED},
};

enum lc_event lifecycle_submit_event(bool live_partner, bool refer_product)
{
    if (!live_partner)
        return LC_SUBMIT_TEST;
    return refer_product ? LC_SUBMIT_REFER : LC_SUBMIT_AUTO;
}

bool lifecycle_next(enum lc_state from, enum lc_event event, enum lc_state *to)
{
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].from == from && table[i].event == event) {
            *to = table[i].to;
            return true;
        }
    return false;
}
