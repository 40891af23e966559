/* Priority inversion and donation, per IPC model: who ran when, who got
 * boosted (the behaviour behind bench/bench_pi.c's numbers).
 *
 * arg = role + 10 * model (model: enum model in bench/pi.h; role 0 the
 * server, 1 the client, ROLE_LEAKCHECK the leak check).
 *
 * The server's door "A" has one activation; its operation OP_TRACE spins a
 * given number of chunks and records each new effective priority of the
 * thread running it (up to five), returned as the result words; OP_HOLD_AB
 * calls door "B" (one activation) with OP_TRACE, then traces in A again;
 * OP_CALL_A (in B) calls A. The client's main thread is H (20); it starts L
 * (3) and M (10) as threads of its own domain.
 *
 * Door models: migrate (the thread running a request is the caller's own),
 * handoff (a server thread at a fixed 5), handoff+pi (the same, inheriting).
 * Cases, each checked with inheritance (migrate, handoff+pi) or without
 * (handoff, migrate with DOOR_F_NOPI):
 *   inversion      L holds A; M (CPU-bound) and H become ready, H calls A.
 *                  The same with a kernel mutex inside door C (two
 *                  activations) as the resource, MUTEX_F_PI or not (migrate
 *                  models only).
 *                  With: L runs at 20 until it returns, M makes no progress
 *                  while H waits. Without: L stays at 3 and M's whole burst
 *                  runs while H waits.
 *   donate-one     L holds A; M calls A, then H: L runs at 10, then 20;
 *                  H gets A before M; L is back at 3 after.
 *   donate-multiple L holds A and B (A's code called B); M waits on A, H on
 *                  B: L runs at 20 in B, at 10 in A after leaving B.
 *   donate-nest    L holds A; M holds B and waits on A; H waits on B: L runs
 *                  at 20 (H -> M -> L).
 *   donate-sema    L holds A and waits inside on a notification; H waits on
 *                  A; M signals the notification and spins: L, woken at 20,
 *                  runs before M's burst (without: after it).
 * Without inheritance every trace stays at the priority L's request started
 * with (L's 3, or the server thread's 5), and the grant order is still by
 * priority (H before M), but for handoff's nest (see there).
 *
 * Async model (inversion only: there is no holder to donate to): the
 * resource is the server's thread (priority 5), serving L's and H's rings
 * (bench/async.h) one request at a time, H's first. It runs every request at
 * its own 5, so M's whole burst runs while H waits, as without inheritance. */
#include "door_test.h"
#include "../../bench/pi.h"
#include "../../bench/async.h"

#define PRIO_L 3
#define PRIO_M 10
#define PRIO_H 20
#define PRIO_SERVER MODEL_SERVER_PRIO  /* handoff server threads; the async server (manifest) */
#define CHUNK 20000ULL  /* instructions between two looks at the priority */

enum { OP_TRACE = OP_FIRST_TEST_OP, OP_HOLD_AB, OP_CALL_A, OP_LOCKED_TRACE, OP_SEMA_TRACE, OP_SET_SEMA };
#define M_SIGNAL 99  /* M's "operation": signal the semaphore instead of calling */

static int model;


static int inherits(void)
{
	return model == MODEL_MIGRATE || model == MODEL_HANDOFF_PI;
}

/* The server-internal lock case: for the migrate models (a handoff server
 * thread has its own mutex story, not measured here). */
static int has_mutex_case(void)
{
	return model == MODEL_MIGRATE || model == MODEL_MIGRATE_NOPI;
}

/* The priority a request of a caller at prio runs at while nobody waits:
 * the caller's own (migrate), the server thread's fixed priority (handoff,
 * async), or the higher of both (handoff+pi). */
static int served_at(int prio)
{
	switch (model) {
	case MODEL_HANDOFF:
	case MODEL_ASYNC:
		return PRIO_SERVER;
	case MODEL_HANDOFF_PI:
		return prio > PRIO_SERVER ? prio : PRIO_SERVER;
	default:
		return prio;
	}
}

/* ---- server ---- */

