/* Kernel counting semaphores: a count of units that threads take (wait) and
 * give (post), for producer/consumer and resource counting inside a domain.
 *
 * Rules:
 *   - A post with waiters hands its unit to the waiter of highest effective
 *     priority (t->prio when the post happens, FIFO among equals; waiters are
 *     re-sorted when their priority changes, kern/inherit.c) and wakes it;
 *     the count stays 0. The unit is that waiter's from then on: no thread
 *     that had not waited can take it first. A post without waiters adds 1 to
 *     the count, up to SEMA_COUNT_MAX (beyond: HE_OVERFLOW, nothing changed).
 *   - A wait takes a unit if the count is above 0, else queues the thread.
 *     A trywait never queues (HE_AGAIN at 0).
 *   - Nobody holds a semaphore, so waiters lend their priority to nobody.
 *   - A waiter killed while queued leaves the queue (sema_cancel_wait). A
 *     unit handed to a waiter that is killed before it returns to user mode
 *     goes with it, as if it had died just after its wait returned.
 *   - Closing the last handle frees the semaphore: every queued waiter's wait
 *     ends with HE_BADHANDLE.
 *
 * Objects come from a fixed pool of MAX_SEMAS (empty: HE_NOMEM); handles name
 * them (kern/handle.h, KOBJ_SEMA), one reference each.
 *
 * Life cycle (state field):
 *   SEMA_FREE -- sema_alloc --> SEMA_LIVE -- last handle closed --> SEMA_FREE
 * Invariant: waiters != NULL implies count == 0. */
#ifndef KERN_SEMA_H
#define KERN_SEMA_H

#include <stdbool.h>
#include <stdint.h>
#include <hinge/sync.h>
#include "config.h"

struct thread;

enum sema_state { SEMA_FREE = 0, SEMA_LIVE };

struct sema {
	enum sema_state state;
	uint32_t count;            /* units free; 0 while threads wait */
	int nhandles;              /* handles naming it; freed when this drops to 0 */
	struct thread *waiters;    /* highest effective priority first (kern/waitq.h) */
};

/* A new semaphore holding count units, no handle yet. 0 and *out, HE_INVAL
 * (count > SEMA_COUNT_MAX) or HE_NOMEM (pool exhausted). */
int sema_alloc(uint64_t count, struct sema **out);

/* A handle to s was installed / closed; closing the last frees s and ends
 * every wait with HE_BADHANDLE (the waiters are woken). */
void sema_ref(struct sema *s);
void sema_unref_handle(struct sema *s);

/* t takes a unit: 0 if one was free; HE_AGAIN at 0 if !block; else
 * WAIT_PENDING: t is queued (t->wait: WAIT_SEMA on s) and the caller blocks
 * it until the wait ends (status 0: handed a unit; HE_*: not). */
long sema_wait(struct sema *s, struct thread *t, bool block);

/* Give a unit back: 0 with *woken = the waiter handed it (the caller wakes
 * it) or NULL (the count grew), or HE_OVERFLOW (nothing changed). */
int sema_post(struct sema *s, struct thread **woken);

/* t's pending WAIT_SEMA ends with status: it leaves the queue. No-op if no
 * such wait is pending. */
void sema_cancel_wait(struct thread *t, long status);

/* t's effective priority changed while it waits: move it to its place. */
void sema_requeue(struct thread *t);

/* Semaphores in use (leak checks). */
int sema_live_count(void);

#endif
