/* Notification objects: pool, handles and rights, signal/take, the delivery
 * rule (mask, highest effective priority, FIFO among equals, one waiter per
 * bit), the end of a wait by the last close and by cancellation, and the
 * reference counts that keep an object alive. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/notify.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "door_fixtures.h"

static struct domain D;
static struct thread th[8];
static struct schedctx sc[8];

static void setup(void)
{
	fx_domain(&D, 1);
	sched_init(&this_hart()->sched);
}

TestSuite(notify, .init = setup);

/* Thread i with base priority prio, about to block in a wait. */
static struct thread *T(int i, int prio)
{
	fx_thread(&th[i], &sc[i], i, prio, &D);
	th[i].state = THREAD_BLOCKED;
	return &th[i];
}

/* A new object with one handle in D's table; *h gets the handle. */
static struct notify *N(int *h)
{
	struct notify *n = NULL;
	cr_assert_eq(notify_alloc(&n), 0);
	int r = handle_install(&D.handles, KOBJ_NOTIFY, n, H_NOTIFY_ALL);
	cr_assert_geq(r, 0);
	if (h)
		*h = r;
	return n;
}

static void wait_queued(struct notify *n, struct thread *t, uint64_t mask)
{
	cr_assert_eq(notify_wait_begin(n, t, mask), 0);
	cr_assert_eq(t->wait.obj, n);
}

/* t was woken: it is runnable, and its wait ends with `want`. */
static void woken_with(struct thread *t, long want)
{
	cr_assert_eq(t->state, THREAD_RUNNABLE, "thread %d not woken", t->id);
	cr_assert_eq(notify_wait_end(t), want, "thread %d", t->id);
	cr_assert_neq(t->wait.kind, WAIT_NOTIFY);
}

static void still_waiting(struct thread *t)
{
	cr_assert_eq(t->state, THREAD_BLOCKED, "thread %d woken", t->id);
	cr_assert_eq(t->wait.status, WAIT_PENDING);
}

/* ---- pool, handles, rights ---- */

Test(notify, a_new_object_has_no_bits_and_lives_while_a_handle_does)
{
	int h;
	struct notify *n = N(&h);
	cr_assert_eq(n->state, NOTIFY_LIVE);
	cr_assert_eq(n->pending, 0);
	cr_assert_eq(n->nhandles, 1);
	cr_assert_eq(notify_live_count(), 1);
	int h2 = handle_dup(&D.handles, h, H_WAIT | H_DUP);
	cr_assert_geq(h2, 0);
	cr_assert_eq(n->nhandles, 2);
	cr_assert_eq(handle_close(&D.handles, h), 0);
	cr_assert_eq(notify_live_count(), 1);
	cr_assert_eq(handle_close(&D.handles, h2), 0);
	cr_assert_eq(notify_live_count(), 0);
	cr_assert_eq(n->state, NOTIFY_FREE);
}

Test(notify, without_a_handle_settle_frees_it)
{
	struct notify *n = NULL;
	cr_assert_eq(notify_alloc(&n), 0);
	cr_assert_eq(notify_live_count(), 1);
	notify_settle(n);
	cr_assert_eq(notify_live_count(), 0);
}

Test(notify, the_pool_runs_out_with_HE_NOMEM)
{
	struct notify *n;
	for (int i = 0; i < MAX_NOTIFY; i++)
		cr_assert_eq(notify_alloc(&n), 0);
	cr_assert_eq(notify_alloc(&n), HE_NOMEM);
	notify_settle(n); /* one back */
	cr_assert_eq(notify_alloc(&n), 0);
}

