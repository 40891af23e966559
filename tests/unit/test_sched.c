/* Scheduler policy: priority order, round-robin, slice expiry, preemption on
 * wake, sleepers, budget throttling and replenishment, priority inheritance.
 * Threads are plain zeroed structs; each Criterion test runs in its own
 * process, so the schedctx pool starts empty. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "kern/sched.h"
#include "kern/schedctx.h"
#include "runqueue_count.h"

static struct sched s;
static struct thread th[8];

static struct thread *mk_budget(int i, int prio, uint64_t budget, uint64_t period)
{
	struct thread *t = &th[i];
	t->id = i;
	t->inherited_prio = -1;
	t->sc = sc_alloc(prio, budget, period);
	cr_assert_not_null(t->sc);
	return t;
}

/* A new runnable thread with an unlimited budget. */
static struct thread *mk(int i, int prio)
{
	struct thread *t = mk_budget(i, prio, 0, 0);
	sched_make_runnable(&s, t);
	return t;
}

/* Tick from s.now+1 to `to`; true iff any tick asked for a reschedule. */
static bool tick_until(uint64_t to)
{
	bool any = false;
	while (s.now < to)
		any |= sched_tick(&s, s.now + 1);
	return any;
}

static void init(void)
{
	sched_init(&s);
}

TestSuite(sched, .init = init);

Test(sched, idle_when_nothing_runnable)
{
	cr_assert_null(sched_pick(&s));
	cr_assert_null(s.current);
	cr_assert_not(sched_tick(&s, 1));
	cr_assert_not(sched_preempt_needed(&s));
}

Test(sched, make_runnable_sets_state_slice_prio)
{
	struct thread *t = mk_budget(0, 9, 0, 0);
	t->inherited_prio = 12;
	sched_make_runnable(&s, t);
	cr_assert_eq(t->state, THREAD_RUNNABLE);
	cr_assert_eq(t->queue, SQ_RUN);
	cr_assert_eq(t->slice_left, DEFAULT_SLICE);
	cr_assert_eq(t->prio, 12, "effective = max(base, inherited)");
}

Test(sched, make_runnable_keeps_leftover_slice)
{
	struct thread *t = mk_budget(0, 9, 0, 0);
	t->slice_left = 2;
	sched_make_runnable(&s, t);
	cr_assert_eq(t->slice_left, 2);
}

Test(sched, make_runnable_ignores_scheduled_and_dead)
{
	struct thread *a = mk(0, 5);
	sched_make_runnable(&s, a);
	cr_assert_eq(queued(&s.rq), 1, "already RUNNABLE: not queued twice");
	cr_assert_eq(sched_pick(&s), a);
	sched_make_runnable(&s, a);
	cr_assert_eq(a->state, THREAD_RUNNING);
	cr_assert(rq_empty(&s.rq), "RUNNING: not queued");
	struct thread *d = mk(1, 5);
	cr_assert_eq(sched_block(&s, d, THREAD_DEAD), HE_OK);
	sched_make_runnable(&s, d);
	cr_assert_eq(d->state, THREAD_DEAD);
	cr_assert(rq_empty(&s.rq));
}

Test(sched, picks_highest_priority_first)
{
	struct thread *lo = mk(0, 3), *hi = mk(1, 40), *mid = mk(2, 20);
	cr_assert_eq(sched_pick(&s), hi);
	cr_assert_eq(hi->state, THREAD_RUNNING);
	cr_assert_eq(s.current, hi);
	sched_block(&s, hi, THREAD_BLOCKED);
	cr_assert_eq(sched_pick(&s), mid);
	cr_assert_eq(hi->state, THREAD_BLOCKED, "a blocked current is not requeued");
	sched_block(&s, mid, THREAD_BLOCKED);
	cr_assert_eq(sched_pick(&s), lo);
	sched_block(&s, lo, THREAD_BLOCKED);
	cr_assert_null(sched_pick(&s));
	cr_assert_null(s.current);
}

Test(sched, fifo_within_level)
{
	struct thread *a = mk(0, 5), *b = mk(1, 5), *c = mk(2, 5);
	struct thread *order[] = { a, b, c };
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(sched_pick(&s), order[i]);
		sched_block(&s, order[i], THREAD_BLOCKED);
	}
}

