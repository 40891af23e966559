/* The door fast path: a call or return that is quiet does nothing but what
 * the inline decisions of doors/call.h (door_call_try, door_return_quiet)
 * say, with no allocation, no copy but registers, and no scheduler decision.
 *
 * Each function is a flat list of checks, each sending the call to the
 * general path (doors/slowpath.c) when it is not quiet, then a point of no
 * return after which the call or return happens. The general path takes the
 * same decisions (door_call_begin starts with door_call_try) and more, so
 * no rule lives only here: a test of any rule holds on both paths. */
#include <hinge/errno.h>
#include <hinge/door.h>
#include "doors/fastpath.h"
#include "doors/call.h"
#include "doors/hopframe.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/observe.h"

_Static_assert(ACQ_NONE_FREE == TF_ACQ_NONE_FREE, "trap.S tests door_fast_call's result for ACQ_NONE_FREE");

long door_fast_call(uint64_t h, uint64_t flags)
{
	struct thread *t = thread_current();
	struct door_call_plan plan;
	if ((uint32_t)flags >> DOOR_CALL_FLAG_BITS) /* the high half is a deadline: one shift, no mask to make */
		return HE_INVAL;
	/* A scenario traces every call: the general path reports them. */
	if (observing())
		return ACQ_NONE_FREE;
	/* door_call_try: every check of door_call_begin; ACQ_NONE_FREE when
	 * the call would wait or is a handoff door's. HE_DEAD and HE_STALE
	 * go to the general path too: it names the dead domain in a1..a3. */
	int r = door_call_try(t, &t->cur->handles, handle_from_reg(h), (uint32_t)flags, &plan);
	if (r != 0)
		return r == HE_DEAD || r == HE_STALE ? ACQ_NONE_FREE : r;
	/* ---- point of no return: the call has begun (frame pushed,
	 * activation held, inflight counted) ---- */
	struct trapframe *s = frame_enter_server(t, &plan);
	arch_user_fpu(false); /* a fresh hop never owns the FPU */
	return (long)(uintptr_t)s;
}

struct trapframe *door_fast_return(void)
{
	struct thread *t = thread_current();
	if (!door_return_is_quiet(t))
		return NULL;
	if (this_hart()->resched)
		return NULL; /* a switch is due: the general exit makes it */
	if (observing())
		return NULL; /* a scenario traces every return */
	/* ---- point of no return ---- */
	domain_activate(door_return_quiet(t));
	arch_user_fpu(fpu_owned(t));
	return t->tf; /* trap.S resumes it with a0 = 0, a1..a5 = the results, a6 = 0 */
}
