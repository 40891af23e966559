/* Threads and scheduling contexts.
 *
 * A thread is the unit that runs; a scheduling context (schedctx) is what it
 * runs *on*: a base priority and a CPU budget per period. They are separate
 * objects because a door call moves the thread (and with it its schedctx)
 * across domains: the server's code runs on the caller's schedctx.
 *
 * Life cycle of a thread (state field):
 *   THREAD_FREE -> thread_create -> THREAD_RUNNABLE <-> THREAD_RUNNING
 *   RUNNING -> (sleep) SLEEPING -> (timer) RUNNABLE
 *   RUNNING -> (wait for an object) BLOCKED -> (wake) RUNNABLE
 *   any -> thread_kill -> THREAD_DEAD -> THREAD_FREE: a switched-out thread is
 *   reaped at once; the running one by the scheduler loop, off its own
 *   kernel stack
 *   any -> thread_end_later -> THREAD_DEAD -> (reaper) THREAD_FREE: marked
 *   from inside another operation, reaped at the next safe point
 * Invariant: a thread is on a run queue iff state == THREAD_RUNNABLE. */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <stdint.h>
#include <stdbool.h>
#include <limits.h>
#include "config.h"
#include "arch.h"
#include "kern/ipc.h"

struct domain;
struct mutex;

enum thread_state {
	THREAD_FREE = 0,
	THREAD_RUNNABLE,
	THREAD_RUNNING,
	THREAD_SLEEPING,
	THREAD_BLOCKED,
	THREAD_DEAD,      /* ended: off every queue, waiting for the reaper (thread_reap_dead) */
};

enum schedctx_state { SC_FREE = 0, SC_ACTIVE, SC_THROTTLED };

/* Which scheduler list a thread's rq_next/rq_prev currently link it into
 * (maintained by runqueue.c and sched.c only). Needed because a BLOCKED thread
 * may be waiting either on an object (SQ_NONE) or for its schedctx's budget to
 * be replenished (SQ_THROTTLED), and the two must be told apart on wake/kill. */
enum sched_queue { SQ_NONE = 0, SQ_RUN, SQ_SLEEP, SQ_THROTTLED };

struct schedctx {
	enum schedctx_state state;
	int prio;              /* base priority, 0..NPRIO-1 */
	uint64_t budget;       /* ticks of CPU per period; 0 = unlimited */
	uint64_t period;       /* ticks */
	uint64_t remaining;    /* budget left in the current period */
	uint64_t replenish_at; /* tick at which remaining is refilled */
	uint64_t consumed;     /* total ticks charged to this context */
};

/* What a blocked thread waits for: one record per thread (t->wait), like
 * seL4's blockingObject or xv6's chan. A wait is open from the system call
 * that begins it (kind set, status WAIT_PENDING) until that call takes its
 * outcome and closes it (kind back to WAIT_NONE); whoever ends the wait
 * meanwhile -- the object's owner, a cancel, the crash rules -- only sets
 * status, so the waiter always finds out why it ran again. A thread waits
 * for one thing at a time.
 *
 *   kind             obj                  queued (next)          ended by -> status
 *   WAIT_NONE        -                    -                      -
 *   WAIT_ACTIVATION  struct actpool *     pool->waiters, by      act_hand_over -> 0 (call begun);
 *                                         priority (waitq.h)     door_revoke -> HE_REVOKED; a cancel
 *                                                                -> HE_DEAD / HE_CANCELLED
 *   WAIT_REPLY       struct activation *  - (a->holder is t;     handoff_return -> 0; server thread
 *                    of a handoff call    a->server replies)     gone or crash rules -> HE_DEAD
 *   WAIT_NOTIFY      struct notify *      n->waiters, FIFO;      notify_signal -> the bits (> 0); last
 *                                         mask: the bits         handle closed -> HE_BADHANDLE;
 *                                                                notify_cancel -> HE_DEAD
 *   WAIT_MUTEX       struct mutex *       m->waiters, by         unlock -> 0; holder died ->
 *                                         priority (waitq.h)     MUTEX_OWNERDEAD; last handle closed
 *                                                                -> HE_BADHANDLE; a cancel -> HE_DEAD
 *   WAIT_SEMA        struct sema *        s->waiters, by         post -> 0 (handed a unit); last
 *                                         priority (waitq.h)     handle closed -> HE_BADHANDLE; a
 *                                                                cancel -> HE_DEAD
 *   WAIT_UNREF       struct door *        door->unref_waiter     door_settle -> 0; revoked or freed
 *                                                                -> HE_REVOKED; a cancel -> HE_DEAD
 *   WAIT_DEATH       struct domain *      the supervisor's       supervisor_notify -> 0; a cancel
 *                    (the supervisor)     waiter (supervisor.c)  -> HE_DEAD
 *
 * obj is valid while the wait is pending, and a WAIT_NOTIFY's until it is
 * closed (the thread's part in the object, nthreads, keeps it). Priority
 * inheritance (kern/inherit.h) follows the pending wait: its POOL, MUTEX
 * and REPLY edges start at WAIT_ACTIVATION, WAIT_MUTEX and WAIT_REPLY. */
