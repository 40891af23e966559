/* Door events on a notification object (SYS_DOOR_NOTIFY, doors/SEMANTICS.md
 * §8 and §11): the binding and its reference on the object (rebind, unbind,
 * door freed, last handle closed while bound), the unreferenced signal (at
 * the moment SYS_DOOR_UNREF_WAIT would return, once; pending before the
 * binding; never for a revoked door; two doors on one object), the cancel
 * signal (an orphan's migrate calls, once; a handoff call's caller leaving),
 * and the system call's argument checks in their documented order
 * (docs/syscalls.md, SYS_DOOR_NOTIFY). */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "doors/call.h"
#include "doors/crash.h"
#include "doors/door_sys.h"
#include "doors/handoff.h"
#include "kern/notify.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "door_fixtures.h"

static struct domain A, B, C, S;
static struct thread t, w;
static struct schedctx sct, scw;
static struct trapframe tf;

static void setup(void)
{
	memset(harts, 0, sizeof harts);
	fx_domain(&A, 1);
	fx_domain(&B, 2);
	fx_domain(&C, 3);
	fx_domain(&S, 4);
	A.nthreads = 2; /* the origin's count must not reach 0 (no pages to free here) */
	B.base_prio = C.base_prio = 4;
	S.maxprio = 20;
	S.nthreads = 1;
	fx_thread(&t, &sct, 0, 10, &A);
	fx_thread(&w, &scw, 1, 10, &S);
	sched_init(&this_hart()->sched);
}

static void teardown(void)
{
	handle_table_close_all(&A.handles);
	handle_table_close_all(&B.handles);
	handle_table_close_all(&C.handles);
	handle_table_close_all(&S.handles);
}

TestSuite(door_notify, .init = setup, .fini = teardown);

/* A new notification object with one handle in d's table (rights given). */
static struct notify *notif(struct domain *d, uint32_t rights, int *h)
{
	struct notify *n = NULL;
	cr_assert_eq(notify_alloc(&n), 0);
	int r = handle_install(&d->handles, KOBJ_NOTIFY, n, rights);
	cr_assert_geq(r, 0);
	if (h)
		*h = r;
	return n;
}

static int handle_to(struct domain *d, struct door *door, uint32_t rights)
{
	int h = handle_install(&d->handles, KOBJ_DOOR, door, rights);
	cr_assert_geq(h, 0);
	return h;
}

/* ---- binding and its reference ---- */

Test(door_notify, bad_bits_are_inval_and_change_nothing)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF), *plain = fx_door(&S, 1, 0);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 1ull << 63, 0), HE_INVAL);
	cr_assert_eq(door_bind_notify(d, n, 0, 1ull << 63), HE_INVAL);
	cr_assert_eq(door_bind_notify(d, n, 1, ~0ull), HE_INVAL);
	cr_assert_eq(door_bind_notify(plain, n, 1, 0), HE_INVAL, "unref bits need DOOR_F_UNREF");
	cr_assert_null(d->events);
	cr_assert_null(plain->events);
	cr_assert_eq(n->nbinds, 0);
	cr_assert_eq(door_bind_notify(plain, n, 0, 4), 0, "cancel bits: any door");
	cr_assert_eq(plain->events, n);
	cr_assert_eq(n->nbinds, 1);
	door_settle(d);
	door_settle(plain);
	cr_assert_eq(notify_live_count(), 1, "the handle still names it");
}

Test(door_notify, rebinding_replaces_and_unbinding_releases)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	door_ref(d);
	int h1;
	struct notify *n1 = notif(&S, H_NOTIFY_ALL, &h1), *n2 = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n1, 1, 2), 0);
	cr_assert_eq(door_bind_notify(d, n1, 8, 0), 0, "rebinding to the same object");
	cr_assert_eq(n1->nbinds, 1);
	cr_assert_eq(d->unref_bits, 8);
	cr_assert_eq(d->cancel_bits, 0);
	cr_assert_eq(handle_close(&S.handles, h1), 0);
	cr_assert_eq(n1->state, NOTIFY_CLOSED, "no handle: closed, but the binding keeps it");
	cr_assert_eq(notify_live_count(), 2);
	cr_assert_eq(door_bind_notify(d, n2, 0, 16), 0, "rebinding elsewhere releases n1");
	cr_assert_eq(n1->state, NOTIFY_FREE);
	cr_assert_eq(n2->nbinds, 1);
	cr_assert_eq(door_bind_notify(d, (struct notify *)0x1, 0, 0), 0, "unbind: n not looked at");
	cr_assert_null(d->events);
	cr_assert_eq(d->unref_bits | d->cancel_bits, 0);
	cr_assert_eq(n2->nbinds, 0);
	cr_assert_eq(n2->state, NOTIFY_LIVE, "its handle remains");
}

