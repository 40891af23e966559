/* The kernel's event trace (format in docs/scenarios.md, "The kernel
 * trace"; pictures of it in docs/pictures.md). Events about a door give its kernel id (door=) and its cookie (num=):
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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "doors/door.h"
#include "doors/activation.h"
#include "kern/inherit.h"
#include "kern/mutex.h"
#include "kern/notify.h"
#include <hinge/sync.h>

bool scenario_on;

/* The ring: every trace line is formatted into it when its event happens,
 * and printed from it (trace_flush) in the order the events happened. A
 * line costs some 30,000 instructions of console output (the firmware's),
 * against a few thousand to format it: a recorded run (a plain manifest's
 * `trace`) prints nothing until its end, so tracing disturbs it little. A
 * scenario prints as it goes (TRACE_LIVE): the host checker reads the lines
 * between its actors' own, in console order; the switches recorded between
 * two door events wait in the ring until the next one, or the end. A full
 * ring takes no line: the lines it could not take are counted and the
 * count printed at the end (`@trace-dropped N`), never lost silently. */
#define TRACE_LINES 4096
#define TRACE_LINE 176
static char ring[TRACE_LINES][TRACE_LINE];
static unsigned first, count;   /* the lines not yet printed: ring[first], ... */
static unsigned long dropped;   /* lines a full ring could not take since the last report */
static enum trace_mode mode;
static char scratch[TRACE_LINE]; /* where a line the ring cannot take is formatted */
static char *line;              /* the line being formatted */
static size_t len;

/* The retired-instruction count when the line being formatted began: its
 * ts= field, read first. */
static uint64_t head_ts;

void trace_start(enum trace_mode m)
{
	mode = m;
	scenario_on = m != TRACE_OFF;
}

static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line + len, TRACE_LINE - len, fmt, ap);
	va_end(ap);
	if (n > 0)
		len = len + (size_t)n < TRACE_LINE - 1 ? len + (size_t)n : TRACE_LINE - 1; /* cut */
}

static void head(const char *event, struct thread *t)
{
	head_ts = arch_instret();
	line = count == TRACE_LINES ? scratch : ring[(first + count) % TRACE_LINES];
	len = 0;
	put("@trace %lu %s thread=%d prio=%d", (unsigned long)clock_ticks(), event, t ? t->uid : -1,
	    t ? t->prio : -1);
}

/* Ends every line: ts= is the instructions the hart had retired at the event
 * (under -icount shift=0, nanoseconds of virtual time), finer than the tick.
 * A line too long for its slot is cut before its ts=, which it keeps. */
static void tail_only(void)
{
	char ts[24];
	int n = snprintf(ts, sizeof ts, " ts=%lu\n", (unsigned long)head_ts);
	if (len + (size_t)n > TRACE_LINE - 1)
		len = TRACE_LINE - 1 - (size_t)n;
	memcpy(line + len, ts, (size_t)n + 1);
	if (line == scratch)
		dropped++;
	else
		count++;
}

static void tail(void)
{
	tail_only();
	if (mode == TRACE_LIVE)
		trace_flush(false);
}

void trace_flush(bool end)
{
	for (; count; count--, first = (first + 1) % TRACE_LINES)
		console_write(ring[first], strlen(ring[first]));
	if (end && dropped) {
		kprintf("@trace-dropped %lu\n", dropped);
		dropped = 0;
	}
}

static void trace_call(struct thread *t, struct domain *from, struct domain *to, struct door *d, int depth)
{
	head("call", t);
	put(" from=%s to=%s door=%d num=%lu depth=%d", from->name, to->name, door_id(d),
		(unsigned long)d->cookie, depth);
	tail();
}

/* The threads handed an activation by a release (trace_release), whose
 * acquire is traced then, not again when their call enters. */
static bool handed[MAX_THREADS];

/* t, calling from domain `in`, holds a now; handed over by `by`, or NULL. */
static void trace_acquire(struct thread *t, struct domain *in, struct activation *a, struct thread *by)
{
	head("acquire", t);
	put(" from=%s to=%s door=%d num=%lu act=%u", in->name, a->door->server->name, door_id(a->door),
	    (unsigned long)a->door->cookie, a->idx);
	if (by)
		put(" from_thread=%d", by->uid);
	tail();
}

void trace_call_entered(struct thread *t, int depth)
{
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	if (!handed[t->id])
		trace_acquire(t, f->caller, f->act, NULL);
	handed[t->id] = false;
	trace_call(t, f->caller, f->door->server, f->door, depth);
	inject_enter(f->door->server);
}

void trace_wait(struct thread *t, struct domain *from, struct door *d)
{
	head("wait", t);
	put(" from=%s to=%s door=%d num=%lu", from->name, d->server->name, door_id(d),
		(unsigned long)d->cookie);
	tail();
}

