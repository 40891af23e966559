/* Priority inversion and donation, per IPC model: who ran when, who got
 * boosted (the behaviour behind bench/bench_pi.c's numbers).
 *
 * arg = model + 10 * side (model: enum model in bench/pi.h; side 0 the
 * server, 1 the client, ROLE_LEAKCHECK + 10 the leak check).
 *
 * The server's door "A" has one activation; its operation OP_TRACE spins a
 * given number of chunks and records each new effective priority of the
 * thread running it (up to five), returned as the result words; OP_HOLD_AB
 * calls door "B" (one activation) with OP_TRACE, then traces in A again;
 * OP_CALL_A (in B) calls A. The client's main thread is H (20); it starts L
 * (3) and M (10) as threads of its own domain.
 *
 * Cases, each checked with inheritance (migrate) or without (migrate with
 * DOOR_F_NOPI):
 *   inversion      L holds A; M (CPU-bound) and H become ready, H calls A.
 *                  With: L runs at 20 until it returns, M makes no progress
 *                  while H waits. Without: L stays at 3 and M's whole burst
 *                  runs while H waits.
 *   donate-one     L holds A; M calls A, then H: L runs at 10, then 20;
 *                  H gets A before M; L is back at 3 after.
 *   donate-multiple L holds A and B (A's code called B); M waits on A, H on
 *                  B: L runs at 20 in B, at 10 in A after leaving B.
 *   donate-nest    L holds A; M holds B and waits on A; H waits on B: L runs
 *                  at 20 (H -> M -> L).
 * Without inheritance every trace stays at L's 3, and the grant order is
 * still by priority (H before M). */
#define TEST "pi_models"
#include "door_test.h"
#include "../../bench/pi.h"

#define PRIO_L 3
#define PRIO_M 10
#define PRIO_H 20
#define CHUNK 20000ULL  /* instructions between two looks at the priority */

enum { OP_TRACE = OP_FIRST_TEST_OP, OP_HOLD_AB, OP_CALL_A };

static int model;

static long model_door_flags(void)
{
	switch (model) {
	case MODEL_MIGRATE:
		return 0;
	default:
		return -1;
	}
}

static int inherits(void)
{
	return model == MODEL_MIGRATE;
}

/* ---- server ---- */

static long door_a, door_b;
static char stacks[2][8192] __attribute__((aligned(16)));

/* Spin `chunks` chunks; trace[] gets each new effective priority. */
static void trace_work(uint64_t chunks, uint64_t trace[5], int *n)
{
	for (uint64_t i = 0; i < chunks; i++) {
		int p = self_now().prio;
		if (*n == 0 || (trace[*n - 1] != (uint64_t)p && *n < 5))
			trace[(*n)++] = (uint64_t)p;
		spin(CHUNK / 2);
	}
}

static void pi_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		     uint64_t w5, char *buf, uint64_t info)
{
	uint64_t trace[5] = { 0 }, r[5] = { 0 };
	int n = 0;
	switch (op) {
	case OP_TRACE:
		trace_work(w2, trace, &n);
		break;
	case OP_HOLD_AB:
		/* Reported: the first three of the trace in B, then two in A. */
		EXPECT_EQ(hinge_door_call((int)door_b, WORDS(OP_TRACE, w2, 0, 0, 0), r, 0), 0);
		trace_work(w3, trace, &n);
		hinge_door_return(WORDS(r[0], r[1], r[2], trace[0], trace[1]), 0);
	case OP_CALL_A:
		EXPECT_EQ(hinge_door_call((int)door_a, WORDS(OP_TRACE, w2, 0, 0, 0), r, 0), 0);
		trace_work(1, trace, &n);
		break;
	default:
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	}
	hinge_door_return(trace, 0);
}

static int server(void)
{
	long flags = model_door_flags();
	EXPECT(flags >= 0);
	struct door_pool_desc pa = pool_of(stacks[0], sizeof stacks[0], NULL, 0, 1);
	struct door_pool_desc pb = pool_of(stacks[1], sizeof stacks[1], NULL, 0, 1);
	door_a = hinge_door_create(pi_entry, 0, (unsigned)flags, &pa);
	door_b = hinge_door_create(pi_entry, 0, (unsigned)flags, &pb);
	EXPECT(door_a >= 0 && door_b >= 0);
	EXPECT_EQ(hinge_name_publish((int)door_a, "pi.A"), 0);
	EXPECT_EQ(hinge_name_publish((int)door_b, "pi.B"), 0);
	int hs[2] = { (int)door_a, (int)door_b };
	return serve_until_quit(hs, 2);
}

