/* Activation pools: geometry, validation, the system table, acquire/release,
 * the waiter queue, and priority inheritance. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/activation.h"
#include "doors/door.h"
#include "doors/shuttle.h"
#include "door_fixtures.h"
#include "kern/inherit.h"

static struct domain C, S;
static struct thread th[8];
static struct schedctx sc[8];

static void setup(void)
{
	fx_domain(&C, 1);
	fx_domain(&S, 2);
}

TestSuite(activation, .init = setup);

/* Thread i of the test, with base priority prio, running in C. */
static struct thread *T(int i, int prio)
{
	fx_thread(&th[i], &sc[i], i, prio, &C);
	return &th[i];
}

static struct actpool *P(uint32_t n)
{
	struct door *d = fx_door(&S, n, 0);
	cr_assert_not_null(d);
	return &d->pool;
}

static struct activation *hold(struct thread *t, struct actpool *p)
{
	struct activation *a = NULL;
	cr_assert_eq(act_acquire(p, t, false, &a), 0);
	return a;
}

static void wait_on(struct thread *t, struct actpool *p)
{
	struct activation *a = NULL;
	cr_assert_eq(act_acquire(p, t, false, &a), ACQ_QUEUED);
	cr_assert_null(a);
}

/* t returns from its innermost call; returns the waiter handed the activation. */
static struct thread *drop(struct thread *t)
{
	struct shuttle_frame f = { 0 };
	cr_assert_eq(shuttle_pop(&t->shuttle, &f), 0);
	return act_release(&f.door->pool, f.act);
}

#define cr_assert_prio(t, inh, eff) do { \
	cr_assert_eq((t)->inherited_prio, (inh), "thread %d inherited %d, want %d", (t)->id, (t)->inherited_prio, (inh)); \
	cr_assert_eq((t)->prio, (eff), "thread %d prio %d, want %d", (t)->id, (t)->prio, (eff)); \
} while (0)

/* ---- pool set-up ---- */

Test(activation, pool_geometry_follows_the_description)
{
	struct actpool *p = P(3);
	cr_assert_eq(p->n, 3);
	cr_assert_eq(p->free_mask, 0x7);
	for (unsigned i = 0; i < 3; i++) {
		struct activation *a = p->act[i];
		cr_assert_eq(a->state, ACT_FREE);
		cr_assert_eq(a->stack_top, FX_STACK_BASE + (i + 1) * FX_STACK_SIZE);
		cr_assert_eq(a->buf, FX_BUF_BASE + i * FX_BUF_SIZE);
		cr_assert_eq(a->buf_size, FX_BUF_SIZE);
		cr_assert_eq(a->door, p->door);
		cr_assert_null(a->holder);
		cr_assert_eq(a->idx, i);
	}
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS - 3);
}

Test(activation, zero_sized_buffer_is_allowed)
{
	struct door_pool_desc d = fx_desc(2);
	d.buf_size = 0;
	d.buf_base = 0;
	struct actpool p;
	cr_assert_eq(act_pool_init(&p, NULL, &d), 0);
	cr_assert_eq(p.act[1]->buf, 0);
	cr_assert_eq(p.act[1]->buf_size, 0);
}

Test(activation, bad_descriptions_are_refused)
{
	struct door_pool_desc d;
	struct actpool p;
#define BAD(field, value) do { \
	d = fx_desc(2); d.field = value; \
	cr_assert_eq(act_desc_check(&d, 0, 0), HE_INVAL, #field " = " #value); \
	cr_assert_eq(act_pool_init(&p, NULL, &d), HE_INVAL); \
} while (0)
	BAD(n, 0);
	BAD(n, MAX_ACTS_PER_DOOR + 1);
	BAD(stack_size, 0);
	BAD(stack_size, 0x1008);
	BAD(stack_base, FX_STACK_BASE + 8);
	BAD(stack_base, 0);                      /* below USER_BASE */
	BAD(stack_base, USER_TOP - 0x1000);      /* second stack beyond USER_TOP */
	BAD(stack_size, USER_TOP);
	BAD(stack_size, 0x8000000000000000ull);  /* n * size overflows */
	BAD(buf_base, USER_BASE - 1);
	BAD(buf_base, USER_TOP - 0x100);
	BAD(buf_size, ~0ull);
#undef BAD
	d = fx_desc(MAX_ACTS_PER_DOOR);
	cr_assert_eq(act_desc_check(&d, 0, 0), 0);
	d.stack_base = USER_TOP - MAX_ACTS_PER_DOOR * FX_STACK_SIZE;
	cr_assert_eq(act_desc_check(&d, 0, 0), 0, "ending exactly at USER_TOP is fine");
	/* The priority of the server threads: 0 for a migrate door, within the
	 * range door_prio_range gives for a handoff door. */
	d = fx_desc(2);
	d.prio = 1;
	cr_assert_eq(act_desc_check(&d, 0, 0), HE_INVAL, "a migrate door has no server threads");
	cr_assert_eq(act_desc_check(&d, 1, 7), 0);
	d.prio = 8;
	cr_assert_eq(act_desc_check(&d, 1, 7), HE_INVAL, "above the domain's maxprio");
	d.prio = 0;
	cr_assert_eq(act_desc_check(&d, 1, 7), HE_INVAL, "a handoff door needs a priority");
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}

