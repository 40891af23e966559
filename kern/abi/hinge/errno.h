/* Error codes returned by every Hinge system call (negative values in a0).
 *
 * Each code is defined once here and documented once, in docs/syscalls.md
 * (system calls) and doors/SEMANTICS.md (door rules). Shared by kernel and
 * user space. */
#ifndef HINGE_ERRNO_H
#define HINGE_ERRNO_H

#define HE_OK        0
#define HE_FAULT    -2   /* a user pointer is unmapped, not user-accessible, or lacks the needed permission */
#define HE_INVAL    -3   /* an argument is out of range (flags, priority, size, alignment) */
#define HE_NOMEM    -4   /* a kernel pool or the page allocator is exhausted */
#define HE_PERM     -5   /* the caller lacks the right for this operation */
#define HE_NOENT    -6   /* the named object (program, published name) does not exist */

/* Doors and handles (rules in doors/SEMANTICS.md). */
#define HE_BADHANDLE -7  /* the handle is out of range, empty, or names another type of object */
#define HE_NOSPACE   -8  /* the handle table has no free slot */
#define HE_REVOKED   -9  /* the door has been revoked */
#define HE_AGAIN    -10  /* no activation is free and the call asked not to wait; a semaphore trywait at 0 */
#define HE_DEPTH    -11  /* the thread is already SHUTTLE_MAX_DEPTH door calls deep */
#define HE_DEAD     -12  /* the door's server domain is dead, or died during the call */
#define HE_NOCALL   -13  /* door_return without a door call to return from */
#define HE_STALE    -14  /* the door's server domain has been restarted: the handle names its old incarnation */

/* Mutexes (hinge/sync.h). */
#define HE_DEADLK   -15  /* the calling thread already holds the mutex it asks for */

/* Crash rules (doors/SEMANTICS.md §11). */
#define HE_CANCELLED -16 /* the call was abandoned: nobody waits for its result (the caller's side of the chain died, or the caller's domain cancelled it) */

/* Door parameters and attributes (doors/SEMANTICS.md §17). */
#define HE_NOTSUP   -17  /* the call passes handles to a door made with DOOR_F_REFUSE_DESC */
#define HE_NOBUFS   -18  /* the call's bulk data size is outside the door's DOOR_PARAM_DATA_MIN..DATA_MAX */
#define HE_TOOMANY  -19  /* the call passes more handles than the door's DOOR_PARAM_DESC_MAX */

/* Time (doors/SEMANTICS.md §19). */
#define HE_TIMEDOUT  -20 /* the call's deadline passed while it waited for an activation: it never ran */

/* Semaphores (hinge/sync.h) and result buffers (doors/SEMANTICS.md §17). */
#define HE_OVERFLOW  -21 /* a post would take a semaphore's count above SEMA_COUNT_MAX; results larger
			    than rsize found no result buffer to map (DOOR_CALL_RBUF) */

#endif
