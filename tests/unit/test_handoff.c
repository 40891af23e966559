/* Handoff doors (doors/handoff.h): server thread pools, the call handed to
 * the activation's server thread and back, contention, a caller leaving
 * while served, inheritance in HANDOFF_PI mode and none in HANDOFF mode. The
 * register and switch half is tested in QEMU (tests/qemu/door_handoff). */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/call.h"
#include "doors/handoff.h"
#include "doors/crash.h"
#include "doors/door_sys.h"
#include "kern/schedctx.h"
#include "kern/hart.h"
#include "door_fixtures.h"

static struct domain A, S;
static struct handle_table htA;
static struct thread th[4];
static struct schedctx sc[4];

/* Fixture callers take ids 40.. : the pool's server threads take the lowest
 * free slots, and inheritance marks threads by id. */
static void setup(void)
{
	fx_domain(&A, 1);
	fx_domain(&S, 2);
	S.maxprio = 20;
	S.nthreads = 1; /* its own main thread: pool threads never end the domain */
	memset(&htA, 0, sizeof htA);
	for (int i = 0; i < 4; i++)
		fx_thread(&th[i], &sc[i], 40 + i, 10 + i, &A);
}

TestSuite(handoff, .init = setup);

static struct door *handoff_door(uint32_t nacts, uint32_t flags, uint32_t prio)
{
	struct door_pool_desc desc = fx_desc(nacts);
	desc.prio = prio;
	struct door *d = NULL;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 7, flags, &desc, &d), 0);
	return d;
}

static int call(struct thread *t, struct door *d, uint32_t flags, struct door_call_plan *plan)
{
	int h = handle_install(&htA, KOBJ_DOOR, d, H_CALL);
	cr_assert_geq(h, 0);
	return door_call_begin(t, &htA, h, flags, plan);
}

Test(handoff, creation_makes_one_waiting_server_thread_per_activation)
{
	int before = thread_live_count(), sc_before = sc_live_count();
	struct door *d = handoff_door(3, DOOR_F_HANDOFF, 5);
	cr_assert_eq(d->mode, DOOR_HANDOFF);
	cr_assert_eq(d->prio, 5);
	cr_assert_eq(thread_live_count(), before + 3);
	cr_assert_eq(sc_live_count(), sc_before + 3);
	cr_assert_eq(S.npool, 3);
	cr_assert_eq(d->pool.free_mask, 0, "the fast path never finds a free handoff activation");
	cr_assert_eq(handoff_idle_count(d), 3);
	for (unsigned i = 0; i < 3; i++) {
		struct thread *s = d->pool.act[i]->server;
		cr_assert_not_null(s);
		cr_assert_eq(s->handoff_act, d->pool.act[i]);
		cr_assert_eq(s->state, THREAD_BLOCKED);
		cr_assert_eq(s->sc->prio, 5);
		cr_assert_eq(s->home, &S);
		cr_assert(!s->serving);
	}
	struct thread *s0 = d->pool.act[0]->server;
	cr_assert_eq(door_settle(d), DOOR_FREED); /* no handle */
	cr_assert_eq(s0->state, THREAD_DEAD, "marked to end, not ended inside the door's free");
	cr_assert_eq(S.npool, 0);
	thread_reap_dead();
	cr_assert_eq(s0->state, THREAD_FREE);
	cr_assert_eq(thread_live_count(), before, "server threads end with their door");
	cr_assert_eq(sc_live_count(), sc_before);
	cr_assert_eq(S.npool, 0);
	cr_assert_eq(S.nthreads, 1);
}

Test(handoff, creation_checks_flags_and_priority)
{
	struct door_pool_desc desc = fx_desc(1);
	struct door *d = NULL;
	desc.prio = 5;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_HANDOFF | DOOR_F_HANDOFF_PI, &desc, &d), HE_INVAL);
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, 0, &desc, &d), HE_INVAL, "migrate: prio must be 0");
	desc.prio = 21;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_HANDOFF_PI, &desc, &d), HE_INVAL);
	desc.prio = 20;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_HANDOFF_PI, &desc, &d), 0);
	cr_assert_eq(d->mode, DOOR_HANDOFF_PI);
	desc.prio = 0;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_HANDOFF, &desc, &d), 0, "0 is the lowest user priority");
	cr_assert_eq(d->pool.act[0]->server->sc->prio, 0);
	cr_assert_eq(door_live_count(), 2);
}

