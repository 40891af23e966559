build-failalloc/k/kern/notify.c.o: kern/notify.c kern/abi/hinge/errno.h \
 kern/notify.h kern/config.h kern/thread.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/config.h
