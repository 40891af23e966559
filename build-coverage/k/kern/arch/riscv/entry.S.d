build-coverage/k/kern/arch/riscv/entry.S.o: kern/arch/riscv/entry.S
