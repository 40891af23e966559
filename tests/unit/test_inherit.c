/* Priority inheritance over the wait-for graph (kern/inherit.h): every edge
 * kind (pool, mutex, reply), their mixtures, the switches (DOOR_F_NOPI,
 * MUTEX_F_PI), undoing on release and on death, and Pintos' donation tests
 * (src/tests/threads/priority-donate-*.c) replayed as graph operations.
 *
 * After every step, check_all() recomputes each thread's boost from scratch
 * and compares it with what the incremental updates left: the rule holds
 * everywhere, not only where the test looks. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "doors/activation.h"
#include "doors/door.h"
#include "doors/shuttle.h"
#include "kern/inherit.h"
#include "kern/mutex.h"
#include "door_fixtures.h"

#define NT 12
static struct domain C, S;
static struct thread th[NT];
static struct schedctx sc[NT];
static bool used[NT];

static void setup(void)
{
	fx_domain(&C, 1);
	fx_domain(&S, 2);
	memset(used, 0, sizeof used);
}

TestSuite(inherit, .init = setup);

static struct thread *T(int i, int prio)
{
	fx_thread(&th[i], &sc[i], i, prio, &C);
	used[i] = true;
	return &th[i];
}

/* The rule holds for every thread of the test, and effective = max(base, inherited). */
static void check_all(void)
{
	for (int i = 0; i < NT; i++) {
		if (!used[i])
			continue;
		struct thread *t = &th[i];
		cr_assert_eq(t->inherited_prio, inherit_compute(t), "thread %d: kept %d, rule says %d", i,
			     t->inherited_prio, inherit_compute(t));
		int eff = t->inherited_prio > t->sc->prio ? t->inherited_prio : t->sc->prio;
		cr_assert_eq(t->prio, eff, "thread %d: prio %d, want %d", i, t->prio, eff);
	}
}

#define cr_assert_prio(t, inh, eff) do { \
	check_all(); \
	cr_assert_eq((t)->inherited_prio, (inh), "thread %d inherited %d, want %d", (t)->id, (t)->inherited_prio, (inh)); \
	cr_assert_eq((t)->prio, (eff), "thread %d prio %d, want %d", (t)->id, (t)->prio, (eff)); \
} while (0)

static struct actpool *P(uint32_t flags)
{
	struct door *d = fx_door(&S, 1, flags);
	cr_assert_not_null(d);
	return &d->pool;
}

static struct mutex *M(uint32_t flags)
{
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(flags, &m), 0);
	mutex_ref(m); /* as if a handle named it */
	return m;
}

static void hold(struct thread *t, struct actpool *p)
{
	struct activation *a = NULL;
	cr_assert_eq(act_acquire(p, t, false, &a), 0);
}

static void wait_pool(struct thread *t, struct actpool *p)
{
	struct activation *a = NULL;
	cr_assert_eq(act_acquire(p, t, false, &a), ACQ_QUEUED);
}

/* t returns from its innermost call; returns the waiter handed the activation. */
static struct thread *drop(struct thread *t)
{
	struct shuttle_frame f = { 0 };
	cr_assert_eq(shuttle_pop(&t->shuttle, &f), 0);
	return act_release(&f.door->pool, f.act);
}

static void lock(struct thread *t, struct mutex *m)
{
	cr_assert_eq(mutex_lock(m, t), 0);
}

static void lock_waits(struct thread *t, struct mutex *m)
{
	cr_assert_eq(mutex_lock(m, t), WAIT_PENDING);
}

static struct thread *unlock(struct thread *t, struct mutex *m)
{
	struct thread *w = (struct thread *)1;
	cr_assert_eq(mutex_unlock(m, t, &w), 0);
	return w;
}

/* What SYS_SET_PRIO does. */
static void set_base(struct thread *t, int prio)
{
	t->sc->prio = prio;
	t->prio = t->inherited_prio > prio ? t->inherited_prio : prio;
	inherit_base_changed(t);
}

