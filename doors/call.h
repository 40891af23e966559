/* Door call and return, the portable half (no trap or arch code).
 *
 * The trap path decodes a door_call / door_return system call and uses these
 * functions for every decision and every state change; it then does only the
 * machine part: switch address space to plan->server (or plan->caller), copy
 * arguments or results, set the registers of the new hop and enter user mode.
 *
 * After a successful door_call_begin / door_call_resume, t->cur is the server
 * and t->tf is &t->frames[hop] (hop = new shuttle depth), the register state
 * the trap path fills in: pc = entry, sp = act->stack_top, arguments in a0...
 * After door_return_finish, t->cur is the caller and t->tf its saved hop,
 * into which the trap path writes the call's results.
 *
 * Every error leaves everything as it was: no frame pushed or popped, no
 * activation taken or released, no count changed, no thread queued. */
#ifndef DOORS_CALL_H
#define DOORS_CALL_H

#include <stdint.h>
#include <stddef.h>
#include "doors/activation.h"
#include "doors/door.h"
#include "kern/handle.h"
#include "doors/handoff.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/observe.h"

/* Where a call enters. */
struct door_call_plan {
	struct domain *server;      /* address space to switch to */
	uintptr_t entry;            /* user pc */
	uint64_t cookie;            /* the door's cookie (for the server's a0) */
	struct activation *act;     /* stack_top, buf, buf_size */
	int hop;                    /* index of t->frames the server runs on */
	struct door *door;          /* the door (set also by door_call_try's ACQ_NONE_FREE) */
};

/* Where a return resumes, and what else the return caused. */
struct door_return_plan {
	struct domain *caller;      /* address space to switch back to */
	struct thread *woken;       /* a waiter handed the released activation: its call
				       has begun (door_call_resume returns 0); wake it */
};

/* Consequences of a return that the returning code must act on: a waiter
 * handed the released activation is woken (an unreferenced notification is
 * delivered by door_settle itself). */
static inline void return_aftermath(const struct door_return_plan *rp)
{
	if (rp->woken)
		thread_wake(rp->woken);
}

/* t's top frame is the call just begun through d on act: move t into the
 * server hop. */
static inline void call_enter(struct thread *t, struct door *d, struct activation *act,
			      struct door_call_plan *out)
{
	t->cur = d->server;
	t->tf = &t->frames[t->shuttle.depth];
	out->server = d->server;
	out->entry = d->entry;
	out->cookie = d->cookie;
	out->act = act;
	out->hop = t->shuttle.depth;
}

/* door_call_begin without waiting: the same checks in the same order, and
 * ACQ_NONE_FREE (nothing changed, out->door set) instead of HE_AGAIN or
 * queueing when no activation is free. Inline and without calls. Its
 * success case is what the fast path of kern/arch/riscv/trap.S
 * (fast_call) does, with the same checks in the same order. */
static inline int door_call_try(struct thread *t, struct handle_table *ht, int h, uint32_t flags,
				struct door_call_plan *out)
{
	if (flags & ~DOOR_CALL_ALL)
		return HE_INVAL;
	void *obj;
	int err = handle_lookup(ht, h, KOBJ_DOOR, H_CALL, &obj);
	if (err)
		return err;
	struct door *d = obj;
	if (d->state != DOOR_LIVE)
		return HE_REVOKED;
	if (d->server->state != DOM_LIVE)
		return d->server->restarted ? HE_STALE : HE_DEAD;
	if (shuttle_full(&t->shuttle))
		return HE_DEPTH;
	struct activation *act = act_take_free(&d->pool, t);
	if (!act) {
		out->door = d;
		return ACQ_NONE_FREE;
	}
	door_call_started(d);
	call_enter(t, d, act, out);
	return 0;
}

/* A call through a handoff door has begun on act: t stays where it is (the
 * activation's server thread will run the call); *out says where the call
 * enters. */
static inline void call_plan_handoff(struct thread *t, struct door *d, struct activation *act,
				     struct door_call_plan *out)
{
	out->server = d->server;
	out->entry = d->entry;
	out->cookie = d->cookie;
	out->act = act;
	out->hop = t->shuttle.depth;
	out->door = d;
}

