/* Kernel mutexes in the running system: every error of SYS_MUTEX_CREATE,
 * LOCK and UNLOCK; a holder that dies (its thread exits) hands the mutex to
 * the first waiter with MUTEX_OWNERDEAD, or leaves it for the next locker
 * with that status; closing the last handle fails the waiters with
 * HE_BADHANDLE; a mutex locked inside a door call stays held by the thread
 * after the return (the thread holds it, not the call).
 *
 * Roles (arg): 0 the checks, 9 leak check. */
#include "door_test.h"

#define NHANDLES 96 /* handle table slots per domain (docs/syscalls.md) */
#define MAX_MUTEXES 64 /* mutexes, system-wide (kern/config.h) */

static char stacks[2][8192] __attribute__((aligned(16)));
static volatile long got[2];
static volatile int done[2];
static long mx;

/* Thread i: lock mx, note the result, and end without unlocking: a thread
 * that got the mutex dies holding it. */
static void locker(long i)
{
	got[i] = hinge_mutex_lock((int)mx);
	done[i] = 1;
	hinge_thread_exit();
}

static void start(int i, void (*fn)(long), int prio)
{
	done[i] = 0;
	got[i] = 99;
	EXPECT(hinge_thread_create(fn, stacks[i] + sizeof stacks[i], prio, i) >= 0);
}

static void wait_done(int i)
{
	for (int n = 0; n < 100 && !done[i]; n++)
		hinge_sleep(1);
	EXPECT(done[i]);
	hinge_sleep(2); /* and let it be reaped */
}

static void errors(void)
{
	EXPECT_EQ(hinge_mutex_create(~MUTEX_F_ALL), HE_INVAL);
	EXPECT_EQ(hinge_mutex_create(1u << 5), HE_INVAL);
	EXPECT_EQ(hinge_mutex_lock(-1), HE_BADHANDLE);
	EXPECT_EQ(hinge_mutex_lock(NHANDLES), HE_BADHANDLE);
	EXPECT_EQ(hinge_mutex_lock(7), HE_BADHANDLE);      /* empty slot */
	EXPECT_EQ(hinge_mutex_unlock(7), HE_BADHANDLE);

	long m = hinge_mutex_create(MUTEX_F_PI);
	EXPECT(m >= 0);
	EXPECT_EQ(hinge_mutex_unlock((int)m), HE_PERM);     /* not held */
	EXPECT_EQ(hinge_mutex_lock((int)m), 0);
	EXPECT_EQ(hinge_mutex_lock((int)m), HE_DEADLK);
	EXPECT_EQ(hinge_mutex_trylock((int)m), HE_DEADLK);
	EXPECT_EQ(hinge_mutex_unlock((int)m), 0);
	EXPECT_EQ(hinge_mutex_unlock((int)m), HE_PERM);
	EXPECT_EQ(hinge_mutex_trylock((int)m), 0);
	EXPECT_EQ(hinge_mutex_unlock((int)m), 0);

	/* A mutex handle is no door, and a door handle no mutex. */
	static char st[4096] __attribute__((aligned(16)));
	static char buf[64] __attribute__((aligned(16))); /* room for handles passed in */
	struct door_pool_desc p = door_pool(st, sizeof st, buf, sizeof buf, 1);
	long d = hinge_door_create((hinge_door_entry_t)std_entry, 0, 0, &p);
	EXPECT(d >= 0);
	EXPECT_EQ(hinge_mutex_lock((int)d), HE_BADHANDLE);
	EXPECT_EQ(hinge_door_call((int)m, WORDS(OP_SELF, 0, 0, 0, 0), NULL, 0), HE_BADHANDLE);
	struct door_info di;
	EXPECT_EQ(hinge_door_info((int)m, &di), HE_BADHANDLE);
	/* A mutex never leaves its domain: its handle has no H_XFER, so a
	 * call that would pass it is refused before it begins (SEMANTICS §8). */
	struct door_desc give = { (int32_t)m, 0 };
	struct door_xarg xa = { 0, 0, (uint64_t)(uintptr_t)&give, 1, 0, 0 };
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_SELF, 0, 0, 0, (uint64_t)(uintptr_t)&xa), NULL,
				  DOOR_CALL_XARG), HE_PERM);
	EXPECT_EQ(hinge_handle_close((int)d), 0);

	/* Handles: dup gives a second name; the table has a limit. */
	long m2 = hinge_handle_dup((int)m, H_ALL);
	EXPECT(m2 >= 0);
	EXPECT_EQ(hinge_mutex_lock((int)m2), 0);
	EXPECT_EQ(hinge_mutex_lock((int)m), HE_DEADLK);     /* the same mutex */
	EXPECT_EQ(hinge_mutex_unlock((int)m), 0);
	EXPECT_EQ(hinge_handle_close((int)m2), 0);
	long hs[NHANDLES];
	int n = 0;
	for (; n < NHANDLES; n++) {
		hs[n] = hinge_mutex_create(0);
		if (hs[n] < 0)
			break;
	}
	/* The mutex pool (MAX_MUTEXES = 64) runs out before the handle table. */
	EXPECT_EQ(hs[n], HE_NOMEM);
	EXPECT_EQ(n, MAX_MUTEXES - 1);
	for (int i = 0; i < n; i++)
		EXPECT_EQ(hinge_handle_close((int)hs[i]), 0);
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_mutex_lock((int)m), HE_BADHANDLE);  /* closed */
}

