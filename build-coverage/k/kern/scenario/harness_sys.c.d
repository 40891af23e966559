build-coverage/k/kern/scenario/harness_sys.c.o: \
 kern/scenario/harness_sys.c kern/abi/hinge/errno.h kern/observe.h \
 kern/scenario/bootrun.h kern/domain.h kern/abi/hinge/domain.h \
 kern/config.h kern/handle.h kern/abi/hinge/handle.h kern/config.h \
 kern/scenario/trace.h kern/scenario/inject.h kern/scenario/kcounts.h \
 kern/abi/hinge/door.h kern/thread.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/hart.h kern/sched.h kern/runqueue.h kern/thread.h kern/fpu.h \
 kern/uaccess.h
