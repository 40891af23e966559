/* Pintos' priority-donation tests (src/tests/threads/priority-donate-*.c)
 * with real threads and kernel mutexes (MUTEX_F_PI), one after the other in
 * one domain, and SYS_SET_PRIO. Each case records what happened, in order,
 * with the effective priority its thread had then (SYS_SELF), and compares
 * the record with the fixed expected one, as Pintos compares output.
 * Priorities are Pintos' (PRI_DEFAULT 31, PRI_MIN 0: the idle thread is below
 * every user priority). Every thread is created in this domain (maxprio 50).
 *
 * Roles (arg): 0 the cases, 9 leak check. */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include "door_test.h"
#include "sync.h"

#define MAIN_PRIO 31
#define MAX_PRIO 50

/* ---- the record ---- */

#define NEV 40
static char events[NEV][64];
static int nev;

static void ev(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (nev < NEV)
		vsnprintf(events[nev++], sizeof events[0], fmt, ap);
	va_end(ap);
}

static int prio(void)
{
	return self_now().prio;
}

/* Compare the record with want[] (NULL-terminated), print both on a
 * mismatch, and start a new record. */
static void expect_events(const char *name, const char *const want[])
{
	int n = 0;
	bool same = true;
	for (; want[n]; n++)
		if (n >= nev || strcmp(events[n], want[n]) != 0)
			same = false;
	if (n != nev)
		same = false;
	if (!same) {
		note_failure();
		printf("%s: %s: FAILED, events were:\n", TEST, name);
		for (int i = 0; i < nev; i++)
			printf("  %s\n", events[i]);
		printf("expected:\n");
		for (int i = 0; want[i]; i++)
			printf("  %s\n", want[i]);
	} else {
		printf("%s: %s: %d events in the expected order\n", TEST, name, n);
	}
	nev = 0;
}

/* ---- threads ---- */

#define NSTACKS 16
static char stacks[NSTACKS][8192] __attribute__((aligned(16)));
static int nstack;
static volatile int alive;

static void spawn(void (*fn)(long), int p, long arg)
{
	alive++;
	EXPECT(nstack < NSTACKS);
	EXPECT(hinge_thread_create(fn, stacks[nstack] + sizeof stacks[0], p, arg) >= 0);
	nstack++;
}

static __attribute__((noreturn)) void finish(void)
{
	alive--;
	hinge_thread_exit();
}

/* Every spawned thread has ended (they all run above main by then; a
 * yield lets the last ones be reaped). */
static void join_all(void)
{
	while (alive)
		hinge_yield();
	nstack = 0;
}

static long lock_a, lock_b;

static long new_lock(void)
{
	long h = hinge_mutex_create(MUTEX_F_PI);
	EXPECT(h >= 0);
	return h;
}

static void close_locks(void)
{
	EXPECT_EQ(hinge_handle_close((int)lock_a), 0);
	if (lock_b >= 0)
		EXPECT_EQ(hinge_handle_close((int)lock_b), 0);
	lock_b = -1;
}

/* A thread that takes lock *arg, says so, releases it, and ends. */
static void acquirer(long arg)
{
	const char *name = (const char *)arg;
	long lk = name[0] == 'b' ? lock_b : lock_a;
	EXPECT_EQ(hinge_mutex_lock((int)lk), 0);
	ev("%s: got the lock at %d", name, prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lk), 0);
	ev("%s: done at %d", name, prio());
	finish();
}

/* ---- donate-one ---- */

