/* Kernel mutexes (kern/mutex.h): the pool, lock and unlock with their
 * errors, queue order, holder death, the last handle, and handles of type
 * KOBJ_MUTEX. Inheritance through mutexes: test_inherit.c. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/mutex.h"
#include "kern/handle.h"
#include "kern/sync_sys.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "door_fixtures.h"

static struct domain C;
static struct thread th[8];
static struct schedctx sc[8];

static void setup(void)
{
	fx_domain(&C, 1);
}

TestSuite(mutex, .init = setup);

static struct thread *T(int i, int prio)
{
	fx_thread(&th[i], &sc[i], i, prio, &C);
	return &th[i];
}

/* Threads on m's queue. */
static int queued(const struct mutex *m)
{
	int n = 0;
	for (const struct thread *w = m->waiters; w; w = w->wait.next)
		n++;
	return n;
}

static struct mutex *M(uint32_t flags)
{
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(flags, &m), 0);
	mutex_ref(m);
	return m;
}

Test(mutex, alloc_refuses_unknown_flags_and_takes_nothing)
{
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(~MUTEX_F_ALL, &m), HE_INVAL);
	cr_assert_null(m);
	cr_assert_eq(mutex_live_count(), 0);
	cr_assert_eq(mutex_alloc(MUTEX_F_PI, &m), 0);
	cr_assert_eq(m->state, MUTEX_UNLOCKED);
	cr_assert_eq(m->flags, MUTEX_F_PI);
	cr_assert_eq(mutex_live_count(), 1);
}

Test(mutex, pool_exhaustion_is_nomem)
{
	struct mutex *m;
	for (int i = 0; i < MAX_MUTEXES; i++)
		cr_assert_eq(mutex_alloc(0, &m), 0);
	cr_assert_eq(mutex_alloc(0, &m), HE_NOMEM);
	cr_assert_eq(mutex_live_count(), MAX_MUTEXES);
}

Test(mutex, lock_and_unlock_uncontended)
{
	struct mutex *m = M(0);
	struct thread *t = T(0, 5);
	cr_assert_eq(mutex_lock(m, t), 0);
	cr_assert_eq(m->state, MUTEX_LOCKED);
	cr_assert_eq(m->holder, t);
	cr_assert_eq(t->mutexes_held, m);
	struct thread *w;
	cr_assert_eq(mutex_unlock(m, t, &w), 0);
	cr_assert_null(w);
	cr_assert_eq(m->state, MUTEX_UNLOCKED);
	cr_assert_null(m->holder);
	cr_assert_null(t->mutexes_held);
}

Test(mutex, relock_by_the_holder_is_deadlk_and_changes_nothing)
{
	struct mutex *m = M(0);
	struct thread *t = T(0, 5);
	cr_assert_eq(mutex_lock(m, t), 0);
	cr_assert_eq(mutex_lock(m, t), HE_DEADLK);
	cr_assert_eq(m->holder, t);
	cr_assert_null(m->waiters);
	cr_assert(!wait_pending(t));
}

Test(mutex, unlock_by_another_thread_is_perm_and_changes_nothing)
{
	struct mutex *m = M(0);
	struct thread *t = T(0, 5), *u = T(1, 5);
	struct thread *w;
	cr_assert_eq(mutex_unlock(m, u, &w), HE_PERM); /* unlocked mutex */
	cr_assert_eq(mutex_lock(m, t), 0);
	cr_assert_eq(mutex_unlock(m, u, &w), HE_PERM);
	cr_assert_null(w);
	cr_assert_eq(m->holder, t);
}

