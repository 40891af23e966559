/* A handoff door's server thread in a chain that a death splits or cuts
 * (doors/SEMANTICS.md §11 and §16). Three tests, one manifest each; the
 * supervisor (it holds the kill right) kills a domain once the call chain is
 * where the test wants it, which it sees through SYS_DOOR_INFO (inflight)
 * of a door down the chain.
 *
 * chain_split.manifest: a split of a server thread. C calls S's handoff
 *   door "d"; its server thread s calls X's migrate door "x", X's code calls
 *   Y's "y", which sleeps; X is killed. s's code in S resumes with HE_DEAD
 *   naming X and returns to C normally (the thread object keeping hop 0
 *   keeps serving, with s's thread id); the work in Y ends as an orphan
 *   (SYS_DOOR_CANCELLED = 1); a second call of "d" works.
 * server_dies.manifest: S dies while its server thread is out in X.
 *   C's call returns HE_DEAD naming S at once (X's work is not done yet);
 *   the work in X goes on as an orphan and ends; X's main thread is then its
 *   last thread: SYS_THREAD_EXIT ends X (exit 0) and C's thread, which
 *   sleeps in X's door meanwhile, returns with HE_DEAD naming X.
 * orphan_call.manifest: an orphan's handed-over handoff call is not
 *   abandoned. A calls B's migrate door "b", B's code calls S's handoff door
 *   "hs" (its server thread sleeps, then returns HS_RESULT); A is killed.
 *   B's call gets HS_RESULT, SYS_DOOR_CANCELLED is 1 in B (nobody waits for
 *   B's result) and 0 in S (the orphan waits for S's), and the orphan ends.
 *
 * Domain ids are the manifests' line order (the first domains of a boot get
 * ids 0, 1, ...): the check is 0, the supervisor 1, then the roles in the
 * order below. Roles (manifest arg): 9 leak check; 10..14 split (supervisor,
 * C, S, X, Y); 20..23 server death (supervisor, C, S, X); 30..33 orphan call
 * (supervisor, A, B, S). */
#include <string.h>
#include "door_test.h"

enum { OP_CHAIN = OP_FIRST_TEST_OP, OP_WORK, OP_REPORT, OP_HOLD };
#define WORK_TICKS 300 /* the sleep at the end of each chain: long enough for a killer on a loaded host (race4) */
#define HS_RESULT 4242

/* Domain ids (manifest order). */
#define SPLIT_X 4
#define SERVER_S 3
#define SERVER_X 4
#define ORPHAN_A 2

static char stacks[2][8192] __attribute__((aligned(16)));
static char bufs[2][STD_BUF];
static long next_door; /* the door this domain's entry calls on */
static volatile int work_done, work_cancelled, held;
static volatile long got_status, got_word;

static long create(hinge_door_entry_t entry, unsigned nact, unsigned flags, unsigned prio,
		   const char *name)
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], bufs, STD_BUF, nact);
	p.prio = prio;
	long h = hinge_door_create(entry, 0, flags, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	return h;
}

/* The supervisor: once the door `watch` has a call in flight (and `settle`
 * ticks more), kill domain `victim` and be told of its death. */
static int killer(const char *watch, unsigned settle, int victim, const char *victim_name)
{
	long h = hinge_name_wait(watch);
	EXPECT(h >= 0);
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	hinge_sleep(settle);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, victim, 0, 0, 0), 0);
	struct hinge_death d;
	EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), 0);
	EXPECT_EQ(d.domain, victim);
	EXPECT(strcmp(d.name, victim_name) == 0);
	EXPECT_EQ(d.how, DEATH_KILL);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	printf("%s: supervisor killed %s\n", TEST, victim_name);
	return failures;
}

/* The end of a chain (Y, or X): sleeps, then records whether anyone still
 * waits for its result. */
