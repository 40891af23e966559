build-failalloc/u/tests/qemu/fpu_iso/fpu_iso.c.o: \
 tests/qemu/fpu_iso/fpu_iso.c usr/lib/hinge.h kern/abi/hinge/syscall.h \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h