Test(activation, system_table_exhaustion_takes_nothing)
{
	static struct actpool pools[MAX_ACTIVATIONS / MAX_ACTS_PER_DOOR + 1];
	struct door_pool_desc d = fx_desc(MAX_ACTS_PER_DOOR);
	int i;
	for (i = 0; i < MAX_ACTIVATIONS / MAX_ACTS_PER_DOOR - 1; i++)
		cr_assert_eq(act_pool_init(&pools[i], NULL, &d), 0);
	d.n = MAX_ACTS_PER_DOOR - 1;
	cr_assert_eq(act_pool_init(&pools[i++], NULL, &d), 0);
	cr_assert_eq(act_unused_count(), 1);
	d.n = 2;
	cr_assert_eq(act_pool_init(&pools[i], NULL, &d), HE_NOMEM);
	cr_assert_eq(act_unused_count(), 1, "nothing taken");
	act_pool_fini(&pools[0]);
	cr_assert_eq(act_unused_count(), 1 + MAX_ACTS_PER_DOOR);
	cr_assert_eq(act_pool_init(&pools[i], NULL, &d), 0);
}

/* ---- acquire / release ---- */

Test(activation, acquire_takes_free_activation_and_pushes_frame)
{
	struct actpool *p = P(2);
	struct thread *t = T(0, 5);
	struct activation *a = hold(t, p);
	cr_assert_eq(a->state, ACT_BUSY);
	cr_assert_eq(a->holder, t);
	cr_assert_eq(t->shuttle.depth, 1);
	cr_assert_eq(shuttle_top(&t->shuttle)->caller, &C);
	cr_assert_eq(shuttle_top(&t->shuttle)->door, p->door);
	cr_assert_eq(shuttle_top(&t->shuttle)->act, a);
	struct activation *b = hold(t, p);
	cr_assert_neq(a, b, "re-entry takes the second activation");
	cr_assert_eq(p->free_mask, 0);
}

Test(activation, nowait_on_exhausted_pool_is_again_and_changes_nothing)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *t = T(1, 9);
	hold(h, p);
	struct activation *a = (struct activation *)&p;
	cr_assert_eq(act_acquire(p, t, true, &a), HE_AGAIN);
	cr_assert_eq(a, (struct activation *)&p, "out untouched");
	cr_assert_eq(t->shuttle.depth, 0);
	cr_assert(!wait_pending(t));
	cr_assert_eq(p->nwaiters, 0);
	cr_assert_prio(h, -1, 5);
}

Test(activation, full_shuttle_is_depth_and_changes_nothing)
{
	struct actpool *p = P(1), *q = P(1);
	struct thread *t = T(0, 5), *h = T(1, 5);
	hold(h, q);
	t->shuttle.depth = SHUTTLE_MAX_DEPTH;
	struct activation *a = NULL;
	cr_assert_eq(act_acquire(p, t, false, &a), HE_DEPTH);
	cr_assert_eq(act_acquire(q, t, false, &a), HE_DEPTH, "checked before queueing");
	cr_assert_eq(p->free_mask, 1);
	cr_assert_eq(q->nwaiters, 0);
	cr_assert(!wait_pending(t));
	cr_assert_eq(t->shuttle.depth, SHUTTLE_MAX_DEPTH);
}