Test(notify, rights_only_shrink_and_the_type_is_checked)
{
	int h;
	struct notify *n = N(&h);
	void *obj;
	cr_assert_eq(handle_lookup(&D.handles, h, KOBJ_NOTIFY, H_SIGNAL | H_WAIT, &obj), 0);
	cr_assert_eq(obj, n);
	cr_assert_eq(handle_lookup(&D.handles, h, KOBJ_DOOR, 0, &obj), HE_BADHANDLE);
	cr_assert_eq(handle_lookup(&D.handles, h, KOBJ_MEM, 0, &obj), HE_BADHANDLE);
	int w = handle_dup(&D.handles, h, H_WAIT);
	cr_assert_eq(D.handles.slot[w].rights, H_WAIT);
	cr_assert_eq(handle_lookup(&D.handles, w, KOBJ_NOTIFY, H_SIGNAL, &obj), HE_PERM);
	cr_assert_eq(handle_dup(&D.handles, w, H_ALL), HE_PERM, "no H_DUP left");
	/* A door-only right asked of a notification handle is missing. */
	cr_assert_eq(handle_lookup(&D.handles, h, KOBJ_NOTIFY, H_CALL, &obj), HE_PERM);
	/* Transfer reads any type. */
	struct handle any;
	cr_assert_eq(handle_get(&D.handles, h, H_XFER, &any), 0);
	cr_assert_eq(any.type, KOBJ_NOTIFY);
	cr_assert_eq(any.obj, n);
	cr_assert_eq(handle_get(&D.handles, w, H_XFER, &any), HE_PERM);
	cr_assert_eq(handle_get(&D.handles, 31, 0, &any), HE_BADHANDLE);
	cr_assert_eq(handle_get(&D.handles, -1, 0, &any), HE_BADHANDLE);
	cr_assert_eq(handle_from_reg((uint64_t)1 << 32 | (uint64_t)h), -1);
}

/* ---- signal, take, wait without blocking ---- */

Test(notify, signal_ors_bits_and_take_clears_only_the_mask)
{
	struct notify *n = N(NULL);
	notify_signal(n, 0x5);
	notify_signal(n, 0x1); /* events, not counts */
	cr_assert_eq(n->pending, 0x5);
	cr_assert_eq(notify_take(n, 0x2), 0);
	cr_assert_eq(notify_take(n, 0x3), 0x1);
	cr_assert_eq(n->pending, 0x4);
	cr_assert_eq(notify_take(n, NOTIFY_BITS_ALL), 0x4);
	cr_assert_eq(n->pending, 0);
}

Test(notify, a_wait_with_a_bit_pending_takes_it_without_queueing)
{
	struct notify *n = N(NULL);
	struct thread *a = T(0, 5);
	notify_signal(n, 0x6);
	cr_assert_eq(notify_wait_begin(n, a, 0x3), 0x2);
	cr_assert_neq(a->wait.kind, WAIT_NOTIFY);
	cr_assert_null(n->waiters);
	cr_assert_eq(n->nthreads, 0);
	cr_assert_eq(n->pending, 0x4);
}

/* ---- delivery ---- */

Test(notify, one_bit_wakes_the_highest_priority_waiter_fifo_among_equals)
{
	struct notify *n = N(NULL);
	struct thread *lo = T(0, 5), *hi1 = T(1, 9), *hi2 = T(2, 9);
	wait_queued(n, lo, 1);
	wait_queued(n, hi1, 1);
	wait_queued(n, hi2, 1);
	notify_signal(n, 1);
	woken_with(hi1, 1);
	still_waiting(hi2);
	still_waiting(lo);
	cr_assert_eq(n->pending, 0, "the bit was consumed");
	notify_signal(n, 1);
	woken_with(hi2, 1);
	still_waiting(lo);
	notify_signal(n, 1);
	woken_with(lo, 1);
	cr_assert_null(n->waiters);
	cr_assert_eq(n->nthreads, 0);
}

Test(notify, effective_priority_at_signal_time_counts)
{
	struct notify *n = N(NULL);
	struct thread *a = T(0, 9), *b = T(1, 3);
	wait_queued(n, a, 1);
	wait_queued(n, b, 1);
	/* b inherits 12 while it waits (e.g. from a door or mutex waiter). */
	thread_set_inherited(b, 12);
	notify_signal(n, 1);
	woken_with(b, 1);
	still_waiting(a);
	/* and a lowered boost counts too */
	struct thread *c = T(2, 3);
	wait_queued(n, c, 1);
	thread_set_inherited(c, 20);
	thread_set_inherited(c, -1);
	notify_signal(n, 1);
	woken_with(a, 1);
	still_waiting(c);
}

Test(notify, only_waiters_whose_mask_meets_the_bits_are_woken)
{
	struct notify *n = N(NULL);
	struct thread *a = T(0, 9), *b = T(1, 5);
	wait_queued(n, a, 0x1);
	wait_queued(n, b, 0x2);
	notify_signal(n, 0x2);
	woken_with(b, 0x2);
	still_waiting(a);
	notify_signal(n, 0x4); /* nobody's: stays pending */
	still_waiting(a);
	cr_assert_eq(n->pending, 0x4);
}

