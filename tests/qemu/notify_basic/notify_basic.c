/* Notification objects (kern/notify.h, docs/syscalls.md SYS_NOTIFY_*):
 *   - errors: bad handle, handle of another type, empty or reserved mask,
 *     missing right, full handle table; poll and an immediate wait;
 *   - who is woken: one waiter per bit, highest priority first, FIFO among
 *     equals, only a waiter whose mask matches; the effective priority counts
 *     (a waiter boosted by a door caller queued behind it wins over a waiter
 *     of higher base priority);
 *   - the last handle closed ends every wait with HE_BADHANDLE;
 *   - a waiter killed with its domain, and a thread of this domain waiting
 *     inside the dying domain (sent back with HE_DEAD), consume no bit;
 *   - a notification handle passed to another domain with a door call.
 * Roles (arg): 0 main, 1 victim (serves a door, then faults), 9 leak check. */
#include <string.h>
#include "door_test.h"
#include "sync.h"

#define HANDLES 96  /* MAX_HANDLES, kern/config.h */

static long nh;                 /* the notification the waiters use */
static volatile int order[8];   /* who woke, in order */
static volatile int norder;
static volatile long got[8];    /* what each wait returned */
static volatile int prio_at[8]; /* effective priority when it woke */
static char stacks[8][8192] __attribute__((aligned(16)));

static void record(int who, long r)
{
	got[who] = r;
	prio_at[who] = self_now().prio;
	order[norder++] = who;
}

/* Thread body: wait on handle (arg >> 8 & 0xff) for mask (arg >> 16), as
 * `who` (arg & 0xff). */
static void waiter(long arg)
{
	long r = hinge_notify_wait((int)(arg >> 8 & 0xff), (uint64_t)arg >> 16);
	record((int)(arg & 0xff), r);
	hinge_thread_exit();
}

static void start_waiter(int who, int prio, long h, uint64_t mask)
{
	long t = hinge_thread_create(waiter, stacks[who] + sizeof stacks[who], prio,
				     (long)(mask << 16 | (uint64_t)h << 8 | (uint64_t)who));
	EXPECT(t >= 0);
}

static void reset_order(void)
{
	norder = 0;
	for (int i = 0; i < 8; i++)
		got[i] = 0;
}

/* ---- errors, rights, poll ---- */

static void errors(void)
{
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	long h = hinge_notify_create();
	EXPECT(h >= 0);
	long m = hinge_mem_create(1);
	EXPECT(m >= 0);
	/* Bad handles: out of range, negative, wider than 32 bits, another type. */
	EXPECT_EQ(hinge_notify_signal(HANDLES, 1), HE_BADHANDLE);
	EXPECT_EQ(hinge_notify_signal(-1, 1), HE_BADHANDLE);
	EXPECT_EQ(hinge_syscall(SYS_NOTIFY_SIGNAL, (long)(1L << 32 | h), 1, 0, 0), HE_BADHANDLE);
	EXPECT_EQ(hinge_notify_signal((int)m, 1), HE_BADHANDLE);
	EXPECT_EQ(hinge_notify_wait((int)m, 1), HE_BADHANDLE);
	EXPECT_EQ(hinge_notify_poll((int)m, 1), HE_BADHANDLE);
	struct door_info di;
	EXPECT_EQ(hinge_door_info((int)h, &di), HE_BADHANDLE);
	EXPECT_EQ(hinge_mem_map((int)h, (void *)0x40000000, MEM_R), HE_BADHANDLE);
	/* Empty and reserved masks. */
	EXPECT_EQ(hinge_notify_signal((int)h, 0), HE_INVAL);
	EXPECT_EQ(hinge_notify_wait((int)h, 0), HE_INVAL);
	EXPECT_EQ(hinge_notify_poll((int)h, 0), HE_INVAL);
	EXPECT_EQ(hinge_notify_signal((int)h, 1ull << 63), HE_INVAL);
	EXPECT_EQ(hinge_notify_wait((int)h, 1ull << 63 | 1), HE_INVAL);
	EXPECT_EQ(hinge_notify_poll((int)h, ~0ull), HE_INVAL);
	/* Rights: only shrink; signal needs H_SIGNAL, wait and poll H_WAIT. */
	long s = hinge_handle_dup((int)h, H_SIGNAL);
	long w = hinge_handle_dup((int)h, H_WAIT | H_DUP);
	EXPECT(s >= 0 && w >= 0);
	EXPECT_EQ(hinge_notify_wait((int)s, 1), HE_PERM);
	EXPECT_EQ(hinge_notify_poll((int)s, 1), HE_PERM);
	EXPECT_EQ(hinge_notify_signal((int)w, 1), HE_PERM);
	EXPECT_EQ(hinge_handle_dup((int)s, H_SIGNAL), HE_PERM); /* no H_DUP */
	long w2 = hinge_handle_dup((int)w, H_ALL);
	EXPECT(w2 >= 0);
	EXPECT_EQ(hinge_notify_signal((int)w2, 1), HE_PERM); /* H_ALL added nothing */
	/* Signal ORs bits; poll takes those of its mask. */
	EXPECT_EQ(hinge_notify_poll((int)w, 1), 0);
	EXPECT_EQ(hinge_notify_signal((int)s, 0x5), 0);
	EXPECT_EQ(hinge_notify_signal((int)s, 0x1), 0);
	EXPECT_EQ(hinge_notify_poll((int)w, 0x3), 0x1);
	EXPECT_EQ(hinge_notify_poll((int)w, 0x7), 0x4);
	EXPECT_EQ(hinge_notify_poll((int)w, 0x7), 0);
	/* A wait with a bit of its mask pending returns at once. */
	EXPECT_EQ(hinge_notify_signal((int)h, 1ull << 62 | 0x10), 0);
	EXPECT_EQ(hinge_notify_wait((int)h, 0x30), 0x10);
	EXPECT_EQ(hinge_notify_wait((int)h, NOTIFY_BITS_ALL), (long)(1ull << 62));
	/* Full handle table: HE_NOSPACE, and no object is left behind. */
	long fill[HANDLES];
	int nfill = 0;
	for (long f; (f = hinge_handle_dup((int)h, H_DUP)) >= 0;)
		fill[nfill++] = f;
	hinge_kcounts(&c1);
	EXPECT_EQ(hinge_notify_create(), HE_NOSPACE);
	struct hinge_counts c2;
	hinge_kcounts(&c2);
	EXPECT_EQ(c2.notifies, c1.notifies);
	while (nfill > 0)
		EXPECT_EQ(hinge_handle_close((int)fill[--nfill]), 0);
	/* Closed handles are gone; the object with them. */
	EXPECT_EQ(hinge_handle_close((int)s), 0);
	EXPECT_EQ(hinge_handle_close((int)w), 0);
	EXPECT_EQ(hinge_handle_close((int)w2), 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_notify_signal((int)h, 1), HE_BADHANDLE);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.notifies, c0.notifies);
	EXPECT_EQ(c1.memobjs, c0.memobjs);
	EXPECT_EQ(c1.handles, c0.handles);
}