void trace_return(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	head("return", t);
	put(" from=%s to=%s depth=%d", from->name, to->name, depth);
	tail();
}

void trace_unwind(struct thread *t, struct domain *from, struct domain *to, int depth)
{
	head("unwind", t);
	put(" from=%s to=%s depth=%d result=%d", from->name, to->name, depth, -12);
	tail();
}

void trace_end(struct domain *d)
{
	const char *how = d->end == END_EXIT ? "exit" : d->end == END_KILL ? "kill" : "fault";
	head(how, thread_current());
	put(" to=%s result=%ld", d->name, (long)d->end_code);
	tail();
}

/* A thread lending to another (an edge of kern/inherit.h's wait-for
 * graph) and through what. */
struct lend {
	struct thread *by;
	const char *via;   /* door, mutex, reply */
	int id;            /* the door's or mutex's kernel id */
	unsigned long num; /* the door's cookie */
	int prio;          /* what by lends: its base or what it inherits itself */
};

static void lend_consider(struct lend *l, struct thread *w, const char *via, int id, unsigned long num)
{
	int p = inherit_compute(w);
	if (w->sc && w->sc->prio > p)
		p = w->sc->prio;
	if (p > l->prio)
		*l = (struct lend){ w, via, id, num, p };
}

/* The edge into t that lends it the most: the cause of its boost. The same
 * edges as inherit.c's push_lenders, which only collects them. */
static struct lend lender(struct thread *t)
{
	struct lend l = { NULL, NULL, -1, 0, -1 };
	for (int i = t->shuttle.base; i < t->shuttle.depth; i++) {
		struct activation *a = t->shuttle.frame[i].act;
		if (a->holder != t || (a->door->flags & (DOOR_F_NOPI | DOOR_F_HANDOFF)))
			continue;
		for (struct thread *w = a->door->pool.waiters; w; w = w->wait.next)
			lend_consider(&l, w, "door", door_id(a->door), (unsigned long)a->door->cookie);
	}
	for (struct mutex *m = t->mutexes_held; m; m = m->held_next)
		for (struct thread *w = m->waiters; w && (m->flags & MUTEX_F_PI); w = w->wait.next)
			lend_consider(&l, w, "mutex", mutex_id(m), 0);
	for (struct thread *w = t->reply_waiters; w; w = w->reply_next)
		lend_consider(&l, w, "reply", -1, 0);
	return l;
}

void trace_boost(struct thread *t)
{
	int base = t->sc ? t->sc->prio : -1;
	head("boost", t);
	put(" to=%s base=%d", t->cur->name, base);
	struct lend l = t->prio > base ? lender(t) : (struct lend){ NULL, NULL, -1, 0, -1 };
	if (!l.by)
		put(" cause=release");
	else if (l.via[0] == 'd')
		put(" cause=inherit by=%d via=door door=%d num=%lu", l.by->uid, l.id, l.num);
	else if (l.via[0] == 'm')
		put(" cause=inherit by=%d via=mutex mutex=%d", l.by->uid, l.id);
	else
		put(" cause=inherit by=%d via=reply", l.by->uid);
	tail();
}

void trace_release(struct activation *a)
{
	struct thread *t = a->holder, *w = a->door->pool.waiters;
	head("release", t);
	put(" from=%s door=%d num=%lu act=%u", a->door->server->name, door_id(a->door),
	    (unsigned long)a->door->cookie, a->idx);
	if (w)
		put(" to_thread=%d", w->uid);
	tail();
	if (t)
		handed[t->id] = false;
	if (w) {
		trace_acquire(w, w->cur, a, t);
		handed[w->id] = true;
	}
}

static void mutex_line(const char *event, struct mutex *m, struct thread *t)
{
	head(event, t);
	put(" in=%s mutex=%d pi=%d", t->cur->name, mutex_id(m), (m->flags & MUTEX_F_PI) != 0);
}

void trace_mutex_lock(struct mutex *m, struct thread *t, long result)
{
	mutex_line("mutex_lock", m, t);
	put(" result=%ld", result);
	tail();
}

void trace_mutex_wait(struct mutex *m, struct thread *t)
{
	mutex_line("mutex_wait", m, t);
	put(" holder=%d", m->holder ? m->holder->uid : -1);
	tail();
}

void trace_mutex_unlock(struct mutex *m, struct thread *t, struct thread *to, bool died)
{
	mutex_line("mutex_unlock", m, t);
	if (died)
		put(" died=1");
	if (to)
		put(" to_thread=%d", to->uid);
	tail();
	if (to) {
		mutex_line("mutex_lock", m, to);
		put(" from_thread=%d result=%d", t->uid, died ? MUTEX_OWNERDEAD : 0);
		tail();
	}
}

