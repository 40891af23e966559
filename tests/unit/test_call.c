/* Door call and return: the full portable path, every error code of
 * door_call_begin / door_call_resume / door_return_finish, and that an error
 * changes nothing. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/call.h"
#include "door_fixtures.h"

static struct domain A, B;
static struct handle_table htA, htB;
static struct thread th[4];
static struct schedctx sc[4];
static struct thread *t;     /* the caller, in A */
static struct door *dB;      /* door into B, 1 activation */
static int hB;               /* A's handle to dB */

static void setup(void)
{
	fx_domain(&A, 1);
	fx_domain(&B, 2);
	memset(&htA, 0, sizeof htA);
	memset(&htB, 0, sizeof htB);
	for (int i = 0; i < 4; i++)
		fx_thread(&th[i], &sc[i], i, 10 + i, &A);
	t = &th[0];
	dB = fx_door(&B, 1, 0);
	cr_assert_not_null(dB);
	hB = handle_install(&htA, KOBJ_DOOR, dB, H_CALL | H_DUP | H_INFO);
	cr_assert_geq(hB, 0);
}

TestSuite(call, .init = setup);

/* Everything an operation might change. */
struct snap {
	int depth;
	struct domain *cur;
	struct trapframe *tf;
	long wait_status;
	int prio;
	int inflight;
	int nwaiters;
	uint32_t free_mask;
	int nhandles;
	enum door_state state;
	int ndoors;
	int unused_acts;
};

static struct snap snap(struct thread *x, struct door *d)
{
	struct snap s;
	memset(&s, 0, sizeof s);   /* padding too: snapshots are compared with memcmp */
	s.depth = x->shuttle.depth;
	s.cur = x->cur;
	s.tf = x->tf;
	s.wait_status = x->wait.status;
	s.prio = x->prio;
	s.inflight = d->inflight;
	s.nwaiters = d->pool.nwaiters;
	s.free_mask = d->pool.free_mask;
	s.nhandles = d->nhandles;
	s.state = d->state;
	s.ndoors = door_live_count();
	s.unused_acts = act_unused_count();
	return s;
}

#define cr_assert_unchanged(before, x, d) do { \
	struct snap after_ = snap((x), (d)); \
	cr_assert_eq(memcmp(&(before), &after_, sizeof after_), 0, "state changed on an error path"); \
} while (0)

static int call(struct thread *x, struct handle_table *ht, int h, struct door_call_plan *p)
{
	return door_call_begin(x, ht, h, 0, p);
}

static void ret(struct thread *x, struct door_return_plan *rp)
{
	cr_assert_eq(door_return_finish(x, rp), 0);
}

/* ---- the successful path ---- */

Test(call, call_and_return_round_trip)
{
	struct door_call_plan p;
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(p.server, &B);
	cr_assert_eq(p.entry, FX_ENTRY);
	cr_assert_eq(p.cookie, 0xc00c1e);
	cr_assert_eq(p.act, dB->pool.act[0]);
	cr_assert_eq(p.act->stack_top, FX_STACK_BASE + FX_STACK_SIZE);
	cr_assert_eq(p.hop, 1);
	cr_assert_eq(t->cur, &B);
	cr_assert_eq(t->tf, &t->frames[1]);
	cr_assert_eq(t->shuttle.depth, 1);
	cr_assert_eq(shuttle_top(&t->shuttle)->caller, &A);
	cr_assert_eq(shuttle_top(&t->shuttle)->door, dB);
	cr_assert_eq(p.act->holder, t);
	cr_assert_eq(dB->inflight, 1);
	cr_assert_eq(t->prio, 10, "a call changes no priority");
	cr_assert_eq(t->sc, &sc[0], "nor the scheduling context");

	struct door_return_plan rp;
	ret(t, &rp);
	cr_assert_eq(rp.caller, &A);
	cr_assert_null(rp.woken);
	cr_assert_eq(t->cur, &A);
	cr_assert_eq(t->tf, &t->frames[0]);
	cr_assert_eq(t->shuttle.depth, 0);
	cr_assert_eq(dB->inflight, 0);
	cr_assert_eq(dB->pool.free_mask, 1);
	cr_assert_eq(p.act->state, ACT_FREE);
}

