/* Caller cancellation (doors/SEMANTICS.md §20), one test per rule, each named
 * after it (s20_*). The tests drive door_cancel (doors/cancel.c) and the
 * split machinery it shares with the crash rules (doors/crash.c) on host
 * fixtures: t, A's thread, makes the calls; c, another thread of A, cancels
 * them. They assert what a program would see: where each side resumes, with
 * what status, what becomes of activations, waits, boosts and counts.
 * The QEMU test tests/qemu/door_cancel and the cancel-*.scn scenarios show the
 * same on real user code. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/call.h"
#include "doors/cancel.h"
#include "doors/crash.h"
#include "doors/door_sys.h"
#include "kern/hart.h"
#include "kern/notify.h"
#include "kern/supervisor.h"
#include "door_fixtures.h"
#include "fake_arch.h"

static struct domain A, B, C, D, X;
static struct thread t, c, x, u;
static struct schedctx sct, scc, scx, scu;
/* db, dd: two activations; dc: one. */
static struct door *db, *dc, *dd;

static void setup(void)
{
	memset(harts, 0, sizeof harts);
	sched_init(&this_hart()->sched);
	fx_named_domain(&A, 1, "A", 10);
	fx_named_domain(&B, 2, "B", 4);
	fx_named_domain(&C, 3, "C", 3);
	fx_named_domain(&D, 4, "D", 2);
	fx_named_domain(&X, 5, "X", 8);
	fx_thread(&t, &sct, 40, 10, &A);
	fx_thread(&c, &scc, 41, 10, &A);
	fx_thread(&x, &scx, 42, 8, &X);
	fx_thread(&u, &scu, 43, 3, &X);
	t.uid = 7;
	t.state = THREAD_BLOCKED; /* c runs; t is in its call */
	db = fx_door(&B, 2, 0);
	dc = fx_door(&C, 1, 0);
	dd = fx_door(&D, 2, 0);
	cr_assert(db && dc && dd);
}

TestSuite(cancel, .init = setup);

static void enter(struct thread *th, struct domain *from, struct door *door)
{
	cr_assert_eq(fx_call(th, from, door), 0, "%s enters %s", from->name, door->server->name);
}

/* x holds c's only activation; t, at home in A, waits for it. */
static void t_waits_for_c(void)
{
	enter(&x, &X, dc);
	cr_assert_eq(fx_call(&t, &A, dc), ACQ_QUEUED);
	cr_assert_eq(x.prio, 10, "t lends x its priority");
}

Test(cancel, s20_a_call_waiting_for_an_activation_never_runs)
{
	t_waits_for_c();
	cr_assert_eq(door_cancel(&c, &t), 0);
	cr_assert_not(wait_pending(&t), "it left the queue");
	cr_assert_eq(t.wait.status, HE_CANCELLED);
	cr_assert_eq(t.state, THREAD_RUNNABLE, "and runs again at once");
	cr_assert_eq(dc->pool.nwaiters, 0);
	cr_assert_eq(x.prio, 8, "its boost of the holder ended");
	struct door_call_plan p;
	cr_assert_eq(door_call_resume(&t, &p), HE_CANCELLED, "what its call returns");
	cr_assert_eq(t.shuttle.depth, 0, "nothing was pushed: nothing ran in C");
	cr_assert_eq(dc->inflight, 1, "x's call only");
}

Test(cancel, s20_a_call_handed_an_activation_it_has_not_entered_never_runs)
{
	t_waits_for_c();
	cr_assert_eq(fx_call(&u, &X, dc), ACQ_QUEUED, "u waits behind t");
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&x, &rp), 0);
	cr_assert_eq(rp.woken, &t, "t is handed the activation");
	cr_assert_eq(door_cancel(&c, &t), 0);
	cr_assert_eq(t.shuttle.depth, 0, "its frame is popped");
	cr_assert_eq(t.wait.status, HE_CANCELLED);
	cr_assert_eq(u.shuttle.depth, 1, "the activation went on to u");
	cr_assert_eq(dc->pool.act[0]->holder, &u);
	cr_assert_eq(dc->inflight, 1, "u's call; none for t");
}

/* t: A -> B -> C -> D, running in D (three hops deep). */
static void three_hops(void)
{
	enter(&t, &A, db);
	enter(&t, &B, dc);
	enter(&t, &C, dd);
}

Test(cancel, s20_a_begun_call_returns_cancelled_at_once_and_the_work_above_goes_on)
{
	three_hops();
	t.frames[3].regs[REG_S0] = 0x5eed;
	cr_assert_eq(door_cancel(&c, &t), 0);
	struct thread *n = thread_by_uid(7);
	cr_assert_not_null(n, "A's side keeps the thread id");
	cr_assert_neq(n, &t);
	cr_assert_eq(n->sc, &sct, "and its scheduling context");
	cr_assert_eq(n->cur, &A);
	cr_assert_eq(n->shuttle.depth, 0);
	cr_assert_eq((long)n->tf->regs[REG_A0], HE_CANCELLED, "A: HE_CANCELLED");
	cr_assert_eq(n->tf->regs[REG_A1], 0, "and no result");
	cr_assert_eq(n->state, THREAD_RUNNABLE, "at once");
	cr_assert_not(n->orphan);

	cr_assert(t.orphan, "B, C, D: their code goes on, undisturbed");
	cr_assert_eq(t.shuttle.base, 0);
	cr_assert_eq(t.shuttle.depth, 3);
	cr_assert_eq(t.cur, &D);
	cr_assert_eq(t.frames[3].regs[REG_S0], 0x5eed);
	cr_assert_eq(db->inflight + dc->inflight + dd->inflight, 3, "every activation still held");
	cr_assert_eq(t.home, &B, "the orphan belongs to hop 1's domain");
	cr_assert_eq(t.prio, B.base_prio, "at its base priority");
	cr_assert_neq(t.sc, &sct);
	this_hart()->sched.current = &t;
	cr_assert_eq(sys_door_cancelled(t.tf), 1, "each of B, C, D learns it is cancelled");
	this_hart()->sched.current = n;
	cr_assert_eq(sys_door_cancelled(NULL), 0);
}

