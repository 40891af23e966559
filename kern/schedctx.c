/* Scheduling-context pool and budget accounting (rules in schedctx.h). */
#include "schedctx.h"

static struct schedctx pool[MAX_SCHEDCTX];

struct schedctx *sc_alloc(int prio, uint64_t budget, uint64_t period)
{
	if (prio < 0 || prio >= NPRIO || budget > period || FAILALLOC())
		return NULL;
	for (int i = 0; i < MAX_SCHEDCTX; i++) {
		struct schedctx *sc = &pool[i];
		if (sc->state != SC_FREE)
			continue;
		/* replenish_at == 0: no window yet; the first charge opens one. */
		*sc = (struct schedctx){ .state = SC_ACTIVE, .prio = prio, .budget = budget,
					 .period = period, .remaining = budget };
		return sc;
	}
	return NULL;
}

bool sc_budget_valid(uint64_t budget, uint64_t period)
{
	if (budget == 0)
		return period == 0;
	return budget <= period && period <= SC_PERIOD_MAX;
}

bool sc_within_cap(uint64_t budget, uint64_t period, uint64_t cap_budget, uint64_t cap_period)
{
	if (cap_budget == 0)
		return true;
	return budget != 0 && budget <= cap_budget && budget * cap_period <= cap_budget * period;
}

void sc_set_budget(struct schedctx *sc, uint64_t budget, uint64_t period)
{
	if (sc->budget == 0 || budget == 0) {
		sc->remaining = budget;
		sc->replenish_at = 0;
	} else if (sc->remaining > budget) {
		sc->remaining = budget;
	}
	sc->budget = budget;
	sc->period = period;
}

void sc_free(struct schedctx *sc)
{
	if (sc)
		sc->state = SC_FREE;
}

int sc_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_SCHEDCTX; i++)
		if (pool[i].state != SC_FREE)
			n++;
	return n;
}

bool sc_charge(struct schedctx *sc, uint64_t now)
{
	if (sc->state != SC_ACTIVE)
		return false;
	sc->consumed++;
	if (sc->budget == 0)
		return false;
	if (now > sc->replenish_at) {
		/* This tick, (now-1, now], lies past the window: start a new one. */
		sc->remaining = sc->budget;
		sc->replenish_at = now - 1 + sc->period;
	}
	sc->remaining--;
	if (sc->remaining > 0)
		return false;
	if (now >= sc->replenish_at) {
		/* Used up on the window's last tick: the next window starts now. */
		sc_replenish(sc, now);
		return false;
	}
	sc->state = SC_THROTTLED;
	return true;
}

bool sc_replenish_due(const struct schedctx *sc, uint64_t now)
{
	return sc->state == SC_THROTTLED && now >= sc->replenish_at;
}

void sc_replenish(struct schedctx *sc, uint64_t now)
{
	if (sc->state == SC_FREE)
		return;
	sc->remaining = sc->budget;
	sc->replenish_at = now + sc->period;
	sc->state = SC_ACTIVE;
}
