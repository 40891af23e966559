/* Revocation with calls in flight: a door with one activation, held by a
 * sleeping call, with a second call waiting for it. Revoking the door (the
 * server does it, through a control door the client calls): the waiting call
 * leaves at once with HE_REVOKED, new calls fail with HE_REVOKED, the call
 * in flight completes normally with its results. Revoking again does
 * nothing. The Solaris door_revoke also closes the server's handle.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

enum { OP_REVOKE = OP_FIRST_TEST_OP };

/* ---- server ---- */

static long rv, sol;
static char rv_stack[8192] __attribute__((aligned(16)));
static char rv_buf[64];
static char ctl_stack[8192] __attribute__((aligned(16)));

/* OP_REVOKE(which): 0 revokes rv with the register API, returning {status};
 * 1 revokes sol with door_revoke, returning {status, close of the handle}. */
static void ctl_entry(uint64_t cookie, uint64_t op, uint64_t which, uint64_t w3, uint64_t w4,
		      uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_REVOKE)
		std_entry(cookie, op, which, w3, w4, w5, buf, info);
	if (which == 0)
		hinge_door_return(WORDS((uint64_t)hinge_door_revoke((int)rv), 0, 0, 0, 0), 0);
	long st = door_revoke((int)sol);
	hinge_door_return(WORDS((uint64_t)st, (uint64_t)hinge_handle_close((int)sol), 0, 0, 0), 0);
}

static void sol_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie, (void)dp, (void)n;
	door_return(argp, size, NULL, 0);
}

static int server(void)
{
	struct door_pool_desc p = door_pool(rv_stack, sizeof rv_stack, rv_buf, sizeof rv_buf, 1);
	rv = hinge_door_create(std_entry, 0, 0, &p);
	p = door_pool(ctl_stack, sizeof ctl_stack, NULL, 0, 1);
	long ctl = hinge_door_create(ctl_entry, 0, 0, &p);
	sol = door_create(sol_proc, NULL, 0);
	EXPECT(rv >= 0 && ctl >= 0 && sol >= 0);
	EXPECT_EQ(hinge_name_publish((int)rv, "rv"), 0);
	EXPECT_EQ(hinge_name_publish((int)ctl, "rvctl"), 0);
	EXPECT_EQ(hinge_name_publish((int)sol, "rvsol"), 0);
	int hs[3] = { (int)rv, (int)ctl, (int)sol };
	return serve_until_quit(hs, 3);
}

/* ---- client ---- */

static int client(void)
{
	bg_door = hinge_name_wait("rv");
	long ctl = hinge_name_wait("rvctl"), hs = hinge_name_wait("rvsol");
	EXPECT(bg_door >= 0 && ctl >= 0 && hs >= 0);
	uint64_t r[DOOR_NWORDS] = { 0 };

	/* Thread 0 holds the activation for 60 ticks, thread 1 waits for it. */
	long holder = bg_start(0, 5, 60);
	EXPECT(holder >= 0);
	while (info_of((int)bg_door).inflight == 0)
		hinge_sleep(1);
	EXPECT(bg_start(1, 5, 0) >= 0);
	while (info_of((int)bg_door).waiters == 0)
		hinge_sleep(1);

	EXPECT_EQ(hinge_door_call((int)ctl, WORDS(OP_REVOKE, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);

	/* The waiter is out at once, the holder is still in. */
	for (int i = 0; i < 10 && !bg[1].done; i++)
		hinge_sleep(1);
	EXPECT(bg[1].done);
	EXPECT_EQ(bg[1].status, HE_REVOKED);
	EXPECT(!bg[0].done);
	struct door_info di = info_of((int)bg_door);
	EXPECT_EQ(di.state, 2);
	EXPECT_EQ(di.inflight, 1);
	EXPECT_EQ(di.waiters, 0);

	/* New calls, every way. */
	char data[4] = "abc";
	struct door_xarg x = { (uintptr_t)data, 3, 0, 0, 0, 0 };
	door_arg_t a = { data, 3, NULL, 0, NULL, 0 };
	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_SELF, 0, 0, 0, 0), NULL, 0), HE_REVOKED);
	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT), HE_REVOKED);
	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_ECHO, 0, 0, 0, (uintptr_t)&x), NULL, DOOR_CALL_XARG),
		  HE_REVOKED);
	EXPECT_EQ(door_call((int)bg_door, &a), HE_REVOKED);
	door_info_t si;
	EXPECT_EQ(door_info((int)bg_door, &si), 0);
	EXPECT(si.di_attributes & DOOR_REVOKED);

	/* The call in flight completes normally. */
	while (!bg[0].done)
		hinge_sleep(1);
	EXPECT_EQ(bg[0].status, 0);
	EXPECT_EQ((long)bg[0].res[0], holder);
	EXPECT_EQ(bg[0].res[4], OP_SLEEP);
	EXPECT_EQ(info_of((int)bg_door).inflight, 0);

	/* Revoking a revoked door does nothing. */
	EXPECT_EQ(hinge_door_call((int)ctl, WORDS(OP_REVOKE, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(info_of((int)bg_door).state, 2);

	/* Solaris door_revoke: revokes and closes the server's handle. */
	EXPECT_EQ(door_call((int)hs, &a), 0);
	EXPECT_EQ(hinge_door_call((int)ctl, WORDS(OP_REVOKE, 1, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ((long)r[1], HE_BADHANDLE);
	EXPECT_EQ(door_call((int)hs, &a), HE_REVOKED);

	/* Handles to a revoked door are still handles until closed. */
	EXPECT_EQ(hinge_handle_close((int)bg_door), 0);
	EXPECT_EQ(hinge_handle_close((int)hs), 0);
	return client_done(ctl);
}

ROLES({ 0, server }, { 1, client })
