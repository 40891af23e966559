/* The domain pool: creation from an embedded program, death, reclamation. */
#include <string.h>
#include <hinge/errno.h>
#include "domain.h"
#include "thread.h"
#include "schedctx.h"
#include "hart.h"
#include "program.h"
#include "vm.h"
#include "memobj.h"
#include "elf.h"
#include "arch.h"
#include "console.h"
#include "kern/observe.h"
#include "kern/ipc.h"
#include "smp.h"

static struct domain domains[MAX_DOMAINS];
/* How often each slot has been taken: its next domain's id is
 * slot + MAX_DOMAINS * slot_uses[slot] (domain.h, "Ids"). */
static uint32_t slot_uses[MAX_DOMAINS];
/* A slot taken this often is retired: one more id would not fit an int32. */
#define SLOT_USES_MAX ((uint32_t)((INT32_MAX - MAX_DOMAINS) / MAX_DOMAINS))

struct domain *domain_by_id(int id)
{
	if (id < 0)
		return NULL;
	struct domain *d = &domains[id % MAX_DOMAINS];
	return d->state != DOM_FREE && d->id == id ? d : NULL;
}

int domain_rbuf_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_DOMAINS; i++)
		for (uint32_t b = domains[i].rbufs; b; b &= b - 1)
			n++;
	return n;
}

int domain_slot_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].state != DOM_FREE)
			n++;
	return n;
}

void domain_ref(struct domain *d)
{
	d->refs++;
}

void domain_unref(struct domain *d)
{
	if (--d->refs > 0 || d->state != DOM_DEAD)
		return;
	/* Nothing names the dead domain any more: its threads are reaped
	 * (so its address space is gone, domain_thread_gone) and its handles
	 * closed; the slot may be taken again, under a new id. */
	d->state = DOM_FREE;
}

int domain_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].state == DOM_LIVE)
			n++;
	return n;
}

int domain_handle_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].state == DOM_LIVE)
			n += handle_count(&domains[i].handles);
	return n;
}

/* ASID of domain slot i: slot + 1 (0 is the kernel's) when the hart has
 * enough ASIDs, else 0 and every switch flushes the TLB. */
static uint16_t asid_for(int slot)
{
	return (unsigned)(slot + 1) < arch_asid_count() ? (uint16_t)(slot + 1) : 0;
}

struct domain *domain_create(const char *name, const char *prog,
			     const struct domain_limits *lim, uint64_t arg, int *err)
{
	int prio = lim->prio, maxprio = lim->maxprio;
	const struct program *p = program_find(prog);
	if (!p) {
		*err = HE_NOENT;
		return NULL;
	}
	int slot = 0;
	while (slot < MAX_DOMAINS && (domains[slot].state != DOM_FREE || slot_uses[slot] > SLOT_USES_MAX))
		slot++;
	if (slot == MAX_DOMAINS || FAILALLOC()) {
		*err = HE_NOMEM;
		return NULL;
	}
	if (maxprio < prio)
		maxprio = prio;
	if (maxprio >= NPRIO || !sc_budget_valid(lim->budget, lim->period) ||
	    (lim->hart != -1 && !hart_online(lim->hart))) {
		*err = HE_INVAL;
		return NULL;
	}
	uint64_t *root = vm_create();
	if (!root) {
		*err = HE_NOMEM;
		return NULL;
	}
	uintptr_t entry, end;
	int r = elf_load(root, p->image, p->size, &entry, &end);
	if (r == 0)
		r = vm_alloc_user(root, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE,
				  USER_STACK_PAGES * PAGE_SIZE, VM_R | VM_W | VM_U);
	if (r < 0) {
		vm_destroy(root);
		*err = r;
		return NULL;
	}

	struct domain *d = &domains[slot];
	memset(d, 0, sizeof *d);
	d->id = slot + MAX_DOMAINS * (int)slot_uses[slot];
	d->state = DOM_LIVE;
	strncpy(d->name, name, sizeof d->name - 1);
	d->pt_root = (uint64_t)(uintptr_t)root;
	d->asid = asid_for(slot);
	d->vm_token = arch_vm_token(d->pt_root, d->asid);
	d->base_prio = prio;
	d->maxprio = maxprio;
	d->cap_budget = lim->budget;
	d->cap_period = lim->period;
	strncpy(d->prog, prog, sizeof d->prog - 1);
	d->arg = arg;
	d->hart = lim->hart;
	d->brk = end;
	arch_vm_flush_asid(d->asid);
	smp_flush_asid_others(d->asid); /* an earlier domain of the slot may have run elsewhere */

	if (!thread_create(d, entry, USER_STACK_TOP, prio, arg, err)) {
		vm_destroy(root);
		d->state = DOM_FREE;
		return NULL;
	}
	slot_uses[slot]++; /* the id is given out: never again */
	return d;
}

