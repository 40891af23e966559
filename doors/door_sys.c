/* Door system calls (register convention: kern/abi/hinge/door.h; rules:
 * doors/SEMANTICS.md; reference: docs/syscalls.md).
 *
 * The fast path is SYS_DOOR_CALL without DOOR_CALL_XARG and SYS_DOOR_RETURN
 * with no result bytes: no allocation, no copy but registers, no scheduler
 * decision. The caller's hop frame is left untouched by a call (it is the
 * return point), the server starts on a fresh frame where every register
 * is zero except the declared ones, and a return writes only a0..a6 of the
 * caller's frame: this is what keeps one domain's registers from another. */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "door_sys.h"
#include "call.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/uaccess.h"
#include "doors/names.h"
#include "kern/vm.h"
#include "kern/fpu.h"
#include "kern/trace.h"
#include "kern/inject.h"
#include "kern/copy.h"
#include "kern/notify.h"
#include "kern/inherit.h"
#include "kern/mutex.h"

_Static_assert(DOOR_CALL_XARG == TF_DOOR_CALL_XARG, "trap.S takes XARG calls to the general path");

static uint64_t *root_of(struct domain *d)
{
	return (uint64_t *)(uintptr_t)d->pt_root;
}

static struct domain *cur_domain(void)
{
	return thread_current()->cur;
}

long sys_door_create(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door_pool_desc desc;
	if (copyin(root_of(d), &desc, tf->regs[REG_A3], sizeof desc) < 0)
		return HE_FAULT;
	int lo, hi;
	door_prio_range(d, (uint32_t)tf->regs[REG_A2], &lo, &hi);
	int r = act_desc_check(&desc, lo, hi);
	if (r < 0)
		return r;
	/* Every stack and buffer must be writable memory of the server now:
	 * then entering a call can never find them missing. */
	if (uaccess_check(root_of(d), desc.stack_base, desc.stack_size * desc.n, VM_W) < 0 ||
	    uaccess_check(root_of(d), desc.buf_base, desc.buf_size * desc.n, VM_W) < 0)
		return HE_FAULT;
	if (tf->regs[REG_A2] & ~(uint64_t)DOOR_F_ALL)
		return HE_INVAL;
	struct door *door;
	r = door_alloc(d, tf->regs[REG_A0], tf->regs[REG_A1], (uint32_t)tf->regs[REG_A2], &desc, &door);
	if (r < 0)
		return r;
	int h = handle_install(&d->handles, KOBJ_DOOR, door, H_DOOR_ALL);
	if (h < 0)
		door_settle(door); /* no handle: the door is freed again */
	return h;
}

/* Bulk part of a call, validated before anything changes. */
struct xcall {
	struct door_xarg x;
	struct door_desc desc[DOOR_MAX_DESC];
	struct user_range data;  /* the caller's bytes, checked readable */
};


static int xcall_check(struct domain *d, struct trapframe *tf, struct xcall *xc)
{
	if (copyin(root_of(d), &xc->x, tf->regs[REG_A5], sizeof xc->x) < 0)
		return HE_FAULT;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_CALL, (void **)&door);
	if (r < 0)
		return r;
	size_t buf_size = door->pool.act[0]->buf_size;
	size_t handles_at = (xc->x.data_size + 7) & ~7UL;
	if (xc->x.data_size > DOOR_MAX_DATA || xc->x.desc_num > DOOR_MAX_DESC ||
	    xc->x.data_size > buf_size ||
	    (xc->x.desc_num && handles_at + 4 * xc->x.desc_num > buf_size))
		return HE_INVAL;
	if (user_range_check(&xc->data, root_of(d), xc->x.data_ptr, xc->x.data_size, VM_R) < 0 ||
	    uaccess_check(root_of(d), xc->x.rbuf, xc->x.rsize, VM_W) < 0 ||
	    copyin(root_of(d), xc->desc, xc->x.desc_ptr, sizeof xc->desc[0] * xc->x.desc_num) < 0)
		return HE_FAULT;
	for (uint64_t i = 0; i < xc->x.desc_num; i++) {
		/* Any object type transfers: doors, notifications, memory. */
		struct handle any;
		r = handle_get(&d->handles, xc->desc[i].handle, H_XFER, &any);
		if (r < 0)
			return r;
		if (xc->desc[i].flags & ~DOOR_DESC_MOVE)
			return HE_INVAL;
	}
	if (!handle_has_free(&door->server->handles, xc->x.desc_num))
		return HE_NOSPACE;
	return 0;
}

