/* System call numbers and calling convention, shared by kernel and user space.
 *
 * Convention: `ecall` with the number in a7 and arguments in a0..a5. The
 * kernel returns a0 = result (>= 0) or a negative HE_* code (hinge/errno.h);
 * some calls return extra values in a1..a5. Every other register the caller
 * had is preserved, except that t0..t6 and a0..a7 may be clobbered.
 * An unknown number is a fault: the calling domain is killed like on an
 * illegal instruction (scause 8, stval = the number). */
#ifndef HINGE_SYSCALL_H
#define HINGE_SYSCALL_H

#define SYS_NULL           0  /* does nothing; returns 0 (the trap floor for benchmarks) */
#define SYS_WRITE          1  /* (buf, len) -> bytes written to the console */
#define SYS_EXIT           2  /* (status) -> does not return; ends the calling domain */
#define SYS_YIELD          3  /* () -> 0 */
#define SYS_THREAD_CREATE  4  /* (entry, sp, prio, arg) -> thread id */
#define SYS_THREAD_EXIT    5  /* () -> does not return; ends the calling thread */
#define SYS_SLEEP          6  /* (ticks) -> 0 */
#define SYS_CLOCK          7  /* () -> a0 = ticks since boot, a1 = timebase frequency (Hz) */
#define SYS_SELF           8  /* () -> a0 = thread id, a1 = effective priority, a2 = current domain id, a3 = base priority, a4 = its generation */
/* Doors (hinge/door.h has the argument layouts; docs/syscalls.md the rules). */
#define SYS_DOOR_CREATE    9  /* (entry, cookie, flags, struct door_pool_desc *) -> handle */
#define SYS_DOOR_CALL     10  /* (handle, w1..w5, a6 = call flags) -> a0 = status, a1..a5 = results, a6 = result bytes */
#define SYS_DOOR_RETURN   11  /* (-, r1..r5, a6 = result bytes in the activation buffer) -> resumes the caller */
#define SYS_DOOR_REVOKE   12  /* (handle) -> 0 */
#define SYS_DOOR_INFO     13  /* (handle, struct door_info *) -> 0 */
#define SYS_HANDLE_DUP    14  /* (handle, rights mask) -> new handle */
#define SYS_HANDLE_CLOSE  15  /* (handle) -> 0 */
#define SYS_DOOR_UNREF_WAIT 16 /* (handle of a door this domain serves) -> 0 once it is unreferenced, HE_REVOKED if it never will be */
#define SYS_NAME_PUBLISH  17  /* (handle with H_XFER, const char *name) -> 0: boot-time name registry */
#define SYS_NAME_LOOKUP   18  /* (const char *name) -> handle (H_CALL|H_INFO|H_DUP|H_XFER) */
#define SYS_KCOUNTS       19  /* (struct hinge_counts *) -> 0: live kernel objects, for leak checks */
#define SYS_BOOTFILE      20  /* (buf, len, offset) -> bytes copied from the boot file (manifest or scenario) */
#define SYS_DOOR_CANCELLED 21 /* () -> 1 if the caller of the current call is gone (its results will be discarded), else 0 */
#define SYS_DEATH_WAIT    22  /* (struct hinge_death *) -> 0 when a domain has died (supervisor only) */
#define SYS_DOMAIN_RESTART 23 /* (domain id) -> id of the new incarnation (supervisor only) */
#define SYS_DOMAIN_KILL   24  /* (domain id) -> 0: the domain dies, as if it had faulted (supervisor only) */
/* Notification objects and shared memory (hinge/sync.h): the "async" IPC model
 * and the kernel's own signals. */
#define SYS_NOTIFY_CREATE 25  /* () -> handle of a new notification object (a word of bits, all clear) */
#define SYS_NOTIFY_SIGNAL 26  /* (handle, bits) -> 0: OR bits in; never blocks */
#define SYS_NOTIFY_WAIT   27  /* (handle, mask) -> the pending bits of mask (then cleared); blocks until one is set */
#define SYS_NOTIFY_POLL   28  /* (handle, mask) -> as NOTIFY_WAIT but never blocks (0 = none pending) */
#define SYS_MEM_CREATE    29  /* (pages) -> handle of a new zeroed memory object */
#define SYS_MEM_MAP       30  /* (handle, user address, MEM_* permissions) -> 0: map the object there */
/* Kernel mutexes for server-internal locks (hinge/sync.h). */
#define SYS_MUTEX_CREATE  31  /* (MUTEX_F_* flags) -> handle of a new unlocked mutex */
#define SYS_MUTEX_LOCK    32  /* (handle, MUTEX_LOCK_TRY or 0) -> 0 once the calling thread holds it */
#define SYS_MUTEX_UNLOCK  33  /* (handle) -> 0 */
#define SYS_SET_PRIO      34  /* (prio) -> 0: the calling thread's base priority (its schedctx's) */
/* Door events on a notification object (doors/SEMANTICS.md §8). */
#define SYS_DOOR_NOTIFY   35  /* (door handle, notification handle, unref bits, cancel bits) -> 0: bind (both 0: unbind) */
/* Solaris door compatibility (docs/solaris-doors.md). */
#define SYS_DOOR_UCRED    36  /* (struct door_cred *) -> 0: who made the call the thread is serving */
#define SYS_NAME_UNPUBLISH 37 /* (const char *name) -> 0: the name is free again (its server only) */
#define SYS_DOOR_PARAM    38  /* (handle, DOOR_PARAM_*, DOOR_PARAM_GET/SET, value) -> 0, or the value (GET) in a1 */
/* Budgets (doors/SEMANTICS.md §18). */
#define SYS_SC_SET        39  /* (budget, period) -> 0: the calling thread's schedctx budget, within its domain's cap */
#define SYS_SC_INFO       40  /* () -> a0 = ticks consumed, a1 = budget, a2 = period, a3 = budget left in this period */
/* Caller cancellation (doors/SEMANTICS.md §20). */
#define SYS_DOOR_CANCEL   41  /* (thread id) -> 0: that thread's door call returns HE_CANCELLED now */
/* Kernel counting semaphores (hinge/sync.h). */
#define SYS_SEMA_CREATE   42  /* (count) -> handle of a new semaphore holding count units */
#define SYS_SEMA_WAIT     43  /* (handle) -> 0 once the calling thread has taken a unit */
#define SYS_SEMA_TRYWAIT  44  /* (handle) -> 0 if it took a unit, HE_AGAIN if none was free */
#define SYS_SEMA_POST     45  /* (handle) -> 0: a unit to the first waiter, or to the count */
#define SYS_DOOR_RBUF_FREE 46 /* (address) -> 0: a result buffer mapped by DOOR_CALL_RBUF is unmapped */
/* LAB 3 BEGIN */
/* LAB 3 STUB: #define SYS_NSYSCALLS     47 */
#define SYS_HANDLE_INFO   47  /* (handle) -> a0 = the type of object (HOBJ_*), a1 = the handle's rights */
#define SYS_NSYSCALLS     48
/* LAB 3 END */

#endif
