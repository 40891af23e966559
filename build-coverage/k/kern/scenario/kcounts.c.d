build-coverage/k/kern/scenario/kcounts.c.o: kern/scenario/kcounts.c \
 kern/scenario/kcounts.h kern/abi/hinge/door.h kern/abi/hinge/handle.h \
 kern/abi/hinge/domain.h kern/domain.h kern/config.h kern/handle.h \
 kern/abi/hinge/errno.h kern/config.h kern/thread.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/schedctx.h kern/thread.h kern/palloc.h kern/notify.h kern/memobj.h \
 kern/abi/hinge/sync.h kern/mutex.h doors/door.h doors/activation.h
