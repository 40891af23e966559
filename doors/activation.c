/* Activation pools: the system activation table, per-door pools, the waiter
 * queue, and priority inheritance from waiters to holders.
 *
 * Priority inheritance is computed over the wait-for graph: thread w waits on
 * pool P, and P's activations are held by threads h (edge w -> h). Every
 * change of a pool's waiters or holders calls pi_update, which recomputes from
 * scratch the boost of every thread whose boost may depend on the change:
 * the holders of the pool and, transitively, the holders of the pools those
 * holders wait on. A boost is computed by walking the graph backwards from
 * the thread (pi_compute). Both walks mark visited threads by id, so a wait
 * cycle (a deadlock) terminates. The walks run only on contention: a call or
 * return that finds no waiter never enters them. Their cost is bounded by
 * MAX_THREADS threads, each scanning its shuttle and the waiter queues. */
#include <string.h>
#include <hinge/errno.h>
#include "kern/thread.h"
#include "doors/activation.h"
#include "doors/door.h"
#include "doors/shuttle.h"

/* act_lowest_bit_table[m] = index of the lowest set bit of m (0 for m = 0,
 * which is never asked). */
const uint8_t act_lowest_bit_table[256] = {
	0, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	6, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	7, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	6, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
	4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
};

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
	if (n < desc->n)
		return HE_NOMEM;

	memset(pool, 0, sizeof *pool);
	pool->door = door;
	pool->n = n;
	for (unsigned i = 0; i < n; i++) {
		struct activation *a = got[i];
		a->state = ACT_FREE;
		a->stack_top = (uintptr_t)(desc->stack_base + (uint64_t)(i + 1) * desc->stack_size);
		a->buf = desc->buf_size ? (uintptr_t)(desc->buf_base + (uint64_t)i * desc->buf_size) : 0;
		a->buf_size = (size_t)desc->buf_size;
		a->holder = NULL;
		a->door = door;
		a->idx = i;
		a->server = NULL;
		a->rbuf = a->rsize = 0;
		pool->act[i] = a;
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

/* Insert behind every waiter of equal or higher effective priority. */
static void waiter_insert(struct actpool *pool, struct thread *t)
{
	struct thread **pp = &pool->waiters;
	while (*pp && (*pp)->prio >= t->prio)
		pp = &(*pp)->wait_next;
	t->wait_next = *pp;
	*pp = t;
}

static void waiter_unlink(struct actpool *pool, struct thread *t)
{
	struct thread **pp = &pool->waiters;
	while (*pp != t)
		pp = &(*pp)->wait_next;
	*pp = t->wait_next;
	t->wait_next = NULL;
}

/* ---- priority inheritance ------------------------------------------------- */

/* A set of threads, by id (thread ids index the thread pool). */
struct tset {
	uint64_t bits[(MAX_THREADS + 63) / 64];
};

/* Add t; false if it was already there. */
static bool tset_add(struct tset *s, const struct thread *t)
{
	uint64_t bit = 1ull << (t->id % 64);
	uint64_t *w = &s->bits[t->id / 64];
	if (*w & bit)
		return false;
	*w |= bit;
	return true;
}

static int base_prio(const struct thread *t)
{
	return t->sc->prio;
}

/* The server thread t waits for: t's top frame is a call through a
 * DOOR_F_HANDOFF_PI door whose server thread is running it. NULL if none. */
static struct thread *pi_awaited_server(const struct thread *t)
{
	if (t->shuttle.depth <= t->shuttle.base)
		return NULL;
	const struct shuttle_frame *f = &t->shuttle.frame[t->shuttle.depth - 1];
	struct thread *s = f->act->server;
	if (f->door->mode != DOOR_HANDOFF_PI || f->act->holder != t || !s || !s->serving)
		return NULL;
	return s;
}

/* The caller whose DOOR_F_HANDOFF_PI call the server thread t runs, or NULL. */
static struct thread *pi_served_caller(const struct thread *t)
{
	if (!t->serving || t->handoff_act->door->mode != DOOR_HANDOFF_PI)
		return NULL;
	return t->handoff_act->holder;
}

/* The least solution of the inheritance rule for t: the highest base priority
 * among the threads other than t that transitively wait on t, -1 if none. */
static int pi_compute(struct thread *t)
{
	struct tset seen = { { 0 } };
	struct thread *stack[MAX_THREADS];
	int sp = 0, best = -1;

	tset_add(&seen, t);
	stack[sp++] = t;
	while (sp) {
		struct thread *x = stack[--sp];
		for (int i = x->shuttle.base; i < x->shuttle.depth; i++) {
			struct activation *a = x->shuttle.frame[i].act;
			if (a->holder != x || a->door->mode == DOOR_HANDOFF)
				continue;
			for (struct thread *w = a->door->pool.waiters; w; w = w->wait_next) {
				if (!tset_add(&seen, w))
					continue;
				if (base_prio(w) > best)
					best = base_prio(w);
				stack[sp++] = w;
			}
		}
		struct thread *c = pi_served_caller(x);
		if (c && tset_add(&seen, c)) {
			if (base_prio(c) > best)
				best = base_prio(c);
			stack[sp++] = c;
		}
	}
	return best;
}

static void push_holders(struct actpool *pool, struct tset *seen,
			 struct thread **stack, int *sp)
{
	for (unsigned i = 0; i < pool->n; i++) {
		struct thread *h = pool->act[i]->holder;
		if (h && tset_add(seen, h))
			stack[(*sp)++] = h;
	}
}

/* Recompute the boost of `first` (may be NULL), of pool's holders (pool may
 * be NULL), and of everything downstream of them. A thread whose boost
 * changes while it waits is re-sorted in its queue. */
static void pi_update(struct thread *first, struct actpool *pool)
{
	struct tset seen = { { 0 } };
	struct thread *stack[MAX_THREADS];
	int sp = 0;

	if (first && tset_add(&seen, first))
		stack[sp++] = first;
	if (pool)
		push_holders(pool, &seen, stack, &sp);
	while (sp) {
		struct thread *x = stack[--sp];
		int inh = pi_compute(x);
		if (inh != x->inherited_prio) {
			thread_set_inherited(x, inh);
			if (x->waiting_on) {
				waiter_unlink(x->waiting_on, x);
				waiter_insert(x->waiting_on, x);
			}
		}
		if (x->waiting_on)
			push_holders(x->waiting_on, &seen, stack, &sp);
		struct thread *s = pi_awaited_server(x);
		if (s && tset_add(&seen, s))
			stack[sp++] = s;
	}
}

void act_recompute(struct thread *t)
{
	pi_update(t, NULL);
}

void act_waiter_prio_changed(struct thread *t)
{
	struct actpool *pool = t->waiting_on;
	if (!pool)
		return;
	waiter_unlink(pool, t);
	waiter_insert(pool, t);
	pi_update(NULL, pool);
}

/* ---- acquire and release -------------------------------------------------- */

__attribute__((noinline)) int act_acquire(struct actpool *pool, struct thread *t, bool nowait,
					  struct activation **out)
{
	if (shuttle_full(&t->shuttle))
		return HE_DEPTH;
	struct activation *a = act_take_free(pool, t);
	if (a) {
		*out = a;
		return 0;
	}
	if (nowait)
		return HE_AGAIN;
	t->waiting_on = pool;
	t->door_status = ACQ_QUEUED;
	waiter_insert(pool, t);
	pool->nwaiters++;
	pi_update(NULL, pool);
	return ACQ_QUEUED;
}

/* Out of line on purpose: the fast path's inline act_release must stay small. */
__attribute__((noinline)) struct thread *act_hand_over(struct actpool *pool, struct activation *act)
{
	struct thread *prev = act->holder;
	struct thread *w = pool->waiters;
	waiter_unlink(pool, w);
	pool->nwaiters--;
	w->waiting_on = NULL;
	w->door_status = 0;
	act_grant(pool, act, w);
	pi_update(prev, pool);
	return w;
}

void act_cancel_wait(struct thread *t, int status)
{
	struct actpool *pool = t->waiting_on;
	if (!pool)
		return;
	waiter_unlink(pool, t);
	pool->nwaiters--;
	t->waiting_on = NULL;
	t->door_status = status;
	pi_update(NULL, pool);
}

int act_drain_waiters(struct actpool *pool, int status, struct thread *out[MAX_THREADS])
{
	int n = 0;
	while (pool->waiters) {
		struct thread *w = pool->waiters;
		pool->waiters = w->wait_next;
		w->wait_next = NULL;
		w->waiting_on = NULL;
		w->door_status = status;
		out[n++] = w;
	}
	pool->nwaiters = 0;
	if (n)
		pi_update(NULL, pool);
	return n;
}
