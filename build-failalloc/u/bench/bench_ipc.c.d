build-failalloc/u/bench/bench_ipc.c.o: bench/bench_ipc.c bench/bench.h \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h bench/pi.h usr/lib/door.h \
 kern/abi/hinge/door.h kern/abi/hinge/domain.h usr/lib/hinge.h \
 bench/async.h usr/lib/sync.h usr/lib/ring.h
