/* A client calls a server through doors and gets its results: register
 * words, bulk bytes both ways (DOOR_CALL_XARG), the Solaris API (door_call,
 * door_create, door_return, door_info), handles passed with a call (copied
 * and moved), and every door_create error.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include <string.h>
#include "door_test.h"

#define ADD_COOKIE 0x1234
enum { OP_ADD = OP_FIRST_TEST_OP };

/* ---- server ---- */

static char add_stacks[2][4096] __attribute__((aligned(16)));
static char add_bufs[2][256];
static const char read_only[4096] __attribute__((aligned(16))) = "read-only";
static int echo_cookie;

/* OP_ADD: results x + y, x * y, the cookie, the info word, the domain; the
 * bulk bytes come back upper-cased. OP_QUIT: as std_entry. */
static void add_entry(uint64_t cookie, uint64_t op, uint64_t x, uint64_t y, uint64_t w4,
		      uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_ADD)
		std_entry(cookie, op, x, y, w4, w5, buf, info);
	size_t n = DOOR_INFO_BYTES(info);
	for (size_t i = 0; i < n; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
	hinge_door_return(WORDS(x + y, x * y, cookie, info, (uint64_t)self_now().domain), n);
}

/* Solaris-style: returns the argument bytes reversed, in place. With handles,
 * calls each (OP_ADD 20 + 22), closes it and describes what it found. */
static void echo_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	char out[160];
	int len = 0;
	if (cookie != &echo_cookie) {
		len = snprintf(out, sizeof out, "bad cookie");
		door_return(out, (size_t)len, NULL, 0);
	}
	if (n > 0) {
		for (unsigned i = 0; i < n; i++) {
			int h = dp[i].d_data.d_desc.d_descriptor;
			door_info_t di = { 0 };
			int ir = door_info(h, &di);
			uint64_t r[DOOR_NWORDS] = { 0 };
			long st = hinge_door_call(h, WORDS(OP_ADD, 20, 22, 0, 0), r, 0);
			long cl = hinge_handle_close(h);
			len += snprintf(out + len, sizeof out - (size_t)len,
					"[attr=%x info=%d local=%d call=%ld sum=%lu close=%ld]",
					dp[i].d_attributes, ir, (di.di_attributes & DOOR_LOCAL) != 0, st,
					(unsigned long)r[0], cl);
		}
		door_return(out, (size_t)len, NULL, 0);
	}
	for (size_t i = 0; i < size / 2; i++) {
		char c = argp[i];
		argp[i] = argp[size - 1 - i];
		argp[size - 1 - i] = c;
	}
	door_return(argp, size, NULL, 0);
}

static void nothing_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie, (void)argp, (void)size, (void)dp, (void)n;
}

static void creation_errors(void)
{
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	struct door_pool_desc p = door_pool(add_stacks, 4096, add_bufs, 256, 2);
	struct door_pool_desc bad;

	bad = p, bad.n = 0;
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_INVAL);
	bad = p, bad.n = 9; /* MAX_ACTS_PER_DOOR (kern/config.h) is 8 */
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_INVAL);
	bad = p, bad.stack_size = 4008; /* not a multiple of 16 */
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_INVAL);
	bad = p, bad.stack_base += 8;
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_INVAL);
	bad = p, bad.prio = 1; /* a migrate door has no server threads */
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_INVAL);
	bad = p, bad.stack_base = 0x80200000; /* kernel */
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_INVAL);
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0x80, &p), HE_INVAL);
	EXPECT_EQ(hinge_door_create((hinge_door_entry_t)0x80200000, 1, 0, &p), HE_INVAL);
	EXPECT_EQ(hinge_door_create((hinge_door_entry_t)0, 1, 0, &p), HE_INVAL);
	bad = p, bad.stack_base = 0x40000000; /* unmapped */
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_FAULT);
	bad = p, bad.buf_base = (uintptr_t)read_only;
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_FAULT);
	bad = p, bad.stack_base = (uintptr_t)read_only, bad.n = 1;
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, &bad), HE_FAULT);
	EXPECT_EQ(hinge_door_create(add_entry, 1, 0, (const struct door_pool_desc *)0x40000000), HE_FAULT);
	EXPECT_EQ(door_create(echo_proc, NULL, 0x2 /* Solaris DOOR_PRIVATE */), HE_INVAL);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.doors, c0.doors);
	EXPECT_EQ(c1.handles, c0.handles);
}

