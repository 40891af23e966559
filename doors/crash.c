/* The crash rules: what a domain's death does to the threads whose
 * shuttles pass through it. The rules are doors/SEMANTICS.md §8 (a domain
 * dies during door calls: send-back, chain split, orphans, abandoned and
 * cancelled calls) and §8b (what the dying domain's own threads and objects
 * become); the rulebook names, for each rule, the unit test beside this file
 * (tests/unit/test_crash.c) and the QEMU tests that check it.
 *
 * The kernel core calls in at two points (kern/ipc.h): ipc_domain_died,
 * for every thread of the system when a domain dies (kern/domain.c), and
 * ipc_thread_reaped, for a thread that ends (kern/thread.c). */
#include <hinge/errno.h>
#include "doors/crash.h"
#include "doors/call.h"
#include "doors/hopframe.h"
#include "doors/handoff.h"
#include "kern/ipc.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/notify.h"
#include "kern/inherit.h"
#include "kern/mutex.h"
#include "kern/observe.h"

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
		observe_unwind(t, from, t->cur, t->shuttle.depth, dead);
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
		observe_abandon(t, t->waiting_on->door, false);
		door_call_cancel_wait(t, HE_CANCELLED);
	} else if (t->shuttle.depth > t->shuttle.base && t->tf != &t->frames[t->shuttle.depth] &&
		   t != thread_current() && t->door_status != HANDOFF_PENDING) {
		/* (A handoff call's frame is never entered, but once handed
		 * over, HANDOFF_PENDING, its server thread runs it: begun.) */
		bool ends = t->shuttle.depth - 1 == t->shuttle.base;
		observe_abandon(t, shuttle_top(&t->shuttle)->door, ends);
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
			return false; /* no thread or schedctx left: the fallback of SEMANTICS §8,
					 t is sent back when its return reaches hop j */
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
	observe_split(t, n, dead); /* n, if any, was sent back out of dead */
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

void ipc_thread_reaped(struct thread *t)
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