/* door_call_begin once door_call_try found no free activation of d (or d
 * is a handoff door): take a handoff door's idle activation, or fail with
 * HE_AGAIN (NOWAIT) or HE_CANCELLED (an orphan), or queue t; or, on several
 * harts, take an activation another hart's fast return freed meanwhile (0,
 * as door_call_try). Out of line: the common call never gets here. */
int door_call_begin_busy(struct thread *t, struct door *d, uint32_t flags, struct door_call_plan *out);

/* Begin a call by t through handle h of table ht (the handle table of the
 * domain t runs in) with DOOR_CALL_* flags. Checks, in this order:
 *   HE_INVAL      unknown flag
 *   HE_BADHANDLE  h names no door in ht
 *   HE_PERM       h lacks H_CALL
 *   HE_REVOKED    the door is revoked
 *   HE_DEAD       the door's server domain is not live
 *   HE_DEPTH      t is already SHUTTLE_MAX_DEPTH calls deep
 *   HE_AGAIN      no free activation and DOOR_CALL_NOWAIT
 *   HE_CANCELLED  no free activation, no NOWAIT, and t is an orphan: the
 *                 call is abandoned instead of waiting (SEMANTICS §11)
 * Returns 0 with *out filled (frame pushed, activation held, inflight + 1), or
 * ACQ_HANDOFF (the same, through a handoff door: t has not moved, the
 * activation's server thread runs the call; call_plan_handoff), or
 * ACQ_QUEUED: t waits for an activation (t->wait: WAIT_ACTIVATION); the
 * caller blocks t and, once t is woken, calls door_call_resume. */
static inline int door_call_begin(struct thread *t, struct handle_table *ht, int h, uint32_t flags,
				  struct door_call_plan *out)
{
	int r = door_call_try(t, ht, h, flags, out);
	if (r != ACQ_NONE_FREE)
		return r;
	return door_call_begin_busy(t, out->door, flags, out);
}

/* Finish a call whose thread waited (door_call_begin returned ACQ_QUEUED) and
 * has been woken. Returns ACQ_QUEUED if t still waits (spurious wake-up:
 * block again); else the wait closes and its outcome is returned: 0 with
 * *out filled (the activation was handed over: frame pushed and inflight
 * counted at hand-over; ACQ_HANDOFF instead for a handoff door, as
 * door_call_begin), or the error that ended the wait (HE_REVOKED, or a
 * cancel's status; nothing held). HE_NOCALL if t waited for nothing and has
 * no call at all (misuse; nothing changed). */
int door_call_resume(struct thread *t, struct door_call_plan *out);

/* t abandons its wait for an activation (it is being killed): leave the queue
 * with wait status = status (what door_call_resume would report), drop the
 * boosts t caused, and free the door if the wait was the last thing keeping
 * it. No-op if no WAIT_ACTIVATION of t is pending. */
void door_call_cancel_wait(struct thread *t, int status);

/* Undo a call t has begun (frame pushed, activation held) that will not
 * enter its server: the activation goes to the next waiter or is free. */
void door_call_abandon(struct thread *t);

/* End the call a frame stands for: release its activation (possibly handing
 * it to a waiter, returned in out->woken) and end the call (inflight - 1,
 * unless the activation passed to a waiter whose call now counts instead). */
static inline void door_frame_release(const struct shuttle_frame *f, struct door_return_plan *out)
{
	struct door *d = f->door;
	if (d->mode != DOOR_MIGRATE) {
		handoff_frame_release(f, out);
		return;
	}
	out->caller = f->caller;
	OBSERVE(trace_release(f->act)); /* before the hand-over and the boosts it ends */
	out->woken = act_release(&d->pool, f->act);
	if (!out->woken)
		door_call_ended(d); /* an unreference is delivered by door_settle itself */
}

/* Return from t's innermost call: pop its frame, release its activation
 * (possibly handing it to a waiter), end the call (inflight - 1, unless the
 * activation passed to a waiter whose call now counts instead), settle the
 * door (unreferenced? freed?), recompute inheritance. Returns 0 with *out
 * filled, or HE_NOCALL (t is in no door call; nothing changed). */
static inline int door_return_finish(struct thread *t, struct door_return_plan *out)
{
	struct shuttle_frame f;
	if (shuttle_pop(&t->shuttle, &f))
		return HE_NOCALL;
	t->cur = f.caller;
	t->tf = &t->frames[t->shuttle.depth];
	door_frame_release(&f, out);
	return 0;
}

#endif
