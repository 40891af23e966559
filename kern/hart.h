/* Per-hart kernel state. Only hart 0 runs today, but nothing global stands
 * in for what belongs to a hart, so that SMP can come later. */
#ifndef KERN_HART_H
#define KERN_HART_H

#include "config.h"
#include "arch.h"
#include "sched.h"
#include "fpu.h"

struct hart {
	int id;
	struct sched sched;          /* run queue, sleepers, current thread */
	struct kcontext sched_ctx;   /* the scheduler loop, switched to by threads */
	struct fpstate *fpu_owner;   /* hop whose values the FP registers hold, or NULL */
	bool resched;                /* set by the tick: switch before returning to user */
};

extern struct hart harts[MAX_HARTS];

static inline struct hart *this_hart(void)
{
	return arch_this_hart();
}

#endif
