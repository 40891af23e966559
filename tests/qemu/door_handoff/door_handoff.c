/* The baseline door modes (doors/SEMANTICS.md, "Baseline modes"): a call
 * through a DOOR_F_HANDOFF door runs on the activation's own server thread
 * at the pool's priority; with DOOR_F_HANDOFF_PI that thread inherits its
 * caller's priority while serving, transitively, and drops it at return.
 *
 * Server doors (domain "server", prio 5, maxprio 10):
 *   "ho"     HANDOFF, server threads at 7, one activation: std_entry ops
 *   "hopi"   HANDOFF_PI at 4, one activation: std_entry, plus OP_NESTED
 *            (calls "hopi2" with OP_SELF and returns its results)
 *   "hopi2"  HANDOFF_PI at 3, one activation: std_entry
 *   "hocan"  HANDOFF at 7, one activation: OP_CANCEL_PROBE (sleeps, then
 *            records SYS_DOOR_CANCELLED) and OP_REPORT
 * Doors of domain "crasher": "hocrash" HANDOFF at 5, one activation:
 * OP_CRASH sleeps w2 ticks, then faults (a load from 0).
 *
 * Roles (arg): 0 server, 1 client (prio 12), 2 victim (a caller that dies
 * while served), 3 crasher, 9 leak check. */
#include <string.h>
#include "door_test.h"

#define CLIENT_PRIO 12
#define HO_PRIO 7
#define HOPI_PRIO 4
#define HOPI2_PRIO 3
enum { OP_NESTED = OP_FIRST_TEST_OP, OP_CANCEL_PROBE, OP_REPORT, OP_CRASH };

static char stacks[4][8192] __attribute__((aligned(16)));
static char bufs[4][STD_BUF];