Test(activation, wait_queues_the_thread)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *t = T(1, 9);
	hold(h, p);
	wait_on(t, p);
	cr_assert_eq(t->wait.obj, p);
	cr_assert_eq(t->wait.status, WAIT_PENDING);
	cr_assert_eq(p->waiters, t);
	cr_assert_eq(p->nwaiters, 1);
	cr_assert_eq(t->shuttle.depth, 0, "no frame while waiting");
}

Test(activation, release_without_waiter_frees)
{
	struct actpool *p = P(2);
	struct thread *t = T(0, 5);
	struct activation *a = hold(t, p);
	hold(t, p);
	cr_assert_null(drop(t));
	cr_assert_eq(p->free_mask, 1u << p->act[1]->idx);
	cr_assert_null(drop(t));
	cr_assert_eq(a->state, ACT_FREE);
	cr_assert_null(a->holder);
	cr_assert_eq(p->free_mask, 3);
}

Test(activation, release_hands_over_to_highest_waiter_with_frame)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *lo = T(1, 10), *hi = T(2, 20);
	struct activation *a = hold(h, p);
	wait_on(lo, p);
	wait_on(hi, p);
	hi->cur = &S;  /* hi called from another domain */
	cr_assert_eq(drop(h), hi);
	cr_assert_eq(a->state, ACT_BUSY);
	cr_assert_eq(a->holder, hi);
	cr_assert(!wait_pending(hi));
	cr_assert_eq(hi->wait.status, 0);
	cr_assert_eq(hi->shuttle.depth, 1);
	cr_assert_eq(shuttle_top(&hi->shuttle)->act, a);
	cr_assert_eq(shuttle_top(&hi->shuttle)->caller, &S, "caller = where the waiter called from");
	cr_assert_eq(p->waiters, lo);
	cr_assert_eq(p->nwaiters, 1);
	cr_assert_eq(p->free_mask, 0);
	cr_assert_eq(drop(hi), lo);
	cr_assert_null(drop(lo));
	cr_assert_eq(p->free_mask, 1);
}

Test(activation, equal_priorities_are_served_fifo)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 10), *c = T(3, 10);
	hold(h, p);
	wait_on(a, p);
	wait_on(b, p);
	wait_on(c, p);
	cr_assert_eq(drop(h), a);
	cr_assert_eq(drop(a), b);
	cr_assert_eq(drop(b), c);
	cr_assert_null(drop(c));
}

Test(activation, cancel_wait_removes_and_sets_status)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 20), *c = T(3, 15);
	hold(h, p);
	wait_on(a, p);
	wait_on(b, p);
	wait_on(c, p);
	act_cancel_wait(c, HE_REVOKED);   /* from the middle */
	cr_assert(!wait_pending(c));
	cr_assert_null(c->wait.next);
	cr_assert_eq(c->wait.status, HE_REVOKED);
	cr_assert_eq(p->nwaiters, 2);
	cr_assert_eq(p->waiters, b);
	cr_assert_eq(b->wait.next, a);
	act_cancel_wait(c, HE_INVAL);     /* not waiting: no-op */
	cr_assert_eq(c->wait.status, HE_REVOKED);
	cr_assert_eq(p->nwaiters, 2);
}

Test(activation, drain_returns_waiters_in_queue_order)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 20);
	struct thread *out[MAX_THREADS];
	hold(h, p);
	cr_assert_eq(act_drain_waiters(p, HE_REVOKED, out), 0);
	wait_on(a, p);
	wait_on(b, p);
	cr_assert_prio(h, 20, 20);
	cr_assert_eq(act_drain_waiters(p, HE_REVOKED, out), 2);
	cr_assert_eq(out[0], b);
	cr_assert_eq(out[1], a);
	for (int i = 0; i < 2; i++) {
		cr_assert(!wait_pending(out[i]));
		cr_assert_null(out[i]->wait.next);
		cr_assert_eq(out[i]->wait.status, HE_REVOKED);
	}
	cr_assert_null(p->waiters);
	cr_assert_eq(p->nwaiters, 0);
	cr_assert_prio(h, -1, 5);
}

/* ---- priority inheritance ---- */