Test(sched, slice_expiry_rotates_round_robin)
{
	struct thread *a = mk(0, 5), *b = mk(1, 5), *c = mk(2, 5);
	struct thread *order[] = { a, b, c, a, b, c, a };
	cr_assert_eq(sched_pick(&s), a);
	for (int i = 1; i < 7; i++) {
		for (int k = 1; k < DEFAULT_SLICE; k++)
			cr_assert_not(sched_tick(&s, s.now + 1), "slice not yet over");
		cr_assert(sched_tick(&s, s.now + 1), "slice over, a peer waits");
		cr_assert_eq(sched_pick(&s), order[i]);
		cr_assert_eq(order[i - 1]->state, THREAD_RUNNABLE);
		cr_assert_eq(order[i - 1]->slice_left, DEFAULT_SLICE, "tail with a fresh slice");
		cr_assert_eq(s.rq.tail[5], order[i - 1]);
	}
}

Test(sched, slice_refilled_without_peer)
{
	struct thread *a = mk(0, 5);
	mk(1, 4);  /* lower priority never gets the CPU from a */
	cr_assert_eq(sched_pick(&s), a);
	cr_assert_not(tick_until(10 * DEFAULT_SLICE));
	cr_assert_eq(s.current, a);
	cr_assert_gt(a->slice_left, 0);
}

Test(sched, higher_priority_wake_preempts)
{
	struct thread *lo = mk(0, 5), *peer = mk(1, 5);
	struct thread *hi = mk_budget(2, 30, 0, 0);
	cr_assert_eq(sched_pick(&s), lo);
	sched_tick(&s, 1);
	sched_tick(&s, 2);
	cr_assert_eq(lo->slice_left, DEFAULT_SLICE - 2);
	cr_assert_not(sched_preempt_needed(&s), "equal priority does not preempt");

	sched_make_runnable(&s, hi);
	cr_assert(sched_preempt_needed(&s));
	cr_assert_eq(sched_pick(&s), hi);
	cr_assert_eq(s.rq.head[5], lo, "preempted thread keeps its place at the head");
	cr_assert_eq(lo->slice_left, DEFAULT_SLICE - 2, "and its remaining slice");

	sched_block(&s, hi, THREAD_BLOCKED);
	cr_assert_eq(sched_pick(&s), lo, "lo resumes before its peer");
	(void)peer;
}

Test(sched, tick_reports_higher_priority_runnable)
{
	struct thread *lo = mk(0, 5);
	cr_assert_eq(sched_pick(&s), lo);
	mk(1, 6);
	cr_assert(sched_tick(&s, 1));
}

Test(sched, sleeper_preempts_within_one_tick)
{
	struct thread *lo = mk(0, 5);
	struct thread *hi = mk(1, 30);
	cr_assert_eq(sched_pick(&s), hi);
	sched_sleep(&s, hi, 7);
	cr_assert_eq(sched_pick(&s), lo);
	for (uint64_t now = 1; now < 7; now++) {
		cr_assert_not(sched_tick(&s, now), "tick %lu", (unsigned long)now);
		cr_assert_eq(hi->state, THREAD_SLEEPING);
	}
	cr_assert(sched_tick(&s, 7));
	cr_assert_eq(hi->state, THREAD_RUNNABLE);
	cr_assert_eq(sched_pick(&s), hi);
}

Test(sched, sleepers_wake_in_order_at_their_tick)
{
	struct thread *a = mk_budget(0, 5, 0, 0), *b = mk_budget(1, 5, 0, 0);
	struct thread *c = mk_budget(2, 5, 0, 0), *d = mk_budget(3, 5, 0, 0);
	sched_sleep(&s, a, 7);
	sched_sleep(&s, b, 3);
	sched_sleep(&s, c, 5);
	sched_sleep(&s, d, 5);  /* same tick as c: wakes after c */
	cr_assert_eq(s.sleepers, b);
	cr_assert_eq(a->queue, SQ_SLEEP);

	tick_until(2);
	cr_assert(rq_empty(&s.rq));
	tick_until(3);
	cr_assert_eq(b->state, THREAD_RUNNABLE);
	cr_assert_eq(c->state, THREAD_SLEEPING);
	tick_until(4);
	cr_assert_eq(c->state, THREAD_SLEEPING);
	tick_until(5);
	cr_assert_eq(c->state, THREAD_RUNNABLE);
	cr_assert_eq(d->state, THREAD_RUNNABLE);
	cr_assert_eq(a->state, THREAD_SLEEPING);
	tick_until(7);
	cr_assert_eq(a->state, THREAD_RUNNABLE);
	cr_assert_null(s.sleepers);

	struct thread *order[] = { b, c, d, a };
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(sched_pick(&s), order[i]);
		sched_block(&s, order[i], THREAD_BLOCKED);
	}
}

