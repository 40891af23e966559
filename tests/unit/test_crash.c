/* The crash rules (doors/SEMANTICS.md §11 and §12), one test per rule, each
 * named after its rule (s11_*: §11, s12_*: §12); the rulebook names each test beside
 * its rule. The tests drive the real code of doors/crash.c
 * (ipc_domain_died, door_unwind, ipc_thread_reaped) and of
 * kern/supervisor.c on host fixtures: a death is a domain marked dead, then
 * the sweep's call for each thread (domain_kill makes that call for the
 * threads of the pool only, not for the fixtures). They assert what a
 * program would see: where a thread resumes, the status and the dead domain
 * in a1..a3, which hops become an orphan, what becomes of activations,
 * waits, door counts and references. trace_* tests check the scenario
 * trace's values and its causal order (docs/scenarios.md).
 *
 * Not on the host (no user code runs here): that the registers a resumed
 * frame gets reach user mode unchanged (tests/qemu/door_isolation), and a
 * supervisor's records across real boots (scenarios supervisor-told.scn,
 * supervisor-dies.scn; tests/qemu/supervise, death_wait_dies). */
#include <stdlib.h>
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/syscall.h>
#include "doors/call.h"
#include "doors/crash.h"
#include "doors/door_sys.h"
#include "doors/slowpath.h"
#include "kern/hart.h"
#include "kern/clock.h"
#include "kern/notify.h"
#include "kern/schedctx.h"
#include "kern/palloc.h"
#include "kern/syscall.h"
#include "kern/supervisor.h"
#include "kern/uaccess.h"
#include "kern/scenario/trace.h"
#include "door_fixtures.h"
#include "fake_arch.h"

static struct domain A, B, C, D, X, U;
static struct thread t, x, u;
static struct schedctx sct, scx, scu;
/* da in A, db in B, dd in D: two activations; dc in C: one. */
static struct door *da, *db, *dc, *dd;

/* Fixture threads take ids 40.. : split threads take the pool's lowest. */
static void setup(void)
{
	memset(harts, 0, sizeof harts);
	sched_init(&this_hart()->sched);
	clock_init(10000000); /* the trace's ticks */
	fx_named_domain(&A, 1, "A", 10);
	fx_named_domain(&B, 2, "B", 4);
	fx_named_domain(&C, 3, "C", 3);
	fx_named_domain(&D, 4, "D", 2);
	fx_named_domain(&X, 5, "X", 8);
	fx_named_domain(&U, 6, "U", 3);
	fx_thread(&t, &sct, 40, 10, &A);
	fx_thread(&x, &scx, 41, 8, &X);
	fx_thread(&u, &scu, 42, 3, &U);
	t.uid = 7;
	x.uid = 8;
	da = fx_door(&A, 2, 0);
	db = fx_door(&B, 2, 0);
	dc = fx_door(&C, 1, 0);
	dd = fx_door(&D, 2, 0);
	cr_assert(da && db && dc && dd);
}

TestSuite(crash, .init = setup);

/* Real domains (their address spaces, their first thread) need pages. */
static void arena(void)
{
	enum { PAGES = 512 };
	char *mem = aligned_alloc(PAGE_SIZE, PAGES * PAGE_SIZE);
	cr_assert_not_null(mem);
	palloc_init((uintptr_t)mem, (uintptr_t)mem + PAGES * PAGE_SIZE);
}

static void die(struct domain *d, enum domain_end how)
{
	d->state = DOM_DEAD;
	d->end = how;
}

static void enter(struct thread *th, struct domain *from, struct door *door)
{
	cr_assert_eq(fx_call(th, from, door), 0, "%s enters %s", from->name, door->server->name);
}

/* What a caller resumes with after a death (§2): HE_DEAD naming d. */
static void assert_dead_named(const struct trapframe *tf, const struct domain *d)
{
	cr_assert_eq((long)tf->regs[REG_A0], HE_DEAD);
	cr_assert_eq(tf->regs[REG_A1], (uint64_t)d->id, "names %s (%d), not %ld", d->name, d->id,
		     (long)tf->regs[REG_A1]);
	cr_assert_eq(tf->regs[REG_A2], domain_death_how(d));
	cr_assert_eq(tf->regs[REG_A3], d->gen);
}

/* The thread of the pool with user-visible id uid. */
static struct thread *thread_with_uid(int uid)
{
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread *th = thread_by_id(i);
		if (th && th->uid == uid)
			return th;
	}
	return NULL;
}

