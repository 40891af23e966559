/* Register isolation across a door call, both ways, integer and FP.
 *
 * Into the server: at the entry of a door, every register except the
 * declared ones (a0 cookie, a1..a5 the caller's words, a6 the buffer, a7 the
 * info word, sp the activation's stack top) is zero, whatever the caller had
 * in them; the FP registers and fcsr too (a fresh hop). An assembly stub
 * stores them all before any C code runs.
 *
 * Back to the caller: a server that writes junk into every register it can
 * (ra, sp, gp, tp, t*, s*, every f register and fcsr) and returns: the
 * caller's ra, sp, gp, tp, s0..s11, f0..f31 and fcsr are as before the call
 * (the kernel may change only a0..a7 and t0..t6, hinge/syscall.h), and none
 * of the junk reaches the caller in any register but the result words.
 *
 * Both ways of entering and leaving the kernel are covered: a call with
 * DOOR_CALL_XARG or a return with result bytes takes the kernel's general
 * path, the others its register-only fast path; the probes mix them all.
 *
 * The same probes run against handoff doors (handoff.manifest:
 * the entry runs on a server thread, not the caller's, with the same rules).
 *
 * Unwind (unwind.manifest): a server that clobbers every register and then
 * faults under the call; the caller gets HE_DEAD with its registers as
 * before, the dead domain named in a1..a3, a4..a7 and t0..t6 zero, and no
 * junk; the same for a second call, refused because the server is dead.
 *
 * Split (split.manifest): client -> middle -> leaf, and the middle dies
 * while the thread runs in the leaf. The client resumes with HE_DEAD and
 * registers as after an unwind; the leaf's code, now an orphan, finds every
 * register but a0..a7 and t0..t6 as it set them (orphan_entry).
 *
 * Roles (arg): 0 server, 1 client, 2 server of DOOR_F_HANDOFF doors, 3 the
 * faulting server, 4 its client, 5 the split's middle, 6 its leaf, 7 its
 * client, 9 leak check. */
#include <stdbool.h>
#include <string.h>
#include "door_test.h"

#define CALLER_X 0xC0DE000000000000ul  /* caller's x register n holds CALLER_X + n */
#define CALLER_F 0x7FF8C0DE00000000ul  /* caller's f register n holds CALLER_F + n */
#define CALLER_FCSR 0x20                /* frm = round towards zero */
#define JUNK_X 0xBAD0000000000000ul     /* what the clobbering server writes */
#define JUNK_F 0x7FF8BAD000000000ul
#define ISO_COOKIE 0x150
#define CLOBBER_RESULT 0x600D
#define BUF_SIZE 64
#define XDATA "isolate!"                /* the 8 bulk bytes of an XARG probe */
/* OP_PROBE: register words only; OP_PROBE_X: the call passes XDATA (the
 * probe entry checks a5 = 0, a7 = 8), the clobbering server returns 8 bytes. */
enum { OP_PROBE = OP_FIRST_TEST_OP, OP_PROBE_X };

/* ---- server ---- */

static char iso_stack[4096] __attribute__((aligned(16)));
static char iso_buf[BUF_SIZE];
static char clobber_stack[4096] __attribute__((aligned(16)));
static char clobber_buf[BUF_SIZE];

/* Entry stub: saves x1..x31 (but sp) at 8*n(sp), f0..f31 at 256 + 8*n(sp),
 * fcsr at 512(sp), then calls iso_check(saved). */
__asm__(".text\n"
	".globl iso_entry\n"
	"iso_entry:\n"
	"	addi sp, sp, -544\n"
	".irp i, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	sd x\\i, 8*\\i(sp)\n"
	".endr\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	fsd f\\i, 256+8*\\i(sp)\n"
	".endr\n"
	"	frcsr t0\n"
	"	sd t0, 512(sp)\n"
	"	mv a0, sp\n"
	"	call iso_check\n");
void iso_entry(void);

/* OP_PROBE, OP_PROBE_X: returns {x registers that were wrong (bit n = xn),
 * f registers that were not zero (bit n = fn), fcsr, whether the bulk bytes
 * were wrong}. OP_QUIT: as std_entry. */
