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

#endif
