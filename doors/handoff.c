/* Handoff doors: server thread pools, handing calls over and back (rules in
 * doors/handoff.h and doors/SEMANTICS.md, "Baseline modes"). The machine
 * half (registers, copies, the switch) is at the end. */
#include <hinge/errno.h>
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/hart.h"
#include "doors/handoff.h"
#include "doors/door.h"
#include "doors/call.h"
#include "kern/inherit.h"
#include "kern/copy.h"
#include "kern/uaccess.h"
#include "doors/hopframe.h"
#include "doors/xcall.h"

/* The server thread of d's activation i, if it has one, leaves it and no
 * longer counts among the domain's pool threads. Returns it, or NULL. */
static struct thread *server_leave(struct door *d, unsigned i)
{
	struct activation *a = d->pool.act[i];
	struct thread *s = a->server;
	if (!s)
		return NULL;
	a->server = NULL;
	s->handoff_act = NULL;
	s->serving = false;
	d->server->npool--;
	return s;
}

int handoff_pool_start(struct door *d, int prio)
{
	for (unsigned i = 0; i < d->pool.n; i++) {
		int err = 0;
		struct thread *s = thread_create_waiting(d->server, prio, &err);
		if (!s) {
			/* The ones made so far never ran and hold nothing: they
			 * end now, inside the door's creation that made them. */
			for (unsigned k = 0; k < i; k++)
				thread_kill(server_leave(d, k));
			return err;
		}
		s->handoff_act = d->pool.act[i];
		d->pool.act[i]->server = s;
	}
	return 0;
}

void handoff_pool_stop(struct door *d)
{
	for (unsigned i = 0; i < d->pool.n; i++) {
		struct thread *s = server_leave(d, i);
		if (s)
			thread_end_later(s);
	}
}

struct activation *handoff_take(struct actpool *pool, struct thread *t)
{
	uint32_t m = pool->idle_mask;
	if (!m)
		return NULL;
	struct activation *a = pool->act[act_lowest_bit(m)];
	pool->idle_mask = m & (m - 1);
	act_grant(pool, a, t);
	return a;
}

/* HANDOFF_PI: the REPLY edge of kern/inherit.h, caller -> server thread,
 * exists exactly while the server thread serves that caller. */
static bool lends(const struct activation *a)
{
	return a->door->mode == DOOR_HANDOFF_PI;
}

void handoff_adopt(struct thread *from, struct thread *to)
{
	struct activation *a = from->handoff_act;
	if (!a)
		return;
	to->handoff_act = a;
	to->serving = from->serving;
	a->server = to;
	from->handoff_act = NULL;
	from->serving = false;
	while (from->reply_waiters)
		inherit_set_reply(from->reply_waiters, to);
}

void handoff_serve(struct thread *s)
{
	struct activation *a = s->handoff_act;
	s->serving = true;
	if (lends(a) && a->holder)
		inherit_set_reply(a->holder, s);
}

/* The activation's call is over on both sides: the first waiter gets it,
 * else it is idle again and the call has ended for the door. */
static void release(struct activation *a, struct door_return_plan *out)
{
	struct actpool *pool = &a->door->pool;
	out->woken = NULL;
	if (pool->waiters) {
		out->woken = act_hand_over(pool, a);
		return;
	}
	a->state = ACT_FREE;
	a->holder = NULL;
	a->rbuf = a->rsize = 0;
	pool->idle_mask |= 1u << a->idx;
	door_call_ended(pool->door); /* may deliver an unreference, or free the door */
}

struct thread *handoff_finish(struct thread *s, struct door_return_plan *out)
{
	struct activation *a = s->handoff_act;
	struct thread *c = a->holder;
	s->serving = false;
	if (c && c->reply_from == s)
		inherit_set_reply(c, NULL); /* an inherited priority ends with the call */
	out->caller = NULL;
	if (c)
		door_return_finish(c, out); /* pops c's top frame, which names a: release() */
	else
		release(a, out);
	return c;
}