Test(door_notify, a_freed_door_releases_its_binding)
{
	struct door *d = fx_door(&S, 1, 0);
	door_ref(d);
	int h;
	struct notify *n = notif(&S, H_NOTIFY_ALL, &h);
	cr_assert_eq(door_bind_notify(d, n, 0, 1), 0);
	cr_assert_eq(handle_close(&S.handles, h), 0);
	cr_assert_eq(notify_live_count(), 1);
	cr_assert_eq(door_unref_handle(d), DOOR_FREED);
	cr_assert_eq(notify_live_count(), 0, "the door's binding was the last reference");
}

/* ---- the unreferenced signal ---- */

Test(door_notify, unref_is_signalled_once_at_the_moment_it_happens)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 0x10, 0), 0);
	door_ref(d);
	door_ref(d);
	door_call_started(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT, "a call is in progress");
	cr_assert_eq(n->pending, 0);
	cr_assert_eq(door_call_ended(d), DOOR_UNREFERENCED);
	cr_assert_eq(n->pending, 0x10);
	cr_assert_eq(d->unref, DOOR_UNREF_DELIVERED, "the signal is the delivery");
	cr_assert_not(door_unref_take(d), "SYS_DOOR_UNREF_WAIT gets nothing more");
	n->pending = 0;
	door_ref(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	cr_assert_eq(n->pending, 0, "never a second time");
}

Test(door_notify, a_count_going_back_up_or_a_revocation_signals_nothing)
{
	static struct thread *woken[MAX_THREADS];
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 1, 0), 0);
	door_ref(d);
	door_ref(d);
	door_call_started(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	door_ref(d); /* 1 -> 2 before the call ends */
	cr_assert_eq(door_call_ended(d), DOOR_KEPT);
	cr_assert_eq(n->pending, 0);
	cr_assert_eq(door_revoke(d, woken), 0);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT, "revoked: never unreferenced");
	cr_assert_eq(n->pending, 0);
}

/* An unreference deferred (a call in flight) or pending (not taken yet) when
 * the door is revoked is dropped: neither the call's end nor a later binding
 * signals it (SEMANTICS §6). */
Test(door_notify, a_revocation_drops_a_deferred_or_pending_unreference)
{
	static struct thread *woken[MAX_THREADS];
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 1, 0), 0);
	door_ref(d);
	door_ref(d);
	door_call_started(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT, "2 -> 1 with a call in flight: deferred");
	cr_assert_eq(door_revoke(d, woken), 0);
	door_call_ended(d);
	cr_assert_eq(n->pending, 0, "the revoked door signalled its unref bit");

	struct door *e = fx_door(&S, 1, DOOR_F_UNREF);
	door_ref(e);
	door_ref(e);
	cr_assert_eq(door_unref_handle(e), DOOR_UNREFERENCED);
	cr_assert_eq(e->unref, DOOR_UNREF_PENDING, "nobody took it");
	cr_assert_eq(door_revoke(e, woken), 0);
	cr_assert_neq(e->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_bind_notify(e, n, 2, 0), 0);
	cr_assert_eq(n->pending, 0, "binding a revoked door signalled a dropped unreference");
}

Test(door_notify, an_unreference_pending_before_the_binding_is_signalled_at_once)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	door_ref(d);
	door_ref(d);
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED);
	cr_assert_eq(d->unref, DOOR_UNREF_PENDING, "nobody took it");
	cr_assert_eq(door_bind_notify(d, n, 0, 2), 0);
	cr_assert_eq(d->unref, DOOR_UNREF_PENDING, "cancel bits only: not taken");
	cr_assert_eq(door_bind_notify(d, n, 4, 2), 0);
	cr_assert_eq(n->pending, 4);
	cr_assert_eq(d->unref, DOOR_UNREF_DELIVERED);
}