Test(activation, pi_single_waiter_boosts_holder_until_release)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *w = T(1, 20);
	hold(h, p);
	cr_assert_prio(h, -1, 5);
	wait_on(w, p);
	cr_assert_prio(h, 20, 20);
	cr_assert_eq(drop(h), w);
	cr_assert_prio(h, -1, 5);
	cr_assert_prio(w, -1, 20);
}

Test(activation, pi_lower_waiter_sets_inherited_without_raising_prio)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 30), *w = T(1, 20);
	hold(h, p);
	wait_on(w, p);
	cr_assert_prio(h, 20, 30);
}

Test(activation, pi_multiple_waiters_give_the_max)
{
	struct actpool *p = P(2);
	struct thread *h1 = T(0, 1), *h2 = T(1, 2);
	hold(h1, p);
	hold(h2, p);
	wait_on(T(2, 10), p);
	wait_on(T(3, 30), p);
	wait_on(T(4, 20), p);
	cr_assert_prio(h1, 30, 30);
	cr_assert_prio(h2, 30, 30); /* every holder of the pool inherits */
	cr_assert_eq(p->waiters, &th[3]);
	cr_assert_eq(th[3].wait.next, &th[4]);
	cr_assert_eq(th[4].wait.next, &th[2]);
	/* h1 returns: the 30 waiter gets its activation; 20 is now the max. */
	cr_assert_eq(drop(h1), &th[3]);
	cr_assert_prio(h1, -1, 1);
	cr_assert_prio(h2, 20, 20);
	cr_assert_prio(&th[3], 20, 30); /* the new holder inherits from those still waiting */
}

Test(activation, pi_waiter_leaving_lowers_the_boost)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 30);
	hold(h, p);
	wait_on(a, p);
	wait_on(b, p);
	cr_assert_prio(h, 30, 30);
	act_cancel_wait(b, HE_REVOKED);
	cr_assert_prio(h, 10, 10);
	act_cancel_wait(a, HE_REVOKED);
	cr_assert_prio(h, -1, 5);
}

/* T0 holds P1; T1 holds P2 and waits on P1; T2 holds P3 and waits on P2;
 * T3 waits on P3. */
Test(activation, pi_is_transitive_along_a_chain_of_three_pools)
{
	struct actpool *p1 = P(1), *p2 = P(1), *p3 = P(1);
	struct thread *t0 = T(0, 1), *t1 = T(1, 2), *t2 = T(2, 3), *t3 = T(3, 40);
	hold(t0, p1);
	hold(t1, p2);
	hold(t2, p3);
	wait_on(t1, p1);
	cr_assert_prio(t0, 2, 2);
	wait_on(t2, p2);
	cr_assert_prio(t1, 3, 3);
	cr_assert_prio(t0, 3, 3);
	wait_on(t3, p3);
	cr_assert_prio(t2, 40, 40);
	cr_assert_prio(t1, 40, 40);
	cr_assert_prio(t0, 40, 40);
	cr_assert_eq(t1->prio, 40, "a boosted waiter keeps its queue position valid");

	act_cancel_wait(t3, HE_REVOKED);
	cr_assert_prio(t2, -1, 3);
	cr_assert_prio(t1, 3, 3);
	cr_assert_prio(t0, 3, 3);

	/* Unwind from the head of the chain: t0 returns, t1 gets P1. */
	wait_on(t3, p3);
	cr_assert_eq(drop(t0), t1);
	cr_assert_prio(t0, -1, 1);
	cr_assert_prio(t1, 40, 40); /* t1 still holds P2, which t2 waits on */
	cr_assert_eq(drop(t1), NULL);   /* t1 returns from P1 */
	cr_assert_prio(t1, 40, 40); /* and still holds P2 */
	cr_assert_eq(drop(t1), t2);     /* t1 returns from P2 */
	cr_assert_prio(t1, -1, 2);
	cr_assert_prio(t2, 40, 40); /* t2 holds P3 and P2 now; t3 waits on P3 */
	cr_assert_eq(drop(t2), NULL);
	cr_assert_prio(t2, 40, 40);
	cr_assert_eq(drop(t2), t3);
	cr_assert_prio(t2, -1, 3);
	cr_assert_prio(t3, -1, 40);
}

