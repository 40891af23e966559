/* Kernel mutexes (rules in kern/mutex.h; inheritance in kern/inherit.h). */
#include <string.h>
#include <hinge/errno.h>
#include "mutex.h"
#include "thread.h"
#include "inherit.h"
#include "waitq.h"
#include "observe.h"

static struct mutex mutexes[MAX_MUTEXES];

int mutex_alloc(uint32_t flags, struct mutex **out)
{
	if (flags & ~MUTEX_F_ALL)
		return HE_INVAL;
	if (FAILALLOC())
		return HE_NOMEM;
	for (int i = 0; i < MAX_MUTEXES; i++) {
		if (mutexes[i].state != MUTEX_FREE)
			continue;
		mutexes[i] = (struct mutex){ .state = MUTEX_UNLOCKED, .flags = flags };
		*out = &mutexes[i];
		return 0;
	}
	return HE_NOMEM;
}

int mutex_id(const struct mutex *m)
{
	return (int)(m - mutexes);
}

int mutex_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_MUTEXES; i++)
		n += mutexes[i].state != MUTEX_FREE;
	return n;
}

/* ---- waiter queue and holder list ------------------------------------------ */

void mutex_requeue(struct thread *t)
{
	waitq_requeue(&((struct mutex *)t->wait.obj)->waiters, t);
}

static void held_unlink(struct mutex *m)
{
	struct mutex **pp = &m->holder->mutexes_held;
	while (*pp != m)
		pp = &(*pp)->held_next;
	*pp = m->held_next;
	m->held_next = NULL;
}

/* m becomes t's. */
static void grant(struct mutex *m, struct thread *t)
{
	m->state = MUTEX_LOCKED;
	m->holder = t;
	m->held_next = t->mutexes_held;
	t->mutexes_held = m;
}

/* m's holder lets go (held_unlink done): pass m to the first waiter with
 * status, or unlock it. Returns the new holder (to be woken) or NULL. */
static struct thread *pass_on(struct mutex *m, int status)
{
	struct thread *w = m->waiters;
	m->holder = NULL;
	if (!w) {
		m->state = MUTEX_UNLOCKED;
		return NULL;
	}
	waitq_unlink(&m->waiters, w);
	w->wait.status = status;
	grant(m, w);
	return w;
}

/* ---- operations ------------------------------------------------------------ */

long mutex_lock(struct mutex *m, struct thread *t)
{
	if (m->holder == t)
		return HE_DEADLK;
	if (m->state == MUTEX_UNLOCKED) {
		grant(m, t);
		int status = m->owner_died ? MUTEX_OWNERDEAD : 0;
		m->owner_died = false;
		OBSERVE(trace_mutex_lock(m, t, status));
		return status;
	}
	wait_begin(t, WAIT_MUTEX, m);
	waitq_insert(&m->waiters, t);
	OBSERVE(trace_mutex_wait(m, t)); /* before the boost it causes */
	inherit_recompute(NULL, NULL, m);
	return WAIT_PENDING;
}

int mutex_unlock(struct mutex *m, struct thread *t, struct thread **woken)
{
	*woken = NULL;
	if (m->holder != t)
		return HE_PERM;
	held_unlink(m);
	*woken = pass_on(m, 0);
	OBSERVE(trace_mutex_unlock(m, t, *woken, false));
	inherit_recompute(t, NULL, m);
	return 0;
}

void mutex_cancel_wait(struct thread *t, int status)
{
	if (t->wait.kind != WAIT_MUTEX || !wait_pending(t))
		return;
	struct mutex *m = t->wait.obj;
	waitq_unlink(&m->waiters, t);
	t->wait.status = status;
	inherit_recompute(NULL, NULL, m);
}

void mutex_release_all(struct thread *t)
{
	while (t->mutexes_held) {
		struct mutex *m = t->mutexes_held;
		held_unlink(m);
		struct thread *w = pass_on(m, MUTEX_OWNERDEAD);
		OBSERVE(trace_mutex_unlock(m, t, w, true));
		/* Told now to the new holder, or kept for the next locker. */
		m->owner_died = !w;
		inherit_recompute(w, NULL, NULL);
		if (w)
			thread_wake(w);
	}
	inherit_recompute(t, NULL, NULL);
}

void mutex_ref(struct mutex *m)
{
	m->nhandles++;
}

void mutex_unref_handle(struct mutex *m)
{
	if (--m->nhandles > 0)
		return;
	/* Last handle: nobody can unlock or lock it any more. */
	struct thread *holder = m->holder;
	if (holder)
		held_unlink(m);
	while (m->waiters)
		waitq_wake(&m->waiters, m->waiters, HE_BADHANDLE);
	memset(m, 0, sizeof *m);
	if (holder)
		inherit_recompute(holder, NULL, NULL);
}
