build-coverage/k/kern/main.c.o: kern/main.c kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/thread.h kern/ipc.h doors/shuttle.h \
 kern/abi/hinge/errno.h kern/config.h kern/fpu.h kern/console.h \
 kern/fdt.h kern/palloc.h kern/vm.h kern/clock.h kern/observe.h \
 kern/scenario/bootrun.h kern/domain.h kern/abi/hinge/domain.h \
 kern/config.h kern/handle.h kern/abi/hinge/handle.h \
 kern/scenario/trace.h kern/scenario/inject.h sbi/sbi.h
