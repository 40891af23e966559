/* Priority-inversion benchmarks (bench/README.md, "pi.*"): a high-priority
 * client H, a CPU-bound medium-priority load, and a low-priority client L
 * holding the shared server resource; H's response time in instructions.
 *
 * arg = model + 10 * case + 100 * side (side 0: the server, 1: the client,
 * 2: L and M of CASE_INVERSION_HARTS; model: enum model in pi.h; case: enum
 * pi_case below).
 *
 * Server (door models): door "pi.A" with one activation (the resource), and
 * for the nested Pintos cases door "pi.B" with one activation; the mutex
 * case instead gives "pi.A" two activations and a kernel mutex inside.
 * Every call runs one operation (w1) with its parameters in w2..w4. Async
 * model: the server's thread (the domain's main thread, at the manifest's
 * priority) serves two channels (bench/async.h), L's and H's, one request at
 * a time, H's first when both have one: the resource is that thread. Each
 * server also publishes "ctl", which the client closes to end it.
 *
 * Client: one domain; its main thread is H (prio 20), it starts L (3), M (10)
 * and, for the Pintos cases, a CPU hog X (15). CASE_INVERSION_HARTS puts L
 * and M in a domain of their own (side 2), so that the manifest can place H
 * on another hart (a domain's threads share its hart); both halves run on
 * the same absolute ticks. All timing is on ticks (10^6
 * instructions each), all work is counted in instructions (spin), and the
 * jitter comes from a fixed pseudo-random sequence: the run is deterministic. */
#include <stdio.h>
#include "bench.h"
#include "pi.h"
#include "door.h"
#include "async.h"

#define PRIO_L 3
#define PRIO_M 10
#define PRIO_X 15
#define PRIO_S 18  /* donate-sema: the thread that signals */
#define PRIO_H 20

#define TICK 1000000ULL /* instructions per tick at -icount shift=0 (TICK_HZ 1000) */

enum pi_case {
	CASE_INVERSION = 0, /* L holds the door's only activation */
	CASE_MUTEX,         /* L holds a kernel mutex inside the server (two activations) */
	CASE_DONATE_ONE,    /* Pintos priority-donate-one */
	CASE_DONATE_MULTIPLE,
	CASE_DONATE_NEST,
	CASE_DONATE_LOWER,
	CASE_DONATE_SEMA,
	CASE_BUDGET,        /* inversion, and L's budget runs out while it holds the door (SEMANTICS §21) */
	CASE_BUDGET_NOBWI,  /* the same on a kernel booted with `nobwi` (its manifest says so) */
	CASE_INVERSION_HARTS, /* inversion, H in one domain, L and M in another (side 2) */
	CASE_COUNT
};

static const char *const case_name[CASE_COUNT] = {
	"inversion", "mutex", "donate-one", "donate-multiple", "donate-nest", "donate-lower", "donate-sema",
	"budget", "budget_nobwi", "inversion_harts",
};

/* Server operations (w1). */
enum {
	OP_WORK = 1,   /* spin w2 instructions; result: effective prio at the end */
	OP_WORK_LOCKED,/* lock the mutex, spin w2, unlock */
	OP_HOLD_AB,    /* (in A) call B with OP_WORK w2, then spin w3 in A */
	OP_CALL_A,     /* (in B) call A with OP_WORK w2, then spin w3 in B */
	OP_SEMA,       /* spin w2, wait for bit 0 of the notification, spin w3 */
	OP_SET_SEMA,   /* the notification to wait on comes as the call's handle */
};

static int model;


/* ---- server ---- */

static long door_a = -1, door_b = -1, mutex = -1, sema = -1;
static char stacks[2][2][8192] __attribute__((aligned(16)));
static char bufs[2][2][64] __attribute__((aligned(8)));
static char ctl_stack[1][4096] __attribute__((aligned(16)));
static char setup_buf[64] __attribute__((aligned(8)));

static void res_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		      uint64_t w5, char *buf, uint64_t info);

