build-coverage/u/tests/qemu/crash/survivor.c.o: \
 tests/qemu/crash/survivor.c usr/lib/hinge.h kern/abi/hinge/syscall.h \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h
