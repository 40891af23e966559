build-coverage/u/usr/lib/stdio.c.o: usr/lib/stdio.c usr/lib/hinge.h \
 kern/abi/hinge/syscall.h kern/abi/hinge/errno.h kern/abi/hinge/sync.h \
 kern/abi/hinge/handle.h
