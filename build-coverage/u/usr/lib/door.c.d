build-coverage/u/usr/lib/door.c.o: usr/lib/door.c usr/lib/door.h \
 kern/abi/hinge/door.h kern/abi/hinge/handle.h kern/abi/hinge/domain.h \
 usr/lib/hinge.h kern/abi/hinge/syscall.h kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h
