/* Scheduling contexts: a base priority plus a CPU budget per period, taken
 * from a fixed pool of MAX_SCHEDCTX (struct schedctx is in thread.h).
 *
 * Budget accounting, in timer ticks. A charge at tick `now` pays for the tick
 * that just ended, (now-1, now]. A period is the window of `period` charges
 * (replenish_at - period, replenish_at]:
 *   - a context with budget 0 is unlimited: charges only count `consumed`;
 *   - the first period starts lazily at the first charge (a context that has
 *     not run yet has no window), and a charge that finds the window over
 *     (now > replenish_at) starts a fresh window with a full budget, so an
 *     ACTIVE context that did not exhaust its budget is refilled each period;
 *   - when remaining reaches 0 before the window ends the context becomes
 *     SC_THROTTLED until replenish_at; sc_replenish then refills it and opens
 *     the next window (now, now + period]. Reaching 0 exactly on the last tick
 *     of the window is not a throttle: the next window starts at once, so a
 *     context with budget == period is never throttled.
 * Setting a budget (sc_set_budget, SYS_SC_SET) never refills the window in
 * progress: the context keeps min(remaining, new budget) until replenish_at,
 * so asking again for the same budget cannot buy time (doors/SEMANTICS.md §13).
 * Life cycle: SC_FREE -> sc_alloc -> SC_ACTIVE <-> SC_THROTTLED -> sc_free -> SC_FREE */
#ifndef KERN_SCHEDCTX_H
#define KERN_SCHEDCTX_H

#include <stdbool.h>
#include <stdint.h>
#include "thread.h"

/* A new ACTIVE context with a full budget, or NULL if the pool is exhausted
 * or an argument is invalid: prio outside 0 .. NPRIO-1 (PRIO_IDLE,
 * below 0, belongs to the idle thread alone), or budget > period. */
struct schedctx *sc_alloc(int prio, uint64_t budget, uint64_t period);
/* Budgets a context may have: budget 0 with period 0 (unlimited), or
 * 1 <= budget <= period <= SC_PERIOD_MAX (so products of two fit 64 bits). */
#define SC_PERIOD_MAX (1ull << 32)
bool sc_budget_valid(uint64_t budget, uint64_t period);
/* True iff (budget, period) stays within the cap (cap_budget, cap_period),
 * both valid: an unlimited cap allows anything; a limited one allows no
 * unlimited budget, no burst above cap_budget and no larger share of the
 * CPU: budget <= cap_budget and budget / period <= cap_budget / cap_period. */
bool sc_within_cap(uint64_t budget, uint64_t period, uint64_t cap_budget, uint64_t cap_period);
/* Give sc a new (valid) budget and period. The window in progress keeps its
 * end and at most the budget it had left (above); an unlimited context, or
 * one made unlimited, starts afresh (its first window opens at the next
 * charge). */
void sc_set_budget(struct schedctx *sc, uint64_t budget, uint64_t period);
/* Return sc to the pool; NULL and already-free contexts are ignored. */
void sc_free(struct schedctx *sc);
/* Contexts currently allocated. */
int sc_live_count(void);

/* Charge one tick ending at `now` to an ACTIVE context. Returns true iff this
 * charge exhausted the budget and the context is now SC_THROTTLED. Charging a
 * context that is not ACTIVE changes nothing and returns false. */
bool sc_charge(struct schedctx *sc, uint64_t now);
/* True iff sc is THROTTLED and its replenishment time has come. */
bool sc_replenish_due(const struct schedctx *sc, uint64_t now);
/* Refill the budget, make sc ACTIVE and open the window (now, now + period].
 * A free context is left free. */
void sc_replenish(struct schedctx *sc, uint64_t now);

#endif
