build-failalloc/k/kern/arch/riscv/trap.c.o: kern/arch/riscv/trap.c \
 kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/arch/riscv/csr.h kern/console.h \
 kern/syscall.h kern/arch.h kern/clock.h kern/fault.h kern/thread.h \
 kern/config.h kern/ipc.h doors/shuttle.h kern/abi/hinge/errno.h \
 kern/config.h kern/hart.h kern/sched.h kern/runqueue.h kern/thread.h \
 kern/fpu.h
