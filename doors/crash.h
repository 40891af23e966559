/* The crash rules (doors/crash.c, doors/SEMANTICS.md §11 and §12). Besides
 * kern/ipc.h's entry points, the door paths use one of them directly. */
#ifndef DOORS_CRASH_H
#define DOORS_CRASH_H

#include <stdbool.h>

struct thread;

/* The domain t runs in died under it (t had migrated into it by a door
 * call), or the caller it returns to is dead: pop t's shuttle down to the
 * nearest hop that runs in a live domain, whose door_call then returns
 * HE_DEAD naming the dead domain above it; a wait for an activation or a
 * mutex in the dead domain ends. The activations of the popped hops are
 * released. Returns false if no live hop is left (t must die). */
bool door_unwind(struct thread *t);

/* t (no orphan) has begun its call out of its home, and its caller cancels
 * it (doors/cancel.h): t's hops above 0 go on as an orphan, as after a
 * split (SEMANTICS §11, §20), and a new thread object takes over hop 0 and
 * t's identity, resuming with HE_CANCELLED. Returns false, with nothing
 * changed, if no thread or schedctx is free. */
bool chain_cancel(struct thread *t);

#endif
