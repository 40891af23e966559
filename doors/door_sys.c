/* Door system calls (register convention: kern/abi/hinge/door.h; rules:
 * doors/SEMANTICS.md; reference: docs/syscalls.md).
 *
 * The fast path is SYS_DOOR_CALL without DOOR_CALL_XARG and SYS_DOOR_RETURN
 * with no result bytes: no allocation, no copy but registers, no scheduler
 * decision. The caller's hop frame is left untouched by a call (it is the
 * return point), the server starts on a fresh frame where every register
 * is zero except the declared ones, and a return writes only a0..a6 of the
 * caller's frame: this is what keeps one domain's registers from another. */
#include <string.h>
#include <hinge/errno.h>
#include <hinge/door.h>
#include "door_sys.h"
#include "call.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "kern/uaccess.h"
#include "kern/names.h"
#include "kern/vm.h"
#include "kern/fpu.h"

static uint64_t *root_of(struct domain *d)
{
	return (uint64_t *)(uintptr_t)d->pt_root;
}

static struct domain *cur_domain(void)
{
	return thread_current()->cur;
}

/* A handle argument: any register value that is not a slot index (a
 * negative int, or one wider than 32 bits) becomes -1, which every lookup
 * rejects with HE_BADHANDLE, instead of being truncated onto a real slot. */
static int handle_arg(uint64_t reg)
{
	return reg < MAX_HANDLES ? (int)reg : -1;
}

long sys_door_create(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door_pool_desc desc;
	if (copyin(root_of(d), &desc, tf->regs[REG_A3], sizeof desc) < 0)
		return HE_FAULT;
	int r = act_desc_check(&desc);
	if (r < 0)
		return r;
	/* Every stack and buffer must be writable memory of the server now:
	 * then entering a call can never find them missing. */
	if (uaccess_check(root_of(d), desc.stack_base, desc.stack_size * desc.n, VM_W) < 0 ||
	    uaccess_check(root_of(d), desc.buf_base, desc.buf_size * desc.n, VM_W) < 0)
		return HE_FAULT;
	struct door *door;
	r = door_alloc(d, tf->regs[REG_A0], tf->regs[REG_A1], (uint32_t)tf->regs[REG_A2], &desc, &door);
	if (r < 0)
		return r;
	int h = handle_install(&d->handles, KOBJ_DOOR, door, H_ALL);
	if (h < 0)
		door_settle(door); /* no handle: the door is freed again */
	return h;
}

/* Bulk part of a call, validated before anything changes. */
struct xcall {
	struct door_xarg x;
	struct door_desc desc[DOOR_MAX_DESC];
};

static int xcall_check(struct domain *d, struct trapframe *tf, struct xcall *xc)
{
	if (copyin(root_of(d), &xc->x, tf->regs[REG_A5], sizeof xc->x) < 0)
		return HE_FAULT;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_arg(tf->regs[REG_A0]), KOBJ_DOOR, H_CALL, (void **)&door);
	if (r < 0)
		return r;
	size_t buf_size = door->pool.act[0]->buf_size;
	size_t handles_at = (xc->x.data_size + 7) & ~7UL;
	if (xc->x.data_size > DOOR_MAX_DATA || xc->x.desc_num > DOOR_MAX_DESC ||
	    xc->x.data_size > buf_size ||
	    (xc->x.desc_num && handles_at + 4 * xc->x.desc_num > buf_size))
		return HE_INVAL;
	if (uaccess_check(root_of(d), xc->x.data_ptr, xc->x.data_size, VM_R) < 0 ||
	    uaccess_check(root_of(d), xc->x.rbuf, xc->x.rsize, VM_W) < 0 ||
	    copyin(root_of(d), xc->desc, xc->x.desc_ptr, sizeof xc->desc[0] * xc->x.desc_num) < 0)
		return HE_FAULT;
	for (uint64_t i = 0; i < xc->x.desc_num; i++) {
		void *obj;
		r = handle_lookup(&d->handles, xc->desc[i].handle, KOBJ_DOOR, H_XFER, &obj);
		if (r < 0)
			return r;
		if (xc->desc[i].flags & ~DOOR_DESC_MOVE)
			return HE_INVAL;
	}
	if (MAX_HANDLES - handle_count(&door->server->handles) < (int)xc->x.desc_num)
		return HE_NOSPACE;
	return 0;
}