static long create(hinge_door_entry_t entry, int i, unsigned flags, unsigned prio, const char *name)
{
	struct door_pool_desc p = door_pool(stacks[i], sizeof stacks[i], bufs[i], STD_BUF, 1);
	p.prio = prio;
	long h = hinge_door_create(entry, (uint64_t)i, flags, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	return h;
}

/* ---- server ---- */

static long hopi2;
static volatile int probe_done, probe_cancelled;

static void server_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
			 uint64_t w5, char *buf, uint64_t info)
{
	uint64_t r[DOOR_NWORDS] = { 0 };
	if (op == OP_NESTED) {
		r[4] = (uint64_t)hinge_door_call((int)hopi2, WORDS(OP_SELF, 0, 0, 0, 0), r, 0);
		hinge_door_return(r, 0);
	}
	if (op == OP_CANCEL_PROBE) {
		hinge_sleep(w2);
		probe_cancelled = (int)hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		probe_done = 1;
		hinge_door_return(WORDS(1, 0, 0, 0, 0), 0);
	}
	if (op == OP_REPORT)
		hinge_door_return(WORDS((uint64_t)probe_done, (uint64_t)probe_cancelled, 0, 0, 0), 0);
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int server(void)
{
	int hs[4];
	/* "hopi2" first: a call to "hopi" may come as soon as it is published. */
	hs[2] = (int)(hopi2 = create(server_entry, 2, DOOR_F_HANDOFF_PI, HOPI2_PRIO, "hopi2"));
	hs[0] = (int)create(server_entry, 0, DOOR_F_HANDOFF, HO_PRIO, "ho");
	hs[1] = (int)create(server_entry, 1, DOOR_F_HANDOFF_PI, HOPI_PRIO, "hopi");
	hs[3] = (int)create(server_entry, 3, DOOR_F_HANDOFF, HO_PRIO, "hocan");
	return serve_until_quit(hs, 4);
}

/* ---- crasher ---- */

static void crash_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_CRASH) {
		hinge_sleep(w2);
		(void)*(volatile int *)0;
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int crasher(void)
{
	create(crash_entry, 0, DOOR_F_HANDOFF, 5, "hocrash");
	for (int i = 0; i < 100; i++)
		hinge_sleep(50); /* until a call crashes the domain */
	return 1;            /* it never did */
}

/* ---- background callers of the client and the victim ---- */

struct bgc {
	long door;
	uint64_t op, arg;
	volatile int done;
	long status;
	uint64_t res[DOOR_NWORDS];
};
static struct bgc bgs[3];
static char bgstack[3][8192] __attribute__((aligned(16)));

static void bg_run(long i)
{
	struct bgc *b = &bgs[i];
	b->status = hinge_door_call((int)b->door, WORDS(b->op, b->arg, 0, 0, 0), b->res, 0);
	b->done = 1;
	hinge_thread_exit();
}

static void bg_go(int i, long door, uint64_t op, uint64_t arg, int prio)
{
	bgs[i] = (struct bgc){ .door = door, .op = op, .arg = arg };
	EXPECT(hinge_thread_create(bg_run, bgstack[i] + sizeof bgstack[i], prio, i) >= 0);
}

static void bg_wait(int i)
{
	for (int k = 0; k < 2000 && !bgs[i].done; k++)
		hinge_sleep(1);
	EXPECT(bgs[i].done);
}

/* ---- client ---- */

static void basic(long ho, struct hinge_self me)
{
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)ho, WORDS(OP_SELF, 0, 0, 0, 0), r, 0), 0);
	EXPECT(r[0] != (uint64_t)me.thread); /* another thread ran the call */
	EXPECT_EQ(r[1], HO_PRIO);            /* at the pool's priority: no inheritance */
	EXPECT_EQ(r[2], HO_PRIO);
	EXPECT(r[3] != (uint64_t)me.domain); /* in the server */
	EXPECT_EQ(r[4], OP_SELF);
	uint64_t first = r[0], prio = r[1];
	EXPECT_EQ(hinge_door_call((int)ho, WORDS(OP_SELF, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], first); /* one activation: always its own server thread */
	EXPECT_EQ(self_now().prio, CLIENT_PRIO);
	EXPECT_EQ(self_now().thread, me.thread);

	/* Words, bulk bytes in and out (the general path), as in migrate mode. */
	static char data[64], rbuf[64];
	for (int i = 0; i < 64; i++)
		data[i] = (char)i;
	struct door_xarg x = { (uintptr_t)data, 64, 0, 0, (uintptr_t)rbuf, sizeof rbuf };
	uint64_t bytes = 0;
	EXPECT_EQ(hinge_door_call_bytes((int)ho, WORDS(OP_ECHO, 11, 12, 13, (uintptr_t)&x), r,
					DOOR_CALL_XARG, &bytes), 0);
	EXPECT_EQ(bytes, 64);
	EXPECT_EQ(r[0], 11);
	EXPECT_EQ(r[1], 12);
	EXPECT_EQ(r[2], 13);
	EXPECT_EQ(r[3], 0);  /* a5 is the xarg pointer: the server sees 0 */
	EXPECT_EQ(r[4], 0);  /* the door's cookie */
	for (int i = 0; i < 64; i++)
		EXPECT_EQ(rbuf[i], 63 - i);
	EXPECT_EQ(hinge_door_call((int)ho, WORDS(OP_ECHO, 21, 22, 23, 24), r, 0), 0);
	EXPECT_EQ(r[0], 21);
	EXPECT_EQ(r[3], 24);

	struct door_info di = info_of((int)ho);
	EXPECT_EQ(di.mode, DOOR_MODE_HANDOFF);
	EXPECT_EQ(di.prio, HO_PRIO);
	EXPECT_EQ(di.flags, DOOR_F_HANDOFF);
	EXPECT_EQ(di.nact, 1);
	EXPECT_EQ(di.inflight, 0);
	printf("%s: basic: server thread %lu at %lu, client thread %d at %d\n", TEST,
	       (unsigned long)first, (unsigned long)prio, me.thread, me.prio);
}

