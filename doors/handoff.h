/* Handoff doors: the comparison baselines of migrating threads.
 *
 * A door created with DOOR_F_HANDOFF or DOOR_F_HANDOFF_PI does not move the
 * caller into the server. Each of its activations has its own server thread
 * (act->server), created with the door in the server domain on a schedctx of
 * the pool's priority (door_pool_desc.prio), and a call is handed to that
 * thread: the caller blocks until the reply, the server thread runs the
 * entry (same registers, stack and buffer as a migrate call) and its
 * SYS_DOOR_RETURN wakes the caller. The CPU goes straight from one to the
 * other when priorities allow (thread_switch_to: Solaris doors, L4's direct
 * switch). HANDOFF_PI adds QNX-style inheritance: while serving, the server
 * thread runs at least at its caller's effective priority (activation.h).
 *
 * Everything on the caller's side is the migrate machinery unchanged: a
 * caller holds the activation exactly like a migrate caller (a frame of its
 * shuttle names it, act->holder == the caller), so HE_DEPTH, the waiter
 * queue, hand-over, revocation and the caller's crash rules apply as they
 * are. Only the frame is never entered: the top frame of a thread is a
 * handoff call iff that thread is blocked on it (or about to hand it over).
 *
 * A server thread s (s->handoff_act = its activation a):
 *   waiting:  BLOCKED, !s->serving. a is FREE (pool.idle_mask), or held by a
 *             caller that has not handed its call over yet.
 *   serving:  s->serving; a is BUSY. a->holder is the caller (blocked, its
 *             wait: WAIT_REPLY on a), or NULL once the caller is gone
 *             (the call is cancelled: SYS_DOOR_CANCELLED = 1, results
 *             discarded). The activation stays busy until s returns.
 * s ends with its door (freed: handoff_pool_stop marks it, the reaper ends
 * it) or its domain (death). */
#ifndef DOORS_HANDOFF_H
#define DOORS_HANDOFF_H

#include <stdbool.h>
#include <stdint.h>
#include <hinge/door.h>
#include "doors/activation.h"

struct door;
struct thread;
struct shuttle_frame;
struct door_return_plan;

/* Give each activation of the new handoff door d its server thread, waiting,
 * at priority prio. Returns 0, or HE_NOMEM (thread or schedctx pool
 * exhausted) with every thread it had created gone again. */
int handoff_pool_start(struct door *d, int prio);

/* d is being freed (no call in progress): its server threads leave their
 * activations and are marked to end (thread_end_later), never ended here:
 * a door is freed inside other operations (a handle closed or moved, a
 * call's return), which must not have a thread's teardown run under them.
 * One that is the current thread (its return freed the door) switches out
 * for good on its return path. */
void handoff_pool_stop(struct door *d);

/* Take an idle activation of a handoff pool for t's next call (t's shuttle
 * has room): held by t, frame pushed, as act_take_free does for migrate
 * pools. NULL when none is idle (nothing changed). */
struct activation *handoff_take(struct actpool *pool, struct thread *t);

/* The server thread s starts serving the call held by its activation's
 * holder (the caller has set up s's registers): s->serving, and with
 * HANDOFF_PI the REPLY edge caller -> s of kern/inherit.h (s inherits the
 * caller's priority, transitively, until the call ends). */
void handoff_serve(struct thread *s);

/* A chain split (doors/SEMANTICS.md §11) gives the hops of server thread
 * `from` up to a live caller hop to the new thread object `to`, hop 0 (the
 * served call's entry) included: `to` becomes the activation's server thread
 * (serving, and the target of the caller's REPLY edge); `from` goes on as a
 * plain orphan. No-op if `from` is no server thread. */
void handoff_adopt(struct thread *from, struct thread *to);
/* The server thread s is done with its call (returned, or died): it waits
 * again. If the caller is still there, its frame is popped as by
 * door_return_finish (results are the caller of this function's business)
 * and the caller is returned; else NULL. The activation is released in
 * both cases: handed to the first waiter (out->woken), or idle again, with
 * the door settled (it may be freed). Boosts follow. */
struct thread *handoff_finish(struct thread *s, struct door_return_plan *out);

/* door_frame_release for a frame of a handoff call: if the server thread is
 * serving it, the caller just leaves (holder = NULL; the call is cancelled
 * and the server thread releases the activation when it returns); else the
 * activation is released now (hand-over or idle, door settled). */
void handoff_frame_release(const struct shuttle_frame *f, struct door_return_plan *out);

/* t is a server thread whose caller is gone (SYS_DOOR_CANCELLED). */
bool handoff_cancelled(const struct thread *t);

/* t's top frame is a handoff call (t waits for its reply, or is about to
 * hand it over). */
bool handoff_pending(const struct thread *t);

/* Idle server threads and activations (leak checks in unit tests). */
int handoff_idle_count(const struct door *d);


/* ---- the machine half: registers, copies, the switch ---- */
struct door_call_plan;
struct xcall;
struct trapframe;

/* Hand the call t has begun through a handoff door (plan; ACQ_HANDOFF) to
 * the activation's server thread and wait for the reply. w: the argument
 * words; xc: the bulk part (checked), or NULL. The server thread starts
 * exactly as a migrate call's server hop would (SEMANTICS §2): a fresh
 * frame, every register zero but the declared ones, FPU off. Returns when
 * the call is over, with the outcome in t->tf (a0 = 0 or HE_*, results),
 * which may be an older frame if t was sent back meanwhile. */
void handoff_call(struct thread *t, const struct door_call_plan *plan, const uint64_t w[DOOR_NWORDS],
			 struct xcall *xc);

/* SYS_DOOR_RETURN of a serving server thread s (tf: its frame): results to
 * the caller as a migrate return gives them (words, bytes into the caller's
 * rbuf), the caller woken (directly if priorities allow), and s waits for
 * the next call. Returns HE_INVAL (too many result bytes; s goes on), or,
 * once s is handed a new call, that call's cookie (a0 of the entry frame
 * handoff_call has set up). */
long handoff_return(struct thread *s, struct trapframe *tf);

/* The server thread s dies with its domain, or goes on as an orphan whose
 * server domain died: s leaves its activation, and a call it serves ends
 * for its caller with HE_DEAD (the caller's wait too). s leaves first, so
 * that a door freed by the call's end does not count s among its server
 * threads. */
void handoff_server_gone(struct thread *s);

#endif
