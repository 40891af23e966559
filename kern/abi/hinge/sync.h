/* Notification objects, memory objects and mutexes as user space sees them:
 * their flags and rights. Shared by kernel and user space; the rules are in
 * docs/syscalls.md (and doors/SEMANTICS.md where doors use them).
 *
 * Handles to these objects live in the same per-domain handle table as door
 * handles (hinge/door.h has the rights common to every handle: H_DUP,
 * H_XFER). */
#ifndef HINGE_SYNC_H
#define HINGE_SYNC_H

#include <stdint.h>
#include <hinge/door.h>

/* Mutex flags (SYS_MUTEX_CREATE). */
#define MUTEX_F_PI    (1u << 0)  /* a waiter lends its priority to the holder (transitively) */
#define MUTEX_F_ALL   (MUTEX_F_PI)

/* SYS_MUTEX_LOCK's result when the caller now holds a mutex whose previous
 * holder died holding it (robust mutex: the data it guards may be
 * inconsistent). Positive: the lock is held, as with 0. */
#define MUTEX_OWNERDEAD 1

#endif