Test(sched, sleep_in_past_wakes_next_tick)
{
	struct thread *a = mk_budget(0, 5, 0, 0);
	tick_until(10);
	sched_sleep(&s, a, 3);
	cr_assert_eq(sched_next_deadline(&s), 11);
	cr_assert(sched_tick(&s, 11));
	cr_assert_eq(a->state, THREAD_RUNNABLE);
}

Test(sched, early_wake_leaves_sleeper_list)
{
	struct thread *a = mk_budget(0, 5, 0, 0), *b = mk_budget(1, 5, 0, 0);
	sched_sleep(&s, a, 10);
	sched_sleep(&s, b, 20);
	sched_make_runnable(&s, a);
	cr_assert_eq(a->state, THREAD_RUNNABLE);
	cr_assert_eq(a->queue, SQ_RUN);
	cr_assert_eq(s.sleepers, b);
	cr_assert_null(b->rq_prev);
	tick_until(10);
	cr_assert_eq(queued(&s.rq), 1, "not woken a second time");
}

Test(sched, block_removes_from_any_list)
{
	struct thread *q = mk(0, 5);
	struct thread *z = mk_budget(1, 5, 0, 0);
	sched_sleep(&s, z, 50);
	cr_assert_eq(sched_block(&s, q, THREAD_BLOCKED), HE_OK);
	cr_assert_eq(q->state, THREAD_BLOCKED);
	cr_assert_eq(q->queue, SQ_NONE);
	cr_assert(rq_empty(&s.rq));
	cr_assert_eq(sched_block(&s, z, THREAD_DEAD), HE_OK);
	cr_assert_null(s.sleepers);
	cr_assert_eq(z->state, THREAD_DEAD);
}

Test(sched, block_rejects_other_states)
{
	struct thread *a = mk(0, 5);
	cr_assert_eq(sched_block(&s, a, THREAD_SLEEPING), HE_INVAL);
	cr_assert_eq(sched_block(&s, a, THREAD_RUNNABLE), HE_INVAL);
	cr_assert_eq(sched_block(&s, a, THREAD_RUNNING), HE_INVAL);
	cr_assert_eq(sched_block(&s, a, THREAD_FREE), HE_INVAL);
	cr_assert_eq(a->state, THREAD_RUNNABLE, "unchanged");
	cr_assert_eq(queued(&s.rq), 1);
}

Test(sched, woken_before_switch_out)
{
	struct thread *a = mk(0, 5);
	cr_assert_eq(sched_pick(&s), a);
	sched_block(&s, a, THREAD_BLOCKED);
	sched_make_runnable(&s, a);  /* woken before the hart switched away */
	cr_assert_eq(sched_pick(&s), a);
	cr_assert_eq(a->state, THREAD_RUNNING);
	cr_assert(rq_empty(&s.rq));
}

Test(sched, tick_asks_to_switch_out_blocked_current)
{
	struct thread *a = mk(0, 5);
	cr_assert_eq(sched_pick(&s), a);
	sched_block(&s, a, THREAD_BLOCKED);
	cr_assert(sched_tick(&s, 1));
	cr_assert_eq(a->sc->consumed, 0, "a blocked thread is not charged");
}

Test(sched, yield_goes_behind_peers)
{
	struct thread *a = mk(0, 5), *b = mk(1, 5);
	cr_assert_eq(sched_pick(&s), a);
	sched_yield(&s);
	cr_assert_eq(sched_pick(&s), b);
	cr_assert_eq(s.rq.head[5], a);
	cr_assert_eq(a->slice_left, DEFAULT_SLICE);
	sched_yield(&s);
	cr_assert_eq(sched_pick(&s), a);
}

Test(sched, yield_alone_keeps_running)
{
	struct thread *a = mk(0, 5);
	cr_assert_eq(sched_pick(&s), a);
	sched_yield(&s);
	cr_assert_eq(sched_pick(&s), a);
	sched_yield(&s);  /* while idle: nothing to do */
	sched_block(&s, a, THREAD_BLOCKED);
	cr_assert_null(sched_pick(&s));
	sched_yield(&s);
	cr_assert_null(s.current);
}

