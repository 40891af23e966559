/* Door call and return: composition of handles, doors, activations and the
 * shuttle (rules in doors/call.h and doors/SEMANTICS.md). */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "kern/thread.h"
#include "kern/domain.h"
#include "doors/call.h"
#include "doors/shuttle.h"

/* t's top frame is the call just begun: move t into the server hop. */
static void call_enter(struct thread *t, struct door_call_plan *out)
{
	struct shuttle_frame *f = shuttle_top(&t->shuttle);
	struct door *d = f->door;
	t->cur = d->server;
	t->tf = &t->frames[t->shuttle.depth];
	out->server = d->server;
	out->entry = d->entry;
	out->cookie = d->cookie;
	out->act = f->act;
	out->hop = t->shuttle.depth;
}

int door_call_begin(struct thread *t, struct handle_table *ht, int h, uint32_t flags,
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
		return HE_DEAD;
	if (shuttle_full(&t->shuttle))
		return HE_DEPTH;

	struct activation *act;
	err = act_acquire(&d->pool, t, flags & DOOR_CALL_NOWAIT, &act);
	if (err)
		return err;
	door_call_started(d);
	call_enter(t, out);
	return 0;
}

int door_call_resume(struct thread *t, struct door_call_plan *out)
{
	if (t->door_status != 0)
		return t->door_status;
	if (!shuttle_top(&t->shuttle))
		return HE_NOCALL;
	call_enter(t, out);
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

int door_return_finish(struct thread *t, struct door_return_plan *out)
{
	struct shuttle_frame f;
	if (shuttle_pop(&t->shuttle, &f))
		return HE_NOCALL;
	struct door *d = f.door;

	t->cur = f.caller;
	t->tf = &t->frames[t->shuttle.depth];
	out->caller = f.caller;
	out->unref = NULL;
	out->woken = act_release(&d->pool, f.act);
	/* Handed over, the activation stays in flight as the waiter's call. */
	if (!out->woken && door_call_ended(d) == DOOR_UNREFERENCED)
		out->unref = d;
	return 0;
}
