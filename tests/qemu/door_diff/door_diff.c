/* Differential run: a fixed pseudo-random sequence of door calls, nested
 * calls, returns, revocations, handle dups and closes and a server's death,
 * each printed with its outcome (status, result words) and the kernel's
 * object counts after it. The kernel built with FASTPATH=0 takes the general
 * door path for everything the fast path does, so the two kernels must print
 * the same lines ("door_diff: op ..."): scripts/run-tests.sh boots this test
 * on both and compares them (test "door-diff"). Alone, the test checks that
 * every outcome is one the rules allow and that nothing leaks.
 *
 * Roles (arg): 0, 1 servers A and B, 2 server C (dies during the run), 3 the
 * client, 9 the leak check. Each server serves two doors (DOORS_PER of
 * them, two activations each) and a control door, and holds handles to the
 * other servers' doors, so that its entry can call on (nested calls, always
 * DOOR_CALL_NOWAIT: a thread never waits for an activation it holds). */
#include "door_test.h"

enum { OP_MIX = OP_FIRST_TEST_OP, OP_NEST, OP_REVOKE, OP_CLOSE, OP_DIE };
enum { NSERVERS = 3, DOORS_PER = 2, NDOORS = NSERVERS * DOORS_PER, NOPS = 400, SERVER_C = 2 };

static int me;                    /* this server's index */
static long own[DOORS_PER];       /* its doors */
static long peer[NDOORS];         /* every server's doors (its own are dups) */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x7fb5d329728ea185ULL;
	x ^= x >> 27;
	x *= 0x81dadef4bc2dd44dULL;
	return x ^ (x >> 33);
}

/* The operation of a call with the seed s: the client's and the nested
 * calls' choice, so that both follow one distribution. */
static uint64_t pick_op(uint64_t s)
{
	static const uint64_t ops[16] = { OP_MIX, OP_MIX, OP_MIX, OP_MIX, OP_MIX, OP_NEST, OP_NEST, OP_NEST,
					  OP_NEST, OP_NEST, OP_NEST, OP_REVOKE, OP_CLOSE, OP_CLOSE, OP_DIE, 99 };
	return ops[s % 16];
}

/* A door's entry: cookie = server * DOORS_PER + door (control doors:
 * NDOORS + server). w2 = seed, w3 = depth left for OP_NEST. */
static void diff_entry(uint64_t cookie, uint64_t op, uint64_t seed, uint64_t depth, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	uint64_t s = mix(seed);
	long st = 0;
	uint64_t r[DOOR_NWORDS] = { 0 };
	switch (op) {
	case OP_MIX:
		hinge_door_return(WORDS(cookie, seed ^ w4, seed + w5, depth, s), 0);
	case OP_NEST:
		if (depth == 0)
			hinge_door_return(WORDS(cookie, 0, 0, 0, 1), 0);
		st = hinge_door_call((int)peer[s % NDOORS],
				     WORDS(pick_op(s >> 8), s >> 16, depth - 1, cookie, 0), r, DOOR_CALL_NOWAIT);
		hinge_door_return(WORDS(cookie, (uint64_t)st, r[0], r[1] ^ r[2], r[3] + r[4]), 0);
	case OP_REVOKE: /* one time in eight: the doors should not all be gone early */
		st = s % 8 ? 1 : hinge_door_revoke((int)own[(s >> 3) % DOORS_PER]);
		hinge_door_return(WORDS(cookie, (uint64_t)st, 0, 0, 0), 0);
	case OP_CLOSE:
		/* Closes this server's handle to some door (its own door's
		 * handle stays: the server revokes through it). */
		st = peer[s % NDOORS] < 0 ? 1 : hinge_handle_close((int)peer[s % NDOORS]);
		if (st == 0)
			peer[s % NDOORS] = -1;
		hinge_door_return(WORDS(cookie, (uint64_t)st, 0, 0, 0), 0);
	case OP_DIE:
		if (me == SERVER_C && s % 8 == 0)
			(void)*(volatile int *)0x80200000; /* kernel memory: a load fault, the domain dies */
		hinge_door_return(WORDS(cookie, 1, 0, 0, 0), 0);
	default:
		std_entry(cookie, op, seed, depth, w4, w5, buf, info);
	}
}

static char stacks[DOORS_PER + 1][2][8192] __attribute__((aligned(16)));

static const char *const names[NSERVERS][DOORS_PER + 1] = {
	{ "dfA0", "dfA1", "dfA+" }, { "dfB0", "dfB1", "dfB+" }, { "dfC0", "dfC1", "dfC+" },
};

/* A server: its doors published, then its control door once it holds
 * handles to every door (the client waits for the control doors). */
