build-failalloc/k/kern/thread.c.o: kern/thread.c kern/abi/hinge/errno.h \
 kern/thread.h kern/config.h kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h kern/config.h \
 kern/hart.h kern/sched.h kern/runqueue.h kern/fpu.h kern/domain.h \
 kern/abi/hinge/domain.h kern/handle.h kern/abi/hinge/handle.h \
 kern/schedctx.h kern/clock.h kern/vm.h kern/notify.h kern/observe.h \
 kern/scenario/bootrun.h kern/domain.h kern/scenario/trace.h \
 kern/scenario/inject.h kern/mutex.h kern/abi/hinge/sync.h kern/inherit.h \
 kern/supervisor.h
