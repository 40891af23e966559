/* Crash rules (doors/SEMANTICS.md §11): a domain that dies while a migrated
 * thread runs in it sends that thread back to its nearest live caller, whose
 * door_call returns HE_DEAD; later calls to the dead server's doors get
 * HE_DEAD; when a middle domain dies while the thread runs further down, the
 * chain splits: the caller gets HE_DEAD at once, and the work downstream
 * (the leaf) goes on, not interrupted, told by SYS_DOOR_CANCELLED that
 * nobody waits for it. Roles (manifest arg):
 *   0 faulter: its door's entry loads from kernel memory
 *   2 exiter:  its door's entry calls exit(7)
 *   3 middle:  its door calls the leaf; another of its threads then faults
 *   4 leaf:    sleeps in the call, counts the calls it completed
 *   1 client, 9 leak check */
#include "door_test.h"

enum { OP_CRASH = OP_FIRST_TEST_OP, OP_COUNT, OP_THREAD_EXIT };

static char stacks[2][8192] __attribute__((aligned(16)));
static char bufs[2][64];
static volatile int in_call, completed, cancelled;

static int serve(const char *name, void (*entry)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
						  uint64_t, char *, uint64_t))
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], bufs, sizeof bufs[0], 2);
	long h = hinge_door_create(entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	return (int)h;
}

static void crash_entry(uint64_t c, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
			char *b, uint64_t i)
{
	(void)c, (void)op, (void)w2, (void)w3, (void)w4, (void)w5, (void)b, (void)i;
	(void)*(volatile int *)0x80200000;
	hinge_door_return(WORDS(0), 0); /* not reached */
}

static void exit_entry(uint64_t c, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		       char *b, uint64_t i)
{
	(void)c, (void)op, (void)w2, (void)w3, (void)w4, (void)w5, (void)b, (void)i;
	hinge_exit(7);
}

static int leaf_handle;

static void middle_entry(uint64_t c, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
			 char *b, uint64_t i)
{
	(void)c, (void)op, (void)w2, (void)w3, (void)w4, (void)w5, (void)b, (void)i;
	uint64_t r[DOOR_NWORDS];
	in_call = 1;
	long st = hinge_door_call(leaf_handle, WORDS(OP_SLEEP, 5), r, 0);
	/* Never reached: this domain is dead by the time the leaf returns. */
	hinge_door_return(WORDS((uint64_t)st), 0);
}

static void leaf_entry(uint64_t c, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		       char *b, uint64_t i)
{
	(void)c, (void)w3, (void)w4, (void)w5, (void)b, (void)i;
	if (op == OP_SLEEP) {
		hinge_sleep(w2);
		cancelled = (int)hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		completed++;
	}
	if (op == OP_QUIT)
		quit = 1;
	if (op == OP_THREAD_EXIT) /* server code may not end its caller's thread */
		hinge_door_return(WORDS((uint64_t)hinge_syscall(SYS_THREAD_EXIT, 0, 0, 0, 0)), 0);
	hinge_door_return(WORDS((uint64_t)completed, (uint64_t)cancelled), 0);
}

static int client(void)
{
	uint64_t r[DOOR_NWORDS];
	long f = hinge_name_wait("faulter"), e = hinge_name_wait("exiter");
	long m = hinge_name_wait("middle"), l = hinge_name_wait("leaf");

	/* Leaf faults / exits in the call: the caller gets HE_DEAD, at once,
	 * naming the dead domain and how it ended in a1..a3 (hinge/door.h). */
	int faulter = info_of((int)f).server, exiter = info_of((int)e).server;
	int middle = info_of((int)m).server;
	EXPECT_EQ(hinge_door_call((int)f, WORDS(OP_CRASH), r, 0), HE_DEAD);
	EXPECT_EQ((long)r[0], faulter);
	EXPECT_EQ(r[1], DEATH_FAULT);
	EXPECT_EQ(r[2], 0);   /* generation */
	EXPECT_EQ(r[3], 0);
	EXPECT_EQ(hinge_door_call((int)f, WORDS(OP_CRASH), r, 0), HE_DEAD);   /* server gone */
	EXPECT_EQ((long)r[0], faulter);
	EXPECT_EQ(r[1], DEATH_FAULT);
	/* The same through the general path (a bulk call). */
	struct door_xarg x = { 0 };
	uint64_t produced = 99;
	const uint64_t xw[DOOR_NWORDS] = { 0, 0, 0, 0, (uintptr_t)&x };
	EXPECT_EQ(hinge_door_call_bytes((int)f, xw, r, DOOR_CALL_XARG, &produced), HE_DEAD);
	EXPECT_EQ((long)r[0], faulter);
	EXPECT_EQ(r[1], DEATH_FAULT);
	EXPECT_EQ(produced, 0);
	EXPECT_EQ(hinge_door_call((int)e, WORDS(OP_CRASH), r, 0), HE_DEAD);
	EXPECT_EQ((long)r[0], exiter);
	EXPECT_EQ(r[1], DEATH_EXIT);   /* its exit status (7) is not told */
	EXPECT_EQ(r[2], 0);
	struct door_info di = info_of((int)e);
	EXPECT_EQ(di.inflight, 0);

	/* Middle dies while the thread sleeps in the leaf: the client gets
	 * HE_DEAD at once, before the leaf is done; the leaf finishes its work
	 * as an orphan, and knows its caller is gone. */
	EXPECT_EQ(hinge_door_call((int)m, WORDS(OP_SLEEP), r, 0), HE_DEAD);
	EXPECT_EQ((long)r[0], middle);
	EXPECT_EQ(r[1], DEATH_FAULT);
	EXPECT_EQ(hinge_door_call((int)l, WORDS(OP_COUNT), r, 0), 0);
	EXPECT_EQ(r[0], 0); /* not held hostage: the leaf is still sleeping */
	for (int i = 0; i < 50 && r[0] == 0; i++) {
		hinge_sleep(1);
		EXPECT_EQ(hinge_door_call((int)l, WORDS(OP_COUNT), r, 0), 0);
	}
	EXPECT_EQ(r[0], 1); /* the leaf completed the call it was given */
	EXPECT_EQ(r[1], 1); /* and was told its caller is gone */

	EXPECT_EQ(hinge_door_call((int)l, WORDS(OP_THREAD_EXIT), r, 0), 0);
	EXPECT_EQ((long)r[0], HE_PERM);
	EXPECT_EQ(hinge_door_call((int)l, WORDS(OP_QUIT), r, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)f), 0);
	EXPECT_EQ(hinge_handle_close((int)e), 0);
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_handle_close((int)l), 0);
	return client_report();
}

static int faulter_server(void)
{
	serve("faulter", crash_entry);
	return sleep_until_dead(); /* in its door */
}

static int exiter_server(void)
{
	serve("exiter", exit_entry);
	return sleep_until_dead();
}

static int middle_server(void)
{
	leaf_handle = (int)hinge_name_wait("leaf");
	serve("middle", middle_entry);
	while (!in_call)
		hinge_sleep(1);
	hinge_sleep(2);                       /* the thread is in the leaf now */
	(void)*(volatile int *)0x80200000;    /* the middle dies */
	return 99;
}

static int leaf_server(void)
{
	int h = serve("leaf", leaf_entry);
	return serve_until_quit(&h, 1);
}

ROLES({ 0, faulter_server }, { 1, client }, { 2, exiter_server }, { 3, middle_server }, { 4, leaf_server })
