build-failalloc/k/kern/schedctx.c.o: kern/schedctx.c kern/schedctx.h \
 kern/thread.h kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/abi/hinge/errno.h kern/config.h
