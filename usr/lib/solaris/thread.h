/* The illumos threads API a door program uses (thr_create(3C) and friends;
 * thread.c). On Hinge a door call runs on the caller's own thread, so
 * thr_self() in a server procedure is the caller's thread id. Functions
 * return 0 or an error number, as on illumos. Every thread is joinable
 * (THR_DETACHED is EINVAL), by its id or as "any" (thr_join of 0).
 * Priorities are Hinge's, 0 (lowest) .. 63, within the domain's maxprio; a
 * thread sets its own (thr_setprio of another thread is ENOTSUP: the kernel
 * lets a thread change only its own). */
#ifndef USR_SOLARIS_THREAD_H
#define USR_SOLARIS_THREAD_H

#include <stddef.h>

typedef unsigned int thread_t;

#define THR_BOUND     0x01  /* accepted: every Hinge thread is a kernel thread */

#define SOLARIS_THREADS 8   /* threads thr_create can run at once */
#define SOLARIS_STACK   16384 /* the stack a thread gets when stack_base is NULL */

int thr_create(void *stack_base, size_t stack_size, void *(*start_func)(void *), void *arg, long flags,
	       thread_t *new_thread);
thread_t thr_self(void);
int thr_join(thread_t wait_for, thread_t *departed, void **status);
void thr_exit(void *status) __attribute__((noreturn));
void thr_yield(void);
int thr_setprio(thread_t tid, int prio);
int thr_getprio(thread_t tid, int *prio);

#endif
