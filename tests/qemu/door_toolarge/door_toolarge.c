/* Too much data. doors/SEMANTICS.md names no code for it; the kernel gives
 * HE_INVAL ("an argument is out of range", hinge/errno.h) when a call's bulk
 * part does not fit: more than DOOR_MAX_DATA bytes, more than the door's
 * buffer (the handle numbers passed follow the data at the next 8-byte
 * boundary and must fit too), more than DOOR_MAX_DESC handles; and when a
 * server returns more bytes than its buffer holds (the return is refused,
 * the server goes on). Unreadable or unwritable user memory is HE_FAULT. A
 * call that fails changes nothing. Exact fits work.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include <string.h>
#include "door_test.h"

#define SMALL 256
#define BIG 8192
enum { OP_OVERRETURN = OP_FIRST_TEST_OP };

/* ---- server ---- */

static char small_stacks[2][4096] __attribute__((aligned(16)));
static char small_bufs[2][SMALL];
static char big_stack[4096] __attribute__((aligned(16)));
static char big_buf[BIG];

/* SYS_DOOR_RETURN with `bytes` result bytes, without giving up if refused. */
static long raw_return(uint64_t bytes)
{
	register long a0 __asm__("a0") = 0;
	register uint64_t a6 __asm__("a6") = bytes;
	register long a7 __asm__("a7") = SYS_DOOR_RETURN;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a6), "+r"(a7)
			 :
			 : "memory", "a1", "a2", "a3", "a4", "a5", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return a0;
}

/* OP_OVERRETURN: try to return one byte more than the buffer, then return
 * properly with what that attempt answered. Else as std_entry. */
static void sized_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_OVERRETURN)
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	long r = raw_return(cookie + 1);
	hinge_door_return(WORDS((uint64_t)r, 0, 0, 0, 0), 0);
}

/* Solaris door: door_return of more than a library buffer. */
static void greedy_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie, (void)size, (void)dp, (void)n;
	int r = door_return(argp, DOOR_LIB_BUF + 1, NULL, 0);
	door_return((char *)&r, sizeof r, NULL, 0);
}

static int server(void)
{
	struct door_pool_desc ps = door_pool(small_stacks, sizeof small_stacks[0], small_bufs, SMALL, 2);
	struct door_pool_desc pb = door_pool(big_stack, sizeof big_stack, big_buf, BIG, 1);
	int hs[3];
	hs[0] = (int)hinge_door_create(sized_entry, SMALL, 0, &ps);
	hs[1] = (int)hinge_door_create(sized_entry, BIG, 0, &pb);
	hs[2] = door_create(greedy_proc, NULL, 0);
	EXPECT(hs[0] >= 0 && hs[1] >= 0 && hs[2] >= 0);
	EXPECT_EQ(hinge_name_publish(hs[0], "small"), 0);
	EXPECT_EQ(hinge_name_publish(hs[1], "big"), 0);
	EXPECT_EQ(hinge_name_publish(hs[2], "greedy"), 0);
	return serve_until_quit(hs, 3);
}

/* ---- client ---- */

static char data[DOOR_MAX_DATA + 8], rbuf[DOOR_MAX_DATA + 8];
static const char read_only[64] = "read-only";

/* An XARG call of size bytes and nh handles (copies of h) through door d. */
static long xcall(int d, size_t size, unsigned nh, int h, uint64_t *rbytes)
{
	struct door_desc desc[DOOR_MAX_DESC + 1];
	for (unsigned i = 0; i < nh; i++)
		desc[i] = (struct door_desc){ h, 0 };
	struct door_xarg x = { (uintptr_t)data, size, (uintptr_t)desc, nh, (uintptr_t)rbuf, sizeof rbuf };
	return hinge_door_call_bytes(d, WORDS(OP_ECHO, 0, 0, 0, (uintptr_t)&x), NULL, DOOR_CALL_XARG,
				     rbytes);
}

static long xcall_with(int d, struct door_xarg x)
{
	return hinge_door_call(d, WORDS(OP_ECHO, 0, 0, 0, (uintptr_t)&x), NULL, DOOR_CALL_XARG);
}