/* door_create has DOOR_LIB_DOORS slots; the echo door holds one. */
static void library_slots_run_out(void)
{
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	int extra[DOOR_LIB_DOORS - 1];
	for (int i = 0; i < DOOR_LIB_DOORS - 1; i++) {
		extra[i] = door_create(nothing_proc, NULL, 0);
		EXPECT(extra[i] >= 0);
	}
	EXPECT_EQ(door_create(nothing_proc, NULL, 0), HE_NOMEM);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.doors, c0.doors + DOOR_LIB_DOORS - 1);
	/* A call through one runs nothing_proc, which returns without door_return. */
	EXPECT_EQ(door_call(extra[0], NULL), 0);
	for (int i = 0; i < DOOR_LIB_DOORS - 1; i++)
		EXPECT_EQ(hinge_handle_close(extra[i]), 0);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.doors, c0.doors);
}

static int server(void)
{
	struct hinge_self me = self_now();
	creation_errors();

	struct door_pool_desc p = door_pool(add_stacks, 4096, add_bufs, 256, 2);
	long h = hinge_door_create(add_entry, ADD_COOKIE, 0, &p);
	EXPECT(h >= 0);
	struct door_info di = info_of((int)h);
	EXPECT_EQ(di.server, me.domain);
	EXPECT_EQ(di.state, 1);
	EXPECT_EQ(di.rights, H_DOOR_ALL);
	EXPECT_EQ(di.nact, 2);
	EXPECT_EQ(di.cookie, ADD_COOKIE); /* the server sees its cookie */

	long e = door_create(echo_proc, &echo_cookie, 0);
	EXPECT(e >= 0);
	door_info_t si;
	EXPECT_EQ(door_info((int)e, &si), 0);
	EXPECT_EQ(si.di_target, me.domain);
	EXPECT_EQ(si.di_attributes, DOOR_LOCAL);
	EXPECT(si.di_proc == (uintptr_t)echo_proc);
	EXPECT(si.di_data == (uintptr_t)&echo_cookie);
	library_slots_run_out();

	EXPECT_EQ(hinge_name_publish((int)h, "add"), 0);
	EXPECT_EQ(hinge_name_publish((int)e, "echo"), 0);
	int hs[2] = { (int)h, (int)e };
	return serve_until_quit(hs, 2);
}

/* ---- client ---- */