enum wait_kind {
	WAIT_NONE = 0,
	WAIT_ACTIVATION,
	WAIT_REPLY,
	WAIT_NOTIFY,
	WAIT_MUTEX,
	WAIT_SEMA,
	WAIT_UNREF,
	WAIT_DEATH,
};

/* wait.status while nobody has ended the wait. Outcomes are 0, HE_* codes
 * (small negatives, ints), MUTEX_OWNERDEAD or notification bits (positive,
 * bit 63 clear): this value is none of them. (INT_MIN rather than LONG_MIN:
 * one instruction to make, on the handoff call path.) */
#define WAIT_PENDING ((long)INT_MIN)

struct wait {
	enum wait_kind kind;
	void *obj;                 /* what the thread waits on (table) */
	long status;               /* WAIT_PENDING, then the outcome (table) */
	struct thread *next;       /* next in obj's waiter queue, if it has one */
	uint64_t mask;             /* WAIT_NOTIFY: the bits the wait is for */
};

struct thread {
	int id;                    /* index in the thread pool; stable for life */
	int uid;                   /* the id user space sees (SYS_SELF): a chain split
				      (doors/SEMANTICS.md §11) hands it to the thread
				      object that resumes the caller */
	bool orphan;               /* runs work whose caller died (split off a chain):
				      not counted in its home's threads, ends at the
				      bottom of its shuttle */
	enum thread_state state;
	struct schedctx *sc;       /* owned scheduling context */
	int inherited_prio;        /* priority-inheritance boost, -1 when none */
	int prio;                  /* effective: max(sc->prio, inherited_prio); the run queue's key */
	int slice_left;            /* ticks left in the round-robin slice */
	uint64_t wake_tick;        /* valid while SLEEPING */
	struct thread *rq_next;    /* run queue or sleep queue link */
	struct thread *rq_prev;
	enum sched_queue queue;    /* list rq_next/rq_prev belong to (added for sched.c) */

	struct domain *home;       /* domain the thread was created in (an orphan's: the
				      domain above its dead base); holds a reference on it */
	struct domain *cur;        /* domain whose code the thread runs now */
	struct trapframe *tf;      /* user state of the current hop: &frames[shuttle.depth] */

	/* Door calls (doors/). */
	struct shuttle shuttle;    /* return points of the door calls the thread is in */
	struct activation *handoff_act; /* a handoff door's server thread (doors/handoff.h): the
				      activation it serves; NULL for every other thread */
	bool serving;              /* server thread: running a call (else waiting for one) */

	struct wait wait;          /* what the thread waits for (table above) */

	/* Kernel mutexes (kern/mutex.h). */
	struct mutex *mutexes_held;/* mutexes the thread holds, linked by mutex->held_next */

	/* Priority inheritance (kern/inherit.h): the REPLY edge of a handoff
	 * call. reply_from is the server thread whose reply this thread waits
	 * for; reply_waiters lists the threads waiting for this one's reply,
	 * linked by reply_next. */
	struct thread *reply_from;
	struct thread *reply_waiters;
	struct thread *reply_next;

	struct kcontext kctx;      /* kernel registers while switched out */
	uintptr_t kstack_top;

	/* Last, so that the fields above stay within a load's 12-bit offset. */
	struct trapframe frames[SHUTTLE_MAX_DEPTH + 1]; /* per hop; hop 0 = home domain;
							   each with its lazy FP state */
};

/* t begins a wait of kind on obj: pending until someone ends it. (next is
 * the queue's to set, if obj has one.) */
static inline void wait_begin(struct thread *t, enum wait_kind kind, void *obj)
{
	t->wait.kind = kind;
	t->wait.obj = obj;
	t->wait.status = WAIT_PENDING;
}

/* t's wait is open and nobody has ended it yet. (A closed record is never
 * pending: a wait closes only once ended.) */
static inline bool wait_pending(const struct thread *t)
{
	return t->wait.status == WAIT_PENDING;
}

/* The waiter has taken its wait's outcome: the record closes (the outcome
 * stays readable in status; obj means nothing any more). Returns the
 * outcome. */
static inline long wait_close(struct thread *t)
{
	t->wait.kind = WAIT_NONE;
	return t->wait.status;
}

