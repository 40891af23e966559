/* Call deadlines (doors/SEMANTICS.md §19). A door with one activation, held
 * by a call that sleeps 60 ticks in the server:
 *   - a call with a 5-tick deadline gives up with HE_TIMEDOUT once 5 ticks
 *     have passed, while the holder is still in (it did not wait for the
 *     release), leaves no waiter behind, and never ran in the server;
 *   - with DOOR_CALL_NOWAIT too it is HE_AGAIN at once (NOWAIT never waits);
 *   - a call whose deadline is later than the release waits and runs;
 *   - a deadline passing after the call has entered the server changes
 *     nothing: the call returns its results (the deadline bounds the wait).
 * The server counts the calls that ran in it.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

enum { OP_COUNT = OP_FIRST_TEST_OP };

static volatile uint64_t entries;

static void count_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
			char *buf, uint64_t info)
{
	if (op == OP_COUNT)
		hinge_door_return(WORDS(entries, 0, 0, 0, 0), 0);
	if (op != OP_QUIT)
		__atomic_add_fetch(&entries, 1, __ATOMIC_RELAXED);
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int server(void)
{
	struct door_pool_desc p = door_pool(std_stacks, sizeof std_stacks[0], std_bufs, STD_BUF, 1);
	long h = hinge_door_create(count_entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "deadline"), 0);
	int hs[1] = { (int)h };
	return serve_until_quit(hs, 1);
}

static int client(void)
{
	bg_door = hinge_name_wait("deadline");
	EXPECT(bg_door >= 0);
	int h = (int)bg_door;
	EXPECT(bg_start(0, 5, 60) >= 0); /* the holder */
	while (info_of(h).inflight == 0)
		hinge_sleep(1);

	uint64_t t0 = hinge_clock(NULL);
	EXPECT_EQ(hinge_door_call(h, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_DEADLINE(5)), HE_TIMEDOUT);
	uint64_t waited = hinge_clock(NULL) - t0;
	printf("%s: timed out after %lu ticks\n", TEST, (unsigned long)waited);
	EXPECT(waited >= 5);
	EXPECT(!bg[0].done); /* given up before the holder returned */
	struct door_info di = info_of(h);
	EXPECT_EQ(di.inflight, 1);
	EXPECT_EQ(di.waiters, 0);

	EXPECT_EQ(hinge_door_call(h, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT | DOOR_CALL_DEADLINE(5)),
		  HE_AGAIN);

	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call(h, WORDS(OP_SELF, 0, 0, 0, 0), r, DOOR_CALL_DEADLINE(1000)), 0);
	EXPECT(bg[0].done); /* it waited for the release */
	EXPECT_EQ(r[4], OP_SELF);

	/* A 2-tick deadline, a call that sleeps 10 ticks in the server. */
	EXPECT_EQ(hinge_door_call(h, WORDS(OP_SLEEP, 10, 0, 0, 0), r, DOOR_CALL_DEADLINE(2)), 0);
	EXPECT_EQ(r[4], OP_SLEEP);

	EXPECT_EQ(hinge_door_call(h, WORDS(OP_COUNT, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 3); /* the holder's, the late one's, the sleeper's: none that timed out */
	return client_done(bg_door);
}

ROLES({ 0, server }, { 1, client })
