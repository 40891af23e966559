build-coverage/k/kern/mutex_sys.c.o: kern/mutex_sys.c \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h \
 kern/mutex_sys.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/mutex.h kern/config.h kern/thread.h \
 kern/ipc.h doors/shuttle.h kern/config.h kern/domain.h \
 kern/abi/hinge/domain.h kern/handle.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/fpu.h
