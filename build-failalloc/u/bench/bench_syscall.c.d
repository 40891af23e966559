build-failalloc/u/bench/bench_syscall.c.o: bench/bench_syscall.c \
 bench/bench.h usr/lib/hinge.h kern/abi/hinge/syscall.h \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h
