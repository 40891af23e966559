/* System-call half of notification and memory objects: arguments, rights,
 * handles, blocking. The decisions are in notify.c and memobj.c. */
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "sync_sys.h"
#include "notify.h"
#include "memobj.h"
#include "thread.h"
#include "domain.h"
#include "hart.h"
#include "vm.h"

static struct domain *cur_domain(void)
{
	return thread_current()->cur;
}

long sys_notify_create(struct trapframe *tf)
{
	(void)tf;
	struct notify *n;
	int r = notify_alloc(&n);
	if (r < 0)
		return r;
	int h = handle_install(&cur_domain()->handles, KOBJ_NOTIFY, n, H_NOTIFY_ALL);
	if (h < 0)
		notify_settle(n); /* no handle: freed again */
	return h;
}

/* The notification named by a0 with the rights `need`, and a bit argument
 * (a1) that is non-zero and within NOTIFY_BITS_ALL. */
static int notify_args(struct trapframe *tf, uint32_t need, struct notify **n, uint64_t *bits)
{
	int r = handle_lookup(&cur_domain()->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_NOTIFY,
			      need, (void **)n);
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
	int h = handle_install(&cur_domain()->handles, KOBJ_MEM, m, H_MEM_ALL);
	if (h < 0)
		memobj_settle(m); /* no handle: freed again */
	return h;
}

long sys_mem_map(struct trapframe *tf)
{
	struct domain *d = cur_domain();
	uint64_t perm = tf->regs[REG_A2];
	if (perm != MEM_R && perm != (MEM_R | MEM_W))
		return HE_INVAL;
	uint32_t need = perm & MEM_W ? H_MAP | H_MAP_W : H_MAP;
	struct memobj *m;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_MEM, need, (void **)&m);
	if (r < 0)
		return r;
	return memobj_map(m, domain_root(d), tf->regs[REG_A1],
			  perm & MEM_W ? VM_R | VM_W : VM_R);
}