/* ---- each edge kind ------------------------------------------------------- */

Test(inherit, mutex_waiter_boosts_holder_until_unlock)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct thread *h = T(0, 5), *w = T(1, 20);
	lock(h, m);
	lock_waits(w, m);
	cr_assert_prio(h, 20, 20);
	cr_assert_eq(unlock(h, m), w);
	cr_assert_eq(w->wait.status, 0);
	cr_assert_eq(m->holder, w);
	cr_assert_prio(h, -1, 5);
	cr_assert_prio(w, -1, 20);
}

Test(inherit, mutex_without_pi_boosts_nobody)
{
	struct mutex *m = M(0);
	struct thread *h = T(0, 5), *w = T(1, 20);
	lock(h, m);
	lock_waits(w, m);
	cr_assert_prio(h, -1, 5);
	cr_assert_eq(unlock(h, m), w);
}

Test(inherit, nopi_door_waiters_boost_nobody)
{
	struct actpool *p = P(DOOR_F_NOPI);
	struct thread *h = T(0, 5), *w = T(1, 20);
	hold(h, p);
	wait_pool(w, p);
	cr_assert_prio(h, -1, 5);
	cr_assert_eq(drop(h), w);
	cr_assert_prio(w, -1, 20);
}

Test(inherit, reply_edge_boosts_the_server_thread_and_undoes)
{
	struct thread *c = T(0, 30), *s = T(1, 4), *c2 = T(2, 12);
	inherit_set_reply(c, s);
	cr_assert_prio(s, 30, 30);
	inherit_set_reply(c2, s);
	cr_assert_prio(s, 30, 30);
	inherit_set_reply(c, NULL);          /* the reply to c is in */
	cr_assert_prio(s, 12, 12);
	cr_assert_null(c->reply_from);
	inherit_set_reply(c2, NULL);
	cr_assert_prio(s, -1, 4);
}

Test(inherit, reply_edge_moves_to_another_server_thread)
{
	struct thread *c = T(0, 30), *s1 = T(1, 4), *s2 = T(2, 6);
	inherit_set_reply(c, s1);
	inherit_set_reply(c, s2);
	cr_assert_prio(s1, -1, 4);
	cr_assert_prio(s2, 30, 30);
	inherit_forget(s2);                 /* the server thread dies */
	cr_assert_null(c->reply_from);
	cr_assert_prio(s2, -1, 6);
	cr_assert_prio(c, -1, 30);
}

/* ---- transitivity across kinds -------------------------------------------- */

/* c waits for an activation held by a; a (inside the call) waits on a mutex
 * held by b; b waits for the reply of server thread s. c's priority reaches s. */
Test(inherit, transitive_through_pool_mutex_and_reply)
{
	struct actpool *p = P(0);
	struct mutex *m = M(MUTEX_F_PI);
	struct thread *c = T(0, 40), *a = T(1, 10), *b = T(2, 5), *s = T(3, 2);
	wait_begin(b, WAIT_REPLY, NULL); /* the REPLY edge follows a pending reply wait */
	inherit_set_reply(b, s);
	lock(b, m);
	hold(a, p);
	lock_waits(a, m);
	cr_assert_prio(b, 10, 10);
	cr_assert_prio(s, 10, 10);
	wait_pool(c, p);
	cr_assert_prio(a, 40, 40);
	cr_assert_prio(b, 40, 40);
	cr_assert_prio(s, 40, 40);
	/* b unlocks: a holds m now; the chain to s is cut. */
	cr_assert_eq(unlock(b, m), a);
	cr_assert_prio(b, -1, 5);
	cr_assert_prio(s, 5, 5);
	cr_assert_prio(a, 40, 40);
	cr_assert_eq(drop(a), c);
	cr_assert_prio(a, -1, 10);
}

/* A switched-off edge in the middle cuts the chain there, also for what
 * comes from further up. */