Test(activation, pi_holder_of_two_activations_keeps_the_max_of_both)
{
	struct actpool *p1 = P(1), *p2 = P(1);
	struct thread *h = T(0, 5), *w1 = T(1, 10), *w2 = T(2, 20);
	hold(h, p1);
	hold(h, p2);
	wait_on(w1, p1);
	wait_on(w2, p2);
	cr_assert_prio(h, 20, 20);
	act_cancel_wait(w2, HE_REVOKED);
	cr_assert_prio(h, 10, 10);
	wait_on(w2, p2);
	cr_assert_prio(h, 20, 20);
	cr_assert_eq(drop(h), w2);      /* returns from p2, the top frame */
	cr_assert_prio(h, 10, 10); /* still holds p1, which w1 waits on */
	cr_assert_eq(drop(h), w1);
	cr_assert_prio(h, -1, 5);
}

Test(activation, pi_two_activations_of_the_same_door)
{
	struct actpool *p = P(2);
	struct thread *h = T(0, 5), *w = T(1, 25);
	hold(h, p);
	hold(h, p);     /* re-entry through the same door */
	wait_on(w, p);
	cr_assert_prio(h, 25, 25);
	cr_assert_eq(drop(h), w);
	cr_assert_prio(h, -1, 5); /* the remaining activation has no waiter left */
}

Test(activation, pi_boost_resorts_a_waiting_holder)
{
	struct actpool *q = P(1), *p = P(1);
	struct thread *k = T(0, 1), *a = T(1, 20), *b = T(2, 10), *c = T(3, 30);
	hold(k, q);
	hold(b, p);
	wait_on(a, q);
	wait_on(b, q);
	cr_assert_eq(q->waiters, a);
	cr_assert_prio(k, 20, 20);
	wait_on(c, p);              /* b inherits 30 and overtakes a */
	cr_assert_prio(b, 30, 30);
	cr_assert_eq(q->waiters, b);
	cr_assert_eq(b->wait.next, a);
	cr_assert_prio(k, 30, 30);
	act_cancel_wait(c, HE_REVOKED);
	cr_assert_prio(b, -1, 10);
	cr_assert_eq(q->waiters, a, "b back behind a");
	cr_assert_prio(k, 20, 20);
}

Test(activation, pi_follows_a_waiters_base_priority_change)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *w = T(1, 10), *x = T(2, 20);
	hold(h, p);
	wait_on(w, p);
	wait_on(x, p);
	cr_assert_prio(h, 20, 20);
	w->sc->prio = 40;  /* what SYS_SET_PRIO does to the base and the effective priority */
	w->prio = 40;
	inherit_base_changed(w);
	cr_assert_eq(p->waiters, w);
	cr_assert_prio(h, 40, 40);
	inherit_base_changed(h);  /* not waiting: nothing downstream */
	cr_assert_prio(h, 40, 40);
}

Test(activation, pi_self_wait_does_not_boost_itself_or_loop)
{
	struct actpool *p = P(1);
	struct thread *h = T(0, 5), *x = T(1, 50);
	hold(h, p);
	wait_on(h, p);  /* re-entry into a door whose only activation h holds */
	cr_assert_prio(h, -1, 5);
	wait_on(x, p);
	cr_assert_prio(h, 50, 50);
	act_cancel_wait(x, HE_REVOKED);
	cr_assert_prio(h, -1, 5);
	act_cancel_wait(h, HE_REVOKED);
	cr_assert_prio(h, -1, 5);
}

Test(activation, pi_deadlock_cycle_takes_the_least_solution)
{
	struct actpool *p1 = P(1), *p2 = P(1);
	struct thread *t1 = T(0, 10), *t2 = T(1, 20), *x = T(2, 50);
	hold(t1, p1);
	hold(t2, p2);
	wait_on(t1, p2);
	wait_on(t2, p1);
	cr_assert_prio(t1, 20, 20);
	cr_assert_prio(t2, 10, 20);
	wait_on(x, p1);
	cr_assert_prio(t1, 50, 50);
	cr_assert_prio(t2, 50, 50);
	act_cancel_wait(x, HE_REVOKED);
	cr_assert_prio(t1, 20, 20); /* no boost sustained by the cycle alone */
	cr_assert_prio(t2, 10, 20);
	act_cancel_wait(t2, HE_REVOKED);  /* the deadlock is broken */
	cr_assert_prio(t1, -1, 10);
	cr_assert_prio(t2, 10, 20); /* t1 still waits on p2, held by t2 */
}
