/* Runs while other domains crash around it, then checks it still works. */
#include <stdio.h>
#include "hinge.h"

int main(void)
{
	volatile uint64_t sum = 0;
	for (int round = 0; round < 20; round++) {
		for (uint64_t i = 0; i < 100000; i++)
			sum += i;
		hinge_sleep(1);
	}
	printf("survivor: still running after the others crashed\n");
	return sum == 20ull * 4999950000ull ? 0 : 1;
}
