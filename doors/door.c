/* The door table, door reference counts, revocation and unreferenced
 * notification. Rules: doors/door.h and doors/SEMANTICS.md. */
#include <string.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/thread.h"
#include "kern/notify.h"
#include "kern/domain.h"
#include "doors/door.h"
#include "doors/handoff.h"

static struct door doors[MAX_DOORS];

#define HANDOFF_FLAGS (DOOR_F_HANDOFF | DOOR_F_HANDOFF_PI)

static void door_free(struct door *d);

void door_prio_range(const struct domain *server, uint32_t flags, int *lo, int *hi)
{
	*lo = *hi = 0;
	if (flags & HANDOFF_FLAGS) {
		*lo = 0;
		*hi = server->maxprio;
	}
}

static enum door_mode mode_of(uint32_t flags)
{
	if (flags & DOOR_F_HANDOFF_PI)
		return DOOR_HANDOFF_PI;
	return flags & DOOR_F_HANDOFF ? DOOR_HANDOFF : DOOR_MIGRATE;
}

int door_alloc(struct domain *server, uintptr_t entry, uint64_t cookie, uint32_t flags,
	       const struct door_pool_desc *desc, struct door **out)
{
	if ((flags & ~DOOR_F_ALL) || (flags & HANDOFF_FLAGS) == HANDOFF_FLAGS)
		return HE_INVAL;
	if ((flags & DOOR_F_UNREF_MULTI) && !(flags & DOOR_F_UNREF))
		return HE_INVAL;
	if (entry < USER_BASE || entry >= USER_TOP)
		return HE_INVAL;
	int lo, hi;
	door_prio_range(server, flags, &lo, &hi);
	int err = act_desc_check(desc, lo, hi);
	if (err)
		return err;

	struct door *d = NULL;
	for (int i = 0; i < MAX_DOORS; i++) {
		if (doors[i].state == DOOR_FREE) {
			d = &doors[i];
			break;
		}
	}
	if (!d || FAILALLOC())
		return HE_NOMEM;
	d->mode = mode_of(flags); /* act_pool_init reads it */
	err = act_pool_init(&d->pool, d, desc);
	if (err) {
		d->mode = DOOR_MIGRATE;
		return err;
	}

	d->state = DOOR_LIVE;
	d->prio = (int)desc->prio;
	d->server = server;
	domain_ref(server); /* the server stays named while the door exists */
	d->entry = entry;
	d->cookie = cookie;
	d->flags = flags;
	d->nhandles = 0;
	d->inflight = 0;
	d->unref = DOOR_UNREF_NONE;
	d->desc_max = flags & DOOR_F_REFUSE_DESC ? 0 : UINT64_MAX;
	d->data_max = UINT64_MAX;
	d->data_min = 0;
	if (d->mode != DOOR_MIGRATE) {
		err = handoff_pool_start(d, d->prio);
		if (err) {
			door_free(d);
			return err;
		}
	}
	*out = d;
	return 0;
}

/* A call is in progress while it holds an activation or waits for one. */
static bool door_busy(const struct door *d)
{
	return smp_load_int(&d->inflight) > 0 || d->pool.nwaiters > 0;
}

static void door_free(struct door *d)
{
	if (d->mode != DOOR_MIGRATE)
		handoff_pool_stop(d);
	act_pool_fini(&d->pool);
	if (d->events)
		notify_unbind(d->events); /* may free the object */
	struct domain *server = d->server;
	uint32_t gen = d->gen + 1;
	memset(d, 0, sizeof *d);
	d->gen = gen;
	domain_unref(server); /* last: it may reclaim a dead server's slot */
}

void door_ref(struct door *d)
{
	d->nhandles++;
	/* A DOOR_F_UNREF_MULTI door is re-armed by a new reference once its
	 * notification was delivered. */
	if (d->nhandles > 1 && (d->unref == DOOR_UNREF_DEFERRED ||
				(d->unref == DOOR_UNREF_DELIVERED && (d->flags & DOOR_F_UNREF_MULTI))))
		d->unref = DOOR_UNREF_NONE;
}