static long door_a, door_b, door_c, mutex, sema;
static char stacks[2][8192] __attribute__((aligned(16)));
static char c_stacks[2][8192] __attribute__((aligned(16)));
static char a_buf[64] __attribute__((aligned(8)));  /* room for OP_SET_SEMA's handle */

/* Spin `chunks` chunks; trace[] gets each new effective priority. */
static void trace_work(uint64_t chunks, uint64_t trace[DOOR_NWORDS], int *n)
{
	for (uint64_t i = 0; i < chunks; i++) {
		int p = self_now().prio;
		if (*n == 0 || (trace[*n - 1] != (uint64_t)p && *n < DOOR_NWORDS))
			trace[(*n)++] = (uint64_t)p;
		spin(CHUNK / 2);
	}
}

static void pi_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		     uint64_t w5, char *buf, uint64_t info)
{
	uint64_t trace[DOOR_NWORDS] = { 0 }, r[DOOR_NWORDS] = { 0 };
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
	case OP_SET_SEMA:  /* the notification comes as the call's one handle */
		EXPECT_EQ(DOOR_INFO_HANDLES(info), 1);
		sema = *(const int32_t *)buf;
		break;
	case OP_SEMA_TRACE:
		trace_work(1, trace, &n);
		EXPECT_EQ(hinge_notify_wait((int)sema, 1), 1);
		trace_work(w2, trace, &n);
		break;
	case OP_LOCKED_TRACE:
		EXPECT_EQ(hinge_mutex_lock((int)mutex), 0);
		trace_work(w2, trace, &n);
		EXPECT_EQ(hinge_mutex_unlock((int)mutex), 0);
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
	struct door_pool_desc p = door_pool(stacks[0], sizeof stacks[0], setup_buf, sizeof setup_buf, 1);
	long setup = hinge_door_create(setup_entry, 0, 0, &p);
	EXPECT(setup >= 0);
	EXPECT_EQ(hinge_name_publish((int)setup, "pi.setup"), 0);
	while (as_ready != 3)
		hinge_sleep(1);
	for (;;) {
		int served = 0;
		for (int i = 0; i < 2; i++) {
			struct async_chan *ch = &as.chan[i == 0 ? CHAN_H : CHAN_L];
			uint64_t item[DOOR_NWORDS], trace[DOOR_NWORDS] = { 0 };
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
	long flags = model_door_flags(model);
	EXPECT(flags >= 0);
	if (model == MODEL_ASYNC)
		return async_server();
	struct door_pool_desc pa = model_pool(model, stacks[0], sizeof stacks[0], a_buf, sizeof a_buf, 1);
	struct door_pool_desc pb = model_pool(model, stacks[1], sizeof stacks[1], NULL, 0, 1);
	door_a = hinge_door_create(pi_entry, 0, (unsigned)flags, &pa);
	door_b = hinge_door_create(pi_entry, 0, (unsigned)flags, &pb);
	EXPECT(door_a >= 0 && door_b >= 0);
	EXPECT_EQ(hinge_name_publish((int)door_a, "pi.A"), 0);
	EXPECT_EQ(hinge_name_publish((int)door_b, "pi.B"), 0);
	int hs[3] = { (int)door_a, (int)door_b };
	if (has_mutex_case()) {
		/* Door C: two activations (never contended), a mutex inside. */
		struct door_pool_desc pc = model_pool(model, c_stacks, sizeof c_stacks[0], NULL, 0, 2);
		mutex = hinge_mutex_create(inherits() ? MUTEX_F_PI : 0);
		door_c = hinge_door_create(pi_entry, 0, (unsigned)flags, &pc);
		EXPECT(mutex >= 0 && door_c >= 0);
		EXPECT_EQ(hinge_name_publish((int)door_c, "pi.C"), 0);
		hs[2] = (int)door_c;
	}
	return serve_until_quit(hs, has_mutex_case() ? 3 : 2);
}

/* ---- client ---- */

static long a, b, c;
static volatile uint64_t m_progress;     /* chunks M has spun */
static volatile int order[4], norder;    /* who got its call through, in order */
enum { WHO_L = 1, WHO_M, WHO_H };
static volatile int l_done, m_done;
static uint64_t l_res[DOOR_NWORDS], m_res[DOOR_NWORDS];
static char l_stack[8192], m_stack[8192] __attribute__((aligned(16)));
static uint64_t m_op, m_arg, m_chunks;

static struct async client_as;
static volatile int l_sent;

/* One request of L (chan CHAN_L) or H (CHAN_H): a door call to door h, or
 * an item on the channel and its reply (async). */
static long request(long h, int chan, uint64_t op, uint64_t w2, uint64_t w3, uint64_t r[DOOR_NWORDS])
{
	if (model != MODEL_ASYNC)
		return hinge_door_call((int)h, WORDS(op, w2, w3, 0, 0), r, 0);
	uint64_t item[DOOR_NWORDS] = { ITEM_PLAIN, op, w2, 0, 0 };
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
	EXPECT_EQ(request(l_op == OP_LOCKED_TRACE ? c : a, CHAN_L, l_op, l_w2, l_w3, l_res), 0);
	done(WHO_L);
	EXPECT_EQ(self_now().prio, PRIO_L);  /* every boost is undone */
	l_done = 1;
	hinge_thread_exit();
}

/* M: a CPU-bound burst of m_chunks chunks, or one door call. */
static void medium(long arg)
{
	(void)arg;
	if (m_op == M_SIGNAL) {
		EXPECT_EQ(hinge_notify_signal((int)m_arg, 1), 0);
	} else if (m_op) {
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
		while (info_of((int)(op == OP_LOCKED_TRACE ? c : a)).inflight == 0)  /* L is inside */
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

/* H calls door h with op; returns how many chunks M spun while H waited. (The
 * completion order records who returned from its call first; L, lowest,
 * records last whenever it competes.) */
static uint64_t h_call_op(long h, uint64_t op)
{
	uint64_t r[DOOR_NWORDS];
	uint64_t before = m_progress;
	EXPECT_EQ(request(h, CHAN_H, op, 1, 0, r), 0);
	done(WHO_H);
	EXPECT_EQ(r[0], served_at(PRIO_H));
	return m_progress - before;
}

static uint64_t h_call(long h)
{
	return h_call_op(h, OP_TRACE);
}

/* L holds A's only activation (or, op OP_LOCKED_TRACE, the mutex inside C). */
static void case_inversion(uint64_t op)
{
	start_l(op, 150, 0);  /* 3 ticks of work */
	start_m(0, 0, 100);   /* 2 ticks, ready once H blocks */
	uint64_t m_ran = h_call_op(op == OP_LOCKED_TRACE ? c : a, op);
	finish();
	if (inherits()) {
		EXPECT_EQ(m_ran, 0);     /* M made no progress while H waited */
		EXPECT_EQ(l_res[0], served_at(PRIO_L));
		EXPECT_EQ(l_res[1], PRIO_H); /* L ran at H's priority inside A */
		EXPECT_EQ(l_res[2], 0);
	} else {
		EXPECT_EQ(m_ran, 100);   /* M's whole burst ran while H waited */
		EXPECT_EQ(l_res[0], served_at(PRIO_L));
		EXPECT_EQ(l_res[1], 0);  /* never above its own priority */
	}
	EXPECT_EQ(order[0], WHO_H);
	EXPECT_EQ(order[1], WHO_L);
	printf("%s: %s: M ran %lu of 100 chunks while H waited; priorities serving L: %lu %lu\n", TEST,
	       op == OP_LOCKED_TRACE ? "mutex" : "inversion", (unsigned long)m_ran, (unsigned long)l_res[0], (unsigned long)l_res[1]);
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
	EXPECT_EQ(l_res[0], served_at(PRIO_L));
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
	EXPECT_EQ(l_res[0], served_at(PRIO_L));
	EXPECT_EQ(l_res[1], inherits() ? PRIO_M : 0);
	EXPECT_EQ(l_res[2], inherits() ? PRIO_H : 0);
	/* Back in A: only M waits for what L holds now. */
	EXPECT_EQ(l_res[3], inherits() ? PRIO_M : served_at(PRIO_L));
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
	/* Handoff: once B's thread has answered M, it serves H's request at its
	 * own 5, and M (10) completes first: the grant order inverts too. */
	EXPECT_EQ(order[0], model == MODEL_HANDOFF ? WHO_M : WHO_H);
	EXPECT_EQ(order[1], model == MODEL_HANDOFF ? WHO_H : WHO_M);
	EXPECT_EQ(order[2], WHO_L);
	EXPECT_EQ(l_res[0], served_at(PRIO_L));
	EXPECT_EQ(l_res[1], inherits() ? PRIO_M : 0);
	EXPECT_EQ(l_res[2], inherits() ? PRIO_H : 0);  /* H -> M -> L */
	/* M, back in B from A, still holds B while H waits for it. */
	EXPECT_EQ(m_res[0], inherits() ? PRIO_H : served_at(PRIO_M));
	printf("%s: donate-nest: L's priorities in A: %lu %lu %lu\n", TEST, (unsigned long)l_res[0],
	       (unsigned long)l_res[1], (unsigned long)l_res[2]);
}

static int async_client(void)
{
	long setup = hinge_name_wait("pi.setup");
	EXPECT_EQ(async_init(&client_as), 0);
	EXPECT_EQ(async_offer(&client_as, (int)setup, CHAN_L, 40), 0);
	EXPECT_EQ(async_offer(&client_as, (int)setup, CHAN_H, 40), 0);
	case_inversion(OP_TRACE);
	EXPECT_EQ(ring_push(&client_as.chan[CHAN_H].req, WORDS(ITEM_STOP, 0, 0, 0, 0)), 0);
	EXPECT_EQ(hinge_handle_close((int)setup), 0);
	return failures;
}

/* L holds A and waits inside on a notification; H waits on A; M signals the
 * notification, then spins. With inheritance the woken L runs at once at
 * H's priority, ahead of M; without, M's burst comes first. */
static void case_donate_sema(void)
{
	long n = hinge_notify_create();
	struct door_desc d = { (int32_t)n, 0 };
	struct door_xarg x = { .desc_ptr = (uintptr_t)&d, .desc_num = 1 };
	EXPECT(n >= 0);
	EXPECT_EQ(hinge_door_call((int)a, WORDS(OP_SET_SEMA, 0, 0, 0, (uintptr_t)&x), NULL, DOOR_CALL_XARG), 0);
	start_l(OP_SEMA_TRACE, 20, 0);
	start_m(M_SIGNAL, (uint64_t)n, 100);
	uint64_t m_ran = h_call(a);
	finish();
	EXPECT_EQ(m_ran, inherits() ? 0 : 100);
	EXPECT_EQ(l_res[0], served_at(PRIO_L));
	EXPECT_EQ(l_res[1], inherits() ? PRIO_H : 0);  /* boosted while blocked, running at 20 once woken */
	EXPECT_EQ(hinge_handle_close((int)n), 0);
	printf("%s: donate-sema: M ran %lu of 100 chunks while H waited; L's priorities in A: %lu %lu\n", TEST,
	       (unsigned long)m_ran, (unsigned long)l_res[0], (unsigned long)l_res[1]);
}

static int client(void)
{
	if (model == MODEL_ASYNC)
		return async_client();
	a = hinge_name_wait("pi.A");
	b = hinge_name_wait("pi.B");
	EXPECT(a >= 0 && b >= 0);
	case_inversion(OP_TRACE);
	if (has_mutex_case()) {
		c = hinge_name_wait("pi.C");
		case_inversion(OP_LOCKED_TRACE);
	}
	case_donate_one();
	case_donate_multiple();
	case_donate_nest();
	case_donate_sema();
	EXPECT_EQ(hinge_handle_close((int)b), 0);
	if (has_mutex_case())
		EXPECT_EQ(hinge_handle_close((int)c), 0);
	return client_done(a);
}

static const struct role roles[] = { { 0, server }, { 1, client } };

/* The model is the arg's tens, the role its units (see the top). */
int main(long arg)
{
	model = (int)(arg / 10);
	return run_role(arg % 10, roles, sizeof roles / sizeof roles[0]);
}