/* A -> B -> A -> B: re-entry through per-domain handle tables. */
Test(call, nested_re_entry_unwinds_in_order)
{
	struct door *dA = fx_door(&A, 2, 0);
	struct door *dB2 = fx_door(&B, 2, 0);
	int hA = handle_install(&htB, KOBJ_DOOR, dA, H_CALL);   /* B's handle to A */
	int hB2 = handle_install(&htA, KOBJ_DOOR, dB2, H_CALL);
	struct door_call_plan p;
	cr_assert_eq(call(t, &htA, hB2, &p), 0);
	cr_assert_eq(call(t, &htB, hA, &p), 0);
	cr_assert_eq(p.server, &A);
	cr_assert_eq(call(t, &htA, hB2, &p), 0);
	cr_assert_eq(p.hop, 3);
	cr_assert_eq(p.act, dB2->pool.act[1], "second activation of the same door");
	cr_assert_eq(t->cur, &B);
	cr_assert_eq(dB2->inflight, 2);

	struct door_return_plan rp;
	ret(t, &rp);
	cr_assert_eq(rp.caller, &A);
	cr_assert_eq(t->tf, &t->frames[2]);
	ret(t, &rp);
	cr_assert_eq(rp.caller, &B);
	cr_assert_eq(t->cur, &B);
	ret(t, &rp);
	cr_assert_eq(rp.caller, &A);
	cr_assert_eq(t->tf, &t->frames[0]);
	cr_assert_eq(dB2->inflight, 0);
	cr_assert_eq(dA->inflight, 0);
}

/* ---- door_call_begin errors ---- */

Test(call, unknown_flag_is_inval)
{
	struct door_call_plan p;
	struct snap s = snap(t, dB);
	cr_assert_eq(door_call_begin(t, &htA, hB, 1u << 7, &p), HE_INVAL);
	cr_assert_unchanged(s, t, dB);
}

Test(call, bad_handle_is_badhandle)
{
	struct door_call_plan p;
	struct snap s = snap(t, dB);
	cr_assert_eq(call(t, &htA, -1, &p), HE_BADHANDLE);
	cr_assert_eq(call(t, &htA, MAX_HANDLES, &p), HE_BADHANDLE);
	cr_assert_eq(call(t, &htA, hB + 1, &p), HE_BADHANDLE);
	cr_assert_eq(call(t, &htB, hB, &p), HE_BADHANDLE, "A's handle means nothing in B's table");
	cr_assert_unchanged(s, t, dB);
}

Test(call, handle_without_call_right_is_perm)
{
	struct door_call_plan p;
	int h = handle_dup(&htA, hB, H_INFO);
	struct snap s = snap(t, dB);
	cr_assert_eq(call(t, &htA, h, &p), HE_PERM);
	cr_assert_unchanged(s, t, dB);
}

Test(call, revoked_door_is_revoked)
{
	struct door_call_plan p;
	struct thread *woken[MAX_THREADS];
	door_revoke(dB, woken);
	B.state = DOM_DEAD;       /* revocation is reported first */
	struct snap s = snap(t, dB);
	cr_assert_eq(call(t, &htA, hB, &p), HE_REVOKED);
	cr_assert_unchanged(s, t, dB);
}

Test(call, dead_server_is_dead)
{
	struct door_call_plan p;
	B.state = DOM_DEAD;
	t->shuttle.depth = SHUTTLE_MAX_DEPTH;   /* reported before depth */
	struct snap s = snap(t, dB);
	cr_assert_eq(call(t, &htA, hB, &p), HE_DEAD);
	cr_assert_unchanged(s, t, dB);
}