/* Publish "ctl" and return once the client has closed it. */
static int stop_on_ctl(void)
{
	struct door_pool_desc p = door_pool(ctl_stack, sizeof ctl_stack[0], NULL, 0, 1);
	long ctl = hinge_door_create(res_entry, 0, DOOR_F_UNREF, &p);
	if (ctl < 0 || hinge_name_publish((int)ctl, "ctl") < 0 || hinge_door_unref_wait((int)ctl) < 0)
		bench_fail("ctl door", ctl);
	return 0;
}

static inline __attribute__((noreturn)) void reply(uint64_t w)
{
	struct hinge_self me;
	hinge_self(&me);
	hinge_door_return(((const uint64_t[DOOR_NWORDS]){ (uint64_t)me.prio, w }), 0);
}

static void res_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		      uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w4, (void)w5;
	uint64_t r[DOOR_NWORDS] = { 0 };
	long st = 0;
	switch (op) {
	case OP_WORK:
		spin(w2 / 2);
		break;
	case OP_WORK_LOCKED:
		st = hinge_mutex_lock((int)mutex);
		spin(w2 / 2);
		st |= hinge_mutex_unlock((int)mutex);
		break;
	case OP_HOLD_AB:
		st = hinge_door_call((int)door_b, ((const uint64_t[DOOR_NWORDS]){ OP_WORK, w2 }), r, 0);
		spin(w3 / 2);
		break;
	case OP_CALL_A:
		st = hinge_door_call((int)door_a, ((const uint64_t[DOOR_NWORDS]){ OP_WORK, w2 }), r, 0);
		spin(w3 / 2);
		break;
	case OP_SEMA:
		spin(w2 / 2);
		st = hinge_notify_wait((int)sema, 1) == 1 ? 0 : -1;
		spin(w3 / 2);
		break;
	case OP_SET_SEMA:
		st = DOOR_INFO_HANDLES(info) == 1 ? 0 : HE_INVAL;
		sema = *(const int32_t *)buf;
		break;
	default:
		st = HE_INVAL;
	}
	reply((uint64_t)st);
}

static long make_door(const char *name, int slot, unsigned nact, long flags)
{
	struct door_pool_desc p = model_pool(model, stacks[slot], sizeof stacks[slot][0], bufs[slot],
					     sizeof bufs[slot][0], nact);
	long h = hinge_door_create(res_entry, 0, (unsigned)flags, &p);
	if (h >= 0 && hinge_name_publish((int)h, name) < 0)
		h = -1;
	return h;
}

/* Async: channel 0 is L's, 1 is H's; an item is {ITEM_*, op, work}, a reply
 * {effective prio of the server thread, status}. */
#define CHAN_L 0
#define CHAN_H 1
static struct async as;
static volatile unsigned as_ready;

static void setup_entry(uint64_t cookie, uint64_t chan, uint64_t slot, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w3, (void)w4, (void)w5;
	long st = async_accept(&as, chan, slot, buf, info);
	if (st == 0)
		as_ready |= 1u << chan;
	hinge_door_return(((const uint64_t[DOOR_NWORDS]){ (uint64_t)st }), 0);
}

static void async_serve(void)
{
	static const int order[2] = { CHAN_H, CHAN_L };
	uint64_t item[4], reply[4] = { 0 };
	while (as_ready != 3)
		hinge_sleep(1);
	for (;;) {
		int served = 0;
		for (int i = 0; i < 2; i++) {
			struct async_chan *ch = &as.chan[order[i]];
			while (ring_try_pop(&ch->req, item) == 0) {
				if (item[0] == ITEM_STOP)
					return;
				spin(item[2] / 2);
				struct hinge_self me;
				hinge_self(&me);
				reply[0] = (uint64_t)me.prio;
				reply[1] = item[1] == OP_WORK ? 0 : (uint64_t)HE_INVAL;
				if (ring_push(&ch->rep, reply) < 0)
					bench_fail("async reply", -1);
				served = 1;
			}
		}
		if (!served && hinge_notify_wait(as.req_notify, 1u << (2 * CHAN_L) | 1u << (2 * CHAN_H)) < 0)
			bench_fail("async wait", -1);
	}
}

