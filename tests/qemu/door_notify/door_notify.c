/* Door events on a notification object (SYS_DOOR_NOTIFY, doors/SEMANTICS.md
 * §8 and §11).
 *
 * The server binds doors A and B (DOOR_F_UNREF) to one notification N with
 * unref bits 1 and 2, and door C with cancel bit 4; its main thread waits on
 * N alone. The client calls A and B and closes its handles: both bits come,
 * and SYS_DOOR_UNREF_WAIT then says "delivered already". A chain top -> middle
 * -> C runs; the supervisor kills middle while the call runs in C: the call's
 * thread is an orphan now, bit 4 reaches the server's main thread while that
 * call still runs, and SYS_DOOR_CANCELLED says 1 in it. Door D was bound and
 * unbound: its unreference goes to SYS_DOOR_UNREF_WAIT as before, not to N.
 * The server closes N's only handle while A, B, C are still bound; the leak
 * check finds nothing left once the doors are gone.
 *
 * Roles (arg): 0 server, 1 client, 2 middle, 3 top, 4 supervisor, 9 leak
 * check. Domain ids follow the manifest: middle is domain 4. */
#include <string.h>
#include "door_test.h"
#include "sync.h"

#define MIDDLE_ID 4
enum { BIT_A = 1, BIT_B = 2, BIT_CANCEL = 4, BIT_D = 8 };
enum { OP_HOLD = OP_FIRST_TEST_OP };

/* ---- server ---- */

static char stacks[4][8192] __attribute__((aligned(16)));
static char bufs[4][64];
static volatile int in_c, release_c;
static volatile long cancelled_at_start = -1, cancelled_at_end = -1;

/* C's entry: runs until the main thread has seen the cancel bit. */
static void c_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		    uint64_t w5, char *buf, uint64_t info)
{
	if (op != OP_HOLD)
		std_entry(cookie, op, w2, w3, w4, w5, buf, info);
	cancelled_at_start = hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
	in_c = 1;
	while (!release_c)
		hinge_sleep(1);
	cancelled_at_end = hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
	hinge_door_return(WORDS(0, 0, 0, 0, 0), 0);
}

static long make_door(int i, void *entry, unsigned flags)
{
	struct door_pool_desc p = door_pool(stacks[i], sizeof stacks[i], bufs[i], sizeof bufs[i], 1);
	long h = hinge_door_create(entry, 0, flags, &p);
	EXPECT(h >= 0);
	return h;
}

