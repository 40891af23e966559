build-failalloc/u/usr/lib/syscalls.c.o: usr/lib/syscalls.c \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h
