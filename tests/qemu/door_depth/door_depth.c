/* Shuttle depth overflow: a door that calls itself until the call fails.
 *
 * A door has at most MAX_ACTS_PER_DOOR (8) activations and every hop holds
 * one, so "itself" is a ring of five doors of the server (40 activations),
 * each calling the next. The client's call is hop 1; the code running at hop
 * 32 (SHUTTLE_MAX_DEPTH) is the first whose call must fail, with HE_DEPTH,
 * even with DOOR_CALL_NOWAIT (depth is checked before any activation is
 * taken). The error travels back up as results; afterwards every activation
 * is free again, and the same recursion gives the same answer.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

#define NRING 5
#define MAX_DEPTH 32  /* SHUTTLE_MAX_DEPTH, kern/config.h */
enum { OP_RECURSE = OP_FIRST_TEST_OP };

static long ring[NRING];
static char stacks[NRING][8][4096] __attribute__((aligned(16)));

/* OP_RECURSE (depth of this hop, thread): call the next door of the ring
 * with depth + 1. The hop whose call fails returns {status of its call, its
 * depth, 0, busy activations then, status of a NOWAIT retry}; the hops above
 * pass that up, counting in r[2] the hops that saw another thread. */
static void ring_entry(uint64_t cookie, uint64_t op, uint64_t depth, uint64_t thread,
		       uint64_t w4, uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_RECURSE)
		std_entry(cookie, op, depth, thread, w4, w5, buf, info);
	int next = (int)ring[(cookie + 1) % NRING];
	uint64_t r[DOOR_NWORDS] = { 0 };
	long st = hinge_door_call(next, WORDS(OP_RECURSE, depth + 1, thread, 0, 0), r, 0);
	if (st != 0) {
		struct hinge_counts c = { 0 };
		hinge_kcounts(&c);
		long again = hinge_door_call(next, WORDS(OP_RECURSE, depth + 1, thread, 0, 0), NULL,
					     DOOR_CALL_NOWAIT);
		r[0] = (uint64_t)st;
		r[1] = depth;
		r[2] = 0; /* r is not results after a failed call */
		r[3] = c.activations_busy;
		r[4] = (uint64_t)again;
	}
	if ((uint64_t)self_now().thread != thread)
		r[2]++;
	hinge_door_return(r, 0);
}

static int server(void)
{
	for (int i = 0; i < NRING; i++) {
		struct door_pool_desc p = door_pool(stacks[i], sizeof stacks[i][0], NULL, 0, 8);
		ring[i] = hinge_door_create(ring_entry, (uint64_t)i, 0, &p);
		EXPECT(ring[i] >= 0);
	}
	EXPECT_EQ(hinge_name_publish((int)ring[0], "ring"), 0);
	int hs[NRING];
	for (int i = 0; i < NRING; i++)
		hs[i] = (int)ring[i];
	return serve_until_quit(hs, NRING);
}

static int client(void)
{
	long h = hinge_name_wait("ring");
	EXPECT(h >= 0);
	uint64_t me = (uint64_t)self_now().thread;
	for (int round = 0; round < 2; round++) {
		uint64_t r[DOOR_NWORDS] = { 0 };
		EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_RECURSE, 1, me, 0, 0), r, 0), 0);
		EXPECT_EQ((long)r[0], HE_DEPTH);
		EXPECT_EQ(r[1], MAX_DEPTH);       /* the hop that failed */
		EXPECT_EQ(r[2], 0);               /* every hop ran on this thread */
		EXPECT_EQ(r[3], MAX_DEPTH);       /* one activation per hop, and no more */
		EXPECT_EQ((long)r[4], HE_DEPTH);  /* NOWAIT too */
		struct hinge_counts c = { 0 };
		hinge_kcounts(&c);
		EXPECT_EQ(c.activations_busy, 0);
		EXPECT_EQ(info_of((int)h).inflight, 0);
	}
	return client_done(h);
}

ROLES({ 0, server }, { 1, client })
