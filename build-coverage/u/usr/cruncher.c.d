build-coverage/u/usr/cruncher.c.o: usr/cruncher.c usr/lib/hinge.h \
 kern/abi/hinge/syscall.h kern/abi/hinge/errno.h kern/abi/hinge/sync.h \
 kern/abi/hinge/handle.h
