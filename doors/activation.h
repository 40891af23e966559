/* Activations: the server-side resources one door call runs on.
 *
 * When a server creates a door it provides n activations (hinge/door.h,
 * struct door_pool_desc): each is a user stack and an argument buffer in the
 * server's address space. A call through the door runs the server's entry on
 * one free activation, on the calling thread itself; the activation stays
 * busy until that call returns. With all activations busy, a caller either
 * fails (HE_AGAIN, DOOR_CALL_NOWAIT) or waits in the pool's waiter queue,
 * highest priority first, and its wait boosts the holders (priority
 * inheritance, below).
 *
 * Activation objects come from one system-wide table of MAX_ACTIVATIONS; a
 * door takes its n at creation and gives them back when it is freed.
 *
 * Life cycle of an activation (state field):
 *   ACT_UNUSED  -- act_pool_init -->  ACT_FREE       (taken by a door)
 *   ACT_FREE    -- act_acquire   -->  ACT_BUSY       (holder = the caller)
 *   ACT_BUSY    -- act_release   -->  ACT_BUSY       (handed to the first waiter)
 *                                or   ACT_FREE       (no waiter)
 *   ACT_FREE    -- act_pool_fini -->  ACT_UNUSED     (door freed)
 *
 * Holding: a thread holds an activation iff act->holder == t and a frame of
 * t's shuttle names it. act_acquire and the hand-over in act_release push
 * that frame themselves, so the two never disagree; the thread that returns
 * pops its frame before calling act_release.
 *
 * Priority inheritance: a waiter lends its priority to every holder of an
 * activation of the pool (the POOL edge of kern/inherit.h, where the rule
 * lives), unless the door has DOOR_F_NOPI. This file reports each change of
 * waiters or holders to inherit_recompute. */
#ifndef DOORS_ACTIVATION_H
#define DOORS_ACTIVATION_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <hinge/door.h>
#include "kern/config.h"
#include "kern/thread.h"
#include "kern/smp.h"

struct door;

/* The results of getting an activation that are neither success (0) nor an
 * HE_* code (negative), returned by act_acquire and the call path
 * (doors/call.h): kernel-internal, never seen by user space. Positive, so
 * none can be mistaken for success or an error. */
enum acq_result {
	/* The thread waits for an activation (t->wait: WAIT_ACTIVATION). */
	ACQ_QUEUED = 1,
	/* door_call_try: no activation is free, nothing changed. */
	ACQ_NONE_FREE = 2,
	/* The call has begun (frame pushed, activation held) through a handoff
	 * door: the activation's server thread runs it (doors/handoff.h), the
	 * caller does not enter the server. */
	ACQ_HANDOFF = 3,
};

enum act_state {
	ACT_UNUSED = 0,  /* in the system table, owned by no door */
	ACT_FREE,        /* owned by a door, ready for a call */
	ACT_BUSY,        /* a call runs on it (holder) */
};

struct activation {
	enum act_state state;
	uintptr_t stack_top;     /* initial user sp: top of this activation's stack */
	uintptr_t buf;           /* argument buffer (server address) */
	size_t buf_size;
	struct thread *holder;   /* thread whose call runs on it; NULL unless BUSY */
	struct door *door;       /* owning door; NULL while UNUSED */
	unsigned idx;            /* index in the owning door's pool */
	struct thread *server;   /* handoff doors: the server thread that runs this activation's
				    calls (doors/handoff.h); NULL for migrate doors */
	uint64_t rbuf, rsize;    /* handoff call in progress: where the caller wants result bytes
				    (DOOR_CALL_XARG), rsize 0 = nowhere */
};

struct actpool {
	struct door *door;                          /* owner */
	unsigned n;                                 /* activations provided */
	uint32_t free_mask;                         /* migrate doors: bit i set iff act[i] is ACT_FREE */
	uint32_t idle_mask;                         /* handoff doors: bit i set iff act[i] is ACT_FREE
						       (free_mask stays 0: the fast path never takes one) */
	struct activation *act[MAX_ACTS_PER_DOOR];
	struct thread *waiters;                     /* queue head: highest prio first, FIFO among equals
						       (linked by thread->wait.next) */
	int nwaiters;
};
/* Invariant: waiters != NULL implies no free bit in free_mask (a released
 * activation goes straight to the first waiter).
 *
 * Several harts (kern/smp.h): the door fast path takes and releases
 * activations without the kernel lock, so free_mask is changed with atomics
 * by everyone, and its bit ACT_WAITING says "waiters queued". It is set
 * (act_mark_waiting, under the lock) only by a compare-and-swap that finds
 * no free bit, and cleared once the queue is empty again. While it is set,
 * no fast path changes free_mask: a fast call finds no free bit, a fast
 * return sees the bit and takes the general return (under the lock), which
 * hands its activation over. So a release can never slip in between a
 * caller finding no free activation and its queueing (no lost wake-up):
 * either the release comes first and the compare-and-swap fails (the
 * caller takes the activation instead), or the bit comes first and the
 * release goes through the lock. On one hart ACT_WAITING is 0: the lock
 * alone orders every change. */
#if HINGE_SMP
#define ACT_WAITING (1u << 31)
#else
#define ACT_WAITING 0u
#endif


