/* Per-hart kernel state, indexed by hart id. A kernel built for one hart
 * runs on its boot hart alone; one built for several (kern/smp.h) runs on
 * every hart of the device tree, and every field here belongs to its hart:
 * read and written by other harts only under the kernel lock. */
#ifndef KERN_HART_H
#define KERN_HART_H

#include "config.h"
#include "arch.h"
#include "sched.h"
#include "fpu.h"
#include "thread.h"

struct hart {
	int id;
	struct sched sched;          /* run queue, sleepers, current thread */
	struct kcontext sched_ctx;   /* the scheduler loop, switched to by threads */
	struct fpstate *fpu_owner;   /* hop whose values the FP registers hold, or NULL */
	bool resched;                /* set by the tick: switch before returning to user */
	bool flush_due;              /* SMP: empty the TLB before the next use of an ASID (smp.h);
					set by any hart under the kernel lock, read by the door
					fast path without it */
	uint64_t next_tick;          /* timebase time of this hart's next tick (clock.c) */
};

extern struct hart harts[MAX_HARTS];

/* h's run queue changed: if a thread there should now preempt what h runs,
 * h switches at its next kernel exit (and is interrupted to get there:
 * kern/smp.h). */
void hart_recheck(struct hart *h);

static inline struct hart *this_hart(void)
{
	return arch_this_hart();
}

/* A hop starts fresh: no FP values of an earlier hop at the same depth may
 * survive into it (kern/fpu.h). Called on every door call for the new hop's
 * frame. */
static inline void fpu_hop_fresh(struct trapframe *hop)
{
	struct fpstate *st = &hop->fp;
	st->live = false;
	if (this_hart()->fpu_owner == st)
		this_hart()->fpu_owner = NULL; /* registers hold an older hop's values */
}

/* Whether the current hop of t owns the FPU (user mode gets FS on). */
static inline bool fpu_owned(struct thread *t)
{
	return this_hart()->fpu_owner == &t->tf->fp;
}

/* The hart a thread runs on: fixed at its creation, where its frames'
 * khart says (kern/smp.h); on one hart, this one. */
static inline struct hart *thread_hart(const struct thread *t)
{
#if HINGE_SMP
	return (struct hart *)(uintptr_t)t->frames[0].khart;
#else
	(void)t;
	return this_hart();
#endif
}

/* The thread running on this hart (NULL in the scheduler loop's idle). */
static inline struct thread *thread_current(void)
{
	return this_hart()->sched.current;
}

#endif
