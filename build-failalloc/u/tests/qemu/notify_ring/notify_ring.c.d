build-failalloc/u/tests/qemu/notify_ring/notify_ring.c.o: \
 tests/qemu/notify_ring/notify_ring.c tests/qemu/door_test.h \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h usr/lib/door.h \
 kern/abi/hinge/door.h kern/abi/hinge/domain.h usr/lib/hinge.h \
 usr/lib/sync.h usr/lib/ring.h
