build-failalloc/k/kern/arch/riscv/arch.c.o: kern/arch/riscv/arch.c \
 kern/arch.h kern/arch/riscv/trapframe.h \
 kern/arch/riscv/trapframe_offsets.h kern/fpu.h \
 kern/arch/riscv/arch_inline.h kern/arch/riscv/csr.h sbi/sbi.h \
 kern/arch/riscv/kcontext_offsets.h
