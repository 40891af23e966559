build-failalloc/k/doors/hopframe.c.o: doors/hopframe.c doors/hopframe.h \
 kern/abi/hinge/door.h kern/abi/hinge/handle.h kern/abi/hinge/domain.h \
 kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/domain.h kern/config.h kern/handle.h \
 kern/abi/hinge/errno.h kern/config.h kern/hart.h kern/arch.h \
 kern/sched.h kern/runqueue.h kern/thread.h kern/ipc.h doors/shuttle.h \
 kern/fpu.h doors/call.h doors/activation.h kern/thread.h doors/door.h \
 doors/handoff.h
