/* Scheduling contexts: pool limits, argument validation, budget charging,
 * throttling and replenishment. Each Criterion test runs in its own process,
 * so the pool starts empty in every test. */
#include <criterion/criterion.h>
#include "kern/schedctx.h"

Test(schedctx, alloc_sets_fields)
{
	struct schedctx *sc = sc_alloc(10, 3, 20);
	cr_assert_not_null(sc);
	cr_assert_eq(sc->state, SC_ACTIVE);
	cr_assert_eq(sc->prio, 10);
	cr_assert_eq(sc->budget, 3);
	cr_assert_eq(sc->period, 20);
	cr_assert_eq(sc->remaining, 3);
	cr_assert_eq(sc->consumed, 0);
	cr_assert_eq(sc_live_count(), 1);
}

Test(schedctx, invalid_prio_rejected)
{
	cr_assert_null(sc_alloc(PRIO_IDLE, 0, 0), "PRIO_IDLE is the idle thread's");
	cr_assert_null(sc_alloc(-2, 0, 0));
	cr_assert_null(sc_alloc(NPRIO, 0, 0));
	cr_assert_not_null(sc_alloc(0, 0, 0), "0 is the lowest user priority");
	cr_assert_not_null(sc_alloc(NPRIO - 1, 0, 0));
	cr_assert_eq(sc_live_count(), 2);
}

Test(schedctx, budget_above_period_rejected)
{
	cr_assert_null(sc_alloc(5, 11, 10));
	cr_assert_null(sc_alloc(5, 1, 0));
	cr_assert_not_null(sc_alloc(5, 10, 10));
	cr_assert_eq(sc_live_count(), 1);
}

Test(schedctx, pool_exhaustion_and_reuse)
{
	struct schedctx *first = NULL;
	for (int i = 0; i < MAX_SCHEDCTX; i++) {
		struct schedctx *sc = sc_alloc(5, 0, 0);
		cr_assert_not_null(sc, "alloc %d", i);
		if (i == 0)
			first = sc;
	}
	cr_assert_eq(sc_live_count(), MAX_SCHEDCTX);
	cr_assert_null(sc_alloc(5, 0, 0), "pool exhausted");
	sc_free(first);
	cr_assert_eq(first->state, SC_FREE);
	cr_assert_eq(sc_live_count(), MAX_SCHEDCTX - 1);
	cr_assert_eq(sc_alloc(7, 0, 0), first, "freed slot reused");
	cr_assert_eq(first->prio, 7);
}

Test(schedctx, free_null_and_double_free)
{
	struct schedctx *sc = sc_alloc(5, 0, 0);
	sc_free(NULL);
	cr_assert_eq(sc_live_count(), 1);
	sc_free(sc);
	sc_free(sc);
	cr_assert_eq(sc_live_count(), 0);
}

Test(schedctx, unlimited_never_throttles)
{
	struct schedctx *sc = sc_alloc(5, 0, 0);
	for (uint64_t now = 1; now <= 1000; now++)
		cr_assert_not(sc_charge(sc, now));
	cr_assert_eq(sc->state, SC_ACTIVE);
	cr_assert_eq(sc->consumed, 1000);
}

Test(schedctx, throttle_and_replenish)
{
	struct schedctx *sc = sc_alloc(5, 2, 10);
	cr_assert_not(sc_charge(sc, 1));
	cr_assert_eq(sc->remaining, 1);
	cr_assert_eq(sc->replenish_at, 10, "window (0,10] opened by the first charge");
	cr_assert(sc_charge(sc, 2), "budget exhausted");
	cr_assert_eq(sc->state, SC_THROTTLED);
	cr_assert_eq(sc->remaining, 0);
	cr_assert_not(sc_replenish_due(sc, 9));
	cr_assert(sc_replenish_due(sc, 10));
	cr_assert(sc_replenish_due(sc, 12));
	sc_replenish(sc, 10);
	cr_assert_eq(sc->state, SC_ACTIVE);
	cr_assert_eq(sc->remaining, 2);
	cr_assert_eq(sc->replenish_at, 20);
	cr_assert_eq(sc->consumed, 2);
	cr_assert_not(sc_charge(sc, 11));
	cr_assert(sc_charge(sc, 12));
}

Test(schedctx, window_opens_at_first_charge)
{
	struct schedctx *sc = sc_alloc(5, 1, 4);
	cr_assert(sc_charge(sc, 100));
	cr_assert_eq(sc->replenish_at, 103);
	cr_assert_not(sc_replenish_due(sc, 102));
	cr_assert(sc_replenish_due(sc, 103));
}

Test(schedctx, budget_equal_period_never_throttles)
{
	struct schedctx *sc = sc_alloc(5, 10, 10);
	for (uint64_t now = 1; now <= 100; now++)
		cr_assert_not(sc_charge(sc, now), "tick %lu", (unsigned long)now);
	cr_assert_eq(sc->state, SC_ACTIVE);
}

