/* A higher-priority thread preempts a lower one within one tick.
 *
 * The main thread (priority 5) spins, counting. A thread at priority 20
 * sleeps; when its wake-up tick comes, it must be running within one tick
 * (measured with rdtime), and while it runs the spinner must make no
 * progress at all. */
#include <stdio.h>
#include "hinge.h"

static char stack[8192] __attribute__((aligned(16)));
static volatile uint64_t spins;
static volatile int done, failures;

static void high(long arg)
{
	(void)arg;
	uint64_t hz;
	hinge_clock(&hz);
	uint64_t tick = hz / 1000;
	for (int i = 0; i < 10; i++) {
		uint64_t before = spins;
		uint64_t target = (hinge_clock(NULL) + 3) * tick;
		hinge_sleep(3);
		uint64_t late = rdtime() - target;
		uint64_t during_sleep = spins - before;
		/* while this thread runs, the spinner must not */
		uint64_t s0 = spins;
		for (volatile int k = 0; k < 20000; k++)
			;
		uint64_t during_run = spins - s0;
		printf("preempt: woke %lu timebase units after the deadline (tick = %lu); "
		       "spinner ran %lu times while we slept, %lu while we ran\n",
		       (unsigned long)late, (unsigned long)tick,
		       (unsigned long)during_sleep, (unsigned long)during_run);
		if (late > tick || during_sleep == 0 || during_run != 0)
			failures++;
	}
	done = 1;
	hinge_thread_exit();
}

int main(void)
{
	CHECK(hinge_thread_create(high, stack + sizeof stack, 20, 0) >= 0);
	while (!done)
		spins++;
	CHECK(failures == 0);
	printf("preempt: PASS\n");
	return 0;
}
