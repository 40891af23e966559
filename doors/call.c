/* Door call and return: composition of handles, doors, activations and the
 * shuttle (rules in doors/call.h and doors/SEMANTICS.md). */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "kern/thread.h"
#include "kern/domain.h"
#include "doors/call.h"
#include "doors/shuttle.h"

int door_call_resume(struct thread *t, struct door_call_plan *out)
{
	if (t->door_status != 0)
		return t->door_status;
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
	struct actpool *pool = t->waiting_on;
	if (!pool)
		return;
	act_cancel_wait(t, status);
	door_settle(pool->door);
}

void door_call_abandon(struct thread *t)
{
	struct door_return_plan rp;
	door_return_finish(t, &rp);
	return_aftermath(&rp);
}