static void inheritance(long hopi)
{
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)hopi, WORDS(OP_SELF, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[1], CLIENT_PRIO); /* inherited while serving */
	EXPECT_EQ(r[2], HOPI_PRIO);
	/* Transitive: the boosted server thread calls another HANDOFF_PI door. */
	EXPECT_EQ(hinge_door_call((int)hopi, WORDS(OP_NESTED, 0, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[4], 0);
	EXPECT_EQ(r[1], CLIENT_PRIO);
	EXPECT_EQ(r[2], HOPI2_PRIO);
	/* Undone at return: a caller below the pool's priority finds the
	 * server thread at its own base again. */
	bg_go(0, hopi, OP_SELF, 0, 2);
	bg_wait(0);
	EXPECT_EQ(bgs[0].status, 0);
	EXPECT_EQ(bgs[0].res[1], HOPI_PRIO);
	EXPECT_EQ(bgs[0].res[2], HOPI_PRIO);
	EXPECT_EQ(info_of((int)hopi).mode, DOOR_MODE_HANDOFF_PI);
	printf("%s: handoff+pi: served at %d (base %d), after: %lu\n", TEST, CLIENT_PRIO, HOPI_PRIO,
	       (unsigned long)bgs[0].res[1]);
}

static void contention(long ho)
{
	bg_go(0, ho, OP_SLEEP, 30, 10); /* holds the only activation */
	while (info_of((int)ho).inflight == 0)
		hinge_sleep(1);
	uint64_t r[DOOR_NWORDS];
	EXPECT_EQ(hinge_door_call((int)ho, WORDS(OP_SELF, 0, 0, 0, 0), r, DOOR_CALL_NOWAIT), HE_AGAIN);
	bg_go(1, ho, OP_SELF, 0, 10); /* waits in the pool queue */
	for (int k = 0; k < 20 && info_of((int)ho).waiters == 0; k++)
		hinge_sleep(1);
	EXPECT_EQ(info_of((int)ho).waiters, 1);
	EXPECT(!bgs[1].done);
	bg_wait(0);
	bg_wait(1);
	EXPECT_EQ(bgs[0].status, 0);
	EXPECT_EQ(bgs[1].status, 0);
	EXPECT_EQ(bgs[1].res[0], bgs[0].res[0]); /* the same server thread, in turn */
	EXPECT_EQ(bgs[1].res[1], HO_PRIO);
	EXPECT_EQ(info_of((int)ho).inflight, 0);
}

static void server_death(void)
{
	long h = hinge_name_wait("hocrash");
	EXPECT(h >= 0);
	bg_go(0, h, OP_CRASH, 20, 10);  /* served when the domain dies */
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	bg_go(1, h, OP_SELF, 0, 10);    /* waits for the activation */
	bg_wait(0);
	bg_wait(1);
	EXPECT_EQ(bgs[0].status, HE_DEAD);
	EXPECT_EQ(bgs[1].status, HE_DEAD);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), NULL, 0), HE_DEAD);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
}

static void caller_death(void)
{
	long h = hinge_name_wait("hocan");
	EXPECT(h >= 0);
	uint64_t r[DOOR_NWORDS] = { 0 };
	int k;
	for (k = 0; k < 300; k++) {
		EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_REPORT, 0, 0, 0, 0), r, 0), 0);
		if (r[0])
			break;
		hinge_sleep(5);
	}
	EXPECT_EQ(r[0], 1); /* the server thread finished the victim's call */
	EXPECT_EQ(r[1], 1); /* and was told its caller is gone */
	struct door_info di = info_of((int)h);
	EXPECT_EQ(di.inflight, 0); /* the activation went back to the pool */
	EXPECT_EQ(hinge_handle_close((int)h), 0);
}

/* Creation: flags and priority checked; thread pool exhaustion is HE_NOMEM
 * with nothing left; a freed door's server threads are reaped. */
static char own_stacks[8][4096] __attribute__((aligned(16)));

