/* Bandwidth inheritance (doors/SEMANTICS.md §21), one test per rule, each
 * named after it (s21_*): a thread whose budget runs out while others wait
 * on it (here: L holds b's only activation in B, H waits for it) runs on
 * the budget of its highest waiter that has budget left, until that runs
 * out too, its own is replenished, or nobody waits any more. The tests
 * drive the scheduler's tick and pick (kern/sched.c) and
 * inherit_lent_budget (kern/inherit.c) on host fixtures; scenario
 * budget-chain.scn shows it on a real boot. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "kern/inherit.h"
#include "kern/schedctx.h"
#include "door_fixtures.h"
#include "fake_arch.h"

static struct domain A, B, X;
static struct thread l, h, m;
static struct schedctx scl, sch, scm;
static struct door *db;
static struct sched *s;

static void setup(void)
{
	memset(harts, 0, sizeof harts);
	s = &this_hart()->sched;
	sched_init(s);
	fx_named_domain(&A, 1, "A", 3);
	fx_named_domain(&B, 2, "B", 1);
	fx_named_domain(&X, 3, "X", 20);
	fx_thread(&l, &scl, 40, 3, &A);
	fx_thread(&h, &sch, 41, 20, &X);
	fx_thread(&m, &scm, 42, 10, &X);
	sc_set_budget(&scl, 2, 100);
	sc_set_budget(&sch, 5, 100);
	sc_set_budget(&scm, 4, 100);
	inherit_bandwidth_off = false;
	db = fx_door(&B, 1, 0);
	cr_assert_not_null(db);
	/* L holds b's only activation, running in B; H waits for it. */
	cr_assert_eq(fx_call(&l, &A, db), 0);
	cr_assert_eq(fx_call(&h, &X, db), ACQ_QUEUED);
	h.state = m.state = THREAD_BLOCKED;
	s->current = &l;
	cr_assert_eq(l.prio, 20, "H lends L its priority");
}

TestSuite(bandwidth, .init = setup);

/* Tick from..to (inclusive) while L runs; false if a switch was asked. */
static bool ticks(uint64_t from, uint64_t to)
{
	for (uint64_t now = from; now <= to; now++)
		if (sched_tick(s, now))
			return false;
	return true;
}

Test(bandwidth, s21_a_holder_whose_budget_runs_out_goes_on_on_its_waiters_budget)
{
	cr_assert(ticks(1, 2), "L's 2 ticks, and it goes on");
	cr_assert_eq(scl.state, SC_THROTTLED, "its own budget is out");
	cr_assert_eq(l.state, THREAD_RUNNING);
	cr_assert(ticks(3, 4));
	cr_assert_eq(scl.consumed, 2, "L's own context is not charged any more");
	cr_assert_eq(sch.consumed, 2, "H's is");
	cr_assert_eq(sch.remaining, 3);
}

Test(bandwidth, s21_when_the_lenders_budget_is_out_too_the_holder_is_throttled)
{
	cr_assert(ticks(1, 6));
	cr_assert(sched_tick(s, 7), "H's budget is out too: a switch");
	cr_assert_eq(sch.state, SC_THROTTLED, "H paid its 5 ticks");
	cr_assert_null(sched_pick(s), "nobody else lends: L waits");
	cr_assert_eq(l.queue, SQ_THROTTLED);
	cr_assert_null(inherit_lent_budget(&l, 8));
}

Test(bandwidth, s21_the_highest_waiter_with_budget_left_lends)
{
	cr_assert_eq(fx_call(&m, &X, db), ACQ_QUEUED);
	cr_assert_eq(inherit_lent_budget(&l, 1), &sch, "H (20) before M (10)");
	sch.state = SC_THROTTLED;
	sch.replenish_at = 50;
	cr_assert_eq(inherit_lent_budget(&l, 1), &scm, "H has none left: M lends");
	cr_assert_eq(inherit_lent_budget(&l, 50), &sch, "H's replenishment came: H again");
	cr_assert_eq(sch.state, SC_ACTIVE);
}

Test(bandwidth, s21_a_throttled_holder_runs_again_when_a_waiter_comes)
{
	door_call_cancel_wait(&h, HE_CANCELLED);
	cr_assert_null(inherit_lent_budget(&l, 1), "nobody waits");
	cr_assert_not(ticks(1, 2), "its budget is out: a switch");
	cr_assert_null(sched_pick(s));
	cr_assert_eq(l.queue, SQ_THROTTLED);
	cr_assert_eq(fx_call(&m, &X, db), ACQ_QUEUED, "M comes to wait");
	cr_assert_eq(l.state, THREAD_RUNNABLE, "at once, on M's budget");
	cr_assert_null(s->throttled);
	cr_assert_eq(sched_pick(s), &l);
}

Test(bandwidth, s21_a_lenders_replenishment_lets_a_throttled_holder_run_within_a_tick)
{
	cr_assert(ticks(1, 6));
	cr_assert(sched_tick(s, 7), "H's budget is out too");
	cr_assert_null(sched_pick(s));
	cr_assert_eq(l.queue, SQ_THROTTLED, "until L's (tick 100) or H's (tick 102) replenishment");
	cr_assert(ticks(8, 99));
	sched_tick(s, 100);
	cr_assert_eq(l.state, THREAD_RUNNABLE, "L's own came first");
}

Test(bandwidth, s21_once_nobody_waits_the_holder_is_on_its_own_budget_again)
{
	cr_assert(ticks(1, 3), "on H's budget at tick 3");
	door_call_cancel_wait(&h, HE_TIMEDOUT); /* H gives up */
	cr_assert(sched_tick(s, 4), "L's own budget is out: a switch");
	cr_assert_null(sched_pick(s));
	cr_assert_eq(l.queue, SQ_THROTTLED);
	cr_assert_eq(sch.consumed, 1);
}

Test(bandwidth, s21_off_the_holder_is_throttled_holding_the_activation)
{
	inherit_bandwidth_off = true;
	cr_assert(ticks(1, 1));
	cr_assert(sched_tick(s, 2), "L's own budget is out: a switch");
	cr_assert_null(sched_pick(s));
	cr_assert_eq(l.queue, SQ_THROTTLED);
	cr_assert_eq(sch.consumed, 0, "H lends nothing");
	cr_assert_eq(db->pool.free_mask, 0u, "and waits while L holds b");
}