Test(sched, idle_tick_and_preempt)
{
	cr_assert_null(sched_pick(&s));
	struct thread *a = mk(0, 5);
	cr_assert(sched_preempt_needed(&s), "idle gives way to anything");
	cr_assert(sched_tick(&s, 1));
	cr_assert_eq(sched_pick(&s), a);
}

Test(sched, budget_throttles_and_replenishes)
{
	struct thread *a = mk_budget(0, 5, 2, 10);
	sched_make_runnable(&s, a);
	cr_assert_eq(sched_pick(&s), a);
	cr_assert_not(sched_tick(&s, 1));
	cr_assert(sched_tick(&s, 2), "budget exhausted");
	cr_assert_eq(a->sc->state, SC_THROTTLED);
	cr_assert_null(sched_pick(&s), "nothing else: idle");
	cr_assert_eq(a->state, THREAD_BLOCKED);
	cr_assert_eq(a->queue, SQ_THROTTLED);
	cr_assert_eq(s.throttled, a);
	cr_assert_eq(sched_next_deadline(&s), 10);

	for (uint64_t now = 3; now < 10; now++)
		cr_assert_not(sched_tick(&s, now));
	cr_assert(sched_tick(&s, 10), "replenished");
	cr_assert_eq(a->state, THREAD_RUNNABLE);
	cr_assert_eq(a->sc->remaining, 2);
	cr_assert_null(s.throttled);
	cr_assert_eq(sched_pick(&s), a);
	cr_assert_not(sched_tick(&s, 11));
	cr_assert(sched_tick(&s, 12));
	cr_assert_eq(a->sc->consumed, 4);
}

Test(sched, throttled_thread_lets_lower_priority_run)
{
	struct thread *hi = mk_budget(0, 30, 1, 5);
	struct thread *lo = mk(1, 5);
	sched_make_runnable(&s, hi);
	cr_assert_eq(sched_pick(&s), hi);
	cr_assert(sched_tick(&s, 1));
	cr_assert_eq(sched_pick(&s), lo);
	cr_assert_not(tick_until(4));
	cr_assert(sched_tick(&s, 5), "hi replenished preempts lo");
	cr_assert_eq(sched_pick(&s), hi);
	cr_assert_eq(s.rq.head[5], lo);
}

Test(sched, throttled_thread_ignores_wake_and_can_be_killed)
{
	struct thread *a = mk_budget(0, 5, 1, 10);
	sched_make_runnable(&s, a);
	sched_pick(&s);
	sched_tick(&s, 1);
	sched_pick(&s);
	cr_assert_eq(a->queue, SQ_THROTTLED);
	sched_make_runnable(&s, a);
	cr_assert_eq(a->queue, SQ_THROTTLED, "waits for its budget");
	cr_assert(rq_empty(&s.rq));
	cr_assert_eq(sched_block(&s, a, THREAD_DEAD), HE_OK);
	cr_assert_null(s.throttled);
	cr_assert_not(tick_until(20));
	cr_assert_eq(a->state, THREAD_DEAD);
}

Test(sched, wake_with_throttled_context)
{
	struct thread *a = mk_budget(0, 5, 1, 10);
	sched_make_runnable(&s, a);
	sched_pick(&s);
	sched_tick(&s, 1);
	sched_pick(&s);
	/* taken off the throttled list (say, suspended) and woken before its
	 * replenishment: it must still wait for the budget */
	sched_block(&s, a, THREAD_BLOCKED);
	cr_assert_null(s.throttled);
	sched_make_runnable(&s, a);
	cr_assert_eq(a->queue, SQ_THROTTLED);
	cr_assert_eq(a->state, THREAD_BLOCKED);
	/* woken after its replenishment time: runs at once with a full budget */
	sched_block(&s, a, THREAD_BLOCKED);
	s.now = 10;
	sched_make_runnable(&s, a);
	cr_assert_eq(a->state, THREAD_RUNNABLE);
	cr_assert_eq(a->sc->state, SC_ACTIVE);
	cr_assert_eq(a->sc->remaining, 1);
}

