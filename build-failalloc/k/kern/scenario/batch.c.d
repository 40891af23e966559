build-failalloc/k/kern/scenario/batch.c.o: kern/scenario/batch.c \
 kern/abi/hinge/scn.h kern/scenario/batch.h
