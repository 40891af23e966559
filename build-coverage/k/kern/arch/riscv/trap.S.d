build-coverage/k/kern/arch/riscv/trap.S.o: kern/arch/riscv/trap.S \
 kern/arch/riscv/trapframe_offsets.h kern/arch/riscv/csr.h \
 kern/abi/hinge/syscall.h