static int server(void)
{
	long n = hinge_notify_create();
	long a = make_door(0, std_entry, DOOR_F_UNREF), b = make_door(1, std_entry, DOOR_F_UNREF);
	long c = make_door(2, c_entry, 0), d = make_door(3, std_entry, DOOR_F_UNREF);
	EXPECT(n >= 0);

	/* Errors: a right the binding needs, bits, a door without DOOR_F_UNREF. */
	long weak = hinge_handle_dup((int)n, H_WAIT);
	EXPECT_EQ(hinge_door_notify((int)a, (int)weak, BIT_A, 0), HE_PERM);
	EXPECT_EQ(hinge_handle_close((int)weak), 0);
	EXPECT_EQ(hinge_door_notify((int)a, (int)n, 1ull << 63, 0), HE_INVAL);
	EXPECT_EQ(hinge_door_notify((int)c, (int)n, BIT_CANCEL, 0), HE_INVAL);
	EXPECT_EQ(hinge_door_notify((int)n, (int)n, BIT_A, 0), HE_BADHANDLE);

	EXPECT_EQ(hinge_door_notify((int)a, (int)n, BIT_A, 0), 0);
	EXPECT_EQ(hinge_door_notify((int)b, (int)n, BIT_B, 0), 0);
	EXPECT_EQ(hinge_door_notify((int)c, (int)n, 0, BIT_CANCEL), 0);
	EXPECT_EQ(hinge_door_notify((int)d, (int)n, BIT_D, 0), 0);
	EXPECT_EQ(hinge_door_notify((int)d, -1, 0, 0), 0); /* unbound again */
	EXPECT_EQ(hinge_name_publish((int)a, "nA"), 0);
	EXPECT_EQ(hinge_name_publish((int)b, "nB"), 0);
	EXPECT_EQ(hinge_name_publish((int)c, "nC"), 0);
	EXPECT_EQ(hinge_name_publish((int)d, "nD"), 0);

	/* One thread, one wait, two doors. */
	long got = 0;
	while (got != (BIT_A | BIT_B)) {
		long r = hinge_notify_wait((int)n, BIT_A | BIT_B | BIT_D);
		EXPECT(r > 0 && !(r & BIT_D));
		if (r < 0)
			break;
		got |= r;
	}
	EXPECT_EQ(info_of((int)a).unref, 1);
	EXPECT_EQ(info_of((int)b).unref, 1);
	EXPECT_EQ(hinge_door_unref_wait((int)a), HE_INVAL); /* delivered, once */

	/* The cancel bit, while the orphaned call still runs in C. */
	EXPECT_EQ(hinge_notify_wait((int)n, BIT_CANCEL), BIT_CANCEL);
	EXPECT_EQ(in_c, 1);
	EXPECT_EQ(cancelled_at_start, 0);
	EXPECT_EQ(info_of((int)c).inflight, 1);
	release_c = 1;
	while (info_of((int)c).inflight != 0)
		hinge_sleep(1);
	EXPECT_EQ(cancelled_at_end, 1);

	/* D, unbound: SYS_DOOR_UNREF_WAIT as before, nothing on N. */
	EXPECT_EQ(hinge_door_unref_wait((int)d), 0);
	EXPECT_EQ(hinge_notify_poll((int)n, NOTIFY_BITS_ALL), 0);

	/* The last handle goes while A, B, C are bound: the doors keep the
	 * object until they are freed with this domain. */
	EXPECT_EQ(hinge_handle_close((int)n), 0);
	printf("%s: server %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* ---- client ---- */

static int client(void)
{
	long a = hinge_name_wait("nA"), b = hinge_name_wait("nB"), d = hinge_name_wait("nD");
	long n = hinge_notify_create();
	EXPECT(a >= 0 && b >= 0 && d >= 0 && n >= 0);
	EXPECT_EQ(hinge_door_notify((int)a, (int)n, 0, 1), HE_PERM); /* not its door */
	EXPECT_EQ(hinge_door_call((int)a, WORDS(OP_ECHO, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_door_call((int)b, WORDS(OP_ECHO, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)a), 0);
	EXPECT_EQ(hinge_handle_close((int)b), 0);
	EXPECT_EQ(hinge_handle_close((int)d), 0);
	EXPECT_EQ(hinge_handle_close((int)n), 0);
	return client_report();
}

/* ---- the chain top -> middle -> C ---- */

static long c_handle;
static char m_stack[8192] __attribute__((aligned(16)));
static char m_buf[64];

static void m_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		    uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)op, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	long r = hinge_door_call((int)c_handle, WORDS(OP_HOLD, 0, 0, 0, 0), NULL, 0);
	hinge_door_return(WORDS((uint64_t)r, 0, 0, 0, 0), 0); /* never reached: killed first */
}

static int middle(void)
{
	c_handle = hinge_name_wait("nC");
	struct door_pool_desc p = door_pool(m_stack, sizeof m_stack, m_buf, sizeof m_buf, 1);
	long m = hinge_door_create(m_entry, 0, 0, &p);
	EXPECT(c_handle >= 0 && m >= 0);
	EXPECT_EQ(hinge_name_publish((int)m, "m"), 0);
	return sleep_until_dead(); /* the supervisor kills it */
}

static int top(void)
{
	long m = hinge_name_wait("m");
	uint64_t r[DOOR_NWORDS];
	EXPECT_EQ(hinge_door_call((int)m, WORDS(1, 0, 0, 0, 0), r, 0), HE_DEAD);
	EXPECT_EQ(r[0], MIDDLE_ID);
	EXPECT_EQ(r[1], DEATH_KILL);
	printf("%s: top %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* ---- supervisor: kills middle once the call runs in C ---- */

static int supervisor(void)
{
	long c = hinge_name_wait("nC");
	EXPECT(c >= 0);
	while (info_of((int)c).inflight == 0)
		hinge_sleep(1);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, MIDDLE_ID, 0, 0, 0), 0);
	struct hinge_death d;
	do
		EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), 0);
	while (strcmp(d.name, "middle") != 0);
	EXPECT_EQ(d.how, DEATH_KILL);
	EXPECT_EQ(hinge_handle_close((int)c), 0);
	printf("%s: supervisor %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

ROLES({ 0, server }, { 1, client }, { 2, middle }, { 3, top }, { 4, supervisor })