Test(notify, one_signal_of_several_bits_serves_every_waiter_it_can)
{
	struct notify *n = N(NULL);
	struct thread *a = T(0, 5), *b = T(1, 6), *c = T(2, 7);
	wait_queued(n, a, 0x1);
	wait_queued(n, b, 0x2);
	wait_queued(n, c, 0x3);
	/* c (highest) takes both bits: a and b stay asleep, no bit left. */
	notify_signal(n, 0x3);
	woken_with(c, 0x3);
	still_waiting(a);
	still_waiting(b);
	cr_assert_eq(n->pending, 0);
	/* Now two bits for two waiters: both go. */
	notify_signal(n, 0x3);
	woken_with(b, 0x2);
	woken_with(a, 0x1);
	cr_assert_eq(n->pending, 0);
}

/* ---- ends of a wait other than a signal ---- */

Test(notify, closing_the_last_handle_ends_every_wait_with_HE_BADHANDLE)
{
	int h;
	struct notify *n = N(&h);
	struct thread *a = T(0, 5), *b = T(1, 6);
	wait_queued(n, a, 1);
	wait_queued(n, b, 2);
	cr_assert_eq(handle_close(&D.handles, h), 0);
	cr_assert_eq(n->state, NOTIFY_CLOSED);
	cr_assert_eq(notify_live_count(), 1, "the woken threads still refer to it");
	woken_with(a, HE_BADHANDLE);
	cr_assert_eq(notify_live_count(), 1);
	woken_with(b, HE_BADHANDLE);
	cr_assert_eq(notify_live_count(), 0);
}

Test(notify, closing_a_handle_while_another_exists_does_not_end_the_wait)
{
	int h;
	struct notify *n = N(&h);
	int h2 = handle_dup(&D.handles, h, H_SIGNAL);
	struct thread *a = T(0, 5);
	wait_queued(n, a, 1);
	cr_assert_eq(handle_close(&D.handles, h), 0);
	still_waiting(a);
	notify_signal(n, 1);
	woken_with(a, 1);
	cr_assert_eq(handle_close(&D.handles, h2), 0);
	cr_assert_eq(notify_live_count(), 0);
}

Test(notify, a_cancelled_waiter_leaves_the_queue)
{
	struct notify *n = N(NULL);
	struct thread *a = T(0, 9), *b = T(1, 5);
	wait_queued(n, a, 1);
	wait_queued(n, b, 1);
	notify_cancel(a);
	cr_assert_neq(a->wait.kind, WAIT_NOTIFY);
	cr_assert_eq(n->nthreads, 1);
	cr_assert_eq(notify_wait_end(a), HE_DEAD, "a resumed wait reports the cancellation");
	notify_signal(n, 1);
	woken_with(b, 1);
	notify_cancel(b); /* in no wait: nothing happens */
	cr_assert_eq(n->pending, 0);
}

Test(notify, bits_handed_to_a_waiter_that_dies_go_to_the_next_one)
{
	struct notify *n = N(NULL);
	struct thread *a = T(0, 9), *b = T(1, 5);
	wait_queued(n, a, 0x3);
	wait_queued(n, b, 0x1);
	notify_signal(n, 0x1);
	cr_assert_eq(a->state, THREAD_RUNNABLE);
	still_waiting(b);
	notify_cancel(a); /* killed before it returned to user mode */
	woken_with(b, 0x1);
	/* With nobody waiting, given-back bits stay pending. */
	struct thread *c = T(2, 5);
	wait_queued(n, c, 0x2);
	notify_signal(n, 0x2);
	notify_cancel(c);
	cr_assert_eq(n->pending, 0x2);
}

Test(notify, a_cancelled_last_thread_frees_a_closed_object)
{
	int h;
	struct notify *n = N(&h);
	struct thread *a = T(0, 5);
	wait_queued(n, a, 1);
	cr_assert_eq(handle_close(&D.handles, h), 0);
	cr_assert_eq(notify_live_count(), 1);
	notify_cancel(a); /* killed after the close woke it: no bit to give back */
	cr_assert_eq(notify_live_count(), 0);
}
