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
#include "kern/arch.h"
#include <hinge/errno.h>
#include <string.h>
#include "doors/door.h"

bool scenario_on;

/* The retired-instruction count when the line being printed began: its
 * ts= field, read before printing, which itself retires many instructions. */
static uint64_t head_ts;

static void head(const char *event, struct thread *t)
{
	head_ts = arch_instret();
	kprintf("@trace %lu %s thread=%d prio=%d", (unsigned long)clock_ticks(), event,
		t ? t->uid : -1, t ? t->prio : -1);
}

/* Ends every line: ts= is the instructions the hart had retired at the event
 * (under -icount shift=0, nanoseconds of virtual time), finer than the tick. */
static void tail(void)
{
	kprintf(" ts=%lu\n", (unsigned long)head_ts);
}

static void trace_call(struct thread *t, struct domain *from, struct domain *to, struct door *d, int depth)
{
	head("call", t);
	kprintf(" from=%s to=%s door=%d num=%lu depth=%d", from->name, to->name, door_id(d),
		(unsigned long)d->cookie, depth);
	tail();
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
	kprintf(" from=%s to=%s door=%d num=%lu", from->name, d->server->name, door_id(d),
		(unsigned long)d->cookie);
	tail();
}

void trace_return(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	head("return", t);
	kprintf(" from=%s to=%s depth=%d", from->name, to->name, depth);
	tail();
}

void trace_unwind(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	head("unwind", t);
	kprintf(" from=%s to=%s depth=%d result=%d", from->name, to->name, depth, -12);
	tail();
}

void trace_end(struct domain *d)
{
	const char *how = d->end == END_EXIT ? "exit" : d->end == END_KILL ? "kill" : "fault";
	head(how, thread_current());
	kprintf(" to=%s result=%ld", d->name, (long)d->end_code);
	tail();
}

void trace_boost(struct thread *t)
{
	head("boost", t);
	kprintf(" to=%s base=%d", t->cur->name, t->sc ? t->sc->prio : -1);
	tail();
}

void trace_revoke(struct thread *t, struct domain *by, struct door *d)
{
	head("revoke", t);
	kprintf(" from=%s to=%s door=%d num=%lu inflight=%d waiters=%d", by->name, d->server->name,
		door_id(d), (unsigned long)d->cookie, d->inflight, d->pool.nwaiters);
	tail();
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
	kprintf(" result=%d", ti->result);
	tail();
}

void trace_split(struct thread *t, struct thread *n, struct domain *dead)
{
	head("split", t);
	kprintf(" from=%s to=%s base=%d", dead->name, t->cur->name, t->shuttle.base);
	if (n)
		kprintf(" caller_thread=%d caller=%s depth=%d result=-12", n->uid, n->cur->name,
			n->shuttle.depth);
	tail();
}

void trace_restart(struct domain *old, struct domain *n)
{
	head("restart", thread_current());
	kprintf(" to=%s gen=%u", n->name, (unsigned)n->gen);
	tail();
	(void)old;
}

void trace_abandon(struct thread *t, struct door *d, bool ends)
{
	head("abandon", t);
	kprintf(" from=%s to=%s door=%d num=%lu depth=%d result=%d%s", t->cur->name, d->server->name,
		door_id(d), (unsigned long)d->cookie, t->shuttle.depth, HE_CANCELLED, ends ? " end=1" : "");
	tail();
}

void trace_unsupervised(struct domain *s, int dropped)
{
	head("unsupervised", thread_current());
	kprintf(" to=%s dropped=%d", s->name, dropped);
	tail();
}

/* Switches are recorded, not printed as they happen: a trace line costs
 * some 30,000 instructions of console output, and a line per switch slows a
 * scenario of many busy domains until its ticks are all printing. The
 * record is printed when the scenario ends (trace_switches_flush). */
#define SWITCH_MAX 2048
static struct {
	uint64_t ts, tick;
	int uid, prio, from, from_prio;
	char to[sizeof ((struct domain *)0)->name], from_in[sizeof ((struct domain *)0)->name];
} switches[SWITCH_MAX];
static unsigned nswitches, switches_dropped;

void trace_switch(struct thread *next)
{
	/* The previous thread ran last: its slot is taken by no other thread
	 * before this pick, but it may be dead or reaped (then only its id is
	 * told). A chain split gives a thread a new id (the caller's side keeps
	 * the old one), so a thread is the same by pointer and id. */
	static const struct thread *last;
	static int last_uid = -1;
	int uid = next ? next->uid : -1;
	if (next == last && uid == last_uid) /* re-picked after a preemption, or still idle */
		return;
	if (nswitches == SWITCH_MAX) {
		switches_dropped++;
	} else {
		switches[nswitches].ts = arch_instret();
		switches[nswitches].tick = clock_ticks();
		switches[nswitches].uid = uid;
		switches[nswitches].prio = next ? next->prio : -1;
		bool from_live = last && last->state != THREAD_FREE && last->state != THREAD_DEAD;
		switches[nswitches].from = from_live ? last->uid : last_uid;
		switches[nswitches].from_prio = from_live ? last->prio : -1;
		strncpy(switches[nswitches].to, next ? next->cur->name : "idle", sizeof switches[0].to - 1);
		strncpy(switches[nswitches].from_in, from_live ? last->cur->name : last ? "gone" : "idle",
			sizeof switches[0].from_in - 1);
		nswitches++;
	}
	last = next;
	last_uid = uid;
}

void trace_switches_flush(void)
{
	for (unsigned i = 0; i < nswitches; i++)
		kprintf("@trace %lu switch thread=%d prio=%d to=%s from_thread=%d from_prio=%d from_in=%s ts=%lu\n",
			(unsigned long)switches[i].tick, switches[i].uid, switches[i].prio, switches[i].to,
			switches[i].from, switches[i].from_prio, switches[i].from_in,
			(unsigned long)switches[i].ts);
	if (switches_dropped)
		kprintf("@switches dropped=%u\n", switches_dropped);
	nswitches = switches_dropped = 0;
}
