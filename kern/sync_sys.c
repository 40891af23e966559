/* System-call half of the objects of hinge/sync.h (notification objects,
 * memory objects, mutexes, semaphores): arguments, rights, handles,
 * blocking. The decisions are in notify.c, memobj.c, mutex.c and sema.c. An
 * object is named through the handle table of the domain the thread runs in
 * now. */
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "sync_sys.h"
#include "notify.h"
#include "memobj.h"
#include "mutex.h"
#include "sema.h"
#include "thread.h"
#include "domain.h"
#include "hart.h"
#include "vm.h"

static struct handle_table *cur_handles(void)
{
	return &thread_current()->cur->handles;
}

/* The object of `type` named by a0, with the rights `need`. */
static int obj_arg(struct trapframe *tf, enum kobj_type type, uint32_t need, void **obj)
{
	return handle_lookup(cur_handles(), handle_from_reg(tf->regs[REG_A0]), type, need, obj);
}

/* got is what an operation on a mutex or semaphore answered for t: a result,
 * or WAIT_PENDING: t is queued, blocks until the wait ends, and returns how
 * it ended. */
static long block_if_pending(struct thread *t, long got)
{
	if (got != WAIT_PENDING)
		return got;
	thread_wait_block(t);
	return wait_close(t);
}

long sys_notify_create(struct trapframe *tf)
{
	(void)tf;
	struct notify *n;
	int r = notify_alloc(&n);
	if (r < 0)
		return r;
	int h = handle_install(cur_handles(), KOBJ_NOTIFY, n, H_NOTIFY_ALL);
	if (h < 0)
		notify_settle(n); /* no handle: freed again */
	return h;
}

/* The notification named by a0 with the rights `need`, and a bit argument
 * (a1) that is non-zero and within NOTIFY_BITS_ALL. */
static int notify_args(struct trapframe *tf, uint32_t need, struct notify **n, uint64_t *bits)
{
	int r = obj_arg(tf, KOBJ_NOTIFY, need, (void **)n);
	if (r < 0)
		return r;
	*bits = tf->regs[REG_A1];
	if (*bits == 0 || (*bits & ~NOTIFY_BITS_ALL))
		return HE_INVAL;
	return 0;
}

long sys_notify_signal(struct trapframe *tf)
{
	struct notify *n;
	uint64_t bits;
	int r = notify_args(tf, H_SIGNAL, &n, &bits);
	if (r < 0)
		return r;
	notify_signal(n, bits); /* a woken waiter of higher priority preempts us on the way out */
	return 0;
}

long sys_notify_wait(struct trapframe *tf)
{
	struct notify *n;
	uint64_t mask;
	int r = notify_args(tf, H_WAIT, &n, &mask);
	if (r < 0)
		return r;
	struct thread *t = thread_current();
	uint64_t got = notify_wait_begin(n, t, mask);
	if (got)
		return (long)got;
	thread_wait_block(t);
	return notify_wait_end(t);
}

long sys_notify_poll(struct trapframe *tf)
{
	struct notify *n;
	uint64_t mask;
	int r = notify_args(tf, H_WAIT, &n, &mask);
	if (r < 0)
		return r;
	return (long)notify_take(n, mask);
}

long sys_mem_create(struct trapframe *tf)
{
	struct memobj *m;
	int r = memobj_alloc(tf->regs[REG_A0], &m);
	if (r < 0)
		return r;
	int h = handle_install(cur_handles(), KOBJ_MEM, m, H_MEM_ALL);
	if (h < 0)
		memobj_settle(m); /* no handle: freed again */
	return h;
}

long sys_mem_map(struct trapframe *tf)
{
	uint64_t perm = tf->regs[REG_A2];
	if (perm != MEM_R && perm != (MEM_R | MEM_W))
		return HE_INVAL;
	struct memobj *m;
	int r = obj_arg(tf, KOBJ_MEM, perm & MEM_W ? H_MAP | H_MAP_W : H_MAP, (void **)&m);
	if (r < 0)
		return r;
	return memobj_map(m, thread_current()->cur, tf->regs[REG_A1],
			  perm & MEM_W ? VM_R | VM_W : VM_R);
}

/* Mutexes and semaphores belong to their domain: their handles have no
 * H_XFER, so a door call cannot pass them (SEMANTICS §8), and H_DUP is the
 * one right that means something. A handle slot is made sure of before the
 * object is taken from its pool; without a handle it is freed again, like a
 * notification or memory object. */
long sys_mutex_create(struct trapframe *tf)
{
	if (tf->regs[REG_A0] & ~(uint64_t)MUTEX_F_ALL)
		return HE_INVAL;
	if (!handle_has_free(cur_handles(), 1))
		return HE_NOSPACE;
	struct mutex *m;
	int r = mutex_alloc((uint32_t)tf->regs[REG_A0], &m);
	if (r < 0)
		return r;
	int h = handle_install(cur_handles(), KOBJ_MUTEX, m, H_DUP);
	if (h < 0)
		m->state = MUTEX_FREE;
	return h;
}

long sys_mutex_lock(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct mutex *m;
	if (tf->regs[REG_A1] & ~(uint64_t)MUTEX_LOCK_TRY)
		return HE_INVAL;
	int r = obj_arg(tf, KOBJ_MUTEX, 0, (void **)&m);
	if (r < 0)
		return r;
	if ((tf->regs[REG_A1] & MUTEX_LOCK_TRY) && m->holder && m->holder != t)
		return HE_AGAIN;
	return block_if_pending(t, mutex_lock(m, t));
}

long sys_mutex_unlock(struct trapframe *tf)
{
	struct mutex *m;
	int r = obj_arg(tf, KOBJ_MUTEX, 0, (void **)&m);
	if (r < 0)
		return r;
	struct thread *woken;
	r = mutex_unlock(m, thread_current(), &woken);
	if (woken)
		thread_wake(woken);
	return r;
}

long sys_sema_create(struct trapframe *tf)
{
	if (tf->regs[REG_A0] > SEMA_COUNT_MAX)
		return HE_INVAL;
	if (!handle_has_free(cur_handles(), 1))
		return HE_NOSPACE;
	struct sema *s;
	int r = sema_alloc(tf->regs[REG_A0], &s);
	if (r < 0)
		return r;
	int h = handle_install(cur_handles(), KOBJ_SEMA, s, H_DUP);
	if (h < 0)
		s->state = SEMA_FREE;
	return h;
}

static long wait_or_try(struct trapframe *tf, bool block)
{
	struct thread *t = thread_current();
	struct sema *s;
	int r = obj_arg(tf, KOBJ_SEMA, 0, (void **)&s);
	if (r < 0)
		return r;
	return block_if_pending(t, sema_wait(s, t, block));
}

long sys_sema_wait(struct trapframe *tf)
{
	return wait_or_try(tf, true);
}

long sys_sema_trywait(struct trapframe *tf)
{
	return wait_or_try(tf, false);
}

long sys_sema_post(struct trapframe *tf)
{
	struct sema *s;
	int r = obj_arg(tf, KOBJ_SEMA, 0, (void **)&s);
	if (r < 0)
		return r;
	struct thread *woken;
	r = sema_post(s, &woken);
	if (woken)
		thread_wake(woken);
	return r;
}
