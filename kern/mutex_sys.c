/* The mutex system calls: handle decoding and blocking; every decision is
 * kern/mutex.c's. A mutex is named through the handle table of the domain
 * the thread runs in now. */
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "mutex_sys.h"
#include "mutex.h"
#include "thread.h"
#include "domain.h"
#include "hart.h"
#include "kern/handle.h"

static int mutex_arg(struct trapframe *tf, struct mutex **m)
{
	struct domain *d = thread_current()->cur;
	return handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_MUTEX, 0, (void **)m);
}

long sys_mutex_create(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	if (tf->regs[REG_A0] & ~(uint64_t)MUTEX_F_ALL)
		return HE_INVAL;
	if (!handle_has_free(&d->handles, 1))
		return HE_NOSPACE;
	struct mutex *m;
	int r = mutex_alloc((uint32_t)tf->regs[REG_A0], &m);
	if (r < 0)
		return r;
	/* A mutex belongs to its domain: its handle has no H_XFER, so a door
	 * call cannot pass it (SEMANTICS §8), and H_DUP is the one right
	 * that means something. */
	int h = handle_install(&d->handles, KOBJ_MUTEX, m, H_DUP);
	if (h < 0)
		m->state = MUTEX_FREE; /* no handle: freed again, like a notification or memory object */
	return h;
}

long sys_mutex_lock(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct mutex *m;
	if (tf->regs[REG_A1] & ~(uint64_t)MUTEX_LOCK_TRY)
		return HE_INVAL;
	int r = mutex_arg(tf, &m);
	if (r < 0)
		return r;
	if ((tf->regs[REG_A1] & MUTEX_LOCK_TRY) && m->holder && m->holder != t)
		return HE_AGAIN;
	long got = mutex_lock(m, t);
	if (got != WAIT_PENDING)
		return got;
	thread_wait_block(t);
	return wait_close(t);
}

long sys_mutex_unlock(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct mutex *m;
	int r = mutex_arg(tf, &m);
	if (r < 0)
		return r;
	struct thread *woken;
	r = mutex_unlock(m, t, &woken);
	if (woken)
		thread_wake(woken);
	return r;
}
