build-coverage/k/kern/inherit.c.o: kern/inherit.c kern/abi/hinge/door.h \
 kern/abi/hinge/handle.h kern/abi/hinge/domain.h kern/abi/hinge/sync.h \
 kern/inherit.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/abi/hinge/errno.h kern/config.h kern/mutex.h doors/activation.h \
 kern/thread.h doors/door.h