/* ---- client ---- */

static long a, b;
static volatile uint64_t m_progress;     /* chunks M has spun */
static volatile int order[4], norder;    /* who got its call through, in order */
enum { WHO_L = 1, WHO_M, WHO_H };
static volatile int l_done, m_done;
static uint64_t l_res[5], m_res[5];
static char l_stack[8192], m_stack[8192] __attribute__((aligned(16)));
static uint64_t m_op, m_arg, m_chunks;

static void done(int who)
{
	order[norder++] = who;
}

static uint64_t l_op, l_w2, l_w3;

static void low(long arg)
{
	(void)arg;
	EXPECT_EQ(hinge_door_call((int)a, WORDS(l_op, l_w2, l_w3, 0, 0), l_res, 0), 0);
	done(WHO_L);
	EXPECT_EQ(self_now().prio, PRIO_L);  /* every boost is undone */
	l_done = 1;
	hinge_thread_exit();
}

/* M: a CPU-bound burst of m_chunks chunks, or one door call. */
static void medium(long arg)
{
	(void)arg;
	if (m_op) {
		EXPECT_EQ(hinge_door_call((int)(m_op == OP_CALL_A ? b : a), WORDS(m_op, m_arg, 0, 0, 0),
					  m_res, 0), 0);
		done(WHO_M);
	}
	for (uint64_t i = 0; i < m_chunks; i++) {
		spin(CHUNK / 2);
		m_progress++;
	}
	m_done = 1;
	hinge_thread_exit();
}

static void start_l(uint64_t op, uint64_t w2, uint64_t w3)
{
	l_op = op, l_w2 = w2, l_w3 = w3;
	l_done = m_done = 0;
	norder = 0;
	EXPECT(hinge_thread_create(low, l_stack + sizeof l_stack, PRIO_L, 0) >= 0);
	while (info_of((int)a).inflight == 0)  /* L is inside A */
		hinge_sleep(1);
}

static void start_m(uint64_t op, uint64_t arg, uint64_t chunks)
{
	m_op = op, m_arg = arg, m_chunks = chunks;
	m_progress = 0;
	EXPECT(hinge_thread_create(medium, m_stack + sizeof m_stack, PRIO_M, 0) >= 0);
}

static void finish(void)
{
	while (!l_done || !m_done)
		hinge_sleep(1);
}

/* H calls door h; returns how many chunks M spun while H waited. (The
 * completion order records who returned from its call first; L, lowest,
 * records last whenever it competes.) */
static uint64_t h_call(long h)
{
	uint64_t r[5];
	uint64_t before = m_progress;
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_TRACE, 1, 0, 0, 0), r, 0), 0);
	done(WHO_H);
	EXPECT_EQ(r[0], PRIO_H);  /* H's own call runs at H's priority */
	return m_progress - before;
}

static void case_inversion(void)
{
	start_l(OP_TRACE, 150, 0);  /* 3 ticks of work */
	start_m(0, 0, 100);         /* 2 ticks, ready once H blocks */
	uint64_t m_ran = h_call(a);
	finish();
	if (inherits()) {
		EXPECT_EQ(m_ran, 0);     /* M made no progress while H waited */
		EXPECT_EQ(l_res[0], PRIO_L);
		EXPECT_EQ(l_res[1], PRIO_H); /* L ran at H's priority inside A */
		EXPECT_EQ(l_res[2], 0);
	} else {
		EXPECT_EQ(m_ran, 100);   /* M's whole burst ran while H waited */
		EXPECT_EQ(l_res[0], PRIO_L);
		EXPECT_EQ(l_res[1], 0);  /* L never ran above its own priority */
	}
	EXPECT_EQ(order[0], WHO_H);
	EXPECT_EQ(order[1], WHO_L);
	printf("%s: inversion: M ran %lu of 100 chunks while H waited; L's priorities in A: %lu %lu\n", TEST,
	       (unsigned long)m_ran, (unsigned long)l_res[0], (unsigned long)l_res[1]);
}