Test(schedctx, unused_budget_refilled_next_period)
{
	struct schedctx *sc = sc_alloc(5, 3, 10);
	cr_assert_not(sc_charge(sc, 1));
	cr_assert_not(sc_charge(sc, 2));
	cr_assert_eq(sc->remaining, 1);
	cr_assert_not(sc_charge(sc, 15), "new window, full budget");
	cr_assert_eq(sc->remaining, 2);
	cr_assert_eq(sc->replenish_at, 24);
}

Test(schedctx, charge_ignores_non_active)
{
	struct schedctx *sc = sc_alloc(5, 1, 10);
	cr_assert(sc_charge(sc, 1));
	cr_assert_not(sc_charge(sc, 2), "already throttled");
	cr_assert_eq(sc->consumed, 1);
	cr_assert_eq(sc->state, SC_THROTTLED);
	sc_free(sc);
	cr_assert_not(sc_charge(sc, 3));
	cr_assert_eq(sc->state, SC_FREE);
}

Test(schedctx, replenish_rules)
{
	struct schedctx *sc = sc_alloc(5, 2, 10);
	cr_assert_not(sc_replenish_due(sc, 1000), "active contexts are never due");
	sc_free(sc);
	sc_replenish(sc, 5);
	cr_assert_eq(sc->state, SC_FREE, "a free context stays free");
	cr_assert_eq(sc_live_count(), 0);
}

/* ---- Setting a budget (doors/SEMANTICS.md §18) ------------------------- */

Test(schedctx, valid_budgets)
{
	cr_assert(sc_budget_valid(0, 0), "unlimited");
	cr_assert(sc_budget_valid(1, 1));
	cr_assert(sc_budget_valid(3, SC_PERIOD_MAX));
	cr_assert_not(sc_budget_valid(0, 10), "no budget with a period");
	cr_assert_not(sc_budget_valid(5, 0));
	cr_assert_not(sc_budget_valid(11, 10), "budget above period");
	cr_assert_not(sc_budget_valid(1, SC_PERIOD_MAX + 1));
}

Test(schedctx, the_cap_bounds_burst_and_share)
{
	cr_assert(sc_within_cap(0, 0, 0, 0), "an unlimited cap allows anything");
	cr_assert(sc_within_cap(7, 9, 0, 0));
	cr_assert(sc_within_cap(2, 20, 2, 20), "the cap itself");
	cr_assert(sc_within_cap(1, 10, 2, 20), "a shorter period, the same share");
	cr_assert(sc_within_cap(1, 20, 2, 20));
	cr_assert_not(sc_within_cap(0, 0, 2, 20), "no unlimited budget under a cap");
	cr_assert_not(sc_within_cap(3, 40, 2, 20), "a burst above the cap's budget");
	cr_assert_not(sc_within_cap(2, 19, 2, 20), "a larger share");
	cr_assert(sc_within_cap(SC_PERIOD_MAX, SC_PERIOD_MAX, SC_PERIOD_MAX, SC_PERIOD_MAX),
		  "products of the largest values do not overflow");
}

Test(schedctx, setting_a_budget_never_refills_the_window_in_progress)
{
	struct schedctx *sc = sc_alloc(5, 4, 20);
	cr_assert_not(sc_charge(sc, 1));
	cr_assert_not(sc_charge(sc, 2));
	cr_assert_eq(sc->remaining, 2);
	sc_set_budget(sc, 4, 20);
	cr_assert_eq(sc->remaining, 2, "asking again for the same budget buys nothing");
	sc_set_budget(sc, 1, 10);
	cr_assert_eq(sc->remaining, 1, "a smaller budget lowers what is left");
	cr_assert_eq(sc->replenish_at, 20, "the window keeps its end");
	cr_assert(sc_charge(sc, 3), "and throttles at the new budget");
	cr_assert_not(sc_replenish_due(sc, 19));
	cr_assert(sc_replenish_due(sc, 20));
	sc_replenish(sc, 20);
	cr_assert_eq(sc->remaining, 1);
	cr_assert_eq(sc->replenish_at, 30, "the next window has the new period");
}

Test(schedctx, an_unlimited_context_given_a_budget_starts_its_window_at_the_next_charge)
{
	struct schedctx *sc = sc_alloc(5, 0, 0);
	cr_assert_not(sc_charge(sc, 100));
	sc_set_budget(sc, 2, 10);
	cr_assert_eq(sc->remaining, 2);
	cr_assert_not(sc_charge(sc, 101));
	cr_assert_eq(sc->replenish_at, 110);
	cr_assert(sc_charge(sc, 102));
	sc_replenish(sc, 110);
	sc_set_budget(sc, 0, 0);
	cr_assert_eq(sc->budget, 0);
	for (uint64_t now = 111; now < 200; now++)
		cr_assert_not(sc_charge(sc, now), "unlimited again");
	cr_assert_eq(sc->consumed, 2 + 1 + 89);
}
