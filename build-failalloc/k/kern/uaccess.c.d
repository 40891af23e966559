build-failalloc/k/kern/uaccess.c.o: kern/uaccess.c kern/abi/hinge/errno.h \
 kern/abi/hinge/door.h kern/abi/hinge/handle.h kern/abi/hinge/domain.h \
 kern/config.h kern/copy.h kern/vm.h kern/uaccess.h