/* t: A -> B -> C, running in C. */
static void chain_abc(void)
{
	enter(&t, &A, db);
	enter(&t, &B, dc);
}

/* x holds c's only activation; t, at home in A or (from B) after A -> B,
 * waits for it, then is handed it (its frame is pushed; it has not entered
 * C: t->tf is still its caller's). */
static void handed_c(struct domain *from)
{
	enter(&x, &X, dc);
	if (from == &B)
		enter(&t, &A, db);
	int k = t.shuttle.depth;
	cr_assert_eq(fx_call(&t, from, dc), ACQ_QUEUED);
	t.state = THREAD_BLOCKED;
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&x, &rp), 0);
	cr_assert_eq(rp.woken, &t);
	cr_assert_eq(t.tf, &t.frames[k], "not entered");
}

/* ---- §11: a domain dies during door calls ---------------------------------- */

Test(crash, s11_a_dead_domains_handles_close_and_its_doors_answer_dead)
{
	int h = fx_handle(&A, dd);
	cr_assert_geq(fx_handle(&D, db), 0);
	cr_assert_geq(fx_handle(&A, db), 0);
	cr_assert_eq(db->nhandles, 2);
	domain_kill(&D, END_FAULT, 13);
	cr_assert_eq(handle_count(&D.handles), 0, "D's handles are closed at once");
	cr_assert_eq(db->nhandles, 1);
	cr_assert_eq(dd->state, DOOR_LIVE, "D's door stays while a handle names it");
	struct door_call_plan p;
	cr_assert_eq(door_call_begin(&t, &A.handles, h, 0, &p), HE_DEAD);
}

Test(crash, s11_a_thread_without_a_dead_hop_is_not_affected)
{
	enter(&t, &A, db);
	struct shuttle before = t.shuttle;
	die(&C, END_FAULT);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(memcmp(&before, &t.shuttle, sizeof before), 0);
	cr_assert_eq(t.cur, &B);
	cr_assert_not(t.orphan);
	cr_assert_eq(t.wait.status, 0);
}

Test(crash, s11_send_back_to_nearest_live_caller)
{
	chain_abc();
	t.frames[1].regs[REG_SP] = 0x5000;
	t.frames[1].regs[REG_T0] = t.frames[1].regs[REG_A7] = 0xbad;
	die(&C, END_FAULT);
	cr_assert_not(ipc_domain_died(&t), "t goes on in B");
	cr_assert_eq(t.shuttle.depth, 1);
	cr_assert_eq(t.cur, &B);
	cr_assert_eq(t.tf, &t.frames[1]);
	assert_dead_named(t.tf, &C);
	cr_assert_eq(t.tf->regs[REG_SP], 0x5000, "the caller's own registers");
	cr_assert_eq(t.tf->regs[REG_T0] | t.tf->regs[REG_A7], 0, "no value of the dead hop");
	cr_assert_eq(dc->pool.free_mask, 1u, "C's activation is released");
	cr_assert_eq(dc->inflight, 0);
	cr_assert_eq(db->inflight, 1, "B's call goes on");
}

Test(crash, s11_send_back_pops_every_dead_hop_and_names_the_last)
{
	chain_abc();
	die(&B, END_KILL);
	die(&C, END_FAULT);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(t.shuttle.depth, 0);
	cr_assert_eq(t.cur, &A);
	assert_dead_named(t.tf, &B);
	cr_assert_eq(db->pool.free_mask, 3u);
	cr_assert_eq(dc->pool.free_mask, 1u);
}

