/* Kernel counting semaphores (kern/sema.h) and their system calls
 * (kern/sync_sys.c): the pool and its bound, counts, wake order by
 * effective priority (re-sorted on a change), the unit handed to the woken
 * waiter, overflow, a dying waiter, the last handle closed, and the calls'
 * argument checks in the order of docs/syscalls.md. Blocking for real is
 * tested in QEMU (tests/qemu/sol_threads, tests/qemu/sema_basic). */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/sema.h"
#include "kern/sync_sys.h"
#include "kern/handle.h"
#include "kern/notify.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "kern/inherit.h"
#include "door_fixtures.h"

static struct domain D;
static struct thread th[8];
static struct schedctx sc[8];
static struct trapframe tf;

/* th[0] runs in D: what the system-call handlers find as thread_current(). */
static void setup(void)
{
	fx_domain(&D, 1);
	fx_run(&th[0], &sc[0], &D);
}

TestSuite(sema, .init = setup);

static struct thread *T(int i, int prio)
{
	fx_thread(&th[i], &sc[i], i, prio, &D);
	return &th[i];
}

static struct sema *S(uint64_t count)
{
	struct sema *s = NULL;
	cr_assert_eq(sema_alloc(count, &s), 0);
	sema_ref(s);
	return s;
}

static long call(long (*fn)(struct trapframe *), uint64_t a0)
{
	tf.regs[REG_A0] = a0;
	return fn(&tf);
}

Test(sema, alloc_checks_the_count_and_the_pool_is_bounded)
{
	struct sema *s = NULL;
	cr_assert_eq(sema_alloc((uint64_t)SEMA_COUNT_MAX + 1, &s), HE_INVAL);
	cr_assert_null(s);
	cr_assert_eq(sema_live_count(), 0);
	for (int i = 0; i < MAX_SEMAS; i++)
		cr_assert_eq(sema_alloc(i == 0 ? SEMA_COUNT_MAX : 0, &s), 0);
	cr_assert_eq(sema_alloc(0, &s), HE_NOMEM);
	cr_assert_eq(sema_live_count(), MAX_SEMAS);
}

Test(sema, units_are_counted_and_trywait_at_zero_is_again)
{
	struct sema *s = S(2);
	struct thread *t = T(1, 5), *w;
	cr_assert_eq(sema_wait(s, t, true), 0);
	cr_assert_eq(sema_wait(s, t, false), 0);
	cr_assert_eq(sema_wait(s, t, false), HE_AGAIN);
	cr_assert_eq(s->count, 0);
	cr_assert_null(s->waiters, "a trywait never queues");
	cr_assert_eq(sema_post(s, &w), 0);
	cr_assert_null(w);
	cr_assert_eq(s->count, 1);
}

Test(sema, a_post_hands_its_unit_to_the_highest_waiter_then_fifo)
{
	struct sema *s = S(0);
	struct thread *lo = T(1, 5), *hi1 = T(2, 20), *hi2 = T(3, 20), *w;
	cr_assert_eq(sema_wait(s, lo, true), WAIT_PENDING);
	cr_assert_eq(sema_wait(s, hi1, true), WAIT_PENDING);
	cr_assert_eq(sema_wait(s, hi2, true), WAIT_PENDING);
	cr_assert_eq(lo->wait.kind, WAIT_SEMA);
	struct thread *order[] = { hi1, hi2, lo };
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(sema_post(s, &w), 0);
		cr_assert_eq(w, order[i]);
		cr_assert_eq(w->wait.status, 0, "handed a unit");
		cr_assert_eq(s->count, 0, "the unit is the waiter's, not the count's");
		struct thread *thief = T(4, 30);
		cr_assert_eq(sema_wait(s, thief, false), HE_AGAIN, "nobody takes the woken waiter's unit");
	}
}

Test(sema, a_waiter_whose_priority_rises_moves_ahead)
{
	struct sema *s = S(0);
	struct thread *a = T(1, 5), *b = T(2, 10), *w;
	cr_assert_eq(sema_wait(s, a, true), WAIT_PENDING);
	cr_assert_eq(sema_wait(s, b, true), WAIT_PENDING);
	sched_init(&this_hart()->sched);
	a->state = b->state = THREAD_BLOCKED;
	a->sc->prio = 15;
	a->prio = 15;
	inherit_base_changed(a);
	cr_assert_eq(sema_post(s, &w), 0);
	cr_assert_eq(w, a, "re-sorted by its new effective priority");
}

Test(sema, a_post_at_the_largest_count_is_overflow_and_changes_nothing)
{
	struct sema *s = S(SEMA_COUNT_MAX);
	struct thread *w;
	cr_assert_eq(sema_post(s, &w), HE_OVERFLOW);
	cr_assert_eq(s->count, SEMA_COUNT_MAX);
}

