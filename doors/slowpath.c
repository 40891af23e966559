/* The general door call and return (doors/slowpath.h; rules:
 * doors/SEMANTICS.md; reference: docs/syscalls.md). */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "doors/slowpath.h"
#include "doors/fastpath.h"
#include "doors/call.h"
#include "doors/crash.h"
#include "doors/hopframe.h"
#include "doors/xcall.h"
#include "doors/handoff.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/uaccess.h"
#include "kern/copy.h"
#include "kern/observe.h"

_Static_assert(DOOR_CALL_XARG == TF_DOOR_CALL_XARG, "trap.S takes XARG calls to the general path");

/* The server of the door handle h of ht names: door_call_begin has just
 * refused a call through it at check 5 (HE_DEAD, HE_STALE), so it names a
 * door. Looked up again here, off the success path. */
static struct domain *refused_server(const struct handle_table *ht, int h)
{
	void *door = NULL;
	handle_lookup(ht, h, KOBJ_DOOR, 0, &door);
	return ((struct door *)door)->server;
}

/* door_call_begin queued t for an activation: wait until it is handed one
 * (the holders inherit our priority meanwhile) or the wait ends otherwise.
 * Returns 0 or ACQ_HANDOFF with *plan filled, or an HE_* code with nothing
 * held (HE_DEAD: the frame already names the dead server). */
static __attribute__((noinline)) int call_wait(struct thread *t, struct door_call_plan *plan)
{
	int r = ACQ_QUEUED;
	if (!t->orphan)
		observe_wait(t, t->cur, plan->door);
	while (r == ACQ_QUEUED) {
		if (t->orphan) {
			/* Nobody waits for an orphan's result: a call of it that
			 * would wait is abandoned at once (SEMANTICS §8). */
			observe_abandon(t, plan->door, false);
			door_call_cancel_wait(t, HE_CANCELLED);
			wait_close(t);
			return HE_CANCELLED;
		}
		sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
		thread_switch_out();
		r = door_call_resume(t, plan);
	}
	if ((r == 0 || r == ACQ_HANDOFF) && plan->server->state != DOM_LIVE) {
		/* Handed an activation while waiting, but the server has died
		 * since: the call ends at once, nothing of it remains. */
		door_call_abandon(t);
		frame_set_dead(t->tf, HE_DEAD, plan->server);
		r = HE_DEAD;
	}
	return r;
}

/* A door call as the caller made it (register convention: hinge/door.h). */
struct door_call_args {
	int h;                      /* the door handle */
	uint32_t flags;             /* DOOR_CALL_* (checked by the caller: no unknown bit) */
	const uint64_t *w;          /* the DOOR_NWORDS argument words (w[4]: the xarg pointer
				       with XARG), read where the caller left them */
};

/* t calls through a->h: begin (doors/call.h) → wait for an activation →
 * a refusal named → hand-off (doors/handoff.h) → bulk part (doors/xcall.h)
 * → enter the server (doors/hopframe.h).
 * Returns true when t enters the server: t->tf is the server's fresh frame
 * with pc, sp, a0 (cookie), a1..a5 (the argument words), a6 (buffer) and a7
 * (bulk counts) set; every other register is zero if whole_frame (the
 * general exit restores the whole frame), else the exit zeroes them
 * (trap.S's fast entry). Returns false when the call is over without
 * entering: t->tf is a complete frame holding the outcome for the caller
 * (a0 = HE_*, a dead domain named in a1..a3 after HE_DEAD and HE_STALE, or
 * a handoff call's results; an older frame if t was sent back while it
 * waited). Errors and their order: docs/syscalls.md, SYS_DOOR_CALL.
 * Inlined into both of its entries (SYS_DOOR_CALL and the fast path's
 * fallback), so that neither pays a call for sharing it. */
