/* A three-deep chain A -> B -> C: the calling thread itself migrates. In
 * every domain of the chain SYS_SELF must report the originating thread's id,
 * effective and base priority, and the domain the code belongs to (a
 * different one at each hop). Two threads of A with different priorities run
 * the chain at the same time (C sleeps, so they overlap in B and C), each must
 * see only itself.
 *
 * Roles (arg): 0 A (client), 1 B, 2 C, 9 leak check. */
#include "door_test.h"

enum { OP_CHAIN = OP_FIRST_TEST_OP };
enum {
	BAD_THREAD = 1, BAD_PRIO = 2, BAD_BASE = 4, BAD_DOMAIN = 8, SAME_AS_CALLER = 16, CALL_FAILED = 32
};

static int home;        /* this domain's id */
static long next = -1;  /* B: handle of C's door */
static int inside, most_inside; /* C: calls in C now, and the most at once */

/* OP_CHAIN (thread, prio, base, caller's domain): checks what SYS_SELF says,
 * calls the next door if there is one, returns {bad bits (this hop's in the
 * low byte, the next hop's above), this domain, the next hop's domain, the
 * most calls C has seen at once}. */
static void chain_entry(uint64_t cookie, uint64_t op, uint64_t thread, uint64_t prio, uint64_t base,
			uint64_t from, char *buf, uint64_t info)
{
	if (op == OP_QUIT && next >= 0)
		hinge_door_call((int)next, WORDS(OP_QUIT, 0, 0, 0, 0), NULL, 0);
	if (op != OP_CHAIN)
		std_entry(cookie, op, thread, prio, base, from, buf, info);
	struct hinge_self me = self_now();
	uint64_t bad = 0;
	if ((uint64_t)me.thread != thread)
		bad |= BAD_THREAD;
	if ((uint64_t)me.prio != prio)
		bad |= BAD_PRIO;
	if ((uint64_t)me.base_prio != base)
		bad |= BAD_BASE;
	if (me.domain != home)
		bad |= BAD_DOMAIN;
	if ((uint64_t)me.domain == from)
		bad |= SAME_AS_CALLER;
	uint64_t r[DOOR_NWORDS] = { 0 };
	if (next >= 0) {
		if (hinge_door_call((int)next, WORDS(OP_CHAIN, thread, prio, base, (uint64_t)home), r, 0) != 0)
			bad |= CALL_FAILED;
	} else {
		int now = __atomic_add_fetch(&inside, 1, __ATOMIC_RELAXED);
		if (now > most_inside)
			most_inside = now;
		hinge_sleep(2); /* let the other thread of A into the chain too */
		__atomic_sub_fetch(&inside, 1, __ATOMIC_RELAXED);
		r[1] = (uint64_t)-1;
		r[3] = (uint64_t)most_inside;
	}
	/* Asked again after the inner call: still this thread, here. */
	struct hinge_self again = self_now();
	if (again.thread != me.thread || again.domain != home || again.prio != me.prio)
		bad |= BAD_THREAD;
	hinge_door_return(WORDS(bad | (r[0] << 8), (uint64_t)home, r[1], r[3], 0), 0);
}

static char stacks[4][4096] __attribute__((aligned(16)));

/* B and C: serve a door (no buffer: words only), B also calls C's. */
static int server(const char *name, const char *next_name)
{
	home = self_now().domain;
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], NULL, 0, 4);
	long h = hinge_door_create(chain_entry, 0, 0, &p);
	EXPECT(h >= 0);
	if (next_name) { /* published only once the chain behind it is complete */
		next = hinge_name_wait(next_name);
		EXPECT(next >= 0);
	}
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	int hs[1] = { (int)h };
	return serve_until_quit(hs, 1);
}

/* ---- A ---- */

static long door_b;
static char thread_stack[8192] __attribute__((aligned(16)));
static volatile int thread_done;
static int overlap;  /* most threads of A seen in C at once */

static void run_chain(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		struct hinge_self me = self_now();
		uint64_t r[DOOR_NWORDS] = { 0 };
		EXPECT_EQ(hinge_door_call((int)door_b,
					  WORDS(OP_CHAIN, (uint64_t)me.thread, (uint64_t)me.prio,
						(uint64_t)me.base_prio, (uint64_t)me.domain),
					  r, 0),
			  0);
		if (r[0] != 0)
			printf("%s: thread %d (prio %d): bad bits B=%#lx C=%#lx\n", TEST, me.thread,
			       me.prio, (unsigned long)(r[0] & 0xff), (unsigned long)(r[0] >> 8));
		EXPECT_EQ(r[0], 0);
		int b = (int)r[1], c = (int)r[2];
		EXPECT(b != me.domain && c != me.domain && b != c);
		if ((int)r[3] > overlap)
			overlap = (int)r[3];
		struct hinge_self after = self_now();
		EXPECT_EQ(after.thread, me.thread);
		EXPECT_EQ(after.domain, me.domain);
		EXPECT_EQ(after.prio, me.prio);
	}
}

static void second_thread(long arg)
{
	run_chain((int)arg);
	thread_done = 1;
	hinge_thread_exit();
}

static int client(void)
{
	door_b = hinge_name_wait("chainB");
	EXPECT(door_b >= 0);
	EXPECT(hinge_thread_create(second_thread, thread_stack + sizeof thread_stack, 3, 5) >= 0);
	run_chain(5);
	while (!thread_done)
		hinge_sleep(1);
	EXPECT_EQ(overlap, 2);
	return client_done(door_b);
}

static int server_b(void)
{
	return server("chainB", "chainC");
}

static int server_c(void)
{
	return server("chainC", NULL);
}

ROLES({ 0, client }, { 1, server_b }, { 2, server_c })