Test(handoff, thread_pool_exhaustion_is_nomem_and_leaves_nothing)
{
	/* Fill the thread pool but for 2 slots; a door of 3 needs 3. */
	int err;
	while (thread_live_count() < MAX_THREADS - 2)
		cr_assert_not_null(thread_create_waiting(&A, 3, &err));
	int threads = thread_live_count(), scs = sc_live_count(), acts = act_unused_count();
	struct door_pool_desc desc = fx_desc(3);
	desc.prio = 5;
	struct door *d = NULL;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_HANDOFF, &desc, &d), HE_NOMEM);
	cr_assert_eq(thread_live_count(), threads);
	cr_assert_eq(sc_live_count(), scs);
	cr_assert_eq(act_unused_count(), acts);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(S.npool, 0);
	desc.n = 2;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_HANDOFF, &desc, &d), 0);
}

Test(handoff, a_call_is_handed_over_and_the_reply_comes_back)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *c = &th[0], *s = d->pool.act[0]->server;
	struct door_call_plan plan;
	cr_assert_eq(call(c, d, 0, &plan), ACQ_HANDOFF);
	cr_assert_eq(plan.act, d->pool.act[0]);
	cr_assert_eq(plan.server, &S);
	cr_assert_eq(plan.entry, FX_ENTRY);
	cr_assert_eq(plan.cookie, 7);
	cr_assert_eq(c->cur, &A, "the caller does not move");
	cr_assert_eq(c->tf, &c->frames[0]);
	cr_assert_eq(c->shuttle.depth, 1);
	cr_assert_eq(d->pool.act[0]->holder, c);
	cr_assert_eq(d->inflight, 1);
	cr_assert_eq(handoff_idle_count(d), 0);
	cr_assert(handoff_pending(c));

	handoff_serve(s);
	cr_assert(s->serving);
	cr_assert(!handoff_cancelled(s));
	cr_assert_eq(s->inherited_prio, -1, "HANDOFF: no inheritance");
	cr_assert_eq(s->prio, 5);

	struct door_return_plan rp;
	cr_assert_eq(handoff_finish(s, &rp), c);
	cr_assert_eq(rp.caller, &A);
	cr_assert_null(rp.woken);
	cr_assert(!s->serving);
	cr_assert_eq(c->shuttle.depth, 0);
	cr_assert(!handoff_pending(c));
	cr_assert_eq(d->inflight, 0);
	cr_assert_eq(handoff_idle_count(d), 1);
	cr_assert_null(d->pool.act[0]->holder);
	cr_assert_eq(act_busy_count(), 0);
}

Test(handoff, the_fast_path_check_never_takes_a_handoff_activation)
{
	struct door *d = handoff_door(2, DOOR_F_HANDOFF_PI, 5);
	int h = handle_install(&htA, KOBJ_DOOR, d, H_CALL);
	struct door_call_plan plan = { 0 };
	cr_assert_eq(door_call_try(&th[0], &htA, h, 0, &plan), ACQ_NONE_FREE);
	cr_assert_eq(plan.door, d);
	cr_assert_eq(th[0].shuttle.depth, 0);
	cr_assert_eq(d->inflight, 0);
}

Test(handoff, busy_pool_queues_callers_and_hands_over)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *s = d->pool.act[0]->server;
	struct door_call_plan plan;
	cr_assert_eq(call(&th[0], d, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s);
	cr_assert_eq(call(&th[1], d, DOOR_CALL_NOWAIT, &plan), HE_AGAIN);
	cr_assert_eq(th[1].shuttle.depth, 0);
	cr_assert_eq(call(&th[1], d, 0, &plan), ACQ_QUEUED);
	cr_assert_eq(d->pool.nwaiters, 1);
	cr_assert_eq(th[0].inherited_prio, -1, "HANDOFF pools boost nobody");

	struct door_return_plan rp;
	cr_assert_eq(handoff_finish(s, &rp), &th[0]);
	cr_assert_eq(rp.woken, &th[1]);
	cr_assert_eq(d->pool.act[0]->holder, &th[1]);
	cr_assert_eq(d->inflight, 1, "the call passed to the waiter");
	cr_assert_eq(door_call_resume(&th[1], &plan), ACQ_HANDOFF);
	cr_assert_eq(plan.act, d->pool.act[0]);
	cr_assert_eq(th[1].cur, &A);
}

