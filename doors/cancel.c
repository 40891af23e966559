/* Caller cancellation (rules in doors/cancel.h and doors/SEMANTICS.md §20). */
#include <hinge/errno.h>
#include <stdbool.h>
#include "doors/cancel.h"
#include "doors/call.h"
#include "doors/crash.h"
#include "doors/handoff.h"
#include "doors/hopframe.h"
#include "kern/thread.h"
#include "kern/supervisor.h"
#include "kern/observe.h"

static const uint64_t no_results[DOOR_NWORDS];

/* t runs in its home (hop 0) and its call out of it has not entered a
 * server: it waits in the pool's queue, was handed an activation it has not
 * entered yet, or waits for a handoff call's reply. That call ends now with
 * HE_CANCELLED (a handoff server thread finishes it for nobody). */
static void cancel_at_home(struct thread *t)
{
	/* Traced before the hand-over and the boosts it ends. */
	OBSERVE(trace_cancel(t, NULL, t->wait.kind == WAIT_REPLY));
	if (wait_pending(t) && t->wait.kind == WAIT_ACTIVATION) {
		door_call_cancel_wait(t, HE_CANCELLED);
	} else {
		/* Handed an activation (frame pushed, not entered), or a
		 * handoff call being served: its frame is popped. */
		door_call_abandon(t);
		frame_set_results(t->tf, HE_CANCELLED, no_results, 0); /* a handoff caller reads it here */
		t->wait.status = HE_CANCELLED;
	}
	thread_wake(t);
}

bool door_cancellable(const struct thread *t)
{
	if (t->orphan || t->state == THREAD_DEAD)
		return false;
	if (t->tf != &t->frames[0])
		return true; /* its call has entered the server */
	return (t->wait.kind == WAIT_ACTIVATION && (wait_pending(t) || t->wait.status == 0)) ||
	       (t->wait.kind == WAIT_REPLY && wait_pending(t));
}

int door_cancel_call(struct thread *t)
{
	if (t->tf == &t->frames[0]) {
		cancel_at_home(t);
		return 0;
	}
	/* The call has begun: the work above hop 0 goes on as an orphan. */
	return chain_cancel(t) ? 0 : HE_NOMEM;
}

int door_cancel(struct thread *by, struct thread *t)
{
	if (by->cur != t->home && !is_supervisor(by))
		return HE_PERM;
	if (by == t)
		return HE_INVAL;
	if (!door_cancellable(t))
		return HE_NOCALL;
	return door_cancel_call(t);
}

long sys_door_cancel(struct trapframe *tf)
{
	uint64_t id = tf->regs[REG_A0];
	struct thread *t = id <= INT32_MAX ? thread_by_uid((int)id) : NULL;
	if (!t)
		return HE_NOENT;
	return door_cancel(thread_current(), t);
}
