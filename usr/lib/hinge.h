/* User-side system call interface of Hinge (numbers: hinge/syscall.h,
 * errors: hinge/errno.h, reference: docs/syscalls.md). */
#ifndef USR_HINGE_H
#define USR_HINGE_H

#include <stdint.h>
#include <stddef.h>
#include <hinge/syscall.h>
#include <hinge/errno.h>
#include <hinge/handle.h>
#include <hinge/sync.h>

/* One ecall: number in a7, arguments in a0..a5, result in a0. */
static inline long hinge_syscall(long n, long a0, long a1, long a2, long a3)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a3 __asm__("a3") = a3;
	register long r_a7 __asm__("a7") = n;
	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1), "+r"(r_a2), "+r"(r_a3)
			 : "r"(r_a7)
			 : "memory", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return r_a0;
}

struct hinge_self {
	int thread;     /* thread id */
	int prio;       /* effective priority (base or inherited) */
	int domain;     /* domain the thread runs in now */
	int base_prio;  /* priority of the thread's scheduling context */
	unsigned gen;   /* generation (incarnation) of the domain it runs in: 0, + 1 per restart */
};

static inline long hinge_write(const void *buf, size_t len)
{
	return hinge_syscall(SYS_WRITE, (long)buf, (long)len, 0, 0);
}
void hinge_exit(long status) __attribute__((noreturn));
static inline long hinge_yield(void)
{
	return hinge_syscall(SYS_YIELD, 0, 0, 0, 0);
}
static inline long hinge_thread_create(void (*entry)(long), void *stack_top, int prio, long arg)
{
	return hinge_syscall(SYS_THREAD_CREATE, (long)entry, (long)stack_top, prio, arg);
}
void hinge_thread_exit(void) __attribute__((noreturn));
static inline long hinge_sleep(uint64_t ticks)
{
	return hinge_syscall(SYS_SLEEP, (long)ticks, 0, 0, 0);
}
/* Ticks since boot; *hz (if not NULL) gets the timebase frequency. */
uint64_t hinge_clock(uint64_t *hz);
long hinge_self(struct hinge_self *out);
/* The type of object handle h names (HOBJ_*, hinge/handle.h); *rights (if
 * not NULL) gets the handle's rights, on success only. */
long hinge_handle_info(int h, uint32_t *rights);

/* Kernel mutexes (hinge/sync.h): lock returns 0 or MUTEX_OWNERDEAD once held. */
static inline long hinge_mutex_create(unsigned flags)
{
	return hinge_syscall(SYS_MUTEX_CREATE, (long)flags, 0, 0, 0);
}
static inline long hinge_mutex_lock(int h)
{
	return hinge_syscall(SYS_MUTEX_LOCK, h, 0, 0, 0);
}
/* HE_AGAIN instead of waiting when another thread holds it. */
static inline long hinge_mutex_trylock(int h)
{
	return hinge_syscall(SYS_MUTEX_LOCK, h, MUTEX_LOCK_TRY, 0, 0);
}
static inline long hinge_mutex_unlock(int h)
{
	return hinge_syscall(SYS_MUTEX_UNLOCK, h, 0, 0, 0);
}
/* Kernel counting semaphores (hinge/sync.h): wait blocks until a unit is
 * the caller's; trywait is HE_AGAIN when none is free; post is HE_OVERFLOW
 * at SEMA_COUNT_MAX. */
static inline long hinge_sema_create(uint64_t count)
{
	return hinge_syscall(SYS_SEMA_CREATE, (long)count, 0, 0, 0);
}
static inline long hinge_sema_wait(int h)
{
	return hinge_syscall(SYS_SEMA_WAIT, h, 0, 0, 0);
}
static inline long hinge_sema_trywait(int h)
{
	return hinge_syscall(SYS_SEMA_TRYWAIT, h, 0, 0, 0);
}
static inline long hinge_sema_post(int h)
{
	return hinge_syscall(SYS_SEMA_POST, h, 0, 0, 0);
}
/* The calling thread's base priority. */
static inline long hinge_set_prio(int prio)
{
	return hinge_syscall(SYS_SET_PRIO, prio, 0, 0, 0);
}

/* Budgets (doors/SEMANTICS.md §18): the calling thread's, within its domain's cap. */
static inline long hinge_sc_set(uint64_t budget, uint64_t period)
{
	return hinge_syscall(SYS_SC_SET, (long)budget, (long)period, 0, 0);
}

/* The scheduling context the thread runs on (in a door call: its caller's). */
struct hinge_sc {
	uint64_t consumed;  /* ticks charged to it since it was created */
	uint64_t budget;    /* ticks per period; 0: unlimited */
	uint64_t period;
	uint64_t remaining; /* left in the current period, as of its last charge */
};

static inline void hinge_sc_info(struct hinge_sc *out)
{
	register long a0 __asm__("a0");
	register long a1 __asm__("a1");
	register long a2 __asm__("a2");
	register long a3 __asm__("a3");
	register long a7 __asm__("a7") = SYS_SC_INFO;
	__asm__ volatile("ecall" : "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3) : "r"(a7)
			 : "memory", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	out->consumed = (uint64_t)a0;
	out->budget = (uint64_t)a1;
	out->period = (uint64_t)a2;
	out->remaining = (uint64_t)a3;
}

/* Performance counters, readable in user mode (scounteren). */
static inline uint64_t rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}
static inline uint64_t rdcycle(void)
{
	uint64_t v;
	__asm__ volatile("rdcycle %0" : "=r"(v));
	return v;
}
static inline uint64_t rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

/* Test helpers: print and exit(1) when cond is false. */
#define CHECK(cond) do { if (!(cond)) hinge_check_failed(#cond, __FILE__, __LINE__); } while (0)
void hinge_check_failed(const char *what, const char *file, int line) __attribute__((noreturn));

#endif
