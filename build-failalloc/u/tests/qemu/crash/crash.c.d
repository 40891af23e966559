build-failalloc/u/tests/qemu/crash/crash.c.o: tests/qemu/crash/crash.c \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h
