/* syscall.null: the round trip of the cheapest system call, SYS_NULL (ecall,
 * trap entry, sret: kern/arch/riscv/trap.S answers it from registers), the
 * floor under every door call. syscall.self: SYS_SELF, a leaf call through
 * the C dispatch (the registers C may clobber saved and restored, the
 * handler, the switch check): what every other leaf call pays besides its
 * own work. */
#include "bench.h"

int main(long arg)
{
	bench_mode(arg);
	BENCH_RUN("syscall.null", hinge_syscall(SYS_NULL, 0, 0, 0, 0));
	BENCH_RUN("syscall.self", hinge_syscall(SYS_SELF, 0, 0, 0, 0) < 0);
	return 0;
}
