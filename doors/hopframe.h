/* What a hop's trap frame holds when the thread leaves the kernel: a
 * server's entry registers, or a finished call's outcome for its caller.
 *
 * This is where the isolation rule of doors/SEMANTICS.md §2 is kept: a
 * server starts with every register zero but the declared ones (the fast
 * path's trap.S zeroes the rest itself; the general exit restores a frame
 * that was zeroed first), and a caller gets back its own registers, its
 * results, and zeros where the convention clobbers (a frame may hold
 * another domain's stale values from an earlier hop at the same depth). */
#ifndef DOORS_HOPFRAME_H
#define DOORS_HOPFRAME_H

#include <stdint.h>
#include <hinge/door.h>
#include "kern/arch.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "doors/call.h"

/* Point a fresh (zeroed) hop frame s at the door's entry: pc, sp, the
 * cookie (a0) and the buffer (a6), the FPU off for the hop. A migrate call's
 * server hop and a handoff server thread's call (doors/handoff.c) start so. */
static inline void frame_set_entry(struct trapframe *s, const struct door_call_plan *plan)
{
	fpu_hop_fresh(s);
	s->pc = plan->entry;
	s->regs[REG_SP] = plan->act->stack_top;
	s->regs[REG_A0] = plan->cookie;
	s->regs[REG_A6] = plan->act->buf;
}

/* Point the server's fresh hop frame (t->tf, set by door_call_begin) at the
 * door's entry (frame_set_entry) and switch to the server's address space.
 * The argument words are the caller's business (trap.S or
 * door_call_general). Returns the frame. */
static inline struct trapframe *frame_enter_server(struct thread *t, const struct door_call_plan *plan)
{
	frame_set_entry(t->tf, plan);
	domain_activate(plan->server);
	return t->tf;
}

/* Write a finished call's outcome into the caller's frame c: status, result
 * words and bytes in a0..a6, and zeros in t0..t6 and a7. */
static inline void frame_set_results(struct trapframe *c, long status, const uint64_t r[DOOR_NWORDS], uint64_t bytes)
{
	c->regs[REG_A0] = (uint64_t)status;
	for (int i = 0; i < DOOR_NWORDS; i++)
		c->regs[REG_A1 + i] = r[i];
	c->regs[REG_A6] = bytes;
	c->regs[REG_A7] = 0;
	c->regs[REG_T0] = c->regs[REG_T1] = c->regs[REG_T2] = 0;
	for (int i = REG_T3; i <= REG_T6; i++)
		c->regs[i] = 0;
}

/* A call ended with HE_DEAD or HE_STALE: besides the status, the caller is
 * told which domain is dead and how it ended (hinge/door.h: a1 = its id,
 * a2 = DEATH_*, a3 = its generation) -- nothing else of it. */
static inline void frame_set_dead(struct trapframe *c, long status, const struct domain *dead)
{
	const uint64_t r[DOOR_NWORDS] = { (uint64_t)dead->id, domain_death_how(dead), dead->gen };
	frame_set_results(c, status, r, 0);
}

#endif
