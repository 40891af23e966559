build-coverage/k/kern/handle_sys.c.o: kern/handle_sys.c \
 kern/abi/hinge/errno.h kern/abi/hinge/handle.h kern/handle_sys.h \
 kern/handle.h kern/config.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/hart.h kern/sched.h kern/runqueue.h kern/thread.h kern/fpu.h \
 kern/domain.h kern/abi/hinge/domain.h