void trace_notify_signal(struct notify *n, uint64_t bits)
{
	struct thread *t = thread_current();
	head("notify_signal", t);
	put(" in=%s notify=%d bits=0x%lx", t ? t->cur->name : "kernel", notify_id(n), (unsigned long)bits);
	tail();
}

void trace_notify_wait(struct notify *n, struct thread *t, uint64_t mask)
{
	head("notify_wait", t);
	put(" in=%s notify=%d mask=0x%lx", t->cur->name, notify_id(n), (unsigned long)mask);
	tail();
}

void trace_notify_wake(struct notify *n, struct thread *t, uint64_t bits)
{
	head("notify_wake", t);
	put(" in=%s notify=%d bits=0x%lx", t->cur->name, notify_id(n), (unsigned long)bits);
	tail();
}

void trace_revoke(struct thread *t, struct domain *by, struct door *d)
{
	head("revoke", t);
	put(" from=%s to=%s door=%d num=%lu inflight=%d waiters=%d", by->name, d->server->name,
		door_id(d), (unsigned long)d->cookie, d->inflight, d->pool.nwaiters);
	tail();
}

void trace_inject(const struct trace_injection *ti)
{
	head("inject", thread_current());
	put(" line=%d action=%s", ti->line, ti->action);
	if (ti->to)
		put(" to=%s", ti->to);
	if (ti->door_name)
		put(" dname=%s door=%d", ti->door_name, ti->door);
	put(" when=%s", ti->event);
	if (ti->subject)
		put(" from=%s", ti->subject);
	if (ti->delayed)
		put(" after=%lu late=%lu granule=%lu", (unsigned long)ti->after, (unsigned long)ti->late_ns,
			(unsigned long)clock_timebase_to_ns(1));
	put(" result=%d", ti->result);
	tail();
}

void trace_split(struct thread *t, struct thread *n, struct domain *dead)
{
	head("split", t);
	put(" from=%s to=%s base=%d", dead->name, t->cur->name, t->shuttle.base);
	if (n)
		put(" caller_thread=%d caller=%s depth=%d result=-12", n->uid, n->cur->name,
			n->shuttle.depth);
	tail();
}

void trace_cancel(struct thread *caller, struct thread *orphan, bool served)
{
	head("cancel", caller);
	/* depth=0: the caller resumes in its home, hop 0 (traced before its
	 * frame of a call not begun is popped). */
	put(" to=%s depth=0 result=%d", caller->home->name, HE_CANCELLED);
	if (orphan)
		put(" orphan=%d from=%s base=%d", orphan->uid, orphan->cur->name, orphan->shuttle.base);
	if (served)
		put(" served=1");
	tail();
}

void trace_exhausted(struct thread *t, bool lent)
{
	head("exhausted", t);
	put(" to=%s depth=%d lent=%d", t->cur->name, t->shuttle.depth, lent);
	tail();
}

void trace_restart(struct domain *old, struct domain *n)
{
	head("restart", thread_current());
	put(" to=%s gen=%u", n->name, (unsigned)n->gen);
	tail();
	(void)old;
}

void trace_abandon(struct thread *t, struct door *d, bool ends)
{
	head("abandon", t);
	put(" from=%s to=%s door=%d num=%lu depth=%d result=%d%s", t->cur->name, d->server->name,
		door_id(d), (unsigned long)d->cookie, t->shuttle.depth, HE_CANCELLED, ends ? " end=1" : "");
	tail();
}

void trace_unsupervised(struct domain *s, int dropped)
{
	head("unsupervised", thread_current());
	put(" to=%s dropped=%d", s->name, dropped);
	tail();
}

void trace_switch(struct thread *next)
{
	/* The previous thread ran last: its slot is taken by no other thread
	 * before this pick, but it may be dead or reaped (then only its id is
	 * told). A chain split gives a thread a new id (the caller's side keeps
	 * the old one), so a thread is the same by pointer and id. Recorded,
	 * never printed on the spot (tail_only): a line printed per switch would
	 * slow a scenario of many busy domains until its ticks were all printing. */
	static const struct thread *last;
	static int last_uid = -1;
	int uid = next ? next->uid : -1;
	if (next == last && uid == last_uid) /* re-picked after a preemption, or still idle */
		return;
	bool from_live = last && last->state != THREAD_FREE && last->state != THREAD_DEAD;
	head("switch", next);
	put(" to=%s from_thread=%d from_prio=%d from_in=%s", next ? next->cur->name : "idle",
	    from_live ? last->uid : last_uid, from_live ? last->prio : -1,
	    from_live ? last->cur->name : last ? "gone" : "idle");
	tail_only();
	last = next;
	last_uid = uid;
}
