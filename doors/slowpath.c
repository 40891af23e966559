/* The general door call and return (doors/slowpath.h; rules:
 * doors/SEMANTICS.md; reference: docs/syscalls.md). */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "doors/slowpath.h"
#include "doors/call.h"
#include "doors/crash.h"
#include "doors/hopframe.h"
#include "doors/xcall.h"
#include "doors/rbuf.h"
#include "doors/handoff.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/clock.h"
#include "kern/uaccess.h"
#include "kern/copy.h"
#include "kern/observe.h"

/* A door call as the caller made it (register convention: hinge/door.h). */
struct door_call_args {
	int h;                      /* the door handle */
	uint32_t flags;             /* DOOR_CALL_* (checked by the caller: no unknown bit) */
	uint32_t deadline;          /* ticks the call may wait for an activation; 0: for ever */
	const uint64_t *w;          /* the DOOR_NWORDS argument words (w[4]: the xarg pointer
				       with XARG), read where the caller left them */
};

/* The result words of a call that ended with an error. */
static const uint64_t no_results[DOOR_NWORDS];

/* The server of the door handle h of ht names: door_call_begin has just
 * refused a call through it at check 5 (HE_DEAD, HE_STALE), so it names a
 * door. Looked up again here, off the success path. */
static struct domain *refused_server(const struct handle_table *ht, int h)
{
	void *door = NULL;
	handle_lookup(ht, h, KOBJ_DOOR, 0, &door);
	return ((struct door *)door)->server;
}

/* The call ended with r before it began, without waiting: t->tf, the
 * caller's frame, gets the outcome (a dead or restarted server named). */
static __attribute__((noinline)) void call_refused(struct thread *t, int h, int r)
{
	if (r == HE_DEAD || r == HE_STALE) {
		frame_set_dead(t->tf, r, refused_server(&t->cur->handles, h));
		t->tf->regs[REG_A4] = DEATH_BEFORE_CALL;
	} else
		frame_set_results(t->tf, r, no_results, 0);
}

/* door_call_begin queued t for an activation: wait until it is handed one
 * (the holders inherit our priority meanwhile) or the wait ends otherwise;
 * xc: the call's bulk part (checked before the wait), or NULL. Returns 0 or
 * ACQ_HANDOFF with *plan filled and the bulk part checked again, or an HE_*
 * code with nothing held and the outcome in t->tf (the caller's frame, or
 * an older one if t was sent back meanwhile). */
static __attribute__((noinline)) int call_wait(struct thread *t, int h, struct door_call_plan *plan,
					       struct xcall *xc, uint32_t deadline)
{
	struct trapframe *c = t->tf;
	int r = ACQ_QUEUED;
	uint64_t until = clock_ticks() + deadline;
	/* (An orphan is never queued (door_call_begin), and a thread that
	 * becomes one while it waits is woken with HE_CANCELLED, doors/crash.c.)
	 * A deadline is checked each time the thread runs with its wait still
	 * pending: an activation handed over before that wins (SEMANTICS §19). */
	while (r == ACQ_QUEUED) {
		if (deadline && clock_ticks() >= until) {
			door_call_cancel_wait(t, HE_TIMEDOUT);
		} else {
			if (deadline)
				sched_block_until(&this_hart()->sched, t, until);
			else
				sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
			thread_switch_out();
		}
		r = door_call_resume(t, plan);
	}
	if ((r == 0 || r == ACQ_HANDOFF) && plan->server->state != DOM_LIVE) {
		/* Handed an activation while waiting, but the server has died
		 * since: the call ends at once, nothing of it remains. */
		door_call_abandon(t);
		frame_set_dead(t->tf, HE_DEAD, plan->server);
		return HE_DEAD;
	}
	if (r >= 0 && xc) {
		/* The caller's handles or the server's table may have changed
		 * while we waited: check the bulk part again, or give up the
		 * call we were handed. */
		int x = xcall_check(t->cur, h, xc->xarg, xc);
		if (x < 0) {
			door_call_abandon(t);
			r = x;
		}
	}
	if (r < 0 && r != HE_DEAD && r != HE_STALE && t->tf == c) {
		/* A death is named in the frame where it was found (here, or
		 * by door_unwind, which may also have resumed an older frame). */
		frame_set_results(c, r, no_results, 0);
	}
	return r;
}

/* t calls through a->h: begin (doors/call.h) → wait for an activation →
 * a refusal named → hand-off (doors/handoff.h) → bulk part (doors/xcall.h)
 * → enter the server (doors/hopframe.h).
 * Returns true when t enters the server: t->tf is the server's fresh frame
 * with pc, sp, a0 (cookie), a1..a5 (the argument words), a6 (buffer) and a7
 * (bulk counts) set and every other register zero (the general exit
 * restores the whole frame). Returns false when the call is over without
 * entering: t->tf is a complete frame holding the outcome for the caller
 * (a0 = HE_*, a dead domain named in a1..a3 after HE_DEAD and HE_STALE, or
 * a handoff call's results; an older frame if t was sent back while it
 * waited). Errors and their order: docs/syscalls.md, SYS_DOOR_CALL. */
