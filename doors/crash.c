/* The crash rules: what a domain's death does to the threads whose
 * shuttles pass through it. The rules are doors/SEMANTICS.md §11 (a domain
 * dies during door calls: send-back, chain split, orphans, abandoned and
 * cancelled calls) and §12 (what the dying domain's own threads and objects
 * become); the rulebook names, for each rule, the unit test beside this file
 * (tests/unit/test_crash.c) and the QEMU tests that check it.
 *
 * The kernel core calls in at three points (kern/ipc.h): ipc_domain_died,
 * for every thread of the system when a domain dies (kern/domain.c),
 * ipc_wait_cancel, when a thread's wait for a door ends by force, and
 * ipc_thread_reaped, for a thread that ends (both from kern/thread.c). */
#include <hinge/errno.h>
#include "doors/crash.h"
#include "doors/call.h"
#include "doors/hopframe.h"
#include "doors/handoff.h"
#include "kern/ipc.h"
#include "kern/thread.h"
#include "kern/schedctx.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/inherit.h"
#include "kern/observe.h"
#include "kern/copy.h"

static const uint64_t no_results[DOOR_NWORDS];

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
	/* t waits, if it does, in the dead domain's code: the wait ends (its
	 * system call's result is discarded with the hop), and a call it was
	 * handed meanwhile, whose frame is popped below, reports the death
	 * instead of entering an older call's server. */
	thread_wait_cancel(t, HE_DEAD);
	/* LAB 5 BEGIN */
	/* LAB 5 STUB: return false; */
	struct domain *dead = NULL; /* the hop just above where t lands */
	/* The top hop's domain, not t->cur: a waiter just handed an activation
	 * of a dead server has the frame but has not entered it yet. */
	while (hop_dead(t, t->shuttle.depth)) {
		const struct shuttle_frame *f = shuttle_top(&t->shuttle);
		if (!f)
			return false; /* its home is dead too */
		/* The trace names the dead domain t leaves, which is not t->cur
		 * for a waiter handed an activation it has not entered yet. */
		dead = hop_domain(t, t->shuttle.depth);
		observe_unwind(t, dead, f->caller, t->shuttle.depth - 1);
		struct door_return_plan rp;
		door_return_finish(t, &rp);
		return_aftermath(&rp);
	}
	if (!dead)
		return true; /* t runs in a live hop: its registers are its own */
	/* The caller's frame may have been saved by the fast path (callee-
	 * saved registers only): every other register gets a defined value,
	 * so nothing of an earlier hop at this depth shows. */
	frame_set_dead(t->tf, HE_DEAD, dead);
	/* Asleep or blocked in the dead domain's code: it goes back now, not
	 * when its sleep or wait would have ended. */
	if (t != thread_current() && (t->state == THREAD_SLEEPING || t->state == THREAD_BLOCKED))
		thread_wake(t);
	return true;
	/* LAB 5 END */
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
 * (SEMANTICS §11): it leaves the pool's queue, or gives the activation it was
 * just handed (its frame is pushed, but t->tf is still its caller's) to the
 * next waiter; nothing runs in the server for it. The orphan's code gets
 * HE_CANCELLED from the call -- unless that code is its dead base hop: then
 * the orphan ends, and this returns true (t must die). */
static bool orphan_abandon_call(struct thread *t)
{
	if (t->wait.kind == WAIT_ACTIVATION && wait_pending(t)) {
		OBSERVE(trace_abandon(t, ((struct actpool *)t->wait.obj)->door, false));
		door_call_cancel_wait(t, HE_CANCELLED);
	} else if (t->shuttle.depth > t->shuttle.base && t->tf != &t->frames[t->shuttle.depth] &&
		   t != thread_current() && t->wait.kind != WAIT_REPLY) {
		/* (A handoff call's frame is never entered, but once handed
		 * over, WAIT_REPLY, its server thread runs it: begun.) */
		bool ends = t->shuttle.depth - 1 == t->shuttle.base;
		OBSERVE(trace_abandon(t, shuttle_top(&t->shuttle)->door, ends));
		door_call_abandon(t);
		if (ends)
			return true;
		t->wait.status = HE_CANCELLED; /* the call it was handed, in call_wait */
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
 * in it. Each such door's bound cancel bits are signalled (SEMANTICS §11). */
static void orphan_calls_cancelled(struct thread *t)
{
	for (int k = t->shuttle.base; k < t->shuttle.depth; k++) {
		struct door *d = t->shuttle.frame[k].door;
		if (d->mode == DOOR_MIGRATE)
			door_call_cancelled(d);
	}
}

/* n has just taken over hops 0..i of t (thread_split): it holds the
 * activations of its frames, and a handoff server thread's call goes with
 * its hop 0. */
static void split_caller_side(struct thread *t, struct thread *n, int i)
{
	handoff_adopt(t, n); /* a server thread's hop 0 went to n: so does its call */
	n->cur = hop_domain(t, i);
	for (int k = n->shuttle.base; k < i; k++)
		n->shuttle.frame[k].act->holder = n;
}

/* The hops of t above j go on as an orphan whose shuttle starts at frame j
 * (SEMANTICS §11, §20): it belongs to hop j+1's domain, runs on its budget
 * cap (its base priority was set by the caller), its calls not begun are
 * abandoned and the others cancelled. n: the thread object that took over
 * the caller's side, or NULL; frames [released, j) are released (calls made
 * by or into dead hops); old_base: a former orphan base's reference to
 * drop; dead: the dead hop j's domain, NULL for a caller's cancellation.
 * Returns true when t must die (a call it had not begun was made by its
 * base hop). */
static bool orphan_goes_on(struct thread *t, struct thread *n, int released, int j,
			   struct domain *old_base, bool was_orphan, struct domain *dead)
{
	struct domain *orphan_home = hop_domain(t, j + 1);
	/* Whichever context t runs on now serves the orphan: its domain's
	 * budget cap too (SEMANTICS §18), never the caller's budget. */
	sc_set_budget(t->sc, orphan_home->cap_budget, orphan_home->cap_period);
	t->shuttle.base = j;
	/* Its last return, into hop j, is for nobody: never the fast path's
	 * (trap.S takes hop 0 to the general return, slowpath.c). */
	t->frames[j + 1].hop = 0;
	/* References (kern/domain.h): on the new base's caller (the old
	 * one's went to n with the frames below, or is dropped), and on the
	 * new home. */
	domain_ref(t->shuttle.frame[j].caller);
	if (old_base)
		domain_unref(old_base);
	thread_rehome(t, orphan_home);
	if (dead)
		observe_split(t, n, dead); /* n, if any, was sent back out of dead */
	else
		OBSERVE(trace_cancel(n, t, false));
	/* Released after the trace line, which causes what the release does
	 * (a waiter handed an activation, boosts ending). */
	release_frames(t, released, j);
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

bool ipc_domain_died(struct thread *t)
{
	if (handoff_pending(t) && hop_dead(t, t->shuttle.depth - 1)) {
		/* t waits for a handoff call's reply in a domain that died: the
		 * call is cancelled (its server thread finishes it for nobody),
		 * then the rules apply to t where it waits. */
		door_call_abandon(t);
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
		return ipc_domain_died(t);
	}
	struct domain *dead = hop_domain(t, j);
	bool was_orphan = t->orphan; /* then its calls were cancelled already */

	/* A domain below t's current hop died: split (SEMANTICS §11). The hops
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
	int released = i; /* t's frames released..j-1 are calls made by or into dead hops */
	if (i >= 0) {
		struct domain *called = hop_domain(t, i + 1); /* dead, like every hop i+1..j */
		n = thread_split(t, i, orphan_home->base_prio);
		if (!n)
			return false; /* no thread or schedctx left: the fallback of SEMANTICS §11,
					 t is sent back when its return reaches hop j */
		split_caller_side(t, n, i);
		frame_set_dead(n->tf, HE_DEAD, called);
	} else {
		/* The origin died: nobody to resume; the work above goes on. A
		 * handoff server thread's origin is its server domain: the call
		 * it serves ends for its caller now, with HE_DEAD naming that
		 * domain (SEMANTICS §16), and t goes on as a plain orphan. */
		if (t->handoff_act)
			handoff_server_gone(t);
		if (!t->orphan)
			domain_thread_gone(t->home);
		else
			old_base = t->shuttle.frame[base].caller;
		t->orphan = true;
		t->sc->prio = orphan_home->base_prio; /* its schedctx now serves the orphan */
		sched_set_inherited(&thread_hart(t)->sched, t, t->inherited_prio);
		released = base;
	}
	bool ends = orphan_goes_on(t, n, released, j, old_base, was_orphan, dead);
	if (n) {
		/* The caller's side resumes in live hop i, but a dead hop may be
		 * below it too (re-entry, A->B->A->B with A dying): the rules
		 * apply to it at once, in this death, whatever its place in the
		 * sweep's order (SEMANTICS §11): it becomes an orphan too. It runs
		 * in a live hop and waits for nothing: it never ends here. */
		ipc_domain_died(n);
	}
	return ends;
}

bool chain_cancel(struct thread *t)
{
	struct thread *n = thread_split(t, 0, hop_domain(t, 1)->base_prio);
	if (!n)
		return false;
	split_caller_side(t, n, 0);
	frame_set_results(n->tf, HE_CANCELLED, no_results, 0);
	/* The hop-0 frame t keeps is the caller's: nothing of the orphan's
	 * last return may reach it (no bulk results copied into the caller). */
	kzero(t->frames[0].regs, sizeof t->frames[0].regs);
	/* t runs above hop 0: a call it has not begun was made above its new
	 * base, so it never ends here. */
	(void)orphan_goes_on(t, n, 0, 0, NULL, false, NULL);
	return true;
}

void ipc_wait_cancel(struct thread *t, long status)
{
	/* A waiter handed an activation, or waiting for a handoff call's
	 * reply: the call is undone with the wait (its frame popped by the
	 * caller of this; a handoff server thread finishes it for nobody). */
	if ((t->wait.kind == WAIT_ACTIVATION && !wait_pending(t)) || t->wait.kind == WAIT_REPLY)
		t->wait.status = status;
	/* Each is a no-op unless t's wait is its pending one; the other kinds
	 * of wait are not a door's (thread_wait_cancel). */
	door_call_cancel_wait(t, (int)status);
	door_unref_wait_cancel(t, status);
}

void ipc_thread_reaped(struct thread *t)
{
	struct door_return_plan rp;
	if (t->handoff_act)
		handoff_server_gone(t);
	while (door_return_finish(t, &rp) == 0)
		return_aftermath(&rp);
}
