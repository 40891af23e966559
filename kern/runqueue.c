/* Per-hart run queue: priority levels of FIFO lists and a bitmap of the
 * non-empty levels (see runqueue.h for the invariants). */
#include "runqueue.h"

void tlist_insert(struct thread **head, struct thread **tail, struct thread *prev,
		  struct thread *t, enum sched_queue q)
{
	struct thread *next = prev ? prev->rq_next : *head;

	t->rq_prev = prev;
	t->rq_next = next;
	if (prev)
		prev->rq_next = t;
	else
		*head = t;
	if (next)
		next->rq_prev = t;
	else if (tail)
		*tail = t;
	t->queue = q;
}

void tlist_remove(struct thread **head, struct thread **tail, struct thread *t)
{
	if (t->rq_prev)
		t->rq_prev->rq_next = t->rq_next;
	else
		*head = t->rq_next;
	if (t->rq_next)
		t->rq_next->rq_prev = t->rq_prev;
	else if (tail)
		*tail = t->rq_prev;
	t->rq_next = t->rq_prev = NULL;
	t->queue = SQ_NONE;
}

static void level_mark(struct runqueue *rq, int p)
{
	/* LAB 1 BEGIN */
	/* LAB 1 STUB: (void)rq; (void)p; */
	rq->bitmap |= (uint64_t)1 << p;
	/* LAB 1 END */
}

/* Link t into its level after prev (NULL: at the head). */
static void level_insert(struct runqueue *rq, struct thread *t, struct thread *prev)
{
	tlist_insert(&rq->head[t->prio], &rq->tail[t->prio], prev, t, SQ_RUN);
	level_mark(rq, t->prio);
}

void rq_enqueue(struct runqueue *rq, struct thread *t)
{
	level_insert(rq, t, rq->tail[t->prio]);
}

void rq_enqueue_head(struct runqueue *rq, struct thread *t)
{
	level_insert(rq, t, NULL);
}

void rq_remove(struct runqueue *rq, struct thread *t)
{
	int p = t->prio;

	tlist_remove(&rq->head[p], &rq->tail[p], t);
	/* LAB 1 BEGIN */
	if (!rq->head[p])
		rq->bitmap &= ~((uint64_t)1 << p);
	/* LAB 1 END */
}

/* Index of the highest set bit of every byte value (entry 0 unused). */
#define R2(v)   v, v
#define R4(v)   R2(v), R2(v)
#define R8(v)   R4(v), R4(v)
#define R16(v)  R8(v), R8(v)
#define R32(v)  R16(v), R16(v)
#define R64(v)  R32(v), R32(v)
#define R128(v) R64(v), R64(v)
static const uint8_t byte_msb[256] = {
	0, 0, R2(1), R4(2), R8(3), R16(4), R32(5), R64(6), R128(7)
};

/* Index of the highest set bit of b != 0. Not __builtin_clzll: without Zbb
 * (rv64imac) that is a call of libgcc's __clzdi2, and this runs on every
 * general kernel exit that finds a thread ready (sched_preempt_needed).
 * Halving down to the highest non-zero byte costs two instructions a step
 * not taken, and priorities are mostly small. */
static int highest_bit(uint64_t b)
{
	/* LAB 1 BEGIN */
	/* LAB 1 STUB: return byte_msb[b & 0xff]; */
	int base = 0;

	if (b >> 32) {
		b >>= 32;
		base += 32;
	}
	if (b >> 16) {
		b >>= 16;
		base += 16;
	}
	if (b >> 8) {
		b >>= 8;
		base += 8;
	}
	return base + byte_msb[b];
	/* LAB 1 END */
}

struct thread *rq_highest(const struct runqueue *rq)
{
	if (!rq->bitmap)
		return NULL;
	return rq->head[highest_bit(rq->bitmap)];
}

bool rq_empty(const struct runqueue *rq)
{
	return rq->bitmap == 0;
}
