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

int mutex_trylock(mutex_t *mp)
{
	int h = mutex_handle(mp);
	if (h < 0)
		return ENOMEM;
	long r = hinge_mutex_trylock(h);
	return r == HE_AGAIN || r == HE_DEADLK ? EBUSY : r < 0 ? EINVAL : 0;
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
	(void)arg;
	if (type != USYNC_THREAD || count > SEMA_COUNT_MAX)
		return EINVAL;
	long h = hinge_sema_create(count);
	if (h < 0)
		return ENOMEM; /* the semaphore pool or the handle table is full */
	sp->handle = (int)h + 1;
	return 0;
}

/* A destroyed semaphore (handle 0) is no handle: -1 is HE_BADHANDLE. */
int sema_wait(sema_t *sp)
{
	return hinge_sema_wait(sp->handle - 1) < 0 ? EINVAL : 0;
}

int sema_trywait(sema_t *sp)
{
	long r = hinge_sema_trywait(sp->handle - 1);
	return r == HE_AGAIN ? EBUSY : r < 0 ? EINVAL : 0;
}

int sema_post(sema_t *sp)
{
	long r = hinge_sema_post(sp->handle - 1);
	return r == HE_OVERFLOW ? EOVERFLOW : r < 0 ? EINVAL : 0;
}

/* Threads still waiting get EINVAL (the kernel ends their waits with
 * HE_BADHANDLE when the last handle goes). */
int sema_destroy(sema_t *sp)
{
	int h = __atomic_exchange_n(&sp->handle, 0, __ATOMIC_ACQ_REL);
	if (!h)
		return EINVAL;
	hinge_handle_close(h - 1);
	return 0;
}
