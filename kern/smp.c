/* Hinge on several harts: the kernel lock, stops, kicks and remote flushes
 * (interface and rules in smp.h, design in docs/smp.md). Compiled only into
 * a kernel built with HARTS=N > 1. */
#include "config.h"
#if HINGE_SMP
#include "smp.h"
#include "hart.h"
#include "domain.h"
#include "vm.h"
#include "console.h"

/* The kernel lock: a ticket lock, so harts get in in the order they asked.
 * A hart waiting for its turn sleeps in wfi, its bit set in sleepers, and
 * the releaser interrupts the sleepers: under QEMU's -icount, which runs
 * the harts one at a time, a hart spinning on a lock whose holder is not
 * being run would burn its whole time slice (docs/smp.md). */
static struct {
	uint32_t next;      /* the next ticket to hand out */
	uint32_t owner;     /* the ticket that may enter */
	uint64_t sleepers;  /* harts waiting for their turn in wfi */
} klock;

/* Guarded by the kernel lock. */
static uint64_t online;        /* harts that joined the kernel (set once each) */
static uint64_t kicks;         /* harts to interrupt when the lock is released */
static bool others_stopped;    /* smp_stop_others ran during this hold */
static struct {
	uint64_t lock_waits;   /* entries that found the lock held */
	uint64_t stops;        /* smp_stop_others that had harts to stop */
	uint64_t kicked;       /* harts interrupted by smp_kick */
	uint64_t remote_flushes;
} count;

/* One hart's part in a stop: stop_req is written by the lock holder, and
 * cleared by the hart once it holds the lock; stop_acked is written by the
 * stopped hart while it waits for the lock, read by the holder, which sleeps
 * in wfi until then (woken by the acknowledging hart: a spinning holder
 * could keep a hart that QEMU runs in turn from ever acknowledging). */
static struct {
	bool stop_req;
	bool stop_acked;
	int stopper;     /* the holder's hart id, to wake */
} stop[MAX_HARTS];

static uint64_t bit(const struct hart *h)
{
	return (uint64_t)1 << h->id;
}

bool hart_online(int id)
{
	return id >= 0 && id < MAX_HARTS && (online >> id & 1);
}

/* A hart asked to stop parks its state where the holder can change it: the
 * FP registers in their hop's frame, satp on the kernel's own table (the
 * address space it ran in may be freed), and it says so. Its user registers
 * are in its trap frame already: it is inside kernel_enter. */
static void stop_ack(struct hart *h)
{
	if (!__atomic_load_n(&stop[h->id].stop_req, __ATOMIC_ACQUIRE) || stop[h->id].stop_acked)
		return;
	if (h->fpu_owner) {
		arch_fpu_save(h->fpu_owner);
		h->fpu_owner = NULL;
	}
	arch_vm_activate((uint64_t)(uintptr_t)vm_kernel_root(), 0);
	__atomic_store_n(&stop[h->id].stop_acked, true, __ATOMIC_RELEASE);
	arch_ipi_send((uint64_t)1 << stop[h->id].stopper);
}

bool kernel_enter(void)
{
	struct hart *h = this_hart();
	uint32_t ticket = __atomic_fetch_add(&klock.next, 1, __ATOMIC_ACQUIRE);
	if (__atomic_load_n(&klock.owner, __ATOMIC_ACQUIRE) != ticket) {
		__atomic_fetch_or(&klock.sleepers, bit(h), __ATOMIC_SEQ_CST);
		/* The interrupt is cleared before the owner is read: a release
		 * after the read raises it again, and wfi returns at once. */
		for (;;) {
			arch_ipi_clear();
			if (__atomic_load_n(&klock.owner, __ATOMIC_SEQ_CST) == ticket)
				break;
			stop_ack(h);
			arch_idle_wait();
		}
		__atomic_fetch_and(&klock.sleepers, ~bit(h), __ATOMIC_SEQ_CST);
		count.lock_waits++;
	}
	/* Holding the lock. Whatever interrupt brought the hart in, its
	 * reasons are in memory now: the run queue, stop_req, flush_due. A
	 * hart changes satp only under the lock, so a flush here comes before
	 * it can use an ASID given to a new address space. */
	arch_ipi_clear();
	if (h->flush_due) {
		h->flush_due = false;
		arch_tlb_flush_all();
	}
	if (!stop[h->id].stop_req)
		return false;
	stop[h->id].stop_req = false;
	stop[h->id].stop_acked = false;
	struct thread *t = h->sched.current;
	if (t && t->state == THREAD_RUNNING)
		domain_activate(t->cur); /* a dead one switches out (thread_return_to_user) */
	return true;
}

