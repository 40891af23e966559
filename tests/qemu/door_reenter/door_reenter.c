/* Re-entry: A calls B, B calls back into A (A serves a door too), and so on:
 * A -> B -> A -> B -> A. Each hop takes its own activation, also of a door
 * the thread is already in; the re-entered A code runs in A's address space
 * (it sees A's globals and updates them for A's main thread, which is the
 * same thread, suspended in its call) and SYS_SELF names A again.
 *
 * Roles (arg): 0 A, 1 B, 9 leak check. */
#include "door_test.h"

enum { OP_BOUNCE = OP_FIRST_TEST_OP };

static int home;              /* this domain's id */
static long other = -1;       /* handle of the other domain's door */
static volatile int marker;   /* A: set by main before the call */
static volatile int visits;   /* A: hops that ran in A */

/* OP_BOUNCE (thread, bounces): checks that the thread is the original one
 * and runs here, calls the other door with bounces - 1 while bounces > 0.
 * Returns {bad hops, hops} summed over this hop and the ones it called. */
static void bounce_entry(uint64_t cookie, uint64_t op, uint64_t thread, uint64_t bounces,
			 uint64_t w4, uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_BOUNCE)
		std_entry(cookie, op, thread, bounces, w4, w5, buf, info);
	struct hinge_self me = self_now();
	uint64_t bad = (uint64_t)me.thread != thread || me.domain != home ||
		       (cookie == 'A' && marker != 0xfeed);
	if (cookie == 'A')
		visits++;
	uint64_t r[DOOR_NWORDS] = { 0 };
	if (bounces > 0 &&
	    hinge_door_call((int)other, WORDS(OP_BOUNCE, thread, bounces - 1, 0, 0), r, 0) != 0)
		bad++;
	hinge_door_return(WORDS(bad + r[0], 1 + r[1], 0, 0, 0), 0);
}

static char stacks[2][4096] __attribute__((aligned(16)));

static long serve(uint64_t name_char, const char *name, const char *other_name)
{
	home = self_now().domain;
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], NULL, 0, 2);
	long h = hinge_door_create(bounce_entry, name_char, 0, &p);
	EXPECT(h >= 0);
	if (name_char == 'B') { /* B is published once it can call back */
		other = hinge_name_wait(other_name);
		EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	} else {
		EXPECT_EQ(hinge_name_publish((int)h, name), 0);
		other = hinge_name_wait(other_name);
	}
	EXPECT(other >= 0);
	return h;
}

static int a_main(void)
{
	serve('A', "reA", "reB");
	struct hinge_self me = self_now();
	marker = 0xfeed;
	uint64_t r[DOOR_NWORDS] = { 0 };
	/* A -> B -> A: one bounce back. */
	EXPECT_EQ(hinge_door_call((int)other, WORDS(OP_BOUNCE, (uint64_t)me.thread, 1, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], 2);
	EXPECT_EQ(visits, 1);
	/* A -> B -> A -> B -> A: both activations of both doors in use. */
	EXPECT_EQ(hinge_door_call((int)other, WORDS(OP_BOUNCE, (uint64_t)me.thread, 3, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], 4);
	EXPECT_EQ(visits, 3);
	struct hinge_self after = self_now();
	EXPECT_EQ(after.domain, me.domain);
	EXPECT_EQ(after.thread, me.thread);
	return client_done(other);
}

static int b_main(void)
{
	int h = (int)serve('B', "reB", "reA");
	return serve_until_quit(&h, 1);
}

ROLES({ 0, a_main }, { 1, b_main })
