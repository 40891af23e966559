build-failalloc/u/tests/qemu/pi_door_mutex/pi_door_mutex.c.o: \
 tests/qemu/pi_door_mutex/pi_door_mutex.c tests/qemu/door_test.h \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h usr/lib/door.h \
 kern/abi/hinge/door.h kern/abi/hinge/domain.h usr/lib/hinge.h
