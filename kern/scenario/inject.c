/* Fault injection (rules in inject.h). A fixed table, scanned on the events
 * of a booted scenario only (scenario_on): never on a plain run's path. */
#include <stdbool.h>
#include <string.h>
#include <hinge/errno.h>
#include "inject.h"
#include "manifest.h"
#include "kern/domain.h"
#include "doors/names.h"
#include "kern/clock.h"
#include "kern/arch.h"
#include "trace.h"
#include "doors/door.h"
#include "doors/door_sys.h"
#include "doors/cancel.h"
#include "kern/thread.h"

/* While live, an injection holds a reference on its target and subject
 * (kern/domain.h), so the pointers never name a reclaimed slot; it drops
 * them when it fires or is disarmed (inject_disarm, at the scenario's end). */
struct armed {
	bool live;                 /* not fired yet */
	bool timed;                /* its event came; it fires at `due` (+N) */
	struct manifest_inject in;
	struct domain *target;     /* kill, close: the domain */
	struct domain *subject;    /* enter, return: the domain */
	uint64_t count;            /* occurrences still to come (enter/return), or the tick */
	uint64_t due;              /* timebase time, while timed */
	const char *event;         /* the event that came */
};

static struct armed armed[MAX_INJECTS];

/* Drop the references of a that was live. */
static void release(struct armed *a)
{
	if (a->target)
		domain_unref(a->target);
	if (a->subject)
		domain_unref(a->subject);
	a->target = a->subject = NULL;
}

void inject_disarm(void)
{
	for (int i = 0; i < MAX_INJECTS; i++)
		if (armed[i].live)
			release(&armed[i]);
	memset(armed, 0, sizeof armed);
}

void inject_arm(const struct manifest *m, const int *dom_of_line)
{
	inject_disarm();
	for (int i = 0; i < m->ninjects; i++) {
		const struct manifest_inject *in = &m->inject[i];
		struct armed *a = &armed[i];
		a->in = *in;
		if (in->action != INJ_REVOKE) {
			a->target = domain_by_id(dom_of_line[in->target]);
			if (!a->target)
				continue; /* that domain never started */
		}
		if (in->event == INJ_ENTER || in->event == INJ_RETURN || in->event == INJ_UNWIND ||
		    in->event == INJ_EXHAUSTED) {
			a->subject = domain_by_id(dom_of_line[in->subject]);
			if (!a->subject)
				continue;
		}
		a->count = in->count;
		a->live = true;
		if (a->target)
			domain_ref(a->target);
		if (a->subject)
			domain_ref(a->subject);
	}
	inject_time(arch_time()); /* `when start` with no delay: now */
}

/* A handle of ht naming door, with the rights `need`, or -1. */
static int handle_naming(const struct handle_table *ht, const struct door *door, uint32_t need)
{
	for (int h = 0; h < MAX_HANDLES; h++)
		if (ht->slot[h].type == KOBJ_DOOR && ht->slot[h].obj == door &&
		    (ht->slot[h].rights & need) == need)
			return h;
	return -1;
}

/* Whether a thread at home in d is in a call its home waits for; with
 * `cancel`, cancel every such call, as a thread of d would have
 * (SYS_DOOR_CANCEL). The threads a cancellation makes are at home, in no
 * call. */
static bool cancel_calls(struct domain *d, bool cancel)
{
	bool any = false;
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread *t = thread_by_id(i);
		if (t && t->home == d && door_cancellable(t)) {
			any = true;
			if (cancel)
				door_cancel_call(t);
		}
	}
	return any;
}

/* Do the action now, as its holder would have: trace first (with the
 * outcome), then act (its own events follow in the trace). */
