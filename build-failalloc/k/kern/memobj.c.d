build-failalloc/k/kern/memobj.c.o: kern/memobj.c kern/abi/hinge/errno.h \
 kern/memobj.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h \
 kern/config.h kern/palloc.h kern/vm.h
