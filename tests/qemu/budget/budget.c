/* Budgets (doors/SEMANTICS.md §18) in the running system.
 *
 * throttle: a domain with the cap budget=2 period=5. Its threads start at the
 * cap; SYS_SC_SET refuses more than the cap (a burst, a larger share, an
 * unlimited budget) and takes less. Its main thread (priority 10) spins for
 * 12 ticks of its own budget: it needs at least five replenishments to get
 * them, and a priority-5 thread of the domain, which could not run while the
 * main thread is runnable, runs in the gaps its throttling leaves.
 *
 * hops: A (priority 10, budget=2 period=5) calls B (unlimited, priority 3).
 * B's code runs on A's context: SYS_SC_INFO reports A's budget and the
 * ticks consumed go on growing there, SYS_SC_SET is refused to it, and
 * while it spins B's own priority-5 thread runs in the gaps A's budget
 * leaves: the time in B is charged to A.
 *
 * Roles (arg): 0 throttle, 1 A, 2 B, 9 leak check. */
#include "door_test.h"

enum { OP_SPIN = OP_FIRST_TEST_OP };
enum { SPIN_TICKS = 12 };

static volatile int lo_done, lo_exited;
static volatile uint64_t lo_spins, lo_budget;
static char lo_stack[8192] __attribute__((aligned(16)));

/* A priority-5 thread: counts until lo_done. */
static void low(long arg)
{
	(void)arg;
	struct hinge_sc sc;
	hinge_sc_info(&sc);
	lo_budget = sc.budget;
	while (!lo_done)
		lo_spins++;
	lo_exited = 1;
	hinge_thread_exit();
}

/* Spin until SPIN_TICKS more ticks are charged to the context the thread runs
 * on; returns how many times the low thread counted meanwhile. */
static uint64_t spin_ticks(void)
{
	struct hinge_sc sc;
	hinge_sc_info(&sc);
	uint64_t until = sc.consumed + SPIN_TICKS, s0 = lo_spins;
	do
		hinge_sc_info(&sc);
	while (sc.consumed < until);
	return lo_spins - s0;
}

static int throttle(void)
{
	struct hinge_sc sc;
	hinge_sc_info(&sc);
	EXPECT_EQ(sc.budget, 2);
	EXPECT_EQ(sc.period, 5);
	EXPECT_EQ(hinge_sc_set(0, 0), HE_PERM);
	EXPECT_EQ(hinge_sc_set(3, 5), HE_PERM);
	EXPECT_EQ(hinge_sc_set(2, 4), HE_PERM);
	EXPECT_EQ(hinge_sc_set(5, 4), HE_INVAL);
	EXPECT_EQ(hinge_sc_set(1, 3), 0);
	hinge_sc_info(&sc);
	EXPECT_EQ(sc.budget, 1);
	EXPECT_EQ(sc.period, 3);
	EXPECT_EQ(hinge_sc_set(2, 5), 0);
	EXPECT(hinge_thread_create(low, lo_stack + sizeof lo_stack, 5, 0) >= 0);
	uint64_t ran = spin_ticks();
	printf("%s: the priority-5 thread counted %lu times while the priority-10 one spun\n", TEST,
	       (unsigned long)ran);
	EXPECT(ran > 0);
	EXPECT_EQ(lo_budget, 2);
	lo_done = 1;
	while (!lo_exited)
		hinge_sleep(1);
	printf("%s: throttle %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* B's door: the checks of the header, as bad bits in r1. */
static void spin_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_SPIN)
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	uint64_t bad = 0;
	struct hinge_sc sc;
	hinge_sc_info(&sc);
	if (sc.budget != 2 || sc.period != 5)
		bad |= 1; /* not the caller's context */
	if (hinge_sc_set(1, 5) != HE_PERM)
		bad |= 2;
	if (spin_ticks() == 0)
		bad |= 4; /* never throttled: not charged to A */
	lo_done = 1;
	hinge_door_return(WORDS(bad, 0, 0, 0, 0), 0);
}

static char stacks[1][8192] __attribute__((aligned(16)));

static int server_b(void)
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], NULL, 0, 1);
	long h = hinge_door_create(spin_entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "spin"), 0);
	struct hinge_sc sc;
	hinge_sc_info(&sc);
	EXPECT_EQ(sc.budget, 0); /* no cap: unlimited */
	EXPECT(hinge_thread_create(low, lo_stack + sizeof lo_stack, 5, 0) >= 0);
	int hs[1] = { (int)h };
	return serve_until_quit(hs, 1);
}

static int client_a(void)
{
	long h = hinge_name_wait("spin");
	EXPECT(h >= 0);
	uint64_t r[DOOR_NWORDS] = { 0 };
	struct hinge_sc before, after;
	hinge_sc_info(&before);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SPIN, 0, 0, 0, 0), r, 0), 0);
	hinge_sc_info(&after);
	EXPECT_EQ(r[0], 0);
	EXPECT(after.consumed >= before.consumed + SPIN_TICKS);
	return client_done(h);
}

ROLES({ 0, throttle }, { 1, client_a }, { 2, server_b })
