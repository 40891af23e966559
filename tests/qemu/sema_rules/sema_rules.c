/* Kernel semaphores in the running system: every error of SYS_SEMA_CREATE,
 * WAIT, TRYWAIT and POST; posts wake the waiters by effective priority, FIFO
 * among equals; the unit a post hands to a woken waiter cannot be taken by a
 * running thread that had not waited; a waiter killed with its domain's
 * thread leaves the queue; closing the last handle fails the waiters with
 * HE_BADHANDLE; the pool is bounded (HE_NOMEM).
 *
 * Roles (arg): 0 the checks, 9 leak check. */
#include "door_test.h"

#define NHANDLES 96   /* handle table slots per domain (docs/syscalls.md) */
#define MAX_SEMAS 32  /* semaphores, system-wide (kern/config.h) */

static char stacks[4][8192] __attribute__((aligned(16)));
static volatile long got[4];
static volatile int done[4];
static long order[4], norder;
static long sm;

/* Thread i: wait on sm, note the result and its place in the wake order. */
static void waiter(long i)
{
	got[i] = hinge_sema_wait((int)sm);
	order[norder++] = i;
	done[i] = 1;
	hinge_thread_exit();
}

static void start(int i, int prio)
{
	done[i] = 0;
	got[i] = 99;
	EXPECT(hinge_thread_create(waiter, stacks[i] + sizeof stacks[i], prio, i) >= 0);
}

static void wait_done(int i)
{
	for (int n = 0; n < 100 && !done[i]; n++)
		hinge_sleep(1);
	EXPECT(done[i]);
}

static void errors(void)
{
	EXPECT_EQ(hinge_sema_create((uint64_t)SEMA_COUNT_MAX + 1), HE_INVAL);
	EXPECT_EQ(hinge_sema_wait(-1), HE_BADHANDLE);
	EXPECT_EQ(hinge_sema_trywait(NHANDLES), HE_BADHANDLE);
	EXPECT_EQ(hinge_sema_post(7), HE_BADHANDLE); /* empty slot */
	long s = hinge_sema_create(1);
	EXPECT(s >= 0);
	EXPECT_EQ(hinge_handle_info((int)s, NULL), HOBJ_SEMA);
	long m = hinge_mutex_create(0);
	EXPECT_EQ(hinge_sema_post((int)m), HE_BADHANDLE); /* a mutex is no semaphore */
	EXPECT_EQ(hinge_mutex_lock((int)s), HE_BADHANDLE);
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_sema_trywait((int)s), 0);
	EXPECT_EQ(hinge_sema_trywait((int)s), HE_AGAIN);
	EXPECT_EQ(hinge_sema_post((int)s), 0);
	EXPECT_EQ(hinge_sema_wait((int)s), 0);
	EXPECT_EQ(hinge_handle_close((int)s), 0);
	s = hinge_sema_create(SEMA_COUNT_MAX);
	EXPECT_EQ(hinge_sema_post((int)s), HE_OVERFLOW);
	EXPECT_EQ(hinge_sema_trywait((int)s), 0); /* the failed post changed nothing */
	EXPECT_EQ(hinge_sema_post((int)s), 0);
	EXPECT_EQ(hinge_handle_close((int)s), 0);

	long hs[NHANDLES];
	int n = 0;
	for (; n < NHANDLES; n++) {
		hs[n] = hinge_sema_create(0);
		if (hs[n] < 0)
			break;
	}
	EXPECT_EQ(hs[n], HE_NOMEM); /* the pool runs out before the handle table */
	EXPECT_EQ(n, MAX_SEMAS);
	for (int i = 0; i < n; i++)
		EXPECT_EQ(hinge_handle_close((int)hs[i]), 0);
}

/* Three waiters (20, 25, 20) queue; posts wake 25, then the two 20s in the
 * order they came. Each woken waiter is above us, so it runs at once. */
static void wake_order(void)
{
	sm = hinge_sema_create(0);
	norder = 0;
	start(0, 20);
	start(1, 25);
	start(2, 20);
	EXPECT(!done[0] && !done[1] && !done[2]);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(hinge_sema_post((int)sm), 0);
	EXPECT_EQ(norder, 3);
	EXPECT_EQ(order[0], 1);
	EXPECT_EQ(order[1], 0);
	EXPECT_EQ(order[2], 2);
	EXPECT(got[0] == 0 && got[1] == 0 && got[2] == 0);
	EXPECT_EQ(hinge_sema_trywait((int)sm), HE_AGAIN); /* every unit went to a waiter */
	hinge_sleep(2);
	EXPECT_EQ(hinge_handle_close((int)sm), 0);
}

/* A waiter below us is handed the unit but cannot run before we try to take
 * it again: the unit is its own. */
static void no_stealing(void)
{
	sm = hinge_sema_create(0);
	norder = 0;
	start(0, 5);
	hinge_sleep(2); /* it runs (we sleep) and waits */
	EXPECT(!done[0]);
	EXPECT_EQ(hinge_sema_post((int)sm), 0);
	EXPECT(!done[0]);                                 /* below us: not run yet */
	EXPECT_EQ(hinge_sema_trywait((int)sm), HE_AGAIN);   /* its unit, not ours */
	wait_done(0);
	EXPECT_EQ(got[0], 0);
	hinge_sleep(2);
	EXPECT_EQ(hinge_handle_close((int)sm), 0);
}

static void last_close(void)
{
	sm = hinge_sema_create(0);
	start(1, 20);
	EXPECT(!done[1]);
	EXPECT_EQ(hinge_handle_close((int)sm), 0); /* the waiter fails */
	wait_done(1);
	EXPECT_EQ(got[1], HE_BADHANDLE);
	hinge_sleep(2);
	struct hinge_counts c;
	EXPECT_EQ(hinge_kcounts(&c), 0);
	EXPECT_EQ(c.semas, 0);
}

static int rules(void)
{
	errors();
	wake_order();
	no_stealing();
	last_close();
	printf("%s: done, %d failures\n", TEST, failures);
	return failures;
}

/* Role 1: a thread waits on a semaphore, and the domain dies of a fault
 * (load page fault, 13): the waiter leaves the queue with its thread, and
 * the semaphore goes with the domain's handles (the leak check sees none). */
static int dies_waiting(void)
{
	sm = hinge_sema_create(0);
	start(3, 10);
	hinge_sleep(2);
	EXPECT(!done[3]);
	return *(volatile int *)0x80200000; /* kernel memory */
}

ROLES({ 0, rules }, { 1, dies_waiting })
