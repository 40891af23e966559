/* Threads of an illumos door program, compiled unchanged against <door.h>,
 * <thread.h> and <synch.h>: thr_create/thr_join, a LOCK_PRIO_INHERIT mutex,
 * a counting semaphore, errno per thread, and the headline difference: a
 * door's server procedure runs on the caller's thread (thr_self() is the
 * caller's; on illumos it would be a pool thread). */
#include <door.h>
#include <errno.h>
#include <stdio.h>
#include <synch.h>
#include <thread.h>

static sema_t go;
static mutex_t lock;
static int done;

static void *worker(void *arg)
{
	long n = (long)arg;
	sema_wait(&go);
	if (door_call(99, NULL) == -1 && errno == EBADF) {
		mutex_lock(&lock);
		done++;
		mutex_unlock(&lock);
	}
	return (void *)(n * 10);
}

static void *try_lock(void *arg)
{
	(void)arg;
	return (void *)(long)mutex_trylock(&lock);
}

static void whoami(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)cookie, (void)dp, (void)n_desc;
	thread_t caller = *(thread_t *)argp;
	printf("server procedure runs on the caller's thread: %s\n",
	       arg_size == sizeof caller && thr_self() == caller ? "yes" : "no");
	door_return(NULL, 0, NULL, 0);
}

int main(long arg)
{
	(void)arg;
	if (sema_init(&go, 0, USYNC_THREAD, NULL) != 0 || mutex_init(&lock, USYNC_THREAD | LOCK_PRIO_INHERIT, NULL) != 0)
		return 1;
	printf("sema_trywait at 0: %s\n", sema_trywait(&go) == EBUSY ? "EBUSY" : "?");
	thread_t t[3];
	for (long i = 0; i < 3; i++)
		if (thr_create(NULL, 0, worker, (void *)(i + 1), 0, &t[i]) != 0)
			return 1;
	errno = ENOENT;
	for (int i = 0; i < 3; i++)
		sema_post(&go);
	long sum = 0;
	for (int i = 0; i < 3; i++) {
		void *status;
		thread_t who;
		if (thr_join(t[i], &who, &status) == 0 && who == t[i])
			sum += (long)status;
	}
	printf("joined 3 threads, statuses add up to %ld, %d saw EBADF\n", sum, done);
	printf("errno is per thread: %s\n", errno == ENOENT ? "yes" : "no");
	mutex_lock(&lock);
	printf("mutex_lock of a held mutex: %s\n", mutex_lock(&lock) == EDEADLK ? "EDEADLK" : "?");
	thread_t tt;
	void *st = NULL;
	if (thr_create(NULL, 0, try_lock, NULL, 0, &tt) == 0 && thr_join(tt, NULL, &st) == 0)
		printf("mutex_trylock of a mutex another thread holds: %s\n", (long)st == EBUSY ? "EBUSY" : "?");
	mutex_unlock(&lock);
	printf("mutex_trylock of a free mutex: %d\n", mutex_trylock(&lock));
	mutex_unlock(&lock);
	if (thr_join(t[0], NULL, NULL) == ESRCH)
		printf("thr_join of a joined thread: ESRCH\n");

	int d = door_create(whoami, NULL, 0);
	thread_t me = thr_self();
	door_arg_t a = { .data_ptr = (char *)&me, .data_size = sizeof me };
	if (door_call(d, &a) == -1)
		return 1;
	door_revoke(d);
	mutex_destroy(&lock);
	sema_destroy(&go);
	return 0;
}
