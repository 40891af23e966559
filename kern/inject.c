/* Fault injection (rules in inject.h). A fixed table, scanned on the events
 * of a booted scenario only (door_observed): never on a plain run's path. */
#include <stdbool.h>
#include <string.h>
#include "inject.h"
#include "manifest.h"
#include "domain.h"
#include "trace.h"

/* Domains are named by id, not pointer: a dead target's slot may be
 * reclaimed and reused before the event comes (kern/domain.h). */
struct armed {
	bool live;
	int target;
	enum inject_event event;
	int subject;      /* -1 for a tick */
	uint64_t count;   /* occurrences still to come (enter/return), or the tick */
};

static struct armed armed[MAX_INJECTS];

void inject_arm(const struct manifest *m, const int *dom_of_line)
{
	memset(armed, 0, sizeof armed); /* a batch's previous scenario's are gone */
	for (int i = 0; i < m->ninjects; i++) {
		const struct manifest_inject *in = &m->inject[i];
		if (dom_of_line[in->target] < 0)
			continue; /* that domain never started */
		armed[i].live = true;
		armed[i].target = dom_of_line[in->target];
		armed[i].event = in->event;
		armed[i].subject = in->event == INJ_TICK ? -1 : dom_of_line[in->subject];
		armed[i].count = in->count;
	}
}

static void fire(struct armed *a, const char *event)
{
	a->live = false;
	struct domain *target = domain_by_id(a->target);
	if (!target || target->state != DOM_LIVE)
		return; /* it has ended already (maybe reclaimed): nothing to kill */
	trace_inject(target, event, domain_by_id(a->subject));
	domain_kill(target, END_KILL, 0);
}

static void on_domain_event(enum inject_event event, struct domain *d, const char *name)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && a->event == event && a->subject == d->id && --a->count == 0)
			fire(a, name);
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

void inject_tick(uint64_t now)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && a->event == INJ_TICK && now >= a->count)
			fire(a, "tick");
	}
}
