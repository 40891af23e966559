/* The system calls the illumos door layer (usr/lib/solaris/) needs, with
 * every error path: handles returned with SYS_DOOR_RETURN, SYS_DOOR_UCRED,
 * SYS_DOOR_PARAM (and the call checks it adds: HE_NOTSUP, HE_TOOMANY,
 * HE_NOBUFS), SYS_NAME_UNPUBLISH (doors/SEMANTICS.md §7, §17). One domain
 * calls its own door. Roles (arg): 0 the test, 9 leak check. */
#include <string.h>
#include "door_test.h"

enum { OP_RETURN_HANDLES = OP_FIRST_TEST_OP };

#define BUF 256
#define NAME_MAX_LEN 64 /* NAME_LEN of doors/names.h, with the NUL */
static char stacks[2][8192] __attribute__((aligned(16)));
static char bufs[2][BUF] __attribute__((aligned(8)));
static int own;    /* the door, every right */
static int moved;  /* the handle the server moves back to the caller */

/* SYS_DOOR_RETURN with no result words and a6 as given; comes back only
 * when the kernel refuses. */
static long raw_return(uint64_t a6_value)
{
	register long a0 __asm__("a0") = 0;
	register uint64_t a1 __asm__("a1") = 0, a2 __asm__("a2") = 0, a3 __asm__("a3") = 0, a4 __asm__("a4") = 0,
				      a5 __asm__("a5") = 0;
	register uint64_t a6 __asm__("a6") = a6_value;
	register long a7 __asm__("a7") = SYS_DOOR_RETURN;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return a0;
}

static long ucred(struct door_cred *c)
{
	return hinge_syscall(SYS_DOOR_UCRED, (long)c, 0, 0, 0);
}

static void entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5, char *buf,
		  uint64_t info)
{
	(void)cookie, (void)w2, (void)w3, (void)w4, (void)w5, (void)info;
	struct door_desc *d = (struct door_desc *)buf; /* after 0 result bytes */
	if (op == OP_RETURN_HANDLES) {
		EXPECT_EQ(raw_return((uint64_t)(DOOR_MAX_DESC + 1) << 32), HE_INVAL);
		EXPECT_EQ(raw_return(252 | 1ull << 32), HE_INVAL); /* 256 + 8 bytes > the buffer */
		d[0] = (struct door_desc){ 77, 0 };
		EXPECT_EQ(raw_return(1ull << 32), HE_BADHANDLE);
		int info_only = (int)hinge_handle_dup(own, H_INFO);
		d[0] = (struct door_desc){ info_only, 0 };
		EXPECT_EQ(raw_return(1ull << 32), HE_PERM);
		hinge_handle_close(info_only);
		d[0] = (struct door_desc){ own, 1u << 1 };
		EXPECT_EQ(raw_return(1ull << 32), HE_INVAL);
		/* The caller's table (this domain's) with one free slot, two handles. */
		static int fill[96];
		int n = 0;
		for (long h; (h = hinge_handle_dup(own, H_INFO)) >= 0;)
			fill[n++] = (int)h;
		hinge_handle_close(fill[--n]);
		d[0] = (struct door_desc){ own, 0 };
		d[1] = (struct door_desc){ own, 0 };
		EXPECT_EQ(raw_return(2ull << 32), HE_NOSPACE);
		while (n > 0)
			hinge_handle_close(fill[--n]);

		struct door_cred c;
		struct hinge_self me = self_now();
		EXPECT_EQ(ucred(&c), 0);
		EXPECT_EQ(c.caller, me.domain);
		EXPECT_EQ(c.caller_gen, me.gen);
		EXPECT_EQ(c.origin, me.domain);
		EXPECT_EQ(ucred((struct door_cred *)8), HE_FAULT);

		/* Success: 3 result bytes, then (from byte 8) `moved` moved back
		 * and `own` copied. */
		d = (struct door_desc *)(buf + door_xarg_handles_at(3));
		d[0] = (struct door_desc){ moved, DOOR_DESC_MOVE };
		d[1] = (struct door_desc){ own, 0 };
		raw_return(3 | 2ull << 32);
		EXPECT(0); /* not reached */
	}
	hinge_door_return(WORDS(0, 0, 0, 0, 0), 0);
}

/* A register call that also returns a7 and t0..t1 (handles returned). */
static long call_getting_handles(int h, uint64_t *bytes, uint64_t *n, int32_t got[2])
{
	register long a0 __asm__("a0") = h;
	register uint64_t a1 __asm__("a1") = OP_RETURN_HANDLES, a2 __asm__("a2") = 0, a3 __asm__("a3") = 0,
				      a4 __asm__("a4") = 0, a5 __asm__("a5") = 0, a6 __asm__("a6") = 0;
	register uint64_t a7 __asm__("a7") = SYS_DOOR_CALL;
	register uint64_t t0 __asm__("t0"), t1 __asm__("t1");
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6), "+r"(a7), "=r"(t0),
			   "=r"(t1)
			 :
			 : "memory", "t2", "t3", "t4", "t5", "t6");
	*bytes = a6;
	*n = a7;
	got[0] = (int32_t)t0;
	got[1] = (int32_t)t1;
	return a0;
}

static long param(int h, uint64_t which, uint64_t op, uint64_t v, uint64_t *out)
{
	register long a0 __asm__("a0") = h;
	register uint64_t a1 __asm__("a1") = which, a2 __asm__("a2") = op, a3 __asm__("a3") = v;
	register long a7 __asm__("a7") = SYS_DOOR_PARAM;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3)
			 : "r"(a7)
			 : "memory", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	if (out)
		*out = a1;
	return a0;
}

