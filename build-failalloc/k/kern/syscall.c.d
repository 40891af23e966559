build-failalloc/k/kern/syscall.c.o: kern/syscall.c \
 kern/abi/hinge/syscall.h kern/abi/hinge/errno.h kern/syscall.h \
 kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/arch/riscv/csr.h kern/thread.h \
 kern/config.h kern/ipc.h doors/shuttle.h kern/config.h kern/domain.h \
 kern/abi/hinge/domain.h kern/handle.h kern/abi/hinge/handle.h \
 kern/hart.h kern/sched.h kern/runqueue.h kern/fpu.h kern/clock.h \
 kern/uaccess.h kern/vm.h kern/console.h kern/fault.h kern/supervisor.h \
 kern/observe.h kern/scenario/bootrun.h kern/domain.h \
 kern/scenario/trace.h kern/scenario/inject.h kern/mutex_sys.h \
 kern/inherit.h kern/handle_sys.h doors/door_sys.h doors/slowpath.h \
 doors/names_sys.h kern/sync_sys.h
