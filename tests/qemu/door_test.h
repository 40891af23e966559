/* What the QEMU test programs (tests/qemu/PROGRAM/PROGRAM.c) share:
 * non-fatal checks, a small general-purpose server, the end of a client, the
 * leak check and the role table.
 *
 * Each test is one program whose manifest arg picks a role (server, client,
 * ...). Clients find servers by name (hinge_name_wait). A check that fails
 * prints its line and counts; a role returns the count, so a test's domains
 * end with exit:0 exactly when every check held, and one failing check does
 * not hide the others. Every role of a test program is a static function in
 * it, listed in its ROLES table. TEST, the program's name (the Makefile
 * defines it), names the test in messages. */
#ifndef TESTS_QEMU_DOOR_TEST_H
#define TESTS_QEMU_DOOR_TEST_H

#include <stdio.h>
#include "hinge.h"
#include "door.h"

static int failures;

static inline void note_failure(void)
{
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
}

#define EXPECT(cond)                                                                   \
	do {                                                                           \
		if (!(cond)) {                                                         \
			note_failure();                                                \
			printf("%s:%d: FAILED: %s\n", TEST, __LINE__, #cond);          \
		}                                                                      \
	} while (0)

#define EXPECT_EQ(a, b)                                                                \
	do {                                                                           \
		long a_ = (long)(a), b_ = (long)(b);                                   \
		if (a_ != b_) {                                                        \
			note_failure();                                                \
			printf("%s:%d: FAILED: %s is %ld, expected %s (%ld)\n", TEST,  \
			       __LINE__, #a, a_, #b, b_);                              \
		}                                                                      \
	} while (0)

static inline struct hinge_self self_now(void)
{
	struct hinge_self me;
	hinge_self(&me);
	return me;
}

static inline struct door_info info_of(int h)
{
	struct door_info di = { 0 };
	EXPECT_EQ(hinge_door_info(h, &di), 0);
	return di;
}

/* Five words to a door call. */
#define WORDS(...) ((const uint64_t[DOOR_NWORDS]){ __VA_ARGS__ })

/* ---- A general-purpose server ------------------------------------------------
 *
 * Operations (w1) of the standard entry std_entry:
 *   OP_ECHO   results = the words w2..w5 and the cookie; bulk bytes are
 *             returned reversed
 *   OP_SELF   results = thread id, effective and base priority, domain of the
 *             thread running the call
 *   OP_SLEEP  sleeps w2 ticks, then as OP_SELF
 *   OP_QUIT   the server's main thread may end once no call runs any more */
enum { OP_ECHO = 1, OP_SELF, OP_SLEEP, OP_QUIT, OP_FIRST_TEST_OP };

static volatile int quit;

static inline __attribute__((noreturn)) void std_entry(uint64_t cookie, uint64_t op, uint64_t w2,
							uint64_t w3, uint64_t w4, uint64_t w5,
							char *buf, uint64_t info)
{
	size_t n = DOOR_INFO_BYTES(info);
	if (op == OP_ECHO) {
		for (size_t i = 0; i < n / 2; i++) {
			char c = buf[i];
			buf[i] = buf[n - 1 - i];
			buf[n - 1 - i] = c;
		}
		hinge_door_return(WORDS(w2, w3, w4, w5, cookie), n);
	}
	if (op == OP_SLEEP)
		hinge_sleep(w2);
	if (op == OP_QUIT)
		quit = 1;
	struct hinge_self me = self_now();
	hinge_door_return(WORDS((uint64_t)me.thread, (uint64_t)me.prio, (uint64_t)me.base_prio,
				(uint64_t)me.domain, op),
			  0);
}

/* The main thread of a server: wait for OP_QUIT, then until none of the n
 * doors in handles[] has a call in flight (ending the domain under a running
 * call would send that call back with HE_DEAD). Returns the failure count. */
static inline int serve_until_quit(const int *handles, int n)
{
	for (;;) {
		hinge_sleep(1);
		if (!quit)
			continue;
		int busy = 0;
		for (int i = 0; i < n; i++) {
			struct door_info di = { 0 };
			if (hinge_door_info(handles[i], &di) == 0)
				busy += (int)(di.inflight + di.waiters);
		}
		if (!busy)
			return failures;
	}
}

/* A server of one std_entry door with nact activations (8 KiB stacks,
 * 512-byte buffers) and the given DOOR_F_* flags, published as name. */
#define STD_BUF 512
static char std_stacks[4][8192] __attribute__((aligned(16)));
static char std_bufs[4][STD_BUF];

static inline int std_server(const char *name, unsigned nact, unsigned flags)
{
	struct door_pool_desc p = door_pool(std_stacks, sizeof std_stacks[0], std_bufs, STD_BUF, nact);
	long h = hinge_door_create(std_entry, 0, flags, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, name), 0);
	int hs[1] = { (int)h };
	return serve_until_quit(hs, 1);
}

/* The end of a client: its report, and the failure count to return. */
static inline int client_report(void)
{
	printf("%s: client %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* The end of a client of a server that waits in serve_until_quit: OP_QUIT
 * through h, h closed, then the report. */
static inline int client_done(long h)
{
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_QUIT, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return client_report();
}

/* ---- Background callers ------------------------------------------------------
 *
 * A client's two extra threads call OP_SLEEP through bg_door in the
 * background, to hold an activation or to wait for one; each records how its
 * call ended. Start caller i (0 or 1) with bg_start. */
struct bg_call {
	volatile int done;
	long status;
	uint64_t res[DOOR_NWORDS];
};

static long bg_door __attribute__((unused));
static struct bg_call bg[2] __attribute__((unused));
static char bg_stacks[2][8192] __attribute__((aligned(16), unused));

static inline void bg_caller(long arg)
{
	struct bg_call *c = &bg[arg & 1];
	c->status = hinge_door_call((int)bg_door, WORDS(OP_SLEEP, (uint64_t)arg >> 1, 0, 0, 0), c->res, 0);
	c->done = 1;
	hinge_thread_exit();
}

/* Caller i sleeps `ticks` in the server; returns its thread id or an error. */
static inline long bg_start(int i, int prio, uint64_t ticks)
{
	return hinge_thread_create(bg_caller, bg_stacks[i] + sizeof bg_stacks[i], prio,
				   (long)(ticks << 1 | (uint64_t)i));
}

/* ---- Leak check -----------------------------------------------------------------
 *
 * Role of a domain at a priority above all others, listed in a test's
 * manifest: it runs first, before any other domain made a thread, so at that
 * moment every domain has exactly one thread and one scheduling context and
 * the rest are the kernel's own (idle). It then waits until it is the last
 * live domain and checks that what is left is exactly that: no door, no busy
 * activation, no handle, no notification or memory object (nor its pages),
 * only its own thread and schedctx. */
static inline int leakcheck(void)
{
	struct hinge_counts c0, c;
	EXPECT_EQ(hinge_kcounts(&c0), 0);
	uint32_t kernel_threads = c0.threads - c0.domains, kernel_sc = c0.schedctx - c0.domains;
	do {
		hinge_sleep(5);
		hinge_kcounts(&c);
	} while (c.domains > 1);
	/* Dead threads are reaped by the scheduler shortly after. */
	for (int i = 0; i < 50 && (c.threads != kernel_threads + 1 || c.doors != 0); i++) {
		hinge_sleep(1);
		hinge_kcounts(&c);
	}
	EXPECT_EQ(c.domains, 1);
	EXPECT_EQ(c.threads, kernel_threads + 1);
	EXPECT_EQ(c.schedctx, kernel_sc + 1);
	EXPECT_EQ(c.doors, 0);
	EXPECT_EQ(c.activations_busy, 0);
	EXPECT_EQ(c.handles, 0);
	EXPECT_EQ(c.notifies, 0);
	EXPECT_EQ(c.memobjs, 0);
	EXPECT_EQ(c.mem_pages, 0);
	EXPECT(c.pages_used <= c0.pages_used); /* the other domains' pages are back */
	EXPECT_EQ(c.mutexes, 0);
	EXPECT_EQ(c.semas, 0);
	EXPECT_EQ(c.rbufs, 0);
	printf("%s: leak check %s (%u threads, %u schedctx, %u doors, %u busy activations, %u handles, "
	       "%u notifications, %u memory objects)\n",
	       TEST, failures ? "FAILED" : "passed", c.threads, c.schedctx, c.doors,
	       c.activations_busy, c.handles, c.notifies, c.memobjs);
	return failures;
}

/* The end of a role whose domain is to die (in its door, or killed): it
 * sleeps until then. Should sleeping fail, the role returns a failure. */
static inline int sleep_until_dead(void)
{
	while (hinge_sleep(100) == 0)
		;
	return 1;
}

/* ---- Roles -----------------------------------------------------------------------
 *
 * ROLES({ 0, server }, { 1, client }) is a test program's main: the manifest's
 * arg names the role a domain runs, and ROLE_LEAKCHECK the leak check in
 * every program. An arg no role has is a mistake in the manifest: the
 * domain ends with 1. */
#define ROLE_LEAKCHECK 9

struct role {
	long arg;
	int (*run)(void);
};

static inline int run_role(long arg, const struct role *roles, size_t n)
{
	if (arg == ROLE_LEAKCHECK)
		return leakcheck();
	for (size_t i = 0; i < n; i++)
		if (roles[i].arg == arg)
			return roles[i].run();
	printf("%s: no role %ld\n", TEST, arg);
	return 1;
}

#define ROLES(...)                                                                     \
	int main(long arg)                                                             \
	{                                                                              \
		static const struct role roles[] = { __VA_ARGS__ };                    \
		return run_role(arg, roles, sizeof roles / sizeof roles[0]);           \
	}

#endif
