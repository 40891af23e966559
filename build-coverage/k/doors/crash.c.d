build-coverage/k/doors/crash.c.o: doors/crash.c kern/abi/hinge/errno.h \
 doors/crash.h doors/call.h doors/activation.h kern/abi/hinge/door.h \
 kern/abi/hinge/handle.h kern/abi/hinge/domain.h kern/config.h \
 kern/thread.h kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h doors/door.h \
 kern/handle.h doors/handoff.h kern/domain.h doors/hopframe.h kern/arch.h \
 kern/hart.h kern/sched.h kern/runqueue.h kern/thread.h kern/fpu.h \
 kern/inherit.h kern/observe.h kern/scenario/bootrun.h \
 kern/scenario/trace.h kern/scenario/inject.h
