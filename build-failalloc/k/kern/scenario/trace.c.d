build-failalloc/k/kern/scenario/trace.c.o: kern/scenario/trace.c \
 kern/scenario/trace.h kern/scenario/inject.h kern/thread.h kern/config.h \
 kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/abi/hinge/errno.h kern/config.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/thread.h kern/fpu.h kern/domain.h \
 kern/abi/hinge/domain.h kern/handle.h kern/abi/hinge/handle.h \
 kern/clock.h kern/console.h kern/arch.h doors/door.h \
 kern/abi/hinge/door.h doors/activation.h
