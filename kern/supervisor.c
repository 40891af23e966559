/* Death notifications and restarts (rules: doors/SEMANTICS.md §12).
 *
 * The news of each death is a fixed-size record in a bounded queue; a full
 * queue drops the newest record and counts it (`lost`, reported with the next
 * record that gets through) rather than allocating.
 *
 * A record is delivered (dequeued) only when the supervisor's thread is
 * about to return to user code with it (sys_death_wait).
 *
 * Each queued record holds a reference on its dead domain (kern/domain.h), and
 * so does the last record delivered until the supervisor's next
 * SYS_DEATH_WAIT: the domain it was just told of stays restartable (its slot
 * is not reclaimed) while it decides. The supervisor's own death, or a new
 * supervisor, drops them all. */
#include <hinge/errno.h>
#include "supervisor.h"
#include "domain.h"
#include "thread.h"
#include "hart.h"
#include "uaccess.h"
#include "kern/observe.h"
#include "console.h"

#define MAX_DEATHS (2 * MAX_DOMAINS)

static struct domain *supervisor;
static struct thread *waiter;       /* supervisor thread blocked in SYS_DEATH_WAIT */
static struct hinge_death queue[MAX_DEATHS];
static struct domain *queued[MAX_DEATHS]; /* the domain of each record, referenced */
static int head, count;
static struct domain *delivered;    /* the last record's domain, referenced; or NULL */

static void drop_delivered(void)
{
	if (delivered)
		domain_unref(delivered);
	delivered = NULL;
}

/* Forget the supervisor and every record. */
static void supervisor_forget(void)
{
	drop_delivered();
	for (; count > 0; count--, head = (head + 1) % MAX_DEATHS)
		domain_unref(queued[head]);
	head = 0;
	supervisor = NULL;
	waiter = NULL;
}

void supervisor_set(struct domain *d)
{
	supervisor_forget();
	supervisor = d;
}

/* The supervisor died (doors/SEMANTICS.md §12): from now on nobody is told
 * of deaths and nobody may restart or kill; the news it had not taken yet is
 * dropped, with the references its records held; the domains it supervised
 * go on. */
static void supervisor_lost(struct domain *d)
{
	kprintf("[hinge] supervisor '%s' died: %d death record(s) not taken dropped; deaths are no longer "
		"reported\n", d->name, count);
	OBSERVE(trace_unsupervised(d, count));
	supervisor_forget(); /* its waiting thread dies with it */
}

void supervisor_notify(struct domain *d)
{
	if (d == supervisor) {
		supervisor_lost(d);
		return;
	}
	if (!supervisor || supervisor->state != DOM_LIVE)
		return;
	if (count == MAX_DEATHS) {
		kprintf("[hinge] supervisor queue full: news of domain '%s' lost\n", d->name);
		return;
	}
	queued[(head + count) % MAX_DEATHS] = d;
	domain_ref(d);
	struct hinge_death *r = &queue[(head + count++) % MAX_DEATHS];
	r->domain = d->id;
	r->how = domain_death_how(d);
	r->code = d->end_code;
	r->gen = d->gen;
	for (unsigned i = 0; i < sizeof r->name; i++)
		r->name[i] = d->name[i];
	if (waiter) {
		struct thread *w = waiter;
		waiter = NULL;
		w->wait.status = 0;
		thread_wake(w);
	}
}

void supervisor_cancel_wait(struct thread *t, long status)
{
	if (t->wait.kind != WAIT_DEATH || !wait_pending(t))
		return;
	if (waiter == t)
		waiter = NULL;
	t->wait.status = status;
}

bool is_supervisor(const struct thread *t)
{
	return supervisor && t->cur == supervisor;
}

long sys_death_wait(struct trapframe *tf)
{
	struct thread *t = thread_current();
	if (!is_supervisor(t))
		return HE_PERM;
	if (waiter)
		return HE_INVAL; /* one waiting thread at a time */
	drop_delivered(); /* the news it read last: decided on */
	/* A record is delivered when t's user code runs with it
	 * (doors/SEMANTICS.md §12): it leaves the queue only past the last
	 * point where t could be switched out before it gets there. Until
	 * then it is queued, so a supervisor that dies meanwhile counts it
	 * among the records it dropped. */
	for (;;) {
		long woken = 0;
		if (count == 0) {
			waiter = t;
			wait_begin(t, WAIT_DEATH, supervisor);
			thread_wait_block(t);
			woken = wait_close(t);
		} else if (!thread_preempt_point()) {
			break;
		}
		/* The supervisor died while t was switched out in it (t came
		 * there by a door call and was sent back out: its caller's
		 * frame holds HE_DEAD, this result goes to the dead hop's
		 * frame; its own threads died with it and never get here). */
		if (woken < 0 || !is_supervisor(t) || t->tf != tf)
			return HE_DEAD;
	}
	int r = copyout(domain_root(t->cur), tf->regs[REG_A0], &queue[head],
			sizeof queue[head]);
	if (r < 0)
		return r; /* the record stays queued */
	/* Another thread of the supervisor may have been told one while t
	 * was switched out: that was the supervisor's next SYS_DEATH_WAIT. */
	drop_delivered();
	delivered = queued[head];
	head = (head + 1) % MAX_DEATHS;
	count--;
	return 0;
}

/* Into *d, the domain a supervisor's call names in a0. HE_PERM if the
 * caller does not run in the supervisor, HE_NOENT if there is no such
 * domain. */
static long supervised_arg(struct trapframe *tf, struct domain **d)
{
	if (!is_supervisor(thread_current()))
		return HE_PERM;
	uint64_t reg = tf->regs[REG_A0];
	*d = reg <= INT32_MAX ? domain_by_id((int)reg) : NULL;
	return *d ? 0 : HE_NOENT;
}

long sys_domain_restart(struct trapframe *tf)
{
	struct domain *d;
	int err = (int)supervised_arg(tf, &d);
	if (err)
		return err;
	struct domain *n = domain_restart(d, &err);
	if (!n)
		return err;
	OBSERVE(trace_restart(d, n));
	return n->id;
}

long sys_domain_kill(struct trapframe *tf)
{
	struct domain *d;
	long err = supervised_arg(tf, &d);
	if (err)
		return err;
	if (d->state != DOM_LIVE || d == supervisor)
		return HE_INVAL;
	domain_kill(d, END_KILL, 0);
	return 0;
}