Test(handoff, a_caller_leaving_while_served_cancels_the_call)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF_PI, 5);
	struct thread *c = &th[3], *s = d->pool.act[0]->server;
	struct door_call_plan plan;
	cr_assert_eq(call(c, d, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s);
	cr_assert_eq(s->prio, 13, "inherits the caller's 13");
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(c, &rp), 0); /* the caller dies or is sent back */
	cr_assert_eq(c->shuttle.depth, 0);
	cr_assert_null(rp.woken);
	cr_assert(handoff_cancelled(s));
	cr_assert_eq(d->pool.act[0]->state, ACT_BUSY, "the server thread still runs on it");
	cr_assert_eq(d->inflight, 1);
	cr_assert_eq(s->prio, 5, "no caller, no boost");
	cr_assert_null(handoff_finish(s, &rp));
	cr_assert_eq(d->inflight, 0);
	cr_assert_eq(handoff_idle_count(d), 1);
	cr_assert(!handoff_cancelled(s));
}

Test(handoff, pi_server_thread_inherits_transitively_and_drops_it_at_return)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF_PI, 5);
	struct thread *c = &th[0], *s = d->pool.act[0]->server;
	struct door_call_plan plan;
	cr_assert_eq(call(c, d, 0, &plan), ACQ_HANDOFF);
	cr_assert_eq(s->inherited_prio, -1, "not before it serves");
	wait_begin(c, WAIT_REPLY, plan.act); /* as handoff_call */
	handoff_serve(s);
	cr_assert_eq(s->prio, 10);
	/* A higher waiter on the pool boosts the holder (the caller), which
	 * passes it on to the server thread. */
	th[2].sc->prio = 18;
	th[2].prio = 18;
	cr_assert_eq(call(&th[2], d, 0, &plan), ACQ_QUEUED);
	cr_assert_eq(c->prio, 18);
	cr_assert_eq(s->prio, 18);
	/* The waiter gives up: both drop back. */
	door_call_cancel_wait(&th[2], HE_DEAD);
	cr_assert_eq(c->prio, 10);
	cr_assert_eq(s->prio, 10);
	struct door_return_plan rp;
	handoff_finish(s, &rp);
	cr_assert_eq(s->prio, 5);
	cr_assert_eq(s->inherited_prio, -1);
}

