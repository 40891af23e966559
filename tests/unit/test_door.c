/* Doors: allocation, exhaustion, reference counts, freeing, unreferenced
 * notification, revocation. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/door.h"
#include "kern/handle.h"
#include "door_fixtures.h"

static struct domain S;

static void setup(void)
{
	fx_domain(&S, 1);
}

TestSuite(door, .init = setup);

Test(door, alloc_fills_the_door)
{
	struct door_pool_desc desc = fx_desc(3);
	struct door *d = NULL;
	cr_assert_eq(door_alloc(&S, 0x12340, 77, DOOR_F_UNREF, &desc, &d), 0);
	cr_assert_eq(d->state, DOOR_LIVE);
	cr_assert_eq(d->mode, DOOR_MIGRATE);
	cr_assert_eq(d->server, &S);
	cr_assert_eq(d->entry, 0x12340);
	cr_assert_eq(d->cookie, 77);
	cr_assert_eq(d->flags, DOOR_F_UNREF);
	cr_assert_eq(d->nhandles, 0);
	cr_assert_eq(d->inflight, 0);
	cr_assert_eq(d->pool.n, 3);
	cr_assert_eq(d->pool.door, d);
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_live_count(), 1);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS - 3);
}

Test(door, alloc_rejects_bad_arguments_and_allocates_nothing)
{
	struct door_pool_desc desc = fx_desc(1), bad = fx_desc(0);
	struct door *d = (struct door *)&S;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, 1u << 6, &desc, &d), HE_INVAL);
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, DOOR_F_UNREF_MULTI, &desc, &d), HE_INVAL, "MULTI needs UNREF");
	cr_assert_eq(door_alloc(&S, USER_BASE - 4, 0, 0, &desc, &d), HE_INVAL);
	cr_assert_eq(door_alloc(&S, USER_TOP, 0, 0, &desc, &d), HE_INVAL);
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, 0, &bad, &d), HE_INVAL);
	cr_assert_eq(d, (struct door *)&S, "out untouched");
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}

Test(door, door_table_exhaustion_is_nomem)
{
	for (int i = 0; i < MAX_DOORS; i++)
		cr_assert_not_null(fx_door(&S, 1, 0));
	struct door_pool_desc desc = fx_desc(1);
	struct door *d = NULL;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, 0, &desc, &d), HE_NOMEM);
	cr_assert_null(d);
	cr_assert_eq(door_live_count(), MAX_DOORS);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS - MAX_DOORS, "no activation taken");
}

Test(door, activation_table_exhaustion_is_nomem_and_takes_no_door)
{
	int ndoors = MAX_ACTIVATIONS / MAX_ACTS_PER_DOOR;
	for (int i = 0; i < ndoors; i++)
		cr_assert_not_null(fx_door(&S, MAX_ACTS_PER_DOOR, 0));
	struct door_pool_desc desc = fx_desc(1);
	struct door *d = NULL;
	cr_assert_eq(door_alloc(&S, FX_ENTRY, 0, 0, &desc, &d), HE_NOMEM);
	cr_assert_null(d);
	cr_assert_eq(door_live_count(), ndoors);
}

Test(door, settle_frees_a_door_without_handles)
{
	struct door *d = fx_door(&S, 2, 0);
	uint32_t gen = d->gen;
	cr_assert_eq(door_settle(d), DOOR_FREED);   /* e.g. its first handle could not be installed */
	cr_assert_eq(d->state, DOOR_FREE);
	cr_assert_eq(d->gen, gen + 1);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
	struct door *again = fx_door(&S, 1, 0);
	cr_assert_eq(again, d, "slot reused");
	cr_assert_eq(again->gen, gen + 1, "generation survives reuse");
}

Test(door, settle_keeps_a_busy_or_referenced_door)
{
	struct door *d = fx_door(&S, 1, 0);
	door_ref(d);
	cr_assert_eq(door_settle(d), DOOR_KEPT);
	door_call_started(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT, "in flight: kept without handles");
	cr_assert_eq(d->state, DOOR_LIVE);
	cr_assert_eq(door_call_ended(d), DOOR_FREED, "freed when the last call ends");
	cr_assert_eq(door_live_count(), 0);
}

Test(door, unref_when_count_drops_to_one)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	door_ref(d);
	cr_assert_eq(door_settle(d), DOOR_KEPT, "one handle from the start is not a drop");
	door_ref(d);
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED);
	cr_assert_eq(d->unref, DOOR_UNREF_PENDING);
	cr_assert(door_unref_take(d));
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(d->unref, DOOR_UNREF_DELIVERED);
	cr_assert_not(door_unref_take(d), "taken once");
	door_ref(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT, "never a second time");
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_unref_handle(d), DOOR_FREED);
}

Test(door, unref_multi_is_rearmed_by_a_new_reference)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF | DOOR_F_UNREF_MULTI);
	door_ref(d);
	door_ref(d);
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED);
	cr_assert(door_unref_take(d));
	door_ref(d);
	cr_assert_eq(d->unref, DOOR_UNREF_NONE, "re-armed");
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED, "a second time");
	cr_assert(door_unref_take(d));
	cr_assert_eq(door_unref_handle(d), DOOR_FREED);
}