Test(inherit, a_nopi_edge_cuts_the_chain)
{
	struct actpool *p = P(DOOR_F_NOPI);
	struct mutex *m = M(MUTEX_F_PI);
	struct thread *c = T(0, 40), *a = T(1, 10), *b = T(2, 5);
	lock(b, m);
	hold(a, p);
	lock_waits(a, m);
	wait_pool(c, p);
	cr_assert_prio(a, -1, 10);
	cr_assert_prio(b, 10, 10);
}

Test(inherit, boosted_mutex_waiter_moves_up_its_queue)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct actpool *p = P(0);
	struct thread *h = T(0, 1), *a = T(1, 20), *b = T(2, 10), *c = T(3, 30), *d = T(4, 10);
	lock(h, m);
	lock_waits(a, m);
	lock_waits(b, m);
	lock_waits(d, m);
	cr_assert_eq(m->waiters, a);
	cr_assert_eq(a->wait.next, b);
	cr_assert_eq(b->wait.next, d, "FIFO among equals");
	hold(d, p);
	wait_pool(c, p);            /* d inherits 30 and overtakes a and b */
	cr_assert_eq(m->waiters, d);
	cr_assert_eq(d->wait.next, a);
	cr_assert_prio(h, 30, 30);
	act_cancel_wait(c, HE_REVOKED);
	cr_assert_eq(m->waiters, a);
	cr_assert_eq(a->wait.next, b);
	cr_assert_eq(b->wait.next, d, "back behind its equal, which came first");
	cr_assert_prio(h, 20, 20);
}

Test(inherit, mutex_and_pool_deadlock_takes_the_least_solution)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct actpool *p = P(0);
	struct thread *t1 = T(0, 10), *t2 = T(1, 20), *x = T(2, 50);
	lock(t1, m);
	hold(t2, p);
	wait_pool(t1, p);
	lock_waits(t2, m);
	cr_assert_prio(t1, 20, 20);
	cr_assert_prio(t2, 10, 20);
	lock_waits(x, m);
	cr_assert_prio(t1, 50, 50);
	cr_assert_prio(t2, 50, 50);
	mutex_cancel_wait(x, HE_DEAD);
	cr_assert_prio(t1, 20, 20);
	cr_assert_prio(t2, 10, 20);
}

Test(inherit, self_deadlock_on_a_mutex_is_refused)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct thread *h = T(0, 5);
	lock(h, m);
	cr_assert_eq(mutex_lock(m, h), HE_DEADLK);
	cr_assert(!wait_pending(h));
	cr_assert_prio(h, -1, 5);
}

/* ---- undo on death -------------------------------------------------------- */

Test(inherit, holder_death_passes_the_mutex_and_its_boosts_on)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct mutex *m2 = M(MUTEX_F_PI);
	struct thread *h = T(0, 5), *a = T(1, 20), *b = T(2, 30), *k = T(3, 2);
	lock(k, m2);
	lock(h, m);
	lock_waits(a, m);
	lock_waits(b, m);
	lock_waits(h, m2);
	cr_assert_prio(k, 30, 30);
	thread_wait_cancel(h, HE_DEAD); /* h is killed (thread_reap) */
	mutex_release_all(h);
	cr_assert(!wait_pending(h));
	cr_assert_eq(h->wait.status, HE_DEAD);
	cr_assert_eq(m->holder, b);
	cr_assert_eq(b->wait.status, MUTEX_OWNERDEAD);
	cr_assert_prio(b, 20, 30);
	cr_assert_prio(k, -1, 2);
	cr_assert_prio(h, -1, 5);
}

Test(inherit, waiter_death_ends_its_boost)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct thread *h = T(0, 5), *w = T(1, 20);
	lock(h, m);
	lock_waits(w, m);
	thread_wait_cancel(w, HE_DEAD); /* w is killed (thread_reap) */
	mutex_release_all(w);
	cr_assert_prio(h, -1, 5);
	cr_assert_null(m->waiters);
}