Test(handoff, pi_server_thread_passes_its_boost_on_to_what_it_calls)
{
	struct door *d1 = handoff_door(1, DOOR_F_HANDOFF_PI, 5);
	struct door *d2 = handoff_door(1, DOOR_F_HANDOFF_PI, 3);
	struct thread *s1 = d1->pool.act[0]->server, *s2 = d2->pool.act[0]->server;
	struct door_call_plan plan;
	cr_assert_eq(call(&th[1], d1, 0, &plan), ACQ_HANDOFF); /* caller at 11 */
	handoff_serve(s1);
	/* s1 calls d2 (a nested call is an ordinary call by s1). */
	struct handle_table htS;
	memset(&htS, 0, sizeof htS);
	int h = handle_install(&htS, KOBJ_DOOR, d2, H_CALL);
	cr_assert_eq(door_call_begin(s1, &htS, h, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s2);
	cr_assert_eq(s1->prio, 11);
	cr_assert_eq(s2->prio, 11, "transitively");
	struct door_return_plan rp;
	cr_assert_eq(handoff_finish(s2, &rp), s1);
	cr_assert_eq(s2->prio, 3);
	cr_assert_eq(s1->prio, 11, "s1 still serves its caller");
	handoff_finish(s1, &rp);
	cr_assert_eq(s1->prio, 5);
}

Test(handoff, plain_handoff_server_thread_never_inherits)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *s = d->pool.act[0]->server;
	struct door_call_plan plan;
	cr_assert_eq(call(&th[3], d, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s);
	cr_assert_eq(call(&th[2], d, 0, &plan), ACQ_QUEUED);
	cr_assert_eq(s->prio, 5);
	cr_assert_eq(th[3].prio, 13);
}

/* A chain split of a serving server thread s (doors/SEMANTICS.md §11, §16):
 * the new thread object n keeps hop 0, the served call's entry, so it takes
 * over the call: n is the activation's server thread and serves, the
 * caller's REPLY edge (HANDOFF_PI) moves to n with its boost, and s goes on
 * as a plain orphan. The return of n then ends the call as s's would have. */
Test(handoff, a_split_hands_the_served_call_to_the_thread_keeping_hop_0)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF_PI, 5);
	struct thread *c = &th[0], *s = d->pool.act[0]->server, *n = &th[2];
	struct activation *a = d->pool.act[0];
	fx_thread(n, &sc[2], 42, 5, &S); /* as thread_split leaves it: s's id and schedctx */
	struct door_call_plan plan;
	cr_assert_eq(call(c, d, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s);
	cr_assert_eq(s->prio, 10);
	cr_assert_eq(c->reply_from, s);

	handoff_adopt(s, n);
	cr_assert_eq(a->server, n);
	cr_assert_eq(n->handoff_act, a);
	cr_assert(n->serving);
	cr_assert_null(s->handoff_act);
	cr_assert(!s->serving);
	cr_assert_eq(c->reply_from, n, "the caller waits for n's reply now");
	cr_assert_null(s->reply_waiters);
	cr_assert_eq(n->prio, 10, "n inherits the caller's priority");
	cr_assert_eq(s->prio, 5, "the orphan lends nothing and is lent nothing");
	cr_assert(!handoff_cancelled(n));
	cr_assert_eq(a->holder, c);

	struct door_return_plan rp;
	cr_assert_eq(handoff_finish(n, &rp), c);
	cr_assert_null(c->reply_from);
	cr_assert_eq(n->prio, 5);
	cr_assert_eq(c->shuttle.depth, 0);
	cr_assert_eq(handoff_idle_count(d), 1);
	cr_assert_eq(d->inflight, 0);
}

Test(handoff, adopt_of_a_thread_that_serves_nothing_changes_nothing)
{
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *s = d->pool.act[0]->server, *n = &th[2];
	handoff_adopt(&th[1], n); /* th[1] is no server thread */
	cr_assert_null(n->handoff_act);
	cr_assert(!n->serving);
	cr_assert_eq(d->pool.act[0]->server, s);
}

/* The server domain dies while its server thread, serving a call whose door
 * has no handle left, is out in another domain: ending the served call frees
 * the door, and the thread must survive that as the orphan the sweep goes on
 * with (before, the door's pool stop killed it under the sweep's feet). */
