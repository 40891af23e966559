/* System call implementations of the foundation (the door calls live in
 * doors/). Each handler reads its arguments from the trap frame and returns
 * a0; handlers that return more values write a1.. themselves. Every argument
 * is checked: a bad one gives the documented HE_* code (docs/syscalls.md). */
#include <hinge/errno.h>
#include "syscall.h"
#include "arch/riscv/csr.h"
#include "thread.h"
#include "schedctx.h"
#include "domain.h"
#include "hart.h"
#include "clock.h"
#include "uaccess.h"
#include "vm.h"
#include "console.h"
#include "fault.h"
#include "supervisor.h"
#include "kern/observe.h"
#include "inherit.h"
#include "kern/handle_sys.h"
#include "doors/door_sys.h"
#include "doors/slowpath.h"
#include "doors/names.h"
#include "doors/cancel.h"
#include "sync_sys.h"

#define WRITE_MAX 4096  /* longest single console write */

static long sys_null(struct trapframe *tf)
{
	(void)tf;
	return 0;
}

static long sys_write(struct trapframe *tf)
{
	uintptr_t ubuf = tf->regs[REG_A0];
	uint64_t len = tf->regs[REG_A1];
	struct thread *t = thread_current();
	if (len > WRITE_MAX)
		return HE_INVAL;
	uint64_t *root = domain_root(t->cur);
	if (uaccess_check(root, ubuf, len, VM_R) < 0)
		return HE_FAULT; /* nothing printed */
	char buf[128];
	uint64_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof buf ? (size_t)(len - done) : sizeof buf;
		copyin(root, buf, ubuf + done, n);
		console_write(buf, n);
		done += n;
	}
	return (long)done;
}

static long sys_exit(struct trapframe *tf)
{
	struct thread *t = thread_current();
	domain_kill(t->cur, END_EXIT, (int64_t)tf->regs[REG_A0]);
	return 0; /* not reached: the caller's domain is dead */
}

static long sys_yield(struct trapframe *tf)
{
	(void)tf;
	thread_yield();
	return 0;
}

static long sys_thread_create(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct domain *d = t->cur;
	uintptr_t entry = tf->regs[REG_A0], sp = tf->regs[REG_A1];
	int64_t prio = (int64_t)tf->regs[REG_A2];
	if (prio < 0 || prio > d->maxprio)
		return HE_INVAL;
	if (entry < USER_BASE || entry >= USER_TOP || sp < USER_BASE || sp > USER_TOP || (sp & 15))
		return HE_INVAL;
	int err = 0;
	struct thread *n = thread_create(d, entry, sp, (int)prio, tf->regs[REG_A3], &err);
	if (!n)
		return err;
	hart_recheck(this_hart());
	return n->uid; /* the id SYS_SELF reports and SYS_DOOR_CANCEL takes */
}

static long sys_thread_exit(struct trapframe *tf)
{
	(void)tf;
	struct thread *t = thread_current();
	/* Server code runs on its caller's thread: it may not end it. A
	 * handoff door's server thread belongs to the door. */
	if (t->shuttle.depth > 0 || t->handoff_act)
		return HE_PERM;
	/* Threads marked to end (a freed handoff door's server threads) count
	 * in nthreads until reaped: reaped first, here between operations, so
	 * that the count below is of the threads that go on. */
	thread_reap_dead();
	/* The last thread of the domain's own (its handoff doors' server
	 * threads do not keep it alive). */
	if (t->home->nthreads - t->home->npool == 1) {
		domain_kill(t->home, END_EXIT, 0);
		return 0;
	}
	thread_kill(t);
	return 0;
}

static long sys_sleep(struct trapframe *tf)
{
	uint64_t ticks = tf->regs[REG_A0];
	uint64_t now = clock_ticks();
	if (ticks == 0)
		return 0;
	if (ticks > UINT64_MAX - now)
		return HE_INVAL;
	thread_sleep_until(now + ticks);
	return 0;
}

static long sys_clock(struct trapframe *tf)
{
	tf->regs[REG_A1] = clock_timebase_hz();
	return (long)clock_ticks();
}

static long sys_self(struct trapframe *tf)
{
	struct thread *t = thread_current();
	tf->regs[REG_A1] = (uint64_t)t->prio;
	tf->regs[REG_A2] = (uint64_t)t->cur->id;
	tf->regs[REG_A3] = (uint64_t)t->sc->prio;
	tf->regs[REG_A4] = (uint64_t)t->cur->gen;
	return t->uid;
}

/* The calling thread's base priority (its schedctx's). Server code may not
 * change its caller's priority, as it may not end its thread. A boost it has
 * stays (effective = max(base, inherited)). */
static long sys_set_prio(struct trapframe *tf)
{
	struct thread *t = thread_current();
	int64_t prio = (int64_t)tf->regs[REG_A0];
	if (t->shuttle.depth > 0)
		return HE_PERM;
	if (prio < 0 || prio > t->home->maxprio)
		return HE_INVAL;
	t->sc->prio = (int)prio;
	sched_set_inherited(&this_hart()->sched, t, t->inherited_prio);
	inherit_base_changed(t);
	hart_recheck(this_hart());
	return 0;
}

/* The calling thread's budget and period, within its home domain's cap.
 * Like its priority, server code may not change its caller's budget. */