Test(crash, s11_send_back_cancels_a_wait_for_an_activation)
{
	enter(&x, &X, dc);
	enter(&t, &A, db);
	cr_assert_eq(fx_call(&t, &B, dc), ACQ_QUEUED, "B's code waits for c");
	t.state = THREAD_BLOCKED;
	cr_assert_eq(x.prio, 10, "x inherits t's priority");
	die(&B, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert(!wait_pending(&t));
	cr_assert_eq(dc->pool.nwaiters, 0);
	cr_assert_eq(x.prio, 8, "the boost ended with the wait");
	cr_assert_eq(t.state, THREAD_RUNNABLE);
	cr_assert_eq(t.wait.status, HE_DEAD);
	cr_assert_eq(t.shuttle.depth, 0);
	assert_dead_named(t.tf, &B);
}

Test(crash, s11_send_back_ends_a_sleep_in_the_dead_domain)
{
	enter(&t, &A, db);
	sched_sleep(&this_hart()->sched, &t, 1000000);
	die(&B, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(t.state, THREAD_RUNNABLE, "woken now, not at its tick");
	cr_assert_eq(t.shuttle.depth, 0);
	assert_dead_named(t.tf, &B);
}

Test(crash, s11_send_back_with_no_live_hop_left_the_thread_dies)
{
	enter(&t, &A, db);
	die(&A, END_KILL);
	die(&B, END_KILL);
	cr_assert(ipc_domain_died(&t), "no live hop: t must die");
	cr_assert_eq(db->inflight, 0, "B's activation is released");
	cr_assert_eq(db->pool.free_mask, 3u);
}

Test(crash, s11_send_back_onto_a_dead_origin_makes_an_orphan)
{
	enter(&t, &A, db);
	enter(&t, &B, da); /* A -> B -> A */
	int nthreads = A.nthreads;
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t), "sent back into B; A below is dead too");
	cr_assert(t.orphan);
	cr_assert_eq(t.shuttle.base, 0);
	cr_assert_eq(t.shuttle.depth, 1);
	cr_assert_eq(t.cur, &B);
	cr_assert_eq(t.home, &B);
	assert_dead_named(t.tf, &A);
	cr_assert_eq(t.sc->prio, B.base_prio);
	cr_assert_eq(A.nthreads, nthreads - 1, "no longer A's thread");
	cr_assert_eq(da->inflight, 0);
	cr_assert_eq(thread_live_count(), 0, "nobody to resume: no split");
}

Test(crash, s11_split_resumes_the_nearest_live_caller_on_a_new_thread)
{
	chain_abc();
	t.frames[2].regs[REG_S0] = 0x5eed;
	die(&B, END_FAULT);
	cr_assert_not(ipc_domain_died(&t), "t goes on in C");
	struct thread *n = thread_with_uid(7);
	cr_assert_not_null(n, "the caller's side keeps the thread id");
	cr_assert_neq(n, &t);
	cr_assert_eq(n->sc, &sct, "and the scheduling context");
	cr_assert_eq(n->home, &A);
	cr_assert_eq(n->cur, &A);
	cr_assert_eq(n->shuttle.depth, 0);
	cr_assert_eq(n->tf, &n->frames[0]);
	assert_dead_named(n->tf, &B);
	cr_assert_eq(n->state, THREAD_RUNNABLE, "resumes at once");
	cr_assert_not(n->orphan);
	cr_assert_eq(db->inflight, 0, "hop 1's activation is released");
	cr_assert_eq(dc->inflight, 1, "the call in C goes on");

	cr_assert(t.orphan);
	cr_assert_neq(t.uid, 7);
	cr_assert_eq(t.shuttle.base, 1);
	cr_assert_eq(t.shuttle.depth, 2);
	cr_assert_eq(t.cur, &C);
	cr_assert_eq(t.frames[2].regs[REG_S0], 0x5eed, "undisturbed");
}

Test(crash, s11_an_orphan_is_cancelled_runs_at_its_domains_base_priority_and_dies_with_it)
{
	chain_abc();
	int nthreads = C.nthreads, refs = C.refs;
	die(&B, END_FAULT);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_neq(t.sc, &sct, "a new scheduling context");
	cr_assert_eq(t.sc->prio, C.base_prio);
	cr_assert_eq(t.prio, C.base_prio);
	cr_assert_eq(t.home, &C, "it belongs to C");
	cr_assert_eq(C.refs, refs + 1);
	cr_assert_eq(C.nthreads, nthreads, "without keeping it alive");
	this_hart()->sched.current = &t;
	cr_assert_eq(sys_door_cancelled(t.tf), 1, "nobody waits for its result");
	this_hart()->sched.current = thread_with_uid(7);
	cr_assert_eq(sys_door_cancelled(NULL), 0, "the caller's side is not cancelled");
	this_hart()->sched.current = NULL;
	die(&C, END_KILL);
	cr_assert(ipc_domain_died(&t), "it dies with C");
}

Test(crash, s11_an_orphan_ends_at_its_return_into_the_dead_hop)
{
	chain_abc();
	die(&B, END_FAULT);
	cr_assert_not(ipc_domain_died(&t));
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&t, &rp), 0);
	cr_assert_eq(rp.caller, &B);
	cr_assert_eq(dc->pool.free_mask, 1u, "its activation is freed");
	cr_assert_eq(dc->inflight, 0);
	cr_assert_not(door_unwind(&t), "no live hop above its base: it ends");
}

