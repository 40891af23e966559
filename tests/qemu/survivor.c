/* Runs while other domains crash around it, then checks it still works. */
#include <stdio.h>
#include "hinge.h"

int main(void)
{
	volatile unsigned sum = 0;
	for (int round = 0; round < 20; round++) {
		for (unsigned i = 0; i < 100000; i++)
			sum += i;
		hinge_sleep(1);
	}
	printf("survivor: still running after the others crashed\n");
	return sum == 20u * 4999950000u ? 0 : 1;
}
