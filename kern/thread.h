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
 * Invariant: a thread is on a run queue iff state == THREAD_RUNNABLE. */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <stdint.h>
#include <stdbool.h>
#include "config.h"
#include "arch.h"
#include "kern/ipc.h"

struct domain;
struct actpool;
struct notify;
struct mutex;

enum thread_state {
	THREAD_FREE = 0,
	THREAD_RUNNABLE,
	THREAD_RUNNING,
	THREAD_SLEEPING,
	THREAD_BLOCKED,
	THREAD_DEAD,
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

struct thread {
	int id;                    /* index in the thread pool; stable for life */
	int uid;                   /* the id user space sees (SYS_SELF): a chain split
				      (doors/SEMANTICS.md §8) hands it to the thread
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
	struct actpool *waiting_on;/* pool whose waiter queue holds the thread; NULL if none */
	struct thread *wait_next;  /* next in the queue of waiting_on or mutex_wait (highest prio
				      first); valid while the thread waits on one of them */
	int door_status;           /* outcome of an activation wait: ACQ_QUEUED while waiting,
				      0 once granted (call begun), or the HE_* code that ended it;
				      HANDOFF_PENDING while waiting for a handoff server's reply */
	struct activation *handoff_act; /* a handoff door's server thread (doors/handoff.h): the
				      activation it serves; NULL for every other thread */
	bool serving;              /* server thread: running a call (else waiting for one) */

	/* Notification wait (kern/notify.h). */
	struct notify *notify_on;  /* object of the SYS_NOTIFY_WAIT in progress (queued, or
				      woken and not yet back in user mode); NULL if none */
	struct thread *notify_next;/* next waiter of notify_on, FIFO; valid while queued */
	uint64_t notify_mask;      /* the bits the wait is for */
	long notify_result;        /* NOTIFY_QUEUED while queued, then the bits handed
				      over (> 0) or the HE_* code that ended the wait */

	/* Kernel mutexes (kern/mutex.h). */
	struct mutex *mutex_wait;  /* mutex whose waiter queue holds the thread; NULL if none */
	int mutex_status;          /* outcome of a mutex wait: MUTEX_QUEUED while waiting, then
				      0, MUTEX_OWNERDEAD or the HE_* code that ended it */
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
int thread_live_count(void);

/* Give up the CPU: the caller has set its state (RUNNABLE, SLEEPING, BLOCKED
 * or DEAD) and queued itself where it belongs. Returns when run again (never
 * for DEAD). */
void thread_switch_out(void);
void thread_yield(void);
void thread_sleep_until(uint64_t tick);
/* Mark t dead; if t is the current thread this does not return. */
void thread_kill(struct thread *t);
/* Wake a BLOCKED thread (it becomes RUNNABLE). */
void thread_wake(struct thread *t);
/* Direct switch (handoff door calls and replies): the current thread has
 * blocked itself, and next (BLOCKED) is what it waits for or what waited for
 * it. If next's priority is at least that of every runnable thread, it runs
 * at once, without the scheduler loop's run-queue scan; otherwise it is made
 * runnable and the scheduler picks. Returns when the current thread runs
 * again. */
void thread_switch_to(struct thread *next);
/* Split t's chain (doors/SEMANTICS.md §8): a new thread object takes t's
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