static int server(int c)
{
	long flags = model_door_flags(model);
	if (flags < 0)
		bench_fail(case_name[c], HE_INVAL); /* the model is not in this kernel */
	if (model == MODEL_ASYNC) {
		struct door_pool_desc p = door_pool(stacks[0], sizeof stacks[0][0], setup_buf, sizeof setup_buf, 1);
		long h = hinge_door_create(setup_entry, 0, 0, &p);
		if (h < 0 || hinge_name_publish((int)h, "pi.setup") < 0)
			bench_fail("pi.setup", h);
		async_serve();
		return stop_on_ctl();
	}
	if (c == CASE_MUTEX) {
		mutex = hinge_mutex_create(model == MODEL_MIGRATE ? MUTEX_F_PI : 0);
		if (mutex < 0)
			bench_fail("mutex", mutex);
	}
	door_a = make_door("pi.A", 0, c == CASE_MUTEX ? 2 : 1, flags);
	door_b = make_door("pi.B", 1, 1, flags);
	if (door_a < 0 || door_b < 0)
		bench_fail("server doors", -1);
	return stop_on_ctl();
}

/* ---- client ---- */

static long res_a, res_b, res_h;  /* res_h: what H calls (res_a but for async) */
static volatile int stop, l_done, m_done, x_done;
static volatile long call_errors;
/* Stacks of L, M and X; one set per case run in the same boot. */
static char l_stack[CASE_COUNT][8192], m_stack[CASE_COUNT][8192],
	x_stack[CASE_COUNT][8192] __attribute__((aligned(16)));

static struct async client_as;

/* One request: a door call to handle h, or (async model) an item on
 * channel h and its reply. Result word 1 is the server's status. */
static long call(long h, uint64_t op, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t r[DOOR_NWORDS];
	long st;
	if (model == MODEL_ASYNC) {
		struct async_chan *ch = &client_as.chan[h];
		uint64_t item[4] = { ITEM_PLAIN, op, a, 0 };
		st = ring_push(&ch->req, item);
		if (st == 0)
			st = ring_pop(&ch->rep, r);
	} else {
		st = hinge_door_call((int)h, ((const uint64_t[DOOR_NWORDS]){ op, a, b, c }), r, 0);
	}
	if (st == 0 && r[1] != 0)
		st = (long)r[1];
	if (st)
		call_errors = st;
	return st;
}

static long lookup(const char *name)
{
	long h = hinge_name_wait(name);
	if (h < 0)
		bench_fail(name, h);
	return h;
}

/* -- The H/M/L set: H released every INV_PERIOD ticks; L calls the resource
 * back to back with critical sections of INV_CS_MIN..INV_CS_MAX
 * instructions, so H finds it busy, at a pseudo-random point; M, released with
 * H, spins a burst of inv_load(k) instructions. INV_RELEASES releases with
 * the light load, then as many with the heavy one. */
#define INV_RELEASES 100
#define INV_PERIOD   4
#define INV_CS_MIN   100000ULL
#define INV_CS_MAX   400000ULL
#define INV_H_WORK   2000ULL
#define INV_LOAD_1   (1 * TICK)
#define INV_LOAD_2   (2 * TICK)
#define INV_HARTS_BASE 300 /* CASE_INVERSION_HARTS: tick of the first release, every domain up */

static uint64_t base_tick;
static uint64_t l_end;  /* CASE_INVERSION_HARTS: L's last tick (no stop flag across domains) */
static uint64_t op_l = OP_WORK;
/* The budget cases: L runs on INV_L_BUDGET ticks per INV_L_PERIOD, less than
 * its back-to-back critical sections need, so its budget runs out while it
 * holds the door, about once per period. */
#define INV_L_BUDGET 1
#define INV_L_PERIOD 20
static uint64_t l_budget;

static uint64_t inv_load(int k)
{
	return k < INV_RELEASES ? INV_LOAD_1 : INV_LOAD_2;
}

static void inv_low(long arg)
{
	(void)arg;
	uint64_t seed = 5;
	if (l_budget && hinge_sc_set(l_budget, INV_L_PERIOD) != 0)
		call_errors = -1;
	while (!stop && (!l_end || hinge_clock(NULL) < l_end)) {
		uint64_t cs = INV_CS_MIN + lcg_next(&seed) % (INV_CS_MAX - INV_CS_MIN);
		call(res_a, op_l, cs, 0, 0);
	}
	l_done = 1;
	hinge_thread_exit();
}

