/* Thread pool, creation, death, and switching in and out.
 *
 * Switching model (xv6's): a thread that gives up the CPU switches to its
 * hart's scheduler loop (scheduler_run), which picks the next thread from the
 * run queue and switches to it. A dead thread is reaped by the scheduler loop,
 * i.e. off the dead thread's own kernel stack. The kernel is not preemptible:
 * interrupts are only taken from user mode, so a switch happens only where
 * the code says so. */
#include <string.h>
#include <hinge/errno.h>
#include "thread.h"
#include "hart.h"
#include "domain.h"
#include "schedctx.h"
#include "clock.h"
#include "vm.h"
#include "notify.h"
#include "kern/ipc.h"
#include "kern/observe.h"
#include "mutex.h"
#include "sema.h"
#include "inherit.h"
#include "supervisor.h"
#include "smp.h"

#define KSTACK_SIZE (KSTACK_PAGES * PAGE_SIZE)

static struct thread threads[MAX_THREADS];
static uint8_t kstacks[MAX_THREADS][KSTACK_SIZE] __attribute__((aligned(16)));

struct thread *thread_by_id(int id)
{
	if (id < 0 || id >= MAX_THREADS || threads[id].state == THREAD_FREE)
		return NULL;
	return &threads[id];
}

struct thread *thread_by_uid(int uid)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i].state != THREAD_FREE && threads[i].state != THREAD_DEAD && threads[i].uid == uid)
			return &threads[i];
	return NULL;
}

int thread_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i].state != THREAD_FREE)
			n++;
	return n;
}

static void __attribute__((noreturn)) enter_user(struct thread *t)
{
	arch_user_fpu(fpu_owned(t));
	kernel_leave();
	arch_user_enter(t->tf);
}

/* First code a new thread runs, on its own kernel stack. */
static void thread_start(void)
{
	enter_user(thread_current());
}

static int next_uid;

/* A free thread slot, made ready to run on hart h (kernel stack, hop frames,
 * kernel context) on a new scheduling context of priority prio. NULL with
 * *err: HE_INVAL (bad priority) or HE_NOMEM (a pool is empty). */
static struct thread *thread_alloc(struct hart *h, int prio, int *err)
{
	/* The argument first, then the pools (docs/syscalls.md). */
	if (prio < 0 || prio >= NPRIO) {
		*err = HE_INVAL;
		return NULL;
	}
	int id = 0;
	while (id < MAX_THREADS && threads[id].state != THREAD_FREE)
		id++;
	struct schedctx *sc = id < MAX_THREADS && !FAILALLOC() ? sc_alloc(prio, 0, 0) : NULL;
	if (!sc) {
		*err = HE_NOMEM;
		return NULL;
	}

	struct thread *t = &threads[id];
	fpu_forget(t);
	memset(t, 0, sizeof *t);
	t->id = id;
	t->uid = next_uid++;
	t->sc = sc;
	t->inherited_prio = -1;
	t->prio = prio;
	t->kstack_top = (uintptr_t)&kstacks[id][KSTACK_SIZE];
	for (size_t i = 0; i < sizeof t->frames / sizeof t->frames[0]; i++) {
		t->frames[i].kstack = t->kstack_top;
		t->frames[i].khart = (uint64_t)(uintptr_t)h;
		t->frames[i].hop = i;
	}
	t->tf = &t->frames[0];
	arch_kcontext_init(&t->kctx, t->kstack_top, thread_start);
	return t;
}

/* A new thread at home in d (counted there, holding d's reference), not
 * yet runnable. */
static struct thread *thread_new_in(struct domain *d, int prio, int *err)
{
	/* A domain placed on a hart (d->hart) has its threads there; the
	 * others', on the hart of the thread that creates them. */
	struct thread *t = thread_alloc(d->hart >= 0 ? &harts[d->hart] : this_hart(), prio, err);
	if (!t)
		return NULL;
	sc_set_budget(t->sc, d->cap_budget, d->cap_period); /* starts at its domain's cap */
	t->home = d;
	domain_ref(d);
	t->cur = d;
	d->nthreads++;
	return t;
}

struct thread *thread_create(struct domain *d, uintptr_t entry, uintptr_t sp,
			     int prio, uint64_t arg, int *err)
{
	struct thread *t = thread_new_in(d, prio, err);
	if (!t)
		return NULL;
	t->tf->pc = entry;
	t->tf->regs[REG_SP] = sp;
	t->tf->regs[REG_A0] = arg;
	struct hart *h = thread_hart(t);
	sched_make_runnable(&h->sched, t);
	if (h != this_hart())
		hart_recheck(h);
	return t;
}