void iso_check(const uint64_t *saved) __attribute__((noreturn, used));
void iso_check(const uint64_t *saved)
{
	if (saved[11] == OP_QUIT)
		std_entry(saved[10], OP_QUIT, 0, 0, 0, 0, NULL, 0);
	uint64_t want[32] = { 0 };
	want[10] = ISO_COOKIE;
	bool x = saved[11] == OP_PROBE_X;
	want[11] = saved[11];
	for (int n = 12; n <= 15; n++)
		want[n] = CALLER_X + (uint64_t)n;   /* the caller's a2..a5 */
	want[15] = x ? 0 : want[15];            /* a5 is the xarg pointer: not passed on */
	want[16] = (uintptr_t)iso_buf;          /* a6 */
	want[17] = x ? 8 : 0;                   /* a7: bulk bytes | handles << 32 */
	uint64_t bad_x = 0, bad_f = 0;
	for (int n = 1; n < 32; n++)
		if (n != 2 && saved[n] != want[n])
			bad_x |= 1ul << n;
	if ((uintptr_t)saved + 544 != (uintptr_t)iso_stack + sizeof iso_stack)
		bad_x |= 1ul << 2;
	for (int n = 0; n < 32; n++)
		if (saved[32 + n] != 0)
			bad_f |= 1ul << n;
	uint64_t bad_data = x && memcmp(iso_buf, XDATA, 8) != 0;
	hinge_door_return(WORDS(bad_x, bad_f, saved[64], bad_data, 0), 0);
}

/* Writes junk into every register but a0..a7, then returns {CLOBBER_RESULT}
 * and, for OP_PROBE_X, 8 bytes of its buffer. */
__asm__(".text\n"
	".globl clobber_entry\n"
	"clobber_entry:\n"
	"	li t0, 6\n"  /* OP_PROBE_X */
	"	li a6, 0\n"
	"	bne a1, t0, 3f\n"
	"	li a6, 8\n"
	"3:\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li t0, 0x7FF8BAD000000000 + \\i\n"
	"	fmv.d.x f\\i, t0\n"
	".endr\n"
	"	li t0, 0x7f\n"  /* frm = 3, every fflag set */
	"	fscsr t0\n"
	".irp i, 1,2,3,4,5,6,7,8,9,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li x\\i, 0xBAD0000000000000 + \\i\n"
	".endr\n"
	"	li a0, 0\n"
	"	li a1, 0x600D\n"
	"	li a2, 0\n"
	"	li a3, 0\n"
	"	li a4, 0\n"
	"	li a5, 0\n"
	"	li a7, 11\n"  /* SYS_DOOR_RETURN; a6 = result bytes */
	"	ecall\n"
	"1:	j 1b\n");
void clobber_entry(void);

/* flags: 0 (migrate) or DOOR_F_HANDOFF (server threads at priority 5). */
static int server(unsigned flags)
{
	struct door_pool_desc p = door_pool(iso_stack, sizeof iso_stack, iso_buf, BUF_SIZE, 1);
	p.prio = flags ? 5 : 0;
	long iso = hinge_door_create((hinge_door_entry_t)iso_entry, ISO_COOKIE, flags, &p);
	p = door_pool(clobber_stack, sizeof clobber_stack, clobber_buf, BUF_SIZE, 1);
	p.prio = flags ? 5 : 0;
	long clob = hinge_door_create((hinge_door_entry_t)clobber_entry, 0, flags, &p);
	EXPECT(iso >= 0 && clob >= 0);
	EXPECT_EQ(hinge_name_publish((int)iso, "iso"), 0);
	EXPECT_EQ(hinge_name_publish((int)clob, "clobber"), 0);
	int hs[2] = { (int)iso, (int)clob };
	return serve_until_quit(hs, 2);
}

/* ---- client ---- */

/* long probe_call(long h, uint64_t op, uint64_t out[66], uint64_t flags,
 * uint64_t a5): calls door h (words op, CALLER_X + 12..14, a5; flags) with
 * every other register set to the
 * caller's pattern (x n = CALLER_X + n, f n = CALLER_F + n, fcsr =
 * CALLER_FCSR), and stores what the registers hold after the call: x n in
 * out[n] (out[2] = sp), f n in out[32 + n], fcsr in out[64]; out[65] = sp
 * before the call. Returns the call's status, and restores what the C
 * calling convention asks for. Frame: ra, gp, tp, out, flags, a5 at 0..47, s regs at
 * 8*n, fs regs at 232 + 8*n; the registers right after the call at 464 +
 * 8*n (x), 720 + 8*n (f), 976 (fcsr), copied to out from there. */
