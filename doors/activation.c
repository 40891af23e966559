/* Activation pools: the system activation table, per-door pools and the
 * waiter queue. Every change of a pool's waiters or holders is reported to
 * priority inheritance (kern/inherit.h), which recomputes the boosts it may
 * affect. Only contention reports anything: a call or return that finds no
 * waiter never does. */
#include <string.h>
#include <hinge/errno.h>
#include "kern/thread.h"
#include "doors/activation.h"
#include "doors/door.h"
#include "doors/shuttle.h"
#include "kern/inherit.h"
#include "kern/waitq.h"

/* act_lowest_bit_table[m] = index of the lowest set bit of m (0 for m = 0,
 * which is never asked). LOWk lists the entries for m = 1 .. 2^k - 1: those
 * below 2^(k-1), then 2^(k-1) itself (bit k - 1), then the same again
 * above it. */
#define LOW1 0
#define LOW2 LOW1, 1, LOW1
#define LOW3 LOW2, 2, LOW2
#define LOW4 LOW3, 3, LOW3
#define LOW5 LOW4, 4, LOW4
#define LOW6 LOW5, 5, LOW5
#define LOW7 LOW6, 6, LOW6
#define LOW8 LOW7, 7, LOW7
const uint8_t act_lowest_bit_table[256] = { 0, LOW8 };

static struct activation acts[MAX_ACTIVATIONS];

/* ---- pool set-up ---------------------------------------------------------- */

/* [base, base + n*size) lies in user space. size <= USER_TOP and n <=
 * MAX_ACTS_PER_DOOR are checked first, so n*size cannot overflow. */
static bool user_range_ok(uint64_t base, uint64_t size, uint32_t n)
{
	if (size > USER_TOP)
		return false;
	uint64_t len = size * n;
	return base >= USER_BASE && base <= USER_TOP && len <= USER_TOP - base;
}

/* act_desc_check without the priority. */
static int layout_check(const struct door_pool_desc *desc)
{
	if (desc->n == 0 || desc->n > MAX_ACTS_PER_DOOR)
		return HE_INVAL;
	if (desc->stack_size == 0 || desc->stack_size % 16 || desc->stack_base % 16)
		return HE_INVAL;
	if (!user_range_ok(desc->stack_base, desc->stack_size, desc->n))
		return HE_INVAL;
	if (desc->buf_size && !user_range_ok(desc->buf_base, desc->buf_size, desc->n))
		return HE_INVAL;
	return 0;
}

int act_desc_check(const struct door_pool_desc *desc, int prio_lo, int prio_hi)
{
	if ((int64_t)desc->prio < prio_lo || (int64_t)desc->prio > prio_hi)
		return HE_INVAL;
	return layout_check(desc);
}

int act_pool_init(struct actpool *pool, struct door *door, const struct door_pool_desc *desc)
{
	int err = layout_check(desc);
	if (err)
		return err;

	struct activation *got[MAX_ACTS_PER_DOOR];
	unsigned n = 0;
	for (int i = 0; i < MAX_ACTIVATIONS && n < desc->n; i++)
		if (acts[i].state == ACT_UNUSED)
			got[n++] = &acts[i];
	if (n < desc->n || FAILALLOC())
		return HE_NOMEM;

	memset(pool, 0, sizeof *pool);
	pool->door = door;
	pool->n = n;
	for (unsigned i = 0; i < n; i++) {
		*got[i] = (struct activation){
			.state = ACT_FREE,
			.stack_top = (uintptr_t)(desc->stack_base + (uint64_t)(i + 1) * desc->stack_size),
			.buf = desc->buf_size ? (uintptr_t)(desc->buf_base + (uint64_t)i * desc->buf_size) : 0,
			.buf_size = (size_t)desc->buf_size,
			.door = door,
			.idx = i,
		};
		pool->act[i] = got[i];
	}
	if (door && door->mode != DOOR_MIGRATE)
		pool->idle_mask = (uint32_t)((1u << n) - 1);
	else
		pool->free_mask = (uint32_t)((1u << n) - 1);
	return 0;
}

