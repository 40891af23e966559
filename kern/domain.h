/* Protection domains: an address space plus the objects (threads, handles)
 * that live in it.
 *
 * Life cycle of a slot (state field):
 *   DOM_FREE -> domain_create -> DOM_LIVE -> domain_kill (or its last thread
 *   ends) -> DOM_DEAD -> last reference dropped -> DOM_FREE (reclaimed)
 * A dead domain keeps its slot, with how it ended, while anything may still
 * name it; its address space goes back when its last thread is reaped, and
 * its slot once its reference count (refs) drops to zero.
 *
 * Invariant (refs): refs counts the kernel objects that hold a pointer to the
 * domain and may use it later, exactly:
 *   - every thread whose home it is (orphans included: thread_create,
 *     thread_split, thread_rehome; dropped when the thread is reaped);
 *   - every orphan whose base frame (shuttle.frame[shuttle.base]) names it as
 *     the caller: the dead hop the orphan's last return lands in;
 *   - every door not DOOR_FREE whose server it is (door_alloc .. door_free);
 *     the shuttle frames of calls in progress name their domains through such
 *     doors (the server) or as the previous hop's server or a home (the caller);
 *   - every death record the supervisor holds about it (queued, or the last
 *     one delivered, until the supervisor's next SYS_DEATH_WAIT), so that a
 *     domain the supervisor has just been told of can still be restarted;
 *   - every armed injection naming it (target or subject), until it fires
 *     or the scenario ends (kern/scenario/inject.c);
 *   - domain_kill, while it runs.
 * A DOM_DEAD domain whose refs drop to 0 is reclaimed (DOM_FREE). Nothing else
 * keeps a struct domain pointer across a scheduling point: the boot run and
 * restart links keep ids.
 *
 * Ids (what user space sees: SYS_SELF a2, SYS_DOOR_INFO, struct hinge_death,
 * SYS_DOMAIN_RESTART, SYS_DOMAIN_KILL) encode the slot and how often it was
 * taken before: id = slot + MAX_DOMAINS * uses. An id is never given to two
 * domains in one boot, so an old id names nothing (HE_NOENT) once its domain
 * is reclaimed, never a new unrelated domain. The first MAX_DOMAINS domains of
 * a boot get ids 0..MAX_DOMAINS-1 (their slot). A slot whose next id would
 * not fit in an int32 is retired (never taken again).
 * Invariant: a DOM_DEAD domain runs no user code and gets no new calls. */
#ifndef KERN_DOMAIN_H
#define KERN_DOMAIN_H

#include <stdint.h>
#include <stdbool.h>
#include <hinge/domain.h>
#include "config.h"
#include "kern/handle.h"

enum domain_state { DOM_FREE = 0, DOM_LIVE, DOM_DEAD };

/* How a domain ended; reported on the console and checked by boot manifests. */
enum domain_end { END_NONE = 0, END_EXIT, END_FAULT, END_KILL };

struct domain {
	int id;
	enum domain_state state;
	char name[DOMAIN_NAME_LEN];
	uint64_t pt_root;        /* physical address of the Sv39 root page table */
	uint16_t asid;
	uint64_t vm_token;       /* arch_vm_token(pt_root, asid): what domain_activate loads */
	int nthreads;            /* live threads whose home is this domain */
	int npool;               /* of which server threads of its handoff doors (doors/handoff.h) */
	int base_prio;           /* priority of the first thread */
	enum domain_end end;     /* why the domain ended */
	int64_t end_code;        /* exit status, or scause of the fatal fault */
	uint64_t brk;            /* end of the loaded image (next free user VA) */
	int maxprio;             /* highest priority a thread of this domain may get */
	uint64_t cap_budget;     /* budget cap of its threads' schedctx (kern/schedctx.h): */
	uint64_t cap_period;     /* each starts at it and none may exceed it; 0/0 = unlimited */
	struct handle_table handles; /* the only way this domain names kernel objects */
	int refs;                /* references that may use this slot (invariant above) */
	uint32_t gen;            /* incarnation: a restart creates gen + 1 in a new slot */
	bool restarted;          /* a new incarnation replaced this dead one (HE_STALE) */
	int successor;           /* its id, when restarted (an id: the slot may be reused) */
	char prog[DOMAIN_NAME_LEN]; /* what it runs (a program name), for a restart */
	uint64_t arg;
	int hart;                /* the hart its threads run on, -1: their creator's (kern/smp.h) */
	uint32_t rbufs;          /* result buffers mapped for it, bit i = slot i (doors/rbuf.h) */
};


/* What a domain is given at creation: its first thread's priority, the
 * highest a thread of it may get, and the budget cap of its threads. */
struct domain_limits {
	int prio;
	int maxprio;
	uint64_t budget;  /* the cap: 0/0 unlimited, else as sc_budget_valid */
	uint64_t period;
	int hart;         /* hart id its threads run on (manifest hart=), -1: the creator's */
};

/* Create a domain running the embedded program `prog`: a fresh address space,
 * the ELF loaded, a user stack, and one thread at lim->prio, on the budget
 * cap, entered with a0 = arg. Returns the domain or NULL with *err =
 * HE_NOENT (no such program), HE_INVAL (bad image, priority or budget),
 * HE_NOMEM (a pool or memory exhausted); nothing is left allocated on
 * failure. */
struct domain *domain_create(const char *name, const char *prog,
			     const struct domain_limits *lim, uint64_t arg, int *err);
/* The domain with this id (live or dead, not yet reclaimed), or NULL. */
struct domain *domain_by_id(int id);
int domain_live_count(void);
/* Slots not DOM_FREE: live domains and dead ones still referenced. */
int domain_slot_count(void);
/* Result buffers mapped for callers, all domains (doors/rbuf.h; leak checks). */
int domain_rbuf_count(void);
/* Take / drop a reference (invariant above). Dropping the last reference of
 * a dead domain reclaims its slot: d must not be used afterwards. */
void domain_ref(struct domain *d);
void domain_unref(struct domain *d);
/* Handles held by all live domains, for leak checks. */
int domain_handle_count(void);

/* End domain d (exit or fault): close its handles, kill all its threads; its
 * address space is reclaimed when the last thread is reaped, its slot when
 * the last reference goes. */
void domain_kill(struct domain *d, enum domain_end end, int64_t code);
/* Called when a non-orphan thread whose home is d has been reaped (before
 * its home reference is dropped). The last one frees the address space and
 * closes the handles (a live domain then ends as if by exit(0)). */
void domain_thread_gone(struct domain *d);
/* Start a new incarnation of the dead domain d (same name, program, priority
 * and arg; generation + 1; a new slot and id). Returns it, or NULL with *err:
 * HE_INVAL (d is not dead, or already restarted) or the errors of
 * domain_create. */
struct domain *domain_restart(struct domain *d, int *err);
/* Switch the hart to d's address space. */
void domain_activate(struct domain *d);
/* Unmap [va, va+len) from d, which may be running here or on other harts:
 * no translation of the range is left in any hart's TLB once its pages can
 * be reused (vm_unmap's result). */
int domain_unmap(struct domain *d, uintptr_t va, uint64_t len);

/* How a dead domain ended, as user space is told (hinge/domain.h DEATH_*). */
/* The domain's root page table, as kern/vm.h and kern/uaccess.h take it. */
static inline uint64_t *domain_root(const struct domain *d)
{
	return (uint64_t *)(uintptr_t)d->pt_root;
}

static inline uint32_t domain_death_how(const struct domain *d)
{
	return d->end == END_EXIT ? DEATH_EXIT : d->end == END_FAULT ? DEATH_FAULT : DEATH_KILL;
}

#endif
