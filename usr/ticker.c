/* Demo: a high-priority domain that wakes periodically. Each wake-up
 * preempts whatever lower-priority domain is running; it prints how late
 * it woke (in ticks) and what the low-priority domain has been doing. */
#include <stdio.h>
#include "hinge.h"

int main(void)
{
	struct hinge_self me;
	hinge_self(&me);
	for (int i = 0; i < 5; i++) {
		uint64_t want = hinge_clock(NULL) + 2;
		hinge_sleep(2);
		uint64_t now = hinge_clock(NULL);
		printf("ticker  (domain %d, priority %d): woke at tick %lu, %lu late\n",
		       me.domain, me.prio, (unsigned long)now, (unsigned long)(now - want));
	}
	return 0;
}
