/* Caller cancellation (doors/SEMANTICS.md §20): a thread of a domain, or the
 * supervisor, ends another thread's outstanding door call. The caller
 * resumes at once with HE_CANCELLED; a call that has begun goes on above it
 * as a cancelled orphan, as after a chain split (doors/crash.c). */
#ifndef DOORS_CANCEL_H
#define DOORS_CANCEL_H

#include <stdbool.h>

struct thread;
struct trapframe;

/* `by` cancels t's call out of its home. Checks, in this order:
 *   HE_PERM    by runs neither in t's home domain nor in the supervisor
 *   HE_INVAL   t is by itself (a thread cannot cancel the call it runs)
 *   HE_NOCALL  t is in no call its home waits for: at home, not waiting
 *              for an activation or a reply, or an orphan (whose calls are
 *              cancelled already), or its wait has already ended otherwise
 *   HE_NOMEM   the call has begun and no thread or schedctx is free for
 *              the split
 * and changes nothing when one fails. Returns 0: t's caller side holds
 * HE_CANCELLED (in its hop-0 frame) and runs again. */
int door_cancel(struct thread *by, struct thread *t);
/* Whether t is in a call its home waits for (door_cancel's HE_NOCALL is its
 * negation). */
bool door_cancellable(const struct thread *t);
/* Cancel t's call (door_cancellable): 0, or HE_NOMEM (nothing changed). The
 * kernel's own cancellations (a scenario's injection) skip the rights. */
int door_cancel_call(struct thread *t);

/* SYS_DOOR_CANCEL: (thread id) -> 0; the errors of door_cancel, and HE_NOENT
 * for an id no live thread has. */
long sys_door_cancel(struct trapframe *tf);

#endif
