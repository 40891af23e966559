build-failalloc/k/kern/program.c.o: kern/program.c kern/program.h
