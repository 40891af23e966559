/* System calls of the foundation: each result and each error code. */
#include <stdio.h>
#include "hinge.h"

static char stack[4096] __attribute__((aligned(16)));
static volatile int child_ran;

static void child(long arg)
{
	child_ran = (int)arg;
	hinge_thread_exit();
}

int main(void)
{
	/* write: a good buffer, then bad pointers and a bad length. */
	CHECK(hinge_write("sys_basic: hello\n", 17) == 17);
	CHECK(hinge_write((void *)0x80200000, 8) == HE_FAULT);  /* kernel memory */
	CHECK(hinge_write((void *)0x40000000, 8) == HE_FAULT);  /* unmapped */
	CHECK(hinge_write((void *)0xffffffffffff0000UL, 8) == HE_FAULT); /* above user space */
	CHECK(hinge_write("x", 5000) == HE_INVAL);             /* too long */
	CHECK(hinge_write((void *)0x7fffeff8, 16) == HE_FAULT); /* crosses from stack into unmapped */

	/* clock, self */
	uint64_t hz = 0;
	uint64_t t0 = hinge_clock(&hz);
	CHECK(hz == 10000000);
	struct hinge_self me;
	CHECK(hinge_self(&me) >= 0);
	CHECK(me.prio == 7 && me.base_prio == 7);

	/* sleep advances the clock by at least the ticks asked for */
	CHECK(hinge_sleep(3) == 0);
	CHECK(hinge_sleep(UINT64_MAX) == HE_INVAL); /* the wake-up tick would overflow */
	CHECK(hinge_clock(NULL) >= t0 + 3);
	CHECK(hinge_yield() == 0);

	/* thread_create: bad priority, bad entry, misaligned stack, then a good one */
	CHECK(hinge_thread_create(child, stack + sizeof stack, 8, 1) == HE_INVAL); /* above maxprio */
	CHECK(hinge_thread_create(child, stack + sizeof stack, -1, 1) == HE_INVAL); /* PRIO_IDLE, the idle thread's */
	CHECK(hinge_thread_create((void (*)(long))0x80200000, stack + sizeof stack, 5, 1) == HE_INVAL);
	CHECK(hinge_thread_create(child, stack + sizeof stack - 8, 5, 1) == HE_INVAL);
	long tid = hinge_thread_create(child, stack + sizeof stack, 5, 42);
	CHECK(tid >= 0 && tid != me.thread);
	while (child_ran != 42)
		hinge_sleep(1);  /* the child has a lower priority: it runs while we sleep */
	printf("sys_basic: all checks passed\n");
	return 0;
}