Test(door_notify, a_waiter_in_unref_wait_and_the_binding_both_get_it)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 1, 0), 0);
	door_ref(d);
	door_ref(d);
	w.state = THREAD_BLOCKED;
	wait_begin(&w, WAIT_UNREF, d);
	d->unref_waiter = &w;
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED);
	cr_assert_null(d->unref_waiter);
	cr_assert_eq(w.wait.status, 0);
	cr_assert_eq(w.state, THREAD_RUNNABLE);
	cr_assert_eq(n->pending, 1);
}

Test(door_notify, two_doors_one_wait)
{
	struct door *d1 = fx_door(&S, 1, DOOR_F_UNREF), *d2 = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d1, n, 1, 0), 0);
	cr_assert_eq(door_bind_notify(d2, n, 2, 0), 0);
	cr_assert_eq(n->nbinds, 2);
	door_ref(d1);
	door_ref(d1);
	door_ref(d2);
	door_ref(d2);
	w.state = THREAD_BLOCKED;
	cr_assert_eq(notify_wait_begin(n, &w, 3), 0);
	cr_assert_eq(door_unref_handle(d1), DOOR_UNREFERENCED);
	cr_assert_eq(w.state, THREAD_RUNNABLE, "the one waiter is woken");
	cr_assert_eq(notify_wait_end(&w), 1);
	cr_assert_eq(door_unref_handle(d2), DOOR_UNREFERENCED);
	cr_assert_eq(notify_wait_begin(n, &w, 3), 2, "the other door's bit is waiting");
}

/* ---- the cancel signal ---- */

static int call(struct thread *th, struct domain *from, struct door *door)
{
	struct door_call_plan p;
	return door_call_begin(th, &from->handles, handle_to(from, door, H_CALL), 0, &p);
}

Test(door_notify, an_orphans_running_calls_signal_their_cancel_bits_once)
{
	struct door *db = fx_door(&B, 1, 0), *dc = fx_door(&C, 1, 0);
	struct notify *nb = notif(&B, H_NOTIFY_ALL, NULL), *nc = notif(&C, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(db, nb, 0, 1), 0);
	cr_assert_eq(door_bind_notify(dc, nc, 0, 2), 0);
	cr_assert_eq(call(&t, &A, db), 0, "t: A -> B");
	cr_assert_eq(call(&t, &B, dc), 0, "t: B -> C, entered");
	cr_assert_eq(nb->pending | nc->pending, 0);

	A.state = DOM_DEAD;
	cr_assert_not(ipc_domain_died(&t), "t goes on in C, as an orphan");
	cr_assert(t.orphan);
	cr_assert_eq(nb->pending, 1, "B's call is cancelled");
	cr_assert_eq(nc->pending, 2, "and so is C's");

	nb->pending = nc->pending = 0;
	B.state = DOM_DEAD;
	cr_assert_not(ipc_domain_died(&t), "still in C");
	cr_assert_eq(t.shuttle.depth, 2);
	cr_assert_eq(nb->pending | nc->pending, 0, "already cancelled: no second signal");
}

Test(door_notify, a_call_abandoned_before_it_began_is_not_signalled)
{
	struct door *db = fx_door(&B, 1, 0), *dc = fx_door(&C, 1, 0);
	struct notify *n = notif(&B, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(db, n, 0, 1), 0);
	cr_assert_eq(door_bind_notify(dc, n, 0, 2), 0);
	cr_assert_eq(call(&w, &S, dc), 0, "w holds c's only activation");
	cr_assert_eq(call(&t, &A, db), 0);
	cr_assert_eq(call(&t, &B, dc), ACQ_QUEUED);
	t.state = THREAD_BLOCKED;
	A.state = DOM_DEAD;
	cr_assert_not(ipc_domain_died(&t));
	cr_assert_eq(t.wait.status, HE_CANCELLED);
	cr_assert_eq(n->pending, 1, "only the call running in B");
}