struct thread *thread_create_waiting(struct domain *d, int prio, int *err)
{
	struct thread *t = thread_new_in(d, prio, err);
	if (!t)
		return NULL;
	t->state = THREAD_BLOCKED;
	d->npool++;
	return t;
}

struct thread *thread_split(struct thread *t, int hop, int orphan_prio)
{
	int err;
	/* n stays on t's hart. If t runs there now, that hart is stopped (its
	 * FP registers saved: smp.h). */
	struct hart *h = thread_hart(t);
	struct thread *n = thread_alloc(h, orphan_prio, &err);
	if (!n)
		return NULL;

	/* n continues the caller's side: t's user-visible id, scheduling
	 * context and home (and its place in the home's thread count); t keeps
	 * the downstream work on the new context. */
	struct schedctx *sc = n->sc;
	n->sc = t->sc;
	t->sc = sc;
	int uid = n->uid;
	n->uid = t->uid;
	t->uid = uid;
	n->home = t->home;
	domain_ref(n->home);
	n->orphan = t->orphan; /* with it, the reference on an orphan's base (kern/domain.h) */
	n->prio = n->sc->prio;

	/* Hops 0..hop move to n, FP state included (saved first if live in the
	 * registers); their kernel-side fields stay n's own. */
	for (int k = 0; k <= hop; k++) {
		if (h->fpu_owner == &t->frames[k].fp) {
			arch_fpu_save(h->fpu_owner);
			h->fpu_owner = NULL;
		}
		struct trapframe *f = &n->frames[k];
		uint64_t kstack = f->kstack, khart = f->khart;
		*f = t->frames[k];
		f->kstack = kstack;
		f->khart = khart; /* hop: t's, 0 where an orphan's return is for nobody */
	}
	n->shuttle.base = t->shuttle.base;
	n->shuttle.depth = hop;
	for (int k = t->shuttle.base; k < hop; k++)
		n->shuttle.frame[k] = t->shuttle.frame[k];
	n->tf = &n->frames[hop];

	t->orphan = true;
	sched_set_inherited(&h->sched, t, t->inherited_prio); /* new context: requeue at its priority */
	if (t->queue == SQ_THROTTLED)
		sched_make_runnable(&h->sched, t); /* the throttled context went to n */
	sched_make_runnable(&h->sched, n);
	hart_recheck(h);
	return n;
}

void thread_rehome(struct thread *t, struct domain *home)
{
	struct domain *old = t->home;
	domain_ref(home);
	t->home = home;
	domain_unref(old);
}

void thread_switch_out(void)
{
	struct thread *t = thread_current();
	arch_switch(&t->kctx, &this_hart()->sched_ctx);
}

void thread_yield(void)
{
	sched_yield(&this_hart()->sched);
	thread_switch_out();
}

void thread_sleep_until(uint64_t tick)
{
	struct thread *t = thread_current();
	sched_sleep(&this_hart()->sched, t, tick);
	thread_switch_out();
}

void thread_wait_block(struct thread *t)
{
	while (wait_pending(t)) {
		sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
		thread_switch_out();
	}
}

void hart_recheck(struct hart *h)
{
	if (sched_preempt_needed(&h->sched)) {
		h->resched = true;
		smp_kick(h);
	}
}

void thread_wake(struct thread *t)
{
	struct hart *h = thread_hart(t);
	sched_make_runnable(&h->sched, t);
	hart_recheck(h);
}

void thread_switch_to(struct thread *next)
{
	struct hart *h = this_hart();
	struct thread *t = h->sched.current;
	if (thread_hart(next) != h) {
		thread_wake(next); /* it runs on its own hart */
	} else if (sched_run_direct(&h->sched, next)) {
		h->resched = false; /* next is the best runnable choice now */
		domain_activate(next->cur);
		arch_switch(&t->kctx, &next->kctx);
		return;
	}
	thread_switch_out(); /* the scheduler loop picks */
}

void thread_set_inherited(struct thread *t, int prio)
{
	int before = t->prio;
	struct hart *h = thread_hart(t);
	sched_set_inherited(&h->sched, t, prio);
	if (t->prio != before)
		OBSERVE(trace_boost(t));
	hart_recheck(h);
}

void thread_wait_cancel(struct thread *t, long status)
{
	switch (t->wait.kind) {
	case WAIT_NONE:
		return;
	case WAIT_NOTIFY:
		notify_cancel(t); /* also gives back bits handed but not yet taken */
		return;
	case WAIT_MUTEX:
		mutex_cancel_wait(t, status);
		return;
	case WAIT_SEMA:
		sema_cancel_wait(t, status);
		return;
	case WAIT_DEATH:
		supervisor_cancel_wait(t, status);
		return;
	case WAIT_ACTIVATION:
	case WAIT_REPLY:
	case WAIT_UNREF:
		ipc_wait_cancel(t, status);
		return;
	}
}