/* Move the bulk data and handles of a call that has begun. Cannot fail: all
 * was checked by xcall_check (with nothing since that could unmap the
 * caller's data: a call that waited was checked again), and the server's
 * buffer is its own memory since door creation. Returns the server's a7
 * (bytes | handles << 32). */
static uint64_t xcall_transfer(struct domain *caller, struct domain *server,
			       struct activation *act, struct xcall *xc)
{
	copy_range_to_user(root_of(server), act->buf, &xc->data);
	int32_t received[DOOR_MAX_DESC];
	for (uint64_t i = 0; i < xc->x.desc_num; i++) {
		struct handle *src = &caller->handles.slot[xc->desc[i].handle];
		received[i] = handle_install(&server->handles, src->type, src->obj, src->rights);
	}
	/* The new numbers follow the data, all in one copy. */
	copyout(root_of(server), act->buf + ((xc->x.data_size + 7) & ~7UL), received,
		sizeof received[0] * xc->x.desc_num);
	/* Moves close the caller's handles only once every descriptor has been
	 * installed, so a handle named twice (moved and copied) is valid for
	 * both. */
	for (uint64_t i = 0; i < xc->x.desc_num; i++)
		if (xc->desc[i].flags & DOOR_DESC_MOVE)
			handle_close(&caller->handles, xc->desc[i].handle);
	return xc->x.data_size | (xc->x.desc_num << 32);
}

/* Write a finished call's outcome into the caller's frame: status, result
 * words and bytes in a0..a6, and zeros in t0..t6 and a7 (the convention
 * clobbers them, and the frame may hold another domain's stale values from
 * an earlier hop at the same depth). */