__asm__(".text\n"
	".globl probe_call\n"
	"probe_call:\n"
	"	addi sp, sp, -992\n"
	"	sd ra, 0(sp)\n"
	"	sd gp, 8(sp)\n"
	"	sd tp, 16(sp)\n"
	"	sd a2, 24(sp)\n"
	"	sd a3, 32(sp)\n"
	"	sd a4, 40(sp)\n"
	".irp i, 8,9,18,19,20,21,22,23,24,25,26,27\n"
	"	sd x\\i, 8*\\i(sp)\n"
	"	fsd f\\i, 232+8*\\i(sp)\n"
	".endr\n"
	"	sd sp, 8*65(a2)\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li t0, 0x7FF8C0DE00000000 + \\i\n"
	"	fmv.d.x f\\i, t0\n"
	".endr\n"
	"	li t0, 0x20\n"
	"	fscsr t0\n"
	".irp i, 1,3,4,5,6,7,8,9,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li x\\i, 0xC0DE000000000000 + \\i\n"
	".endr\n"
	"	li a2, 0xC0DE00000000000C\n"
	"	li a3, 0xC0DE00000000000D\n"
	"	li a4, 0xC0DE00000000000E\n"
	"	ld a5, 40(sp)\n"
	"	ld a6, 32(sp)\n"
	"	li a7, 10\n"  /* SYS_DOOR_CALL; a0 = h and a1 = op already */
	"	ecall\n"
	".irp i, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	sd x\\i, 464+8*\\i(sp)\n"
	".endr\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	fsd f\\i, 720+8*\\i(sp)\n"
	".endr\n"
	"	frcsr t0\n"
	"	sd t0, 976(sp)\n"
	"	ld t1, 24(sp)\n"
	"	addi t2, sp, 464\n"
	"	li t3, 65\n"
	"2:	ld t4, 0(t2)\n"
	"	sd t4, 0(t1)\n"
	"	addi t1, t1, 8\n"
	"	addi t2, t2, 8\n"
	"	addi t3, t3, -1\n"
	"	bnez t3, 2b\n"
	"	fscsr zero\n"
	".irp i, 8,9,18,19,20,21,22,23,24,25,26,27\n"
	"	ld x\\i, 8*\\i(sp)\n"
	"	fld f\\i, 232+8*\\i(sp)\n"
	".endr\n"
	"	ld ra, 0(sp)\n"
	"	ld gp, 8(sp)\n"
	"	ld tp, 16(sp)\n"
	"	addi sp, sp, 992\n"
	"	ret\n");
long probe_call(long h, uint64_t op, uint64_t out[66], uint64_t flags, uint64_t a5);

static const int callee_saved[] = { 1, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 };

/* After a call: the caller's registers are intact and no junk came back. */
static void check_preserved(const char *what, const uint64_t *out)
{
	for (unsigned i = 0; i < sizeof callee_saved / sizeof callee_saved[0]; i++) {
		int n = callee_saved[i];
		if (out[n] != CALLER_X + (uint64_t)n) {
			printf("%s: after %s, x%d = %#lx\n", TEST, what, n, (unsigned long)out[n]);
			note_failure();
		}
	}
	EXPECT(out[2] == out[65]); /* sp */
	for (int n = 1; n < 32; n++)
		if (n != 2 && n != 11 && (out[n] & 0xffff000000000000ul) == JUNK_X) {
			printf("%s: after %s, the server's x%d = %#lx reached the caller\n", TEST, what, n,
			       (unsigned long)out[n]);
			note_failure();
		}
	for (int n = 0; n < 32; n++)
		if (out[32 + n] != CALLER_F + (uint64_t)n) {
			printf("%s: after %s, f%d = %#lx\n", TEST, what, n, (unsigned long)out[32 + n]);
			note_failure();
		}
	EXPECT_EQ(out[64], CALLER_FCSR);
}

/* One probe of door h (the clobbering one or not): fast or general call
 * (xarg), op as above. */
static void probe(const char *what, long h, bool clobber, uint64_t op, bool xarg)
{
	static uint64_t out[66];
	static char rbuf[BUF_SIZE];
	static struct door_xarg x = { (uintptr_t)XDATA, 8, 0, 0, (uintptr_t)rbuf, sizeof rbuf };
	long st = probe_call(h, op, out, xarg ? DOOR_CALL_XARG : 0,
			     xarg ? (uintptr_t)&x : CALLER_X + 15);
	if (st != 0) {
		printf("%s: %s: status %ld\n", TEST, what, st);
		note_failure();
		return;
	}
	check_preserved(what, out);
	if (clobber && op == OP_PROBE_X && out[16] != 8) {
		printf("%s: %s: %lu result bytes, expected 8\n", TEST, what, (unsigned long)out[16]);
		note_failure();
	}
	if (clobber) {
		EXPECT_EQ(out[11], CLOBBER_RESULT);
		return;
	}
	if (out[11] || out[12] || out[13] || out[14]) {
		printf("%s: %s: at the server's entry: wrong x registers %#lx, non-zero f registers "
		       "%#lx, fcsr %#lx, bulk bytes %s\n",
		       TEST, what, (unsigned long)out[11], (unsigned long)out[12], (unsigned long)out[13],
		       out[14] ? "wrong" : "right");
		note_failure();
	}
}