Test(inherit, closing_the_last_handle_ends_every_boost)
{
	struct mutex *m = M(MUTEX_F_PI);
	struct thread *h = T(0, 5), *w = T(1, 20);
	lock(h, m);
	lock_waits(w, m);
	mutex_unref_handle(m);
	cr_assert_eq(w->wait.status, HE_BADHANDLE);
	cr_assert_null(h->mutexes_held);
	cr_assert_prio(h, -1, 5);
	cr_assert_eq(mutex_live_count(), 0);
}

/* ---- Pintos (priority-donate-*), PRI_DEFAULT = 31 ------------------------- */

/* donate-one: main holds a lock; 32 and then 33 wait on it; main runs at
 * 32, then 33; release: 33 gets it first, main is back at 31. */
Test(inherit, pintos_donate_one)
{
	struct mutex *lk = M(MUTEX_F_PI);
	struct thread *main = T(0, 31), *a1 = T(1, 32), *a2 = T(2, 33);
	lock(main, lk);
	lock_waits(a1, lk);
	cr_assert_prio(main, 32, 32);
	lock_waits(a2, lk);
	cr_assert_prio(main, 33, 33);
	cr_assert_eq(unlock(main, lk), a2);
	cr_assert_prio(main, -1, 31);
	cr_assert_prio(a2, 32, 33);
	cr_assert_eq(unlock(a2, lk), a1);
	cr_assert_prio(a1, -1, 32);
}

/* donate-multiple: main holds a and b; 32 waits on a, 33 on b; releasing b
 * leaves 32, releasing a leaves 31. */
Test(inherit, pintos_donate_multiple)
{
	struct mutex *a = M(MUTEX_F_PI), *b = M(MUTEX_F_PI);
	struct thread *main = T(0, 31), *ta = T(1, 32), *tb = T(2, 33);
	lock(main, a);
	lock(main, b);
	lock_waits(ta, a);
	cr_assert_prio(main, 32, 32);
	lock_waits(tb, b);
	cr_assert_prio(main, 33, 33);
	cr_assert_eq(unlock(main, b), tb);
	cr_assert_prio(main, 32, 32);
	cr_assert_eq(unlock(main, a), ta);
	cr_assert_prio(main, -1, 31);
}

/* donate-multiple2: as above, released in the other order, with a thread c
 * (32) that waits on nothing and must not change anything. */
Test(inherit, pintos_donate_multiple2)
{
	struct mutex *a = M(MUTEX_F_PI), *b = M(MUTEX_F_PI);
	struct thread *main = T(0, 31), *ta = T(1, 34), *tc = T(2, 32), *tb = T(3, 36);
	lock(main, a);
	lock(main, b);
	lock_waits(ta, a);
	cr_assert_prio(main, 34, 34);
	cr_assert_prio(tc, -1, 32);
	lock_waits(tb, b);
	cr_assert_prio(main, 36, 36);
	cr_assert_eq(unlock(main, a), ta);
	cr_assert_prio(main, 36, 36);
	cr_assert_eq(unlock(main, b), tb);
	cr_assert_prio(main, -1, 31);
}

/* donate-nest: main (31) holds a; medium (32) holds b and waits on a; high
 * (33) waits on b: both main and medium run at 33. main releases a:
 * medium gets it, still at 33 (high waits on its b). */
Test(inherit, pintos_donate_nest)
{
	struct mutex *a = M(MUTEX_F_PI), *b = M(MUTEX_F_PI);
	struct thread *main = T(0, 31), *med = T(1, 32), *high = T(2, 33);
	lock(main, a);
	lock(med, b);
	lock_waits(med, a);
	cr_assert_prio(main, 32, 32);
	lock_waits(high, b);
	cr_assert_prio(med, 33, 33);
	cr_assert_prio(main, 33, 33);
	cr_assert_eq(unlock(main, a), med);
	cr_assert_prio(main, -1, 31);
	cr_assert_prio(med, 33, 33);
	cr_assert_eq(unlock(med, a), NULL);
	cr_assert_prio(med, 33, 33);
	cr_assert_eq(unlock(med, b), high);
	cr_assert_prio(med, -1, 32);
	cr_assert_prio(high, -1, 33);
}