static int client(void)
{
	long small = hinge_name_wait("small"), big = hinge_name_wait("big");
	long greedy = hinge_name_wait("greedy");
	EXPECT(small >= 0 && big >= 0 && greedy >= 0);
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)('a' + i % 26);
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	uint64_t rb = 0;

	/* The door's buffer. */
	EXPECT_EQ(xcall((int)small, SMALL + 1, 0, 0, &rb), HE_INVAL);
	EXPECT_EQ(xcall((int)small, SMALL, 0, 0, &rb), 0);
	EXPECT_EQ(rb, SMALL);
	EXPECT(rbuf[0] == data[SMALL - 1] && rbuf[SMALL - 1] == data[0]);
	/* Handle numbers after the data: 248 + 4 fits in 256, 252 -> 256 + 4 does not. */
	EXPECT_EQ(xcall((int)small, SMALL - 4, 1, (int)small, &rb), HE_INVAL);
	EXPECT_EQ(xcall((int)small, SMALL, 1, (int)small, &rb), HE_INVAL);
	EXPECT_EQ(xcall((int)small, SMALL - 8, 1, (int)small, &rb), 0);

	/* DOOR_MAX_DATA, even with a larger buffer; DOOR_MAX_DESC. */
	EXPECT_EQ(xcall((int)big, DOOR_MAX_DATA + 1, 0, 0, &rb), HE_INVAL);
	EXPECT_EQ(xcall((int)big, DOOR_MAX_DATA, 0, 0, &rb), 0);
	EXPECT_EQ(rb, DOOR_MAX_DATA);
	EXPECT_EQ(xcall((int)big, 8, DOOR_MAX_DESC + 1, (int)big, &rb), HE_INVAL);
	EXPECT_EQ(xcall((int)big, 8, DOOR_MAX_DESC, (int)big, &rb), 0);

	/* The Solaris call says the same. */
	door_arg_t a = { data, SMALL + 1, NULL, 0, rbuf, sizeof rbuf };
	EXPECT_EQ(door_call((int)small, &a), HE_INVAL);

	/* Memory the kernel cannot read or write. */
	struct door_xarg x = { (uintptr_t)data, 8, 0, 0, (uintptr_t)rbuf, sizeof rbuf };
	struct door_xarg bad;
	bad = x, bad.data_ptr = 0x40000000;
	EXPECT_EQ(xcall_with((int)small, bad), HE_FAULT);
	bad = x, bad.rbuf = (uintptr_t)read_only;
	EXPECT_EQ(xcall_with((int)small, bad), HE_FAULT);
	bad = x, bad.rsize = 0x100000; /* runs past the end of the data segment */
	EXPECT_EQ(xcall_with((int)small, bad), HE_FAULT);
	bad = x, bad.desc_ptr = 0x40000000, bad.desc_num = 1;
	EXPECT_EQ(xcall_with((int)small, bad), HE_FAULT);
	EXPECT_EQ(hinge_door_call((int)small, WORDS(OP_ECHO, 0, 0, 0, 0x40000000), NULL, DOOR_CALL_XARG),
		  HE_FAULT);

	/* Nothing changed. */
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.activations_busy, 0);
	EXPECT_EQ(c1.handles, c0.handles + 1 + DOOR_MAX_DESC); /* the handles the good calls passed */
	EXPECT_EQ(info_of((int)small).inflight, 0);

	/* A server returning more than its buffer: refused with HE_INVAL. */
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call_bytes((int)small, WORDS(OP_OVERRETURN, 0, 0, 0, 0), r, 0, &rb), 0);
	EXPECT_EQ((long)r[0], HE_INVAL);
	EXPECT_EQ(rb, 0);
	EXPECT_EQ(hinge_door_call_bytes((int)big, WORDS(OP_OVERRETURN, 0, 0, 0, 0), r, 0, &rb), 0);
	EXPECT_EQ((long)r[0], HE_INVAL);
	int answer = 0;
	a = (door_arg_t){ NULL, 0, NULL, 0, (char *)&answer, sizeof answer };
	EXPECT_EQ(door_call((int)greedy, &a), 0);
	EXPECT_EQ(a.data_size, sizeof answer);
	EXPECT_EQ(answer, HE_INVAL);

	return client_done(small);
}

ROLES({ 0, server }, { 1, client })