/* Check a pool description: HE_INVAL if n is 0 or above MAX_ACTS_PER_DOOR, a
 * stack base or size is not a multiple of 16 or is 0, prio is outside
 * [prio_lo, prio_hi] (door_prio_range: 0 for a migrate door), or a range
 * leaves [USER_BASE, USER_TOP). Whether the ranges are mapped is the system
 * call's business (kern/uaccess). */
int act_desc_check(const struct door_pool_desc *desc, int prio_lo, int prio_hi);

/* Take desc->n activations from the system table for door's pool (door may
 * be NULL: a migrate pool; a handoff door's pool starts with every
 * activation in idle_mask and free_mask 0). Returns 0, HE_INVAL (the layout
 * checks of act_desc_check; the priority is door_alloc's), or HE_NOMEM
 * (system table exhausted; nothing taken). */
int act_pool_init(struct actpool *pool, struct door *door, const struct door_pool_desc *desc);

/* Give every activation back to the system table. Precondition: no BUSY
 * activation and no waiter (the door has no call in progress). */
void act_pool_fini(struct actpool *pool);

/* Get an activation of pool for t's next call hop.
 *   0            *out is ACT_BUSY with holder t, and t's shuttle has a new top
 *                frame {caller t->cur, pool's door, *out}.
 *   HE_DEPTH     t's shuttle is full; nothing changed.
 *   HE_AGAIN     none free and nowait; nothing changed.
 *   ACQ_QUEUED   none free: t is queued (t->wait: WAIT_ACTIVATION on pool,
 *                pending) and the holders' boosts updated. The caller blocks
 *                t. t leaves the queue through act_release (granted: frame
 *                pushed as above, wait status 0), act_cancel_wait, or
 *                act_drain_waiters. */
int act_acquire(struct actpool *pool, struct thread *t, bool nowait, struct activation **out);

/* Index of the lowest set bit of a non-zero free mask (a pool has at most
 * 8 activations). A table: rv64imac has no ctz instruction, and libgcc's
 * costs 45 instructions on the door call path. */
_Static_assert(MAX_ACTS_PER_DOOR <= 8, "act_lowest_bit's table covers 8 bits");
extern const uint8_t act_lowest_bit_table[256];
static inline unsigned act_lowest_bit(uint32_t m)
{
	return act_lowest_bit_table[m];
}

/* Make a (free or being handed over) activation t's: busy, held, and named by
 * t's new top frame. The callers checked that t's shuttle has room. */
static inline void act_grant(struct actpool *pool, struct activation *a, struct thread *t)
{
	a->state = ACT_BUSY;
	a->holder = t;
	shuttle_push(&t->shuttle, t->cur, pool->door, a);
}

/* The uncontended half of act_acquire, inline for the fast path: take the
 * lowest free activation for t (as act_acquire does), or return NULL when
 * none is free (nothing changed). The caller checked the shuttle has room. */
static inline struct activation *act_take_free(struct actpool *pool, struct thread *t)
{
	uint32_t m = smp_load32(&pool->free_mask);
	do {
		if (!(m & ~ACT_WAITING))
			return NULL;
		/* the lowest set bit is a free one: ACT_WAITING is above them */
	} while (!smp_cas32(&pool->free_mask, &m, m & (m - 1)));
	struct activation *a = pool->act[act_lowest_bit(m & ~ACT_WAITING)];
	act_grant(pool, a, t);
	return a;
}

/* act_release when nobody waits: act is free again. Its fields are written
 * before its bit: once the bit is set, another hart's fast call may take
 * it. */
static inline void act_free(struct actpool *pool, struct activation *act)
{
	act->state = ACT_FREE;
	act->holder = NULL;
	smp_or32(&pool->free_mask, 1u << act->idx);
}

/* act_release when a waiter is queued (see act_release). */
struct thread *act_hand_over(struct actpool *pool, struct activation *act);

/* Release act, whose holder has already popped the frame naming it. If a
 * waiter is queued, act passes directly to the first one (frame pushed on its
 * shuttle, wait status 0) and that waiter is returned: the caller must wake
 * it. Otherwise act becomes ACT_FREE and NULL is returned. Boosts of the old
 * holder, the new holder and everything downstream are recomputed; nobody
 * waited on an uncontended pool, so it contributed to nobody's boost and
 * there is no inheritance work then. */
static inline struct thread *act_release(struct actpool *pool, struct activation *act)
{
	if (pool->waiters)
		return act_hand_over(pool, act);
	act_free(pool, act);
	return NULL;
}

/* Take t out of the pool it waits on (woken for another reason or killed),
 * its wait ending with status, and recompute the holders' boosts. No-op if
 * no WAIT_ACTIVATION of t is pending. */
void act_cancel_wait(struct thread *t, int status);

/* Take every waiter out of pool (door revoked), each wait ending with
 * status, store them in out[] in queue order, recompute the holders' boosts,
 * and return how many there were (at most MAX_THREADS). */
int act_drain_waiters(struct actpool *pool, int status, struct thread *out[MAX_THREADS]);

/* t's effective priority changed while it waits on a pool: move it to its
 * place in the queue (behind its equals). No inheritance work. */
void act_requeue(struct thread *t);

/* Activations in the system table not owned by any door (leak checks). */
int act_unused_count(void);
/* Activations a call runs on right now (leak checks: 0 when all calls ended). */
int act_busy_count(void);

#endif
