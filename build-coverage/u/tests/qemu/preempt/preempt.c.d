build-coverage/u/tests/qemu/preempt/preempt.c.o: \
 tests/qemu/preempt/preempt.c usr/lib/hinge.h kern/abi/hinge/syscall.h \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h
