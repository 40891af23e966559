/* The semaphore system calls: handle decoding and blocking; every decision
 * is kern/sema.c's. A semaphore is named through the handle table of the
 * domain the thread runs in now. */
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "sema_sys.h"
#include "sema.h"
#include "thread.h"
#include "domain.h"
#include "hart.h"
#include "kern/handle.h"

static int sema_arg(struct trapframe *tf, struct sema **s)
{
	struct domain *d = thread_current()->cur;
	return handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_SEMA, 0, (void **)s);
}

long sys_sema_create(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	if (tf->regs[REG_A0] > SEMA_COUNT_MAX)
		return HE_INVAL;
	if (!handle_has_free(&d->handles, 1))
		return HE_NOSPACE;
	struct sema *s;
	int r = sema_alloc(tf->regs[REG_A0], &s);
	if (r < 0)
		return r;
	/* Like a mutex, a semaphore belongs to its domain: no H_XFER. */
	int h = handle_install(&d->handles, KOBJ_SEMA, s, H_DUP);
	if (h < 0)
		s->state = SEMA_FREE; /* no handle: freed again */
	return h;
}

static long wait_or_try(struct trapframe *tf, bool block)
{
	struct thread *t = thread_current();
	struct sema *s;
	int r = sema_arg(tf, &s);
	if (r < 0)
		return r;
	long got = sema_wait(s, t, block);
	if (got != WAIT_PENDING)
		return got;
	thread_wait_block(t);
	return wait_close(t);
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
	int r = sema_arg(tf, &s);
	if (r < 0)
		return r;
	struct thread *woken;
	r = sema_post(s, &woken);
	if (woken)
		thread_wake(woken);
	return r;
}
