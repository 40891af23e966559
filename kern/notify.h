/* Notification objects: a word of pending bits that threads signal and wait
 * on (the "async" IPC model: signalling never blocks and carries no data;
 * the data travels through shared memory, kern/memobj.h).
 *
 * Bits are events, not counts: signalling a bit that is already pending
 * changes nothing. Bit 63 is reserved (NOTIFY_BITS_ALL in hinge/sync.h).
 *
 * Delivery rule. A waiter waits for any bit of its mask. Invariant between
 * operations: no queued waiter's mask meets the pending bits. So a signal
 * ORs its bits in and then, as long as some queued waiter's mask meets the
 * pending bits, hands the waiter of highest effective priority (t->prio at
 * that moment, so a priority inherited while it waits counts; FIFO among
 * equals) all pending bits of its mask, clears them and wakes it. Each
 * pending bit goes to one waiter at most: a signal of one bit wakes one
 * thread. A wait that finds a bit of its mask pending takes those bits at
 * once without blocking; a poll does the same and never blocks.
 *
 * A wait is on the object, not on the handle it named: closing that handle
 * does not end the wait while other handles to the object exist.
 *
 * Ends of a wait besides a signal:
 *   - the last handle to the object is closed (anywhere; also by a domain's
 *     death): nobody can signal any more, every queued waiter returns
 *     HE_BADHANDLE;
 *   - the waiting thread is killed, or sent back out of the dead domain it
 *     waited in (doors/SEMANTICS.md §11): it leaves the queue (notify_cancel).
 *     Bits it had been handed but not yet returned to user mode are given
 *     back to the object and delivered again, so no event is lost.
 *
 * Kernel bindings (SYS_DOOR_NOTIFY, doors/door.h): a door the kernel signals
 * this object for (unreferenced, cancelled call) holds a reference (nbinds)
 * so the pointer never dangles. A binding is not a handle: once the last
 * handle is closed the object is CLOSED although bound -- nobody can wait
 * for it any more, so the kernel's later signals to it are lost -- and it is
 * freed when the last binding goes (door freed, rebound or unbound).
 *
 * Life cycle (state field):
 *   NOTIFY_FREE -- notify_alloc --> NOTIFY_LIVE (no handle yet; install one
 *                                   or notify_settle frees it)
 *   NOTIFY_LIVE -- last handle closed --> NOTIFY_CLOSED (queued waiters
 *                                   woken with HE_BADHANDLE)
 *   LIVE/CLOSED -- notify_settle, once no handle, no thread in a wait
 *                  (nthreads == 0) and no binding (nbinds == 0) --> NOTIFY_FREE
 * Objects live in a fixed system-wide pool of MAX_NOTIFY; an empty pool is
 * HE_NOMEM. The waiter queue is linked through the threads: no allocation. */
#ifndef KERN_NOTIFY_H
#define KERN_NOTIFY_H

#include <stdint.h>
#include "config.h"

struct thread;

enum notify_state { NOTIFY_FREE = 0, NOTIFY_LIVE, NOTIFY_CLOSED };

struct notify {
	enum notify_state state;
	uint64_t pending;         /* bits signalled and not yet taken */
	int nhandles;             /* handles naming it, in all tables */
	int nthreads;             /* threads with an open WAIT_NOTIFY on this object */
	int nbinds;               /* doors bound to it (SYS_DOOR_NOTIFY) */
	struct thread *waiters;   /* queued waiters, oldest first (thread->wait.next) */
};

/* A new object, all bits clear, no handle yet. 0 and *out, or HE_NOMEM. */
int notify_alloc(struct notify **out);

/* A handle to n was created (install, dup, transfer) / closed. Closing the
 * last one wakes every queued waiter with HE_BADHANDLE and may free n. */
void notify_ref(struct notify *n);
void notify_unref_handle(struct notify *n);

/* A door was bound to n / its binding ended (the latter may free n). */
void notify_bind(struct notify *n);
void notify_unbind(struct notify *n);

/* Free n if nothing refers to it any more (no handle, no thread in a wait,
 * no binding). */
void notify_settle(struct notify *n);

/* OR bits (non-zero, within NOTIFY_BITS_ALL: checked by the caller) into n
 * and deliver them by the rule above; woken threads are made runnable. */
void notify_signal(struct notify *n, uint64_t bits);

/* Take the pending bits of mask (cleared in n); 0 when none is pending. */
uint64_t notify_take(struct notify *n, uint64_t mask);

/* Begin t's wait for a bit of mask: returns the bits taken at once (> 0,
 * and t is not queued), or 0: t is queued at the tail (t->wait: WAIT_NOTIFY
 * on n, pending) and must block until the wait ends; then it calls
 * notify_wait_end. */
uint64_t notify_wait_begin(struct notify *n, struct thread *t, uint64_t mask);

/* t's wait has ended: returns the bits it was handed or the HE_* code that
 * ended the wait, closes t's wait and drops t's part in the object (which
 * may free it). */
long notify_wait_end(struct thread *t);

/* t is killed or leaves the domain it waited in: it stops waiting (see the
 * rules above), its wait closed with HE_DEAD. No effect on a thread without
 * a WAIT_NOTIFY. */
void notify_cancel(struct thread *t);

/* Objects not NOTIFY_FREE, for leak checks. */
int notify_live_count(void);
/* n's index in the pool: its name in the trace. */
int notify_id(const struct notify *n);

#endif
