/* Unknown flags and rights masks are HE_INVAL, whole registers: a bit the
 * ABI does not define is refused also when it lies far above the defined ones
 * (a register is 64 bits; truncating it would accept garbage as "no flag").
 * A call's flags are the low half of a6, up to bit 31; its high half is a
 * deadline (doors/SEMANTICS.md §19), not a flag: a call with one on a free
 * door runs. For a call, the flag check comes first (doors/SEMANTICS.md §1.3, order 1), also
 * with DOOR_CALL_XARG: before the handle and before the xarg pointer. A
 * refused request changes nothing.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

#define UNKNOWN_LOW (1ul << 7)
#define UNKNOWN_HIGH (1ul << 31) /* a call's highest flag bit */

/* SYS_DOOR_CALL with a full 64-bit flags register. */
static long call_flags64(long h, uint64_t flags, uint64_t xarg)
{
	register long a0 __asm__("a0") = h;
	register uint64_t a1 __asm__("a1") = OP_SELF;
	register uint64_t a5 __asm__("a5") = xarg;
	register uint64_t a6 __asm__("a6") = flags;
	register long a7 __asm__("a7") = SYS_DOOR_CALL;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a5), "+r"(a6), "+r"(a7)
			 :
			 : "memory", "a2", "a3", "a4", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return a0;
}

static char stack[4096] __attribute__((aligned(16)));

static int client(void)
{
	long h = hinge_name_wait("flags");
	EXPECT(h >= 0);
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	char data[4] = "abc";
	struct door_xarg x = { (uintptr_t)data, 3, 0, 0, 0, 0 };

	/* Call flags. */
	EXPECT_EQ(call_flags64(h, UNKNOWN_LOW, 0), HE_INVAL);
	EXPECT_EQ(call_flags64(h, UNKNOWN_HIGH, 0), HE_INVAL);
	EXPECT_EQ(call_flags64(h, UNKNOWN_HIGH | DOOR_CALL_NOWAIT, 0), HE_INVAL);
	EXPECT_EQ(call_flags64(h, UNKNOWN_HIGH | DOOR_CALL_DEADLINE(7), 0), HE_INVAL);
	EXPECT_EQ(call_flags64(h, DOOR_CALL_DEADLINE(0xffffffffu), 0), 0);
	/* ... checked before the handle and the xarg, also with XARG. */
	EXPECT_EQ(call_flags64(99, UNKNOWN_LOW, 0), HE_INVAL);
	EXPECT_EQ(call_flags64(99, DOOR_CALL_XARG | UNKNOWN_LOW, (uintptr_t)&x), HE_INVAL);
	EXPECT_EQ(call_flags64(h, DOOR_CALL_XARG | UNKNOWN_LOW, 0x40000000), HE_INVAL);
	EXPECT_EQ(call_flags64(h, DOOR_CALL_XARG | UNKNOWN_HIGH, (uintptr_t)&x), HE_INVAL);
	/* The refused caller resumes as §2 says: zero result words, with and
	 * without XARG (the general path and, without, the fast one). */
	uint64_t rr[DOOR_NWORDS] = { 1, 1, 1, 1, 1 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 7, 7, 7, 7), rr, UNKNOWN_LOW), HE_INVAL);
	for (int i = 0; i < DOOR_NWORDS; i++)
		EXPECT_EQ(rr[i], 0);
	uint64_t rx[DOOR_NWORDS] = { 1, 1, 1, 1, 1 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 7, 7, 7, (uintptr_t)&x), rx,
				  DOOR_CALL_XARG | UNKNOWN_LOW), HE_INVAL);
	for (int i = 0; i < DOOR_NWORDS; i++)
		EXPECT_EQ(rx[i], 0);

	/* Rights masks. */
	EXPECT_EQ(hinge_syscall(SYS_HANDLE_DUP, h, (long)(H_CALL | (1ul << 32)), 0, 0), HE_INVAL);
	EXPECT_EQ(hinge_syscall(SYS_HANDLE_DUP, h, (long)(H_ALL + 1), 0, 0), HE_INVAL);

	/* Door flags. */
	struct door_pool_desc p = door_pool(stack, sizeof stack, NULL, 0, 1);
	EXPECT_EQ(hinge_syscall(SYS_DOOR_CREATE, (long)&client, 0, (long)(1ul << 32), (long)&p), HE_INVAL);
	EXPECT_EQ(hinge_syscall(SYS_DOOR_CREATE, (long)&client, 0, (long)(DOOR_F_ALL + 1), (long)&p),
		  HE_INVAL);

	hinge_kcounts(&c1);
	EXPECT_EQ(c1.doors, c0.doors);
	EXPECT_EQ(c1.handles, c0.handles);
	EXPECT_EQ(c1.activations_busy, 0);

	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), r, DOOR_CALL_NOWAIT), 0);
	EXPECT_EQ((long)r[0], self_now().thread);
	return client_done(h);
}

static int server(void)
{
	return std_server("flags", 1, 0);
}

ROLES({ 0, server }, { 1, client })
