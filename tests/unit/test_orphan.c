/* The crash rule for calls of orphans (doors/SEMANTICS.md §8): when a
 * thread becomes an orphan (the caller's side of its chain died), a call of
 * it that has not begun in its server -- queued for an activation, or handed
 * one but not entered -- is abandoned: it leaves the queue or gives the
 * activation to the next waiter, and nothing runs in the server for it. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/call.h"
#include "doors/crash.h"
#include "doors/door_sys.h"
#include "kern/hart.h"
#include "door_fixtures.h"

static struct domain A, B, C, X, U;
static struct thread t, x, u;
static struct schedctx sct, scx, scu;
static struct door *db, *dc;   /* b in B; c in C, one activation */

static int handle_to(struct domain *d, struct door *door)
{
	int h = handle_install(&d->handles, KOBJ_DOOR, door, H_CALL);
	cr_assert_geq(h, 0);
	return h;
}

static void setup(void)
{
	memset(harts, 0, sizeof harts);
	fx_domain(&A, 1);
	fx_domain(&B, 2);
	fx_domain(&C, 3);
	fx_domain(&X, 4);
	fx_domain(&U, 5);
	A.nthreads = 2; /* the origin's count must not reach 0 (no pages to free here) */
	B.base_prio = C.base_prio = 4;
	fx_thread(&t, &sct, 0, 10, &A);
	fx_thread(&x, &scx, 1, 8, &X);
	fx_thread(&u, &scu, 2, 3, &U);
	db = fx_door(&B, 2, 0);
	dc = fx_door(&C, 1, 0);
	cr_assert(db && dc);
}

static void teardown(void)
{
	handle_table_close_all(&A.handles);
	handle_table_close_all(&B.handles);
	handle_table_close_all(&X.handles);
	handle_table_close_all(&U.handles);
}

TestSuite(orphan, .init = setup, .fini = teardown);

static int call(struct thread *th, struct domain *from, struct door *door)
{
	struct door_call_plan p;
	return door_call_begin(th, &from->handles, handle_to(from, door), 0, &p);
}

Test(orphan, a_queued_call_leaves_the_queue_when_its_origin_dies)
{
	cr_assert_eq(call(&x, &X, dc), 0, "x holds c's only activation");
	cr_assert_eq(call(&t, &A, db), 0, "t: A -> B");
	cr_assert_eq(call(&t, &B, dc), ACQ_QUEUED, "t, in B, waits for c");
	cr_assert_eq(call(&u, &U, dc), ACQ_QUEUED, "u waits behind t");
	t.state = u.state = THREAD_BLOCKED;
	cr_assert_eq(x.prio, 10, "x inherits t's priority");

	A.state = DOM_DEAD;
	cr_assert_not(ipc_domain_died(&t), "t goes on in B, as an orphan");
	cr_assert(t.orphan);
	cr_assert(!wait_pending(&t), "it left the queue");
	cr_assert_eq(t.wait.status, HE_CANCELLED, "its call reports HE_CANCELLED");
	cr_assert_eq(t.state, THREAD_RUNNABLE, "woken, to see it");
	cr_assert_eq(t.shuttle.depth, 1, "still in B: nothing was pushed for c");
	cr_assert_eq(dc->pool.nwaiters, 1);
	cr_assert_eq(dc->pool.waiters, &u);
	cr_assert_eq(x.prio, 8, "t's boost of x ended with its wait");

	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&x, &rp), 0);
	cr_assert_eq(rp.woken, &u, "the activation goes to the next waiter");
	cr_assert_eq(dc->inflight, 1, "u's call; none for t");
}

Test(orphan, a_handed_call_whose_caller_died_is_given_to_the_next_waiter)
{
	cr_assert_eq(call(&x, &X, dc), 0);
	cr_assert_eq(call(&t, &A, dc), ACQ_QUEUED, "t, at home in A, waits for c");
	cr_assert_eq(call(&u, &U, dc), ACQ_QUEUED);
	t.state = u.state = THREAD_BLOCKED;
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&x, &rp), 0);
	cr_assert_eq(rp.woken, &t, "t is handed the activation");
	t.state = THREAD_RUNNABLE;
	cr_assert_eq(t.shuttle.depth, 1);
	cr_assert_eq(t.tf, &t.frames[0], "not entered: still its caller's frame");

	A.state = DOM_DEAD;
	cr_assert(ipc_domain_died(&t), "its caller is dead and it never entered C: it ends");
	cr_assert_eq(t.shuttle.depth, 0, "its frame for c was popped");
	cr_assert_eq(u.shuttle.depth, 1, "u was handed the activation");
	cr_assert_eq(dc->pool.act[0]->holder, &u);
	cr_assert_eq(dc->inflight, 1);
}

Test(orphan, an_orphan_in_a_live_domain_gets_cancelled_for_a_handed_call)
{
	cr_assert_eq(call(&x, &X, dc), 0);
	cr_assert_eq(call(&t, &A, db), 0, "t: A -> B");
	cr_assert_eq(call(&t, &B, dc), ACQ_QUEUED);
	t.state = THREAD_BLOCKED;
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&x, &rp), 0);
	cr_assert_eq(rp.woken, &t);
	t.state = THREAD_RUNNABLE;

	A.state = DOM_DEAD;
	cr_assert_not(ipc_domain_died(&t), "B's code goes on");
	cr_assert_eq(t.shuttle.depth, 1, "back in B");
	cr_assert_eq(t.wait.status, HE_CANCELLED);
	cr_assert_eq(dc->inflight, 0, "nothing runs in C for it");
	cr_assert_eq(dc->pool.free_mask, 1u, "nobody waited: c's activation is free");
}