static void creation(void)
{
	struct door_pool_desc p = door_pool(own_stacks, sizeof own_stacks[0], NULL, 0, 8);
	p.prio = 5;
	EXPECT_EQ(hinge_door_create(std_entry, 0, DOOR_F_HANDOFF | DOOR_F_HANDOFF_PI, &p), HE_INVAL);
	p.prio = (uint32_t)-1; /* the idle thread's level: no server thread gets it */
	EXPECT_EQ(hinge_door_create(std_entry, 0, DOOR_F_HANDOFF, &p), HE_INVAL);
	p.prio = CLIENT_PRIO + 1; /* above the domain's maxprio */
	EXPECT_EQ(hinge_door_create(std_entry, 0, DOOR_F_HANDOFF_PI, &p), HE_INVAL);
	p.prio = 5;
	struct hinge_counts c0, c1, c2;
	EXPECT_EQ(hinge_kcounts(&c0), 0);
	long hs[8];
	int n = 0;
	long r = 0;
	for (; n < 8; n++) {
		hinge_kcounts(&c1);
		r = hinge_door_create(std_entry, 0, DOOR_F_HANDOFF, &p);
		if (r < 0)
			break;
		hs[n] = r;
	}
	EXPECT_EQ(r, HE_NOMEM); /* 64 threads in all */
	EXPECT(n >= 1);
	hinge_kcounts(&c2);
	EXPECT_EQ(c2.threads, c1.threads); /* the failed creation left nothing */
	EXPECT_EQ(c2.schedctx, c1.schedctx);
	EXPECT_EQ(c2.doors, c1.doors);
	EXPECT_EQ(c1.threads, c0.threads + 8 * (uint32_t)n);
	for (int i = 0; i < n; i++)
		EXPECT_EQ(hinge_handle_close((int)hs[i]), 0);
	hinge_kcounts(&c2);
	EXPECT_EQ(c2.threads, c0.threads); /* freed doors: server threads reaped */
	EXPECT_EQ(c2.schedctx, c0.schedctx);
	EXPECT_EQ(c2.doors, c0.doors);
	printf("%s: %d handoff doors of 8 server threads fit, the next one is HE_NOMEM\n", TEST, n);
}

/* Revocation with a call in flight and one waiting, through a door this
 * domain serves itself (its server thread runs in this domain). */
static void revoke_in_flight(void)
{
	struct door_pool_desc p = door_pool(own_stacks, sizeof own_stacks[0], NULL, 0, 1);
	p.prio = 5;
	long h = hinge_door_create(std_entry, 0, DOOR_F_HANDOFF, &p);
	EXPECT(h >= 0);
	bg_go(0, h, OP_SLEEP, 20, 10);
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	bg_go(1, h, OP_SELF, 0, 10);
	while (info_of((int)h).waiters == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_door_revoke((int)h), 0);
	bg_wait(1);
	EXPECT_EQ(bgs[1].status, HE_REVOKED); /* the waiter */
	EXPECT(!bgs[0].done);
	bg_wait(0);
	EXPECT_EQ(bgs[0].status, 0);          /* the call in flight completed */
	EXPECT_EQ(bgs[0].res[1], 5);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_SELF, 0, 0, 0, 0), NULL, 0), HE_REVOKED);
	EXPECT_EQ(hinge_handle_close((int)h), 0);

	/* The last handle closed during a call: the server thread's own return
	 * frees the door, and that server thread ends too. */
	struct hinge_counts c0, c;
	h = hinge_door_create(std_entry, 0, DOOR_F_HANDOFF, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_kcounts(&c0), 0);
	bg_go(0, h, OP_SLEEP, 10, 10);
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	bg_wait(0);
	EXPECT_EQ(bgs[0].status, 0);
	for (int k = 0; k < 20; k++) { /* the caller thread and the server thread are reaped */
		hinge_kcounts(&c);
		if (c.threads == c0.threads - 1)
			break;
		hinge_sleep(1);
	}
	EXPECT_EQ(c.threads, c0.threads - 1);
	EXPECT_EQ(c.doors, c0.doors - 1);
}

static int client(void)
{
	long ho = hinge_name_wait("ho"), hopi = hinge_name_wait("hopi");
	EXPECT(ho >= 0 && hopi >= 0);
	struct hinge_self me = self_now();
	EXPECT_EQ(me.prio, CLIENT_PRIO);
	basic(ho, me);
	inheritance(hopi);
	contention(ho);
	server_death();
	caller_death();
	creation();
	revoke_in_flight();
	EXPECT_EQ(hinge_handle_close((int)hopi), 0);
	return client_done(ho);
}

/* ---- victim: dies while its call is served ---- */

static int victim(void)
{
	long h = hinge_name_wait("hocan");
	EXPECT(h >= 0);
	bg_go(2, h, OP_CANCEL_PROBE, 20, 6);
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	hinge_exit(failures); /* the whole domain, with its thread in the call */
}

ROLES({ 0, server }, { 1, client }, { 2, victim }, { 3, crasher })