Test(handoff, server_domain_death_frees_the_door_under_the_sweep_and_the_orphan_lives)
{
	static struct domain B;
	fx_domain(&B, 3);
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct door *db = fx_door(&B, 1, 0);
	struct thread *s = d->pool.act[0]->server, *c = &th[0];
	int doors_before = door_live_count();
	int h = handle_install(&htA, KOBJ_DOOR, d, H_CALL);
	struct door_call_plan plan;
	cr_assert_eq(door_call_begin(c, &htA, h, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s);
	c->state = THREAD_BLOCKED;
	wait_begin(c, WAIT_REPLY, plan.act);
	cr_assert_eq(handle_close(&htA, h), 0);
	cr_assert_eq(d->nhandles, 0, "only the call keeps the door");
	/* s, serving, calls B's door. */
	int hb = handle_install(&S.handles, KOBJ_DOOR, db, H_CALL);
	cr_assert_eq(door_call_begin(s, &S.handles, hb, 0, &plan), 0);
	S.state = DOM_DEAD;
	handle_table_close_all(&S.handles);
	int s_threads = S.nthreads;

	cr_assert(!ipc_domain_died(s), "s goes on in B as an orphan");
	cr_assert_neq(s->state, THREAD_FREE);
	cr_assert_not_null(s->sc);
	cr_assert(s->orphan);
	cr_assert_null(s->handoff_act);
	cr_assert_eq(S.npool, 0);
	cr_assert_eq(S.nthreads, s_threads - 1, "counted out of S once");
	cr_assert_eq(door_live_count(), doors_before - 1, "the door is freed");
	cr_assert_eq(c->wait.status, HE_DEAD, "the caller's wait is over");
	cr_assert_eq((long)c->tf->regs[REG_A0], HE_DEAD);
}

/* ---- a freed door's server threads are marked, and reaped later ---------- */

/* Closing the last handle ends the server threads only by marking them
 * (doors/SEMANTICS.md §16): none is torn down inside the close; the
 * reaper ends them afterwards and every count comes back. */
static void assert_marked_then_reaped(struct thread *s, int threads, int scs)
{
	cr_assert_eq(s->state, THREAD_DEAD, "marked to end");
	cr_assert_not_null(s->sc, "not torn down inside the operation");
	cr_assert_null(s->handoff_act);
	cr_assert_eq(S.npool, 0);
	thread_reap_dead();
	cr_assert_eq(s->state, THREAD_FREE, "reaped afterwards");
	cr_assert_eq(thread_live_count(), threads);
	cr_assert_eq(sc_live_count(), scs);
	cr_assert_eq(S.nthreads, 1);
}

Test(handoff, closing_the_last_handle_marks_a_waiting_server_thread)
{
	int threads = thread_live_count(), scs = sc_live_count();
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *s = d->pool.act[0]->server;
	int h = handle_install(&htA, KOBJ_DOOR, d, H_CALL);
	cr_assert_eq(s->state, THREAD_BLOCKED);
	cr_assert_eq(handle_close(&htA, h), 0);
	cr_assert_eq(door_live_count(), 0, "the door is freed");
	assert_marked_then_reaped(s, threads, scs);
}

/* c calls d (one activation), s serves it, and the call's handle, the
 * door's last, is closed: only the call keeps the door. */
static struct thread *serve_with_no_handle_left(struct door *d, struct thread *c)
{
	struct thread *s = d->pool.act[0]->server;
	struct door_call_plan plan;
	int h = handle_install(&htA, KOBJ_DOOR, d, H_CALL);
	cr_assert_eq(door_call_begin(c, &htA, h, 0, &plan), ACQ_HANDOFF);
	handoff_serve(s);
	wait_begin(c, WAIT_REPLY, plan.act);
	cr_assert_eq(handle_close(&htA, h), 0);
	cr_assert_eq(door_live_count(), 1, "the call in progress keeps the door");
	cr_assert(s->serving);
	cr_assert_neq(s->state, THREAD_DEAD, "a serving thread is left alone");
	return s;
}

Test(handoff, closing_the_last_handle_while_served_marks_the_server_thread_when_the_call_ends)
{
	int threads = thread_live_count(), scs = sc_live_count();
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *c = &th[0], *s = serve_with_no_handle_left(d, c);
	struct door_return_plan rp;
	cr_assert_eq(handoff_finish(s, &rp), c);
	cr_assert_eq(door_live_count(), 0, "the call's end frees the door");
	assert_marked_then_reaped(s, threads, scs);
}

Test(handoff, a_return_that_frees_the_door_marks_its_own_current_server_thread)
{
	int threads = thread_live_count(), scs = sc_live_count();
	struct door *d = handoff_door(1, DOOR_F_HANDOFF, 5);
	struct thread *c = &th[0], *s = serve_with_no_handle_left(d, c);
	/* s returns: the call's end frees the door while s is the current
	 * thread. */
	this_hart()->sched.current = s;
	s->state = THREAD_RUNNING;
	handoff_return(s, s->tf);
	cr_assert_eq(c->wait.status, 0, "the caller has its reply");
	cr_assert_eq(door_live_count(), 0);
	this_hart()->sched.current = NULL; /* s switched out for good */
	assert_marked_then_reaped(s, threads, scs);
}
