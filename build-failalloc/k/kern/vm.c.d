build-failalloc/k/kern/vm.c.o: kern/vm.c kern/abi/hinge/errno.h \
 kern/config.h kern/palloc.h kern/vm.h
