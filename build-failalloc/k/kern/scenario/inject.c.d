build-failalloc/k/kern/scenario/inject.c.o: kern/scenario/inject.c \
 kern/abi/hinge/errno.h kern/scenario/inject.h kern/scenario/manifest.h \
 kern/abi/hinge/scn.h kern/abi/hinge/domain.h kern/config.h kern/domain.h \
 kern/config.h kern/handle.h kern/abi/hinge/handle.h doors/names.h \
 doors/door.h kern/abi/hinge/door.h doors/activation.h kern/thread.h \
 kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h kern/clock.h \
 kern/arch.h kern/scenario/trace.h doors/door_sys.h