Test(cancel, s20_a_cancelled_calls_servers_are_signalled_their_cancel_bits)
{
	struct notify *no = NULL;
	cr_assert_eq(notify_alloc(&no), 0);
	cr_assert_eq(door_bind_notify(db, no, 0, 1), 0);
	cr_assert_eq(door_bind_notify(dd, no, 0, 4), 0);
	three_hops();
	cr_assert_eq(door_cancel(&c, &t), 0);
	cr_assert_eq(no->pending, 5, "B's and D's doors");
}

Test(cancel, s20_the_orphans_last_return_is_for_nobody)
{
	enter(&t, &A, db);
	cr_assert_eq(door_cancel(&c, &t), 0);
	cr_assert_eq(t.frames[1].hop, 0, "never the fast path's return");
	cr_assert_eq(t.frames[0].regs[REG_A6], 0, "nothing of the caller's call is left to it");
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&t, &rp), 0);
	cr_assert_eq(rp.caller, &A);
	cr_assert_eq(db->inflight, 0, "its activation is freed");
	cr_assert_not(door_unwind(&t), "into its base, live A: it ends");
	cr_assert_eq(thread_by_uid(7)->shuttle.depth, 0, "A's side is not disturbed");
}

Test(cancel, s20_after_the_return_there_is_no_call_to_cancel)
{
	enter(&t, &A, db);
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&t, &rp), 0);
	cr_assert_eq(door_cancel(&c, &t), HE_NOCALL, "the return came first: it wins");
	cr_assert_eq(t.shuttle.depth, 0);
	cr_assert_not(t.orphan);
}

Test(cancel, s20_a_server_crash_first_then_the_cancel_finds_no_call)
{
	enter(&t, &A, db);
	B.state = DOM_DEAD;
	B.end = END_FAULT;
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq((long)t.tf->regs[REG_A0], HE_DEAD, "the crash came first: HE_DEAD");
	cr_assert_eq(door_cancel(&c, &t), HE_NOCALL);
}

Test(cancel, s20_a_cancel_first_then_the_servers_crash_ends_the_orphan)
{
	enter(&t, &A, db);
	cr_assert_eq(door_cancel(&c, &t), 0);
	struct thread *n = thread_by_uid(7);
	B.state = DOM_DEAD;
	B.end = END_KILL;
	cr_assert(ipc_domain_died(&t), "the orphan dies with B");
	cr_assert_not(ipc_domain_died(n), "A's side keeps HE_CANCELLED");
	cr_assert_eq((long)n->tf->regs[REG_A0], HE_CANCELLED);
}

Test(cancel, s20_a_thread_of_the_callers_domain_or_the_supervisor_may_cancel)
{
	enter(&t, &A, db);
	cr_assert_eq(door_cancel(&x, &t), HE_PERM, "a thread of another domain may not");
	cr_assert_not(t.orphan, "and nothing changed");
	cr_assert_eq(t.shuttle.depth, 1);
	x.cur = &A;
	cr_assert_eq(door_cancel(&x, &t), 0, "the right is the domain the canceller runs in");
	cr_assert(t.orphan);
}

Test(cancel, s20_the_supervisor_may_cancel)
{
	enter(&t, &A, db);
	supervisor_set(&X);
	cr_assert_eq(door_cancel(&x, &t), 0);
	cr_assert(t.orphan);
}

Test(cancel, s20_errors_in_their_order_change_nothing)
{
	cr_assert_eq(door_cancel(&c, &c), HE_INVAL, "a thread cannot cancel the call it runs");
	cr_assert_eq(door_cancel(&c, &t), HE_NOCALL, "t is at home, in no call");
	enter(&t, &A, db);
	int err = 0;
	while (thread_create_waiting(&X, 5, &err))
		;
	cr_assert_eq(err, HE_NOMEM);
	cr_assert_eq(door_cancel(&c, &t), HE_NOMEM, "no thread left for the split");
	cr_assert_not(t.orphan, "the call goes on");
	cr_assert_eq(t.shuttle.depth, 1);
	cr_assert_eq(db->inflight, 1);
}

Test(cancel, s20_an_orphan_has_no_call_to_cancel)
{
	enter(&t, &A, db);
	cr_assert_eq(door_cancel(&c, &t), 0);
	c.cur = &B; /* a thread running in the orphan's domain */
	cr_assert_eq(door_cancel(&c, &t), HE_NOCALL, "its calls are cancelled already");
}

Test(cancel, s20_an_unknown_thread_id_is_noent)
{
	this_hart()->sched.current = &c;
	struct trapframe tf = { 0 };
	tf.regs[REG_A0] = 12345;
	cr_assert_eq(sys_door_cancel(&tf), HE_NOENT);
	tf.regs[REG_A0] = -1ul;
	cr_assert_eq(sys_door_cancel(&tf), HE_NOENT);
}