/* donate-chain: main (PRI_MIN + 1 = 1) and seven threads i = 1..7
 * of priority 3i: thread i holds lock i and waits on lock i-1. Each new
 * thread raises the whole chain below it; releasing from the bottom hands
 * every lock up and each thread drops back once its lock is gone. */
Test(inherit, pintos_donate_chain)
{
	enum { N = 7 };
	struct mutex *lk[N + 1];
	struct thread *t[N + 1];
	t[0] = T(0, 1);
	for (int i = 0; i <= N; i++)
		lk[i] = M(MUTEX_F_PI);
	lock(t[0], lk[0]);
	for (int i = 1; i <= N; i++) {
		t[i] = T(i, 3 * i);
		lock(t[i], lk[i]);
		lock_waits(t[i], lk[i - 1]);
		for (int j = 0; j < i; j++)
			cr_assert_prio(t[j], 3 * i, 3 * i);
	}
	/* Release from the bottom: thread i lets go of the lock it was handed
	 * (nobody waits for it now) and of its own, which goes to thread i+1. */
	for (int i = 0; i <= N; i++) {
		if (i > 0)
			cr_assert_eq(unlock(t[i], lk[i - 1]), NULL);
		cr_assert_eq(unlock(t[i], lk[i]), i < N ? t[i + 1] : NULL);
		cr_assert_prio(t[i], -1, i == 0 ? 1 : 3 * i);
		if (i < N)
			cr_assert_prio(t[i + 1], i + 1 < N ? 3 * N : -1, 3 * N);
	}
}

/* donate-lower: main (31) holds a lock, 41 waits: main at 41. main lowers
 * its base to 21 and keeps 41 until it releases; then it is at 21. */
Test(inherit, pintos_donate_lower)
{
	struct mutex *lk = M(MUTEX_F_PI);
	struct thread *main = T(0, 31), *a = T(1, 41);
	lock(main, lk);
	lock_waits(a, lk);
	cr_assert_prio(main, 41, 41);
	set_base(main, 21);
	cr_assert_prio(main, 41, 41);
	cr_assert_eq(main->sc->prio, 21);
	cr_assert_eq(unlock(main, lk), a);
	cr_assert_prio(main, -1, 21);
}

/* donate-sema with a stand-in: the semaphore is a DOOR_F_NOPI pool of one
 * activation that main holds (value 0: a sema lends nothing to whoever
 * will up it, and a NOPI pool lends nothing to its holder); sema_up is
 * main's return, which wakes the highest waiter. L (32) holds the lock and
 * downs the sema; M (34) downs it; H (36) waits on L's lock: L runs at 36,
 * so the up wakes L before M; L releases the lock to H and drops to 32. */
Test(inherit, pintos_donate_sema_with_a_pool_standin)
{
	struct actpool *sema = P(DOOR_F_NOPI);
	struct mutex *lk = M(MUTEX_F_PI);
	struct thread *main = T(0, 31), *L = T(1, 32), *Mt = T(2, 34), *H = T(3, 36);
	hold(main, sema);
	lock(L, lk);
	wait_pool(L, sema);
	wait_pool(Mt, sema);
	cr_assert_prio(main, -1, 31);
	cr_assert_eq(sema->waiters, Mt);
	lock_waits(H, lk);
	cr_assert_prio(L, 36, 36);
	cr_assert_eq(sema->waiters, L, "boosted L overtakes M in the sema's queue");
	cr_assert_eq(drop(main), L);    /* sema_up */
	cr_assert_eq(unlock(L, lk), H);
	cr_assert_prio(L, -1, 32);
	cr_assert_prio(H, -1, 36);
}