void domain_kill(struct domain *d, enum domain_end end, int64_t code)
{
	if (d->state != DOM_LIVE)
		return;
	/* Held while its threads and doors let go of d, which may otherwise
	 * reclaim the slot before this function is done with it. */
	domain_ref(d);
	/* Threads of any domain may run in d on other harts: the crash rules
	 * change them, so those harts are parked first (kern/smp.h). */
	smp_stop_others();
	d->state = DOM_DEAD;
	d->end = end;
	d->end_code = code;
	bootrun_domain_ended(d);
	/* The handles d held are closed now (servers of those doors may get
	 * their unreferenced notification); d's own doors stay until no handle
	 * names them, and calls through them fail with HE_DEAD. */
	handle_table_close_all(&d->handles);
	/* Killing threads may free d's address space, which satp may name. */
	arch_vm_activate((uint64_t)(uintptr_t)vm_kernel_root(), 0);
	struct thread *self = thread_current();
	bool self_dies = false;
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread *t = thread_by_id(i);
		if (!t || t->state == THREAD_DEAD)
			continue;
		/* Each thread whose chain of calls touches d: sent back, split,
		 * or dead (doors/SEMANTICS.md §11). */
		bool dies = ipc_domain_died(t);
		if (t == self)
			self_dies = dies;
		else if (dies)
			thread_kill(t);
	}
	domain_unref(d);
	if (self_dies)
		thread_kill(self);
	if (self)
		domain_activate(self->cur);
}

void domain_thread_gone(struct domain *d)
{
	if (--d->nthreads > 0)
		return;
	/* No hart may translate through the address space as it goes, nor
	 * see d live in the door fast path once it is dead (kern/smp.h). */
	smp_stop_others();
	/* Last thread reaped: the address space and its pages go back. A live
	 * domain whose last thread exited ends as if it had called exit(0). */
	if (d->state == DOM_LIVE) {
		d->state = DOM_DEAD;
		d->end = END_EXIT;
		d->end_code = 0;
		bootrun_domain_ended(d);
	}
	/* Shared pages are borrowed, not owned: their objects lose a mapping. */
	memobj_unmap_all(domain_root(d));
	/* The handles too (domain_kill closed them already, unless the domain
	 * ended here): a handle to one of its own doors would keep the door,
	 * and the door the domain, for ever. */
	handle_table_close_all(&d->handles);
	vm_destroy(domain_root(d));
	d->pt_root = 0;
	d->rbufs = 0; /* their pages went with the address space */
}

struct domain *domain_restart(struct domain *d, int *err)
{
	if (d->state != DOM_DEAD || d->restarted) {
		*err = HE_INVAL;
		return NULL;
	}
	struct domain_limits lim = { d->base_prio, d->maxprio, d->cap_budget, d->cap_period, d->hart };
	struct domain *n = domain_create(d->name, d->prog, &lim, d->arg, err);
	if (!n)
		return NULL;
	n->gen = d->gen + 1;
	d->restarted = true;
	d->successor = n->id;
	kprintf("[hinge] domain %d '%s' restarted as domain %d (generation %u)\n", d->id, d->name,
		n->id, (unsigned)n->gen);
	return n;
}

void domain_activate(struct domain *d)
{
	arch_vm_switch(d->vm_token);
}

int domain_unmap(struct domain *d, uintptr_t va, uint64_t len)
{
	/* A thread of d on another hart may have the range in its TLB: it is
	 * parked before the pages go, and empties its TLB before it runs
	 * again (flush_due, at its next entry). Threads of d on this hart
	 * have run, and may have left translations too: writing satp with
	 * the same value flushes nothing. */
	smp_stop_others();
	int r = vm_unmap(domain_root(d), va, len);
	arch_vm_flush_asid(d->asid);
	smp_flush_asid_others(d->asid);
	return r;
}