static void inv_medium(long arg)
{
	(void)arg;
	for (int k = 0; k < 2 * INV_RELEASES; k++) {
		sleep_until(base_tick + (uint64_t)k * INV_PERIOD);
		spin(inv_load(k) / 2);
	}
	m_done = 1;
	hinge_thread_exit();
}

static uint64_t resp[2 * INV_RELEASES];

static void wait_flag(volatile int *flag)
{
	while (!*flag)
		hinge_sleep(1);
}

static long start_low_medium(int c)
{
	long st = hinge_thread_create(inv_low, l_stack[c] + sizeof l_stack[c], PRIO_L, 0);
	return st < 0 ? st : hinge_thread_create(inv_medium, m_stack[c] + sizeof m_stack[c], PRIO_M, 0);
}

static uint64_t harts_base(const char *prefix)
{
	if (hinge_clock(NULL) >= INV_HARTS_BASE)
		bench_fail(prefix, -2);  /* too late: the halves would not meet */
	return INV_HARTS_BASE;
}

/* Side 2: L and M of CASE_INVERSION_HARTS (door models), against H's
 * releases in the client's domain. The "ctl" handle, held from before the
 * first release to after L's last call, keeps the server up meanwhile. */
static int low_medium(void)
{
	long ctl = lookup("ctl");
	res_a = lookup("pi.A");
	base_tick = harts_base("low_medium");
	l_end = base_tick + 2 * INV_RELEASES * INV_PERIOD;
	if (start_low_medium(CASE_INVERSION_HARTS) < 0)
		bench_fail("low_medium", -1);
	sleep_until(l_end);
	wait_flag(&l_done);
	wait_flag(&m_done);
	if (call_errors)
		bench_fail("low_medium", call_errors);
	hinge_handle_close((int)ctl);
	return 0;
}

static void inversion(const char *prefix, int c)
{
	char name[64];
	if (model == MODEL_ASYNC) {
		long setup = lookup("pi.setup");
		long st = async_init(&client_as);
		if (st == 0)
			st = async_offer(&client_as, (int)setup, CHAN_L, 32);
		if (st == 0)
			st = async_offer(&client_as, (int)setup, CHAN_H, 32);
		if (st)
			bench_fail(prefix, st);
		res_a = CHAN_L, res_h = CHAN_H;
	} else {
		res_a = res_h = lookup("pi.A");
	}
	op_l = c == CASE_MUTEX ? OP_WORK_LOCKED : OP_WORK;
	l_budget = c == CASE_BUDGET || c == CASE_BUDGET_NOBWI ? INV_L_BUDGET : 0;
	base_tick = c == CASE_INVERSION_HARTS ? harts_base(prefix) : hinge_clock(NULL) + 2;
	if (c != CASE_INVERSION_HARTS && start_low_medium(c) < 0)
		bench_fail(prefix, -1);
	for (int k = 0; k < 2 * INV_RELEASES; k++) {
		sleep_until(base_tick + (uint64_t)k * INV_PERIOD);
		uint64_t t0 = rdinstret();
		call(res_h, op_l, INV_H_WORK, 0, 0);
		resp[k] = rdinstret() - t0;
	}
	stop = 1;
	if (c != CASE_INVERSION_HARTS) {
		wait_flag(&l_done);
		wait_flag(&m_done);
	}
	if (model == MODEL_ASYNC)
		ring_push(&client_as.chan[CHAN_H].req, ((const uint64_t[4]){ ITEM_STOP }));
	if (call_errors)
		bench_fail(prefix, call_errors);
	snprintf(name, sizeof name, "%s.h_response", prefix);
	dist_report(name, resp, INV_RELEASES);
	snprintf(name, sizeof name, "%s.h_response_m2", prefix);
	dist_report(name, resp + INV_RELEASES, INV_RELEASES);
}

