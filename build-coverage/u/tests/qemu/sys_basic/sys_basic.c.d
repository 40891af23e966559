build-coverage/u/tests/qemu/sys_basic/sys_basic.c.o: \
 tests/qemu/sys_basic/sys_basic.c usr/lib/hinge.h \
 kern/abi/hinge/syscall.h kern/abi/hinge/errno.h kern/abi/hinge/sync.h \
 kern/abi/hinge/handle.h
