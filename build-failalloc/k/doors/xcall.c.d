build-failalloc/k/doors/xcall.c.o: doors/xcall.c kern/abi/hinge/errno.h \
 doors/xcall.h kern/abi/hinge/door.h kern/abi/hinge/handle.h \
 kern/abi/hinge/domain.h kern/uaccess.h doors/door.h kern/config.h \
 doors/activation.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/domain.h kern/handle.h kern/copy.h kern/vm.h
