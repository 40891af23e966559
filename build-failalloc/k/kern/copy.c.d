build-failalloc/k/kern/copy.c.o: kern/copy.c kern/copy.h
