build-coverage/k/kern/arch/riscv/switch.S.o: kern/arch/riscv/switch.S \
 kern/arch/riscv/kcontext_offsets.h
