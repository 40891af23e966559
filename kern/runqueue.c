/* Per-hart run queue: priority levels of FIFO lists and a bitmap of the
 * non-empty levels (see runqueue.h for the invariants). */
#include <string.h>
#include "runqueue.h"

void rq_init(struct runqueue *rq)
{
	memset(rq, 0, sizeof *rq);
}

static void level_mark(struct runqueue *rq, int p)
{
	rq->bitmap |= (uint64_t)1 << p;
}

void rq_enqueue(struct runqueue *rq, struct thread *t)
{
	int p = t->prio;

	t->rq_next = NULL;
	t->rq_prev = rq->tail[p];
	if (rq->tail[p])
		rq->tail[p]->rq_next = t;
	else
		rq->head[p] = t;
	rq->tail[p] = t;
	t->queue = SQ_RUN;
	level_mark(rq, p);
	rq->count++;
}

void rq_enqueue_head(struct runqueue *rq, struct thread *t)
{
	int p = t->prio;

	t->rq_prev = NULL;
	t->rq_next = rq->head[p];
	if (rq->head[p])
		rq->head[p]->rq_prev = t;
	else
		rq->tail[p] = t;
	rq->head[p] = t;
	t->queue = SQ_RUN;
	level_mark(rq, p);
	rq->count++;
}

void rq_remove(struct runqueue *rq, struct thread *t)
{
	int p = t->prio;

	if (t->rq_prev)
		t->rq_prev->rq_next = t->rq_next;
	else
		rq->head[p] = t->rq_next;
	if (t->rq_next)
		t->rq_next->rq_prev = t->rq_prev;
	else
		rq->tail[p] = t->rq_prev;
	if (!rq->head[p])
		rq->bitmap &= ~((uint64_t)1 << p);
	t->rq_next = t->rq_prev = NULL;
	t->queue = SQ_NONE;
	rq->count--;
}

struct thread *rq_highest(const struct runqueue *rq)
{
	if (!rq->bitmap)
		return NULL;
	/* Highest set bit; __builtin_clzll is undefined for 0, excluded above.
	 * On rv64imac (no Zbb) this becomes a call to libgcc's __clzdi2. */
	return rq->head[63 - __builtin_clzll(rq->bitmap)];
}

bool rq_empty(const struct runqueue *rq)
{
	return rq->bitmap == 0;
}
