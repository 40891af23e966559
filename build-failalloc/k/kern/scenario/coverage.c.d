build-failalloc/k/kern/scenario/coverage.c.o: kern/scenario/coverage.c