Test(crash, s11_origin_death_leaves_only_the_orphan)
{
	chain_abc();
	int nthreads = A.nthreads;
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(thread_live_count(), 0, "nobody to resume");
	cr_assert(t.orphan);
	cr_assert_eq(t.shuttle.base, 0);
	cr_assert_eq(t.shuttle.depth, 2, "every call above goes on");
	cr_assert_eq(t.cur, &C);
	cr_assert_eq(t.home, &B, "it belongs to the domain of hop 1");
	cr_assert_eq(t.sc, &sct, "its schedctx now serves the orphan");
	cr_assert_eq(sct.prio, B.base_prio);
	cr_assert_eq(A.nthreads, nthreads - 1);
	cr_assert_eq(db->inflight, 1);
	cr_assert_eq(dc->inflight, 1);
}

/* §11 with §18: which budget an orphan's own context has. */
Test(crash, s11_an_orphan_runs_on_its_domains_budget_cap_never_its_callers_budget)
{
	sc_set_budget(&sct, 2, 50); /* A's thread: a budget of its own */
	C.cap_budget = 4;
	C.cap_period = 40;
	chain_abc();
	die(&B, END_FAULT);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_neq(t.sc, &sct);
	cr_assert_eq(t.sc->budget, 4, "C's cap");
	cr_assert_eq(t.sc->period, 40);
	cr_assert_eq(t.sc->remaining, 4);
	struct thread *n = thread_with_uid(7);
	cr_assert_eq(n->sc, &sct, "the caller keeps its context and budget");
	cr_assert_eq(sct.budget, 2);
}

Test(crash, s11_an_orphan_of_a_dead_origin_gets_its_domains_cap_and_no_refill)
{
	sc_set_budget(&sct, 5, 50);
	cr_assert_not(sc_charge(&sct, 1));
	cr_assert_not(sc_charge(&sct, 2)); /* 3 ticks left in this window */
	B.cap_budget = 4;
	B.cap_period = 40;
	chain_abc();
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(t.sc, &sct, "its schedctx now serves the orphan");
	cr_assert_eq(sct.budget, 4, "with B's cap");
	cr_assert_eq(sct.period, 40);
	cr_assert_eq(sct.remaining, 3, "what is left of the window, not a refill");
}

Test(crash, s11_a_split_without_a_free_thread_falls_back_to_send_back)
{
	int err = 0;
	while (thread_create_waiting(&X, 5, &err))
		;
	cr_assert_eq(err, HE_NOMEM);
	chain_abc();
	die(&B, END_FAULT);
	cr_assert_not(ipc_domain_died(&t), "no split: t goes on");
	cr_assert_not(t.orphan);
	cr_assert_eq(t.shuttle.depth, 2);
	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&t, &rp), 0);
	cr_assert(door_unwind(&t), "its return reaches dead B: sent back");
	cr_assert_eq(t.shuttle.depth, 0);
	assert_dead_named(t.tf, &B);
	cr_assert_eq(db->inflight, 0);
}

Test(crash, s11_threads_at_home_in_the_dead_domain_die_and_give_back_everything)
{
	enter(&x, &X, dc);
	enter(&t, &A, db);
	enter(&t, &B, da); /* A -> B -> A, then A's code waits for c */
	cr_assert_eq(fx_call(&t, &A, dc), ACQ_QUEUED);
	t.state = THREAD_BLOCKED;
	die(&A, END_FAULT);
	die(&B, END_KILL);
	cr_assert(ipc_domain_died(&t), "at home in A, and nothing live below");
	ipc_thread_reaped(&t);
	cr_assert(!wait_pending(&t), "it left the queue");
	cr_assert_eq(dc->pool.nwaiters, 0);
	cr_assert_eq(x.prio, 8);
	cr_assert_eq(t.shuttle.depth, 0);
	cr_assert_eq(da->inflight + db->inflight, 0, "every activation given back");
	cr_assert_eq(da->pool.free_mask & db->pool.free_mask, 3u);
}

