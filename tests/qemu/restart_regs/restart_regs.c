/* Registers of a restarted domain's first thread: nothing of the old
 * incarnation is visible (doors/SEMANTICS.md §12, restart).
 *
 * The kernel starts a domain's first thread with sp at the top of its stack,
 * a0 = the manifest's arg and every other integer register zero; its FPU is
 * off, so its first FP instruction gets all 32 FP registers and fcsr zero
 * (kern/fpu.h). crt0's `call main` changes only ra, so this program's main
 * is assembly that stores every register before any C code runs.
 *
 * The victim's first incarnation checks its start, then sets every integer
 * and FP register and fcsr to a pattern and faults with them live; the
 * supervisor restarts it; the new incarnation checks its start again and
 * exits with the number of registers found wrong (the supervisor wants 0).
 * Roles (manifest arg): 0 supervisor, 1 victim, 9 leak check. */
#include <string.h>
#include "door_test.h"

#define OLD_X 0x01D0000000000000ul  /* the old incarnation's x register n holds OLD_X + n */

void _start(void);
uint64_t start_regs[65]; /* x n at 8*n, f n at 256 + 8*n, fcsr at 512 */
int regs_main(long arg);

/* main: stores the registers as the kernel gave them (t0 through the stack
 * slot below sp, which nothing else uses yet), then regs_main(arg). */
__asm__(".text\n"
	".globl main\n"
	"main:\n"
	"	sd t0, -8(sp)\n"
	"	la t0, start_regs\n"
	".irp i, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	sd x\\i, 8*\\i(t0)\n"
	".endr\n"
	"	ld t1, -8(sp)\n"
	"	sd t1, 40(t0)\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	fsd f\\i, 256+8*\\i(t0)\n"
	".endr\n"
	"	frcsr t1\n"
	"	sd t1, 512(t0)\n"
	"	ld a0, 80(t0)\n"
	"	tail regs_main\n");  /* ra still returns into crt0 */

/* Sets every register but sp to OLD_X + n (f n to a pattern, fcsr to
 * frm = 1 with every flag) and faults: the old incarnation dies with them. */
__asm__(".text\n"
	".globl die_dirty\n"
	"die_dirty:\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li t0, 0x7FF801D000000000 + \\i\n"
	"	fmv.d.x f\\i, t0\n"
	".endr\n"
	"	li t0, 0x3f\n"
	"	fscsr t0\n"
	".irp i, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li x\\i, 0x01D0000000000000 + \\i\n"
	"	.endr\n"
	"	li t0, 0x80200000\n"
	"	ld t0, 0(t0)\n"
	"1:	j 1b\n");
void die_dirty(void) __attribute__((noreturn));

/* The registers in start_regs are what a first thread starts with. */
static void check_start(long arg)
{
	unsigned gen = self_now().gen;
	for (int n = 1; n < 32; n++) {
		uint64_t want = n == 10 ? (uint64_t)arg : 0;
		if (n == 2)     /* sp: the top of the stack, none of the old values */
			want = (start_regs[2] & 0xffff000000000000ul) == OLD_X ? 0 : start_regs[2];
		if (n == 1)     /* ra: crt0's call */
			want = start_regs[1] - (uintptr_t)_start <= 8 ? start_regs[1] : 0;
		if (start_regs[n] != want) {
			printf("%s: incarnation %u starts with x%d = %#lx\n", TEST, gen, n,
			       (unsigned long)start_regs[n]);
			note_failure();
		}
	}
	for (int n = 0; n < 32; n++)
		if (start_regs[32 + n] != 0) {
			printf("%s: incarnation %u starts with f%d = %#lx\n", TEST, gen, n,
			       (unsigned long)start_regs[32 + n]);
			note_failure();
		}
	EXPECT_EQ(start_regs[64], 0);
}

static long victim_arg;

static int victim(void)
{
	check_start(victim_arg);
	if (self_now().gen == 0 && failures == 0)
		die_dirty();
	printf("%s: incarnation %u %s\n", TEST, self_now().gen, failures ? "FAILED" : "passed");
	return failures;
}

static int supervisor(void)
{
	struct hinge_death d;
	EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), 0);
	EXPECT(strcmp(d.name, "victim") == 0 && d.how == DEATH_FAULT && d.gen == 0);
	long n = hinge_syscall(SYS_DOMAIN_RESTART, d.domain, 0, 0, 0);
	EXPECT(n >= 0);
	EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), 0);
	EXPECT(d.domain == n && d.gen == 1);
	EXPECT_EQ(d.how, DEATH_EXIT);
	EXPECT_EQ(d.code, 0); /* the new incarnation found no register wrong */
	printf("%s: supervisor %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

int regs_main(long arg)
{
	static const struct role roles[] = { { 0, supervisor }, { 1, victim } };
	victim_arg = arg;
	return run_role(arg, roles, sizeof roles / sizeof roles[0]);
}
