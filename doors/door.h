/* Doors: kernel objects naming an entry point in a server domain.
 *
 * A door carries the server's entry address, a cookie the server chose (passed
 * to every call so one entry can serve many doors), flags, and the pool of
 * activations calls run on. Domains never name a door directly, only through
 * handles in their own handle table (kern/handle.h); the door counts those
 * handles (nhandles) and the calls that hold one of its activations
 * (inflight). Doors live in a system-wide table of MAX_DOORS.
 *
 * Life cycle (state field):
 *   DOOR_FREE    -- door_alloc  -->  DOOR_LIVE
 *   DOOR_LIVE    -- door_revoke -->  DOOR_REVOKED  (calls in flight finish;
 *                                    new calls and waiters get HE_REVOKED)
 *   LIVE/REVOKED -- door_settle, once nhandles == 0, inflight == 0 and no
 *                   waiter -->  DOOR_FREE  (activations returned, gen + 1)
 *
 * Unreferenced notification (Solaris DOOR_UNREF), only for DOOR_F_UNREF doors
 * and at most once per door (with DOOR_F_UNREF_MULTI, once per drop): when
 * the handle count drops to 1, the door becomes unreferenced as soon as no call is in progress (none in flight,
 * none waiting): it becomes pending, and door_unref_take() hands it to
 * whoever delivers the notification. If the count rises above 1 again before
 * the calls end, nothing happens.
 *
 * Unreference phase (unref field), one at a time:
 *   NONE      -- count drops to 1 (LIVE, DOOR_F_UNREF) -->  DEFERRED
 *   DEFERRED  -- count rises above 1                   -->  NONE
 *   DEFERRED  -- door_settle, no call in progress      -->  PENDING
 *   PENDING   -- door_unref_take                       -->  DELIVERED (final
 *                                                          unless MULTI)
 *   DEFERRED/PENDING -- door_revoke                    -->  NONE (dropped)
 *   DELIVERED -- count rises above 1, or drops to 1 (DOOR_F_UNREF_MULTI only)
 *                                                     -->  NONE, DEFERRED
 *
 * Event binding (SYS_DOOR_NOTIFY, doors/SEMANTICS.md §8): a door may name
 * one notification object (events) and two bit sets. At the moment the
 * unreferenced notification becomes pending, unref_bits are signalled on it
 * and the notification counts as delivered (a thread blocked in
 * SYS_DOOR_UNREF_WAIT at that moment returns too); when a call running in
 * the door is cancelled (door_call_cancelled), cancel_bits are. The door
 * holds a binding reference on the object (kern/notify.h) until it is
 * rebound, unbound or freed. Invariant: events != NULL iff unref_bits or
 * cancel_bits is non-zero. */
#ifndef DOORS_DOOR_H
#define DOORS_DOOR_H

#include <stdint.h>
#include <stdbool.h>
#include <hinge/door.h>
#include "kern/config.h"
#include "doors/activation.h"
#include "kern/ipc.h"

struct domain;
struct thread;
struct notify;

enum door_state { DOOR_FREE = 0, DOOR_LIVE, DOOR_REVOKED };

/* Where the door is on the way to its one unreferenced notification (see the
 * phase diagram above). NONE is 0: a freed (zeroed) door slot starts there. */
enum door_unref {
	DOOR_UNREF_NONE = 0,
	DOOR_UNREF_DEFERRED,  /* count dropped to 1: pending once no call is in progress */
	DOOR_UNREF_PENDING,   /* unreferenced, not yet taken for delivery */
	DOOR_UNREF_DELIVERED, /* taken: never again */
};

/* How a call reaches the server (values = DOOR_MODE_* of SYS_DOOR_INFO).
 * MIGRATE: the caller's thread runs the server's entry on an activation.
 * HANDOFF, HANDOFF_PI: the comparison baselines of doors/handoff.h, chosen
 * by DOOR_F_HANDOFF / DOOR_F_HANDOFF_PI; the migrate fast path never sees
 * them (their pools keep free_mask at 0). */
enum door_mode { DOOR_MIGRATE = DOOR_MODE_MIGRATE, DOOR_HANDOFF = DOOR_MODE_HANDOFF,
		 DOOR_HANDOFF_PI = DOOR_MODE_HANDOFF_PI };