static int server(int idx)
{
	me = idx;
	long ctl = -1;
	for (int d = 0; d <= DOORS_PER; d++) {
		struct door_pool_desc p = door_pool(stacks[d], sizeof stacks[d][0], NULL, 0, 2);
		long h = hinge_door_create(diff_entry, d < DOORS_PER ? (uint64_t)(idx * DOORS_PER + d)
								     : (uint64_t)(NDOORS + idx), 0, &p);
		EXPECT(h >= 0);
		if (d < DOORS_PER) {
			own[d] = h;
			EXPECT_EQ(hinge_name_publish((int)h, names[idx][d]), 0);
		} else {
			ctl = h;
		}
	}
	for (int i = 0; i < NDOORS; i++) {
		peer[i] = hinge_name_wait(names[i / DOORS_PER][i % DOORS_PER]);
		EXPECT(peer[i] >= 0);
	}
	EXPECT_EQ(hinge_name_publish((int)ctl, names[idx][DOORS_PER]), 0);
	int hs[1] = { (int)ctl };
	return serve_until_quit(hs, 1);
}

static int server_a(void) { return server(0); }
static int server_b(void) { return server(1); }
static int server_c(void) { return server(2); }

/* Whether st is an outcome the rules allow for the client's calls. */
static int allowed(long st)
{
	return st == 0 || st == HE_BADHANDLE || st == HE_REVOKED || st == HE_DEAD || st == HE_AGAIN ||
	       st == HE_INVAL || st == HE_PERM;
}

static int client(void)
{
	long ctl[NSERVERS];
	for (int i = 0; i < NSERVERS; i++)
		ctl[i] = hinge_name_wait(names[i][DOORS_PER]);
	/* Slots of handles the client calls through: the servers' doors and
	 * dups made along the way (an empty slot: a number naming nothing). */
	enum { NSLOTS = NDOORS + 2 };
	long slot[NSLOTS];
	for (int i = 0; i < NDOORS; i++)
		slot[i] = hinge_name_wait(names[i / DOORS_PER][i % DOORS_PER]);
	slot[NDOORS] = hinge_handle_dup((int)slot[0], H_CALL | H_DUP);
	slot[NDOORS + 1] = hinge_handle_dup((int)slot[DOORS_PER], H_INFO);
	uint64_t s = 0x5eed;
	for (int i = 0; i < NOPS; i++) {
		s = mix(s + (uint64_t)i);
		int k = (int)(s % NSLOTS);
		/* An empty slot is mostly filled again by name (a fresh handle),
		 * else the operation gets a number naming nothing. */
		if (slot[k] < 0 && (s >> 8) % 4)
			slot[k] = hinge_name_lookup(names[k % NDOORS / DOORS_PER][k % DOORS_PER]);
		long h = slot[k] >= 0 ? slot[k] : (s >> 8) % 4 ? -1 : 1000;
		long st;
		uint64_t r[DOOR_NWORDS] = { 0 };
		const char *what;
		if (i == NOPS / 2) {
			/* C dies now if it has not already. */
			what = "kill C";
			st = hinge_door_call((int)ctl[SERVER_C], WORDS(OP_DIE, 0, 0, 0, 0), r, 0);
		} else if ((s >> 4) % 16 < 13) {
			static const unsigned flags[8] = { 0, DOOR_CALL_NOWAIT, 0, 0, 0, DOOR_CALL_NOWAIT, 0, 0x80 };
			static const char *const whats[8] = { "call", "call nowait", "call", "call",
							      "call", "call nowait", "call", "call badflag" };
			what = whats[(s >> 30) % 8];
			st = hinge_door_call((int)h, WORDS(pick_op(s >> 12), s >> 20, (s >> 40) % 6, s >> 3, s >> 5),
					     r, flags[(s >> 30) % 8]);
			EXPECT(allowed(st));
		} else if ((s >> 4) % 16 < 15) {
			/* Into the first empty slot, if any. */
			what = "dup";
			st = hinge_handle_dup((int)h, (s >> 50) % 4 ? H_CALL | H_INFO | H_DUP : H_INFO);
			for (int j = 0; st >= 0 && j < NSLOTS; j++) {
				if (slot[j] < 0) {
					slot[j] = st;
					break;
				}
			}
		} else {
			what = "close";
			st = hinge_handle_close((int)h);
			if (st == 0)
				slot[k] = -1;
		}
		struct hinge_counts c;
		EXPECT_EQ(hinge_kcounts(&c), 0);
		printf("%s: op %d %s h=%ld -> %ld [%lx %lx %lx %lx %lx] doors=%u busy=%u handles=%u domains=%u\n",
		       TEST, i, what, h, st, (unsigned long)r[0], (unsigned long)r[1], (unsigned long)r[2],
		       (unsigned long)r[3], (unsigned long)r[4], c.doors, c.activations_busy, c.handles,
		       c.domains);
	}
	for (int i = 0; i < NSLOTS; i++)
		if (slot[i] >= 0)
			hinge_handle_close((int)slot[i]);
	hinge_handle_close((int)ctl[SERVER_C]);
	EXPECT_EQ(hinge_door_call((int)ctl[0], WORDS(OP_QUIT, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)ctl[0]), 0);
	return client_done(ctl[1]);
}

ROLES({ 0, server_a }, { 1, server_b }, { 2, server_c }, { 3, client })