void kernel_leave(void)
{
	struct hart *h = this_hart();
	uint64_t wake = kicks;
	kicks = 0;
	others_stopped = false;
	__atomic_store_n(&klock.owner, klock.owner + 1, __ATOMIC_SEQ_CST);
	wake = (wake | __atomic_load_n(&klock.sleepers, __ATOMIC_SEQ_CST)) & ~bit(h);
	if (wake)
		arch_ipi_send(wake);
}

void smp_kick(struct hart *h)
{
	if (h != this_hart()) {
		kicks |= bit(h);
		count.kicked++;
	}
}

void smp_stop_others(void)
{
	struct hart *me = this_hart();
	uint64_t mask = online & ~bit(me);
	if (others_stopped || !mask)
		return;
	others_stopped = true;
	count.stops++;
	for (int i = 0; i < MAX_HARTS; i++) {
		if (mask >> i & 1) {
			stop[i].stop_acked = false;
			stop[i].stopper = me->id;
			__atomic_store_n(&stop[i].stop_req, true, __ATOMIC_RELEASE);
		}
	}
	arch_ipi_send(mask);
	for (int i = 0; i < MAX_HARTS; i++) {
		for (;;) {
			arch_ipi_clear(); /* before the read: an acknowledgement after it wakes wfi */
			if (!(mask >> i & 1) || __atomic_load_n(&stop[i].stop_acked, __ATOMIC_ACQUIRE))
				break;
			arch_idle_wait();
		}
	}
}

void smp_flush_asid_others(uint16_t asid)
{
	(void)asid; /* each hart empties its whole TLB: rare (a slot reused) */
	uint64_t mask = online & ~bit(this_hart());
	if (!mask)
		return;
	for (int i = 0; i < MAX_HARTS; i++)
		if (mask >> i & 1)
			__atomic_store_n(&harts[i].flush_due, true, __ATOMIC_RELAXED);
	/* Before anything that makes the new address space reachable: the
	 * door fast path, which switches satp without the lock, reads its
	 * hart's flush_due after the handle that leads it there (trap.S). */
	smp_wmb();
	count.remote_flushes++;
}

void smp_start_others(unsigned nharts)
{
	online |= bit(this_hart());
	for (unsigned i = 0; i < nharts && i < MAX_HARTS; i++) {
		if ((int)i == this_hart()->id)
			continue;
		harts[i].id = (int)i;
		sched_init(&harts[i].sched);
		/* Online from now on: threads may be placed on it, and a stop
		 * waits for it (it acknowledges in its first kernel_enter). */
		if (arch_hart_start((int)i))
			online |= bit(&harts[i]);
		else
			kprintf("[hinge] hart %u did not start\n", i);
	}
}

void smp_join(struct hart *h)
{
	kernel_enter();
	kprintf("[hinge] hart %d joined\n", h->id);
}

void smp_report(void)
{
	int n = 0;
	for (int i = 0; i < MAX_HARTS; i++)
		n += (int)(online >> i & 1);
	kprintf("[hinge] smp: %d harts, %lu kernel lock waits, %lu stops, %lu kicks, %lu remote flushes\n",
		n, (unsigned long)count.lock_waits, (unsigned long)count.stops,
		(unsigned long)count.kicked, (unsigned long)count.remote_flushes);
}
#endif
