build-failalloc/k/doors/handoff.c.o: doors/handoff.c \
 kern/abi/hinge/errno.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/config.h kern/domain.h kern/abi/hinge/domain.h kern/handle.h \
 kern/abi/hinge/handle.h kern/hart.h kern/sched.h kern/runqueue.h \
 kern/thread.h kern/fpu.h doors/handoff.h kern/abi/hinge/door.h \
 doors/activation.h doors/door.h doors/call.h kern/inherit.h kern/copy.h \
 kern/uaccess.h doors/hopframe.h kern/arch.h doors/xcall.h