Test(call, full_shuttle_is_depth_checked_before_acquiring)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	struct door *d[4];
	int h[4];
	for (int i = 0; i < 4; i++) {
		d[i] = fx_door(i % 2 ? &A : &B, MAX_ACTS_PER_DOOR, 0);
		h[i] = handle_install(&htA, KOBJ_DOOR, d[i], H_CALL);
	}
	for (int i = 0; i < SHUTTLE_MAX_DEPTH; i++)
		cr_assert_eq(call(t, &htA, h[i % 4], &p), 0, "call %d", i);
	cr_assert_eq(p.hop, SHUTTLE_MAX_DEPTH);
	cr_assert_eq(t->tf, &t->frames[SHUTTLE_MAX_DEPTH]);

	struct snap s = snap(t, dB);
	cr_assert_eq(call(t, &htA, hB, &p), HE_DEPTH);
	cr_assert_eq(door_call_begin(t, &htA, hB, DOOR_CALL_NOWAIT, &p), HE_DEPTH);
	cr_assert_unchanged(s, t, dB);
	cr_assert_eq(dB->pool.free_mask, 1, "no activation taken");

	for (int i = SHUTTLE_MAX_DEPTH - 1; i >= 0; i--) {
		ret(t, &rp);
		cr_assert_eq(rp.caller, i == 0 ? &A : (i - 1) % 2 ? &A : &B);
	}
	for (int i = 0; i < 4; i++)
		cr_assert_eq(d[i]->inflight, 0);
}

Test(call, nowait_without_free_activation_is_again)
{
	struct door_call_plan p;
	struct thread *u = &th[1];
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	struct snap s = snap(u, dB);
	cr_assert_eq(door_call_begin(u, &htA, hB, DOOR_CALL_NOWAIT, &p), HE_AGAIN);
	cr_assert_unchanged(s, u, dB);
	cr_assert_eq(t->prio, 10, "no boost from a call that did not wait");
}

/* ---- waiting for an activation ---- */

Test(call, waiter_is_handed_the_activation_on_return)
{
	struct door_call_plan p, pu;
	struct door_return_plan rp;
	struct thread *u = &th[3];   /* prio 13 > t's 10 */
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(call(u, &htA, hB, &pu), ACQ_QUEUED);
	cr_assert_eq(u->shuttle.depth, 0);
	cr_assert_eq(u->cur, &A);
	cr_assert_eq(u->wait.obj, &dB->pool);
	cr_assert_eq(dB->inflight, 1, "a waiting call is not in flight");
	cr_assert_eq(t->prio, 13, "the holder inherits the waiter's priority");
	cr_assert_eq(door_call_resume(u, &pu), ACQ_QUEUED, "spurious wake-up");

	ret(t, &rp);
	cr_assert_eq(rp.woken, u);
	cr_assert_eq(t->prio, 10);
	cr_assert_eq(dB->inflight, 1, "u's call is in flight now");
	cr_assert_eq(u->shuttle.depth, 1);
	cr_assert_eq(door_call_resume(u, &pu), 0);
	cr_assert_eq(pu.server, &B);
	cr_assert_eq(pu.act, p.act);
	cr_assert_eq(pu.hop, 1);
	cr_assert_eq(u->cur, &B);
	cr_assert_eq(u->tf, &u->frames[1]);

	ret(u, &rp);
	cr_assert_eq(rp.caller, &A);
	cr_assert_null(rp.woken);
	cr_assert_eq(dB->inflight, 0);
}

Test(call, revoked_while_waiting_resumes_with_revoked)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	struct thread *u = &th[1];
	struct thread *woken[MAX_THREADS];
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(call(u, &htA, hB, &p), ACQ_QUEUED);
	cr_assert_eq(door_revoke(dB, woken), 1);
	cr_assert_eq(woken[0], u);
	struct snap s = snap(u, dB);
	cr_assert_eq(door_call_resume(u, &p), HE_REVOKED);
	cr_assert_unchanged(s, u, dB);
	cr_assert_eq(u->shuttle.depth, 0);
	cr_assert_eq(u->cur, &A);
	/* The call in flight completes normally; new calls are refused. */
	ret(t, &rp);
	cr_assert_null(rp.woken);
	cr_assert_eq(call(t, &htA, hB, &p), HE_REVOKED);
}

