/* Door event trace (format in docs/scenarios.md, "The kernel trace").
 * Events about a door give its kernel id (door=) and its cookie (num=):
 * every door of a scenario is an actor's, whose cookie is the door's number
 * in the compiled form, so the checker names the door even when no actor
 * reports the call (its caller was killed first). */
#include "trace.h"
#include "inject.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/domain.h"
#include "kern/clock.h"
#include "kern/console.h"
#include <hinge/errno.h>
#include "doors/door.h"

bool scenario_on;

static void head(const char *event, struct thread *t)
{
	kprintf("@trace %lu %s thread=%d prio=%d", (unsigned long)clock_ticks(), event,
		t ? t->uid : -1, t ? t->prio : -1);
}

void trace_call(struct thread *t, struct domain *from, struct domain *to, struct door *d, int depth)
{
	head("call", t);
	kprintf(" from=%s to=%s door=%d num=%lu depth=%d\n", from->name, to->name, door_id(d),
		(unsigned long)d->cookie, depth);
}

void trace_call_entered(struct thread *t, int depth)
{
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	trace_call(t, f->caller, f->door->server, f->door, depth);
	inject_enter(f->door->server);
}

void trace_wait(struct thread *t, struct domain *from, struct door *d)
{
	head("wait", t);
	kprintf(" from=%s to=%s door=%d num=%lu\n", from->name, d->server->name, door_id(d),
		(unsigned long)d->cookie);
}

void trace_return(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	head("return", t);
	kprintf(" from=%s to=%s depth=%d\n", from->name, to->name, depth);
}

void trace_unwind(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	head("unwind", t);
	kprintf(" from=%s to=%s depth=%d result=%d\n", from->name, to->name, depth, -12);
}

void trace_end(struct domain *d)
{
	const char *how = d->end == END_EXIT ? "exit" : d->end == END_KILL ? "kill" : "fault";
	head(how, thread_current());
	kprintf(" to=%s result=%ld\n", d->name, (long)d->end_code);
}

void trace_boost(struct thread *t)
{
	head("boost", t);
	kprintf(" to=%s base=%d\n", t->cur->name, t->sc ? t->sc->prio : -1);
}

void trace_revoke(struct thread *t, struct domain *by, struct door *d)
{
	head("revoke", t);
	kprintf(" from=%s to=%s door=%d num=%lu inflight=%d waiters=%d\n", by->name, d->server->name,
		door_id(d), (unsigned long)d->cookie, d->inflight, d->pool.nwaiters);
}

void trace_inject(const struct trace_injection *ti)
{
	head("inject", thread_current());
	kprintf(" line=%d action=%s", ti->line, ti->action);
	if (ti->to)
		kprintf(" to=%s", ti->to);
	if (ti->door_name)
		kprintf(" dname=%s door=%d", ti->door_name, ti->door);
	kprintf(" when=%s", ti->event);
	if (ti->subject)
		kprintf(" from=%s", ti->subject);
	if (ti->delayed)
		kprintf(" after=%lu late=%lu granule=%lu", (unsigned long)ti->after, (unsigned long)ti->late_ns,
			(unsigned long)clock_timebase_to_ns(1));
	kprintf(" result=%d\n", ti->result);
}

void trace_split(struct thread *t, struct thread *n, struct domain *dead)
{
	head("split", t);
	kprintf(" from=%s to=%s base=%d", dead->name, t->cur->name, t->shuttle.base);
	if (n)
		kprintf(" caller_thread=%d caller=%s depth=%d result=-12", n->uid, n->cur->name,
			n->shuttle.depth);
	kprintf("\n");
}

void trace_restart(struct domain *old, struct domain *n)
{
	head("restart", thread_current());
	kprintf(" to=%s gen=%u\n", n->name, (unsigned)n->gen);
	(void)old;
}

void trace_abandon(struct thread *t, struct door *d, bool ends)
{
	head("abandon", t);
	kprintf(" from=%s to=%s door=%d num=%lu depth=%d result=%d%s\n", t->cur->name, d->server->name,
		door_id(d), (unsigned long)d->cookie, t->shuttle.depth, HE_CANCELLED, ends ? " end=1" : "");
}

void trace_unsupervised(struct domain *s, int dropped)
{
	head("unsupervised", thread_current());
	kprintf(" to=%s dropped=%d\n", s->name, dropped);
}