/* M waits on A (one tick before H does), then H. */
static void case_donate_one(void)
{
	start_l(OP_TRACE, 150, 0);
	start_m(OP_TRACE, 1, 0);
	hinge_sleep(1);  /* M calls A and waits */
	h_call(a);
	finish();
	EXPECT_EQ(order[0], WHO_H);  /* waiters are served by priority */
	EXPECT_EQ(order[1], WHO_M);
	EXPECT_EQ(order[2], WHO_L);
	EXPECT_EQ(l_res[0], PRIO_L);
	EXPECT_EQ(l_res[1], inherits() ? PRIO_M : 0);
	EXPECT_EQ(l_res[2], inherits() ? PRIO_H : 0);
	printf("%s: donate-one: L's priorities in A: %lu %lu %lu; order %d %d %d\n", TEST,
	       (unsigned long)l_res[0], (unsigned long)l_res[1], (unsigned long)l_res[2], order[0], order[1],
	       order[2]);
}

/* L holds A and B (A called B); M waits on A, H on B. */
static void case_donate_multiple(void)
{
	start_l(OP_HOLD_AB, 150, 20);
	start_m(OP_TRACE, 1, 0);
	hinge_sleep(1);
	h_call(b);
	finish();
	EXPECT_EQ(order[0], WHO_H);  /* H got B as soon as L left it */
	EXPECT_EQ(order[1], WHO_M);
	EXPECT_EQ(order[2], WHO_L);
	/* In B: 3, then boosted by M's wait on A (L holds A too) and H's on B. */
	EXPECT_EQ(l_res[0], PRIO_L);
	EXPECT_EQ(l_res[1], inherits() ? PRIO_M : 0);
	EXPECT_EQ(l_res[2], inherits() ? PRIO_H : 0);
	/* Back in A: only M waits for what L holds now. */
	EXPECT_EQ(l_res[3], inherits() ? PRIO_M : PRIO_L);
	EXPECT_EQ(l_res[4], 0);
	printf("%s: donate-multiple: L in B %lu %lu %lu, then in A %lu\n", TEST, (unsigned long)l_res[0],
	       (unsigned long)l_res[1], (unsigned long)l_res[2], (unsigned long)l_res[3]);
}

/* L holds A; M holds B and waits on A; H waits on B. */
static void case_donate_nest(void)
{
	start_l(OP_TRACE, 150, 0);
	start_m(OP_CALL_A, 1, 0);
	hinge_sleep(1);
	h_call(b);
	finish();
	EXPECT_EQ(order[0], WHO_H);
	EXPECT_EQ(order[1], WHO_M);
	EXPECT_EQ(order[2], WHO_L);
	EXPECT_EQ(l_res[0], PRIO_L);
	EXPECT_EQ(l_res[1], inherits() ? PRIO_M : 0);
	EXPECT_EQ(l_res[2], inherits() ? PRIO_H : 0);  /* H -> M -> L */
	/* M, back in B from A, still holds B while H waits for it. */
	EXPECT_EQ(m_res[0], inherits() ? PRIO_H : PRIO_M);
	printf("%s: donate-nest: L's priorities in A: %lu %lu %lu\n", TEST, (unsigned long)l_res[0],
	       (unsigned long)l_res[1], (unsigned long)l_res[2]);
}

static int client(void)
{
	a = hinge_name_wait("pi.A");
	b = hinge_name_wait("pi.B");
	EXPECT(a >= 0 && b >= 0);
	case_inversion();
	case_donate_one();
	case_donate_multiple();
	case_donate_nest();
	EXPECT_EQ(hinge_door_call((int)a, WORDS(OP_QUIT, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)a), 0);
	EXPECT_EQ(hinge_handle_close((int)b), 0);
	return failures;
}

int main(long arg)
{
	model = (int)(arg % 10);
	switch (arg / 10) {
	case 0:
		return server();
	case 1:
		return client();
	}
	return leakcheck();
}