Test(crash, s11_a_waiter_handed_an_activation_of_a_dead_server_gets_dead_and_holds_nothing)
{
	handed_c(&A);
	die(&C, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(t.shuttle.depth, 0);
	cr_assert_eq(t.tf, &t.frames[0]);
	assert_dead_named(t.tf, &C);
	cr_assert_eq(t.wait.status, HE_DEAD, "its resume reports the death");
	cr_assert_eq(dc->pool.free_mask, 1u);
	cr_assert_eq(dc->inflight, 0);
}

Test(crash, s11_dead_names_the_server_of_the_call_the_resumed_code_made)
{
	chain_abc();
	enter(&t, &C, dd); /* A -> B -> C -> D */
	die(&B, END_FAULT);
	die(&C, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	struct thread *n = thread_with_uid(7);
	cr_assert_not_null(n);
	assert_dead_named(n->tf, &B); /* hop i+1: the server A's code called */

	/* A call refused at check 5 (§1.3) names the door's server. */
	this_hart()->sched.current = &u;
	u.tf->regs[REG_A0] = (uint64_t)fx_handle(&U, dc);
	u.tf->regs[REG_A6] = 0;
	cr_assert_eq(sys_door_call(u.tf), HE_DEAD);
	assert_dead_named(u.tf, &C);
}

Test(crash, s11_a_return_into_a_dead_caller_is_sent_back)
{
	chain_abc();
	die(&B, END_KILL); /* while C's code runs; the return meets it */
	this_hart()->sched.current = &t;
	sys_door_return(t.tf);
	cr_assert_eq(t.shuttle.depth, 0);
	cr_assert_eq(t.cur, &A);
	assert_dead_named(t.tf, &B);
	cr_assert_eq(db->inflight + dc->inflight, 0);
}

Test(crash, s11_server_code_cannot_end_the_callers_thread)
{
	enter(&t, &A, db);
	this_hart()->sched.current = &t;
	t.tf->regs[REG_A7] = SYS_THREAD_EXIT;
	syscall_dispatch(t.tf);
	cr_assert_eq((long)t.tf->regs[REG_A0], HE_PERM);
	cr_assert_eq(t.state, THREAD_RUNNING);
}

/* §11, "Calls for nobody are abandoned". */

Test(crash, s11_an_orphans_queued_call_is_abandoned)
{
	enter(&x, &X, dc);
	enter(&t, &A, db);
	cr_assert_eq(fx_call(&t, &B, dc), ACQ_QUEUED, "t, in B, waits for c");
	cr_assert_eq(fx_call(&u, &U, dc), ACQ_QUEUED, "u waits behind t");
	t.state = u.state = THREAD_BLOCKED;
	cr_assert_eq(x.prio, 10);

	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t), "t goes on in B, as an orphan");
	cr_assert(t.orphan);
	cr_assert(!wait_pending(&t), "it left the queue");
	cr_assert_eq(t.wait.status, HE_CANCELLED);
	cr_assert_eq(t.state, THREAD_RUNNABLE, "woken, to see it");
	cr_assert_eq(t.shuttle.depth, 1, "nothing was pushed for c");
	cr_assert_eq(dc->pool.waiters, &u);
	cr_assert_eq(x.prio, 8, "t's boost of x ended with its wait");

	struct door_return_plan rp;
	cr_assert_eq(door_return_finish(&x, &rp), 0);
	cr_assert_eq(rp.woken, &u, "the activation goes to the next waiter");
	cr_assert_eq(dc->inflight, 1, "u's call; none for t");
}

Test(crash, s11_an_orphans_handed_call_goes_to_the_next_waiter_and_its_dead_base_ends_it)
{
	handed_c(&A);
	cr_assert_eq(fx_call(&u, &U, dc), ACQ_QUEUED);
	die(&A, END_KILL);
	cr_assert(ipc_domain_died(&t), "made by dead A itself and never entered: it ends");
	cr_assert_eq(t.shuttle.depth, 0);
	cr_assert_eq(u.shuttle.depth, 1, "u was handed the activation");
	cr_assert_eq(dc->pool.act[0]->holder, &u);
	cr_assert_eq(dc->inflight, 1);
}

Test(crash, s11_an_orphans_handed_call_in_a_live_domain_is_cancelled)
{
	handed_c(&B);
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t), "B's code goes on");
	cr_assert_eq(t.shuttle.depth, 1, "back in B");
	cr_assert_eq(t.wait.status, HE_CANCELLED);
	cr_assert_eq(t.state, THREAD_RUNNABLE);
	cr_assert_eq(dc->inflight, 0, "nothing runs in C for it");
	cr_assert_eq(dc->pool.free_mask, 1u);
}

