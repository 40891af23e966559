/* Notification objects: pool, reference counts, delivery (rules in notify.h). */
#include <stddef.h>
#include <hinge/errno.h>
#include "notify.h"
#include "thread.h"
#include "waitq.h"
#include "observe.h"

static struct notify notifies[MAX_NOTIFY];

int notify_alloc(struct notify **out)
{
	if (FAILALLOC())
		return HE_NOMEM;
	for (int i = 0; i < MAX_NOTIFY; i++) {
		if (notifies[i].state != NOTIFY_FREE)
			continue;
		notifies[i] = (struct notify){ .state = NOTIFY_LIVE };
		*out = &notifies[i];
		return 0;
	}
	return HE_NOMEM;
}

void notify_settle(struct notify *n)
{
	if (n->nhandles == 0 && n->nthreads == 0 && n->nbinds == 0)
		n->state = NOTIFY_FREE;
}

void notify_bind(struct notify *n)
{
	n->nbinds++;
}

void notify_unbind(struct notify *n)
{
	n->nbinds--;
	notify_settle(n);
}

void notify_ref(struct notify *n)
{
	n->nhandles++;
}

void notify_unref_handle(struct notify *n)
{
	if (--n->nhandles > 0)
		return;
	/* Nobody can signal any more: no waiter may sleep for ever. */
	n->state = NOTIFY_CLOSED;
	while (n->waiters)
		waitq_wake(&n->waiters, n->waiters, HE_BADHANDLE);
	notify_settle(n);
}

/* Restore the invariant (notify.h): while a queued waiter's mask meets the
 * pending bits, hand the best such waiter its bits. A scan at each step, so
 * that a priority changed while waiting (inheritance) counts; MAX_THREADS
 * bounds the queue. */
static void deliver(struct notify *n)
{
	for (;;) {
		struct thread *best = NULL;
		for (struct thread *t = n->waiters; t; t = t->wait.next)
			if ((t->wait.mask & n->pending) && (!best || t->prio > best->prio))
				best = t; /* strictly higher: the oldest wins among equals */
		if (!best)
			return;
		uint64_t bits = n->pending & best->wait.mask;
		n->pending &= ~bits;
		OBSERVE(trace_notify_wake(n, best, bits));
		waitq_wake(&n->waiters, best, (long)bits);
	}
}

void notify_signal(struct notify *n, uint64_t bits)
{
	n->pending |= bits;
	OBSERVE(trace_notify_signal(n, bits)); /* before the wake-ups it causes */
	deliver(n);
}

uint64_t notify_take(struct notify *n, uint64_t mask)
{
	uint64_t bits = n->pending & mask;
	n->pending &= ~bits;
	return bits;
}

uint64_t notify_wait_begin(struct notify *n, struct thread *t, uint64_t mask)
{
	uint64_t bits = notify_take(n, mask);
	if (bits)
		return bits;
	struct thread **pp = &n->waiters;
	while (*pp)
		pp = &(*pp)->wait.next;
	wait_begin(t, WAIT_NOTIFY, n);
	t->wait.mask = mask;
	t->wait.next = NULL;
	*pp = t;
	n->nthreads++;
	OBSERVE(trace_notify_wait(n, t, mask)); /* traced when it blocks only: a take is a poll */
	return 0;
}

/* t leaves n for good (its wait closes): the object may go. Returns the
 * wait's outcome. */
static long drop_thread(struct notify *n, struct thread *t)
{
	long r = wait_close(t);
	n->nthreads--;
	notify_settle(n);
	return r;
}

long notify_wait_end(struct thread *t)
{
	if (t->wait.kind != WAIT_NOTIFY)
		return t->wait.status; /* notify_cancel closed it: HE_DEAD */
	return drop_thread(t->wait.obj, t);
}

void notify_cancel(struct thread *t)
{
	if (t->wait.kind != WAIT_NOTIFY)
		return;
	struct notify *n = t->wait.obj;
	if (t->wait.status == WAIT_PENDING) {
		waitq_unlink(&n->waiters, t);
	} else if (t->wait.status > 0 && n->state == NOTIFY_LIVE) {
		/* Handed bits it will never see: they go to the next taker. */
		notify_signal(n, (uint64_t)t->wait.status);
	}
	t->wait.status = HE_DEAD;
	drop_thread(n, t);
}

int notify_id(const struct notify *n)
{
	return (int)(n - notifies);
}

int notify_live_count(void)
{
	int c = 0;
	for (int i = 0; i < MAX_NOTIFY; i++)
		c += notifies[i].state != NOTIFY_FREE;
	return c;
}