static int client(void)
{
	long iso = hinge_name_wait("iso"), clob = hinge_name_wait("clobber");
	EXPECT(iso >= 0 && clob >= 0);
	for (int round = 0; round < 2; round++) {
		probe("probe, fast call and return", iso, false, OP_PROBE, false);
		probe("probe, bulk call", iso, false, OP_PROBE_X, true);
		probe("clobber, fast call and return", clob, true, OP_PROBE, false);
		probe("clobber, fast call, return with bytes", clob, true, OP_PROBE_X, false);
		probe("clobber, bulk call, return with bytes", clob, true, OP_PROBE_X, true);
		probe("clobber, bulk call, fast return", clob, true, OP_PROBE, true);
	}
	return client_done(iso);
}

/* ---- unwind: the server dies under the call ---- */

/* Writes junk into every register, as clobber_entry, then faults (a load
 * from the kernel): its domain dies with the caller's thread inside. */
__asm__(".text\n"
	".globl crash_entry\n"
	"crash_entry:\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li t0, 0x7FF8BAD000000000 + \\i\n"
	"	fmv.d.x f\\i, t0\n"
	".endr\n"
	"	li t0, 0x7f\n"
	"	fscsr t0\n"
	".irp i, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li x\\i, 0xBAD0000000000000 + \\i\n"
	".endr\n"
	"	li t0, 0x80200000\n"
	"	ld t0, 0(t0)\n"
	"1:	j 1b\n");
void crash_entry(void);

static char crash_stack[4096] __attribute__((aligned(16)));

static int crash_server(void)
{
	struct door_pool_desc p = door_pool(crash_stack, sizeof crash_stack, NULL, 0, 1);
	long h = hinge_door_create((hinge_door_entry_t)crash_entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "crash"), 0);
	return sleep_until_dead();
}

/* HE_DEAD from a server that died under the call (an unwind, or a split:
 * the server door's domain died while the thread ran further down), then
 * from one found dead at the call (check 5): the caller's registers are as
 * before the call, a1..a3 name the dead domain (id, DEATH_FAULT, generation
 * 0), a4 says whether it was dead before the call (0, then
 * DEATH_BEFORE_CALL), a5..a7 and t0..t6 are 0, and none of the server's junk
 * came back. */
static int dead_server_client(const char *name)
{
	static uint64_t out[66];
	long h = hinge_name_wait(name);
	struct door_info di = info_of(h);
	static const char *const what[] = { "an unwind (the server died in the call)",
					    "a call to a dead server" };
	for (int k = 0; k < 2; k++) {
		long st = probe_call(h, OP_PROBE, out, 0, CALLER_X + 15);
		EXPECT_EQ(st, HE_DEAD);
		check_preserved(what[k], out);
		EXPECT_EQ(out[11], di.server);  /* a1 */
		EXPECT_EQ(out[12], DEATH_FAULT); /* a2 */
		EXPECT_EQ(out[13], 0);           /* a3: generation */
		EXPECT_EQ(out[14], k ? DEATH_BEFORE_CALL : 0); /* a4 */
		static const int zero[] = { 5, 6, 7, 15, 16, 17, 28, 29, 30, 31 };
		for (unsigned i = 0; i < sizeof zero / sizeof zero[0]; i++)
			if (out[zero[i]] != 0) {
				printf("%s: after %s, x%d = %#lx, not 0\n", TEST, what[k], zero[i],
				       (unsigned long)out[zero[i]]);
				note_failure();
			}
	}
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return client_report();
}

static int unwind_client(void)
{
	return dead_server_client("crash");
}

/* ---- split: the middle of client -> middle -> leaf dies under the call ----
 *
 * The client gets HE_DEAD at once, with registers as after an unwind
 * (dead_server_client). The leaf's code, now an orphan, is not interrupted:
 * orphan_entry sets every register to a pattern, then sleeps and asks
 * SYS_DOOR_CANCELLED until it says 1 (the split happened meanwhile), and
 * stores its registers: ra, sp, gp, tp, s0..s11, f0..f31 and fcsr are as it
 * set them (a system call changes only a0..a7 and t0..t6). */

#define ORPHAN_X 0x0F0A000000000000ul  /* the orphan's x register n holds ORPHAN_X + n */
#define ORPHAN_F 0x7FF80F0A00000000ul
#define ORPHAN_FCSR 0x40                /* frm = round down */

