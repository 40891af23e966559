/* Per-hart scheduling policy: which thread runs next, and when the running
 * one must give way. No context switching here; the caller (thread.c) acts
 * on the decisions:
 *
 *   timer tick:   if (sched_tick(s, now)) switch to sched_pick(s);
 *                 then program the timer for sched_next_deadline(s)
 *   block/sleep:  sched_block(s, cur, ...) or sched_sleep(s, cur, ...);
 *                 switch to sched_pick(s)
 *   after a wake: sched_make_runnable(s, t);
 *                 if (sched_preempt_needed(s)) switch to sched_pick(s)
 *   yield:        sched_yield(s); switch to sched_pick(s)
 * (sched_pick may return the current thread again; then there is nothing to
 * switch. It returns NULL when the hart should run its idle thread.)
 *
 * Policy: fixed-priority preemptive over NPRIO levels (higher runs first),
 * round-robin with a DEFAULT_SLICE-tick slice within a level, each thread
 * limited by the budget of its schedctx (schedctx.h). Every level 0..NPRIO-1
 * is a user level; the idle thread is below them all (PRIO_IDLE, -1): it is
 * on no list and runs only when the run queue is empty, so a thread at
 * priority 0 always runs before it.
 *
 * Where each thread is, by (state, queue):
 *   RUNNING,  SQ_NONE      : s->current, the thread on the hart (one at most);
 *   RUNNABLE, SQ_RUN       : on s->rq at level prio;
 *   SLEEPING, SQ_SLEEP     : on s->sleepers, sorted by wake_tick (ties FIFO);
 *   BLOCKED,  SQ_THROTTLED : on s->throttled, sorted by sc->replenish_at; its
 *                            schedctx is SC_THROTTLED and it becomes RUNNABLE
 *                            at replenishment (BLOCKED keeps thread.h's
 *                            invariant: on a run queue iff RUNNABLE);
 *   BLOCKED,  SQ_NONE      : waiting on some object; only a wake
 *                            (sched_make_runnable) brings it back;
 *   DEAD,     SQ_NONE      : never scheduled again.
 * s->current is set only by sched_pick. Between a block/sleep of the current
 * thread and the next sched_pick, s->current still names it (the caller
 * needs it to switch away); sched_pick then does not requeue it.
 *
 * Where the preempted current thread goes (in sched_pick):
 *   its slice ran out (or it yielded): tail of its level with a fresh slice;
 *   it still has slice left (a higher priority preempted it): head of its
 *   level, keeping the rest of its slice, so preemption does not reorder
 *   round-robin within a level;
 *   its schedctx is throttled: the throttled list.
 * A thread that becomes runnable (wake, replenishment, creation) goes to the
 * tail of its level, keeping any slice it had left (a fresh slice if none).
 * A thread whose effective priority changes while queued moves to the tail of
 * the new level.
 *
 * All thread arguments have a schedctx (t->sc != NULL); the idle thread is
 * never passed in. Times are timer ticks. */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include "runqueue.h"
#include "thread.h"

struct sched {
	struct runqueue rq;        /* RUNNABLE threads */
	struct thread *current;    /* RUNNING thread; NULL while idle */
	struct thread *sleepers;   /* SLEEPING threads, earliest wake_tick first */
	struct thread *throttled;  /* budget-exhausted threads, earliest replenish first */
	uint64_t now;              /* tick of the latest sched_tick */
};

void sched_init(struct sched *s);

/* Wake t: FREE (just created), BLOCKED on an object, or SLEEPING (early
 * wake, it leaves the sleeper list) -> RUNNABLE at the tail of its level,
 * with its effective priority recomputed and a fresh slice if it had none.
 * If its schedctx is throttled and not yet due, t goes to the throttled list
 * instead (BLOCKED; a thread already there stays there) and runs at
 * replenishment. No effect on a thread that is RUNNING, RUNNABLE or DEAD. */
void sched_make_runnable(struct sched *s, struct thread *t);

/* Take t off whatever scheduler list holds it and set its state to
 * THREAD_BLOCKED (it will wait on an object) or THREAD_DEAD (killed).
 * Returns HE_INVAL for any other state: timed sleep is sched_sleep, so that
 * SLEEPING always means "on the sleeper list, woken by the timer". */
int sched_block(struct sched *s, struct thread *t, enum thread_state state);

/* Put t to sleep until tick wake_tick (absolute; one already past wakes it at
 * the next tick). t leaves any other scheduler list. */
void sched_sleep(struct sched *s, struct thread *t, uint64_t wake_tick);
/* Block t (THREAD_BLOCKED: it waits on an object) until at most tick
 * wake_tick: it is on the sleeper list too, and the timer makes it runnable
 * then if nothing woke it before; it finds its wait still pending and gives
 * up (a call's deadline, doors/SEMANTICS.md §19). */
void sched_block_until(struct sched *s, struct thread *t, uint64_t wake_tick);

/* Account the tick ending at `now`: wake the sleepers whose wake_tick has
 * come (in wake order), make the throttled threads whose replenishment is due
 * runnable again, and charge one tick of slice and budget to the current
 * thread. Returns true iff the current thread must give way now: its budget
 * ran out, or its slice ran out and a thread of equal or higher priority is
 * runnable, or a higher-priority thread is runnable; while idle, iff anything
 * is runnable. A slice that runs out with no equal-priority competitor is
 * simply refilled. */
bool sched_tick(struct sched *s, uint64_t now);

/* Put the current thread (if it is still RUNNING) back as described above,
 * then dequeue the highest-priority runnable thread, make it RUNNING and
 * s->current, and return it; NULL (and s->current = NULL) means run idle. */
struct thread *sched_pick(struct sched *s);

/* True iff the current thread should be preempted now: a runnable thread has
 * strictly higher priority, or the hart is idle (or its current thread no
 * longer RUNNING) and some thread is runnable. */
bool sched_preempt_needed(const struct sched *s);

/* The current thread gives up the rest of its slice: the next sched_pick puts
 * it behind the other threads of its priority. */
void sched_yield(struct sched *s);

/* Direct switch: next (BLOCKED on an object) runs now in place of the
 * current thread, which is no longer RUNNING (it blocked), if next's
 * effective priority is at least that of every runnable thread and its
 * schedctx is not throttled: then next becomes RUNNING and s->current
 * (fresh slice if it had none) and true is returned. Otherwise next is made
 * runnable (sched_make_runnable) and false is returned: the caller switches
 * to the scheduler. Priorities are never violated either way. */
bool sched_run_direct(struct sched *s, struct thread *next);

/* Set t's priority-inheritance boost (-1 clears it) and recompute its
 * effective priority max(sc->prio, inherited_prio). A RUNNABLE t whose
 * effective priority changed moves to the tail of its new level; for the
 * current thread, call sched_preempt_needed afterwards (a lowered priority may
 * let another thread in). Returns HE_INVAL if prio is outside -1..NPRIO-1. */
int sched_set_inherited(struct sched *s, struct thread *t, int prio);

/* The tick at which sched_tick must next run: now + 1 while a thread runs or
 * waits to run (its slice and budget are charged per tick); while idle with
 * nothing runnable, the earliest sleeper wake or replenishment, UINT64_MAX if
 * there is none. Never earlier than now + 1. */
uint64_t sched_next_deadline(const struct sched *s);

#endif
