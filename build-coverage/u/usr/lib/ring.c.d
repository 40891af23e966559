build-coverage/u/usr/lib/ring.c.o: usr/lib/ring.c kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h usr/lib/ring.h \
 usr/lib/sync.h usr/lib/hinge.h kern/abi/hinge/syscall.h
