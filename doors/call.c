/* Door call and return: composition of handles, doors, activations and the
 * shuttle (rules in doors/call.h and doors/SEMANTICS.md). */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "kern/thread.h"
#include "kern/domain.h"
#include "doors/call.h"
#include "doors/shuttle.h"
#include "kern/observe.h"

int door_call_begin_busy(struct thread *t, struct door *d, uint32_t flags, struct door_call_plan *out)
{
	if (d->mode != DOOR_MIGRATE) {
		/* A handoff door keeps its free activations out of the fast
		 * path's sight (idle_mask). */
		struct activation *act = handoff_take(&d->pool, t);
		if (act) {
			door_call_started(d);
			call_plan_handoff(t, d, act, out);
			return ACQ_HANDOFF;
		}
	}
	bool nowait = flags & DOOR_CALL_NOWAIT;
	if (!nowait) {
		if (t->orphan) {
			/* Nobody waits for an orphan's result: a call of it that
			 * would wait is abandoned instead, before it is queued, so
			 * it lends no priority it is about to take back
			 * (SEMANTICS §11; with NOWAIT it is HE_AGAIN, as for anyone). */
			OBSERVE(trace_abandon(t, d, false));
			return HE_CANCELLED;
		}
		/* Traced before the queueing, whose boosts of the holders it
		 * causes (the trace is causal). */
		OBSERVE(trace_wait(t, t->cur, d));
	}
	/* None was free. On several harts one may be now (a fast return on
	 * another hart released it without the lock): act_acquire then takes
	 * it, and the call begins as in door_call_try. */
	struct activation *act;
	int r = act_acquire(&d->pool, t, nowait, &act);
	if (r == 0) {
		door_call_started(d);
		call_enter(t, d, act, out);
	}
	return r;
}

int door_call_resume(struct thread *t, struct door_call_plan *out)
{
	if (wait_pending(t))
		return ACQ_QUEUED;
	int status = (int)wait_close(t);
	if (status != 0)
		return status;
	/* Granted: act_hand_over pushed the frame naming the activation. */
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	if (!f)
		return HE_NOCALL;
	if (f->door->mode != DOOR_MIGRATE) {
		call_plan_handoff(t, f->door, f->act, out);
		return ACQ_HANDOFF;
	}
	call_enter(t, f->door, f->act, out);
	return 0;
}

void door_call_cancel_wait(struct thread *t, int status)
{
	if (t->wait.kind != WAIT_ACTIVATION || !wait_pending(t))
		return;
	struct actpool *pool = t->wait.obj;
	act_cancel_wait(t, status);
	door_settle(pool->door);
}

void door_call_abandon(struct thread *t)
{
	struct door_return_plan rp;
	door_return_finish(t, &rp);
	return_aftermath(&rp);
}
