/* Kernel counting semaphores (rules in kern/sema.h). */
#include <hinge/errno.h>
#include "sema.h"
#include "thread.h"
#include "waitq.h"

static struct sema semas[MAX_SEMAS];

int sema_alloc(uint64_t count, struct sema **out)
{
	if (count > SEMA_COUNT_MAX)
		return HE_INVAL;
	if (FAILALLOC())
		return HE_NOMEM;
	for (int i = 0; i < MAX_SEMAS; i++) {
		if (semas[i].state != SEMA_FREE)
			continue;
		semas[i] = (struct sema){ .state = SEMA_LIVE, .count = (uint32_t)count };
		*out = &semas[i];
		return 0;
	}
	return HE_NOMEM;
}

int sema_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_SEMAS; i++)
		n += semas[i].state != SEMA_FREE;
	return n;
}

long sema_wait(struct sema *s, struct thread *t, bool block)
{
	if (s->count > 0) {
		s->count--;
		return 0;
	}
	if (!block)
		return HE_AGAIN;
	wait_begin(t, WAIT_SEMA, s);
	waitq_insert(&s->waiters, t);
	return WAIT_PENDING;
}

int sema_post(struct sema *s, struct thread **woken)
{
	struct thread *w = s->waiters;
	*woken = w;
	if (w) {
		waitq_unlink(&s->waiters, w);
		w->wait.status = 0;
		return 0;
	}
	if (s->count == SEMA_COUNT_MAX)
		return HE_OVERFLOW;
	s->count++;
	return 0;
}

void sema_cancel_wait(struct thread *t, long status)
{
	if (t->wait.kind != WAIT_SEMA || !wait_pending(t))
		return;
	waitq_unlink(&((struct sema *)t->wait.obj)->waiters, t);
	t->wait.status = status;
}

void sema_requeue(struct thread *t)
{
	waitq_requeue(&((struct sema *)t->wait.obj)->waiters, t);
}

void sema_ref(struct sema *s)
{
	s->nhandles++;
}

void sema_unref_handle(struct sema *s)
{
	if (--s->nhandles > 0)
		return;
	while (s->waiters)
		waitq_wake(&s->waiters, s->waiters, HE_BADHANDLE);
	*s = (struct sema){ .state = SEMA_FREE };
}
