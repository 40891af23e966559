/* Budgets (doors/SEMANTICS.md §18): SYS_SC_SET within the home domain's cap,
 * threads starting at the cap, and a migrated thread's time in B and C
 * charged to its own scheduling context. Drives the real system calls
 * (syscall_dispatch) and the real scheduler (sched_tick) on host fixtures.
 * The orphan's budget is a crash rule: test_crash.c. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/syscall.h>
#include "kern/hart.h"
#include "kern/sched.h"
#include "kern/schedctx.h"
#include "kern/syscall.h"
#include "door_fixtures.h"

static struct domain A, B, C;
static struct thread t;
static struct schedctx sct;
static struct door *db, *dc;

static void setup(void)
{
	memset(harts, 0, sizeof harts);
	sched_init(&this_hart()->sched);
	fx_domain(&A, 1);
	fx_domain(&B, 2);
	fx_domain(&C, 3);
	A.cap_budget = 3;
	A.cap_period = 10;
	fx_thread(&t, &sct, 40, 10, &A);
	sc_set_budget(&sct, 3, 10);
	db = fx_door(&B, 1, 0);
	dc = fx_door(&C, 1, 0);
	cr_assert(db && dc);
	this_hart()->sched.current = &t;
}

TestSuite(budget, .init = setup);

/* SYS_SC_SET(budget, period) by t: its a0. */
static long sc_set(uint64_t budget, uint64_t period)
{
	t.tf->regs[REG_A7] = SYS_SC_SET;
	t.tf->regs[REG_A0] = budget;
	t.tf->regs[REG_A1] = period;
	syscall_dispatch(t.tf);
	return (long)t.tf->regs[REG_A0];
}

Test(budget, sc_set_is_bounded_by_the_domains_cap)
{
	cr_assert_eq(sc_set(0, 0), HE_PERM, "no unlimited budget under a cap");
	cr_assert_eq(sc_set(4, 20), HE_PERM, "a burst above the cap");
	cr_assert_eq(sc_set(3, 9), HE_PERM, "a larger share");
	cr_assert_eq(sct.budget, 3, "a refused call changes nothing");
	cr_assert_eq(sct.period, 10);
	cr_assert_eq(sc_set(1, 5), 0, "the same share, a shorter period");
	cr_assert_eq(sct.budget, 1);
	cr_assert_eq(sct.period, 5);
	cr_assert_eq(sc_set(3, 10), 0, "back up to the cap");
	A.cap_budget = A.cap_period = 0;
	cr_assert_eq(sc_set(0, 0), 0, "an unlimited cap allows an unlimited budget");
	cr_assert_eq(sct.budget, 0);
}

Test(budget, sc_set_checks_its_arguments_before_the_cap)
{
	cr_assert_eq(sc_set(11, 10), HE_INVAL);
	cr_assert_eq(sc_set(0, 10), HE_INVAL);
	cr_assert_eq(sc_set(1, SC_PERIOD_MAX + 1), HE_INVAL);
	cr_assert_eq(sc_set(5, 0), HE_INVAL);
	cr_assert_eq(sct.budget, 3);
}

Test(budget, server_code_may_not_change_its_callers_budget)
{
	cr_assert_eq(fx_call(&t, &A, db), 0);
	cr_assert_eq(sc_set(1, 10), HE_PERM);
	cr_assert_eq(sct.budget, 3);
}

Test(budget, a_migrated_threads_time_in_b_and_c_is_charged_to_its_own_context)
{
	struct sched *s = &this_hart()->sched;
	cr_assert_eq(fx_call(&t, &A, db), 0);
	cr_assert_eq(fx_call(&t, &B, dc), 0);
	cr_assert_eq(t.cur, &C);
	cr_assert_not(sched_tick(s, 1));
	cr_assert_not(sched_tick(s, 2));
	t.tf->regs[REG_A7] = SYS_SC_INFO;
	syscall_dispatch(t.tf);
	cr_assert_eq(t.tf->regs[REG_A0], 2, "C's code reads its caller's context: 2 ticks consumed");
	cr_assert_eq(t.tf->regs[REG_A1], 3);
	cr_assert_eq(t.tf->regs[REG_A2], 10);
	cr_assert_eq(t.tf->regs[REG_A3], 1, "1 tick left in this period");
	cr_assert(sched_tick(s, 3), "A's budget runs out in C");
	cr_assert_eq(sct.state, SC_THROTTLED);
	cr_assert_null(sched_pick(s));
	cr_assert_eq(t.queue, SQ_THROTTLED, "throttled in C, holding B's and C's activations");
	cr_assert_eq(t.shuttle.depth, 2);
	for (uint64_t now = 4; now < 10; now++)
		cr_assert_not(sched_tick(s, now));
	cr_assert(sched_tick(s, 10), "replenished at the period's end");
	cr_assert_eq(sched_pick(s), &t);
	cr_assert_eq(t.cur, &C, "and goes on where it was");
}

Test(budget, threads_start_at_their_domains_cap)
{
	int err = 0;
	struct thread *n = thread_create_waiting(&A, 5, &err);
	cr_assert_not_null(n, "error %d", err);
	cr_assert_eq(n->sc->budget, 3);
	cr_assert_eq(n->sc->period, 10);
	cr_assert_eq(n->sc->remaining, 3);
	struct thread *m = thread_create_waiting(&B, 5, &err);
	cr_assert_not_null(m);
	cr_assert_eq(m->sc->budget, 0, "B has no cap: unlimited");
}
