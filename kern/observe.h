/* The kernel core's one window onto the scenario harness (kern/scenario/).
 *
 * A boot runs a manifest (kern/scenario/bootrun.h: domains started, ends
 * checked, a verdict); a scenario boot also traces its events and arms
 * fault injections (docs/scenarios.md), and a manifest with a `trace` line
 * traces them too (docs/pictures.md). The core reports what happens
 * through the hooks below and knows nothing else of the harness. Each event
 * hook (an inline function or OBSERVE) is a test of scenario_on: a plain boot pays a load and a
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

/* d was revoked while calls were in flight in it or waited for it (calls):
 * an injection event. */
static inline void observe_revoked(struct door *d, bool calls)
{
	if (scenario_on && calls)
		inject_revoked(d);
}

/* The events that take one call of the harness: OBSERVE(trace_x(...)) or
 * OBSERVE(inject_x(...)) calls it (kern/scenario/trace.h, inject.h) while a
 * scenario is booted, and costs a load and a branch otherwise. Where each is
 * reported matters to the trace's order:
 *   trace_call_entered  t's call entered the server (its code has not run);
 *                       an injection waiting for this entry fires (it may
 *                       kill the server: then t has been sent back);
 *   trace_wait          traced before t is queued for an activation, so
 *                       that the boosts its wait causes follow;
 *   trace_return        traced before the activation is released, so that
 *                       what the release causes (a waiter handed the
 *                       activation, boosts ending) follows it;
 *   inject_return       once the return is done: an injection waiting for
 *                       it fires (it may kill the caller);
 *   trace_revoke        before the door is revoked;
 *   trace_mutex_wait, trace_notify_signal  before the boosts or wake-ups
 *                       they cause;
 *   trace_switch        the scheduler loop's pick (NULL: nothing runnable).
 *                       Not on the door paths: a migrating call stays on its
 *                       thread. The direct switches of handoff doors
 *                       (thread_switch_to) are not seen: no scenario actor
 *                       creates one;
 *   inject_time         the timer fired at timebase time now.
 * The others (trace_boost, trace_cancel, trace_abandon, trace_restart,
 * trace_unsupervised, the activation, mutex and notification events) say
 * what happened once it has. */
#define OBSERVE(call) do { if (__builtin_expect(scenario_on, 0)) call; } while (0)

/* A tick of the boot began at timebase time now. */
static inline void observe_tick(uint64_t now)
{
	bootrun_tick(now);
	if (scenario_on)
		inject_tick(bootrun_ticks(now));
}

#endif