static void holder_death(void)
{
	mx = hinge_mutex_create(MUTEX_F_PI);
	EXPECT(mx >= 0);
	/* Thread 0 takes the mutex and ends holding it; the main thread waits
	 * for it and gets it, told that its holder died. */
	start(0, locker, 20);             /* above us: runs now */
	EXPECT(done[0]);
	EXPECT_EQ(got[0], 0);
	hinge_sleep(2);
	EXPECT_EQ(hinge_mutex_lock((int)mx), MUTEX_OWNERDEAD);
	EXPECT_EQ(hinge_mutex_unlock((int)mx), 0);
	EXPECT_EQ(hinge_mutex_lock((int)mx), 0);    /* told once */

	/* Now the holder dies while a thread waits: the waiter gets it. */
	start(1, locker, 20);                   /* waits for us */
	EXPECT(!done[1]);
	EXPECT_EQ(self_now().prio, 20);         /* MUTEX_F_PI: it lends us 20 */
	start(0, locker, 25);             /* queued before thread 1 (higher) */
	EXPECT(!done[0]);
	EXPECT_EQ(hinge_mutex_unlock((int)mx), 0);
	/* thread 0 got it (0), and ended holding it: thread 1 gets it told. */
	wait_done(1);
	EXPECT_EQ(got[0], 0);
	EXPECT_EQ(got[1], MUTEX_OWNERDEAD);
	/* thread 1 ended holding it too: the next locker is told. */
	EXPECT_EQ(hinge_mutex_lock((int)mx), MUTEX_OWNERDEAD);
	EXPECT_EQ(self_now().prio, 10);
	EXPECT_EQ(hinge_mutex_unlock((int)mx), 0);
	EXPECT_EQ(hinge_handle_close((int)mx), 0);
}

static void last_close(void)
{
	mx = hinge_mutex_create(0);
	EXPECT(mx >= 0);
	EXPECT_EQ(hinge_mutex_lock((int)mx), 0);
	start(1, locker, 20);
	EXPECT(!done[1]);
	EXPECT_EQ(hinge_handle_close((int)mx), 0);  /* the waiter fails */
	wait_done(1);
	EXPECT_EQ(got[1], HE_BADHANDLE);
	struct hinge_counts c;
	EXPECT_EQ(hinge_kcounts(&c), 0);
	EXPECT_EQ(c.mutexes, 0);
}

/* A door of our own whose entry locks (w2 = 1) or unlocks (w2 = 0) mx. */
static void lock_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w1, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	long r = w2 ? hinge_mutex_lock((int)mx) : hinge_mutex_unlock((int)mx);
	hinge_door_return(WORDS((uint64_t)r, 0, 0, 0, 0), 0);
}

static void held_across_a_call(void)
{
	static char st[4096] __attribute__((aligned(16)));
	struct door_pool_desc p = door_pool(st, sizeof st, NULL, 0, 1);
	long d = hinge_door_create(lock_entry, 0, 0, &p);
	EXPECT(d >= 0);
	mx = hinge_mutex_create(MUTEX_F_PI);
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)d, WORDS(0, 1, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);                              /* locked in the call */
	EXPECT_EQ(hinge_mutex_lock((int)mx), HE_DEADLK); /* still ours after it */
	EXPECT_EQ(hinge_door_call((int)d, WORDS(0, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);                              /* unlocked in another */
	EXPECT_EQ(hinge_mutex_unlock((int)mx), HE_PERM);
	EXPECT_EQ(hinge_handle_close((int)mx), 0);
	EXPECT_EQ(hinge_handle_close((int)d), 0);
}

static int rules(void)
{
	errors();
	holder_death();
	last_close();
	held_across_a_call();
	printf("%s: done, %d failures\n", TEST, failures);
	return failures;
}

ROLES({ 0, rules })