Test(sema, a_dying_waiter_leaves_the_queue)
{
	struct sema *s = S(0);
	struct thread *a = T(1, 10), *b = T(2, 10), *w;
	cr_assert_eq(sema_wait(s, a, true), WAIT_PENDING);
	cr_assert_eq(sema_wait(s, b, true), WAIT_PENDING);
	thread_wait_cancel(a, HE_DEAD);
	cr_assert_eq(a->wait.status, HE_DEAD);
	cr_assert_eq(s->waiters, b);
	cr_assert_eq(sema_post(s, &w), 0);
	cr_assert_eq(w, b);
	thread_wait_cancel(b, HE_DEAD);
	cr_assert_eq(b->wait.status, 0, "a unit already handed over is not undone");
}

Test(sema, the_last_handle_frees_it_and_fails_the_waiters)
{
	struct handle_table ht = { 0 };
	struct sema *s = NULL;
	cr_assert_eq(sema_alloc(0, &s), 0);
	int h1 = handle_install(&ht, KOBJ_SEMA, s, H_DUP);
	int h2 = handle_dup(&ht, h1, H_DUP);
	cr_assert(h1 >= 0 && h2 >= 0);
	sched_init(&this_hart()->sched);
	struct thread *a = T(1, 10), *b = T(2, 20);
	cr_assert_eq(sema_wait(s, a, true), WAIT_PENDING);
	cr_assert_eq(sema_wait(s, b, true), WAIT_PENDING);
	a->state = b->state = THREAD_BLOCKED;
	cr_assert_eq(handle_close(&ht, h1), 0);
	cr_assert_eq(s->state, SEMA_LIVE, "another handle still names it");
	cr_assert_eq(handle_close(&ht, h2), 0);
	cr_assert_eq(s->state, SEMA_FREE);
	cr_assert_eq(sema_live_count(), 0);
	cr_assert_eq(a->wait.status, HE_BADHANDLE);
	cr_assert_eq(b->wait.status, HE_BADHANDLE);
	cr_assert_eq(a->state, THREAD_RUNNABLE, "woken");
}

/* ---- the system calls, argument checks in the order of docs/syscalls.md */

Test(sema, create_checks_count_then_table_then_pool)
{
	cr_assert_eq(call(sys_sema_create, (uint64_t)SEMA_COUNT_MAX + 1), HE_INVAL);
	cr_assert_eq(call(sys_sema_create, (uint64_t)-1), HE_INVAL, "whole register");
	long h = call(sys_sema_create, 3);
	cr_assert_geq(h, 0);
	cr_assert_eq(D.handles.slot[h].type, KOBJ_SEMA);
	cr_assert_eq(D.handles.slot[h].rights, H_DUP, "no H_XFER: it belongs to its domain");
	while (handle_dup(&D.handles, (int)h, H_DUP) >= 0)
		;
	cr_assert_eq(call(sys_sema_create, (uint64_t)SEMA_COUNT_MAX + 1), HE_INVAL, "the count first");
	cr_assert_eq(call(sys_sema_create, 0), HE_NOSPACE);
	cr_assert_eq(sema_live_count(), 1, "nothing allocated");
	handle_table_close_all(&D.handles);
	struct sema *s;
	while (sema_alloc(0, &s) == 0)
		;
	cr_assert_eq(call(sys_sema_create, 0), HE_NOMEM);
	cr_assert_eq(handle_count(&D.handles), 0, "no handle left behind");
}

Test(sema, wait_trywait_post_name_a_semaphore)
{
	long h = call(sys_sema_create, 1);
	struct notify *n;
	cr_assert_eq(notify_alloc(&n), 0);
	int other = handle_install(&D.handles, KOBJ_NOTIFY, n, H_NOTIFY_ALL);
	/* Another type, empty, out of range, negative, a slot's index with a
	 * bit above bit 31 (never truncated onto the semaphore's slot). */
	uint64_t bad[] = { (uint64_t)other, (uint64_t)h + 5, MAX_HANDLES, (uint64_t)-1, (1ULL << 32) | (uint64_t)h };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(call(sys_sema_wait, bad[i]), HE_BADHANDLE);
		cr_assert_eq(call(sys_sema_trywait, bad[i]), HE_BADHANDLE);
		cr_assert_eq(call(sys_sema_post, bad[i]), HE_BADHANDLE);
	}
	cr_assert_eq(call(sys_sema_trywait, (uint64_t)h), 0);
	cr_assert_eq(call(sys_sema_trywait, (uint64_t)h), HE_AGAIN);
	cr_assert_eq(call(sys_sema_post, (uint64_t)h), 0);
	cr_assert_eq(call(sys_sema_wait, (uint64_t)h), 0, "a unit free: no blocking");
}