/* -- Pintos-style donation cases, DON_ROUNDS rounds each. Round k starts at
 * tick T = base + k * DON_PERIOD: L enters the resource with a critical
 * section of DON_CS_MIN..DON_CS_MAX instructions (more than two ticks); at
 * T + 1 M makes its call (waiting on the resource or nesting); at T + 2 H
 * calls and the hog X starts a burst of DON_HOG instructions. Reported: H's
 * wait from its call to its return.
 *   donate-one       L holds A; M waits on A; H waits on A
 *   donate-multiple  L holds A and B (A's code called B); M waits on A, H on B
 *   donate-nest      L holds A; M holds B and waits on A (B's code calls A);
 *                    H waits on B
 *   donate-lower     L holds a kernel mutex of its domain; H waits on it; L
 *                    lowers its own base priority to 2 while holding it
 *                    (migrate models only: SYS_SET_PRIO is refused in a
 *                    door call, so the resource is not a door)
 *   donate-sema      L holds A and, inside, waits on a notification (the
 *                    semaphore); at T + 2 H waits on A and S (18) signals
 *                    the notification: boosted, L runs at once, else only
 *                    after the hog */
#define DON_ROUNDS  21
#define DON_PERIOD  7
#define DON_CS_MIN  (2 * TICK + 100000)
#define DON_CS_MAX  (2 * TICK + 600000)
#define DON_TAIL    200000ULL /* L's work after it released the first resource */
#define DON_WORK    2000ULL   /* M's and H's own critical sections */
#define DON_HOG     (1 * TICK)

static int don_case;
static long lower_mutex;  /* donate-lower: MUTEX_F_PI unless the model is migrate_nopi */
static long sema_client;  /* donate-sema: the notification, passed to the server */
static uint64_t don_cs[DON_ROUNDS];

static uint64_t round_tick(int k, int offset)
{
	return base_tick + (uint64_t)k * DON_PERIOD + (uint64_t)offset;
}

static void don_low(long arg)
{
	(void)arg;
	for (int k = 0; k < DON_ROUNDS; k++) {
		sleep_until(round_tick(k, 0));
		switch (don_case) {
		case CASE_DONATE_ONE:
		case CASE_DONATE_NEST:
			call(res_a, OP_WORK, don_cs[k], 0, 0);
			break;
		case CASE_DONATE_MULTIPLE:
			call(res_a, OP_HOLD_AB, don_cs[k], DON_TAIL, 0);
			break;
		case CASE_DONATE_SEMA:
			/* After the signal: what remains of the critical section. */
			call(res_a, OP_SEMA, DON_WORK, don_cs[k] - 2 * TICK, 0);
			break;
		case CASE_DONATE_LOWER:
			/* Server code may not change its caller's priority
			 * (SYS_SET_PRIO fails with HE_PERM in a door call), so
			 * the resource is a kernel mutex of L's own domain. */
			if (hinge_mutex_lock((int)lower_mutex) != 0)
				call_errors = -1;
			spin(don_cs[k] / 2);
			if (hinge_set_prio(PRIO_L - 1) < 0)
				call_errors = -1;
			spin(DON_TAIL / 2);
			if (hinge_mutex_unlock((int)lower_mutex) != 0 || hinge_set_prio(PRIO_L) < 0)
				call_errors = -1;
			break;
		}
	}
	l_done = 1;
	hinge_thread_exit();
}

/* M; for donate-sema, S: signals the notification L waits on in A as soon
 * as H waits for A. */
static void don_medium(long arg)
{
	(void)arg;
	for (int k = 0; k < DON_ROUNDS; k++) {
		sleep_until(round_tick(k, don_case == CASE_DONATE_SEMA ? 2 : 1));
		if (don_case == CASE_DONATE_SEMA && hinge_notify_signal((int)sema_client, 1) < 0)
			call_errors = -1;
		if (don_case == CASE_DONATE_ONE || don_case == CASE_DONATE_MULTIPLE)
			call(res_a, OP_WORK, DON_WORK, 0, 0);
		else if (don_case == CASE_DONATE_NEST)
			call(res_b, OP_CALL_A, DON_WORK, DON_WORK, 0);
	}
	m_done = 1;
	hinge_thread_exit();
}

static void don_hog(long arg)
{
	(void)arg;
	for (int k = 0; k < DON_ROUNDS; k++) {
		sleep_until(round_tick(k, 2));
		spin(DON_HOG / 2);
	}
	x_done = 1;
	hinge_thread_exit();
}

