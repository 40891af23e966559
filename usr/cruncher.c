/* Demo: a low-priority domain that computes, and is preempted by ticker. */
#include <stdio.h>
#include "hinge.h"

static int is_prime(unsigned n)
{
	if (n < 2)
		return 0;
	for (unsigned d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

int main(void)
{
	struct hinge_self me;
	hinge_self(&me);
	unsigned count = 0;
	for (unsigned n = 0; n < 200000; n++) {
		count += (unsigned)is_prime(n);
		if (n % 50000 == 49999)
			printf("cruncher (domain %d, priority %d): %u primes below %u\n",
			       me.domain, me.prio, count, n + 1);
	}
	return count == 17984 ? 0 : 1;
}
