/* Priority inheritance whatever hart the parties run on (docs/smp.md).
 *
 * Server S (5) has a PI mutex and a plain one (MUTEX_F_PI or not), and doors
 * "hold" (entry: lock mutex w2, compute WORK loop iterations, about 40 ticks
 * of CPU, unlock) and "use" (entry: lock mutex w2, unlock). Every caller's
 * thread migrates into S, on the caller's own hart.
 *   1. L (3) holds m through "hold"; a spinner domain M (10), on L's hart,
 *      spins SPIN_TICKS once L is in: L gets no CPU. H (20) calls "use" and
 *      waits for m, lending 20 to L, which then runs above M, on whichever
 *      hart it is (with H on another one, that hart is interrupted to switch
 *      to L): H waits about L's remaining work, not the spin.
 *   2. The same with the plain mutex: H lends nothing, L stays below M and
 *      H waits for the spin to end.
 * Manifests: every party on one hart (tests/qemu/pi_harts/one_hart), and H
 * on another hart than L and M (tests/smp/pi_harts-two_harts).
 *
 * Roles (arg): 0 server, 1 L, 2 M, 3 H, 9 leak check. */
#include "door_test.h"

#define LOW 3
#define SPIN 10
#define HIGH 20
#define SPIN_TICKS 300
#define WORK 5000000L
enum { OP_HOLD = OP_FIRST_TEST_OP, OP_USE };

/* ---- server ---- */

static long mx[2]; /* the PI mutex, the plain one */
static char stacks[2][8192] __attribute__((aligned(16)));

/* OP_HOLD: lock mutex w2, compute WORK iterations, unlock; returns {status,
 * the highest priority seen}. OP_USE: lock mutex w2, unlock; {status}. */
static void entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		  char *buf, uint64_t info)
{
	if (op != OP_HOLD && op != OP_USE)
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	int m = (int)mx[w2 & 1];
	long st = hinge_mutex_lock(m);
	int top = self_now().prio;
	if (op == OP_HOLD) {
		for (volatile long i = 0; i < WORK; i++) {
			if (i % 100000 == 0 && self_now().prio > top)
				top = self_now().prio;
		}
	}
	long un = hinge_mutex_unlock(m);
	hinge_door_return(WORDS((uint64_t)(st | un), (uint64_t)top, 0, 0, 0), 0);
}

static long door_of(int i, const char *name)
{
	struct door_pool_desc p = door_pool(stacks[i], sizeof stacks[i], NULL, 0, 2);
	long h = hinge_door_create(entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	return h;
}

static int server(void)
{
	mx[0] = hinge_mutex_create(MUTEX_F_PI);
	mx[1] = hinge_mutex_create(0);
	EXPECT(mx[0] >= 0 && mx[1] >= 0);
	int hs[2] = { (int)door_of(0, "hold"), (int)door_of(1, "use") };
	return serve_until_quit(hs, 2);
}

/* ---- clients ---- */

/* Until n calls run in the door named name. */
static long wait_calls(const char *name, uint32_t n)
{
	long h = hinge_name_wait(name);
	while (info_of((int)h).inflight < n)
		hinge_sleep(1);
	return h;
}

static int low(void)
{
	long hold = hinge_name_wait("hold");
	uint64_t r[DOOR_NWORDS] = { 0 };
	for (int round = 0; round < 2; round++) {
		EXPECT_EQ(hinge_door_call((int)hold, WORDS(OP_HOLD, (uint64_t)round, 0, 0, 0), r, 0), 0);
		EXPECT_EQ(r[0], 0);
		EXPECT_EQ(r[1], round == 0 ? HIGH : LOW); /* H's wait lends 20 through the PI mutex only */
		hinge_sleep(SPIN_TICKS); /* the spinner's round ends before the next */
	}
	return failures;
}

static int spinner(void)
{
	for (int round = 0; round < 2; round++) {
		wait_calls("hold", 1);
		uint64_t end = hinge_clock(NULL) + SPIN_TICKS;
		while (hinge_clock(NULL) < end)
			;
		hinge_sleep(SPIN_TICKS / 2);
	}
	return 0;
}

/* H's "use" of mutex m once L holds it and the spinner spins; the ticks it
 * waited. */
static uint64_t contend(uint64_t m)
{
	long h = hinge_name_wait("use");
	uint64_t r[DOOR_NWORDS] = { 0 };
	wait_calls("hold", 1);
	hinge_sleep(5);
	uint64_t t0 = hinge_clock(NULL);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_USE, m, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 0);
	return hinge_clock(NULL) - t0;
}

static int high(void)
{
	uint64_t waited = contend(0);
	EXPECT(waited < SPIN_TICKS / 3);
	printf("%s: with inheritance H waited %lu ticks (L's remaining work)\n", TEST, (unsigned long)waited);
	hinge_sleep(SPIN_TICKS);
	waited = contend(1);
	EXPECT(waited >= SPIN_TICKS / 2);
	printf("%s: without inheritance H waited %lu ticks (the spin: %d)\n", TEST, (unsigned long)waited,
	       SPIN_TICKS);
	return client_done(hinge_name_wait("use"));
}

ROLES({ 0, server }, { 1, low }, { 2, spinner }, { 3, high })
