build-coverage/k/doors/activation.c.o: doors/activation.c \
 kern/abi/hinge/errno.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/config.h doors/activation.h kern/abi/hinge/door.h \
 kern/abi/hinge/handle.h kern/abi/hinge/domain.h doors/door.h \
 kern/inherit.h kern/waitq.h kern/thread.h