Test(mutex, waiters_are_served_by_priority_then_fifo)
{
	struct mutex *m = M(0);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 20), *c = T(3, 10);
	cr_assert_eq(mutex_lock(m, h), 0);
	cr_assert_eq(mutex_lock(m, a), WAIT_PENDING);
	cr_assert_eq(mutex_lock(m, b), WAIT_PENDING);
	cr_assert_eq(mutex_lock(m, c), WAIT_PENDING);
	cr_assert_eq(a->wait.obj, m);
	cr_assert_eq(a->wait.status, WAIT_PENDING);
	cr_assert_eq(queued(m), 3);
	struct thread *w;
	cr_assert_eq(mutex_unlock(m, h, &w), 0);
	cr_assert_eq(w, b);
	cr_assert_eq(b->wait.status, 0);
	cr_assert(!wait_pending(b));
	cr_assert_eq(mutex_unlock(m, b, &w), 0);
	cr_assert_eq(w, a);
	cr_assert_eq(mutex_unlock(m, a, &w), 0);
	cr_assert_eq(w, c);
	cr_assert_eq(mutex_unlock(m, c, &w), 0);
	cr_assert_null(w);
	cr_assert_eq(queued(m), 0);
}

Test(mutex, a_thread_holds_several_mutexes)
{
	struct mutex *m1 = M(0), *m2 = M(0), *m3 = M(0);
	struct thread *t = T(0, 5), *w;
	cr_assert_eq(mutex_lock(m1, t), 0);
	cr_assert_eq(mutex_lock(m2, t), 0);
	cr_assert_eq(mutex_lock(m3, t), 0);
	cr_assert_eq(mutex_unlock(m2, t, &w), 0); /* any order */
	cr_assert_eq(t->mutexes_held, m3);
	cr_assert_eq(m3->held_next, m1);
	cr_assert_null(m1->held_next);
}

Test(mutex, cancel_wait_leaves_the_queue_with_status)
{
	struct mutex *m = M(0);
	struct thread *h = T(0, 5), *a = T(1, 10);
	cr_assert_eq(mutex_lock(m, h), 0);
	cr_assert_eq(mutex_lock(m, a), WAIT_PENDING);
	mutex_cancel_wait(a, HE_DEAD);
	cr_assert_eq(a->wait.status, HE_DEAD);
	cr_assert(!wait_pending(a));
	cr_assert_null(m->waiters);
	cr_assert_eq(queued(m), 0);
	mutex_cancel_wait(a, HE_INVAL); /* not waiting: no-op */
	cr_assert_eq(a->wait.status, HE_DEAD);
}

Test(mutex, holder_death_hands_over_with_ownerdead)
{
	struct mutex *m = M(0);
	struct thread *h = T(0, 5), *a = T(1, 10);
	cr_assert_eq(mutex_lock(m, h), 0);
	cr_assert_eq(mutex_lock(m, a), WAIT_PENDING);
	mutex_release_all(h);
	cr_assert_eq(m->holder, a);
	cr_assert_eq(a->wait.status, MUTEX_OWNERDEAD);
	cr_assert_null(h->mutexes_held);
	cr_assert(!m->owner_died, "told once, to the new holder");
	struct thread *w;
	cr_assert_eq(mutex_unlock(m, a, &w), 0);
	cr_assert_eq(mutex_lock(m, h), 0, "after that, a plain lock");
}

Test(mutex, holder_death_without_waiter_tells_the_next_locker_once)
{
	struct mutex *m1 = M(0), *m2 = M(0);
	struct thread *h = T(0, 5), *a = T(1, 10), *w;
	cr_assert_eq(mutex_lock(m1, h), 0);
	cr_assert_eq(mutex_lock(m2, h), 0);
	mutex_release_all(h);
	cr_assert_eq(m1->state, MUTEX_UNLOCKED);
	cr_assert_eq(m2->state, MUTEX_UNLOCKED);
	cr_assert_eq(mutex_lock(m1, a), MUTEX_OWNERDEAD);
	cr_assert_eq(mutex_unlock(m1, a, &w), 0);
	cr_assert_eq(mutex_lock(m1, a), 0);
	cr_assert_eq(mutex_lock(m2, a), MUTEX_OWNERDEAD);
}

