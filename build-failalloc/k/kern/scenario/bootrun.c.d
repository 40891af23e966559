build-failalloc/k/kern/scenario/bootrun.c.o: kern/scenario/bootrun.c \
 kern/scenario/bootrun.h kern/domain.h kern/abi/hinge/domain.h \
 kern/config.h kern/handle.h kern/abi/hinge/handle.h \
 kern/abi/hinge/errno.h kern/config.h kern/scenario/batch.h \
 kern/scenario/manifest.h kern/abi/hinge/scn.h kern/console.h kern/arch.h \
 kern/arch/riscv/trapframe.h kern/arch/riscv/trapframe_offsets.h \
 kern/fpu.h kern/arch/riscv/arch_inline.h kern/clock.h \
 kern/scenario/trace.h kern/scenario/inject.h kern/scenario/kcounts.h \
 kern/abi/hinge/door.h kern/supervisor.h kern/scenario/failalloc.h \
 kern/scenario/coverage.h
