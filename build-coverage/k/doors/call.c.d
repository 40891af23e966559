build-coverage/k/doors/call.c.o: doors/call.c kern/abi/hinge/errno.h \
 kern/abi/hinge/door.h kern/abi/hinge/handle.h kern/abi/hinge/domain.h \
 kern/thread.h kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h kern/config.h \
 kern/domain.h kern/handle.h doors/call.h doors/activation.h doors/door.h \
 doors/handoff.h kern/observe.h kern/scenario/bootrun.h \
 kern/scenario/trace.h kern/scenario/inject.h
