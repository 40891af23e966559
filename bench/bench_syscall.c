/* syscall.null: the round trip of the cheapest system call, SYS_NULL (ecall,
 * trap entry, dispatch, trap exit, sret): the floor under every door call. */
#include "bench.h"

int main(long arg)
{
	bench_mode(arg);
	BENCH_RUN("syscall.null", hinge_syscall(SYS_NULL, 0, 0, 0, 0));
	return 0;
}
