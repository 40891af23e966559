build-coverage/k/kern/domain.c.o: kern/domain.c kern/abi/hinge/errno.h \
 kern/domain.h kern/abi/hinge/domain.h kern/config.h kern/handle.h \
 kern/abi/hinge/handle.h kern/config.h kern/thread.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 kern/hart.h kern/sched.h kern/runqueue.h kern/fpu.h kern/program.h \
 kern/vm.h kern/memobj.h kern/abi/hinge/sync.h kern/elf.h kern/console.h \
 kern/observe.h kern/scenario/bootrun.h kern/domain.h \
 kern/scenario/trace.h kern/scenario/inject.h
