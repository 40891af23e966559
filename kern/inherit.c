/* Priority inheritance over the wait-for graph (rule in kern/inherit.h).
 *
 * Two walks. inherit_compute walks the graph backwards from t (who waits on
 * t, transitively) and takes the highest base priority met: the least
 * solution of the rule. inherit_recompute walks it forwards from the changed
 * place (whom the changed threads wait on, transitively) and recomputes each
 * thread met, since only those can depend on the change. Both mark visited
 * threads by id, so a cycle terminates. */
#include <hinge/door.h>
#include <hinge/sync.h>
#include "inherit.h"
#include "thread.h"
#include "mutex.h"
#include "schedctx.h"
#include "sema.h"
#include "doors/activation.h"
#include "doors/door.h"

/* A set of threads, by id (thread ids index the thread pool). */
struct tset {
	uint64_t bits[(MAX_THREADS + 63) / 64];
};

/* Add t; false if it was already there. */
static bool tset_add(struct tset *s, const struct thread *t)
{
	uint64_t bit = 1ull << (t->id % 64);
	uint64_t *w = &s->bits[t->id / 64];
	if (*w & bit)
		return false;
	*w |= bit;
	return true;
}

/* A work list of threads, each pushed at most once (guarded by a tset). */
struct walk {
	struct tset seen;
	struct thread *stack[MAX_THREADS];
	int sp;
};

/* Only the visited set needs clearing: the stack is written before it is
 * read. (Zeroing the whole struct, 520 bytes, cost a byte-wise memset of
 * thousands of instructions per walk.) */
static void walk_init(struct walk *w)
{
	w->seen = (struct tset){ { 0 } };
	w->sp = 0;
}

static void walk_push(struct walk *w, struct thread *t)
{
	if (t && tset_add(&w->seen, t))
		w->stack[w->sp++] = t;
}

static bool pool_lends(const struct actpool *pool)
{
	return !(pool->door->flags & (DOOR_F_NOPI | DOOR_F_HANDOFF)); /* HANDOFF: no inheritance at all */
}

static bool mutex_lends(const struct mutex *m)
{
	return m->flags & MUTEX_F_PI;
}

/* ---- edges into t: who lends to t ---------------------------------------- */

/* Push every thread with an edge into x. */
static void push_lenders(struct walk *w, struct thread *x)
{
	/* POOL: waiters of the pools x holds an activation of. A frame below
	 * the shuttle's base, or one whose activation went to another thread
	 * object in a chain split, is not a holding. */
	/* x may be making door calls on another hart's fast path meanwhile
	 * (kern/smp.h): the frames below the depth read are written before
	 * it (trap.S), and the depth is read once, first. */
	int depth = smp_load_int(&x->shuttle.depth);
	for (int i = x->shuttle.base; i < depth; i++) {
		struct activation *a = x->shuttle.frame[i].act;
		if (a->holder != x || !pool_lends(&a->door->pool))
			continue;
		for (struct thread *t = a->door->pool.waiters; t; t = t->wait.next)
			walk_push(w, t);
	}
	/* MUTEX: waiters of the PI mutexes x holds. */
	for (struct mutex *m = x->mutexes_held; m; m = m->held_next) {
		if (!mutex_lends(m))
			continue;
		for (struct thread *t = m->waiters; t; t = t->wait.next)
			walk_push(w, t);
	}
	/* REPLY: threads waiting for x's reply. */
	for (struct thread *t = x->reply_waiters; t; t = t->reply_next)
		walk_push(w, t);
}

int inherit_compute(struct thread *t)
{
	/* LAB 2 BEGIN */
	/* LAB 2 STUB: (void)t; (void)push_lenders; return -1; */
	struct walk w;
	walk_init(&w);
	int best = -1;
	tset_add(&w.seen, t);
	push_lenders(&w, t);
	while (w.sp) {
		struct thread *x = w.stack[--w.sp];
		if (x->sc->prio > best)
			best = x->sc->prio;
		push_lenders(&w, x);
	}
	return best;
	/* LAB 2 END */
}

bool inherit_bandwidth_off;

struct schedctx *inherit_lent_budget(struct thread *t, uint64_t now)
{
	if (inherit_bandwidth_off)
		return NULL;
	struct walk w;
	walk_init(&w);
	struct schedctx *best = NULL;
	tset_add(&w.seen, t);
	push_lenders(&w, t);
	while (w.sp) {
		struct thread *x = w.stack[--w.sp];
		struct schedctx *sc = x->sc;
		if (sc_replenish_due(sc, now))
			sc_replenish(sc, now);
		if (sc->state == SC_ACTIVE && (!best || sc->prio > best->prio))
			best = sc;
		push_lenders(&w, x);
	}
	return best;
}