Test(sched, inheritance_raises_and_lowers_queued)
{
	struct thread *a = mk(0, 5), *c = mk(1, 5), *b = mk(2, 10);
	cr_assert_eq(rq_highest(&s.rq), b);
	cr_assert_eq(sched_set_inherited(&s, a, 20), HE_OK);
	cr_assert_eq(a->prio, 20);
	cr_assert_eq(a->inherited_prio, 20);
	cr_assert_eq(rq_highest(&s.rq), a, "requeued at the boosted level");
	cr_assert_eq(sched_set_inherited(&s, a, -1), HE_OK);
	cr_assert_eq(a->prio, 5);
	cr_assert_eq(rq_highest(&s.rq), b);
	cr_assert_eq(s.rq.head[5], c, "back at the tail of its base level");
	cr_assert_eq(s.rq.tail[5], a);
	cr_assert_eq(queued(&s.rq), 3);
}

Test(sched, inheritance_below_base_changes_nothing)
{
	struct thread *a = mk(0, 10), *b = mk(1, 10);
	cr_assert_eq(sched_set_inherited(&s, a, 4), HE_OK);
	cr_assert_eq(a->prio, 10);
	cr_assert_eq(s.rq.head[10], a, "unchanged priority keeps its place");
	(void)b;
}

Test(sched, inheritance_invalid_rejected)
{
	struct thread *a = mk(0, 10);
	cr_assert_eq(sched_set_inherited(&s, a, -2), HE_INVAL);
	cr_assert_eq(sched_set_inherited(&s, a, NPRIO), HE_INVAL);
	cr_assert_eq(a->inherited_prio, -1);
	cr_assert_eq(a->prio, 10);
}

Test(sched, inheritance_on_current_and_preemption)
{
	struct thread *a = mk(0, 5), *b = mk(1, 10);
	sched_set_inherited(&s, a, 20);
	cr_assert_eq(sched_pick(&s), a);
	cr_assert_not(sched_preempt_needed(&s));
	sched_set_inherited(&s, a, -1);
	cr_assert_eq(a->prio, 5);
	cr_assert_eq(a->state, THREAD_RUNNING);
	cr_assert(sched_preempt_needed(&s), "lowered below a runnable thread");
	cr_assert_eq(sched_pick(&s), b);
	cr_assert_eq(s.rq.head[5], a);
}

Test(sched, inheritance_while_blocked_applies_on_wake)
{
	struct thread *a = mk_budget(0, 5, 0, 0), *b = mk(1, 10);
	sched_sleep(&s, a, 3);
	sched_set_inherited(&s, a, 15);
	cr_assert_eq(a->prio, 15);
	cr_assert_eq(a->queue, SQ_SLEEP);
	cr_assert_eq(rq_highest(&s.rq), b);
	tick_until(3);
	cr_assert_eq(rq_highest(&s.rq), a);
}

Test(sched, next_deadline)
{
	cr_assert_eq(sched_next_deadline(&s), UINT64_MAX, "idle, nothing pending");
	struct thread *a = mk_budget(0, 5, 0, 0);
	sched_sleep(&s, a, 42);
	cr_assert_eq(sched_next_deadline(&s), 42);
	struct thread *b = mk_budget(1, 5, 1, 30);
	sched_make_runnable(&s, b);
	cr_assert_eq(sched_next_deadline(&s), 1, "runnable thread: every tick");
	cr_assert_eq(sched_pick(&s), b);
	cr_assert_eq(sched_next_deadline(&s), 1, "running thread: every tick");
	cr_assert(sched_tick(&s, 1));
	cr_assert_null(sched_pick(&s));
	cr_assert_eq(sched_next_deadline(&s), 30, "replenish before the sleeper");
	tick_until(30);
	sched_pick(&s);
	sched_block(&s, b, THREAD_DEAD);
	sched_pick(&s);
	cr_assert_eq(sched_next_deadline(&s), 42);
}

/* Direct switch (handoff doors): the blocked thread's partner runs at once
 * when it is at least as important as every runnable thread, else it only
 * becomes runnable and the usual pick decides. */
static struct thread *running_then_blocked(int i, int prio)
{
	struct thread *t = mk(i, prio);
	cr_assert_eq(sched_pick(&s), t);
	cr_assert_eq(sched_block(&s, t, THREAD_BLOCKED), HE_OK);
	return t;
}

Test(sched, direct_switch_runs_a_partner_at_least_as_high_as_all_runnable)
{
	struct thread *c = running_then_blocked(0, 10);
	struct thread *other = mk(1, 7);
	struct thread *srv = mk_budget(2, 7, 0, 0);
	srv->state = THREAD_BLOCKED;
	cr_assert(sched_run_direct(&s, srv), "7 >= the best runnable (7)");
	cr_assert_eq(s.current, srv);
	cr_assert_eq(srv->state, THREAD_RUNNING);
	cr_assert_eq(srv->slice_left, DEFAULT_SLICE);
	cr_assert_eq(other->state, THREAD_RUNNABLE, "the run queue is left alone");
	cr_assert_eq(c->state, THREAD_BLOCKED);
	cr_assert_not(sched_preempt_needed(&s));
}