static long bulk_call(int h, uint64_t size, uint64_t ndesc)
{
	static char data[16];
	struct door_desc desc[1] = { { own, 0 } };
	struct door_xarg x = { (uintptr_t)data, size, (uintptr_t)desc, ndesc, 0, 0 };
	return hinge_door_call(h, WORDS(0, 0, 0, 0, (uintptr_t)&x), NULL, DOOR_CALL_XARG);
}

static long make_door(unsigned flags)
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], bufs, BUF, 2);
	return hinge_door_create(entry, 0, flags, &p);
}

static int test(void)
{
	own = (int)make_door(0);
	moved = (int)hinge_handle_dup(own, H_CALL | H_INFO | H_XFER);
	struct door_cred c;
	EXPECT_EQ(ucred(&c), HE_NOCALL);

	/* Handles returned. */
	uint64_t bytes = 9, n = 9;
	int32_t got[2];
	EXPECT_EQ(call_getting_handles(own, &bytes, &n, got), 0);
	EXPECT_EQ(bytes, 3);
	EXPECT_EQ(n, 2);
	EXPECT_EQ(info_of(got[0]).rights, H_CALL | H_INFO | H_XFER);
	EXPECT_EQ(info_of(got[1]).rights, H_DOOR_ALL);
	struct door_info di;
	EXPECT_EQ(hinge_door_info(moved, &di), HE_BADHANDLE); /* moved: closed in the server */
	hinge_handle_close(got[0]);
	hinge_handle_close(got[1]);

	/* Parameters. */
	uint64_t v = 0;
	EXPECT_EQ(param(77, DOOR_PARAM_DATA_MAX, DOOR_PARAM_GET, 0, &v), HE_BADHANDLE);
	int call_only = (int)hinge_handle_dup(own, H_CALL);
	EXPECT_EQ(param(call_only, DOOR_PARAM_DATA_MAX, DOOR_PARAM_GET, 0, &v), HE_PERM);
	hinge_handle_close(call_only);
	EXPECT_EQ(param(own, 9, DOOR_PARAM_GET, 0, &v), HE_INVAL);
	EXPECT_EQ(param(own, DOOR_PARAM_DATA_MAX, 2, 0, &v), HE_INVAL);
	EXPECT_EQ(param(own, DOOR_PARAM_DATA_MAX, DOOR_PARAM_GET, 0, &v), 0);
	EXPECT_EQ(v, UINT64_MAX);
	EXPECT_EQ(param(own, DOOR_PARAM_DATA_MIN, DOOR_PARAM_SET, 4, NULL), 0);
	EXPECT_EQ(param(own, DOOR_PARAM_DATA_MAX, DOOR_PARAM_SET, 3, NULL), HE_INVAL); /* below DATA_MIN */
	EXPECT_EQ(param(own, DOOR_PARAM_DATA_MAX, DOOR_PARAM_SET, 8, NULL), 0);
	EXPECT_EQ(param(own, DOOR_PARAM_DATA_MIN, DOOR_PARAM_SET, 9, NULL), HE_INVAL); /* above DATA_MAX */
	EXPECT_EQ(bulk_call(own, 3, 0), HE_NOBUFS);
	EXPECT_EQ(bulk_call(own, 9, 0), HE_NOBUFS);
	EXPECT_EQ(bulk_call(own, 8, 0), 0);
	EXPECT_EQ(param(own, DOOR_PARAM_DESC_MAX, DOOR_PARAM_SET, 0, NULL), 0);
	EXPECT_EQ(bulk_call(own, 4, 1), HE_TOOMANY);
	EXPECT_EQ(param(own, DOOR_PARAM_DESC_MAX, DOOR_PARAM_SET, 1, NULL), 0);
	EXPECT_EQ(bulk_call(own, 4, 1), 0);
	int refusing = (int)make_door(DOOR_F_REFUSE_DESC);
	EXPECT_EQ(param(refusing, DOOR_PARAM_DESC_MAX, DOOR_PARAM_GET, 0, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(param(refusing, DOOR_PARAM_DESC_MAX, DOOR_PARAM_SET, 1, NULL), HE_NOTSUP);
	EXPECT_EQ(bulk_call(refusing, 0, 1), HE_NOTSUP);
	EXPECT_EQ(bulk_call(refusing, 0, 0), 0);
	EXPECT_EQ(hinge_door_revoke(refusing), 0);
	EXPECT_EQ(param(refusing, DOOR_PARAM_DATA_MAX, DOOR_PARAM_SET, 1, NULL), HE_REVOKED);
	hinge_handle_close(refusing);
	EXPECT_EQ(make_door(DOOR_F_UNREF_MULTI), HE_INVAL);

	/* Unpublish. */
	char name[NAME_MAX_LEN + 1];
	memset(name, 'u', sizeof name);
	EXPECT_EQ(hinge_syscall(SYS_NAME_UNPUBLISH, (long)name, 0, 0, 0), HE_INVAL); /* no NUL in 64 bytes */
	EXPECT_EQ(hinge_syscall(SYS_NAME_UNPUBLISH, 8, 0, 0, 0), HE_FAULT);
	name[NAME_MAX_LEN - 1] = 0; /* 63 characters */
	EXPECT_EQ(hinge_syscall(SYS_NAME_UNPUBLISH, (long)name, 0, 0, 0), HE_NOENT);
	EXPECT_EQ(hinge_name_publish(own, name), 0);
	EXPECT_EQ(hinge_syscall(SYS_NAME_UNPUBLISH, (long)name, 0, 0, 0), 0);
	EXPECT_EQ(hinge_name_lookup(name), HE_NOENT);

	hinge_door_revoke(own);
	hinge_handle_close(own);
	return client_report();
}

ROLES({ 0, test })
