/* The door object system calls: create, revoke, info, unreferenced wait,
 * notification binding, and whether the current call is cancelled
 * (register convention: kern/abi/hinge/door.h; rules: doors/SEMANTICS.md;
 * reference: docs/syscalls.md). The call and return are doors/slowpath.c
 * (and the fast path of kern/arch/riscv/trap.S); handles are kern/handle_sys.c, names
 * doors/names.c. */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "doors/door_sys.h"
#include "doors/door.h"
#include "doors/activation.h"
#include "doors/handoff.h"
#include "doors/rbuf.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/uaccess.h"
#include "kern/vm.h"
#include "kern/handle.h"
#include "kern/notify.h"
#include "kern/observe.h"

long sys_door_create(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	struct door_pool_desc desc;
	if (copyin(domain_root(d), &desc, tf->regs[REG_A3], sizeof desc) < 0)
		return HE_FAULT;
	int lo, hi;
	door_prio_range(d, (uint32_t)tf->regs[REG_A2], &lo, &hi);
	int r = act_desc_check(&desc, lo, hi);
	if (r < 0)
		return r;
	/* Every stack and buffer must be writable memory of the server now:
	 * then entering a call can never find them missing. */
	if (uaccess_check(domain_root(d), desc.stack_base, desc.stack_size * desc.n, VM_W) < 0 ||
	    uaccess_check(domain_root(d), desc.buf_base, desc.buf_size * desc.n, VM_W) < 0)
		return HE_FAULT;
	if (tf->regs[REG_A2] & ~(uint64_t)DOOR_F_ALL)
		return HE_INVAL;
	struct door *door;
	r = door_alloc(d, tf->regs[REG_A0], tf->regs[REG_A1], (uint32_t)tf->regs[REG_A2], &desc, &door);
	if (r < 0)
		return r;
	int h = handle_install(&d->handles, KOBJ_DOOR, door, H_DOOR_ALL);
	if (h < 0)
		door_settle(door); /* no handle: the door is freed again */
	return h;
}

long sys_door_revoke(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_REVOKE, (void **)&door);
	if (r < 0)
		return r;
	door_revoke_now(d, door);
	return 0;
}

void door_revoke_now(struct domain *by, struct door *door)
{
	/* Every waiter of the door, woken once the revocation is complete. On
	 * the kernel stack (MAX_THREADS pointers), like inherit.c's walk. */
	struct thread *woken[MAX_THREADS];
	bool calls = door->inflight > 0 || door->pool.nwaiters > 0;
	OBSERVE(trace_revoke(thread_current(), by, door));
	int n = door_revoke(door, woken);
	for (int i = 0; i < n; i++)
		thread_wake(woken[i]);
	/* A revocation with calls in flight or waiting is an injection event:
	 * the waiters hold HE_REVOKED, the calls in flight have not gone on. */
	observe_revoked(door, calls);
}

long sys_door_info(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	struct door *door;
	int h = handle_from_reg(tf->regs[REG_A0]);
	int r = handle_lookup(&d->handles, h, KOBJ_DOOR, H_INFO, (void **)&door);
	if (r < 0)
		return r;
	struct door_info info = {
		.server = door->server->id,
		.state = (uint32_t)door->state,
		.flags = door->flags,
		.rights = d->handles.slot[h].rights,
		.nact = door->pool.n,
		.inflight = (uint32_t)door->inflight,
		.waiters = (uint32_t)door->pool.nwaiters,
		.unref = door->unref == DOOR_UNREF_PENDING || door->unref == DOOR_UNREF_DELIVERED,
		.cookie = door->server == d ? door->cookie : 0,
		.mode = (uint32_t)door->mode,
		.prio = (uint32_t)door->prio,
	};
	return copyout(domain_root(d), tf->regs[REG_A1], &info, sizeof info);
}

