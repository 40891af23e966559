build-coverage/k/kern/scenario/coverage.c.o: kern/scenario/coverage.c \
 kern/scenario/coverage.h kern/console.h
