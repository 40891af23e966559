build-failalloc/k/kern/sync_sys.c.o: kern/sync_sys.c \
 kern/abi/hinge/errno.h kern/abi/hinge/sync.h kern/abi/hinge/handle.h \
 kern/sync_sys.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/notify.h kern/config.h kern/memobj.h \
 kern/thread.h kern/ipc.h doors/shuttle.h kern/config.h kern/domain.h \
 kern/abi/hinge/domain.h kern/handle.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/fpu.h kern/vm.h