Test(sched, direct_switch_never_jumps_a_higher_runnable_thread)
{
	running_then_blocked(0, 10);
	struct thread *high = mk(1, 9);
	struct thread *srv = mk_budget(2, 7, 0, 0);
	srv->state = THREAD_BLOCKED;
	cr_assert_not(sched_run_direct(&s, srv));
	cr_assert_eq(srv->state, THREAD_RUNNABLE);
	cr_assert_eq(sched_pick(&s), high);
	/* An inherited priority counts: boosted to 9, it runs directly. */
	struct thread *c2 = running_then_blocked(3, 12);
	(void)c2;
	struct thread *srv2 = mk_budget(4, 5, 0, 0);
	srv2->state = THREAD_BLOCKED;
	srv2->inherited_prio = 9;
	cr_assert(sched_run_direct(&s, srv2));
	cr_assert_eq(srv2->prio, 9);
}

Test(sched, direct_switch_leaves_a_throttled_partner_to_the_scheduler)
{
	running_then_blocked(0, 10);
	struct thread *srv = mk_budget(2, 7, 1, 10);
	srv->state = THREAD_BLOCKED;
	srv->sc->state = SC_THROTTLED;
	srv->sc->replenish_at = 100;
	cr_assert_not(sched_run_direct(&s, srv));
	cr_assert_eq(srv->queue, SQ_THROTTLED);
	cr_assert_null(sched_pick(&s));
}

/* A wait with a deadline (doors/SEMANTICS.md §19): blocked, and on the
 * sleeper list; the timer wakes it at the deadline, or something else
 * before, which takes it off the list. */
Test(sched, a_blocked_thread_with_a_deadline_is_woken_by_the_timer)
{
	struct thread *a = mk(0, 10);
	cr_assert_eq(sched_pick(&s), a);
	sched_block_until(&s, a, 5);
	cr_assert_eq(a->state, THREAD_BLOCKED, "it waits on an object");
	cr_assert_eq(a->queue, SQ_SLEEP);
	cr_assert_null(sched_pick(&s));
	cr_assert_eq(sched_next_deadline(&s), 5, "idle until the deadline");
	cr_assert_not(tick_until(4));
	cr_assert_eq(a->state, THREAD_BLOCKED);
	cr_assert(sched_tick(&s, 5), "the deadline");
	cr_assert_eq(a->state, THREAD_RUNNABLE);
	cr_assert_eq(sched_pick(&s), a);

	sched_block_until(&s, a, 20);
	sched_make_runnable(&s, a); /* woken by the object first */
	cr_assert_eq(a->queue, SQ_RUN);
	cr_assert_null(s.sleepers, "off the sleeper list");
}

/* Priority 0 is the lowest user level, not the idle thread's: a thread there
 * preempts idle, keeps the CPU with no peer, shares it round-robin with a
 * peer of level 0, and gives way to level 1 at once. */
Test(sched, priority_zero_runs_above_idle_and_below_everything_else)
{
	cr_assert_null(sched_pick(&s));
	struct thread *a = mk(0, 0);
	cr_assert(sched_preempt_needed(&s), "idle gives way to priority 0");
	cr_assert(sched_tick(&s, 1));
	cr_assert_eq(sched_pick(&s), a);
	cr_assert_not(tick_until(4 * DEFAULT_SLICE), "alone at level 0, a keeps the CPU");
	struct thread *b = mk(1, 0);
	cr_assert_not(sched_preempt_needed(&s), "a peer does not preempt");
	tick_until(s.now + DEFAULT_SLICE);
	cr_assert_eq(sched_pick(&s), b, "round-robin within level 0");
	struct thread *c = mk(2, 1);
	cr_assert(sched_preempt_needed(&s), "level 1 preempts level 0");
	cr_assert_eq(sched_pick(&s), c);
	sched_block(&s, c, THREAD_BLOCKED);
	cr_assert_eq(sched_pick(&s), b, "b kept the rest of its slice: head of level 0");
	cr_assert_eq(sched_set_inherited(&s, a, -1), HE_OK);
	cr_assert_eq(a->prio, 0, "no boost: the base priority 0");
}