static char mid_stack[4096] __attribute__((aligned(16)));
static char orphan_stack[4096] __attribute__((aligned(16)));
uint64_t orphan_saved[65]; /* written by orphan_entry */
static volatile int mid_in_call, orphan_checked;
static long leaf_door;

/* Saves x n at 8*n, f n at 256 + 8*n, fcsr at 512 of orphan_saved. */
__asm__(".text\n"
	".globl orphan_entry\n"
	"orphan_entry:\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	li t0, 0x7FF80F0A00000000 + \\i\n"
	"	fmv.d.x f\\i, t0\n"
	".endr\n"
	"	li t0, 0x40\n"
	"	fscsr t0\n"
	".irp i, 1,3,4,8,9,18,19,20,21,22,23,24,25,26,27\n"
	"	li x\\i, 0x0F0A000000000000 + \\i\n"
	".endr\n"
	"1:	li a0, 1\n"
	"	li a7, 6\n"   /* SYS_SLEEP */
	"	ecall\n"
	"	li a7, 21\n"  /* SYS_DOOR_CANCELLED */
	"	ecall\n"
	"	beqz a0, 1b\n"
	"	la t0, orphan_saved\n"
	".irp i, 1,2,3,4,8,9,18,19,20,21,22,23,24,25,26,27\n"
	"	sd x\\i, 8*\\i(t0)\n"
	".endr\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	fsd f\\i, 256+8*\\i(t0)\n"
	".endr\n"
	"	frcsr t1\n"
	"	sd t1, 512(t0)\n"
	"	call orphan_check\n");
void orphan_entry(void);

/* Checks orphan_saved, then returns: into the dead hop, so the orphan ends. */
void orphan_check(void) __attribute__((noreturn, used));
void orphan_check(void)
{
	for (unsigned i = 0; i < sizeof callee_saved / sizeof callee_saved[0]; i++) {
		int n = callee_saved[i];
		if (orphan_saved[n] != ORPHAN_X + (uint64_t)n) {
			printf("%s: the orphan's x%d = %#lx\n", TEST, n, (unsigned long)orphan_saved[n]);
			note_failure();
		}
	}
	EXPECT_EQ(orphan_saved[2], (uintptr_t)orphan_stack + sizeof orphan_stack); /* sp */
	for (int n = 0; n < 32; n++)
		if (orphan_saved[32 + n] != ORPHAN_F + (uint64_t)n) {
			printf("%s: the orphan's f%d = %#lx\n", TEST, n, (unsigned long)orphan_saved[32 + n]);
			note_failure();
		}
	EXPECT_EQ(orphan_saved[64], ORPHAN_FCSR);
	orphan_checked = 1;
	hinge_door_return(WORDS(0), 0);
}

static void mid_entry(uint64_t c, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		      char *b, uint64_t i)
{
	(void)c, (void)op, (void)w2, (void)w3, (void)w4, (void)w5, (void)b, (void)i;
	mid_in_call = 1;
	long st = hinge_door_call(leaf_door, WORDS(OP_PROBE), NULL, 0);
	hinge_door_return(WORDS((uint64_t)st), 0); /* not reached: this domain is dead by then */
}

/* The middle: its main thread faults once the call is in the leaf. */
static int split_middle(void)
{
	leaf_door = hinge_name_wait("orphan");
	struct door_pool_desc p = door_pool(mid_stack, sizeof mid_stack, NULL, 0, 1);
	long h = hinge_door_create(mid_entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "split"), 0);
	while (!mid_in_call)
		hinge_sleep(1);
	hinge_sleep(2);                       /* the thread is in the leaf now */
	(void)*(volatile int *)0x80200000;    /* the middle dies */
	return 99;
}

static int split_leaf(void)
{
	struct door_pool_desc p = door_pool(orphan_stack, sizeof orphan_stack, NULL, 0, 1);
	long h = hinge_door_create((hinge_door_entry_t)orphan_entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "orphan"), 0);
	for (int i = 0; i < 500 && !orphan_checked; i++)
		hinge_sleep(1);
	EXPECT(orphan_checked);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return client_report();
}

static int split_client(void)
{
	return dead_server_client("split");
}

static int migrate_server(void)
{
	return server(0);
}

static int handoff_server(void)
{
	return server(DOOR_F_HANDOFF);
}

ROLES({ 0, migrate_server }, { 1, client }, { 2, handoff_server }, { 3, crash_server }, { 4, unwind_client },
      { 5, split_middle }, { 6, split_leaf }, { 7, split_client })
