/* illumos mutexes and counting semaphores (mutex_init(3C), sema_init(3C);
 * synch.c). A mutex is a kernel mutex, with priority inheritance when its
 * type has LOCK_PRIO_INHERIT. A semaphore is a kernel semaphore
 * (SYS_SEMA_*): a post hands its unit to the waiter of highest effective
 * priority. Both belong to the domain (USYNC_THREAD). Functions return 0 or
 * an error number. */
#ifndef USR_SOLARIS_SYNCH_H
#define USR_SOLARIS_SYNCH_H

#define USYNC_THREAD       0x00
#define LOCK_PRIO_INHERIT  0x10

typedef struct {
	int handle;   /* kernel mutex handle + 1; 0: not made yet (DEFAULTMUTEX) */
	int type;
} mutex_t;
#define DEFAULTMUTEX { 0, 0 }

typedef struct {
	int handle;   /* kernel semaphore handle + 1; 0: destroyed or never made */
} sema_t;

int mutex_init(mutex_t *mp, int type, void *arg);
int mutex_lock(mutex_t *mp);
int mutex_trylock(mutex_t *mp);
int mutex_unlock(mutex_t *mp);
int mutex_destroy(mutex_t *mp);

int sema_init(sema_t *sp, unsigned count, int type, void *arg);
int sema_wait(sema_t *sp);
int sema_trywait(sema_t *sp);
int sema_post(sema_t *sp);
int sema_destroy(sema_t *sp);

#endif