/* Threads marked THREAD_DEAD and not yet reaped. */
static int dead_pending;

/* Return a dead thread's resources. Never runs on t's own kernel stack:
 * either t is switched out for good, or this is the scheduler loop. */
static void thread_reap(struct thread *t)
{
	struct domain *d = t->home;
	dead_pending--;
	thread_wait_cancel(t, HE_DEAD);
	ipc_thread_reaped(t);
	mutex_release_all(t);
	inherit_forget(t);
	fpu_forget(t);
	sc_free(t->sc);
	t->sc = NULL;
	t->state = THREAD_FREE;
	if (!t->orphan) /* an orphan does not keep its domain alive */
		domain_thread_gone(d);
	else
		domain_unref(t->shuttle.frame[t->shuttle.base].caller); /* its dead base */
	domain_unref(d);
}

void thread_end_later(struct thread *t)
{
	struct hart *h = thread_hart(t);
	if (t->state == THREAD_DEAD || t->state == THREAD_FREE)
		return;
	if (t == h->sched.current) {
		if (h != this_hart())
			smp_stop_others(); /* it runs there: parked first (smp.h) */
		t->state = THREAD_DEAD; /* it is switching out: sched_pick drops it */
	} else
		sched_block(&h->sched, t, THREAD_DEAD);
	dead_pending++;
}

void thread_reap_dead(void)
{
	if (!dead_pending)
		return;
	/* Reaping may free the address space satp names: leave it for the
	 * kernel's own table first. */
	arch_vm_activate((uint64_t)(uintptr_t)vm_kernel_root(), 0);
	/* A reap may mark more threads (a door freed with the dead thread's
	 * last handle): passes go on until one finds none. */
	bool reaped = true;
	while (reaped) {
		reaped = false;
		for (int i = 0; i < MAX_THREADS; i++) {
			/* One still current on another hart runs on its kernel
			 * stack there: that hart reaps it once it switched out. */
			struct hart *th = thread_hart(&threads[i]);
			if (threads[i].state == THREAD_DEAD &&
			    (th == this_hart() || th->sched.current != &threads[i])) {
				thread_reap(&threads[i]);
				reaped = true;
			}
		}
	}
}

void thread_kill(struct thread *t)
{
	struct hart *h = thread_hart(t);
	if (t->state == THREAD_DEAD || t->state == THREAD_FREE)
		return;
	thread_end_later(t);
	if (t == h->sched.current && h != this_hart())
		return; /* its hart reaps it when it switches out */
	if (t == h->sched.current)
		thread_switch_out(); /* reaped by the scheduler loop, off this kernel stack */
	/* Switched out (runnable, sleeping or blocked): its kernel stack holds
	 * only a continuation that will never run, so it is reaped at once. */
	thread_reap(t);
}

bool thread_preempt_point(void)
{
	struct hart *h = this_hart();
	if (!h->resched && !sched_preempt_needed(&h->sched))
		return false;
	/* The thread stays RUNNING: sched_pick puts it back on the run queue. */
	h->resched = false;
	thread_switch_out();
	return true;
}

void thread_return_to_user(void)
{
	if (HINGE_SMP && thread_current()->state != THREAD_RUNNING)
		thread_switch_out(); /* killed by another hart while stopped (smp.h): never back */
	thread_preempt_point();
	enter_user(this_hart()->sched.current);
}

/* The scheduler loop. sched_pick requeues the thread that just switched out
 * (if it is still RUNNING, i.e. preempted or yielding) and returns the next
 * one, which it marks RUNNING and current; NULL means nothing is runnable
 * and the hart idles until the next interrupt. */
void scheduler_run(void)
{
	struct hart *h = this_hart();
	for (;;) {
		struct thread *t = sched_pick(&h->sched);
		OBSERVE(trace_switch(t));
		if (!t) {
			/* When no domain is left and every dead thread is reaped
			 * (one still current on another hart is reaped there,
			 * whose scheduler loop then comes here too), the boot
			 * file's running section ends: the next one starts, or
			 * the verdict is given and the machine shuts down. */
			if (domain_live_count() == 0 && !dead_pending)
				bootrun_finish();
			kernel_leave();
			arch_idle_wait();
			kernel_enter(); /* a stop while idle leaves nothing to drop */
			if (arch_timer_pending())
				clock_interrupt();
			continue;
		}
		domain_activate(t->cur);
		arch_switch(&h->sched_ctx, &t->kctx);
		/* Off every thread's kernel stack, between operations: the
		 * thread that switched back here (direct switches may have run
		 * others since) if it ended itself, and any thread marked. */
		thread_reap_dead();
	}
}
