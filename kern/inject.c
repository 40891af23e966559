/* Fault injection (rules in inject.h). A fixed table, scanned on the events
 * of a booted scenario only (door_observed): never on a plain run's path. */
#include <stdbool.h>
#include "inject.h"
#include "manifest.h"
#include "domain.h"
#include "trace.h"

struct armed {
	bool live;
	struct domain *target;
	enum inject_event event;
	struct domain *subject;
	uint64_t count;   /* occurrences still to come (enter/return), or the tick */
};

static struct armed armed[MAX_INJECTS];

void inject_arm(const struct manifest *m, const int *dom_of_line)
{
	for (int i = 0; i < m->ninjects; i++) {
		const struct manifest_inject *in = &m->inject[i];
		struct domain *target = domain_by_id(dom_of_line[in->target]);
		if (!target)
			continue; /* that domain never started */
		armed[i].live = true;
		armed[i].target = target;
		armed[i].event = in->event;
		armed[i].subject = in->event == INJ_TICK ? NULL : domain_by_id(dom_of_line[in->subject]);
		armed[i].count = in->count;
	}
}

static void fire(struct armed *a, const char *event)
{
	a->live = false;
	trace_inject(a->target, event, a->subject);
	domain_kill(a->target, END_KILL, 0);
}

static void on_domain_event(enum inject_event event, struct domain *d, const char *name)
{
	for (int i = 0; i < MAX_INJECTS; i++) {
		struct armed *a = &armed[i];
		if (a->live && a->event == event && a->subject == d && --a->count == 0)
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
