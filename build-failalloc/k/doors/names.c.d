build-failalloc/k/doors/names.c.o: doors/names.c kern/abi/hinge/errno.h \
 doors/names.h doors/door.h kern/abi/hinge/door.h kern/abi/hinge/handle.h \
 kern/abi/hinge/domain.h kern/config.h doors/activation.h kern/thread.h \
 kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h kern/handle.h \
 kern/domain.h