static int client(void)
{
	struct hinge_self me = self_now();
	uint64_t r[DOOR_NWORDS] = { 0 };

	/* Register words. */
	long h = hinge_name_wait("add");
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_ADD, 2, 3, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 5);
	EXPECT_EQ(r[1], 6);
	EXPECT_EQ(r[2], ADD_COOKIE);
	EXPECT_EQ(r[3], 0); /* no bulk bytes, no handles */
	int server = (int)r[4];
	EXPECT(server != me.domain);

	struct door_info di = info_of((int)h);
	EXPECT_EQ(di.server, server);
	EXPECT_EQ(di.state, 1);
	EXPECT_EQ(di.flags, 0);
	EXPECT_EQ(di.rights, H_CALL | H_INFO | H_DUP | H_XFER);
	EXPECT_EQ(di.nact, 2);
	EXPECT_EQ(di.inflight, 0);
	EXPECT_EQ(di.waiters, 0);
	EXPECT_EQ(di.unref, 0);
	EXPECT_EQ(di.cookie, 0); /* not the server: the cookie is not shown */

	/* Bulk bytes with the register API. */
	char data[] = "abcd", rb[8] = { 0 };
	struct door_xarg x = { (uintptr_t)data, 4, 0, 0, (uintptr_t)rb, sizeof rb };
	uint64_t rbytes = 0;
	EXPECT_EQ(hinge_door_call_bytes((int)h, WORDS(OP_ADD, 40, 2, 0, (uintptr_t)&x), r,
					DOOR_CALL_XARG, &rbytes),
		  0);
	EXPECT_EQ(r[0], 42);
	EXPECT_EQ(r[3], 4); /* the server's info word: 4 bytes, 0 handles */
	EXPECT_EQ(rbytes, 4);
	EXPECT(memcmp(rb, "ABCD", 5) == 0);
	EXPECT(strcmp(data, "abcd") == 0);

	/* The Solaris API. */
	long e = hinge_name_wait("echo");
	EXPECT(e >= 0);
	char msg[] = "hello, door", rbuf[200] = { 0 };
	door_arg_t a = { msg, strlen(msg), NULL, 0, rbuf, sizeof rbuf };
	EXPECT_EQ(door_call((int)e, &a), 0);
	EXPECT(a.data_ptr == rbuf);
	EXPECT_EQ(a.data_size, 11);
	EXPECT(memcmp(rbuf, "rood ,olleh", 11) == 0);
	EXPECT(strcmp(msg, "hello, door") == 0);

	memset(rbuf, 0, sizeof rbuf); /* results longer than rsize are cut */
	a = (door_arg_t){ msg, strlen(msg), NULL, 0, rbuf, 5 };
	EXPECT_EQ(door_call((int)e, &a), 0);
	EXPECT_EQ(a.data_size, 5);
	EXPECT(memcmp(rbuf, "rood \0", 6) == 0);

	EXPECT_EQ(door_call((int)e, NULL), 0);

	door_info_t si = { 0 };
	EXPECT_EQ(door_info((int)e, &si), 0);
	EXPECT_EQ(si.di_target, server);
	EXPECT_EQ(si.di_attributes, 0);
	EXPECT(si.di_proc == 0 && si.di_data == 0);

	/* Handles with a call: one copied (stays ours), one moved (gone). */
	long hc = hinge_handle_dup((int)h, H_CALL | H_INFO | H_XFER);
	long hm = hinge_handle_dup((int)h, H_CALL | H_INFO | H_XFER);
	EXPECT(hc >= 0 && hm >= 0);
	door_desc_t d[2] = {
		{ DOOR_DESCRIPTOR, { { (int)hc } } },
		{ DOOR_DESCRIPTOR | DOOR_RELEASE, { { (int)hm } } },
	};
	memset(rbuf, 0, sizeof rbuf);
	a = (door_arg_t){ NULL, 0, d, 2, rbuf, sizeof rbuf };
	EXPECT_EQ(door_call((int)e, &a), 0);
	const char *want = "[attr=10000 info=0 local=1 call=0 sum=42 close=0]"
			   "[attr=10000 info=0 local=1 call=0 sum=42 close=0]";
	EXPECT_EQ(a.data_size, strlen(want));
	if (strcmp(rbuf, want) != 0) {
		printf("%s: handle transfer answered \"%s\"\n", TEST, rbuf);
		EXPECT(strcmp(rbuf, want) == 0);
	}
	EXPECT(a.desc_ptr == NULL && a.desc_num == 0);
	EXPECT_EQ(hinge_handle_close((int)hc), 0);
	EXPECT_EQ(hinge_handle_close((int)hm), HE_BADHANDLE); /* moved */

	/* door_return outside a door call. */
	EXPECT_EQ(door_return(NULL, 0, NULL, 0), HE_NOCALL);
	EXPECT_EQ(hinge_syscall(SYS_DOOR_RETURN, 0, 0, 0, 0), HE_NOCALL);

	EXPECT_EQ(hinge_handle_close((int)e), 0);
	return client_done(h);
}

ROLES({ 0, server }, { 1, client })
