/* Per-hart run queue: one FIFO list of RUNNABLE threads per priority level
 * plus a 64-bit bitmap of the non-empty levels, so finding the highest
 * runnable priority is a few shifts and a byte-table lookup (no libgcc
 * count-leading-zeros), O(1) in the thread count.
 *
 * Invariants:
 *   bit p of bitmap is set  iff  head[p] != NULL  iff  tail[p] != NULL;
 *   every thread on list p has prio == p and queue == SQ_RUN.
 * A thread's prio must not change while it is queued: remove it, change prio,
 * enqueue it again (sched_set_inherited does exactly that).
 *
 * The run queue only orders threads; thread state changes are sched.c's job. */
#ifndef KERN_RUNQUEUE_H
#define KERN_RUNQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "thread.h"

_Static_assert(NPRIO <= 64, "the non-empty-level bitmap is one uint64_t");

struct runqueue {
	uint64_t bitmap;              /* bit p set iff level p is non-empty */
	struct thread *head[NPRIO];   /* next to run at each level */
	struct thread *tail[NPRIO];   /* last to run at each level */
};

/* A zeroed struct runqueue is empty. */

/* The lists of threads linked by rq_next/rq_prev (the run queue's levels,
 * the scheduler's sleeper and throttled lists): t goes in after prev (NULL:
 * at the head) and its queue tag becomes q; removal unlinks it and clears
 * the tag. tail is NULL for a list that keeps none. */
void tlist_insert(struct thread **head, struct thread **tail, struct thread *prev,
		  struct thread *t, enum sched_queue q);
void tlist_remove(struct thread **head, struct thread **tail, struct thread *t);
/* Whether a level above prio (0 <= prio < NPRIO) holds a thread: one shift
 * of the bitmap, no search for the highest level (every general kernel exit
 * asks, through sched_preempt_needed). Two shifts: prio + 1 may be 64. */
static inline bool rq_has_above(const struct runqueue *rq, int prio)
{
	return (rq->bitmap >> prio) >> 1 != 0;
}
/* Append t (not on any list; 0 <= t->prio < NPRIO) to the tail of its level:
 * the normal case, a thread that becomes runnable or used up its slice waits
 * behind every thread of its priority. */
void rq_enqueue(struct runqueue *rq, struct thread *t);
/* Put t at the head of its level: for a thread preempted by a higher
 * priority while it still had slice left, so it resumes before its peers
 * and round-robin order within its level is unchanged by the preemption. */
void rq_enqueue_head(struct runqueue *rq, struct thread *t);
/* Unlink t, which must be on this run queue (t->queue == SQ_RUN). */
void rq_remove(struct runqueue *rq, struct thread *t);
/* The thread sched_pick would run next (head of the highest non-empty level),
 * left in place; NULL when the queue is empty. */
struct thread *rq_highest(const struct runqueue *rq);
bool rq_empty(const struct runqueue *rq);

#endif