static void donate_one(void)
{
	lock_a = new_lock();
	lock_b = -1;
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	spawn(acquirer, 32, (long)"acquire1");
	ev("main: priority %d", prio());
	spawn(acquirer, 33, (long)"acquire2");
	ev("main: priority %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("main: priority %d after release", prio());
	join_all();
	close_locks();
	static const char *const want[] = {
		"main: priority 32",
		"main: priority 33",
		"acquire2: got the lock at 33",
		"acquire2: done at 33",
		"acquire1: got the lock at 32",
		"acquire1: done at 32",
		"main: priority 31 after release",
		NULL,
	};
	expect_events("donate-one", want);
}

/* ---- donate-multiple ---- */

static void donate_multiple(void)
{
	lock_a = new_lock();
	lock_b = new_lock();
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	EXPECT_EQ(hinge_mutex_lock((int)lock_b), 0);
	spawn(acquirer, 32, (long)"a");
	ev("main: priority %d", prio());
	spawn(acquirer, 33, (long)"b");
	ev("main: priority %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_b), 0);
	ev("main: priority %d after releasing b", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("main: priority %d after releasing a", prio());
	join_all();
	close_locks();
	static const char *const want[] = {
		"main: priority 32",
		"main: priority 33",
		"b: got the lock at 33",
		"b: done at 33",
		"main: priority 32 after releasing b",
		"a: got the lock at 32",
		"a: done at 32",
		"main: priority 31 after releasing a",
		NULL,
	};
	expect_events("donate-multiple", want);
}

/* ---- donate-multiple2 ---- */

static void bystander(long arg)
{
	ev("%s: finished at %d", (const char *)arg, prio());
	finish();
}

static void donate_multiple2(void)
{
	lock_a = new_lock();
	lock_b = new_lock();
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	EXPECT_EQ(hinge_mutex_lock((int)lock_b), 0);
	spawn(acquirer, 34, (long)"a");
	spawn(bystander, 32, (long)"c");
	spawn(acquirer, 36, (long)"b");
	ev("main: priority %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("main: priority %d after releasing a", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_b), 0);
	ev("main: priority %d after releasing b", prio());
	join_all();
	close_locks();
	static const char *const want[] = {
		"main: priority 36",
		"main: priority 36 after releasing a",
		"b: got the lock at 36",
		"b: done at 36",
		"a: got the lock at 34",
		"a: done at 34",
		"c: finished at 32",
		"main: priority 31 after releasing b",
		NULL,
	};
	expect_events("donate-multiple2", want);
}

/* ---- donate-nest ---- */

static void nest_medium(long arg)
{
	(void)arg;
	EXPECT_EQ(hinge_mutex_lock((int)lock_b), 0);
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	ev("medium: got a at %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	hinge_yield();
	EXPECT_EQ(hinge_mutex_unlock((int)lock_b), 0);
	hinge_yield();
	ev("medium: finished at %d", prio());
	finish();
}

static void nest_high(long arg)
{
	(void)arg;
	EXPECT_EQ(hinge_mutex_lock((int)lock_b), 0);
	ev("high: got b at %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_b), 0);
	ev("high: finished at %d", prio());
	finish();
}

static void donate_nest(void)
{
	lock_a = new_lock();
	lock_b = new_lock();
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	spawn(nest_medium, 32, 0);
	ev("low: priority %d", prio());
	spawn(nest_high, 33, 0);
	ev("low: priority %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("low: priority %d after release", prio());
	join_all();
	close_locks();
	static const char *const want[] = {
		"low: priority 32",
		"low: priority 33",
		"medium: got a at 33",
		"high: got b at 33",
		"high: finished at 33",
		"medium: finished at 32",
		"low: priority 31 after release",
		NULL,
	};
	expect_events("donate-nest", want);
}

/* ---- donate-chain ---- */

#define DEPTH 8
#define PRI_MIN 0
static long chain[DEPTH];

static void donor(long i)
{
	if (i < DEPTH - 1)
		EXPECT_EQ(hinge_mutex_lock((int)chain[i]), 0);
	EXPECT_EQ(hinge_mutex_lock((int)chain[i - 1]), 0);
	ev("thread %ld: got lock at %d", i, prio());
	EXPECT_EQ(hinge_mutex_unlock((int)chain[i - 1]), 0);
	ev("thread %ld: priority %d", i, prio());
	if (i < DEPTH - 1)
		EXPECT_EQ(hinge_mutex_unlock((int)chain[i]), 0);
	ev("thread %ld: finishing at %d", i, prio());
	finish();
}

static void interloper(long i)
{
	ev("interloper %ld: finished", i);
	finish();
}

static void donate_chain(void)
{
	EXPECT_EQ(hinge_set_prio(PRI_MIN), 0);
	for (int i = 0; i < DEPTH; i++) {
		chain[i] = hinge_mutex_create(MUTEX_F_PI);
		EXPECT(chain[i] >= 0);
	}
	EXPECT_EQ(hinge_mutex_lock((int)chain[0]), 0);
	for (long i = 1; i < DEPTH; i++) {
		int p = PRI_MIN + (int)i * 3;
		spawn(donor, p, i);
		ev("main: priority %d", prio());
		spawn(interloper, p - 1, i);
	}
	EXPECT_EQ(hinge_mutex_unlock((int)chain[0]), 0);
	ev("main: finishing at %d", prio());
	EXPECT_EQ(hinge_set_prio(MAIN_PRIO), 0);
	join_all();
	for (int i = 0; i < DEPTH; i++)
		EXPECT_EQ(hinge_handle_close((int)chain[i]), 0);
	static const char *const want[] = {
		"main: priority 3", "main: priority 6", "main: priority 9", "main: priority 12",
		"main: priority 15", "main: priority 18", "main: priority 21",
		"thread 1: got lock at 21", "thread 1: priority 21",
		"thread 2: got lock at 21", "thread 2: priority 21",
		"thread 3: got lock at 21", "thread 3: priority 21",
		"thread 4: got lock at 21", "thread 4: priority 21",
		"thread 5: got lock at 21", "thread 5: priority 21",
		"thread 6: got lock at 21", "thread 6: priority 21",
		"thread 7: got lock at 21", "thread 7: priority 21", "thread 7: finishing at 21",
		"interloper 7: finished", "thread 6: finishing at 18",
		"interloper 6: finished", "thread 5: finishing at 15",
		"interloper 5: finished", "thread 4: finishing at 12",
		"interloper 4: finished", "thread 3: finishing at 9",
		"interloper 3: finished", "thread 2: finishing at 6",
		"interloper 2: finished", "thread 1: finishing at 3",
		"interloper 1: finished", "main: finishing at 0",
		NULL,
	};
	expect_events("donate-chain", want);
}

/* ---- donate-lower ---- */

static void donate_lower(void)
{
	lock_a = new_lock();
	lock_b = -1;
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	spawn(acquirer, 41, (long)"acquire");
	ev("main: priority %d", prio());
	EXPECT_EQ(hinge_set_prio(21), 0);
	struct hinge_self me = self_now();
	ev("main: base %d, priority %d", me.base_prio, me.prio);
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("main: priority %d after release", prio());
	EXPECT_EQ(hinge_set_prio(MAIN_PRIO), 0);
	join_all();
	close_locks();
	static const char *const want[] = {
		"main: priority 41",
		"main: base 21, priority 41",
		"acquire: got the lock at 41",
		"acquire: done at 41",
		"main: priority 21 after release",
		NULL,
	};
	expect_events("donate-lower", want);
}

/* ---- donate-sema ----
 * The semaphore is a notification object (value 0: no bit pending): down =
 * wait for bit 0 (taking it), up = signal it. A notification has no holder,
 * so waiting on it lends nobody anything; it wakes its waiter of highest
 * effective priority, so a boosted L is woken before M. */

static long sema;

static void sema_low(long arg)
{
	(void)arg;
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	ev("L: acquired the lock at %d", prio());
	EXPECT_EQ(hinge_notify_wait((int)sema, 1), 1);
	ev("L: downed the semaphore at %d", prio());
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("L: finished at %d", prio());
	finish();
}

static void sema_med(long arg)
{
	(void)arg;
	EXPECT_EQ(hinge_notify_wait((int)sema, 1), 1);
	ev("M: finished at %d", prio());
	finish();
}

static void sema_high(long arg)
{
	(void)arg;
	EXPECT_EQ(hinge_mutex_lock((int)lock_a), 0);
	ev("H: acquired the lock at %d", prio());
	EXPECT_EQ(hinge_notify_signal((int)sema, 1), 0);
	EXPECT_EQ(hinge_mutex_unlock((int)lock_a), 0);
	ev("H: finished at %d", prio());
	finish();
}

static void donate_sema(void)
{
	lock_a = new_lock();
	lock_b = -1;
	sema = hinge_notify_create();
	EXPECT(sema >= 0);
	spawn(sema_low, 32, 0);
	spawn(sema_med, 34, 0);
	spawn(sema_high, 36, 0);
	EXPECT_EQ(hinge_notify_signal((int)sema, 1), 0);
	ev("main: finished at %d", prio());
	join_all();
	close_locks();
	EXPECT_EQ(hinge_handle_close((int)sema), 0);
	static const char *const want[] = {
		"L: acquired the lock at 32",
		"L: downed the semaphore at 36",
		"H: acquired the lock at 36",
		"H: finished at 36",
		"M: finished at 34",
		"L: finished at 32",
		"main: finished at 31",
		NULL,
	};
	expect_events("donate-sema", want);
}

/* ---- SYS_SET_PRIO: who runs when ---- */

static void set_prio_runner(long arg)
{
	(void)arg;
	ev("runner at %d", prio());
	finish();
}

static long self_door;
static char door_stack[4096] __attribute__((aligned(16)));

static void set_prio_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
			   uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w1, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	/* Server code may not change its caller's priority. */
	hinge_door_return(WORDS((uint64_t)hinge_set_prio(20), 0, 0, 0, 0), 0);
}

static void set_prio_rules(void)
{
	EXPECT_EQ(hinge_set_prio(-1), HE_INVAL); /* PRIO_IDLE: the idle thread's */
	EXPECT_EQ(hinge_set_prio(MAX_PRIO + 1), HE_INVAL);
	EXPECT_EQ(self_now().base_prio, MAIN_PRIO);
	struct door_pool_desc p = door_pool(door_stack, sizeof door_stack, NULL, 0, 1);
	self_door = hinge_door_create(set_prio_entry, 0, 0, &p);
	EXPECT(self_door >= 0);
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)self_door, WORDS(0, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ((long)r[0], HE_PERM);
	EXPECT_EQ(self_now().base_prio, MAIN_PRIO);
	EXPECT_EQ(hinge_handle_close((int)self_door), 0);

	/* Raising is up to maxprio; lowering below a ready thread lets it run
	 * at once. */
	EXPECT_EQ(hinge_set_prio(MAX_PRIO), 0);
	ev("main at %d", prio());
	spawn(set_prio_runner, 25, 0);
	ev("main still at %d", prio());
	EXPECT_EQ(hinge_set_prio(20), 0);
	ev("main back at %d", prio());
	EXPECT_EQ(hinge_set_prio(MAIN_PRIO), 0);
	join_all();
	static const char *const want[] = {
		"main at 50",
		"main still at 50",
		"runner at 25",
		"main back at 20",
		NULL,
	};
	expect_events("set-prio", want);
}

static int cases(void)
{
	EXPECT_EQ(self_now().prio, MAIN_PRIO);
	donate_one();
	donate_multiple();
	donate_multiple2();
	donate_nest();
	donate_chain();
	donate_lower();
	donate_sema();
	set_prio_rules();
	struct hinge_counts c;
	EXPECT_EQ(hinge_kcounts(&c), 0);
	EXPECT_EQ(c.mutexes, 0);
	return failures;
}

ROLES({ 0, cases })
