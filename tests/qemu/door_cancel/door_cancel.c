/* Caller cancellation (doors/SEMANTICS.md §20). A door with one activation:
 *   - a call that has entered the server, which waits there until it is
 *     told it is cancelled, is cancelled by another thread of its domain:
 *     its caller gets HE_CANCELLED at once, and the server's code, going on
 *     as an orphan, sees SYS_DOOR_CANCELLED = 1 and finishes (it counts
 *     that; its result reaches nobody);
 *   - a call waiting for the activation is cancelled: HE_CANCELLED, no
 *     waiter is left, and it never ran in the server (the server counts the
 *     calls that entered);
 *   - the errors: an unknown id (HE_NOENT), a thread of another domain
 *     (HE_PERM), the calling thread itself (HE_INVAL), a thread in no call
 *     (HE_NOCALL).
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

enum { OP_UNTIL_CANCELLED = OP_FIRST_TEST_OP, OP_COUNTS };

static volatile uint64_t entries, saw_cancelled, server_tid;

static void entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5, char *buf,
		  uint64_t info)
{
	if (op == OP_COUNTS)
		hinge_door_return(WORDS(entries, saw_cancelled, server_tid, 0, 0), 0);
	if (op != OP_QUIT)
		__atomic_add_fetch(&entries, 1, __ATOMIC_RELAXED);
	if (op == OP_UNTIL_CANCELLED) {
		while (hinge_door_cancelled() == 0)
			hinge_sleep(1);
		saw_cancelled++;
		hinge_door_return(WORDS(1, 0, 0, 0, 0), 0); /* for nobody */
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int server(void)
{
	server_tid = (uint64_t)self_now().thread;
	struct door_pool_desc p = door_pool(std_stacks, sizeof std_stacks[0], std_bufs, STD_BUF, 1);
	long h = hinge_door_create(entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "cancel"), 0);
	int hs[1] = { (int)h };
	return serve_until_quit(hs, 1);
}

static struct bg_call waiter;
static char waiter_stack[8192] __attribute__((aligned(16)));

static void wait_caller(long op)
{
	waiter.status = hinge_door_call((int)bg_door, WORDS((uint64_t)op, 0, 0, 0, 0), waiter.res, 0);
	waiter.done = 1;
	hinge_thread_exit();
}

static long start_caller(long op)
{
	waiter.done = 0;
	return hinge_thread_create(wait_caller, waiter_stack + sizeof waiter_stack, 5, op);
}

/* The server's counters. */
struct counts {
	uint64_t entries;       /* calls that entered (not OP_COUNTS, OP_QUIT) */
	uint64_t saw_cancelled; /* calls that saw SYS_DOOR_CANCELLED = 1 */
	uint64_t server_tid;    /* the server's main thread */
};

static struct counts counts(int h)
{
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call(h, WORDS(OP_COUNTS, 0, 0, 0, 0), r, 0), 0);
	return (struct counts){ r[0], r[1], r[2] };
}

static int client(void)
{
	bg_door = hinge_name_wait("cancel");
	EXPECT(bg_door >= 0);
	int h = (int)bg_door;

	/* A begun call. */
	long tid = start_caller(OP_UNTIL_CANCELLED);
	EXPECT(tid >= 0);
	while (info_of(h).inflight == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_door_cancel(tid), 0);
	for (int i = 0; i < 3 && !waiter.done; i++)
		hinge_sleep(1);
	EXPECT(waiter.done); /* at once, not when the server's code ends */
	EXPECT_EQ(waiter.status, HE_CANCELLED);
	EXPECT_EQ(waiter.res[0], 0);
	while (info_of(h).inflight != 0)
		hinge_sleep(1); /* the orphan finishes */
	EXPECT_EQ(counts(h).saw_cancelled, 1);
	hinge_sleep(2);
	EXPECT_EQ(waiter.status, HE_CANCELLED); /* the orphan's return (word 1) reached nobody */
	EXPECT_EQ(waiter.res[0], 0);
	printf("%s: a begun call cancelled: HE_CANCELLED at once; the server saw SYS_DOOR_CANCELLED = 1\n", TEST);

	/* A call waiting for the activation, held 30 ticks. */
	EXPECT(bg_start(0, 5, 30) >= 0);
	while (info_of(h).inflight == 0)
		hinge_sleep(1);
	tid = start_caller(OP_SELF);
	EXPECT(tid >= 0);
	while (info_of(h).waiters == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_door_cancel(tid), 0);
	for (int i = 0; i < 3 && !waiter.done; i++)
		hinge_sleep(1);
	EXPECT(waiter.done);
	EXPECT_EQ(waiter.status, HE_CANCELLED);
	EXPECT(!bg[0].done); /* before the holder returned */
	EXPECT_EQ(info_of(h).waiters, 0);
	while (!bg[0].done)
		hinge_sleep(1);
	EXPECT_EQ(counts(h).entries, 2); /* the cancelled begun call and the holder: never the waiter */
	printf("%s: a waiting call cancelled: HE_CANCELLED, it never ran\n", TEST);

	/* The errors, in their order. */
	EXPECT_EQ(hinge_door_cancel(99999), HE_NOENT);
	EXPECT_EQ(hinge_door_cancel(-1), HE_NOENT);
	EXPECT_EQ(hinge_door_cancel((long)counts(h).server_tid), HE_PERM);
	EXPECT_EQ(hinge_door_cancel(self_now().thread), HE_INVAL);
	tid = start_caller(OP_SLEEP);
	EXPECT(tid >= 0); /* made, not yet run: at home, in no call */
	EXPECT_EQ(hinge_door_cancel(tid), HE_NOCALL);
	while (!waiter.done)
		hinge_sleep(1);
	EXPECT_EQ(waiter.status, 0);
	return client_done(bg_door);
}

ROLES({ 0, server }, { 1, client })