Test(call, cancel_wait_drops_the_boost_and_frees_an_unused_door)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	struct thread *u = &th[3];
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(call(u, &htA, hB, &p), ACQ_QUEUED);
	cr_assert_eq(handle_close(&htA, hB), 0);
	cr_assert_eq(door_live_count(), 1);
	door_call_cancel_wait(u, HE_DEAD);
	cr_assert(!wait_pending(u));
	cr_assert_eq(u->wait.status, HE_DEAD);
	cr_assert_eq(door_call_resume(u, &p), HE_DEAD);
	cr_assert_eq(t->prio, 10);
	cr_assert_eq(door_live_count(), 1, "t's call still runs");
	door_call_cancel_wait(u, HE_INVAL);   /* not waiting: no-op */
	cr_assert_eq(u->wait.status, HE_DEAD);
	ret(t, &rp);
	cr_assert_null(rp.woken);
	cr_assert_eq(door_live_count(), 0, "freed at the return of its last call");
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}

/* doors/SEMANTICS.md §19: what call_wait does when a deadline passes (the
 * loop itself switches threads: tests/qemu/door_deadline). */
Test(call, a_deadline_passing_while_waiting_is_timedout_and_the_call_never_begins)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	struct thread *u = &th[3], *v = &th[1];
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(call(u, &htA, hB, &p), ACQ_QUEUED);
	cr_assert_eq(call(v, &htA, hB, &p), ACQ_QUEUED);
	cr_assert_eq(t->prio, 13, "boosted by u");
	door_call_cancel_wait(u, HE_TIMEDOUT);
	cr_assert_eq(door_call_resume(u, &p), HE_TIMEDOUT);
	cr_assert_eq(u->shuttle.depth, 0, "holds nothing");
	cr_assert_eq(u->cur, &A);
	cr_assert_eq(t->prio, 11, "its boost ended; v's remains");
	ret(t, &rp);
	cr_assert_eq(rp.woken, v, "the activation goes to the next waiter");
	cr_assert_eq(door_call_resume(v, &p), 0);
}

Test(call, an_activation_handed_over_before_the_deadline_is_seen_wins)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	struct thread *u = &th[3];
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(call(u, &htA, hB, &p), ACQ_QUEUED);
	ret(t, &rp);
	cr_assert_eq(rp.woken, u);
	door_call_cancel_wait(u, HE_TIMEDOUT); /* the deadline, seen after the hand-over: nothing */
	cr_assert_eq(door_call_resume(u, &p), 0, "the call begins");
	cr_assert_eq(u->shuttle.depth, 1);
}

Test(call, resume_without_a_call_is_nocall)
{
	struct door_call_plan p;
	struct snap s = snap(t, dB);
	cr_assert_eq(door_call_resume(t, &p), HE_NOCALL);
	cr_assert_unchanged(s, t, dB);
}

/* ---- door_return_finish ---- */

Test(call, return_without_call_is_nocall)
{
	struct door_return_plan rp;
	struct snap s = snap(t, dB);
	cr_assert_eq(door_return_finish(t, &rp), HE_NOCALL);
	cr_assert_unchanged(s, t, dB);
}

Test(call, return_makes_a_deferred_unreference_pending)
{
	struct door *d = fx_door(&B, 1, DOOR_F_UNREF);
	int h1 = handle_install(&htB, KOBJ_DOOR, d, H_CALL);   /* the server's own */
	int h2 = handle_install(&htA, KOBJ_DOOR, d, H_CALL);
	(void)h1;
	struct door_call_plan p;
	struct door_return_plan rp;
	cr_assert_eq(call(t, &htA, h2, &p), 0);
	cr_assert_eq(handle_close(&htA, h2), 0);   /* closed during its own call */
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	ret(t, &rp);
	cr_assert_eq(d->unref, DOOR_UNREF_PENDING);
	cr_assert(door_unref_take(d));
}

Test(call, last_handle_closed_during_call_frees_at_return)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(handle_close(&htA, hB), 0);
	cr_assert_eq(door_live_count(), 1);
	ret(t, &rp);
	cr_assert_eq(rp.caller, &A);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}

Test(call, revoked_during_call_completes)
{
	struct door_call_plan p;
	struct door_return_plan rp;
	struct thread *woken[MAX_THREADS];
	cr_assert_eq(call(t, &htA, hB, &p), 0);
	cr_assert_eq(door_revoke(dB, woken), 0);
	ret(t, &rp);
	cr_assert_eq(rp.caller, &A);
	cr_assert_eq(dB->inflight, 0);
	cr_assert_eq(dB->state, DOOR_REVOKED);
}
