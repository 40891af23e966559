/* Inheritance through a door call and a mutex, with and without it.
 *
 * Server S (5) has a PI mutex m and doors: "hold"/"hold2" (entry: lock m,
 * sleep a tick at a time, unlock) and "use" / "use-nopi" (one activation
 * each; entry: lock m, note the priority, unlock). Every caller's thread
 * migrates into S.
 *   1. L (3) holds m through "hold". Mid (8) calls "use": its thread takes
 *      the activation and waits for m, lending 8 to L. H (20) calls "use"
 *      and waits for the activation Mid's thread holds: 20 goes to Mid's
 *      thread (pool edge) and on to L (mutex edge). A spinner (10) in H's
 *      domain cannot starve L: L sees 20, unlocks, Mid's thread runs at 20,
 *      returns, H gets in, all within a few ticks.
 *   2. The same through "use-nopi" (DOOR_F_NOPI): H's wait lends nothing,
 *      L runs at Mid's 8 below the spinner's 10 and is starved for as long
 *      as the spinner spins (300 ticks): H's wait is unbounded in principle
 *      and bounded here only by the spinner.
 *
 * Roles (arg): 0 server, 1 L, 2 Mid, 3 H, 9 leak check. */
#include "door_test.h"

#define LOW 3
#define MID 8
#define SPIN 10
#define HIGH 20
#define SPIN_TICKS 300
enum { OP_HOLD = OP_FIRST_TEST_OP, OP_USE };

/* ---- server ---- */

static long mx;
static long hold_door, hold2_door, use_door, nopi_door;
static char stacks[4][8192] __attribute__((aligned(16)));

/* OP_HOLD: lock m; sleep a tick at a time until the thread runs at HIGH or
 * w2 ticks passed; unlock. Returns {lock status, prio at entry, highest
 * prio seen, ticks}. OP_USE: lock m, returns {lock status, prio once
 * locked, base}. */
static void entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		  char *buf, uint64_t info)
{
	if (op != OP_HOLD && op != OP_USE)
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	long st = hinge_mutex_lock((int)mx);
	struct hinge_self first = self_now();
	int top = first.prio;
	uint64_t ticks = 0;
	if (op == OP_HOLD) {
		for (; ticks < w2; ticks++) {
			struct hinge_self me = self_now();
			if (me.prio > top)
				top = me.prio;
			if (me.prio == HIGH)
				break;
			hinge_sleep(1);
		}
	}
	long un = hinge_mutex_unlock((int)mx);
	hinge_door_return(WORDS((uint64_t)(st | un), (uint64_t)first.prio, (uint64_t)top, ticks,
				(uint64_t)first.base_prio),
			  0);
}

static long door_of(int i, unsigned flags, const char *name)
{
	struct door_pool_desc p = door_pool(stacks[i], sizeof stacks[i], NULL, 0, 1);
	long h = hinge_door_create(entry, 0, flags, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	return h;
}

static int server(void)
{
	mx = hinge_mutex_create(MUTEX_F_PI);
	EXPECT(mx >= 0);
	hold_door = door_of(0, 0, "hold");
	hold2_door = door_of(1, 0, "hold2");
	use_door = door_of(2, 0, "use");
	nopi_door = door_of(3, DOOR_F_NOPI, "use-nopi");
	int hs[4] = { (int)hold_door, (int)hold2_door, (int)use_door, (int)nopi_door };
	return serve_until_quit(hs, 4);
}

/* ---- clients ---- */

static void wait_inflight(long h)
{
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
}

static int low(void)
{
	long hold = hinge_name_wait("hold"), hold2 = hinge_name_wait("hold2");
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)hold, WORDS(OP_HOLD, 1500, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], LOW);    /* nobody waited yet */
	EXPECT_EQ(r[2], HIGH);   /* H's priority reached L through Mid */
	printf("%s: with inheritance L held m %lu ticks and ran at %lu\n", TEST, (unsigned long)r[3],
	       (unsigned long)r[2]);
	EXPECT_EQ(self_now().prio, LOW);

	EXPECT_EQ(hinge_door_call((int)hold2, WORDS(OP_HOLD, 40, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[2], MID);    /* only Mid's wait for m lends to L */
	printf("%s: without inheritance through the door L ran at %lu\n", TEST, (unsigned long)r[2]);
	EXPECT_EQ(self_now().prio, LOW);
	return failures;
}

static int mid(void)
{
	long hold = hinge_name_wait("hold"), hold2 = hinge_name_wait("hold2");
	long use = hinge_name_wait("use"), nopi = hinge_name_wait("use-nopi");
	uint64_t r[DOOR_NWORDS] = { 0 };
	wait_inflight(hold);
	/* L has the activation; a tick may have come between that and its
	 * mutex_lock: one more tick lets L take m first, as the test needs. */
	hinge_sleep(1);
	EXPECT_EQ(hinge_door_call((int)use, WORDS(OP_USE, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], HIGH);   /* got m while H waited for its activation */
	EXPECT_EQ(r[4], MID);
	EXPECT_EQ(self_now().prio, MID);

	wait_inflight(hold2);
	hinge_sleep(1); /* as above */
	EXPECT_EQ(hinge_door_call((int)nopi, WORDS(OP_USE, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], MID);    /* H's wait lends nothing through a NOPI door */
	return failures;
}

static volatile int h_done, spin_gave_up;
static char spin_stack[8192] __attribute__((aligned(16)));

/* Spins until H is done, for at most arg ticks. */
static void spinner(long arg)
{
	uint64_t end = hinge_clock(NULL) + (uint64_t)arg;
	while (!h_done)
		if (hinge_clock(NULL) > end) {
			spin_gave_up = 1;
			break;
		}
	hinge_thread_exit();
}

/* H's call through door h once Mid's thread holds its activation and waits
 * for m; returns the ticks H waited, with the spinner running. */
static uint64_t contend(long h, uint64_t spin_ticks, uint64_t r[DOOR_NWORDS])
{
	wait_inflight(h);
	hinge_sleep(5);
	h_done = 0;
	spin_gave_up = 0;
	EXPECT(hinge_thread_create(spinner, spin_stack + sizeof spin_stack, SPIN, (long)spin_ticks) >= 0);
	uint64_t t0 = hinge_clock(NULL);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_USE, 0, 0, 0, 0), r, 0), 0);
	uint64_t waited = hinge_clock(NULL) - t0;
	h_done = 1;
	hinge_sleep(2); /* the spinner sees it and ends */
	return waited;
}

static int high(void)
{
	long use = hinge_name_wait("use"), nopi = hinge_name_wait("use-nopi");
	uint64_t r[DOOR_NWORDS] = { 0 };
	uint64_t waited = contend(use, 1000, r);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], HIGH);
	EXPECT(!spin_gave_up);
	EXPECT(waited < 50);
	printf("%s: with inheritance H waited %lu ticks\n", TEST, (unsigned long)waited);

	waited = contend(nopi, SPIN_TICKS, r);
	EXPECT_EQ(r[0], 0);
	EXPECT(spin_gave_up);
	EXPECT(waited >= SPIN_TICKS - 10);
	printf("%s: without inheritance H waited %lu ticks (the spinner spun %d)\n", TEST,
	       (unsigned long)waited, SPIN_TICKS);
	return client_done(use);
}

ROLES({ 0, server }, { 1, low }, { 2, mid }, { 3, high })
