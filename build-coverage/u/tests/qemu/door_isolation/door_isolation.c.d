build-coverage/u/tests/qemu/door_isolation/door_isolation.c.o: \
 tests/qemu/door_isolation/door_isolation.c tests/qemu/door_test.h \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h usr/lib/door.h \
 kern/abi/hinge/door.h kern/abi/hinge/domain.h usr/lib/hinge.h
