/* illumos mutexes and semaphores (synch.h). */
#include <stdbool.h>
#include "hinge.h"
#include "sync.h"
#include "door_reg.h"
#include "synch.h"
#include "solaris.h"

/* The kernel mutex of mp, made on first use for a DEFAULTMUTEX. */
static int mutex_handle(mutex_t *mp)
{
	int h = __atomic_load_n(&mp->handle, __ATOMIC_ACQUIRE);
	if (h)
		return h - 1;
	long n = hinge_mutex_create(mp->type & LOCK_PRIO_INHERIT ? MUTEX_F_PI : 0);
	if (n < 0)
		return -1;
	int expected = 0;
	if (!__atomic_compare_exchange_n(&mp->handle, &expected, (int)n + 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		hinge_handle_close((int)n); /* another thread made it first */
		return expected - 1;
	}
	return (int)n;
}

int mutex_init(mutex_t *mp, int type, void *arg)
{
	(void)arg;
	if (type & ~LOCK_PRIO_INHERIT)
		return EINVAL;
	mp->handle = 0;
	mp->type = type;
	return mutex_handle(mp) < 0 ? ENOMEM : 0;
}

int mutex_lock(mutex_t *mp)
{
	int h = mutex_handle(mp);
	if (h < 0)
		return ENOMEM;
	long r = hinge_mutex_lock(h);
	return r == HE_DEADLK ? EDEADLK : r < 0 ? EINVAL : 0;
}

int mutex_unlock(mutex_t *mp)
{
	if (!mp->handle)
		return EPERM;
	return hinge_mutex_unlock(mp->handle - 1) < 0 ? EPERM : 0;
}

int mutex_destroy(mutex_t *mp)
{
	int h = __atomic_exchange_n(&mp->handle, 0, __ATOMIC_ACQ_REL);
	if (h)
		hinge_handle_close(h - 1);
	return 0;
}

int sema_init(sema_t *sp, unsigned count, int type, void *arg)
{
	(void)type, (void)arg;
	long n = hinge_notify_create();
	if (n < 0)
		return ENOMEM;
	sp->count = count;
	sp->notify = (int)n + 1;
	return 0;
}

int sema_trywait(sema_t *sp)
{
	unsigned c = __atomic_load_n(&sp->count, __ATOMIC_ACQUIRE);
	while (c > 0)
		if (__atomic_compare_exchange_n(&sp->count, &c, c - 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return 0;
	return EBUSY;
}

/* A post is one wake-up bit, and bits do not count: a waiter that takes a
 * unit and sees more left passes the bit on, so no post is lost. */
int sema_wait(sema_t *sp)
{
	while (sema_trywait(sp) != 0)
		if (hinge_notify_wait(sp->notify - 1, 1) < 0)
			return EINVAL;
	if (__atomic_load_n(&sp->count, __ATOMIC_ACQUIRE) > 0)
		hinge_notify_signal(sp->notify - 1, 1);
	return 0;
}

int sema_post(sema_t *sp)
{
	__atomic_add_fetch(&sp->count, 1, __ATOMIC_ACQ_REL);
	return hinge_notify_signal(sp->notify - 1, 1) < 0 ? EINVAL : 0;
}

int sema_destroy(sema_t *sp)
{
	if (sp->notify)
		hinge_handle_close(sp->notify - 1);
	sp->notify = 0;
	return 0;
}
