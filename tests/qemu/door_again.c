/* Pool exhaustion: a door with one activation, held by a call that sleeps
 * in the server. Another call with DOOR_CALL_NOWAIT fails at once with
 * HE_AGAIN and changes nothing (it does not join the queue); a call without
 * it waits and gets the activation when the holder returns.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#define TEST "door_again"
#include "door_test.h"

static long h;
static char stacks[2][8192] __attribute__((aligned(16)));
static volatile int done[2];
static long status[2];
static uint64_t res[2][5];

/* Thread i calls OP_SLEEP(ticks) and records how it ended. */
static void caller(long arg)
{
	int i = (int)(arg & 1);
	status[i] = hinge_door_call((int)h, WORDS(OP_SLEEP, (uint64_t)arg >> 1, 0, 0, 0), res[i], 0);
	done[i] = 1;
	hinge_thread_exit();
}

static int client(void)
{
	h = hinge_name_wait("again");
	EXPECT(h >= 0);
	char data[4] = "abc";
	struct door_xarg x = { (uintptr_t)data, 3, 0, 0, 0, 0 };

	/* Thread 0 takes the only activation and sleeps in it for 60 ticks. */
	long holder = hinge_thread_create(caller, stacks[0] + sizeof stacks[0], 5, 60 << 1 | 0);
	EXPECT(holder >= 0);
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	EXPECT_EQ(c0.activations_busy, 1);

	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT), HE_AGAIN);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_ECHO, 0, 0, 0, (uintptr_t)&x), NULL,
				  DOOR_CALL_NOWAIT | DOOR_CALL_XARG),
		  HE_AGAIN);
	struct door_info di = info_of((int)h);
	EXPECT_EQ(di.inflight, 1);
	EXPECT_EQ(di.waiters, 0);

	/* Thread 1 waits for it (no NOWAIT): now there is a queue, still HE_AGAIN. */
	EXPECT(hinge_thread_create(caller, stacks[1] + sizeof stacks[1], 5, 0 << 1 | 1) >= 0);
	while (info_of((int)h).waiters == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT), HE_AGAIN);
	di = info_of((int)h);
	EXPECT_EQ(di.inflight, 1);
	EXPECT_EQ(di.waiters, 1);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.activations_busy, c0.activations_busy);
	EXPECT_EQ(c1.handles, c0.handles);
	EXPECT(!done[0] && !done[1]);

	/* When the holder returns, the waiter gets the activation. */
	while (!done[0] || !done[1])
		hinge_sleep(1);
	EXPECT_EQ(status[0], 0);
	EXPECT_EQ((long)res[0][0], holder);
	EXPECT_EQ(status[1], 0);
	EXPECT((long)res[1][0] != holder);

	/* Free again: NOWAIT succeeds. */
	uint64_t r[5] = { 0 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), r, DOOR_CALL_NOWAIT), 0);
	EXPECT_EQ((long)r[0], self_now().thread);
	EXPECT_EQ(info_of((int)h).inflight, 0);

	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_QUIT, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	printf("%s: client %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

int main(long role)
{
	if (role == 0)
		return std_server("again", 1, 0);
	if (role == 1)
		return client();
	return leakcheck();
}
