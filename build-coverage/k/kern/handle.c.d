build-coverage/k/kern/handle.c.o: kern/handle.c kern/abi/hinge/errno.h \
 kern/handle.h kern/abi/hinge/handle.h kern/config.h kern/ipc.h \
 doors/shuttle.h kern/notify.h kern/config.h kern/memobj.h \
 kern/abi/hinge/sync.h kern/mutex.h
