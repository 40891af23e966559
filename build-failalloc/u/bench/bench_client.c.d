build-failalloc/u/bench/bench_client.c.o: bench/bench_client.c \
 bench/bench.h usr/lib/hinge.h kern/abi/hinge/syscall.h \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h \
 usr/lib/door.h kern/abi/hinge/door.h kern/abi/hinge/domain.h \
 usr/lib/hinge.h
