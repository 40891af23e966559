/* Hinge on several harts (a kernel built with HARTS=N > 1, HINGE_SMP): the
 * kernel lock, the stop of the other harts, wake-up interrupts and remote
 * TLB flushes. docs/smp.md gives the design; in short:
 *
 * - One kernel lock, a ticket lock, held by whichever hart runs kernel code
 *   but the door fast path (below): taken at every entry from user mode
 *   (kernel_enter) and by an idle hart
 *   that wakes up, released at every return to user mode and before an idle
 *   hart sleeps (kernel_leave). Kernel code runs with interrupts off and
 *   never waits for another lock, so it cannot deadlock.
 * - Threads stay on the hart they were placed on (thread_hart, kern/hart.h):
 *   each hart's run queue and sleepers are touched by other harts only under
 *   the lock; a wake-up that should preempt another hart interrupts it when
 *   the lock is released (smp_kick).
 * - Before the kernel changes a thread that is current on another hart (kill,
 *   the crash rules' unwind and split) or frees an address space another
 *   hart may be translating through, it stops the other harts
 *   (smp_stop_others): each one parks in kernel_enter with its user registers
 *   in memory, its FP registers saved and the kernel's page table in satp,
 *   and the trap that brought it in is dropped (kernel_enter returns true):
 *   the instruction that trapped runs again once it returns to user mode.
 *
 * - The door fast path (kern/arch/riscv/trap.S) runs without the lock. What
 *   it shares with the general path at every call is changed with atomics on
 *   both sides (the smp_* operations below: a pool's free_mask, a door's
 *   inflight count); everything else it reads is changed only under a stop,
 *   which a hart in the fast path (interrupts off) acknowledges only once it
 *   has left it, so the fast path sees such a change wholly or not at all.
 *   docs/smp.md lists what is guarded how.
 *
 * On one hart every function here is an empty inline, the smp_* operations
 * are plain loads and stores, and the kernel is the single-hart kernel it
 * always was. */
#ifndef KERN_SMP_H
#define KERN_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "hart.h"

#if HINGE_SMP
/* Boot hart: start harts 1..n-1 of the device tree (ids below MAX_HARTS). */
void smp_start_others(unsigned nharts);
/* A started hart, with paging on: join the kernel (takes the lock). */
void smp_join(struct hart *h);
/* Take the kernel lock. True when the hart was stopped while it waited: the
 * trap it came in for must be dropped (it will happen again). */
bool kernel_enter(void);
/* Release the kernel lock, then interrupt the harts smp_kick named. */
void kernel_leave(void);
/* Park every other hart (see above) until this hart releases the lock. */
void smp_stop_others(void);
/* h must look at its run queue: interrupt it when the lock is released. */
void smp_kick(struct hart *h);
/* Every other hart forgets the TLB entries of asid before it next takes the
 * lock, hence before it can switch to the address space that now has it. It
 * does not reach a hart running user code now: enough for an ASID given to
 * a new address space (the only use), not for a mapping removed from a live
 * one (docs/smp.md). */
void smp_flush_asid_others(uint16_t asid);
/* Whether hart id is running Hinge. */
bool hart_online(int id);
/* The run's counts (kernel lock waits, stops, kicks, remote flushes), for
 * the end-of-run report. */
void smp_report(void);

/* The operations the door fast path's atomics pair with (the general path
 * runs them under the lock, the fast path without it). */
static inline uint32_t smp_load32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
static inline int smp_load_int(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
/* *p = new if *p == *old (true); else *old = *p (false). */
static inline bool smp_cas32(uint32_t *p, uint32_t *old, uint32_t new)
{
	return __atomic_compare_exchange_n(p, old, new, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
static inline void smp_or32(uint32_t *p, uint32_t v)
{
	__atomic_fetch_or(p, v, __ATOMIC_RELEASE);
}
static inline void smp_and32(uint32_t *p, uint32_t v)
{
	__atomic_fetch_and(p, v, __ATOMIC_RELEASE);
}
/* *p += v; the new value. */
static inline int smp_add(int *p, int v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_ACQ_REL);
}
/* Stores before it are seen before stores after it (a reader's loads
 * ordered the other way, trap.S's fences, then see them in order). */
static inline void smp_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}
#else
static inline uint32_t smp_load32(const uint32_t *p) { return *p; }
static inline int smp_load_int(const int *p) { return *p; }
static inline bool smp_cas32(uint32_t *p, uint32_t *old, uint32_t new)
{
	if (*p != *old) {
		*old = *p;
		return false;
	}
	*p = new;
	return true;
}
static inline void smp_or32(uint32_t *p, uint32_t v) { *p |= v; }
static inline void smp_and32(uint32_t *p, uint32_t v) { *p &= v; }
static inline int smp_add(int *p, int v) { return *p += v; }
static inline void smp_wmb(void) {}
static inline bool kernel_enter(void) { return false; }
static inline void kernel_leave(void) {}
static inline void smp_stop_others(void) {}
static inline void smp_kick(struct hart *h) { (void)h; }
static inline void smp_flush_asid_others(uint16_t asid) { (void)asid; }
static inline bool hart_online(int id) { return id == this_hart()->id; }
static inline void smp_report(void) {}
#endif

#endif