/* ---- edges out of t: whom t lends to ------------------------------------- */

static void push_holders(struct walk *w, struct actpool *pool)
{
	for (unsigned i = 0; i < pool->n; i++)
		walk_push(w, pool->act[i]->holder);
}

/* Push every thread x has an edge to: the one its pending wait gives, if
 * that kind of wait lends. */
static void push_borrowers(struct walk *w, struct thread *x)
{
	if (!wait_pending(x))
		return;
	if (x->wait.kind == WAIT_ACTIVATION && pool_lends(x->wait.obj))
		push_holders(w, x->wait.obj);
	else if (x->wait.kind == WAIT_MUTEX && mutex_lends(x->wait.obj))
		walk_push(w, ((struct mutex *)x->wait.obj)->holder);
	else if (x->wait.kind == WAIT_REPLY)
		walk_push(w, x->reply_from); /* NULL unless HANDOFF_PI and served */
	/* The other waits lend to nobody: nobody holds a semaphore, and a
	 * notification, an unreferenced door or a death has no holder. */
}

/* x's effective priority changed: its place in the queue it waits in moves
 * (the priority-ordered queues of kern/waitq.h). */
static void requeue(struct thread *x)
{
	if (!wait_pending(x))
		return;
	if (x->wait.kind == WAIT_ACTIVATION)
		act_requeue(x);
	else if (x->wait.kind == WAIT_MUTEX)
		mutex_requeue(x);
	else if (x->wait.kind == WAIT_SEMA)
		sema_requeue(x);
}

static void recompute_all(struct walk *w)
{
	while (w->sp) {
		struct thread *x = w->stack[--w->sp];
		if (x->queue == SQ_THROTTLED)
			thread_wake(x); /* a waiter may lend it budget now (§21); else throttled again */
		int inh = inherit_compute(x);
		if (inh != x->inherited_prio) {
			int before = x->prio;
			thread_set_inherited(x, inh);
			if (x->prio != before)
				requeue(x);
		}
		push_borrowers(w, x);
	}
}

void inherit_recompute(struct thread *t, struct actpool *pool, struct mutex *mutex)
{
	struct walk w;
	walk_init(&w);
	walk_push(&w, t);
	if (pool)
		push_holders(&w, pool);
	if (mutex)
		walk_push(&w, mutex->holder);
	recompute_all(&w);
}

void inherit_base_changed(struct thread *t)
{
	requeue(t);
	struct walk w;
	walk_init(&w);
	tset_add(&w.seen, t); /* t's own boost does not depend on its base */
	push_borrowers(&w, t);
	recompute_all(&w);
}

static void reply_unlink(struct thread *w)
{
	struct thread *s = w->reply_from;
	if (!s)
		return;
	struct thread **pp = &s->reply_waiters;
	while (*pp != w)
		pp = &(*pp)->reply_next;
	*pp = w->reply_next;
	w->reply_next = NULL;
	w->reply_from = NULL;
}

/* Whether x waits on nothing (so no cycle runs through it and nothing lies
 * downstream of it) and nothing lends to it but the REPLY waiter w (none at
 * all for w NULL): then its least solution is w's effective priority, or
 * none, without a walk. */
static bool lent_by_only(const struct thread *x, const struct thread *w)
{
	return !wait_pending(x) && !x->mutexes_held && x->shuttle.depth == x->shuttle.base &&
	       x->reply_waiters == w && (!w || !w->reply_next);
}

void inherit_set_reply(struct thread *w, struct thread *s)
{
	struct thread *old = w->reply_from;
	reply_unlink(w);
	if (s) {
		w->reply_from = s;
		w->reply_next = s->reply_waiters;
		s->reply_waiters = w;
	}
	/* The common handoff call and reply: an idle server thread takes its
	 * one caller's priority and gives it back. The walk would reach every
	 * thread of a chain of calls, at every level of it. */
	struct thread *x = s && !old ? s : !s ? old : NULL;
	if (x && lent_by_only(x, s ? w : NULL)) {
		int inh = !s ? -1 : w->sc->prio > w->inherited_prio ? w->sc->prio : w->inherited_prio;
		if (inh != x->inherited_prio)
			thread_set_inherited(x, inh);
		return;
	}
	struct walk wk;
	walk_init(&wk);
	walk_push(&wk, old);
	walk_push(&wk, s);
	recompute_all(&wk);
}

void inherit_forget(struct thread *t)
{
	if (t->reply_from)
		inherit_set_reply(t, NULL);
	while (t->reply_waiters)
		reply_unlink(t->reply_waiters);
	inherit_recompute(t, NULL, NULL);
}
