/* Compile-time sizes of every kernel pool and limit.
 *
 * Every pool in Hinge is a fixed array sized here; running out of one is an
 * error code returned to the caller (see doors/SEMANTICS.md), never a panic
 * and never a dynamic allocation. */
#ifndef KERN_CONFIG_H
#define KERN_CONFIG_H

/* The door fast path of kern/arch/riscv/trap.S: 1, or 0 (make FASTPATH=0)
 * for a kernel whose every door call and return takes the general code of
 * doors/slowpath.c, so that the whole test suite can check that the two
 * paths keep the same rules. */
#ifndef HINGE_FASTPATH
#define HINGE_FASTPATH   1
#endif

/* A kernel for several harts (make HARTS=N, N > 1): kern/smp.h. 0 builds
 * the kernel that runs on its boot hart alone; every SMP-only line is
 * behind this switch, mostly in kern/smp.c. */
#ifndef HINGE_SMP
#define HINGE_SMP        0
#endif

#define MAX_HARTS        8   /* hart ids 0..7; struct hart is indexed by hart id */
#define MAX_DOMAINS      32
#define MAX_THREADS      64
#define MAX_SCHEDCTX     MAX_THREADS
#define NPRIO            64  /* user priorities 0 (lowest) .. 63 (highest) */
#define PRIO_IDLE        (-1) /* the idle thread, below every user level: it is on no run
                                 * queue and runs when sched_pick finds none */

#define PAGE_SIZE        4096UL
#define PAGE_SHIFT       12
#define KSTACK_PAGES     2   /* per-thread kernel stack */

#define BOOTFILE_MAX     131072 /* bytes of the boot file (a manifest, or a batch of scenarios) */

#define TICK_HZ          1000 /* timer tick: 1 ms */
#define DEFAULT_SLICE    5    /* round-robin time slice within a level, in ticks */

/* User address space: [USER_BASE, USER_TOP). The kernel's identity map of RAM
 * sits at 0x80000000 and above, never user-accessible (PTE_U clear). */
#define USER_BASE        0x10000UL
#define USER_TOP         0x80000000UL
#define USER_STACK_TOP   0x7ffff000UL
#define USER_STACK_PAGES 4

/* Doors (doors/). */
#define MAX_HANDLES        96  /* handle table slots per domain */
#define MAX_DOORS          160 /* door objects, system-wide */
#define MAX_ACTS_PER_DOOR  8   /* activations a door's server may provide */
#define MAX_ACTIVATIONS    256 /* activations, system-wide (shared by all doors) */
#define SHUTTLE_MAX_DEPTH  32  /* nested door calls one thread may be in */

/* Notification and memory objects (kern/notify.h, kern/memobj.h). */
#define MAX_NOTIFY         64  /* notification objects, system-wide */
#define MAX_MEMOBJS        32  /* memory objects, system-wide (each up to MEM_MAX_PAGES pages) */
#define MAX_MEM_MAPPINGS   64  /* mappings of memory objects, all address spaces together */
/* Kernel mutexes (kern/mutex.h). */
#define MAX_MUTEXES        64  /* mutex objects, system-wide */
/* Kernel counting semaphores (kern/sema.h). */
#define MAX_SEMAS          32  /* semaphore objects, system-wide */

/* Allocation-failure injection (docs/robustness.md). In a kernel built with
 * FAILALLOC=1 (-DHINGE_FAILALLOC), FAILALLOC() at the start of each pool's
 * allocation is true for the n-th allocation of the boot, n given by the
 * manifest's `failalloc N` line (kern/scenario/failalloc.c): the pool then
 * fails as when it is exhausted. In every other build it is the constant 0
 * and costs nothing. */
#ifdef HINGE_FAILALLOC
#include <stdbool.h>
bool failalloc_now(const char *site);
#define FAILALLOC() failalloc_now(__func__)
#else
#define FAILALLOC() 0
#endif

#endif
