build-coverage/k/doors/door_sys.c.o: doors/door_sys.c \
 kern/abi/hinge/errno.h kern/abi/hinge/door.h kern/abi/hinge/handle.h \
 kern/abi/hinge/domain.h doors/door_sys.h doors/door.h kern/config.h \
 doors/activation.h kern/thread.h kern/config.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/ipc.h doors/shuttle.h \
 doors/handoff.h kern/domain.h kern/handle.h kern/hart.h kern/sched.h \
 kern/runqueue.h kern/thread.h kern/fpu.h kern/uaccess.h kern/vm.h \
 kern/notify.h kern/observe.h kern/scenario/bootrun.h \
 kern/scenario/trace.h kern/scenario/inject.h
