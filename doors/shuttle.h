/* The shuttle: a thread's stack of door-call return points.
 *
 * A door call does not hand work to a server thread; the calling thread
 * itself migrates into the server. Each call pushes one frame recording where
 * the thread came from (the caller domain), which door it went through and
 * which activation (server stack + argument buffer) it runs on; door_return
 * pops it. A thread at depth k runs in the server of frame[k-1], on user
 * register state thread->frames[k] (hop k); hop 0 is its home domain.
 *
 * Invariants:
 *   0 <= depth <= SHUTTLE_MAX_DEPTH;
 *   frame[i] for i < depth are the calls in progress, outermost first;
 *   an activation is held by thread t iff a frame of t's shuttle names it
 *   and act->holder == t (doors/activation.c relies on this to compute
 *   priority inheritance).
 *
 * Push, pop and top are on the door-call fast path: inline, no loops. */
#ifndef DOORS_SHUTTLE_H
#define DOORS_SHUTTLE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <hinge/errno.h>
#include "kern/config.h"

struct domain;
struct door;
struct activation;

/* 32 bytes (three pointers, aligned up) so that indexing frame[] on the
 * door fast path is a shift, not a multiply by 24. */
struct shuttle_frame {
	_Alignas(32) struct domain *caller; /* domain to resume on return */
	struct door *door;         /* door the call went through */
	struct activation *act;    /* activation the call runs on */
};

struct shuttle {
	int depth;                 /* number of frames in use */
	int base;                  /* frames below base are not this thread's: an
				      orphan (split off a chain whose caller died)
				      starts above them, and its last return ends it */
	struct shuttle_frame frame[SHUTTLE_MAX_DEPTH];
};

static inline bool shuttle_full(const struct shuttle *s)
{
	return s->depth >= SHUTTLE_MAX_DEPTH;
}

/* Push a return point. Returns 0, or HE_DEPTH (nothing pushed) when the
 * shuttle already holds SHUTTLE_MAX_DEPTH frames. */
static inline int shuttle_push(struct shuttle *s, struct domain *caller,
			       struct door *door, struct activation *act)
{
	if (shuttle_full(s))
		return HE_DEPTH;
	struct shuttle_frame *f = &s->frame[s->depth++];
	f->caller = caller;
	f->door = door;
	f->act = act;
	return 0;
}

/* Pop the innermost return point into *out. Returns 0, or HE_NOCALL (out
 * untouched) when the shuttle is empty. */
static inline int shuttle_pop(struct shuttle *s, struct shuttle_frame *out)
{
	if (s->depth <= s->base)
		return HE_NOCALL;
	*out = s->frame[--s->depth];
	return 0;
}

/* The innermost frame, or NULL when the thread is in no door call. */
static inline struct shuttle_frame *shuttle_top(struct shuttle *s)
{
	return s->depth > s->base ? &s->frame[s->depth - 1] : NULL;
}

#endif
