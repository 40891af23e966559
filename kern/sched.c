/* Per-hart scheduling policy (decisions and invariants in sched.h). */
#include <hinge/errno.h>
#include "sched.h"
#include "schedctx.h"
#include "inherit.h"
#include "kern/observe.h"

void sched_init(struct sched *s)
{
	*s = (struct sched){ 0 }; /* no thread anywhere (a zeroed run queue is empty) */
}

static int effective_prio(const struct thread *t)
{
	return t->inherited_prio > t->sc->prio ? t->inherited_prio : t->sc->prio;
}

/* The sort key of a thread on the sleeper (SQ_SLEEP) or throttled list. */
static uint64_t timed_key(const struct thread *t, enum sched_queue q)
{
	return q == SQ_SLEEP ? t->wake_tick : t->sc->replenish_at;
}

/* Insert t into the sorted list *head as a member of list q; a thread goes
 * after those with an equal key, so equal wake times keep arrival order. */
static void timed_insert(struct thread **head, struct thread *t, enum sched_queue q)
{
	struct thread *prev = NULL, *next = *head;

	while (next && timed_key(next, q) <= timed_key(t, q)) {
		prev = next;
		next = next->rq_next;
	}
	tlist_insert(head, NULL, prev, t, q);
}

/* Take t off whichever scheduler list holds it. */
static void detach(struct sched *s, struct thread *t)
{
	if (t->queue == SQ_RUN)
		rq_remove(&s->rq, t);
	else if (t->queue != SQ_NONE)
		tlist_remove(t->queue == SQ_SLEEP ? &s->sleepers : &s->throttled, NULL, t);
}

static void throttle(struct sched *s, struct thread *t)
{
	t->state = THREAD_BLOCKED;
	timed_insert(&s->throttled, t, SQ_THROTTLED);
}

/* The context t's ticks are charged to: its own, or, while its own is
 * throttled, the one a waiter lends it (bandwidth inheritance,
 * doors/SEMANTICS.md §21). NULL: t may not run. */
static struct schedctx *charged(const struct sched *s, struct thread *t)
{
	return t->sc->state != SC_THROTTLED ? t->sc : inherit_lent_budget(t, s->now);
}

void sched_make_runnable(struct sched *s, struct thread *t)
{
	if (t->state == THREAD_RUNNING || t->state == THREAD_RUNNABLE ||
	    t->state == THREAD_DEAD)
		return;
	detach(s, t);  /* an early-woken sleeper, or a throttled thread re-checked below */
	if (t->sc->state == SC_THROTTLED) {
		if (sc_replenish_due(t->sc, s->now)) {
			sc_replenish(t->sc, s->now);
		} else if (!charged(s, t)) {
			throttle(s, t);
			return;
		}
	}
	t->prio = effective_prio(t);
	if (t->slice_left <= 0)
		t->slice_left = DEFAULT_SLICE;
	t->state = THREAD_RUNNABLE;
	rq_enqueue(&s->rq, t);
}

int sched_block(struct sched *s, struct thread *t, enum thread_state state)
{
	if (state != THREAD_BLOCKED && state != THREAD_DEAD)
		return HE_INVAL;
	detach(s, t);
	t->state = state;
	return HE_OK;
}

static void timed_wait(struct sched *s, struct thread *t, uint64_t wake_tick, enum thread_state state)
{
	detach(s, t);
	t->state = state;
	t->wake_tick = wake_tick;
	timed_insert(&s->sleepers, t, SQ_SLEEP);
}

void sched_sleep(struct sched *s, struct thread *t, uint64_t wake_tick)
{
	timed_wait(s, t, wake_tick, THREAD_SLEEPING);
}

void sched_block_until(struct sched *s, struct thread *t, uint64_t wake_tick)
{
	timed_wait(s, t, wake_tick, THREAD_BLOCKED);
}

/* Priority of the best runnable thread, PRIO_IDLE (below every user
 * level) when none. */
static int highest_runnable(const struct sched *s)
{
	struct thread *h = rq_highest(&s->rq);
	return h ? h->prio : PRIO_IDLE;
}

