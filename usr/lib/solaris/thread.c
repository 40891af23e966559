/* illumos threads on Hinge threads (thread.h). Each thread made by
 * thr_create has a slot: its solaris_tls (tp points to it: errno), its
 * function, argument and result, its stack, and bit `slot` of the library's
 * notification object, signalled when it ends, for thr_join. thr_join frees
 * the slot: the ended thread touches no memory after it says it ended
 * (thr_exit), so a new thread may take its stack at once. */
#include <stdbool.h>
#include <string.h>
#include "hinge.h"
#include "sync.h"
#include "door_reg.h"
#include "thread.h"
#include "solaris.h"

enum slot_state { THR_FREE = 0, THR_RUNNING, THR_ENDED };

struct thr {
	enum slot_state state;
	thread_t id;
	void *(*start)(void *);
	void *arg;
	void *status;
	struct solaris_tls tls;
};

static struct thr thrs[SOLARIS_THREADS];
static char stacks[SOLARIS_THREADS][SOLARIS_STACK] __attribute__((aligned(16)));
static int ended = -1;   /* notification: bit i = slot i ended */

static struct thr *self_slot(void)
{
	struct solaris_tls *t = solaris_tls();
	for (int i = 0; i < SOLARIS_THREADS; i++)
		if (t == &thrs[i].tls)
			return &thrs[i];
	return NULL;
}

void thr_exit(void *status)
{
	struct thr *t = self_slot();
	if (!t)
		hinge_thread_exit();
	t->status = status;
	register long a0 __asm__("a0") = ended;
	register long a1 __asm__("a1") = (long)(1ull << (t - thrs));
	register long a2 __asm__("a2") = SYS_NOTIFY_SIGNAL;
	register long a3 __asm__("a3") = SYS_THREAD_EXIT;
	register long a4 __asm__("a4") = SYS_EXIT;
	register int *state __asm__("a5") = (int *)&t->state;
	register long ended_state __asm__("a6") = THR_ENDED;
	/* From here on registers only: the joiner may free the stack. A thread
	 * exit refused (inside a door call) ends the domain, as
	 * hinge_thread_exit does. */
	__asm__ volatile("fence rw, w\n\t"
			 "sw a6, 0(a5)\n\t"
			 "mv a7, a2\n\t"
			 "ecall\n\t"
			 "mv a7, a3\n\t"
			 "ecall\n\t"
			 "mv a7, a4\n\t"
			 "ecall"
			 :
			 : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(state), "r"(ended_state)
			 : "memory", "a7");
	__builtin_unreachable();
}

static void thr_start(long slot)
{
	struct thr *t = &thrs[slot];
	__asm__ volatile("mv tp, %0" : : "r"(&t->tls));
	thr_exit(t->start(t->arg));
}

int thr_create(void *stack_base, size_t stack_size, void *(*start_func)(void *), void *arg, long flags,
	       thread_t *new_thread)
{
	if (flags & ~(long)THR_BOUND || (stack_base && stack_size < 256))
		return EINVAL;
	if (ended < 0) {
		long n = hinge_notify_create();
		if (n < 0)
			return EAGAIN;
		int expected = -1;
		if (!__atomic_compare_exchange_n(&ended, &expected, (int)n, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			hinge_handle_close((int)n);
	}
	int i = 0;
	for (enum slot_state f = THR_FREE; i < SOLARIS_THREADS; i++, f = THR_FREE)
		if (__atomic_compare_exchange_n(&thrs[i].state, &f, THR_RUNNING, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			break;
	if (i == SOLARIS_THREADS)
		return EAGAIN;
	struct thr *t = &thrs[i];
	t->start = start_func;
	t->arg = arg;
	t->tls = (struct solaris_tls){ .err = 0, .bound = -1 };
	char *top = stack_base ? (char *)stack_base + (stack_size & ~(size_t)15) : stacks[i] + SOLARIS_STACK;
	struct hinge_self me;
	hinge_self(&me);
	long id = hinge_thread_create(thr_start, top, me.base_prio, i);
	if (id < 0) {
		__atomic_store_n(&t->state, THR_FREE, __ATOMIC_RELEASE);
		return EAGAIN;
	}
	t->id = (thread_t)id;
	if (new_thread)
		*new_thread = t->id;
	return 0;
}

thread_t thr_self(void)
{
	struct hinge_self me;
	hinge_self(&me);
	return (thread_t)me.thread;
}

int thr_join(thread_t wait_for, thread_t *departed, void **status)
{
	int i = 0;
	while (i < SOLARIS_THREADS && (thrs[i].state == THR_FREE || thrs[i].id != wait_for))
		i++;
	if (i == SOLARIS_THREADS)
		return ESRCH; /* not a joinable thread of thr_create (wait_for 0, "any", is not supported) */
	while (__atomic_load_n(&thrs[i].state, __ATOMIC_ACQUIRE) != THR_ENDED)
		hinge_notify_wait(ended, 1ull << i);
	if (departed)
		*departed = thrs[i].id;
	if (status)
		*status = thrs[i].status;
	__atomic_store_n(&thrs[i].state, THR_FREE, __ATOMIC_RELEASE);
	return 0;
}

void thr_yield(void)
{
	hinge_yield();
}