struct door {
	enum door_state state;
	enum door_mode mode;
	struct domain *server;   /* domain whose code the door enters; the door holds a
				    reference on it (kern/domain.h), so it is never a reused slot */
	uintptr_t entry;         /* server entry point */
	uint64_t cookie;         /* server's value, passed to every call */
	uint32_t flags;          /* DOOR_F_* */
	uint64_t desc_max, data_max, data_min; /* DOOR_PARAM_*: bounds of a call's bulk part */
	uint32_t gen;            /* bumped each time the slot is freed (stale-reference checks) */
	int prio;                /* handoff modes: base priority of the server threads; 0 for migrate */
	int nhandles;            /* handles naming the door, in all tables */
	int inflight;            /* calls holding one of its activations */
	enum door_unref unref;   /* unreferenced-notification phase */
	struct actpool pool;
	struct thread *unref_waiter; /* server thread blocked in SYS_DOOR_UNREF_WAIT (its wait:
					WAIT_UNREF on this door, pending), or NULL */
	struct notify *events;   /* bound notification (SYS_DOOR_NOTIFY), or NULL */
	uint64_t unref_bits;     /* signalled on events when the door becomes unreferenced */
	uint64_t cancel_bits;    /* signalled on events when a call running in it is cancelled */
};

/* Create a door of server with the given entry, cookie, DOOR_F_* flags and
 * activation pool, with no handle yet (install one, or door_settle() frees
 * it). A handoff door (DOOR_F_HANDOFF or DOOR_F_HANDOFF_PI) also gets one
 * waiting server thread per activation (doors/handoff.h). Returns 0 and
 * *out, or: HE_INVAL (unknown flag, both handoff flags, entry outside user
 * space, bad pool description or priority: act_desc_check with
 * door_prio_range), HE_NOMEM (door table, activation table, or, for a
 * handoff door, thread or schedctx pool exhausted). Nothing is allocated on
 * error. */
int door_alloc(struct domain *server, uintptr_t entry, uint64_t cookie, uint32_t flags,
	       const struct door_pool_desc *desc, struct door **out);

/* The priorities a pool description may ask for its server threads, by the
 * door's flags: [0, 0] for a migrate door (no server threads), [0,
 * server->maxprio] for a handoff door. */
void door_prio_range(const struct domain *server, uint32_t flags, int *lo, int *hi);

/* door_ref (a handle to d was created) and door_unref_handle (one was
 * closed; then door_settle(d)) are declared in kern/ipc.h, for the handle
 * table. */


/* Apply the consequences of a count change: if no call is in progress, a
 * deferred unreference becomes pending (DOOR_UNREFERENCED) and a door without
 * handles is freed (DOOR_FREED: d must not be used again). */
enum door_settled door_settle(struct door *d);

/* A call took (inflight + 1) / gave back (inflight - 1, then door_settle) one
 * of d's activations. inflight is the one count the door fast path changes
 * too: atomic on several harts (kern/smp.h). */
static inline void door_call_started(struct door *d)
{
	smp_add(&d->inflight, 1);
}

/* After inflight - 1: true when door_settle would do nothing (the common
 * case of a return, checked inline on the fast path): a call or waiter is
 * still in progress, or the door has handles and no unreference pending. */
static inline bool door_call_end_is_quiet(const struct door *d)
{
	return smp_load_int(&d->inflight) > 0 || d->pool.nwaiters > 0 ||
	       (d->nhandles > 0 && d->unref != DOOR_UNREF_DEFERRED);
}

static inline enum door_settled door_call_ended(struct door *d)
{
	smp_add(&d->inflight, -1);
	return door_call_end_is_quiet(d) ? DOOR_KEPT : door_settle(d);
}

/* Revoke d: it becomes DOOR_REVOKED; calls in flight run to completion; every
 * waiter leaves the queue, its wait ended with HE_REVOKED, and is stored in
 * woken[] for the caller to wake. Returns the number of waiters. Revoking a
 * revoked door does nothing and returns 0. The door stays allocated while
 * handles name it or calls run (calls through those handles now fail with
 * HE_REVOKED); a revoked door with neither is freed at once (then d must not
 * be used again). */
int door_revoke(struct door *d, struct thread *woken[MAX_THREADS]);

/* If an unreferenced notification is pending, mark it delivered and return
 * true (the caller delivers it); else false. */
bool door_unref_take(struct door *d);

/* Bind d's events to n with the given bit sets (replacing any binding), or,
 * with both sets 0, unbind (n is not looked at). An unreferenced
 * notification already pending is signalled at once. Returns 0, or HE_INVAL
 * (bit 63 in a set, or unref_bits for a door without DOOR_F_UNREF); nothing
 * changes on error. */
int door_bind_notify(struct door *d, struct notify *n, uint64_t unref_bits, uint64_t cancel_bits);

/* A call running in d has been cancelled (its caller is gone: the thread
 * running it became an orphan, or a handoff call's caller left): signal
 * cancel_bits, if any are bound. */
void door_call_cancelled(struct door *d);

/* t's pending WAIT_UNREF (SYS_DOOR_UNREF_WAIT) ends with status: the door
 * no longer names t as its waiter. No-op if no such wait is pending. */
void door_unref_wait_cancel(struct thread *t, long status);

/* The door's index in the door table (names it in traces). */
int door_id(const struct door *d);

/* Doors not DOOR_FREE (live or revoked), for leak checks. */
int door_live_count(void);

#endif
