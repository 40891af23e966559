/* Pintos' priority tests at its PRI_MIN, 0, written with the illumos threads
 * API (<thread.h>, <synch.h>): priority 0 is the lowest user priority, and
 * the idle thread is below it. priority-change: a thread that lowers itself
 * to 0 gives way at once to the thread of priority 1 and runs again when
 * that one blocks. priority-donate-one: the holder of a LOCK_PRIO_INHERIT
 * mutex at 0 inherits 1, then 2, from its waiters, who get the mutex in
 * priority order when it is released. priority-sema: eight threads (the
 * layer's SOLARIS_THREADS; Pintos has ten) of priorities 1..8 wait on a
 * semaphore; each post from main, at 0, wakes the
 * highest of them, which runs at once. The lines are Pintos' (priorities
 * from 0 in place of 31); the effective priority is SYS_SELF's. */
#include <errno.h>
#include <stdio.h>
#include <synch.h>
#include <thread.h>
#include "hinge.h"

static int effective(void)
{
	struct hinge_self me;
	hinge_self(&me);
	return me.prio;
}

/* thr_create makes a thread at the creator's priority: raise, create,
 * lower. The new thread runs as soon as the creator drops below it. */
static thread_t spawn_at(int prio, void *(*fn)(void *), void *arg, int back_to)
{
	thread_t t = 0;
	thr_setprio(thr_self(), prio);
	if (thr_create(NULL, 0, fn, arg, 0, &t) != 0)
		printf("thr_create failed\n");
	thr_setprio(thr_self(), back_to);
	return t;
}

static void *changer(void *arg)
{
	(void)arg;
	printf("Thread 2 now lowering priority.\n");
	thr_setprio(thr_self(), 0);
	printf("Thread 2 exiting.\n");
	return NULL;
}

static mutex_t lock;

static void *acquire(void *name)
{
	mutex_lock(&lock);
	printf("%s: got the lock\n", (char *)name);
	mutex_unlock(&lock);
	printf("%s: done\n", (char *)name);
	return NULL;
}

static sema_t sema;

static void *sema_waiter(void *prio)
{
	sema_wait(&sema);
	printf("Thread priority %ld woke up.\n", (long)prio);
	return NULL;
}

static void priority_sema(void)
{
	sema_init(&sema, 0, USYNC_THREAD, NULL);
	for (long i = 0; i < SOLARIS_THREADS; i++) {
		long p = (i + 3) % SOLARIS_THREADS + 1;
		spawn_at((int)p, sema_waiter, (void *)p, 0);
	}
	for (int i = 0; i < SOLARIS_THREADS; i++) {
		sema_post(&sema);
		printf("Back in main thread.\n");
	}
	while (thr_join(0, NULL, NULL) == 0)
		;
	sema_destroy(&sema);
}

int main(long arg)
{
	(void)arg;
	int p = -1;
	thr_getprio(thr_self(), &p);
	printf("main starts at priority %d\n", p);
	printf("thr_setprio(self, 64): %s\n", thr_setprio(thr_self(), 64) == EINVAL ? "EINVAL" : "?");
	printf("thr_setprio(self, -1): %s\n", thr_setprio(thr_self(), -1) == EINVAL ? "EINVAL" : "?");

	/* priority-change, main at 1 */
	thr_setprio(thr_self(), 1);
	printf("Creating a high-priority thread 2.\n");
	thread_t t = spawn_at(2, changer, NULL, 1);
	thr_getprio(t, &p);
	printf("Thread 2 should have just lowered its priority: it is at %d.\n", p);
	thr_join(t, NULL, NULL);
	printf("Thread 2 should have just exited.\n");

	/* priority-donate-one, main at 0 */
	thr_setprio(thr_self(), 0);
	mutex_init(&lock, USYNC_THREAD | LOCK_PRIO_INHERIT, NULL);
	mutex_lock(&lock);
	spawn_at(1, acquire, "acquire1", 0);
	printf("This thread should have priority 1.  Actual priority: %d.\n", effective());
	spawn_at(2, acquire, "acquire2", 0);
	printf("This thread should have priority 2.  Actual priority: %d.\n", effective());
	mutex_unlock(&lock);
	printf("acquire2, acquire1 must already have finished, in that order.\n");
	thr_getprio(thr_self(), &p);
	printf("This should be the last line before finishing this test (priority %d, effective %d).\n", p,
	       effective());
	int joined = 0;
	while (thr_join(0, NULL, NULL) == 0)
		joined++;
	printf("thr_join(0) joined %d threads, then ESRCH\n", joined);
	mutex_destroy(&lock);

	priority_sema();
	return 0;
}