/* ---- who is woken ---- */

static void wake_order(void)
{
	nh = hinge_notify_create();
	EXPECT(nh >= 0);
	reset_order();
	/* Queued in the order 0 (5), 1 (8), 2 (8): neither FIFO nor LIFO order
	 * is priority order. */
	start_waiter(0, 5, nh, 1);
	hinge_sleep(2);
	start_waiter(1, 8, nh, 1);
	hinge_sleep(2);
	start_waiter(2, 8, nh, 1);
	hinge_sleep(2);
	EXPECT_EQ(norder, 0);
	const int want[3] = { 1, 2, 0 }; /* highest first, FIFO among the two 8s */
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(hinge_notify_signal((int)nh, 1), 0);
		hinge_sleep(2);
		EXPECT_EQ(norder, i + 1); /* one bit wakes one thread */
		EXPECT_EQ(order[i], want[i]);
		EXPECT_EQ(got[want[i]], 1);
	}
	EXPECT_EQ(hinge_notify_poll((int)nh, 1), 0); /* each signal was consumed */

	/* Masks: only a matching waiter wakes; a bit nobody waits for stays. */
	reset_order();
	start_waiter(3, 6, nh, 0x2);
	start_waiter(4, 7, nh, 0x4);
	hinge_sleep(3);
	EXPECT_EQ(hinge_notify_signal((int)nh, 0x2 | 0x8), 0);
	hinge_sleep(2);
	EXPECT_EQ(norder, 1);
	EXPECT_EQ(order[0], 3);
	EXPECT_EQ(got[3], 0x2);
	EXPECT_EQ(hinge_notify_poll((int)nh, 0xf), 0x8);
	EXPECT_EQ(hinge_notify_signal((int)nh, 0x6), 0); /* 0x2 stays: nobody waits for it now */
	hinge_sleep(2);
	EXPECT_EQ(norder, 2);
	EXPECT_EQ(got[4], 0x4);
	EXPECT_EQ(hinge_notify_poll((int)nh, 0xf), 0x2);
}

/* ---- effective priority: a waiter boosted through a door ---- */

static long self_door;
static char act_stack[8192] __attribute__((aligned(16)));
static char act_buf[64];

/* Door entry: wait on nh for mask w1 as `who` w2, inside the call. */
static void wait_entry(uint64_t cookie, uint64_t mask, uint64_t who, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	long r = hinge_notify_wait((int)nh, mask);
	record((int)who, r);
	hinge_door_return(WORDS(0, 0, 0, 0, 0), 0);
}

static void door_waiter(long arg)
{
	hinge_door_call((int)self_door, WORDS(1, (uint64_t)arg, 0, 0, 0), NULL, 0);
	hinge_thread_exit();
}