long sys_door_unref_wait(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct domain *d = t->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, 0, (void **)&door);
	if (r < 0)
		return r;
	if (door->server != d || !(door->flags & DOOR_F_UNREF))
		return HE_PERM;
	if (door->state != DOOR_LIVE)
		return HE_REVOKED; /* never unreferenced now */
	if (door_unref_take(door))
		return 0;
	if (door->unref == DOOR_UNREF_DELIVERED || door->unref_waiter)
		return HE_INVAL;
	door->unref_waiter = t;
	wait_begin(t, WAIT_UNREF, door);
	thread_wait_block(t);
	return wait_close(t);
}

long sys_door_notify(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_REVOKE, (void **)&door);
	if (r < 0)
		return r;
	if (door->server != d)
		return HE_PERM;
	uint64_t unref_bits = tf->regs[REG_A2], cancel_bits = tf->regs[REG_A3];
	struct notify *n = NULL;
	if (unref_bits | cancel_bits) {
		/* An unbinding names no notification: the handle may be gone. */
		r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A1]), KOBJ_NOTIFY, H_SIGNAL, (void **)&n);
		if (r < 0)
			return r;
	}
	return door_bind_notify(door, n, unref_bits, cancel_bits);
}

/* The door's parameter `param`, or NULL for an unknown one. */
static uint64_t *door_param(struct door *door, uint64_t param)
{
	switch (param) {
	case DOOR_PARAM_DESC_MAX: return &door->desc_max;
	case DOOR_PARAM_DATA_MAX: return &door->data_max;
	case DOOR_PARAM_DATA_MIN: return &door->data_min;
	default: return NULL;
	}
}

/* Read any door's parameter (H_INFO), or set one of a door this domain
 * serves; DATA_MIN never above DATA_MAX, no handles for a
 * DOOR_F_REFUSE_DESC door. */
long sys_door_param(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_INFO, (void **)&door);
	if (r < 0)
		return r;
	uint64_t *p = door_param(door, tf->regs[REG_A1]);
	uint64_t op = tf->regs[REG_A2], v = tf->regs[REG_A3];
	if (!p || op > DOOR_PARAM_SET)
		return HE_INVAL;
	if (op == DOOR_PARAM_GET) {
		tf->regs[REG_A1] = *p;
		return 0;
	}
	if (door->server != d)
		return HE_PERM;
	if (door->state != DOOR_LIVE)
		return HE_REVOKED;
	if (p == &door->desc_max && v && (door->flags & DOOR_F_REFUSE_DESC))
		return HE_NOTSUP;
	if ((p == &door->data_max && v < door->data_min) || (p == &door->data_min && v > door->data_max))
		return HE_INVAL;
	*p = v;
	return 0;
}

/* Credentials of the call the thread serves: the innermost frame's caller
 * and the caller at the bottom of the thread's own part of the shuttle (a
 * migrated call only; a handoff baseline's server thread is in no call of
 * its own). */
long sys_door_ucred(struct trapframe *tf)
{
	struct thread *t = thread_current();
	const struct shuttle_frame *f = shuttle_top(&t->shuttle);
	if (!f)
		return HE_NOCALL;
	const struct domain *origin = t->shuttle.frame[t->shuttle.base].caller;
	struct door_cred c = {
		.caller = f->caller->id,
		.caller_gen = f->caller->gen,
		.origin = origin->id,
		.origin_gen = origin->gen,
	};
	return copyout(domain_root(t->cur), tf->regs[REG_A0], &c, sizeof c);
}

/* The thread runs work split off a chain whose caller died, or a handoff
 * call whose caller is gone (doors/SEMANTICS.md §11): whatever it returns
 * will be discarded. */
long sys_door_cancelled(struct trapframe *tf)
{
	(void)tf;
	struct thread *t = thread_current();
	return t->orphan || handoff_cancelled(t);
}

/* A result buffer the kernel mapped for the current domain (doors/rbuf.h)
 * is given back. */
long sys_door_rbuf_free(struct trapframe *tf)
{
	return rbuf_free(thread_current()->cur, tf->regs[REG_A0]);
}
