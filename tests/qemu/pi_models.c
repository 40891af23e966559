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
 * still by priority (H before M).
 *
 * Async model (inversion only: there is no holder to donate to): the
 * resource is the server's thread (priority 5), serving L's and H's rings
 * (bench/async.h) one request at a time, H's first. It runs every request at
 * its own 5, so M's whole burst runs while H waits, as without inheritance. */
#define TEST "pi_models"
#include "door_test.h"
#include "../../bench/pi.h"
#include "../../bench/async.h"

#define PRIO_L 3
#define PRIO_M 10
#define PRIO_H 20
#define PRIO_SERVER 5  /* the async server's thread (the manifest's server priority) */
#define CHUNK 20000ULL  /* instructions between two looks at the priority */

enum { OP_TRACE = OP_FIRST_TEST_OP, OP_HOLD_AB, OP_CALL_A };

static int model;

static long model_door_flags(void)
{
	switch (model) {
	case MODEL_MIGRATE:
	case MODEL_ASYNC:  /* its set-up door */
		return 0;
	default:
		return -1;
	}
}

static int inherits(void)
{
	return model == MODEL_MIGRATE;
}

/* Priority of the thread that starts serving L's request, and H's. */
static int holder_prio(void)
{
	return model == MODEL_ASYNC ? PRIO_SERVER : PRIO_L;
}
static int h_served_at(void)
{
	return model == MODEL_ASYNC ? PRIO_SERVER : PRIO_H;
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

/* Async: channel 0 is L's, 1 is H's; a request is {ITEM_*, op, chunks},
 * its reply the trace. */
#define CHAN_L 0
#define CHAN_H 1
static struct async as;
static volatile unsigned as_ready;
static char setup_buf[64] __attribute__((aligned(8)));

static void setup_entry(uint64_t cookie, uint64_t chan, uint64_t slot, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w3, (void)w4, (void)w5;
	long st = async_accept(&as, chan, slot, buf, info);
	EXPECT_EQ(st, 0);
	as_ready |= 1u << chan;
	hinge_door_return(WORDS((uint64_t)st, 0, 0, 0, 0), 0);
}

static int async_server(void)
{
	struct door_pool_desc p = pool_of(stacks[0], sizeof stacks[0], setup_buf, sizeof setup_buf, 1);
	long setup = hinge_door_create(setup_entry, 0, 0, &p);
	EXPECT(setup >= 0);
	EXPECT_EQ(hinge_name_publish((int)setup, "pi.setup"), 0);
	while (as_ready != 3)
		hinge_sleep(1);
	for (;;) {
		int served = 0;
		for (int i = 0; i < 2; i++) {
			struct async_chan *ch = &as.chan[i == 0 ? CHAN_H : CHAN_L];
			uint64_t item[5], trace[5] = { 0 };
			int n = 0;
			while (ring_try_pop(&ch->req, item) == 0) {
				if (item[0] == ITEM_STOP)
					return failures;
				EXPECT_EQ(item[1], OP_TRACE);
				trace_work(item[2], trace, &n);
				EXPECT_EQ(ring_push(&ch->rep, trace), 0);
				served = 1;
			}
		}
		if (!served)
			EXPECT(hinge_notify_wait(as.req_notify, 1u << (2 * CHAN_L) | 1u << (2 * CHAN_H)) > 0);
	}
}

static int server(void)
{
	long flags = model_door_flags();
	EXPECT(flags >= 0);
	if (model == MODEL_ASYNC)
		return async_server();
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

static struct async client_as;
static volatile int l_sent;

/* One request of L (chan CHAN_L) or H (CHAN_H): a door call to door h, or
 * an item on the channel and its reply (async). */
static long request(long h, int chan, uint64_t op, uint64_t w2, uint64_t w3, uint64_t r[5])
{
	if (model != MODEL_ASYNC)
		return hinge_door_call((int)h, WORDS(op, w2, w3, 0, 0), r, 0);
	uint64_t item[5] = { ITEM_PLAIN, op, w2, 0, 0 };
	struct async_chan *ch = &client_as.chan[chan];
	if (chan == CHAN_L)
		l_sent = 1;
	long st = ring_push(&ch->req, item);
	return st ? st : ring_pop(&ch->rep, r);
}

static void done(int who)
{
	order[norder++] = who;
}

static uint64_t l_op, l_w2, l_w3;

static void low(long arg)
{
	(void)arg;
	EXPECT_EQ(request(a, CHAN_L, l_op, l_w2, l_w3, l_res), 0);
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
	l_done = m_done = l_sent = 0;
	norder = 0;
	EXPECT(hinge_thread_create(low, l_stack + sizeof l_stack, PRIO_L, 0) >= 0);
	if (model == MODEL_ASYNC)
		while (!l_sent || ring_count(&client_as.chan[CHAN_L].req) != 0) /* the server took it */
			hinge_sleep(1);
	else
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
	EXPECT_EQ(request(h, CHAN_H, OP_TRACE, 1, 0, r), 0);
	done(WHO_H);
	EXPECT_EQ(r[0], h_served_at());
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
		EXPECT_EQ(l_res[0], holder_prio());
		EXPECT_EQ(l_res[1], 0);  /* never above its own priority */
	}
	EXPECT_EQ(order[0], WHO_H);
	EXPECT_EQ(order[1], WHO_L);
	printf("%s: inversion: M ran %lu of 100 chunks while H waited; priorities serving L: %lu %lu\n", TEST,
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

static int async_client(void)
{
	long setup = hinge_name_wait("pi.setup");
	EXPECT_EQ(async_init(&client_as), 0);
	EXPECT_EQ(async_offer(&client_as, (int)setup, CHAN_L, 40), 0);
	EXPECT_EQ(async_offer(&client_as, (int)setup, CHAN_H, 40), 0);
	case_inversion();
	EXPECT_EQ(ring_push(&client_as.chan[CHAN_H].req, WORDS(ITEM_STOP, 0, 0, 0, 0)), 0);
	EXPECT_EQ(hinge_handle_close((int)setup), 0);
	return failures;
}

static int client(void)
{
	if (model == MODEL_ASYNC)
		return async_client();
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