static void work_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_WORK) {
		hinge_sleep(WORK_TICKS);
		work_cancelled = (int)hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		work_done = 1;
		hinge_door_return(WORDS(1), 0);
	}
	if (op == OP_REPORT)
		hinge_door_return(WORDS((uint64_t)work_done), 0);
	if (op == OP_HOLD) {
		held = 1;
		hinge_sleep(5 * WORK_TICKS);
		hinge_door_return(WORDS(1), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

/* Wait until the work ran and its orphan has left the door h (`others`
 * calls stay in flight). */
static void await_orphan_end(long h, uint32_t others)
{
	while (!work_done || info_of((int)h).inflight != others)
		hinge_sleep(1);
	EXPECT_EQ(work_cancelled, 1);
}

/* A middle domain's entry: OP_CHAIN calls next_door with OP_WORK. */
static void pass_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_CHAIN) {
		uint64_t r[DOOR_NWORDS] = { 0 };
		long st = hinge_door_call((int)next_door, WORDS(OP_WORK), r, 0);
		hinge_door_return(WORDS((uint64_t)st, r[0], r[1], r[2]), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

/* ---- split: a server thread's chain loses a middle domain ---- */

/* S's handoff door "d": OP_CHAIN calls X; the result words are X's call's
 * status and a1..a3, SYS_DOOR_CANCELLED after it, and whether SYS_SELF names
 * the same thread before and after. */
static void split_d_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
			  uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_CHAIN) {
		int before = self_now().thread;
		uint64_t r[DOOR_NWORDS] = { 0 };
		long st = hinge_door_call((int)next_door, WORDS(OP_CHAIN), r, 0);
		long cancelled = hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		int same = self_now().thread == before;
		hinge_door_return(WORDS((uint64_t)st, r[0], r[1], (uint64_t)cancelled, (uint64_t)same), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int split_client(void)
{
	long d = hinge_name_wait("d");
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_CHAIN), r, 0), 0); /* S's reply */
	EXPECT_EQ((long)r[0], HE_DEAD);  /* s's call of X ... */
	EXPECT_EQ(r[1], SPLIT_X);        /* ... names X */
	EXPECT_EQ(r[2], DEATH_KILL);
	EXPECT_EQ(r[3], 0);              /* C still waits for s */
	EXPECT_EQ(r[4], 1);              /* s's thread id stayed */
	/* The door works on: its activation has its server thread. */
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_SELF), r, 0), 0);
	EXPECT_EQ(r[4], OP_SELF);
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_CHAIN), r, 0), 0);
	EXPECT_EQ((long)r[0], HE_DEAD);  /* X is dead now: refused at once */
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_QUIT), r, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)d), 0);
	printf("%s: split: client %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

static int split_s(void)
{
	next_door = hinge_name_wait("x");
	int h = (int)create(split_d_entry, 1, DOOR_F_HANDOFF_PI, 4, "d");
	return serve_until_quit(&h, 1);
}

static int split_x(void)
{
	next_door = hinge_name_wait("y");
	create(pass_entry, 1, 0, 0, "x");
	return sleep_until_dead();
}

static int split_y(void)
{
	long h = create(work_entry, 1, 0, 0, "y");
	await_orphan_end(h, 0);
	printf("%s: split: orphan in Y ended %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* ---- server death: S dies while its server thread is out in X ---- */

static int dies_client(void)
{
	long d = hinge_name_wait("d2"), x = hinge_name_wait("x2");
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_CHAIN), r, 0), HE_DEAD);
	EXPECT_EQ(r[0], SERVER_S);
	EXPECT_EQ(r[1], DEATH_KILL);
	EXPECT_EQ(hinge_door_call((int)x, WORDS(OP_REPORT), r, 0), 0);
	EXPECT_EQ(r[0], 0); /* at once: the work in X is not done yet */
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_SELF), r, 0), HE_DEAD);
	/* X ends by its main thread's SYS_THREAD_EXIT once the orphan is gone,
	 * while this thread sleeps in X: sent back with HE_DEAD naming X, at
	 * once. The handle to "d2" stays open meanwhile, so the door outlives
	 * the orphan and the orphan's end (not the door's) takes the server
	 * thread off its activation (doors/SEMANTICS.md §16). */
	EXPECT_EQ(hinge_door_call((int)x, WORDS(OP_HOLD), r, 0), HE_DEAD);
	EXPECT_EQ(r[0], SERVER_X);
	EXPECT_EQ(r[1], DEATH_EXIT);
	EXPECT_EQ(hinge_handle_close((int)d), 0);
	EXPECT_EQ(hinge_handle_close((int)x), 0);
	printf("%s: server death: client %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

static int dies_s(void)
{
	next_door = hinge_name_wait("x2");
	create(pass_entry, 1, DOOR_F_HANDOFF, 4, "d2");
	return sleep_until_dead();
}

static int dies_x(void)
{
	long h = create(work_entry, 2, 0, 0, "x2");
	while (!held)
		hinge_sleep(1);
	await_orphan_end(h, 1); /* C's OP_HOLD stays */
	printf("%s: server death: orphan in X ended %s\n", TEST, failures ? "FAILED" : "passed");
	if (failures)
		return failures;
	/* The only thread of X's own: this ends the domain (exit 0), and C's
	 * thread in it goes back. */
	hinge_thread_exit();
}

/* ---- orphan call: A dies while B's code waits for S's server thread ---- */

static volatile int hs_cancelled = -1;

static void hs_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		     uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_WORK) {
		hinge_sleep(WORK_TICKS);
		hs_cancelled = (int)hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		hinge_door_return(WORDS(HS_RESULT), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static void b_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		    uint64_t w5, char *buf, uint64_t info)
{
	if (op == OP_CHAIN) {
		uint64_t r[DOOR_NWORDS] = { 0 };
		got_status = hinge_door_call((int)next_door, WORDS(OP_WORK), r, 0);
		got_word = (long)r[0];
		work_cancelled = (int)hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		work_done = 1;
		hinge_door_return(WORDS(1), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int orphan_a(void)
{
	long b = hinge_name_wait("b");
	hinge_door_call((int)b, WORDS(OP_CHAIN), NULL, 0); /* killed in it */
	EXPECT(0);
	return failures;
}

static int orphan_b(void)
{
	next_door = hinge_name_wait("hs");
	long h = create(b_entry, 1, 0, 0, "b");
	await_orphan_end(h, 0);
	EXPECT_EQ(got_status, 0); /* not HE_CANCELLED: the call had begun */
	EXPECT_EQ(got_word, HS_RESULT);
	EXPECT_EQ(hinge_handle_close((int)next_door), 0);
	printf("%s: orphan call: B got %ld, status %ld, cancelled %d %s\n", TEST, got_word, got_status,
	       work_cancelled, failures ? "FAILED" : "passed");
	return failures;
}

static int orphan_s(void)
{
	long h = create(hs_entry, 1, DOOR_F_HANDOFF, 4, "hs");
	while (hs_cancelled < 0 || info_of((int)h).inflight != 0)
		hinge_sleep(1);
	EXPECT_EQ(hs_cancelled, 0); /* the orphan in B waited for the result */
	return failures;
}

static int split_killer(void)
{
	return killer("y", 5, SPLIT_X, "x");
}

static int dies_killer(void)
{
	return killer("x2", 5, SERVER_S, "s");
}

static int orphan_killer(void)
{
	return killer("hs", 5, ORPHAN_A, "a");
}

ROLES({ 10, split_killer }, { 11, split_client }, { 12, split_s }, { 13, split_x }, { 14, split_y },
      { 20, dies_killer }, { 21, dies_client }, { 22, dies_s }, { 23, dies_x },
      { 30, orphan_killer }, { 31, orphan_a }, { 32, orphan_b }, { 33, orphan_s })