static void frame_set_results(struct trapframe *c, long status, const uint64_t r[5], uint64_t bytes)
{
	c->regs[REG_A0] = (uint64_t)status;
	for (int i = 0; i < 5; i++)
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
static void frame_set_dead(struct trapframe *c, long status, const struct domain *dead)
{
	const uint64_t r[5] = { (uint64_t)dead->id, domain_death_how(dead), dead->gen };
	frame_set_results(c, status, r, 0);
}

/* The server of the door handle h of ht names: door_call_begin has just
 * refused a call through it at check 5 (HE_DEAD, HE_STALE), so it names a
 * door. Looked up again here, off the success path. */
static struct domain *refused_server(const struct handle_table *ht, int h)
{
	void *door = NULL;
	handle_lookup(ht, h, KOBJ_DOOR, 0, &door);
	return ((struct door *)door)->server;
}

/* sys_door_call's error return for a call refused without waiting: a dead
 * or restarted server is named in a1..a3 (frame_set_dead). */
static __attribute__((noinline)) long call_refused(struct trapframe *tf, int r, struct domain *caller)
{
	if (r == HE_DEAD || r == HE_STALE)
		frame_set_dead(tf, r, refused_server(&caller->handles, handle_from_reg(tf->regs[REG_A0])));
	return r;
}

/* Consequences of a return that the returning code must act on (an
 * unreferenced notification is delivered by door_settle itself). */
static void return_aftermath(struct door_return_plan *rp)
{
	if (rp->woken)
		thread_wake(rp->woken);
}

/* Undo a call that has begun but will not enter its server. */
static void call_abandon(struct thread *t)
{
	struct door_return_plan rp;
	door_return_finish(t, &rp);
	return_aftermath(&rp);
}

/* door_call_begin queued t for an activation: wait until it is handed one
 * (the holders inherit our priority meanwhile) or the wait ends otherwise.
 * Shared by the fast and general paths. Returns 0 with *plan filled, or an
 * HE_* code with nothing held. */
static __attribute__((noinline)) int call_wait(struct thread *t, struct door_call_plan *plan)
{
	int r = ACQ_QUEUED;
	if (door_observed && !t->orphan)
		trace_wait(t, t->cur, plan->door);
	while (r == ACQ_QUEUED) {
		if (t->orphan) {
			/* Nobody waits for an orphan's result: a call of it that
			 * would wait is abandoned at once (SEMANTICS §8). */
			if (door_observed)
				trace_abandon(t, plan->door, false);
			door_call_cancel_wait(t, HE_CANCELLED);
			return HE_CANCELLED;
		}
		sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
		thread_switch_out();
		r = door_call_resume(t, plan);
	}
	if ((r == 0 || r == ACQ_HANDOFF) && plan->server->state != DOM_LIVE) {
		/* Handed an activation while waiting, but the server has died
		 * since: the call ends at once, nothing of it remains. */
		call_abandon(t);
		frame_set_dead(t->tf, HE_DEAD, plan->server);
		r = HE_DEAD;
	}
	return r;
}

/* Point the server's fresh hop frame at the door's entry: pc, sp, the
 * cookie (a0) and the buffer (a6), and switch to its address space. The
 * fast path (trap.S) loads exactly these and zeroes every other register
 * but the arguments; the general path restores the whole frame, which it
 * zeroed first. */
/* A scenario is running: trace the call, and let an injection waiting for
 * this entry fire (it may kill the server before its code runs: then the
 * thread has been sent back and t->tf is no longer the server's frame). */
static __attribute__((noinline)) void observe_call(struct thread *t, const struct door_call_plan *plan)
{
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	trace_call(t, f->caller, plan->server, f->door, plan->hop);
	inject_enter(plan->server);
}

static inline struct trapframe *server_entry(struct thread *t, const struct door_call_plan *plan)
{
	fpu_hop_fresh(t, plan->hop);
	struct trapframe *s = t->tf;
	s->pc = plan->entry;
	s->regs[REG_SP] = plan->act->stack_top;
	s->regs[REG_A0] = plan->cookie;
	s->regs[REG_A6] = plan->act->buf;
	domain_activate(plan->server);
	return s;
}

/* server_entry on the general paths: while a scenario runs, the call is
 * traced and an injection may fire as the server is entered. */
static struct trapframe *server_entry_observed(struct thread *t, const struct door_call_plan *plan)
{
	struct trapframe *s = server_entry(t, plan);
	if (door_observed)
		observe_call(t, plan);
	return s;
}

/* ---- handoff doors (doors/handoff.h) ---------------------------------------
 * The machine half: the server thread's entry registers, bulk transfer,
 * results, and the direct switch in both directions. */

/* Hand the call t has begun through a handoff door (plan; ACQ_HANDOFF) to
 * the activation's server thread and wait for the reply. w: the argument
 * words; xc: the bulk part (checked), or NULL. The server thread starts
 * exactly as a migrate call's server hop would (SEMANTICS §1a): a fresh
 * frame, every register zero but the declared ones, FPU off. Returns when
 * the call is over, with the outcome in t->tf (a0 = 0 or HE_*, results),
 * which may be an older frame if t was sent back meanwhile. */
static void handoff_call(struct thread *t, const struct door_call_plan *plan, const uint64_t w[5],
			 struct xcall *xc)
{
	struct activation *a = plan->act;
	struct thread *s = a->server;
	struct trapframe *e = &s->frames[0];
	kzero(e->regs, sizeof e->regs);
	fpu_hop_fresh(s, 0);
	s->tf = e;
	e->pc = plan->entry;
	e->regs[REG_SP] = a->stack_top;
	e->regs[REG_A0] = plan->cookie;
	for (int i = 0; i < 5; i++)
		e->regs[REG_A1 + i] = w[i];
	e->regs[REG_A6] = a->buf;
	a->rbuf = a->rsize = 0;
	if (xc) {
		e->regs[REG_A5] = 0;
		e->regs[REG_A7] = xcall_transfer(t->cur, plan->server, a, xc);
		a->rbuf = xc->x.rbuf;
		a->rsize = xc->x.rsize;
	}
	t->door_status = HANDOFF_PENDING;
	handoff_serve(s);
	sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
	thread_switch_to(s);
	while (t->door_status == HANDOFF_PENDING) {
		sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
		thread_switch_out();
	}
	domain_activate(t->cur);
}

/* SYS_DOOR_RETURN of a serving server thread s (tf: its frame): results to
 * the caller as a migrate return gives them (words, bytes into the caller's
 * rbuf), the caller woken (directly if priorities allow), and s waits for
 * the next call. Returns HE_INVAL (too many result bytes; s goes on), or,
 * once s is handed a new call, that call's cookie (a0 of the entry frame
 * handoff_call has set up). */
static long handoff_return(struct thread *s, struct trapframe *tf)
{
	struct activation *a = s->handoff_act;
	uint64_t rbytes = tf->regs[REG_A6];
	if (rbytes > a->buf_size)
		return HE_INVAL;
	struct thread *c = a->holder;
	if (c) {
		struct domain *caller = shuttle_top(&c->shuttle)->caller;
		if (rbytes && a->rsize) {
			uint64_t n = rbytes < a->rsize ? rbytes : a->rsize;
			/* rbuf was checked at the call; if the caller has since
			 * unmapped it, the results are dropped (its problem). */
			copy_user_to_user(root_of(caller), a->rbuf, root_of(s->cur), a->buf, n);
		}
		uint64_t r[5];
		for (int i = 0; i < 5; i++)
			r[i] = tf->regs[REG_A1 + i];
		frame_set_results(c->tf, 0, r, rbytes);
		c->door_status = 0;
	}
	struct door_return_plan rp;
	handoff_finish(s, &rp);
	return_aftermath(&rp);
	sched_block(&this_hart()->sched, s, THREAD_BLOCKED);
	if (!s->handoff_act) {
		/* The return freed the door: its server thread ends. */
		if (c)
			thread_wake(c);
		thread_kill(s);
	}
	if (c)
		thread_switch_to(c);
	else
		thread_switch_out();
	return (long)s->tf->regs[REG_A0];
}

/* The server thread s dies (with its domain, or its door freed), or goes on
 * as an orphan whose server domain died: a call it serves ends for its
 * caller with HE_DEAD, and s leaves its activation. s is detached from the
 * activation first: ending the call may free the door (its last handle may
 * be gone), and the pool's stop must not kill s, which our caller still
 * uses. */
static void handoff_server_gone(struct thread *s)
{
	struct activation *a = s->handoff_act;
	if (!a)
		return;
	a->server = NULL;
	s->home->npool--;
	if (s->serving) {
		struct thread *c = a->holder;
		if (c) {
			frame_set_dead(c->tf, HE_DEAD, s->home);
			c->door_status = 0;
		}
		struct door_return_plan rp;
		handoff_finish(s, &rp);
		return_aftermath(&rp);
		if (c)
			thread_wake(c);
	}
	s->handoff_act = NULL;
	s->serving = false;
}

long door_fast_call(uint64_t h, uint64_t flags)
{
	struct thread *t = thread_current();
	struct door_call_plan plan;
	if (flags & ~(uint64_t)DOOR_CALL_ALL)
		return HE_INVAL;
	/* While a scenario observes door events, every call takes the general
	 * entry (door_fast_call_wait), which traces: this one stays a leaf. */
	if (door_observed)
		return ACQ_NONE_FREE;
	int r = door_call_try(t, &t->cur->handles, handle_from_reg(h), (uint32_t)flags, &plan);
	if (r != 0) {
		/* An error, or ACQ_NONE_FREE: trap.S goes on with door_fast_call_wait,
		 * which also takes HE_DEAD and HE_STALE (it names the dead domain
		 * in a1..a3). */
		return r == HE_DEAD || r == HE_STALE ? ACQ_NONE_FREE : r;
	}
	struct trapframe *s = server_entry(t, &plan);
	arch_user_fpu(false); /* a fresh hop never owns the FPU */
	return (long)(uintptr_t)s;
}

long door_fast_call_wait(uint64_t h, uint64_t flags, uint64_t w1, uint64_t w2, uint64_t w3,
			 uint64_t w4, uint64_t w5)
{
	struct thread *t = thread_current();
	struct trapframe *c = t->tf;
	struct door_call_plan plan;
	int r = door_call_begin(t, &t->cur->handles, handle_from_reg(h), (uint32_t)flags, &plan);
	if (r == HE_DEAD || r == HE_STALE)
		frame_set_dead(c, r, refused_server(&t->cur->handles, handle_from_reg(h)));
	else if (r == ACQ_QUEUED)
		r = call_wait(t, &plan);
	if (r == ACQ_HANDOFF) {
		const uint64_t w[5] = { w1, w2, w3, w4, w5 };
		handoff_call(t, &plan, w, NULL);
		thread_return_to_user(); /* the outcome is in t->tf, a complete frame */
	}
	if (r < 0) {
		/* HE_DEAD and HE_STALE: the frame holds the status and the dead
		 * domain's name, set where the death was found. */
		bool named = r == HE_DEAD || r == HE_STALE;
		if (t->tf == c && !this_hart()->resched && !named)
			return r; /* trap.S's error exit: back to the caller */
		/* The wait ended with the caller's domain dead (the thread was
		 * unwound to an older frame, results already set), with a death
		 * to name, or with a switch due: the general exit, from a
		 * complete frame. */
		if (t->tf == c && !named) {
			static const uint64_t none[5];
			frame_set_results(c, r, none, 0);
		}
		thread_return_to_user();
	}
	struct trapframe *s = server_entry_observed(t, &plan);
	if (t->tf != s)
		thread_return_to_user(); /* an injection killed the server: sent back */
	arch_user_fpu(false);
	return (long)(uintptr_t)s;
}

long sys_door_call(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct domain *caller = t->cur;
	if (tf->regs[REG_A6] & ~(uint64_t)DOOR_CALL_ALL)
		return HE_INVAL;
	uint32_t flags = (uint32_t)tf->regs[REG_A6];
	struct xcall xc;
	if (flags & DOOR_CALL_XARG) {
		int r = xcall_check(caller, tf, &xc);
		if (r < 0)
			return r;
	}
	struct door_call_plan plan;
	int r = door_call_begin(t, &caller->handles, handle_from_reg(tf->regs[REG_A0]), flags, &plan);
	bool waited = r == ACQ_QUEUED;
	if (waited)
		r = call_wait(t, &plan);
	if (r < 0)
		return waited ? r : call_refused(tf, r, caller);
	if (waited && (flags & DOOR_CALL_XARG)) {
		/* The caller's handles or the server's table may have changed
		 * while we waited: check the bulk part again, or give up the
		 * call we were handed. */
		int x = xcall_check(caller, tf, &xc);
		if (x < 0) {
			call_abandon(t);
			return x;
		}
	}
	if (r == ACQ_HANDOFF) {
		uint64_t w[5];
		for (int i = 0; i < 5; i++)
			w[i] = tf->regs[REG_A1 + i];
		handoff_call(t, &plan, w, (flags & DOOR_CALL_XARG) ? &xc : NULL);
		return (long)t->tf->regs[REG_A0];
	}
	kzero(t->tf->regs, sizeof t->tf->regs);
	struct trapframe *s = server_entry_observed(t, &plan);
	if (t->tf != s) {
		/* An injection killed the server as it was entered: the thread was
		 * sent back, its resumed frame already says HE_DEAD (it may be the
		 * very frame this call's status is written into). */
		return (long)t->tf->regs[REG_A0];
	}
	for (int i = REG_A1; i <= REG_A5; i++)
		s->regs[i] = tf->regs[i];
	if (flags & DOOR_CALL_XARG) {
		s->regs[REG_A5] = 0;
		s->regs[REG_A7] = xcall_transfer(caller, plan.server, plan.act, &xc);
	}
	return tf->regs[REG_A0]; /* lands in the caller's saved a0; overwritten at return */
}


/* After the return's bookkeeping: a caller that died while we served it is
 * skipped (unwinding further), the address space switches to whoever
 * resumes. Returns false when the thread cannot resume anywhere. */
static void return_resume(struct thread *t, struct domain *left, struct door_return_plan *rp)
{
	return_aftermath(rp);
	if (door_observed) {
		trace_return(t, left, rp->caller, t->shuttle.depth);
		inject_return(left); /* may kill the caller: unwinding follows */
	}
	if (rp->caller->state != DOM_LIVE && !door_unwind(t)) {
		/* No live caller is left: the thread's home is dead too. */
		thread_kill(t);
	}
	domain_activate(t->cur);
}

struct trapframe *door_fast_return(void)
{
	struct thread *t = thread_current();
	if (!door_return_is_quiet(t) || this_hart()->resched || door_observed)
		return NULL; /* trap.S goes on with door_fast_return_rare */
	domain_activate(door_return_quiet(t));
	arch_user_fpu(fpu_owned(t));
	return t->tf; /* trap.S resumes it with a0 = 0, a1..a5 = the results, a6 = 0 */
}

void door_fast_return_rare(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	struct thread *t = thread_current();
	struct door_return_plan rp = { 0 };
	struct domain *left = t->cur;
	door_return_finish(t, &rp); /* trap.S checked that a call exists */
	const uint64_t r[5] = { r1, r2, r3, r4, r5 };
	frame_set_results(t->tf, 0, r, 0);
	return_resume(t, left, &rp);
	thread_return_to_user();
}

long sys_door_return(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	if (!f)
		return t->serving ? handoff_return(t, tf) : HE_NOCALL;
	struct activation *act = f->act;
	struct domain *server = t->cur;
	uint64_t rbytes = tf->regs[REG_A6];
	if (rbytes > act->buf_size)
		return HE_INVAL;

	struct door_return_plan rp;
	door_return_finish(t, &rp);
	struct trapframe *c = t->tf; /* the caller's hop frame, as it was at the call */
	if ((c->regs[REG_A6] & DOOR_CALL_XARG) && rbytes) {
		struct door_xarg x;
		if (copyin(root_of(rp.caller), &x, c->regs[REG_A5], sizeof x) == 0) {
			uint64_t n = rbytes < x.rsize ? rbytes : x.rsize;
			/* The caller's rbuf was checked at the call; if the caller has
			 * since unmapped it, the results are dropped (its problem). */
			copy_user_to_user(root_of(rp.caller), x.rbuf, root_of(server), act->buf, n);
		}
	}
	uint64_t r[5];
	for (int i = 0; i < 5; i++)
		r[i] = tf->regs[REG_A1 + i];
	frame_set_results(c, 0, r, rbytes);
	return_resume(t, server, &rp);
	return 0; /* lands in the finished server frame, which is discarded */
}

/* The domain hop k of t runs in (hop 0: the home; hop k: the server of the
 * call in frame k - 1). */
static struct domain *hop_domain(const struct thread *t, int k)
{
	return k == 0 ? t->home : t->shuttle.frame[k - 1].door->server;
}

/* Whether hop k of t runs in a dead domain. An orphan's hops at or below its
 * base are its dead origin's (and its home now names the orphan's domain). */
static bool hop_dead(const struct thread *t, int k)
{
	if (t->orphan && k <= t->shuttle.base)
		return true;
	return hop_domain(t, k)->state != DOM_LIVE;
}

bool door_unwind(struct thread *t)
{
	if (t->waiting_on) {
		door_call_cancel_wait(t, HE_DEAD);
		thread_wake(t);
	}
	if (t->mutex_wait) {
		/* Waiting in the dead domain's code for a mutex: the wait ends
		 * (its lock call's result is discarded with the hop). */
		mutex_cancel_wait(t, HE_DEAD);
		thread_wake(t);
	}
	struct domain *dead = NULL; /* the hop just above where t lands */
	/* The top hop's domain, not t->cur: a waiter just handed an activation
	 * of a dead server has the frame but has not entered it yet. */
	while (hop_dead(t, t->shuttle.depth)) {
		struct door_return_plan rp;
		struct domain *from = t->cur;
		dead = hop_domain(t, t->shuttle.depth);
		if (door_return_finish(t, &rp) < 0)
			return false;
		if (door_observed) {
			trace_unwind(t, from, t->cur, t->shuttle.depth);
			inject_unwind(dead);
		}
		return_aftermath(&rp);
	}
	bool popped = dead != NULL;
	if (popped) {
		/* The caller's frame may have been saved by the fast path (callee-
		 * saved registers only): every other register gets a defined
		 * value, so nothing of an earlier hop at this depth shows. */
		frame_set_dead(t->tf, HE_DEAD, dead);
	}
	if (t != thread_current()) {
		/* A switched-out thread may sit in sys_door_call's wait, possibly
		 * already handed an activation (whose frame was popped above): its
		 * resume must report the death, not enter an older call's server. */
		t->door_status = HE_DEAD;
		/* A notification wait in the dead domain ends (kern/notify.h). */
		if (popped)
			notify_cancel(t);
		/* Asleep or blocked in the dead domain's code: it goes back now,
		 * not when its sleep or wait would have ended. */
		if (popped && (t->state == THREAD_SLEEPING || t->state == THREAD_BLOCKED)) {
			door_forget_unref_waiter(t);
			thread_wake(t);
		}
	}
	return true;
}

/* Release t's frames [from, to): calls made by or into dead hops. */
static void release_frames(struct thread *t, int from, int to)
{
	for (int k = from; k < to; k++) {
		struct door_return_plan rp;
		door_frame_release(&t->shuttle.frame[k], &rp);
		return_aftermath(&rp);
	}
}

/* t has just become an orphan (a split): a call of it that has not begun
 * running in its server is for nobody and is abandoned before it starts
 * (SEMANTICS §8): it leaves the pool's queue, or gives the activation it was
 * just handed (its frame is pushed, but t->tf is still its caller's) to the
 * next waiter; nothing runs in the server for it. The orphan's code gets
 * HE_CANCELLED from the call -- unless that code is its dead base hop: then
 * the orphan ends, and this returns true (t must die). */
static bool orphan_abandon_call(struct thread *t)
{
	if (t->waiting_on) {
		if (door_observed)
			trace_abandon(t, t->waiting_on->door, false);
		door_call_cancel_wait(t, HE_CANCELLED);
	} else if (t->shuttle.depth > t->shuttle.base && t->tf != &t->frames[t->shuttle.depth] &&
		   t != thread_current() && t->door_status != HANDOFF_PENDING) {
		/* (A handoff call's frame is never entered, but once handed
		 * over, HANDOFF_PENDING, its server thread runs it: begun.) */
		bool ends = t->shuttle.depth - 1 == t->shuttle.base;
		if (door_observed)
			trace_abandon(t, shuttle_top(&t->shuttle)->door, ends);
		struct door_return_plan rp;
		door_return_finish(t, &rp);
		return_aftermath(&rp);
		if (ends)
			return true;
		t->door_status = HE_CANCELLED;
	} else {
		return false;
	}
	if (t->state == THREAD_BLOCKED)
		thread_wake(t); /* out of call_wait, which reports HE_CANCELLED */
	return false;
}

/* t has just become an orphan: every call it runs in (a migrate call above
 * its base; a handoff call in its shuttle runs on the door's server thread,
 * whose caller t still is) is now cancelled: SYS_DOOR_CANCELLED returns 1
 * in it. Each such door's bound cancel bits are signalled (SEMANTICS §8). */
static void orphan_calls_cancelled(struct thread *t)
{
	for (int k = t->shuttle.base; k < t->shuttle.depth; k++) {
		struct door *d = t->shuttle.frame[k].door;
		if (d->mode == DOOR_MIGRATE)
			door_call_cancelled(d);
	}
}

bool door_domain_died(struct thread *t)
{
	if (handoff_pending(t) && hop_dead(t, t->shuttle.depth - 1)) {
		/* t waits for a handoff call's reply in a domain that died: the
		 * call is cancelled (its server thread finishes it for nobody),
		 * then the rules apply to t where it waits. */
		call_abandon(t);
	}
	int base = t->shuttle.base, depth = t->shuttle.depth;
	/* An orphan's own hops start above its base (hop `base` is the dead
	 * caller it was split from); a thread's start at its home, hop 0. */
	int lo = t->orphan ? base + 1 : 0;
	int j = -1; /* the highest hop running in a dead domain */
	for (int k = depth; k >= lo && j < 0; k--)
		if (hop_domain(t, k)->state != DOM_LIVE)
			j = k;
	if (j < 0)
		return false;
	if (j == depth) {
		/* t runs in a dead domain: sent back. If a dead hop is still
		 * below where it landed (its origin died too), the rules apply
		 * again from there: it becomes an orphan. */
		if (!door_unwind(t))
			return true;
		return door_domain_died(t);
	}
	struct domain *dead = hop_domain(t, j);
	bool was_orphan = t->orphan; /* then its calls were cancelled already */

	/* A domain below t's current hop died: split (SEMANTICS §8). The hops
	 * above j go on undisturbed as an orphan whose shuttle starts at frame
	 * j (the call out of the dead hop); the nearest live hop below j, if
	 * any, resumes at once with HE_DEAD on a new thread object that takes
	 * over the caller's identity. */
	int i = -1;
	for (int k = j - 1; k >= lo && i < 0; k--)
		if (hop_domain(t, k)->state == DOM_LIVE)
			i = k;
	struct domain *orphan_home = hop_domain(t, j + 1);
	struct domain *old_base = NULL; /* an orphan's base reference it gives up */
	struct thread *n = NULL;
	if (i >= 0) {
		struct domain *called = hop_domain(t, i + 1); /* dead, like every hop i+1..j */
		n = thread_split(t, i, orphan_home->base_prio);
		if (!n)
			return false; /* no thread or schedctx left: interim rule, t unwinds later */
		handoff_adopt(t, n); /* a server thread's hop 0 went to n: so does its call */
		n->cur = hop_domain(t, i);
		for (int k = n->shuttle.base; k < i; k++)
			n->shuttle.frame[k].act->holder = n;
		frame_set_dead(n->tf, HE_DEAD, called);
		release_frames(t, i, j);
	} else {
		/* The origin died: nobody to resume; the work above goes on. A
		 * handoff server thread's origin is its server domain: the call
		 * it serves ends for its caller now, with HE_DEAD naming that
		 * domain (SEMANTICS §11), and t goes on as a plain orphan. */
		if (t->handoff_act)
			handoff_server_gone(t);
		if (!t->orphan)
			domain_thread_gone(t->home);
		else
			old_base = t->shuttle.frame[base].caller;
		t->orphan = true;
		t->sc->prio = orphan_home->base_prio; /* its schedctx now serves the orphan */
		sched_set_inherited(&this_hart()->sched, t, t->inherited_prio);
		release_frames(t, base, j);
	}
	t->shuttle.base = j;
	/* References (kern/domain.h): on the new base's dead caller (the old
	 * one's went to n with the frames below, or is dropped), and on the
	 * new home. */
	domain_ref(t->shuttle.frame[j].caller);
	if (old_base)
		domain_unref(old_base);
	thread_rehome(t, orphan_home);
	if (door_observed) {
		trace_split(t, n, dead);
		if (n)
			inject_unwind(dead); /* the caller's side was sent back out of it */
	}
	/* t's holdings changed, and so did its base priority (a new or
	 * reprioritised schedctx): its own boost, its place in a queue it
	 * waits in, and everything downstream. */
	inherit_recompute(t, NULL, NULL);
	inherit_base_changed(t);
	if (n)
		inherit_recompute(n, NULL, NULL);
	bool ends = orphan_abandon_call(t);
	if (!was_orphan && !ends)
		orphan_calls_cancelled(t); /* after the abandonment: only calls that run */
	return ends;
}

void door_release_all(struct thread *t)
{
	struct door_return_plan rp;
	if (t->handoff_act)
		handoff_server_gone(t);
	door_forget_unref_waiter(t);
	if (t->waiting_on)
		door_call_cancel_wait(t, HE_DEAD);
	while (door_return_finish(t, &rp) == 0)
		return_aftermath(&rp);
}

long sys_door_revoke(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_REVOKE, (void **)&door);
	if (r < 0)
		return r;
	door_revoke_now(d, door);
	return 0;
}