Test(door_notify, a_handoff_callers_leaving_signals_the_cancel_bits)
{
	struct door_pool_desc desc = fx_desc(1);
	desc.prio = 5;
	struct door *d = NULL;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 7, DOOR_F_HANDOFF, &desc, &d), 0);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 0, 8), 0);
	struct thread *s = d->pool.act[0]->server;
	struct door_return_plan rp;

	cr_assert_eq(call(&t, &A, d), ACQ_HANDOFF);
	handoff_serve(s);
	cr_assert_eq(handoff_finish(s, &rp), &t, "an ordinary reply");
	cr_assert_eq(n->pending, 0);

	cr_assert_eq(call(&t, &A, d), ACQ_HANDOFF);
	handoff_serve(s);
	cr_assert_eq(door_return_finish(&t, &rp), 0, "the caller leaves");
	cr_assert(handoff_cancelled(s));
	cr_assert_eq(n->pending, 8);
	cr_assert_null(handoff_finish(s, &rp));
}

Test(door_notify, door_call_cancelled_without_a_binding_does_nothing)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct notify *n = notif(&S, H_NOTIFY_ALL, NULL);
	cr_assert_eq(door_bind_notify(d, n, 1, 0), 0);
	door_call_cancelled(d);
	cr_assert_eq(n->pending, 0, "unref bits only");
	cr_assert_eq(door_bind_notify(d, n, 0, 0), 0);
	door_call_cancelled(d);
	cr_assert_eq(n->pending, 0);
}

/* ---- the system call ---- */

static long sys(uint64_t door, uint64_t n, uint64_t unref, uint64_t cancel)
{
	tf.regs[REG_A0] = door;
	tf.regs[REG_A1] = n;
	tf.regs[REG_A2] = unref;
	tf.regs[REG_A3] = cancel;
	return sys_door_notify(&tf);
}

Test(door_notify, the_system_call_checks_in_the_documented_order)
{
	this_hart()->sched.current = &w; /* w runs in S, the server */
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF), *other = fx_door(&B, 1, 0);
	int hd = handle_to(&S, d, H_DOOR_ALL), hnorevoke = handle_to(&S, d, H_DOOR_ALL & ~H_REVOKE);
	int hother = handle_to(&S, other, H_DOOR_ALL);
	int hn, hnosig;
	struct notify *n = notif(&S, H_NOTIFY_ALL, &hn);
	cr_assert_geq(hnosig = handle_install(&S.handles, KOBJ_NOTIFY, n, H_WAIT), 0);

	cr_assert_eq(sys(MAX_HANDLES, hn, 1, 0), HE_BADHANDLE, "1: no such handle");
	cr_assert_eq(sys(~0ull, hn, 1, 0), HE_BADHANDLE, "1: whole register");
	cr_assert_eq(sys((uint64_t)hn, hn, 1, 0), HE_BADHANDLE, "1: not a door");
	cr_assert_eq(sys(hnorevoke, hn, 1, 0), HE_PERM, "2: no H_REVOKE");
	cr_assert_eq(sys(hother, hn, 0, 1), HE_PERM, "3: another domain's door");
	cr_assert_eq(sys(hd, hd, 1, 0), HE_BADHANDLE, "4: not a notification");
	cr_assert_eq(sys(hd, (1ull << 32) | (uint64_t)hn, 1, 0), HE_BADHANDLE, "4: whole register");
	cr_assert_eq(sys(hd, hnosig, 1, 0), HE_PERM, "5: no H_SIGNAL");
	cr_assert_eq(sys(hd, hn, 1ull << 63, 0), HE_INVAL, "6: bit 63");
	cr_assert_eq(sys(hd, hn, 0, 1ull << 63), HE_INVAL, "6: bit 63");
	cr_assert_null(d->events, "nothing bound by a failed call");
	cr_assert_eq(sys(hd, hn, 1, 2), 0);
	cr_assert_eq(d->events, n);
	cr_assert_eq(sys(hd, MAX_HANDLES, 0, 0), 0, "unbinding names no notification");
	cr_assert_null(d->events);
	cr_assert_eq(n->nbinds, 0);
}

Test(door_notify, unref_bits_need_an_unref_door)
{
	this_hart()->sched.current = &w;
	struct door *d = fx_door(&S, 1, 0);
	int hd = handle_to(&S, d, H_DOOR_ALL), hn;
	notif(&S, H_NOTIFY_ALL, &hn);
	cr_assert_eq(sys(hd, hn, 1, 0), HE_INVAL);
	cr_assert_eq(sys(hd, hn, 0, 1), 0);
}
