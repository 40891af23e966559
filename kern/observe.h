/* The kernel core's one window onto the scenario harness (kern/scenario/).
 *
 * A boot runs a manifest (kern/scenario/bootrun.h: domains started, ends
 * checked, a verdict); a scenario boot also traces its events and arms
 * fault injections (docs/scenarios.md), and a manifest with a `trace` line
 * traces them too (docs/pictures.md). The core reports what happens
 * through the hooks below and knows nothing else of the harness. Each event
 * hook is an inline test of scenario_on: a plain boot pays a load and a
 * branch where the event happens, and the door fast paths pay nothing (they
 * leave every call of a scenario boot to the general path, which reports). */
#ifndef KERN_OBSERVE_H
#define KERN_OBSERVE_H

#include <stdbool.h>
#include <stdint.h>
#include "kern/scenario/bootrun.h"
#include "kern/scenario/trace.h"
#include "kern/scenario/inject.h"

struct trapframe;

/* SYS_KCOUNTS and SYS_BOOTFILE, the harness's own system calls
 * (kern/scenario/harness_sys.c). */
long sys_kcounts(struct trapframe *tf);
long sys_bootfile(struct trapframe *tf);

/* Whether door events are being observed (a scenario is booted). */
static inline bool observing(void)
{
	return scenario_on;
}

/* t's call (its top shuttle frame) enters the server at hop depth (its
 * code has not run): traced, and an injection waiting for this entry fires
 * (it may kill the server: then t has been sent back). */
static inline void observe_call(struct thread *t, int depth)
{
	if (scenario_on)
		trace_call_entered(t, depth);
}

/* t's call through d found every activation busy and is about to wait:
 * traced before it is queued, so that the boosts its wait causes follow. */
static inline void observe_wait(struct thread *t, struct domain *from, struct door *d)
{
	if (scenario_on)
		trace_wait(t, from, d);
}

/* t returns out of `from` into `to` (at depth once popped): traced before
 * its activation is released, so that what the release causes (a waiter
 * handed the activation, boosts ending) follows it in the trace. */
static inline void observe_return(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	if (scenario_on)
		trace_return(t, from, to, depth);
}

/* A return out of `from` is done: an injection waiting for it fires (it may
 * kill the caller). */
static inline void observe_returned(struct domain *from)
{
	if (scenario_on)
		inject_return(from);
}

/* t is sent back out of dead domain `dead` into `to` (at depth once
 * popped): traced before the activation is released, as a return. An
 * injection waiting for this unwind is armed (it fires later, never
 * inside the death's sweep: kern/scenario/inject.c). */
static inline void observe_unwind(struct thread *t, struct domain *dead, struct domain *to, int depth)
{
	if (scenario_on) {
		trace_unwind(t, dead, to, depth);
		inject_unwind(dead);
	}
}

/* Chain split above dead domain `dead`: t goes on as an orphan, n (or NULL:
 * the origin is dead too) resumes the caller's side, sent back out of dead. */
static inline void observe_split(struct thread *t, struct thread *n, struct domain *dead)
{
	if (scenario_on) {
		trace_split(t, n, dead);
		if (n)
			inject_unwind(dead);
	}
}

/* The budget t's ticks were charged to ran out while t runs in t->cur;
 * lent: t goes on, on a budget a waiter lends it (doors/SEMANTICS.md §21). */
static inline void observe_exhausted(struct thread *t, bool lent)
{
	if (scenario_on) {
		trace_exhausted(t, lent);
		inject_exhausted(t);
	}
}

/* caller's door call is cancelled (doors/SEMANTICS.md §20): before it began
 * (orphan NULL, !served), with the work above it going on as orphan, or,
 * served, a handoff call its server thread finishes for nobody. */
static inline void observe_cancel(struct thread *caller, struct thread *orphan, bool served)
{
	if (scenario_on)
		trace_cancel(caller, orphan, served);
}

/* Orphan t's call through d, not begun in its server, is abandoned. */
static inline void observe_abandon(struct thread *t, struct door *d, bool ends)
{
	if (scenario_on)
		trace_abandon(t, d, ends);
}

/* Domain `by` is about to revoke d. */
static inline void observe_revoke(struct thread *t, struct domain *by, struct door *d)
{
	if (scenario_on)
		trace_revoke(t, by, d);
}

/* d was revoked while calls were in flight in it or waited for it (calls):
 * an injection event. */
static inline void observe_revoked(struct door *d, bool calls)
{
	if (scenario_on && calls)
		inject_revoked(d);
}

/* The events only the trace is told of (activations, mutexes,
 * notifications: the trace_* functions of kern/scenario/trace.h):
 * OBSERVE(trace_x(...)) calls trace_x while observing, and costs a load and
 * a branch otherwise. */
#define OBSERVE(call) do { if (__builtin_expect(scenario_on, 0)) call; } while (0)

/* t's effective priority changed. */
static inline void observe_boost(struct thread *t)
{
	if (scenario_on)
		trace_boost(t);
}

static inline void observe_restart(struct domain *old, struct domain *n)
{
	if (scenario_on)
		trace_restart(old, n);
}

static inline void observe_unsupervised(struct domain *s, int dropped)
{
	if (scenario_on)
		trace_unsupervised(s, dropped);
}

/* The scheduler loop picked next to run (NULL: nothing is runnable). Not
 * on the door paths: a migrating call stays on its thread. The direct
 * switches of handoff doors (thread_switch_to) are not seen: no scenario
 * actor creates one. */
static inline void observe_switch(struct thread *next)
{
	if (scenario_on)
		trace_switch(next);
}

/* The timer fired at timebase time now; tick: a tick of the boot began. */
static inline void observe_time(uint64_t now)
{
	if (scenario_on)
		inject_time(now);
}

static inline void observe_tick(uint64_t now)
{
	bootrun_tick(now);
	if (scenario_on)
		inject_tick(bootrun_ticks(now));
}

#endif
