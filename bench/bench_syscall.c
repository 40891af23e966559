/* syscall.null: the round trip of the cheapest system call, SYS_NULL (ecall,
 * trap entry, dispatch, trap exit, sret), the floor under every door call. */
#include "bench.h"

int main(void)
{
	BENCH_RUN("syscall.null", 1000, hinge_syscall(SYS_NULL, 0, 0, 0, 0));
	return 0;
}