/* t, an orphan in B (A died below it). */
static void orphan_in_b(void)
{
	enter(&t, &A, db);
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert(t.orphan);
}

Test(crash, s11_an_orphans_later_call_that_would_wait_is_abandoned)
{
	enter(&x, &X, dc);
	orphan_in_b();
	cr_assert_eq(fx_call(&t, &B, dc), HE_CANCELLED);
	cr_assert(!wait_pending(&t), "never queued");
	cr_assert_eq(dc->pool.nwaiters, 0);
	cr_assert_eq(x.prio, 8, "so it lent x nothing");
	cr_assert_eq(t.shuttle.depth, 1);
}

Test(crash, s11_an_orphans_nowait_call_on_a_busy_door_is_again)
{
	enter(&x, &X, dc);
	orphan_in_b();
	struct door_call_plan p;
	cr_assert_eq(door_call_begin(&t, &B.handles, fx_handle(&B, dc), DOOR_CALL_NOWAIT, &p), HE_AGAIN);
	cr_assert_eq(dc->pool.nwaiters, 0);
	cr_assert_eq(t.shuttle.depth, 1);
}

Test(crash, s11_an_orphans_call_that_finds_a_free_activation_runs)
{
	orphan_in_b();
	enter(&t, &B, dc);
	cr_assert_eq(t.shuttle.depth, 2);
	cr_assert_eq(t.cur, &C);
	cr_assert_eq(dc->inflight, 1);
}

