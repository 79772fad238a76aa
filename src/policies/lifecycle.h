/*
 * lifecycle.h - the policy request lifecycle as one explicit state table
 * (PROTOCOL.md section 7). Pure: no I/O.
 *
 *   (new) --submit, TEST partner------------> a approved  (TEST- policy, specimen)
 *   (new) --submit, LIVE, auto product------> a approved
 *   (new) --submit, LIVE, refer product-----> p processing (operator's queue)
 *   p     --operator approves---------------> a approved  (commencement fixed now)
 *   p     --operator declines with a note---> d declined
 *
 * Nothing leaves a or d.
 */
#ifndef AIMS_LIFECYCLE_H
#define AIMS_LIFECYCLE_H

#include <stdbool.h>

/* States; the letters are the wire values. LC_NEW is "no request yet". */
enum lc_state { LC_NEW = 0, LC_PROCESSING = 'p', LC_APPROVED = 'a', LC_DECLINED = 'd' };

enum lc_event {
    LC_SUBMIT_TEST,  /* a TEST partner's request */
    LC_SUBMIT_AUTO,  /* a LIVE partner's request for an auto-underwritten product */
    LC_SUBMIT_REFER, /* a LIVE partner's request for a referred product */
    LC_APPROVE,      /* the operator approves */
    LC_DECLINE       /* the operator declines (a note is required) */
};

/* Picks the submit event for a partner's mode and a product's underwriting. */
enum lc_event lifecycle_submit_event(bool live_partner, bool refer_product);

/*
 * The state after event in state from. Returns true and sets *to, or false when the
 * table has no such transition (e.g. approving a declined request).
 */
bool lifecycle_next(enum lc_state from, enum lc_event event, enum lc_state *to);

#endif
