/* The run queue keeps no count of its threads (nothing in the kernel needs
 * one): the tests count them by walking every level. */
#ifndef TESTS_UNIT_RUNQUEUE_COUNT_H
#define TESTS_UNIT_RUNQUEUE_COUNT_H

#include "kern/runqueue.h"

/* Threads queued, all levels. */
static inline int queued(const struct runqueue *rq)
{
	int n = 0;
	for (int p = 0; p < NPRIO; p++)
		for (struct thread *t = rq->head[p]; t; t = t->rq_next)
			n++;
	return n;
}

#endif