Test(crash, s11_a_splits_running_calls_signal_their_cancel_bits)
{
	struct notify *n = NULL;
	cr_assert_eq(notify_alloc(&n), 0);
	cr_assert_eq(door_bind_notify(db, n, 0, 1), 0);
	cr_assert_eq(door_bind_notify(dc, n, 0, 2), 0);
	chain_abc();
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(n->pending, 3, "both calls the orphan runs");
	n->pending = 0;
	die(&B, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(n->pending, 0, "once: an orphan split again signals nothing");
}

/* §11, re-entry: the caller's side of a split with a dead hop below it. */
Test(crash, s11_a_split_callers_side_with_a_dead_origin_is_an_orphan_too)
{
	enter(&t, &A, db);
	enter(&t, &B, da);
	enter(&t, &A, db); /* A -> B -> A -> B */
	int nthreads = A.nthreads;
	die(&A, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	cr_assert(t.orphan, "hops above the dead hop 2 go on");
	cr_assert_eq(t.shuttle.base, 2);
	cr_assert_eq(t.cur, &B);
	struct thread *n = thread_with_uid(7);
	cr_assert_not_null(n, "hop 1 resumes");
	cr_assert_eq(n->shuttle.depth, 1);
	cr_assert_eq(n->cur, &B);
	assert_dead_named(n->tf, &A);
	cr_assert(n->orphan, "its origin is dead: nobody reads its result either");
	cr_assert_eq(n->shuttle.base, 0);
	cr_assert_eq(n->home, &B);
	cr_assert_eq(n->sc->prio, B.base_prio, "not the dead caller's priority");
	cr_assert_eq(A.nthreads, nthreads - 1, "neither thread is A's any more");
	cr_assert_eq(thread_live_count(), 1, "no third thread");
	cr_assert_eq(da->inflight, 0, "hop 2's activation is released");
	cr_assert_not(ipc_domain_died(n), "the sweep meeting it later changes nothing");
	cr_assert_eq(n->shuttle.depth, 1);
}

/* ---- §12: supervision -------------------------------------------------- */

static struct domain *create(const char *name, int prio)
{
	int err = 0;
	struct domain *d = domain_create(name, "tiny", &(struct domain_limits){ prio, prio, 0, 0, -1 }, 0, &err);
	cr_assert_not_null(d, "domain_create(%s): %d", name, err);
	return d;
}

/* The first thread of real domain d. */
static struct thread *main_thread(struct domain *d)
{
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread *th = thread_by_id(i);
		if (th && th->home == d)
			return th;
	}
	return NULL;
}

#define RECORD_AT (USER_STACK_TOP - 256) /* in the real domain's stack */

/* S, a real supervisor whose main thread is the current one if running,
 * and x, a real domain that then dies (its record queued). */
static struct thread *supervised(struct domain **s, struct domain **xd, bool running)
{
	arena();
	*s = create("S", 5);
	supervisor_set(*s);
	struct thread *ts = main_thread(*s);
	if (running)
		cr_assert_eq(sched_pick(&this_hart()->sched), ts);
	*xd = create("x", 5);
	domain_kill(*xd, END_FAULT, 13);
	ts->tf->regs[REG_A0] = RECORD_AT;
	return ts;
}

Test(crash, s12_the_supervisor_is_told_of_each_death)
{
	struct domain *s, *xd;
	struct thread *ts = supervised(&s, &xd, true);
	cr_assert_eq(sys_death_wait(ts->tf), 0);
	struct hinge_death r;
	cr_assert_eq(copyin(domain_root(s), &r, RECORD_AT, sizeof r), 0);
	cr_assert_eq(r.domain, xd->id);
	cr_assert_eq(r.how, DEATH_FAULT);
	cr_assert_eq(r.code, 13);
	cr_assert_str_eq(r.name, "x");
	this_hart()->sched.current = &t; /* t runs in A, not the supervisor */
	cr_assert_eq(sys_death_wait(t.tf), HE_PERM);
}

Test(crash, s12_restart_kill_right_and_stale_handles)
{
	struct domain *s, *xd;
	struct thread *ts = supervised(&s, &xd, true);
	struct door *dx = fx_door(xd, 1, 0);
	int h = fx_handle(&A, dx);
	struct door_call_plan p;
	cr_assert_eq(door_call_begin(&t, &A.handles, h, 0, &p), HE_DEAD, "dead, not restarted");
	ts->tf->regs[REG_A0] = (uint64_t)xd->id;
	long nid = sys_domain_restart(ts->tf);
	cr_assert_geq(nid, 0);
	struct domain *n = domain_by_id((int)nid);
	cr_assert_eq(n->gen, xd->gen + 1);
	cr_assert_str_eq(n->name, "x");
	cr_assert_eq(sys_domain_restart(ts->tf), HE_INVAL, "once per incarnation");
	cr_assert_eq(door_call_begin(&t, &A.handles, h, 0, &p), HE_STALE, "the old handle");
	ts->tf->regs[REG_A0] = (uint64_t)n->id;
	cr_assert_eq(sys_domain_restart(ts->tf), HE_INVAL, "a live domain");
	ts->tf->regs[REG_A0] = (uint64_t)s->id;
	cr_assert_eq(sys_domain_kill(ts->tf), HE_INVAL, "not itself");
	ts->tf->regs[REG_A0] = (uint64_t)n->id;
	cr_assert_eq(sys_domain_kill(ts->tf), 0);
	cr_assert_eq(n->end, END_KILL);
	cr_assert_eq(sys_domain_kill(ts->tf), HE_INVAL, "not a dead one");
	ts->tf->regs[REG_A0] = 12345;
	cr_assert_eq(sys_domain_kill(ts->tf), HE_NOENT);
	this_hart()->sched.current = &t;
	cr_assert_eq(sys_domain_kill(t.tf), HE_PERM);
}

Test(crash, s12_a_dead_domain_is_kept_while_anything_names_it)
{
	struct domain *s, *xd;
	struct thread *ts = supervised(&s, &xd, true);
	int id = xd->id;
	cr_assert_eq(sys_death_wait(ts->tf), 0);
	cr_assert_eq(domain_by_id(id), xd, "delivered: kept until the next wait");
	struct domain *y = create("y", 5);
	domain_kill(y, END_EXIT, 0);
	cr_assert_eq(sys_death_wait(ts->tf), 0, "y's record");
	cr_assert_null(domain_by_id(id), "x's slot is reclaimed: its id names nothing");
	ts->tf->regs[REG_A0] = (uint64_t)id;
	cr_assert_eq(sys_domain_restart(ts->tf), HE_NOENT);
}

/* The supervisor dies while its thread, handed a record, has not yet
 * returned to user code: a higher-priority thread runs first and kills it. */
static struct domain *dying_supervisor;
static void supervisor_killed_meanwhile(void)
{
	sched_pick(&this_hart()->sched); /* the better thread runs */
	domain_kill(dying_supervisor, END_KILL, 0);
}

Test(crash, s12_a_record_is_delivered_only_when_the_supervisor_runs_with_it)
{
	struct domain *s, *xd;
	struct thread *ts = supervised(&s, &xd, true);
	create("hi", 9); /* runnable, better than S: the return to user switches */
	dying_supervisor = s;
	fake_arch.on_switch = supervisor_killed_meanwhile;
	fake_arch.console_len = 0;
	cr_assert_eq(sys_death_wait(ts->tf), HE_DEAD);
	cr_assert_not_null(strstr(fake_arch.console, "1 death record(s) not taken dropped"),
			   "the record it never ran with counts as dropped: %s", fake_arch.console);
}

Test(crash, s12_the_supervisors_death_drops_its_records_and_tells_nobody)
{
	struct domain *s, *xd;
	supervised(&s, &xd, false);
	trace_start(TRACE_LIVE);
	fake_arch.console_len = 0;
	domain_kill(s, END_KILL, 0);
	cr_assert_not_null(strstr(fake_arch.console, "unsupervised thread=-1 prio=-1 to=S dropped=1"));
	struct domain *y = create("y", 5);
	domain_kill(y, END_FAULT, 2);
	cr_assert_null(domain_by_id(y->id), "nobody is told: nothing keeps y");
}

static struct thread *visitor;
static struct domain *visited;
static void visited_supervisor_dies(void)
{
	this_hart()->sched.current = NULL; /* the killer runs */
	domain_kill(visited, END_EXIT, 0);
	cr_assert_not(ipc_domain_died(visitor)); /* the sweep, for a fixture thread */
}

Test(crash, s12_a_death_wait_in_a_dying_supervisor_ends_with_dead)
{
	fx_named_domain(&D, 4, "S", 5);
	supervisor_set(&D);
	struct door *ds = fx_door(&D, 1, 0);
	enter(&t, &A, ds);
	this_hart()->sched.current = &t;
	visitor = &t;
	visited = &D;
	fake_arch.on_switch = visited_supervisor_dies;
	struct trapframe *tf = t.tf;
	cr_assert_eq(sys_death_wait(tf), HE_DEAD, "the wait ends at once");
	cr_assert_eq(t.shuttle.depth, 0);
	assert_dead_named(t.tf, &D);
	cr_assert_eq(t.state, THREAD_RUNNABLE);
}

/* ---- the trace: values and causal order -------------------------------- */

static const char *traced(const char *what)
{
	const char *at = strstr(fake_arch.console, what);
	cr_assert_not_null(at, "traced: %s\nin:\n%s", what, fake_arch.console);
	return at;
}

Test(crash, trace_an_unwind_names_the_dead_domain_left)
{
	handed_c(&A);
	trace_start(TRACE_LIVE);
	fake_arch.console_len = 0;
	die(&C, END_KILL);
	cr_assert_not(ipc_domain_died(&t));
	traced("unwind thread=7 prio=10 from=C to=A depth=0 result=-12");
}

Test(crash, trace_a_wait_and_a_return_come_before_the_boosts_they_cause)
{
	enter(&x, &X, dc);
	trace_start(TRACE_LIVE);
	fake_arch.console_len = 0;
	cr_assert_eq(fx_call(&t, &A, dc), ACQ_QUEUED);
	cr_assert_lt(traced("wait thread=7"), traced("boost thread=8 prio=10"));
	this_hart()->sched.current = &x;
	sys_door_return(x.tf);
	cr_assert_lt(traced("return thread=8 prio=10 from=C to=X"), traced("boost thread=8 prio=8"));
}

Test(crash, trace_a_split_comes_before_the_boosts_its_release_ends)
{
	fx_thread(&x, &scx, 41, 12, &X);
	chain_abc();
	enter(&u, &U, db);
	cr_assert_eq(fx_call(&x, &X, db), ACQ_QUEUED, "x waits for b, held by t and u");
	cr_assert_eq(u.prio, 12);
	trace_start(TRACE_LIVE);
	fake_arch.console_len = 0;
	die(&B, END_FAULT); /* t's hop 1 is released: x is handed b, the boosts end */
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(u.prio, 3);
	cr_assert_lt(traced("split thread="), traced("boost thread="));
}

Test(crash, trace_a_death_comes_before_the_unsupervised_event_it_causes)
{
	fx_named_domain(&D, 4, "S", 5);
	supervisor_set(&D);
	trace_start(TRACE_LIVE);
	fake_arch.console_len = 0;
	domain_kill(&D, END_KILL, 0);
	cr_assert_lt(traced("kill thread=-1 prio=-1 to=S"), traced("unsupervised thread=-1 prio=-1 to=S"));
}