/* Create a thread in domain d that enters user mode at entry with sp and
 * a0 = arg, on a new scheduling context of priority prio. On failure returns
 * NULL and sets *err (HE_NOMEM: thread or schedctx pool empty; HE_INVAL: bad
 * priority). */
struct thread *thread_create(struct domain *d, uintptr_t entry, uintptr_t sp,
			     int prio, uint64_t arg, int *err);
/* Create a server thread of a handoff door (doors/handoff.h) in domain d on
 * a new scheduling context of priority prio: BLOCKED until a call hands it
 * the CPU, counted in d's threads and its pool threads. It enters user mode
 * at whatever frames[0] holds when it first runs. NULL with *err as
 * thread_create. */
struct thread *thread_create_waiting(struct domain *d, int prio, int *err);
struct thread *thread_by_id(int id);
/* The thread user space knows as uid (SYS_SELF), if it has not ended. */
struct thread *thread_by_uid(int uid);
int thread_live_count(void);

/* Give up the CPU: the caller has set its state (RUNNABLE, SLEEPING, BLOCKED
 * or DEAD) and queued itself where it belongs. Returns when run again (never
 * for DEAD). */
void thread_switch_out(void);
void thread_yield(void);
void thread_sleep_until(uint64_t tick);
/* End t now: a switched-out thread is reaped at once; if t is the current
 * thread this does not return (the scheduler loop reaps it). For the
 * operation whose purpose is to end threads (exit, domain_kill). */
void thread_kill(struct thread *t);
/* Mark t to end (THREAD_DEAD, off every queue) without touching anything
 * else it holds: for code inside another operation (a door freed by a
 * closed handle ends its server threads), which must not have a whole
 * thread's teardown run under it. The reaper ends t at the next safe point.
 * t may be the current thread: it must then switch out (it never runs
 * again). No-op on a thread already dead. */
void thread_end_later(struct thread *t);
/* The reaper: end every thread marked dead. Called only where no operation
 * is in progress: the scheduler loop (after every switch back to it) and a
 * leak check before it counts (SYS_KCOUNTS). */
void thread_reap_dead(void);
/* t's wait (t->wait) ends with status, whatever it waits for (t is killed,
 * or sent back out of the domain it waits in): it leaves the object's queue
 * and the boosts it caused are dropped; t is not woken. The one place that
 * knows every kind of wait. A wait already ended keeps its outcome, but for
 * a door call's (WAIT_ACTIVATION handed its activation, WAIT_REPLY): that
 * call is undone with the wait, which reports status; and a WAIT_NOTIFY is
 * always given up (notify_cancel). No-op on WAIT_NONE. */
void thread_wait_cancel(struct thread *t, long status);
/* The current thread t blocks until its wait is no longer pending (a wake
 * that did not end it, e.g. the crash rules', blocks it again). */
void thread_wait_block(struct thread *t);
/* Wake a BLOCKED thread (it becomes RUNNABLE). */
void thread_wake(struct thread *t);
/* Direct switch (handoff door calls and replies): the current thread has
 * blocked itself, and next (BLOCKED) is what it waits for or what waited for
 * it. If next's priority is at least that of every runnable thread, it runs
 * at once, without the scheduler loop's run-queue scan; otherwise it is made
 * runnable and the scheduler picks. Returns when the current thread runs
 * again. */
void thread_switch_to(struct thread *next);
/* Split t's chain (doors/SEMANTICS.md §11): a new thread object takes t's
 * user-visible id, its scheduling context, its frames 0..hop and its shuttle
 * frames below hop, and is made runnable at frame `hop`; t keeps everything
 * else, with a new scheduling context at priority orphan_prio. Returns the
 * new thread, or NULL (nothing changed) when the thread or schedctx pool is
 * empty. The caller fixes up shuttle frames, activations and registers. */
struct thread *thread_split(struct thread *t, int hop, int orphan_prio);

/* t's home becomes home (an orphan's, after a split): the home reference
 * (kern/domain.h) moves with it; the old home may be reclaimed. */
void thread_rehome(struct thread *t, struct domain *home);

/* Priority inheritance: set t's inherited priority (-1 = none). */
void thread_set_inherited(struct thread *t, int prio);

/* Switch the current thread out if the scheduler asked for it (a better
 * thread is runnable, or its slice is over); it stays RUNNING, so it is
 * requeued. Returns whether it switched. After a false, the thread reaches
 * user mode without switching, unless the kernel code on the way makes
 * another thread runnable (kernel code is not preempted). */
bool thread_preempt_point(void);

/* Leave the kernel for the current thread's user context, switching first if
 * the scheduler asked for it (thread_preempt_point). Called at the end of
 * every trap. */
void thread_return_to_user(void) __attribute__((noreturn));

/* The per-hart scheduler loop; never returns. */
void scheduler_run(void) __attribute__((noreturn));

#endif
