/* Kernel mutexes: locks for server-internal data, with optional priority
 * inheritance (MUTEX_F_PI, hinge/sync.h).
 *
 * A mutex is held by a thread, not by a domain or a call: a thread that locks
 * a mutex inside a door call and migrates on (deeper, or back to its caller)
 * still holds it, and only that thread can unlock it. Waiters queue by
 * effective priority, FIFO among equals, and are re-sorted when their priority
 * changes (kern/inherit.c); unlock hands the mutex straight to the first one.
 * With MUTEX_F_PI every waiter lends its priority to the holder, transitively
 * (kern/inherit.h has the rule); without it nobody is boosted.
 *
 * Objects come from a fixed pool of MAX_MUTEXES; handles name them
 * (kern/handle.h, KOBJ_MUTEX), one reference each.
 *
 * Life cycle (state field):
 *   MUTEX_FREE     -- mutex_alloc -------------------------> MUTEX_UNLOCKED
 *   MUTEX_UNLOCKED -- mutex_lock --------------------------> MUTEX_LOCKED (holder = the locker)
 *   MUTEX_LOCKED   -- mutex_unlock / holder dies, waiter --> MUTEX_LOCKED (holder = first waiter)
 *                                           no waiter -----> MUTEX_UNLOCKED
 *   any            -- last handle closed ------------------> MUTEX_FREE (waiters fail with
 *                                                            HE_BADHANDLE; the holder just
 *                                                            stops holding it)
 * Invariants: holder != NULL iff state == MUTEX_LOCKED; waiters != NULL
 * implies MUTEX_LOCKED; a LOCKED mutex is on exactly its holder's
 * mutexes_held list.
 *
 * Holder death (mutex_release_all): the mutex passes to the first waiter,
 * whose lock returns MUTEX_OWNERDEAD instead of 0; with no waiter it becomes
 * unlocked and the next thread to lock it gets MUTEX_OWNERDEAD. */
#ifndef KERN_MUTEX_H
#define KERN_MUTEX_H

#include <stdint.h>
#include <stdbool.h>
#include <hinge/sync.h>
#include "config.h"

struct thread;

enum mutex_state {
	MUTEX_FREE = 0,  /* in the pool, no handle names it */
	MUTEX_UNLOCKED,
	MUTEX_LOCKED,
};

struct mutex {
	enum mutex_state state;
	uint32_t flags;            /* MUTEX_F_* */
	int nhandles;              /* handles naming it; freed when this drops to 0 */
	bool owner_died;           /* a holder died holding it; told to the next taker */
	struct thread *holder;     /* NULL unless LOCKED */
	struct mutex *held_next;   /* next on holder->mutexes_held */
	struct thread *waiters;    /* highest effective priority first, FIFO among equals;
				      linked by thread->wait.next */
};

/* A new unlocked mutex with MUTEX_F_* flags and no handle yet. Returns 0 and
 * *out, HE_INVAL (unknown flag) or HE_NOMEM (pool exhausted). */
int mutex_alloc(uint32_t flags, struct mutex **out);

/* A handle to m was installed / closed. Closing the last one frees m: each
 * waiter's wait ends with HE_BADHANDLE (woken), and a holder stops holding
 * it (its boosts from the waiters end). */
void mutex_ref(struct mutex *m);
void mutex_unref_handle(struct mutex *m);

/* t asks for m.
 *   0 / MUTEX_OWNERDEAD  t holds m now (the latter: a holder died holding it)
 *   HE_DEADLK            t already holds m; nothing changed
 *   WAIT_PENDING         m is held by another thread: t is queued (t->wait:
 *                        WAIT_MUTEX on m) and, with MUTEX_F_PI, the holder
 *                        boosted. The caller blocks t until the wait ends;
 *                        its status tells how (0 or MUTEX_OWNERDEAD: handed
 *                        the mutex; HE_*: not). */
long mutex_lock(struct mutex *m, struct thread *t);

/* t gives m up. Returns 0, with *woken = the waiter handed m (the caller
 * wakes it) or NULL, or HE_PERM when t does not hold m (nothing changed).
 * Boosts of t, of the new holder and downstream are recomputed. */
int mutex_unlock(struct mutex *m, struct thread *t, struct thread **woken);

/* t's pending WAIT_MUTEX ends with status: it leaves the queue, and the
 * holder's boost is recomputed. No-op if no such wait is pending. */
void mutex_cancel_wait(struct thread *t, int status);

/* t is dying (its wait already cancelled): every mutex it holds passes to
 * its first waiter, who is woken with MUTEX_OWNERDEAD, or becomes unlocked
 * with owner_died set. */
void mutex_release_all(struct thread *t);

/* t's effective priority changed while it waits on a mutex: move it to its
 * place in the queue (behind its equals). No inheritance work. */
void mutex_requeue(struct thread *t);

/* m's index in the pool: its name in the trace. */
int mutex_id(const struct mutex *m);

/* Mutexes in use (leak checks). */
int mutex_live_count(void);

#endif