bool sched_tick(struct sched *s, uint64_t now)
{
	struct thread *cur = s->current;

	s->now = now;
	while (s->sleepers && s->sleepers->wake_tick <= now)
		sched_make_runnable(s, s->sleepers);
	/* A throttled thread runs again when its replenishment is due (the
	 * list is sorted by it: those come first, and sched_make_runnable
	 * replenishes them), or on a budget that threads waiting on it lend
	 * (SEMANTICS §21): a new waiter wakes it at once (kern/inherit.c), a
	 * lender's replenishment within a tick, here. */
	for (struct thread *t = s->throttled, *next; t; t = next) {
		next = t->rq_next;
		if (sc_replenish_due(t->sc, now) || charged(s, t))
			sched_make_runnable(s, t);
	}

	if (!cur)
		return !rq_empty(&s->rq);
	if (cur->state != THREAD_RUNNING)
		return true;  /* it blocked and has not been switched out yet */

	if (cur->slice_left > 0)
		cur->slice_left--;
	struct schedctx *sc = charged(s, cur);
	if (!sc)
		return true;  /* its own budget is out and nobody lends: sched_pick throttles it */
	if (sc_charge(sc, now)) {
		bool lent = charged(s, cur) != NULL;
		observe_exhausted(cur, lent);
		if (!lent)
			return true;  /* sched_pick moves it to the throttled list */
	}
	if (cur->slice_left == 0) {
		if (highest_runnable(s) >= cur->prio)
			return true;  /* sched_pick rotates it to the tail */
		cur->slice_left = DEFAULT_SLICE;
	}
	return highest_runnable(s) > cur->prio;
}

struct thread *sched_pick(struct sched *s)
{
	struct thread *prev = s->current;
	struct thread *next;

	if (prev && prev->state == THREAD_RUNNING) {
		if (!charged(s, prev)) {
			throttle(s, prev);
		} else if (prev->slice_left <= 0) {
			prev->slice_left = DEFAULT_SLICE;
			prev->state = THREAD_RUNNABLE;
			rq_enqueue(&s->rq, prev);
		} else {
			prev->state = THREAD_RUNNABLE;
			rq_enqueue_head(&s->rq, prev);
		}
	}
	next = rq_highest(&s->rq);
	if (next) {
		rq_remove(&s->rq, next);
		next->state = THREAD_RUNNING;
	}
	s->current = next;
	return next;
}

bool sched_preempt_needed(const struct sched *s)
{
	if (rq_empty(&s->rq))
		return false;
	if (!s->current || s->current->state != THREAD_RUNNING)
		return true;
	return rq_has_above(&s->rq, s->current->prio);
}

bool sched_run_direct(struct sched *s, struct thread *next)
{
	next->prio = effective_prio(next);
	if (next->sc->state != SC_ACTIVE || rq_has_above(&s->rq, next->prio)) {
		sched_make_runnable(s, next);
		return false;
	}
	detach(s, next);
	if (next->slice_left <= 0)
		next->slice_left = DEFAULT_SLICE;
	next->state = THREAD_RUNNING;
	s->current = next;
	return true;
}

void sched_yield(struct sched *s)
{
	if (s->current)
		s->current->slice_left = 0;
}

int sched_set_inherited(struct sched *s, struct thread *t, int prio)
{
	int newprio;

	if (prio < -1 || prio >= NPRIO)
		return HE_INVAL;
	t->inherited_prio = prio;
	newprio = effective_prio(t);
	if (newprio == t->prio)
		return HE_OK;
	bool queued = t->queue == SQ_RUN;
	if (queued)
		rq_remove(&s->rq, t);
	t->prio = newprio; /* never changed on the run queue (runqueue.h) */
	if (queued)
		rq_enqueue(&s->rq, t);
	return HE_OK;
}

uint64_t sched_next_deadline(const struct sched *s)
{
	uint64_t next = s->now + 1;
	uint64_t d = s->sleepers ? s->sleepers->wake_tick : UINT64_MAX;

	if (s->current || !rq_empty(&s->rq))
		return next;
	if (s->throttled && s->throttled->sc->replenish_at < d)
		d = s->throttled->sc->replenish_at;
	return d < next ? next : d;
}
