build-failalloc/k/doors/names_sys.c.o: doors/names_sys.c \
 kern/abi/hinge/handle.h doors/names_sys.h doors/names.h doors/door.h \
 kern/abi/hinge/door.h kern/abi/hinge/domain.h kern/config.h \
 doors/activation.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/abi/hinge/errno.h kern/handle.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/thread.h kern/fpu.h kern/domain.h kern/uaccess.h