static void act(struct armed *a, uint64_t now)
{
	const struct manifest_inject *in = &a->in;
	struct trace_injection ti = {
		.line = in->line,
		.event = a->event,
		.subject = a->subject ? a->subject->name : in->event == INJ_REVOKED ? in->subject_door : NULL,
		.door_name = in->door[0] ? in->door : NULL,
		.door = -1,
		.delayed = a->timed, /* +N, or an unwind's deferral: say when it fired */
		.after = in->after,
		.late_ns = a->timed ? clock_timebase_to_ns(now - a->due) : 0,
	};
	struct door *door = in->door[0] ? names_door(in->door) : NULL;
	int h = -1;
	switch (in->action) {
	case INJ_KILL:
		ti.action = "kill";
		ti.to = a->target->name;
		ti.result = a->target->state == DOM_LIVE ? 0 : HE_DEAD;
		trace_inject(&ti);
		if (ti.result == 0) {
			/* The references go first: the kill may end the current
			 * thread and not return. A live target keeps its slot by
			 * its threads meanwhile. */
			struct domain *target = a->target;
			release(a);
			domain_kill(target, END_KILL, 0);
		}
		return;
	case INJ_REVOKE:
		ti.action = "revoke";
		ti.result = !door ? HE_NOENT : handle_naming(&door->server->handles, door, H_REVOKE) < 0 ? HE_PERM : 0;
		ti.to = door ? door->server->name : NULL;
		ti.door = door ? door_id(door) : -1;
		trace_inject(&ti);
		if (ti.result == 0)
			door_revoke_now(door->server, door);
		return;
	case INJ_CLOSE:
		ti.action = "close";
		ti.to = a->target->name;
		h = door ? handle_naming(&a->target->handles, door, 0) : -1;
		ti.result = !door ? HE_NOENT : a->target->state != DOM_LIVE ? HE_DEAD : h < 0 ? HE_BADHANDLE : 0;
		ti.door = door ? door_id(door) : -1;
		trace_inject(&ti);
		if (ti.result == 0)
			handle_close(&a->target->handles, h);
		return;
	case INJ_CANCEL:
		ti.action = "cancel";
		ti.to = a->target->name;
		ti.result = a->target->state != DOM_LIVE ? HE_DEAD : cancel_calls(a->target, false) ? 0 : HE_NOCALL;
		trace_inject(&ti);
		if (ti.result == 0)
			cancel_calls(a->target, true);
		return;
	}
}

static void fire(struct armed *a, uint64_t now)
{
	a->live = false;
	act(a, now);
	release(a);
}

/* a's event came: act now, or N instructions from now (+N). */
static void event_came(struct armed *a, const char *event)
{
	a->event = event;
	/* An unwind comes while the kernel applies a death to every thread
	 * (domain_kill's sweep): acting there would start a second sweep inside
	 * the first. It fires at the first timer interrupt instead, before any
	 * thread runs user code again (+0 instructions, its lateness traced).
	 * So does an exhaustion, which comes inside the scheduler's tick. */
	if (!a->in.delayed && a->in.event != INJ_UNWIND && a->in.event != INJ_EXHAUSTED) {
		fire(a, 0);
		return;
	}
	a->timed = true;
	a->due = arch_time() + clock_ns_to_timebase(a->in.after);
	clock_reprogram();
}

static void on_domain_event(enum inject_event event, struct domain *d, const char *name)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && !a->timed && a->in.event == event && a->subject == d && --a->count == 0)
			event_came(a, name);
	}
}

void inject_enter(struct domain *d)
{
	on_domain_event(INJ_ENTER, d, "enter");
}

void inject_return(struct domain *d)
{
	on_domain_event(INJ_RETURN, d, "return");
}

void inject_unwind(struct domain *d)
{
	on_domain_event(INJ_UNWIND, d, "unwind");
}

void inject_exhausted(struct thread *t)
{
	on_domain_event(INJ_EXHAUSTED, t->cur, "exhausted");
}

void inject_tick(uint64_t now)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && !a->timed && a->in.event == INJ_TICK && now >= a->count)
			event_came(a, "tick");
	}
}

void inject_revoked(struct door *door)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && !a->timed && a->in.event == INJ_REVOKED && names_door(a->in.subject_door) == door)
			event_came(a, "revoke");
	}
}

void inject_time(uint64_t now)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && !a->timed && a->in.event == INJ_START)
			event_came(a, "start");
		else if (a->live && a->timed && now >= a->due)
			fire(a, now);
	}
}

uint64_t inject_next_deadline(void)
{
	uint64_t next = UINT64_MAX;
	for (int i = 0; i < MAX_INJECTS; i++)
		if (armed[i].live && armed[i].timed && armed[i].due < next)
			next = armed[i].due;
	return next;
}