static long sys_sc_set(struct trapframe *tf)
{
	struct thread *t = thread_current();
	uint64_t budget = tf->regs[REG_A0], period = tf->regs[REG_A1];
	if (t->shuttle.depth > 0)
		return HE_PERM;
	if (!sc_budget_valid(budget, period))
		return HE_INVAL;
	if (!sc_within_cap(budget, period, t->home->cap_budget, t->home->cap_period))
		return HE_PERM;
	sc_set_budget(t->sc, budget, period);
	return 0;
}

/* The context the thread runs on: in a door call, its caller's (§13). */
static long sys_sc_info(struct trapframe *tf)
{
	const struct schedctx *sc = thread_current()->sc;
	tf->regs[REG_A1] = sc->budget;
	tf->regs[REG_A2] = sc->period;
	tf->regs[REG_A3] = sc->remaining;
	return (long)sc->consumed;
}

static long (*const handlers[SYS_NSYSCALLS])(struct trapframe *) = {
	[SYS_NULL] = sys_null,
	[SYS_WRITE] = sys_write,
	[SYS_EXIT] = sys_exit,
	[SYS_YIELD] = sys_yield,
	[SYS_THREAD_CREATE] = sys_thread_create,
	[SYS_THREAD_EXIT] = sys_thread_exit,
	[SYS_SLEEP] = sys_sleep,
	[SYS_CLOCK] = sys_clock,
	[SYS_SELF] = sys_self,
	[SYS_DOOR_CREATE] = sys_door_create,
	[SYS_DOOR_CALL] = sys_door_call,
	[SYS_DOOR_RETURN] = sys_door_return,
	[SYS_DOOR_REVOKE] = sys_door_revoke,
	[SYS_DOOR_INFO] = sys_door_info,
	[SYS_HANDLE_DUP] = sys_handle_dup,
	[SYS_HANDLE_CLOSE] = sys_handle_close,
	[SYS_DOOR_UNREF_WAIT] = sys_door_unref_wait,
	[SYS_NAME_PUBLISH] = sys_name_publish,
	[SYS_NAME_LOOKUP] = sys_name_lookup,
	[SYS_KCOUNTS] = sys_kcounts,
	[SYS_BOOTFILE] = sys_bootfile,
	[SYS_DOOR_CANCELLED] = sys_door_cancelled,
	[SYS_DEATH_WAIT] = sys_death_wait,
	[SYS_DOMAIN_RESTART] = sys_domain_restart,
	[SYS_DOMAIN_KILL] = sys_domain_kill,
	[SYS_NOTIFY_CREATE] = sys_notify_create,
	[SYS_NOTIFY_SIGNAL] = sys_notify_signal,
	[SYS_NOTIFY_WAIT] = sys_notify_wait,
	[SYS_NOTIFY_POLL] = sys_notify_poll,
	[SYS_MEM_CREATE] = sys_mem_create,
	[SYS_MEM_MAP] = sys_mem_map,
	[SYS_MUTEX_CREATE] = sys_mutex_create,
	[SYS_MUTEX_LOCK] = sys_mutex_lock,
	[SYS_MUTEX_UNLOCK] = sys_mutex_unlock,
	[SYS_SET_PRIO] = sys_set_prio,
	[SYS_DOOR_NOTIFY] = sys_door_notify,
	[SYS_DOOR_UCRED] = sys_door_ucred,
	[SYS_DOOR_PARAM] = sys_door_param,
	[SYS_NAME_UNPUBLISH] = sys_name_unpublish,
	[SYS_SC_SET] = sys_sc_set,
	[SYS_SC_INFO] = sys_sc_info,
	[SYS_DOOR_CANCEL] = sys_door_cancel,
	[SYS_SEMA_CREATE] = sys_sema_create,
	[SYS_SEMA_WAIT] = sys_sema_wait,
	[SYS_SEMA_TRYWAIT] = sys_sema_trywait,
	[SYS_SEMA_POST] = sys_sema_post,
	[SYS_DOOR_RBUF_FREE] = sys_door_rbuf_free,
	/* LAB 3 BEGIN */
	[SYS_HANDLE_INFO] = sys_handle_info,
	/* LAB 3 END */
};

_Static_assert(SYS_NSYSCALLS <= 64 && (SYSCALL_LEAF_MASK >> 31) == 0, "trap.S tests a leaf call's bit");

enum syscall_exit syscall_leaf_run(struct trapframe *tf)
{
	tf->regs[REG_A0] = (uint64_t)handlers[tf->regs[REG_A7]](tf); /* trap.S checked it is a leaf call */
	struct hart *h = this_hart();
	return h->resched || sched_preempt_needed(&h->sched) ? SYSCALL_SWITCH : SYSCALL_DONE;
}

void syscall_dispatch(struct trapframe *tf)
{
	uint64_t n = tf->regs[REG_A7];
	if (n >= SYS_NSYSCALLS || !handlers[n]) {
		/* An unknown number is a broken program, not a request: it is
		 * contained like any other user fault (scause = the ecall's,
		 * stval = the number). */
		fault_user(FAULT_BADSYSCALL, EXC_ECALL_U, tf->pc - 4, n);
		return;
	}
	tf->regs[REG_A0] = (uint64_t)handlers[n](tf);
}
