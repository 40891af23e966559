/* The kernel's event trace (docs/scenarios.md, "The kernel trace"; pictures
 * of it: docs/pictures.md).
 *
 * A scenario boot, or a manifest with a `trace` line, records one
 * machine-readable line per event (door calls and returns, activations,
 * priority changes, mutexes, notifications, switches) into one bounded
 * ring, printed as it goes or at the end (enum trace_mode);
 * scripts/scenario.py turns the lines into a readable trace and checks
 * `expect order` against them, scripts/trace_pictures.py draws them. Off by
 * default: then every hook is one test of `scenario_on`, and the door fast
 * paths pay nothing more. */
#ifndef KERN_TRACE_H
#define KERN_TRACE_H

#include <stdbool.h>
#include <stdint.h>

struct thread;
struct domain;
struct door;
struct activation;
struct mutex;
struct notify;

/* Set when a scenario is booted: door events are traced, and injections
 * may be armed. The fast paths leave the common case to the general code
 * while it is set. */
extern bool scenario_on;

/* How the ring is printed. */
enum trace_mode {
	TRACE_OFF = 0,  /* nothing traced (scenario_on false) */
	TRACE_LIVE,     /* a scenario: each door event's line printed at once, with the
			   switches recorded before it (the checker reads console order) */
	TRACE_RECORD,   /* a traced manifest: printed by trace_flush at the end of the run */
};
/* Start tracing in mode m (TRACE_OFF: stop); sets scenario_on. */
void trace_start(enum trace_mode m);
/* Print the lines recorded and not yet printed, in the order of their
 * events; end: the run ends, so also report (`@trace-dropped N`) the lines
 * a full ring could not take since the last report. */
void trace_flush(bool end);

/* t's call (its top shuttle frame) has entered its server at hop depth:
 * traced, then an injection waiting for this entry fires (kern/observe.h,
 * OBSERVE). Out of line, so the door paths carry only its call. */
void trace_call_entered(struct thread *t, int depth);
/* t's call through d found every activation busy and waits for one (it has
 * not entered the server: a call event follows if it ever does). */
void trace_wait(struct thread *t, struct domain *from, struct door *d);
void trace_return(struct thread *t, struct domain *from, struct domain *to, int depth);
void trace_unwind(struct thread *t, struct domain *from, struct domain *to, int depth);
void trace_end(struct domain *d);
/* t's effective priority changed: the line names the cause, the thread
 * lending the most to t and through what (door, mutex, reply), or says the
 * boost ended. */
void trace_boost(struct thread *t);
/* Activation a is about to be released by its holder (its frame popped); if
 * a thread waits for its pool, the first waiter is handed it (traced as its
 * acquire). */
void trace_release(struct activation *a);
/* Mutex m: t got it at once (lock, result: 0 or MUTEX_OWNERDEAD), t waits
 * for it (wait, before the boosts the wait causes), t let it go (unlock;
 * to: the waiter it passed to, traced as that one's lock, or NULL; died:
 * t's death let it go). */
void trace_mutex_lock(struct mutex *m, struct thread *t, long result);
void trace_mutex_wait(struct mutex *m, struct thread *t);
void trace_mutex_unlock(struct mutex *m, struct thread *t, struct thread *to, bool died);
/* Notification n: bits signalled (by the running thread, or the kernel for
 * a door); t blocks waiting for mask (a wait that takes pending bits at
 * once is not traced: it costs the common path nothing); t woken with bits. */
void trace_notify_signal(struct notify *n, uint64_t bits);
void trace_notify_wait(struct notify *n, struct thread *t, uint64_t mask);
void trace_notify_wake(struct notify *n, struct thread *t, uint64_t bits);
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
/* caller's call out of its home is cancelled: before it began (orphan NULL),
 * with orphan going on above hop 0, or (served) a handoff call being
 * served. */
void trace_cancel(struct thread *caller, struct thread *orphan, bool served);
/* The budget t was charged to ran out in t->cur; lent: t goes on, on a
 * waiter's budget. */
void trace_exhausted(struct thread *t, bool lent);
/* Orphan t's call through d, not begun in the server, is abandoned
 * (HE_CANCELLED); ends: t ends with it (its code was in its dead base). */
void trace_abandon(struct thread *t, struct door *d, bool ends);
/* The hart runs next (NULL: it idles) after another thread or idling: a
 * run interval begins, for drawing schedules (docs/pictures.md). Recorded,
 * never printed at once: with the next door event (TRACE_LIVE) or at the
 * end. */
void trace_switch(struct thread *next);

#endif
