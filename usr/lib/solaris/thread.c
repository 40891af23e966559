/* illumos threads on Hinge threads (thread.h). Each thread made by
 * thr_create has a slot: its solaris_tls (tp points to it: errno), its
 * function, argument and result, its stack, and bit `slot` of the library's
 * notification object, signalled when it ends, for thr_join. thr_join frees
 * the slot: the ended thread touches no memory after it says it ended
 * (thr_exit), so a new thread may take its stack at once. A slot being
 * joined by its id is `claimed`: thr_join(0) leaves it to that joiner, and
 * gives back the wake-up bits it took of such slots. */
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
	int prio;        /* base priority, kept by thr_create and thr_setprio */
	bool claimed;    /* a thr_join of its id waits for it */
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
	t->claimed = false;
	t->tls = (struct solaris_tls){ .err = 0, .bound = -1 };
	char *top = stack_base ? (char *)stack_base + (stack_size & ~(size_t)15) : stacks[i] + SOLARIS_STACK;
	struct hinge_self me;
	hinge_self(&me);
	t->prio = me.base_prio;
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

/* The slot thr_join(0) takes: an ended one, else waits for one to end.
 * -1 when no thread is left that it could join. */
static int join_any(void)
{
	thread_t me = thr_self();
	for (;;) {
		uint64_t mask = 0;
		for (int i = 0; i < SOLARIS_THREADS; i++) {
			if (thrs[i].state == THR_FREE || thrs[i].claimed || thrs[i].id == me)
				continue;
			if (__atomic_load_n(&thrs[i].state, __ATOMIC_ACQUIRE) == THR_ENDED)
				return i;
			mask |= 1ull << i;
		}
		if (!mask)
			return -1;
		long got = hinge_notify_wait(ended, mask);
		uint64_t others = 0;
		for (int i = 0; i < SOLARIS_THREADS; i++)
			if (got > 0 && ((uint64_t)got >> i & 1) && thrs[i].claimed)
				others |= 1ull << i; /* claimed since the mask was made */
		if (others)
			hinge_notify_signal(ended, (long)others);
	}
}

int thr_join(thread_t wait_for, thread_t *departed, void **status)
{
	int i = 0;
	if (wait_for == 0) {
		i = join_any();
		if (i < 0)
			return ESRCH;
	} else {
		if (wait_for == thr_self())
			return EDEADLK;
		while (i < SOLARIS_THREADS && (thrs[i].state == THR_FREE || thrs[i].id != wait_for))
			i++;
		if (i == SOLARIS_THREADS)
			return ESRCH; /* not a joinable thread of thr_create */
		thrs[i].claimed = true;
		while (__atomic_load_n(&thrs[i].state, __ATOMIC_ACQUIRE) != THR_ENDED)
			hinge_notify_wait(ended, 1ull << i);
	}
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

int thr_setprio(thread_t tid, int prio)
{
	if (tid != thr_self())
		return ENOTSUP;
	/* The slot first: lowering itself, the thread may not run again
	 * before others read it. */
	struct thr *t = self_slot();
	int before = t ? t->prio : 0;
	if (t)
		t->prio = prio;
	long r = hinge_set_prio(prio);
	if (r < 0 && t)
		t->prio = before;
	if (r == HE_PERM)
		return EPERM; /* inside a door call: the thread is the caller's */
	return r < 0 ? EINVAL : 0;
}

int thr_getprio(thread_t tid, int *prio)
{
	struct hinge_self me;
	hinge_self(&me);
	if (tid == (thread_t)me.thread) {
		*prio = me.base_prio;
		return 0;
	}
	for (int i = 0; i < SOLARIS_THREADS; i++)
		if (thrs[i].state == THR_RUNNING && thrs[i].id == tid) {
			*prio = thrs[i].prio;
			return 0;
		}
	return ESRCH;
}
