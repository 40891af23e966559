build-coverage/k/doors/door.c.o: doors/door.c kern/abi/hinge/errno.h \
 kern/abi/hinge/sync.h kern/abi/hinge/handle.h kern/thread.h \
 kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h kern/config.h \
 kern/notify.h kern/domain.h kern/abi/hinge/domain.h kern/handle.h \
 doors/door.h kern/abi/hinge/door.h doors/activation.h doors/handoff.h