static bool door_call_general(struct thread *t, const struct door_call_args *a)
{
	bool xarg = a->flags & DOOR_CALL_XARG;
	struct xcall xc;
	struct door_call_plan plan;
	int r = xarg ? xcall_check(t->cur, a->h, a->w[DOOR_NWORDS - 1], &xc) : 0;
	if (r == 0)
		r = door_call_begin(t, &t->cur->handles, a->h, a->flags, &plan);
	if (r == ACQ_QUEUED)
		r = call_wait(t, a->h, &plan, xarg ? &xc : NULL, a->deadline);
	else if (r < 0)
		call_refused(t, a->h, r);
	if (r == ACQ_HANDOFF) {
		handoff_call(t, &plan, a->w, xarg ? &xc : NULL);
		return false; /* the outcome is in t->tf, a complete frame */
	}
	if (r < 0)
		return false;
	/* ---- the call has begun: t's frame is the server's ---- */
	kzero(t->tf->regs, sizeof t->tf->regs);
	struct trapframe *s = frame_enter_server(t, &plan);
	OBSERVE(trace_call_entered(t, plan.hop));
	if (t->tf != s) {
		/* An injection killed the server as it was entered: the thread was
		 * sent back, its resumed frame already says HE_DEAD. */
		return false;
	}
#pragma GCC unroll 8 /* all DOOR_NWORDS: a loop costs as much again */
	for (int i = 0; i < DOOR_NWORDS; i++)
		s->regs[REG_A1 + i] = a->w[i];
	if (xarg) {
		s->regs[REG_A5] = 0;
		s->regs[REG_A7] = xcall_transfer(shuttle_top(&t->shuttle)->caller, plan.server, plan.act, &xc);
	}
	return true;
}

long sys_door_call(struct trapframe *tf)
{
	struct thread *t = thread_current();
	if ((uint32_t)tf->regs[REG_A6] & ~DOOR_CALL_ALL) {
		/* Refused before anything: the caller's frame gets what §2 says
		 * a resumed caller sees (zero results and temporaries), as on
		 * the fast path. */
		frame_set_results(tf, HE_INVAL, no_results, 0);
		return HE_INVAL;
	}
	const struct door_call_args a = {
		.h = handle_from_reg(tf->regs[REG_A0]),
		.flags = (uint32_t)tf->regs[REG_A6],
		.deadline = (uint32_t)(tf->regs[REG_A6] >> DOOR_CALL_DEADLINE_SHIFT),
		.w = &tf->regs[REG_A1], /* a1..a5, in the caller's frame */
	};
	door_call_general(t, &a);
	/* Written into the caller's saved a0 (tf): the outcome it already
	 * holds, or, once the server runs, overwritten at the return. */
	return (long)tf->regs[REG_A0];
}

/* t returns from its innermost call (there is one) with result words r,
 * rbytes result bytes at the start of its activation buffer (checked:
 * at most the buffer's size) and the handles xr (checked by xreturn_check;
 * NULL for none): the call's outcome goes into the caller's
 * frame, a waiter is handed the activation, the door settles, and a caller
 * that died meanwhile is skipped (unwinding further, doors/crash.c); t
 * dies if no live caller is left. t->tf is then the frame to resume.
 * Inlined into both of its entries (SYS_DOOR_RETURN and the fast path's
 * fallback), so that neither pays a call for sharing it. */
static inline __attribute__((always_inline)) void door_return_general(struct thread *t, const uint64_t r[DOOR_NWORDS],
								     uint64_t rbytes, const struct xreturn *xr)
{
	struct domain *server = t->cur;
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	struct activation *act = f->act;
	/* An orphan's last return, into its base, is for nobody (SEMANTICS
	 * §11, §20): nothing of it reaches that caller, live or not. */
	bool for_nobody = t->orphan && t->shuttle.depth - 1 == t->shuttle.base;
	OBSERVE(trace_return(t, server, f->caller, t->shuttle.depth - 1));
	struct door_return_plan rp;
	door_return_finish(t, &rp);
	struct trapframe *c = t->tf; /* the caller's hop frame, as it was at the call */
	long status = 0;
	if ((c->regs[REG_A6] & DOOR_CALL_XARG) && rbytes && !for_nobody) {
		struct door_xarg x;
		if (copyin(domain_root(rp.caller), &x, c->regs[REG_A5], sizeof x) == 0)
			status = rbuf_deliver(rp.caller, c->regs[REG_A5], &x, server, act->buf, rbytes,
					      c->regs[REG_A6] & DOOR_CALL_RBUF);
	}
	frame_set_results(c, status, r, rbytes);
	if (xr && !for_nobody)
		xreturn_transfer(server, rp.caller, xr, c);
	return_aftermath(&rp);
	OBSERVE(inject_return(server)); /* may kill the caller */
	if ((for_nobody || rp.caller->state != DOM_LIVE) && !door_unwind(t)) {
		/* No live caller is left: the thread's home is dead too. */
		thread_kill(t);
	}
	domain_activate(t->cur);
}

long sys_door_return(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	if (!f)
		return t->serving ? handoff_return(t, tf) : HE_NOCALL;
	uint64_t rbytes = (uint32_t)tf->regs[REG_A6];
	if (rbytes > f->act->buf_size)
		return HE_INVAL;
	struct xreturn xr;
	if (tf->regs[REG_A6] >> 32) {
		int r = xreturn_check(t->cur, f->act, tf->regs[REG_A6], f->caller, &xr);
		if (r < 0)
			return r;
	}
	/* The result words a1..a5 stay in the finished server frame, which
	 * nothing reuses before they are copied. */
	door_return_general(t, &tf->regs[REG_A1], rbytes, tf->regs[REG_A6] >> 32 ? &xr : NULL);
	return 0; /* lands in the finished server frame, which is discarded */
}

#if !HINGE_SMP
/* (On several harts a fast return that is not quiet takes the whole
 * system call instead, which can be dropped and run again: trap.S.) */
void door_fast_return_general(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	const uint64_t r[DOOR_NWORDS] = { r1, r2, r3, r4, r5 };
	door_return_general(thread_current(), r, 0, NULL); /* trap.S checked that a call exists */
	thread_return_to_user();
}
#endif
