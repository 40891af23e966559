/* Periodic tick of TICK_HZ. Each timer interrupt advances the tick count from
 * the `time` CSR (so a late interrupt never loses ticks), lets the scheduler
 * wake sleepers and charge slices/budgets, and re-arms the timer. */
#include "clock.h"
#include "config.h"
#include "arch.h"
#include "hart.h"
#include "thread.h"
#include "kern/observe.h"

static uint64_t timebase_hz;
static uint64_t tick_len;    /* timebase units per tick */

#define NS_PER_S 1000000000ull

void clock_reprogram(void)
{
	uint64_t at = this_hart()->next_tick;
	uint64_t due = inject_next_deadline();
	arch_timer_program(due < at ? due : at);
}

void clock_init(uint64_t hz)
{
	timebase_hz = hz;
	tick_len = hz / TICK_HZ;
	if (tick_len == 0)
		tick_len = 1;
	clock_start();
}

void clock_start(void)
{
	this_hart()->next_tick = arch_time() + tick_len;
	clock_reprogram();
}

uint64_t clock_ticks(void)
{
	return arch_time() / tick_len;
}

uint64_t clock_timebase_hz(void)
{
	return timebase_hz;
}

/* In two parts, so that ns * hz cannot overflow (ns up to 10^12, hz up to
 * a few GHz). */
uint64_t clock_ns_to_timebase(uint64_t ns)
{
	return ns / NS_PER_S * timebase_hz + ((ns % NS_PER_S) * timebase_hz + NS_PER_S - 1) / NS_PER_S;
}

uint64_t clock_timebase_to_ns(uint64_t units)
{
	return units / timebase_hz * NS_PER_S + (units % timebase_hz) * NS_PER_S / timebase_hz;
}

void clock_interrupt(void)
{
	struct hart *h = this_hart();
	OBSERVE(inject_time(arch_time()));
	if (arch_time() < h->next_tick) {
		/* Only a delayed injection's deadline: not a tick. */
		clock_reprogram();
		return;
	}
	uint64_t now = clock_ticks();
	h->next_tick = (now + 1) * tick_len;
	clock_reprogram();
	observe_tick(now);
	if (sched_tick(&h->sched, now))
		h->resched = true;
}
