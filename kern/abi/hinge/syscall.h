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
#define SYS_SELF           8  /* () -> a0 = thread id, a1 = effective priority, a2 = current domain id, a3 = base priority */
#define SYS_NSYSCALLS      9

#endif