void handoff_frame_release(const struct shuttle_frame *f, struct door_return_plan *out)
{
	struct activation *a = f->act;
	out->caller = f->caller;
	if (a->server && a->server->serving) {
		struct thread *c = a->holder;
		if (c && c->reply_from == a->server)
			inherit_set_reply(c, NULL); /* its boost no longer reaches the server thread */
		a->holder = NULL;
		if (c) /* SYS_DOOR_CANCELLED turns 1 for the server thread */
			door_call_cancelled(a->door);
		a->rbuf = a->rsize = 0;
		out->woken = NULL;
		return;
	}
	release(a, out);
}

bool handoff_cancelled(const struct thread *t)
{
	return t->serving && !t->handoff_act->holder;
}

bool handoff_pending(const struct thread *t)
{
	const struct shuttle_frame *f = shuttle_top((struct shuttle *)&t->shuttle);
	return f && f->door->mode != DOOR_MIGRATE;
}

int handoff_idle_count(const struct door *d)
{
	return __builtin_popcount(d->pool.idle_mask);
}

/* ---- the machine half -------------------------------------------------- */

void handoff_call(struct thread *t, const struct door_call_plan *plan, const uint64_t w[DOOR_NWORDS],
			 struct xcall *xc)
{
	struct activation *a = plan->act;
	struct thread *s = a->server;
	struct trapframe *e = &s->frames[0];
	kzero(e->regs, sizeof e->regs);
	frame_set_entry(e, plan);
	s->tf = e;
	for (int i = 0; i < DOOR_NWORDS; i++)
		e->regs[REG_A1 + i] = w[i];
	a->rbuf = a->rsize = 0;
	if (xc) {
		e->regs[REG_A5] = 0;
		e->regs[REG_A7] = xcall_transfer(t->cur, plan->server, a, xc);
		a->rbuf = xc->x.rbuf;
		a->rsize = xc->x.rsize;
	}
	wait_begin(t, WAIT_REPLY, a);
	handoff_serve(s);
	sched_block(&this_hart()->sched, t, THREAD_BLOCKED);
	thread_switch_to(s);
	thread_wait_block(t);
	wait_close(t); /* the outcome is in t->tf */
	domain_activate(t->cur);
}

long handoff_return(struct thread *s, struct trapframe *tf)
{
	struct activation *a = s->handoff_act;
	uint64_t rbytes = tf->regs[REG_A6];
	if (rbytes > a->buf_size)
		return HE_INVAL;
	struct thread *c = a->holder;
	if (c) {
		/* rbuf was checked at the call; if the caller has since
		 * unmapped it, the results are dropped (its problem). */
		if (rbytes && a->rsize)
			copy_user_to_user(domain_root(shuttle_top(&c->shuttle)->caller), a->rbuf, domain_root(s->cur),
					  a->buf, rbytes < a->rsize ? rbytes : a->rsize);
		/* The result words a1..a5 are read in place: s's frame is
		 * not c's. */
		frame_set_results(c->tf, 0, &tf->regs[REG_A1], rbytes);
		c->wait.status = 0;
	}
	struct door_return_plan rp;
	handoff_finish(s, &rp);
	return_aftermath(&rp);
	if (!s->handoff_act) {
		/* The return freed the door, whose stop detached s and marked
		 * it to end: it switches out for good, and the scheduler loop
		 * reaps it. */
		if (c)
			thread_wake(c);
		thread_switch_out();
	} else {
		sched_block(&this_hart()->sched, s, THREAD_BLOCKED);
		if (c)
			thread_switch_to(c);
		else
			thread_switch_out();
	}
	return (long)s->tf->regs[REG_A0];
}

void handoff_server_gone(struct thread *s)
{
	struct activation *a = s->handoff_act;
	if (!a)
		return;
	a->server = NULL;
	s->home->npool--;
	if (s->serving) {
		struct thread *c = a->holder;
		if (c) {
			frame_set_dead(c->tf, HE_DEAD, s->home);
			c->wait.status = HE_DEAD;
		}
		struct door_return_plan rp;
		handoff_finish(s, &rp);
		return_aftermath(&rp);
		if (c)
			thread_wake(c);
	}
	s->handoff_act = NULL;
	s->serving = false;
}
