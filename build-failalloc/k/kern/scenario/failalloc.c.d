build-failalloc/k/kern/scenario/failalloc.c.o: kern/scenario/failalloc.c \
 kern/scenario/failalloc.h kern/config.h kern/console.h