void act_pool_fini(struct actpool *pool)
{
	for (unsigned i = 0; i < pool->n; i++)
		memset(pool->act[i], 0, sizeof *pool->act[i]);
	memset(pool, 0, sizeof *pool);
}

static int count_in_state(enum act_state state)
{
	int n = 0;
	for (int i = 0; i < MAX_ACTIVATIONS; i++)
		if (acts[i].state == state)
			n++;
	return n;
}

int act_unused_count(void)
{
	return count_in_state(ACT_UNUSED);
}

int act_busy_count(void)
{
	return count_in_state(ACT_BUSY);
}

/* ---- waiter queue --------------------------------------------------------- */

void act_requeue(struct thread *t)
{
	waitq_requeue(&((struct actpool *)t->wait.obj)->waiters, t);
}

/* ---- acquire and release -------------------------------------------------- */

/* Set ACT_WAITING unless an activation is free (see struct actpool): true
 * when set, false when one came free meanwhile (a fast return on another
 * hart), which the caller then takes. */
static bool act_mark_waiting(struct actpool *pool)
{
#if HINGE_SMP
	uint32_t m = smp_load32(&pool->free_mask);
	while (!(m & ~ACT_WAITING))
		if (smp_cas32(&pool->free_mask, &m, m | ACT_WAITING))
			return true;
	return false;
#else
	(void)pool;
	return true;
#endif
}

/* The last waiter left pool's queue: fast paths may change free_mask again. */
static void act_unmark_waiting(struct actpool *pool)
{
	if (!pool->waiters)
		smp_and32(&pool->free_mask, ~ACT_WAITING);
}

__attribute__((noinline)) int act_acquire(struct actpool *pool, struct thread *t, bool nowait,
					  struct activation **out)
{
	if (shuttle_full(&t->shuttle))
		return HE_DEPTH;
	do {
		struct activation *a = act_take_free(pool, t);
		if (a) {
			*out = a;
			return 0;
		}
		if (nowait)
			return HE_AGAIN;
	} while (!act_mark_waiting(pool));
	wait_begin(t, WAIT_ACTIVATION, pool);
	waitq_insert(&pool->waiters, t);
	pool->nwaiters++;
	inherit_recompute(NULL, pool, NULL);
	return ACQ_QUEUED;
}

/* Out of line on purpose: the fast path's inline act_release must stay small. */
__attribute__((noinline)) struct thread *act_hand_over(struct actpool *pool, struct activation *act)
{
	struct thread *prev = act->holder;
	struct thread *w = pool->waiters;
	waitq_unlink(&pool->waiters, w);
	pool->nwaiters--;
	act_unmark_waiting(pool);
	w->wait.status = 0;
	act_grant(pool, act, w);
	inherit_recompute(prev, pool, NULL);
	return w;
}

void act_cancel_wait(struct thread *t, int status)
{
	if (t->wait.kind != WAIT_ACTIVATION || !wait_pending(t))
		return;
	struct actpool *pool = t->wait.obj;
	waitq_unlink(&pool->waiters, t);
	pool->nwaiters--;
	act_unmark_waiting(pool);
	t->wait.status = status;
	inherit_recompute(NULL, pool, NULL);
}

int act_drain_waiters(struct actpool *pool, int status, struct thread *out[MAX_THREADS])
{
	int n = 0;
	while (pool->waiters) {
		struct thread *w = pool->waiters;
		pool->waiters = w->wait.next;
		w->wait.next = NULL;
		w->wait.status = status;
		out[n++] = w;
	}
	pool->nwaiters = 0;
	act_unmark_waiting(pool);
	if (n)
		inherit_recompute(NULL, pool, NULL);
	return n;
}