/* Move the bulk data and handles of a call that has begun. Cannot fail: all
 * was checked by xcall_check, and the server's buffer is its own memory
 * since door creation. Returns the server's a7 (bytes | handles << 32). */
static uint64_t xcall_transfer(struct domain *caller, struct domain *server,
			       struct activation *act, struct xcall *xc)
{
	copy_user_to_user(root_of(server), act->buf, root_of(caller), xc->x.data_ptr, xc->x.data_size);
	uintptr_t at = act->buf + ((xc->x.data_size + 7) & ~7UL);
	for (uint64_t i = 0; i < xc->x.desc_num; i++) {
		struct handle *src = &caller->handles.slot[xc->desc[i].handle];
		int32_t nh = handle_install(&server->handles, KOBJ_DOOR, src->obj, src->rights);
		if (xc->desc[i].flags & DOOR_DESC_MOVE)
			handle_close(&caller->handles, xc->desc[i].handle);
		copyout(root_of(server), at + 4 * i, &nh, sizeof nh);
	}
	return xc->x.data_size | (xc->x.desc_num << 32);
}

/* Consequences of a return that the returning code must act on (an
 * unreferenced notification is delivered by door_settle itself). */
static void return_aftermath(struct door_return_plan *rp)
{
	if (rp->woken)
		thread_wake(rp->woken);
}

long sys_door_call(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct domain *caller = t->cur;
	uint32_t flags = (uint32_t)tf->regs[REG_A6];
	struct xcall xc;
	if (flags & DOOR_CALL_XARG) {
		int r = xcall_check(caller, tf, &xc);
		if (r < 0)
			return r;
	}
	struct door_call_plan plan;
	int r = door_call_begin(t, &caller->handles, handle_arg(tf->regs[REG_A0]), flags, &plan);
	bool waited = false;
	while (r == ACQ_QUEUED) {
		/* Wait for an activation; the holders inherit our priority. */
		sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
		thread_switch_out();
		r = door_call_resume(t, &plan);
		waited = true;
	}
	if (r < 0)
		return r;
	if (waited && (flags & DOOR_CALL_XARG)) {
		/* The caller's handles or the server's table may have changed
		 * while we waited: check the bulk part again, or give up the
		 * call we were handed. */
		int x = xcall_check(caller, tf, &xc);
		if (x < 0) {
			struct door_return_plan rp;
			door_return_finish(t, &rp);
			return_aftermath(&rp);
			return x;
		}
	}
	if (plan.server->state != DOM_LIVE) {
		/* Handed an activation while waiting, but the server has died
		 * since: the call ends at once, nothing of it remains. */
		struct door_return_plan rp;
		door_return_finish(t, &rp);
		return_aftermath(&rp);
		return HE_DEAD;
	}

	fpu_hop_fresh(t, plan.hop);
	struct trapframe *s = t->tf; /* the server's fresh hop frame */
	memset(s->regs, 0, sizeof s->regs);
	s->pc = plan.entry;
	s->regs[REG_SP] = plan.act->stack_top;
	s->regs[REG_A0] = plan.cookie;
	for (int i = REG_A1; i <= REG_A5; i++)
		s->regs[i] = tf->regs[i];
	s->regs[REG_A6] = plan.act->buf;
	if (flags & DOOR_CALL_XARG) {
		s->regs[REG_A5] = 0;
		s->regs[REG_A7] = xcall_transfer(caller, plan.server, plan.act, &xc);
	}
	domain_activate(plan.server);
	return tf->regs[REG_A0]; /* lands in the caller's saved a0; overwritten at return */
}