enum door_settled door_unref_handle(struct door *d)
{
	/* A revoked door is never reported unreferenced (§6). */
	bool defer = d->nhandles == 2 && (d->flags & DOOR_F_UNREF) && d->state == DOOR_LIVE &&
		     (d->unref == DOOR_UNREF_NONE ||
		      (d->unref == DOOR_UNREF_DELIVERED && (d->flags & DOOR_F_UNREF_MULTI)));
	/* The door fast path's return on another hart counts a call ended
	 * without the settling below as long as the door has handles and no
	 * unreference deferred (trap.S): a change that ends that, the last
	 * handle gone or an unreference deferred, is made with the other harts
	 * stopped, so that each such return comes wholly before it (its
	 * inflight - 1 seen by the settling) or sees it (kern/smp.h). The
	 * stop also keeps a fast call from taking a door whose last handle it
	 * read just before the close: it has its inflight counted first. */
	if (defer || d->nhandles == 1)
		smp_stop_others();
	d->nhandles--;
	if (defer)
		d->unref = DOOR_UNREF_DEFERRED;
	return door_settle(d);
}

/* Wake the server thread blocked in SYS_DOOR_UNREF_WAIT with status (0:
 * the notification; HE_REVOKED: it will never come). */
static void unref_waiter_wake(struct door *d, int status)
{
	struct thread *w = d->unref_waiter;
	if (!w)
		return;
	d->unref_waiter = NULL;
	w->wait.status = status;
	thread_wake(w);
}

/* Out of line on purpose: the inline door_call_ended calls it only when the
 * count change matters. */
__attribute__((noinline)) enum door_settled door_settle(struct door *d)
{
	if (door_busy(d))
		return DOOR_KEPT;
	if (d->nhandles == 0) {
		unref_waiter_wake(d, HE_REVOKED);
		door_free(d);
		return DOOR_FREED;
	}
	if (d->unref == DOOR_UNREF_DEFERRED) {
		d->unref = DOOR_UNREF_PENDING;
		/* Delivered here, whatever made the count drop: a close, a
		 * domain's death, a handle moved away, the last call ending --
		 * to the waiter and the bound notification alike. */
		bool bound = d->unref_bits != 0;
		if ((d->unref_waiter || bound) && door_unref_take(d)) {
			unref_waiter_wake(d, 0);
			if (bound)
				notify_signal(d->events, d->unref_bits);
		}
		return DOOR_UNREFERENCED;
	}
	return DOOR_KEPT;
}



int door_revoke(struct door *d, struct thread *woken[MAX_THREADS])
{
	if (d->state != DOOR_LIVE)
		return 0;
	/* The door fast path reads the state without the lock: a call on
	 * another hart comes wholly before the revocation (a call in flight)
	 * or sees it (kern/smp.h). */
	smp_stop_others();
	/* A revoked door is never reported unreferenced: a waiter is told so,
	 * and an unreference deferred or pending but not yet taken is dropped
	 * (nothing may signal it later, to a waiter or a bound notification). */
	unref_waiter_wake(d, HE_REVOKED);
	if (d->unref != DOOR_UNREF_DELIVERED)
		d->unref = DOOR_UNREF_NONE;
	d->state = DOOR_REVOKED;
	int n = act_drain_waiters(&d->pool, HE_REVOKED, woken);
	door_settle(d);
	return n;
}

bool door_unref_take(struct door *d)
{
	if (d->unref != DOOR_UNREF_PENDING)
		return false;
	d->unref = DOOR_UNREF_DELIVERED;
	return true;
}

int door_bind_notify(struct door *d, struct notify *n, uint64_t unref_bits, uint64_t cancel_bits)
{
	if ((unref_bits | cancel_bits) & ~NOTIFY_BITS_ALL)
		return HE_INVAL;
	if (unref_bits && !(d->flags & DOOR_F_UNREF))
		return HE_INVAL;
	if (!unref_bits && !cancel_bits)
		n = NULL;
	if (n)
		notify_bind(n); /* first: rebinding to the same object must not free it */
	if (d->events)
		notify_unbind(d->events);
	d->events = n;
	d->unref_bits = unref_bits;
	d->cancel_bits = cancel_bits;
	/* Unreferenced before the binding and not yet taken: no event lost. */
	if (unref_bits && door_unref_take(d))
		notify_signal(n, unref_bits);
	return 0;
}

void door_call_cancelled(struct door *d)
{
	if (d->cancel_bits)
		notify_signal(d->events, d->cancel_bits);
}

int door_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_DOORS; i++)
		if (doors[i].state != DOOR_FREE)
			n++;
	return n;
}

void door_unref_wait_cancel(struct thread *t, long status)
{
	if (t->wait.kind != WAIT_UNREF || !wait_pending(t))
		return;
	struct door *d = t->wait.obj;
	d->unref_waiter = NULL;
	t->wait.status = status;
}

int door_id(const struct door *d)
{
	return (int)(d - doors);
}
