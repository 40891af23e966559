/* Unreferenced notification (DOOR_F_UNREF): the server blocks in
 * SYS_DOOR_UNREF_WAIT; it wakes once the client has closed its handle and
 * only the server's own is left, at most once. A count that goes back up
 * first (dup, then close the dup) delivers nothing; a handle closed while
 * a call through it runs delivers only when that call has returned.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

/* ---- server ---- */

static long un, un2;
static char stacks[2][8192] __attribute__((aligned(16)));
static char bufs[2][64];
static volatile uint64_t returned_at;   /* when the call on un2 returned */
static volatile uint64_t woke2_at;      /* when the un2 waiter woke */
static volatile int done2;
static long status2;
static char waiter_stack[8192] __attribute__((aligned(16)));

/* As std_entry, and records when an OP_SLEEP call is about to return. */
static void timed_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_SLEEP) {
		hinge_sleep(w2);
		returned_at = hinge_clock(NULL);
		hinge_door_return(WORDS(0, 0, 0, 0, 0), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static void un2_waiter(long arg)
{
	(void)arg;
	status2 = hinge_door_unref_wait((int)un2);
	woke2_at = hinge_clock(NULL);
	done2 = 1;
	hinge_thread_exit();
}

static void nothing_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie, (void)argp, (void)size, (void)dp, (void)n;
}

static int server(void)
{
	/* The Solaris attribute. */
	long s = door_create(nothing_proc, NULL, DOOR_UNREF);
	EXPECT(s >= 0);
	door_info_t si;
	EXPECT_EQ(door_info((int)s, &si), 0);
	EXPECT_EQ(si.di_attributes, DOOR_UNREF | DOOR_LOCAL);
	EXPECT_EQ(hinge_handle_close((int)s), 0);

	struct door_pool_desc p = door_pool(stacks[0], sizeof stacks[0], bufs[0], sizeof bufs[0], 1);
	un = hinge_door_create(timed_entry, 0, DOOR_F_UNREF, &p);
	p = door_pool(stacks[1], sizeof stacks[1], bufs[1], sizeof bufs[1], 1);
	un2 = hinge_door_create(timed_entry, 0, DOOR_F_UNREF, &p);
	EXPECT(un >= 0 && un2 >= 0);
	EXPECT_EQ(info_of((int)un).flags, DOOR_F_UNREF);
	EXPECT_EQ(hinge_name_publish((int)un, "un"), 0);
	EXPECT_EQ(hinge_name_publish((int)un2, "un2"), 0);
	EXPECT(hinge_thread_create(un2_waiter, waiter_stack + sizeof waiter_stack, 5, 0) >= 0);

	EXPECT_EQ(hinge_door_unref_wait((int)un), 0);
	EXPECT_EQ(info_of((int)un).unref, 1);
	EXPECT_EQ(hinge_door_unref_wait((int)un), HE_INVAL); /* delivered once only */

	while (!done2)
		hinge_sleep(1);
	EXPECT_EQ(status2, 0);
	EXPECT(returned_at != 0 && woke2_at >= returned_at);

	/* A revoked door is never reported unreferenced: the wait says so at once. */
	p = door_pool(stacks[0], sizeof stacks[0], bufs[0], sizeof bufs[0], 1);
	long rv = hinge_door_create(timed_entry, 0, DOOR_F_UNREF, &p);
	EXPECT(rv >= 0);
	EXPECT_EQ(hinge_door_revoke((int)rv), 0);
	EXPECT_EQ(hinge_door_unref_wait((int)rv), HE_REVOKED);
	EXPECT_EQ(hinge_handle_close((int)rv), 0);
	printf("%s: server %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* ---- client ---- */

static long u2;
static volatile int call_done;
static long call_status;
static char call_stack[8192] __attribute__((aligned(16)));

static void sleeper(long ticks)
{
	call_status = hinge_door_call((int)u2, WORDS(OP_SLEEP, (uint64_t)ticks, 0, 0, 0), NULL, 0);
	call_done = 1;
	hinge_thread_exit();
}

static int client(void)
{
	long u = hinge_name_wait("un");
	u2 = hinge_name_wait("un2");
	EXPECT(u >= 0 && u2 >= 0);
	EXPECT_EQ(hinge_door_call((int)u, WORDS(OP_SELF, 0, 0, 0, 0), NULL, 0), 0);

	/* 2 -> 3 -> 2 handles: nothing. */
	long d = hinge_handle_dup((int)u, H_ALL);
	EXPECT(d >= 0);
	EXPECT_EQ(hinge_handle_close((int)d), 0);
	hinge_sleep(5);
	EXPECT_EQ(info_of((int)u).unref, 0);
	/* 2 -> 1: the server's unref_wait returns. */
	EXPECT_EQ(hinge_handle_close((int)u), 0);

	/* Closed during a call: delivered when the call has returned. */
	EXPECT(hinge_thread_create(sleeper, call_stack + sizeof call_stack, 5, 30) >= 0);
	while (info_of((int)u2).inflight == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_handle_close((int)u2), 0);
	while (!call_done)
		hinge_sleep(1);
	EXPECT_EQ(call_status, 0);
	return client_report();
}

ROLES({ 0, server }, { 1, client })