static inline __attribute__((always_inline)) bool door_call_general(struct thread *t, const struct door_call_args *a,
								    bool whole_frame)
{
	struct domain *caller = t->cur;
	struct trapframe *c = t->tf;
	bool xarg = a->flags & DOOR_CALL_XARG;
	uint64_t xarg_ptr = a->w[DOOR_NWORDS - 1];
	struct xcall xc;
	int r = xarg ? xcall_check(caller, a->h, xarg_ptr, &xc) : 0;
	struct door_call_plan plan;
	if (r == 0)
		r = door_call_begin(t, &caller->handles, a->h, a->flags, &plan);
	if (r == HE_DEAD || r == HE_STALE)
		frame_set_dead(c, r, refused_server(&caller->handles, a->h));
	if (r == ACQ_QUEUED) {
		r = call_wait(t, &plan);
		if (r >= 0 && xarg) {
			/* The caller's handles or the server's table may have
			 * changed while we waited: check the bulk part again, or
			 * give up the call we were handed. */
			int x = xcall_check(caller, a->h, xarg_ptr, &xc);
			if (x < 0) {
				door_call_abandon(t);
				r = x;
			}
		}
	}
	if (r == ACQ_HANDOFF) {
		handoff_call(t, &plan, a->w, xarg ? &xc : NULL);
		return false; /* the outcome is in t->tf, a complete frame */
	}
	if (r < 0) {
		if (r != HE_DEAD && r != HE_STALE && t->tf == c) {
			static const uint64_t none[DOOR_NWORDS];
			frame_set_results(c, r, none, 0);
		}
		return false;
	}
	/* ---- the call has begun: t's frame is the server's ---- */
	if (whole_frame)
		kzero(t->tf->regs, sizeof t->tf->regs);
	struct trapframe *s = frame_enter_server(t, &plan);
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	observe_call(t, f->caller, plan.server, f->door, plan.hop);
	if (t->tf != s) {
		/* An injection killed the server as it was entered: the thread was
		 * sent back, its resumed frame already says HE_DEAD. */
		return false;
	}
	for (int i = 0; i < DOOR_NWORDS; i++)
		s->regs[REG_A1 + i] = a->w[i];
	if (xarg) {
		s->regs[REG_A5] = 0;
		s->regs[REG_A7] = xcall_transfer(caller, plan.server, plan.act, &xc);
	}
	return true;
}

long sys_door_call(struct trapframe *tf)
{
	struct thread *t = thread_current();
	if (tf->regs[REG_A6] & ~(uint64_t)DOOR_CALL_ALL)
		return HE_INVAL;
	const struct door_call_args a = {
		.h = handle_from_reg(tf->regs[REG_A0]),
		.flags = (uint32_t)tf->regs[REG_A6],
		.w = &tf->regs[REG_A1], /* a1..a5, in the caller's frame */
	};
	door_call_general(t, &a, true);
	/* Written into the caller's saved a0 (tf): the outcome it already
	 * holds, or, once the server runs, overwritten at the return. */
	return (long)tf->regs[REG_A0];
}

/* t returns from its innermost call (there is one) with result words r and
 * rbytes result bytes at the start of its activation buffer (checked:
 * at most the buffer's size): the call's outcome goes into the caller's
 * frame, a waiter is handed the activation, the door settles, and a caller
 * that died meanwhile is skipped (unwinding further, doors/crash.c); t
 * dies if no live caller is left. t->tf is then the frame to resume.
 * Inlined into both of its entries, as door_call_general. */
static inline __attribute__((always_inline)) void door_return_general(struct thread *t, const uint64_t r[DOOR_NWORDS],
								     uint64_t rbytes)
{
	struct domain *server = t->cur;
	struct activation *act = shuttle_top(&t->shuttle)->act;
	struct door_return_plan rp;
	door_return_finish(t, &rp);
	struct trapframe *c = t->tf; /* the caller's hop frame, as it was at the call */
	if ((c->regs[REG_A6] & DOOR_CALL_XARG) && rbytes) {
		struct door_xarg x;
		if (copyin(domain_root(rp.caller), &x, c->regs[REG_A5], sizeof x) == 0) {
			uint64_t n = rbytes < x.rsize ? rbytes : x.rsize;
			/* The caller's rbuf was checked at the call; if the caller has
			 * since unmapped it, the results are dropped (its problem). */
			copy_user_to_user(domain_root(rp.caller), x.rbuf, domain_root(server), act->buf, n);
		}
	}
	frame_set_results(c, 0, r, rbytes);
	return_aftermath(&rp);
	observe_return(t, server, rp.caller, t->shuttle.depth); /* may kill the caller */
	if (rp.caller->state != DOM_LIVE && !door_unwind(t)) {
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
	uint64_t rbytes = tf->regs[REG_A6];
	if (rbytes > f->act->buf_size)
		return HE_INVAL;
	/* The result words a1..a5 stay in the finished server frame, which
	 * nothing reuses before they are copied. */
	door_return_general(t, &tf->regs[REG_A1], rbytes);
	return 0; /* lands in the finished server frame, which is discarded */
}

long door_fast_call_general(uint64_t h, uint64_t flags, uint64_t w1, uint64_t w2, uint64_t w3,
			    uint64_t w4, uint64_t w5)
{
	struct thread *t = thread_current();
	const uint64_t w[DOOR_NWORDS] = { w1, w2, w3, w4, w5 };
	const struct door_call_args a = {
		.h = handle_from_reg(h),
		.flags = (uint32_t)flags,
		.w = w,
	};
	if (!door_call_general(t, &a, false))
		thread_return_to_user(); /* the outcome is in t->tf, a complete frame */
	arch_user_fpu(false);
	return (long)(uintptr_t)t->tf;
}

void door_fast_return_general(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	const uint64_t r[DOOR_NWORDS] = { r1, r2, r3, r4, r5 };
	door_return_general(thread_current(), r, 0); /* trap.S checked that a call exists */
	thread_return_to_user();
}