Test(door, unref_multi_counts_a_drop_after_a_late_delivery)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF | DOOR_F_UNREF_MULTI);
	door_ref(d);
	door_ref(d);
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED);
	door_ref(d); /* a new reference before the notification was taken */
	cr_assert(door_unref_take(d));
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED, "the drop after the delivery counts");
}

Test(door, new_door_parameters_are_unbounded)
{
	struct door *d = fx_door(&S, 1, 0), *r = fx_door(&S, 1, DOOR_F_REFUSE_DESC);
	cr_assert_eq(d->data_min, 0);
	cr_assert_eq(d->data_max, UINT64_MAX);
	cr_assert_eq(d->desc_max, UINT64_MAX);
	cr_assert_eq(r->desc_max, 0, "a door refusing handles has DESC_MAX 0");
}

Test(door, unref_needs_the_flag)
{
	struct door *d = fx_door(&S, 1, 0);
	door_ref(d);
	door_ref(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_not(door_unref_take(d));
}

Test(door, unref_waits_for_calls_in_flight)
{
	struct door *d = fx_door(&S, 2, DOOR_F_UNREF);
	door_ref(d);
	door_ref(d);
	door_call_started(d);
	door_call_started(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_call_ended(d), DOOR_KEPT);
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_call_ended(d), DOOR_UNREFERENCED);
	cr_assert_eq(d->unref, DOOR_UNREF_PENDING);
}

Test(door, unref_cancelled_by_a_new_reference_before_calls_end)
{
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	door_ref(d);
	door_ref(d);
	door_call_started(d);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	door_ref(d);        /* handed out again while the call ran */
	cr_assert_eq(door_call_ended(d), DOOR_KEPT);
	cr_assert_neq(d->unref, DOOR_UNREF_PENDING);
	cr_assert_eq(door_unref_handle(d), DOOR_UNREFERENCED);
}

Test(door, unref_waits_for_queued_callers)
{
	struct thread h, w;
	struct schedctx sh, sw;
	fx_thread(&h, &sh, 0, 5, &S);
	fx_thread(&w, &sw, 1, 5, &S);
	struct door *d = fx_door(&S, 1, DOOR_F_UNREF);
	struct activation *a;
	door_ref(d);
	door_ref(d);
	cr_assert_eq(act_acquire(&d->pool, &h, false, &a), 0);
	door_call_started(d);
	cr_assert_eq(act_acquire(&d->pool, &w, false, &a), ACQ_QUEUED);
	struct shuttle_frame f = { 0 };
	shuttle_pop(&h.shuttle, &f);
	cr_assert_eq(act_release(&d->pool, f.act), &w);   /* w's call continues in flight */
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	cr_assert_eq(d->inflight, 1);
	shuttle_pop(&w.shuttle, &f);
	cr_assert_null(act_release(&d->pool, f.act));
	cr_assert_eq(door_call_ended(d), DOOR_UNREFERENCED);
}

Test(door, revoke_wakes_waiters_with_revoked)
{
	struct thread h, w1, w2;
	struct schedctx sh, s1, s2;
	fx_thread(&h, &sh, 0, 5, &S);
	fx_thread(&w1, &s1, 1, 10, &S);
	fx_thread(&w2, &s2, 2, 20, &S);
	struct door *d = fx_door(&S, 1, 0);
	struct activation *a;
	door_ref(d);
	cr_assert_eq(act_acquire(&d->pool, &h, false, &a), 0);
	door_call_started(d);
	act_acquire(&d->pool, &w1, false, &a);
	act_acquire(&d->pool, &w2, false, &a);
	cr_assert_eq(h.prio, 20);

	struct thread *woken[MAX_THREADS];
	cr_assert_eq(door_revoke(d, woken), 2);
	cr_assert_eq(d->state, DOOR_REVOKED);
	cr_assert_eq(woken[0], &w2);
	cr_assert_eq(woken[1], &w1);
	cr_assert_eq(w1.wait.status, HE_REVOKED);
	cr_assert_eq(w2.wait.status, HE_REVOKED);
	cr_assert(!wait_pending(&w1));
	cr_assert_eq(d->pool.nwaiters, 0);
	cr_assert_eq(h.prio, 5, "the boost ends with the wait");
	cr_assert_eq(a->holder, &h, "the call in flight keeps its activation");
	cr_assert_eq(door_revoke(d, woken), 0, "revoking twice does nothing");
	cr_assert_eq(d->state, DOOR_REVOKED);
}

Test(door, revoked_door_is_freed_when_unused)
{
	struct door *d = fx_door(&S, 1, 0);
	struct thread *woken[MAX_THREADS];
	door_ref(d);
	door_call_started(d);
	cr_assert_eq(door_revoke(d, woken), 0);
	cr_assert_eq(door_unref_handle(d), DOOR_KEPT);
	cr_assert_eq(d->state, DOOR_REVOKED);
	cr_assert_eq(door_call_ended(d), DOOR_FREED);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}

Test(door, live_count_counts_live_and_revoked)
{
	struct thread *woken[MAX_THREADS];
	struct door *a = fx_door(&S, 1, 0), *b = fx_door(&S, 1, 0);
	door_ref(a);
	door_ref(b);
	cr_assert_eq(door_live_count(), 2);
	door_revoke(a, woken);
	cr_assert_eq(door_live_count(), 2);
	door_unref_handle(a);
	cr_assert_eq(door_live_count(), 1);
}
