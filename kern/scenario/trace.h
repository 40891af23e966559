/* The door event trace of fault-injection scenarios (docs/scenarios.md).
 *
 * When a scenario is booted, the kernel prints one machine-readable line per
 * door event; scripts/scenario.py turns them into a readable trace and
 * checks `expect order` against them. Off for plain manifests, so the door
 * fast path only pays one test of `scenario_on`. */
#ifndef KERN_TRACE_H
#define KERN_TRACE_H

#include <stdbool.h>
#include <stdint.h>

struct thread;
struct domain;
struct door;

/* Set when a scenario is booted: door events are traced, and injections
 * may be armed. The fast paths leave the common case to the general code
 * while it is set. */
extern bool scenario_on;

/* t's call (its top shuttle frame) has entered its server at hop depth:
 * traced, then an injection waiting for this entry fires (kern/observe.h,
 * observe_call). Out of line, so the door paths carry only its call. */
void trace_call_entered(struct thread *t, int depth);
/* t's call through d found every activation busy and waits for one (it has
 * not entered the server: a call event follows if it ever does). */
void trace_wait(struct thread *t, struct domain *from, struct door *d);
void trace_return(struct thread *t, struct domain *from, struct domain *to, int depth);
void trace_unwind(struct thread *t, struct domain *from, struct domain *to, int depth);
void trace_end(struct domain *d);
void trace_boost(struct thread *t);
/* Domain `by` revokes d (inflight and waiters: its calls at that moment). */
void trace_revoke(struct thread *t, struct domain *by, struct door *d);

/* An injection fires (kern/scenario/inject.h): what the trace says of it. */
struct trace_injection {
	int line;               /* of the scenario file */
	const char *action;     /* kill, revoke, close */
	const char *to;         /* the domain acted on (the door's server for revoke), or NULL */
	const char *door_name;  /* revoke, close: the door's name */
	int door;               /* its kernel id, or -1 (no door has that name now) */
	const char *event;      /* enter, return, tick, start, revoke */
	const char *subject;    /* the event's domain or door, or NULL */
	bool delayed;           /* +N: fired N instructions after the event */
	uint64_t after, late_ns;
	int result;             /* 0, or why the action could not be done */
};
void trace_inject(const struct trace_injection *ti);
void trace_restart(struct domain *old, struct domain *n);
/* The supervisor s died, with `dropped` death records it had not taken. */
void trace_unsupervised(struct domain *s, int dropped);
/* Thread t became an orphan above dead domain `dead`; n (or NULL: the
 * origin is dead too) resumes the caller's side. */
void trace_split(struct thread *t, struct thread *n, struct domain *dead);
/* Orphan t's call through d, not begun in the server, is abandoned
 * (HE_CANCELLED); ends: t ends with it (its code was in its dead base). */
void trace_abandon(struct thread *t, struct door *d, bool ends);
/* The hart runs next (NULL: it idles) after another thread or idling: a
 * run interval begins, for drawing schedules (docs/pictures.md). Recorded,
 * and printed as "switch" trace lines by trace_switches_flush (at the end
 * of the scenario, or its timeout). */
void trace_switch(struct thread *next);
void trace_switches_flush(void);

#endif
