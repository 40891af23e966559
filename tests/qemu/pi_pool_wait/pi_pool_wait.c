/* Priority inheritance. A low-priority client L (3) holds the only
 * activation of a door: its call sleeps in the server, a tick at a time. A
 * high-priority client H (20) calls and has to wait. Meanwhile a medium
 * thread M (10) spins: without inheritance L would never run again and H
 * would wait for as long as M spins. With it, L runs at 20 while H waits
 * (SYS_SELF in the server shows prio 20, base 3), returns, H gets the
 * activation, and L is back at 3.
 *
 * Roles (arg): 0 server, 1 L, 2 H (and M), 9 leak check. */
#include "door_test.h"

#define LOW 3
#define MEDIUM 10
#define HIGH 20
enum { OP_HOLD = OP_FIRST_TEST_OP };

/* ---- server ---- */

static long door;
static char stack[8192] __attribute__((aligned(16)));

/* OP_HOLD: sleep a tick at a time until a waiter is seen and the thread runs
 * at its priority (or 1500 ticks passed). Returns {prio at entry, base at
 * entry, highest prio seen while holding, waiters seen then, ticks held}. */
static void hold_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_HOLD)
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	struct hinge_self first = self_now();
	int top = first.prio;
	uint32_t waiters = 0;
	uint64_t ticks = 0;
	for (; ticks < 1500; ticks++) {
		struct hinge_self me = self_now();
		struct door_info di = { 0 };
		hinge_door_info((int)door, &di);
		if (me.prio > top)
			top = me.prio;
		if (di.waiters > 0 && me.prio == HIGH) {
			waiters = di.waiters;
			break;
		}
		hinge_sleep(1);
	}
	hinge_door_return(WORDS((uint64_t)first.prio, (uint64_t)first.base_prio, (uint64_t)top, waiters,
				ticks),
			  0);
}

static int server(void)
{
	struct door_pool_desc p = door_pool(stack, sizeof stack, NULL, 0, 1);
	door = hinge_door_create(hold_entry, 0, 0, &p);
	EXPECT(door >= 0);
	EXPECT_EQ(hinge_name_publish((int)door, "pi"), 0);
	int hs[1] = { (int)door };
	return serve_until_quit(hs, 1);
}

/* ---- L ---- */

static int low(void)
{
	long h = hinge_name_wait("pi");
	EXPECT(h >= 0);
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_HOLD, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], LOW);   /* nobody waited yet: own priority */
	EXPECT_EQ(r[1], LOW);
	EXPECT_EQ(r[2], HIGH);  /* boosted while H waited */
	EXPECT_EQ(r[3], 1);
	struct hinge_self me = self_now();
	EXPECT_EQ(me.prio, LOW); /* and back */
	EXPECT_EQ(me.base_prio, LOW);
	printf("%s: L held the activation %lu ticks, ran at %lu while H waited, %d after\n", TEST,
	       (unsigned long)r[4], (unsigned long)r[2], me.prio);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return failures;
}

/* ---- H and M ---- */

static volatile int h_done, m_gave_up;
static char m_stack[8192] __attribute__((aligned(16)));

/* M: spins (never blocks) until H is done, for at most 1000 ticks. */
static void medium(long arg)
{
	(void)arg;
	uint64_t end = hinge_clock(NULL) + 1000;
	while (!h_done)
		if (hinge_clock(NULL) > end) {
			m_gave_up = 1;
			break;
		}
	hinge_thread_exit();
}

static int high(void)
{
	long h = hinge_name_wait("pi");
	EXPECT(h >= 0);
	while (info_of((int)h).inflight == 0) /* L holds the activation */
		hinge_sleep(1);
	hinge_sleep(5); /* and has had time to look at its priority before anyone waits */
	EXPECT(hinge_thread_create(medium, m_stack + sizeof m_stack, MEDIUM, 0) >= 0);
	uint64_t t0 = hinge_clock(NULL);
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), r, 0), 0);
	uint64_t waited = hinge_clock(NULL) - t0;
	h_done = 1;
	EXPECT_EQ(r[1], HIGH);
	EXPECT_EQ(r[2], HIGH);
	EXPECT(!m_gave_up);
	EXPECT(waited < 100);
	printf("%s: H waited %lu ticks for the activation\n", TEST, (unsigned long)waited);
	EXPECT_EQ(self_now().prio, HIGH);
	return client_done(h);
}

ROLES({ 0, server }, { 1, low }, { 2, high })