void door_revoke_now(struct domain *by, struct door *door)
{
	static struct thread *woken[MAX_THREADS];
	bool calls = door->inflight > 0 || door->pool.nwaiters > 0;
	if (door_observed)
		trace_revoke(thread_current(), by, door);
	int n = door_revoke(door, woken);
	for (int i = 0; i < n; i++)
		thread_wake(woken[i]);
	/* A revocation with calls in flight or waiting is an injection event:
	 * the waiters hold HE_REVOKED, the calls in flight have not gone on. */
	if (door_observed && calls)
		inject_revoked(door);
}

long sys_door_info(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int h = handle_from_reg(tf->regs[REG_A0]);
	int r = handle_lookup(&d->handles, h, KOBJ_DOOR, H_INFO, (void **)&door);
	if (r < 0)
		return r;
	struct door_info info = {
		.server = door->server->id,
		.state = (uint32_t)door->state,
		.flags = door->flags,
		.rights = d->handles.slot[h].rights,
		.nact = door->pool.n,
		.inflight = (uint32_t)door->inflight,
		.waiters = (uint32_t)door->pool.nwaiters,
		.unref = door->unref_pending || door->unref_delivered,
		.cookie = door->server == d ? door->cookie : 0,
		.mode = (uint32_t)door->mode,
		.prio = (uint32_t)door->prio,
	};
	return copyout(root_of(d), tf->regs[REG_A1], &info, sizeof info);
}

