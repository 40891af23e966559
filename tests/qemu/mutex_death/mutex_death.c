/* A domain dies while threads of other domains hold and wait for its mutex
 * inside door calls. Server S has a PI mutex m and a door "lk" (two
 * activations) whose entry locks m and then sleeps for good. C1's thread
 * (3) gets m, C2's (12) waits for it and lends C1's thread 12; then S
 * exits. Both calls return HE_DEAD (the crash rules, doors/SEMANTICS.md §11),
 * the mutex is gone with S's handles, C1 is back at its own priority, and
 * nothing leaks.
 *
 * Roles (arg): 0 server, 1 C1, 2 C2, 9 leak check. */
#include "door_test.h"

static long mx, door;
static volatile int holder_prio; /* highest priority the holder's thread ran at in S */
static char stacks[2][8192] __attribute__((aligned(16)));

/* Lock m and hold it until the domain dies; returns only if the lock fails. */
static void lock_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w1, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	long st = hinge_mutex_lock((int)mx);
	if (st != 0)
		hinge_door_return(WORDS((uint64_t)st, 0, 0, 0, 0), 0);
	for (;;) {
		int p = self_now().prio;
		if (p > holder_prio)
			holder_prio = p;
		hinge_sleep(1);
	}
}

static int server(void)
{
	mx = hinge_mutex_create(MUTEX_F_PI);
	EXPECT(mx >= 0);
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], NULL, 0, 2);
	door = hinge_door_create(lock_entry, 0, 0, &p);
	EXPECT(door >= 0);
	EXPECT_EQ(hinge_name_publish((int)door, "lk"), 0);
	while (info_of((int)door).inflight < 2)
		hinge_sleep(1);
	hinge_sleep(5); /* C2's thread waits for m by now */
	struct hinge_counts c;
	EXPECT_EQ(hinge_kcounts(&c), 0);
	EXPECT_EQ(c.mutexes, 1);
	EXPECT_EQ(holder_prio, 12); /* C2's wait lends C1's thread its priority */
	printf("%s: server exits with m held (by a thread running at %d) and waited for\n", TEST, holder_prio);
	hinge_exit(failures);
}

static int c1(void)
{
	long h = hinge_name_wait("lk");
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(0, 0, 0, 0, 0), NULL, 0), HE_DEAD);
	struct hinge_self me = self_now();
	EXPECT_EQ(me.prio, 3);
	EXPECT_EQ(me.base_prio, 3);
	printf("%s: the holder's call returned HE_DEAD, priority %d\n", TEST, me.prio);
	return failures;
}

static int c2(void)
{
	long h = hinge_name_wait("lk");
	EXPECT(h >= 0);
	while (info_of((int)h).inflight < 1) /* C1's thread holds m */
		hinge_sleep(1);
	hinge_sleep(2);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(0, 0, 0, 0, 0), NULL, 0), HE_DEAD);
	printf("%s: the waiter's call returned HE_DEAD\n", TEST);
	return failures;
}

ROLES({ 0, server }, { 1, c1 }, { 2, c2 })
