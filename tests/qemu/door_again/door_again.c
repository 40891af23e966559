/* Pool exhaustion: a door with one activation, held by a call that sleeps
 * in the server. Another call with DOOR_CALL_NOWAIT fails at once with
 * HE_AGAIN and changes nothing (it does not join the queue); a call without
 * it waits and gets the activation when the holder returns.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

static int client(void)
{
	bg_door = hinge_name_wait("again");
	EXPECT(bg_door >= 0);
	char data[4] = "abc";
	struct door_xarg x = { (uintptr_t)data, 3, 0, 0, 0, 0 };

	/* Thread 0 takes the only activation and sleeps in it for 60 ticks. */
	long holder = bg_start(0, 5, 60);
	EXPECT(holder >= 0);
	while (info_of((int)bg_door).inflight == 0)
		hinge_sleep(1);
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	EXPECT_EQ(c0.activations_busy, 1);

	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT), HE_AGAIN);
	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_ECHO, 0, 0, 0, (uintptr_t)&x), NULL,
				  DOOR_CALL_NOWAIT | DOOR_CALL_XARG),
		  HE_AGAIN);
	struct door_info di = info_of((int)bg_door);
	EXPECT_EQ(di.inflight, 1);
	EXPECT_EQ(di.waiters, 0);

	/* Thread 1 waits for it (no NOWAIT): now there is a queue, still HE_AGAIN. */
	EXPECT(bg_start(1, 5, 0) >= 0);
	while (info_of((int)bg_door).waiters == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT), HE_AGAIN);
	di = info_of((int)bg_door);
	EXPECT_EQ(di.inflight, 1);
	EXPECT_EQ(di.waiters, 1);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.activations_busy, c0.activations_busy);
	EXPECT_EQ(c1.handles, c0.handles);
	EXPECT(!bg[0].done && !bg[1].done);

	/* When the holder returns, the waiter gets the activation. */
	while (!bg[0].done || !bg[1].done)
		hinge_sleep(1);
	EXPECT_EQ(bg[0].status, 0);
	EXPECT_EQ((long)bg[0].res[0], holder);
	EXPECT_EQ(bg[1].status, 0);
	EXPECT((long)bg[1].res[0] != holder);

	/* Free again: NOWAIT succeeds. */
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)bg_door, WORDS(OP_SELF, 0, 0, 0, 0), r, DOOR_CALL_NOWAIT), 0);
	EXPECT_EQ((long)r[0], self_now().thread);
	EXPECT_EQ(info_of((int)bg_door).inflight, 0);

	return client_done(bg_door);
}

static int server(void)
{
	return std_server("again", 1, 0);
}

ROLES({ 0, server }, { 1, client })