long sys_handle_dup(struct trapframe *tf)
{
	if (tf->regs[REG_A1] & ~(uint64_t)H_ALL)
		return HE_INVAL;
	return handle_dup(&cur_domain()->handles, handle_from_reg(tf->regs[REG_A0]), (uint32_t)tf->regs[REG_A1]);
}

long sys_handle_close(struct trapframe *tf)
{
	return handle_close(&cur_domain()->handles, handle_from_reg(tf->regs[REG_A0]));
}

long sys_door_unref_wait(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct domain *d = t->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, 0, (void **)&door);
	if (r < 0)
		return r;
	if (door->server != d || !(door->flags & DOOR_F_UNREF))
		return HE_PERM;
	if (door->state != DOOR_LIVE)
		return HE_REVOKED; /* never unreferenced now */
	if (door_unref_take(door))
		return 0;
	if (door->unref_delivered || door->unref_waiter)
		return HE_INVAL;
	door->unref_waiter = t;
	t->door_status = 0;
	sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
	thread_switch_out();
	return t->door_status;
}

long sys_door_notify(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_REVOKE, (void **)&door);
	if (r < 0)
		return r;
	if (door->server != d)
		return HE_PERM;
	uint64_t unref_bits = tf->regs[REG_A2], cancel_bits = tf->regs[REG_A3];
	struct notify *n = NULL;
	if (unref_bits | cancel_bits) {
		/* An unbinding names no notification: the handle may be gone. */
		r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A1]), KOBJ_NOTIFY, H_SIGNAL, (void **)&n);
		if (r < 0)
			return r;
	}
	return door_bind_notify(door, n, unref_bits, cancel_bits);
}

long sys_name_publish(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_XFER, (void **)&door);
	if (r < 0)
		return r;
	char name[NAME_LEN];
	r = copyinstr(root_of(d), name, tf->regs[REG_A1], sizeof name);
	if (r < 0)
		return r;
	return names_publish(name, door);
}

long sys_name_lookup(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	char name[NAME_LEN];
	int r = copyinstr(root_of(d), name, tf->regs[REG_A0], sizeof name);
	if (r < 0)
		return r;
	return names_lookup(name, &d->handles, H_CALL | H_INFO | H_DUP | H_XFER);
}
