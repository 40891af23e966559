build-failalloc/k/kern/sched.c.o: kern/sched.c kern/abi/hinge/errno.h \
 kern/sched.h kern/runqueue.h kern/config.h kern/thread.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/config.h kern/schedctx.h