long sys_door_return(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	if (!f)
		return HE_NOCALL;
	struct activation *act = f->act;
	struct domain *server = t->cur;
	uint64_t rbytes = tf->regs[REG_A6];
	if (rbytes > act->buf_size)
		return HE_INVAL;

	struct door_return_plan rp;
	int r = door_return_finish(t, &rp);
	if (r < 0)
		return r;
	struct trapframe *c = t->tf; /* the caller's hop frame, as it was at the call */
	if ((c->regs[REG_A6] & DOOR_CALL_XARG) && rbytes) {
		struct door_xarg x;
		if (copyin(root_of(rp.caller), &x, c->regs[REG_A5], sizeof x) == 0) {
			uint64_t n = rbytes < x.rsize ? rbytes : x.rsize;
			/* The caller's rbuf was checked at the call; if the caller has
			 * since unmapped it, the results are dropped (its problem). */
			copy_user_to_user(root_of(rp.caller), x.rbuf, root_of(server), act->buf, n);
		}
	}
	c->regs[REG_A0] = 0;
	for (int i = REG_A1; i <= REG_A5; i++)
		c->regs[i] = tf->regs[i];
	c->regs[REG_A6] = rbytes;
	return_aftermath(&rp);
	if (rp.caller->state != DOM_LIVE && !door_unwind(t)) {
		/* The caller died while we served it and no live caller is
		 * left: the thread's home is dead too. */
		thread_kill(t);
	}
	domain_activate(t->cur);
	return 0; /* lands in the finished server frame, which is discarded */
}

bool door_unwind(struct thread *t)
{
	if (t->waiting_on) {
		door_call_cancel_wait(t, HE_DEAD);
		thread_wake(t);
	}
	while (t->cur->state != DOM_LIVE) {
		struct door_return_plan rp;
		if (door_return_finish(t, &rp) < 0)
			return false;
		t->tf->regs[REG_A0] = (uint64_t)(long)HE_DEAD;
		return_aftermath(&rp);
	}
	/* A switched-out thread may sit in sys_door_call's wait, possibly
	 * already handed an activation (whose frame was popped above): its
	 * resume must report the death, not enter an older call's server. */
	if (t != thread_current())
		t->door_status = HE_DEAD;
	return true;
}

void door_release_all(struct thread *t)
{
	struct door_return_plan rp;
	door_forget_unref_waiter(t);
	if (t->waiting_on)
		door_call_cancel_wait(t, HE_DEAD);
	while (door_return_finish(t, &rp) == 0)
		return_aftermath(&rp);
}

long sys_door_revoke(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int r = handle_lookup(&d->handles, handle_arg(tf->regs[REG_A0]), KOBJ_DOOR, H_REVOKE, (void **)&door);
	if (r < 0)
		return r;
	static struct thread *woken[MAX_THREADS];
	int n = door_revoke(door, woken);
	for (int i = 0; i < n; i++)
		thread_wake(woken[i]);
	return 0;
}

long sys_door_info(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int h = handle_arg(tf->regs[REG_A0]);
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
		.unref = door->unref_pending || door->unref_delivered,
		.cookie = door->server == d ? door->cookie : 0,
	};
	return copyout(root_of(d), tf->regs[REG_A1], &info, sizeof info);
}

long sys_handle_dup(struct trapframe *tf)
{
	return handle_dup(&cur_domain()->handles, handle_arg(tf->regs[REG_A0]), (uint32_t)tf->regs[REG_A1]);
}

long sys_handle_close(struct trapframe *tf)
{
	return handle_close(&cur_domain()->handles, handle_arg(tf->regs[REG_A0]));
}

long sys_door_unref_wait(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct domain *d = t->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_arg(tf->regs[REG_A0]), KOBJ_DOOR, 0, (void **)&door);
	if (r < 0)
		return r;
	if (door->server != d || !(door->flags & DOOR_F_UNREF))
		return HE_PERM;
	if (door_unref_take(door))
		return 0;
	if (door->unref_delivered || door->state != DOOR_LIVE || door->unref_waiter)
		return HE_INVAL;
	door->unref_waiter = t;
	t->door_status = 0;
	sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
	thread_switch_out();
	return t->door_status;
}

long sys_name_publish(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	struct door *door;
	int r = handle_lookup(&d->handles, handle_arg(tf->regs[REG_A0]), KOBJ_DOOR, H_XFER, (void **)&door);
	if (r < 0)
		return r;
	char name[NAME_LEN];
	r = copyinstr(root_of(d), name, tf->regs[REG_A1], sizeof name);
	if (r < 0)
		return r;
	return names_publish(name, door);
}

long sys_name_lookup(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	char name[NAME_LEN];
	int r = copyinstr(root_of(d), name, tf->regs[REG_A0], sizeof name);
	if (r < 0)
		return r;
	return names_lookup(name, &d->handles, H_CALL | H_INFO | H_DUP | H_XFER);
}
