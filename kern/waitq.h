/* Priority-ordered wait queues: the one queue discipline shared by every
 * kernel object threads wait on for ownership (activation pools, mutexes,
 * semaphores). A notification object's queue is oldest first instead (its
 * delivery picks by priority, kern/notify.h), and uses waitq_unlink and
 * waitq_wake alike.
 *
 * A queue is a singly linked list of threads through t->wait.next, highest
 * effective priority (t->prio) first and FIFO among equals: a thread goes in
 * behind every waiter of equal or higher priority. A thread is on at most one
 * such queue at a time: the one of the object its wait record names
 * (t->wait, kern/thread.h). When a waiter's effective priority changes
 * (inheritance, SYS_SET_PRIO), the owner re-sorts it with waitq_requeue, so
 * the order stays true at every hand-over. */
#ifndef KERN_WAITQ_H
#define KERN_WAITQ_H

#include <stddef.h>
#include "thread.h"

static inline void waitq_insert(struct thread **head, struct thread *t)
{
	struct thread **pp = head;
	while (*pp && (*pp)->prio >= t->prio)
		pp = &(*pp)->wait.next;
	t->wait.next = *pp;
	*pp = t;
}

/* Precondition: t is on the queue. */
static inline void waitq_unlink(struct thread **head, struct thread *t)
{
	struct thread **pp = head;
	while (*pp != t)
		pp = &(*pp)->wait.next;
	*pp = t->wait.next;
	t->wait.next = NULL;
}

/* Precondition: t is on the queue. It leaves it, its wait ends with status
 * (kern/thread.h), and it is made runnable. */
static inline void waitq_wake(struct thread **head, struct thread *t, long status)
{
	waitq_unlink(head, t);
	t->wait.status = status;
	thread_wake(t);
}

static inline void waitq_requeue(struct thread **head, struct thread *t)
{
	waitq_unlink(head, t);
	waitq_insert(head, t);
}

#endif