Test(mutex, dying_waiter_leaves_the_queue)
{
	struct mutex *m = M(0);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 10), *w;
	cr_assert_eq(mutex_lock(m, h), 0);
	cr_assert_eq(mutex_lock(m, a), WAIT_PENDING);
	cr_assert_eq(mutex_lock(m, b), WAIT_PENDING);
	thread_wait_cancel(a, HE_DEAD); /* a is killed (thread_reap) */
	mutex_release_all(a);
	cr_assert_eq(m->waiters, b);
	cr_assert_eq(mutex_unlock(m, h, &w), 0);
	cr_assert_eq(w, b);
}

Test(mutex, last_handle_closed_frees_it_and_fails_the_waiters)
{
	struct handle_table ht = { 0 };
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(0, &m), 0);
	int h1 = handle_install(&ht, KOBJ_MUTEX, m, H_DUP);
	cr_assert_geq(h1, 0);
	int h2 = handle_dup(&ht, h1, H_DUP);
	cr_assert_geq(h2, 0);
	cr_assert_eq(m->nhandles, 2);
	struct thread *h = T(0, 5), *a = T(1, 10), *b = T(2, 20);
	cr_assert_eq(mutex_lock(m, h), 0);
	cr_assert_eq(mutex_lock(m, a), WAIT_PENDING);
	cr_assert_eq(mutex_lock(m, b), WAIT_PENDING);
	cr_assert_eq(handle_close(&ht, h1), 0);
	cr_assert_eq(m->state, MUTEX_LOCKED, "another handle still names it");
	cr_assert_eq(handle_close(&ht, h2), 0);
	cr_assert_eq(m->state, MUTEX_FREE);
	cr_assert_eq(mutex_live_count(), 0);
	cr_assert_eq(a->wait.status, HE_BADHANDLE);
	cr_assert_eq(b->wait.status, HE_BADHANDLE);
	cr_assert(!wait_pending(a));
	cr_assert_null(h->mutexes_held);
}

Test(mutex, handles_name_mutexes_by_type)
{
	struct handle_table ht = { 0 };
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(0, &m), 0);
	int h = handle_install(&ht, KOBJ_MUTEX, m, H_DUP);
	void *obj = NULL;
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_MUTEX, 0, &obj), 0);
	cr_assert_eq(obj, m);
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_DOOR, 0, &obj), HE_BADHANDLE);
	handle_table_close_all(&ht);
	cr_assert_eq(mutex_live_count(), 0);
}

/* SYS_MUTEX_LOCK's checks in the order of docs/syscalls.md, and
 * MUTEX_LOCK_TRY: HE_AGAIN while another thread holds it, with nothing
 * queued and nobody boosted; the lock itself when it is free. */
Test(mutex, sys_lock_try_fails_at_once_when_another_holds_it)
{
	struct thread *me = T(0, 10), *h = T(1, 5);
	sched_init(&this_hart()->sched);
	this_hart()->sched.current = me;
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(MUTEX_F_PI, &m), 0);
	int hm = handle_install(&C.handles, KOBJ_MUTEX, m, H_DUP);
	struct trapframe tf = { 0 };
	tf.regs[REG_A0] = MAX_HANDLES;
	tf.regs[REG_A1] = 2;
	cr_assert_eq(sys_mutex_lock(&tf), HE_INVAL, "1: an unknown bit, before the handle");
	tf.regs[REG_A1] = MUTEX_LOCK_TRY;
	cr_assert_eq(sys_mutex_lock(&tf), HE_BADHANDLE, "2");
	tf.regs[REG_A0] = (uint64_t)hm;
	cr_assert_eq(mutex_lock(m, h), 0);
	cr_assert_eq(sys_mutex_lock(&tf), HE_AGAIN, "3: held by another");
	cr_assert_null(m->waiters, "nothing queued");
	cr_assert_eq(h->prio, 5, "nobody boosted");
	struct thread *w;
	cr_assert_eq(mutex_unlock(m, h, &w), 0);
	cr_assert_eq(sys_mutex_lock(&tf), 0, "free: taken");
	cr_assert_eq(m->holder, me);
	cr_assert_eq(sys_mutex_lock(&tf), HE_DEADLK, "4: its own");
}
