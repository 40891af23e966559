/* Periodic tick of TICK_HZ. Each timer interrupt advances the tick count from
 * the `time` CSR (so a late interrupt never loses ticks), lets the scheduler
 * wake sleepers and charge slices/budgets, and re-arms the timer. */
#include "clock.h"
#include "config.h"
#include "arch.h"
#include "hart.h"
#include "thread.h"
#include "bootrun.h"
#include "trace.h"
#include "inject.h"

static uint64_t timebase_hz;
static uint64_t tick_len;    /* timebase units per tick */

void clock_init(uint64_t hz)
{
	timebase_hz = hz;
	tick_len = hz / TICK_HZ;
	if (tick_len == 0)
		tick_len = 1;
	arch_timer_program(arch_time() + tick_len);
}

uint64_t clock_ticks(void)
{
	return arch_time() / tick_len;
}

uint64_t clock_timebase_hz(void)
{
	return timebase_hz;
}

void clock_interrupt(void)
{
	struct hart *h = this_hart();
	uint64_t now = clock_ticks();
	arch_timer_program((now + 1) * tick_len);
	bootrun_tick(now);
	if (door_observed)
		inject_tick(bootrun_ticks(now));
	if (sched_tick(&h->sched, now))
		h->resched = true;
}
