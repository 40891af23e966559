build-failalloc/k/kern/fault.c.o: kern/fault.c kern/fault.h kern/thread.h \
 kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/abi/hinge/errno.h kern/config.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/fpu.h kern/domain.h kern/abi/hinge/domain.h \
 kern/handle.h kern/abi/hinge/handle.h kern/console.h
