build-failalloc/k/kern/arch/riscv/fpu.S.o: kern/arch/riscv/fpu.S