static void boosted_waiter(void)
{
	struct door_pool_desc p = door_pool(act_stack, sizeof act_stack, act_buf, sizeof act_buf, 1);
	self_door = hinge_door_create(wait_entry, 0, 0, &p);
	EXPECT(self_door >= 0);
	reset_order();
	/* X (base 8) waits first. */
	start_waiter(7, 8, nh, 1);
	hinge_sleep(3);
	/* W (base 3) holds the door's only activation and waits inside it. */
	EXPECT(hinge_thread_create(door_waiter, stacks[5] + sizeof stacks[5], 3, 5) >= 0);
	hinge_sleep(3);
	/* H (12) calls the door too: it queues for the activation, W inherits 12. */
	EXPECT(hinge_thread_create(door_waiter, stacks[6] + sizeof stacks[6], 12, 6) >= 0);
	hinge_sleep(3);
	EXPECT_EQ(norder, 0);
	/* W (effective 12) beats X (8), although X came first and has the
	 * higher base priority; then H, which entered after W returned, beats
	 * X; X last. */
	const int want[3] = { 5, 6, 7 };
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(hinge_notify_signal((int)nh, 1), 0);
		hinge_sleep(3);
		EXPECT_EQ(norder, i + 1);
		EXPECT_EQ(order[i], want[i]);
	}
	EXPECT_EQ(prio_at[5], 12); /* still boosted when it woke */
	EXPECT_EQ(prio_at[7], 8);
	EXPECT_EQ(hinge_handle_close((int)self_door), 0);
}

/* ---- the last handle closed ---- */

static void last_close(void)
{
	long h = hinge_notify_create();
	long extra = hinge_handle_dup((int)h, H_WAIT);
	reset_order();
	start_waiter(0, 6, h, 1);
	start_waiter(1, 6, h, 2);
	hinge_sleep(3);
	/* Another handle is left: the waits go on. */
	EXPECT_EQ(hinge_handle_close((int)extra), 0);
	hinge_sleep(2);
	EXPECT_EQ(norder, 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	hinge_sleep(3);
	EXPECT_EQ(norder, 2);
	EXPECT_EQ(got[0], HE_BADHANDLE);
	EXPECT_EQ(got[1], HE_BADHANDLE);
}

/* ---- deaths: a waiter killed with its domain, a waiter sent back ---- */

static volatile long sent_back_status = 1;

static void victim_caller(long victim)
{
	door_arg_t a = { "W", 1, NULL, 0, NULL, 0 };
	sent_back_status = door_call((int)victim, &a);
	hinge_thread_exit();
}

static void deaths(void)
{
	long victim = hinge_name_wait("victim");
	EXPECT(victim >= 0);
	long h = hinge_notify_create();
	/* Give the victim a handle to our notification (moved). */
	long give = hinge_handle_dup((int)h, H_WAIT | H_XFER);
	door_desc_t d = { DOOR_DESCRIPTOR | DOOR_RELEASE, { { (int)give } } };
	door_arg_t a = { "G", 1, &d, 1, NULL, 0 };
	EXPECT_EQ(door_call((int)victim, &a), 0);
	EXPECT_EQ(hinge_handle_close((int)give), HE_BADHANDLE); /* moved */
	/* One of our threads waits inside the victim for 0x200; the victim's
	 * own thread waits for 0x100. */
	EXPECT(hinge_thread_create(victim_caller, stacks[0] + sizeof stacks[0], 15, victim) >= 0);
	hinge_sleep(5);
	EXPECT_EQ(sent_back_status, 1);
	door_arg_t die = { "D", 1, NULL, 0, NULL, 0 };
	EXPECT_EQ(door_call((int)victim, &die), 0);
	for (int i = 0; i < 100 && sent_back_status == 1; i++)
		hinge_sleep(1);
	EXPECT_EQ(sent_back_status, HE_DEAD);
	/* Neither dead waiter takes a bit: both stay pending. */
	EXPECT_EQ(hinge_notify_signal((int)h, 0x300), 0);
	EXPECT_EQ(hinge_notify_poll((int)h, 0x300), 0x300);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	EXPECT_EQ(hinge_handle_close((int)victim), 0);
}

static int main_role(void)
{
	errors();
	wake_order();
	boosted_waiter();
	EXPECT_EQ(hinge_handle_close((int)nh), 0);
	last_close();
	deaths();
	printf("%s: main %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

/* ---- victim ---- */

static volatile long vh = -1;   /* the notification it was given */
static volatile int die;

static void victim_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie;
	switch (size ? argp[0] : 0) {
	case 'G':
		if (n == 1) {
			vh = dp[0].d_data.d_desc.d_descriptor;
			start_waiter(1, 4, vh, 0x100);
		}
		break;
	case 'W':
		hinge_notify_wait((int)vh, 0x200); /* the domain dies meanwhile */
		break;
	case 'D':
		die = 1;
		break;
	}
	door_return(NULL, 0, NULL, 0);
}

static int victim(void)
{
	long d = door_create(victim_proc, NULL, 0);
	EXPECT(d >= 0);
	EXPECT_EQ(hinge_name_publish((int)d, "victim"), 0);
	while (!die)
		hinge_sleep(1);
	hinge_sleep(2); /* let the 'D' call return */
	*(volatile int *)0 = 1; /* fault: the domain dies with its waiters */
	return 1;
}

ROLES({ 0, main_role }, { 1, victim })