static void donate(const char *prefix, int c)
{
	char name[64];
	uint64_t seed = 7;
	don_case = c;
	res_a = lookup("pi.A");
	res_b = lookup("pi.B");
	if (c == CASE_DONATE_LOWER &&
	    (lower_mutex = hinge_mutex_create(model == MODEL_MIGRATE ? MUTEX_F_PI : 0)) < 0)
		bench_fail(prefix, lower_mutex);
	if (c == CASE_DONATE_SEMA) {
		struct door_desc d = { (int32_t)(sema_client = hinge_notify_create()), 0 };
		struct door_xarg x = { .desc_ptr = (uintptr_t)&d, .desc_num = 1 };
		uint64_t r[DOOR_NWORDS];
		long st = sema_client < 0 ? sema_client
			: hinge_door_call((int)res_a, ((const uint64_t[DOOR_NWORDS]){ OP_SET_SEMA, 0, 0, 0, (uintptr_t)&x }),
					  r, DOOR_CALL_XARG);
		if (st || r[1])
			bench_fail(prefix, st ? st : (long)r[1]);
	}
	for (int k = 0; k < DON_ROUNDS; k++)
		don_cs[k] = DON_CS_MIN + lcg_next(&seed) % (DON_CS_MAX - DON_CS_MIN);
	base_tick = hinge_clock(NULL) + 2;
	l_done = m_done = x_done = 0;
	if (hinge_thread_create(don_low, l_stack[c] + sizeof l_stack[c], PRIO_L, 0) < 0 ||
	    hinge_thread_create(don_medium, m_stack[c] + sizeof m_stack[c],
				c == CASE_DONATE_SEMA ? PRIO_S : PRIO_M, 0) < 0 ||
	    hinge_thread_create(don_hog, x_stack[c] + sizeof x_stack[c], PRIO_X, 0) < 0)
		bench_fail(prefix, -1);
	/* H waits on the resource L holds: A, or B for the nested cases, or the
	 * mutex. */
	long h_door = c == CASE_DONATE_ONE || c == CASE_DONATE_SEMA ? res_a : res_b;
	for (int k = 0; k < DON_ROUNDS; k++) {
		sleep_until(round_tick(k, 2));
		uint64_t t0 = rdinstret();
		if (c == CASE_DONATE_LOWER) {
			long st = hinge_mutex_lock((int)lower_mutex);
			spin(DON_WORK / 2);
			if (st != 0 || hinge_mutex_unlock((int)lower_mutex) != 0)
				call_errors = -1;
		} else {
			call(h_door, OP_WORK, DON_WORK, 0, 0);
		}
		resp[k] = rdinstret() - t0;
	}
	wait_flag(&l_done);
	wait_flag(&m_done);
	wait_flag(&x_done);
	if (call_errors)
		bench_fail(prefix, call_errors);
	snprintf(name, sizeof name, "%s.h_wait", prefix);
	dist_report(name, resp, DON_ROUNDS);
}

/* Case k in the run of case c: CASE_DONATE_ONE runs every donation case
 * that makes sense for the model, one after the other, against the same
 * server (donate-lower: migrate models only, see don_low). */
static int runs_case(int c, int k)
{
	if (c != CASE_DONATE_ONE)
		return k == c;
	if (k == CASE_DONATE_LOWER)
		return model == MODEL_MIGRATE || model == MODEL_MIGRATE_NOPI;
	return k >= CASE_DONATE_ONE && k <= CASE_DONATE_SEMA;
}

static int client(int c)
{
	char prefix[48];
	for (int k = 0; k < CASE_COUNT; k++) {
		if (!runs_case(c, k))
			continue;
		snprintf(prefix, sizeof prefix, "pi.%s.%s%s", model_name[model], case_name[k],
			 model == MODEL_MIGRATE_NOPI ? "_nopi" : "");
		if (k <= CASE_MUTEX || k >= CASE_BUDGET)
			inversion(prefix, k);
		else
			donate(prefix, k);
	}
	hinge_handle_close((int)lookup("ctl"));
	return 0;
}

int main(long arg)
{
	model = (int)(arg % 10);
	int c = (int)(arg / 10 % 10);
	if (model >= MODEL_COUNT || c >= CASE_COUNT)
		bench_fail("bench_pi arg", arg);
	return arg >= 200 ? low_medium() : arg >= 100 ? client(c) : server(c);
}
