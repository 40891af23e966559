build-failalloc/k/kern/palloc.c.o: kern/palloc.c kern/abi/hinge/errno.h \
 kern/config.h kern/palloc.h kern/copy.h
