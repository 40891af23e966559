build-failalloc/k/kern/mutex.c.o: kern/mutex.c kern/abi/hinge/errno.h \
 kern/mutex.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h kern/config.h \
 kern/thread.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h kern/config.h \
 kern/inherit.h kern/waitq.h
