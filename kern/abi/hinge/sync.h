/* Notification objects, memory objects, mutexes and semaphores as user space sees them:
 * their flags and rights. Shared by kernel and user space; the rules are in
 * docs/syscalls.md (and doors/SEMANTICS.md where doors use them).
 *
 * Handles to these objects live in the same per-domain handle table as door
 * handles (hinge/handle.h has the rights of every type, among them the common
 * H_DUP and H_XFER). */
#ifndef HINGE_SYNC_H
#define HINGE_SYNC_H

#include <stdint.h>
#include <hinge/handle.h>

/* Notification objects (SYS_NOTIFY_*): a word of pending bits. Bit 63 is
 * reserved, so that every result of a wait or poll (the bits it took) is a
 * non-negative value, apart from the negative HE_* codes. */
#define NOTIFY_BITS_ALL  0x7fffffffffffffffULL  /* the bits a signal, wait or poll may name */

/* Memory objects (SYS_MEM_*). */
#define MEM_MAX_PAGES  64       /* largest memory object, in 4 KiB pages (256 KiB) */
#define MEM_PAGE_SIZE  4096     /* the granule of size and mapping addresses */
/* Permissions of a mapping (SYS_MEM_MAP). Never executable. */
#define MEM_R    (1u << 0)  /* readable (needs H_MAP) */
#define MEM_W    (1u << 1)  /* writable (needs H_MAP_W; always together with MEM_R) */
#define MEM_ALL  (MEM_R | MEM_W)

/* Mutex flags (SYS_MUTEX_CREATE). */
#define MUTEX_F_PI    (1u << 0)  /* a waiter lends its priority to the holder (transitively) */
#define MUTEX_F_ALL   (MUTEX_F_PI)

/* SYS_MUTEX_LOCK's result when the caller now holds a mutex whose previous
 * holder died holding it (robust mutex: the data it guards may be
 * inconsistent). Positive: the lock is held, as with 0. */
#define MUTEX_OWNERDEAD 1

/* SYS_MUTEX_LOCK's a1: HE_AGAIN at once, instead of waiting, when another
 * thread holds the mutex (mutex_trylock). */
#define MUTEX_LOCK_TRY  (1u << 0)

/* Semaphores (SYS_SEMA_*): the largest count, at creation or by posts. */
#define SEMA_COUNT_MAX  0x7fffffffu

#endif
