/* Protection domains: an address space plus the objects (threads, handles)
 * that live in it.
 *
 * Life cycle (state field):
 *   DOM_FREE -> domain_create -> DOM_LIVE -> domain_kill -> DOM_DEAD
 * A dead domain keeps its slot (with how it ended) for the rest of the boot;
 * its address space is reclaimed when its last thread is reaped. Slots are
 * not reused yet (doors/SEMANTICS.md §10).
 * Invariant: a DOM_DEAD domain runs no user code and gets no new calls. */
#ifndef KERN_DOMAIN_H
#define KERN_DOMAIN_H

#include <stdint.h>
#include <hinge/door.h>
#include "config.h"
#include "doors/handle.h"

enum domain_state { DOM_FREE = 0, DOM_LIVE, DOM_DEAD };

/* How a domain ended; reported on the console and checked by boot manifests. */
enum domain_end { END_NONE = 0, END_EXIT, END_FAULT, END_KILL };

struct domain {
	int id;
	enum domain_state state;
	char name[16];
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
	struct handle_table handles; /* the only way this domain names kernel objects */
	uint32_t gen;            /* incarnation: a restart creates gen + 1 in a new slot */
	struct domain *successor;/* the incarnation that replaced this dead one, or NULL */
	char prog[16];           /* what it runs, for a restart */
	uint64_t arg;
};


/* Create a domain running the embedded program `prog`: a fresh address space,
 * the ELF loaded, a user stack, and one thread at prio entered with a0 = arg.
 * Returns the domain or NULL with *err = HE_NOENT (no such program),
 * HE_INVAL (bad image or priority), HE_NOMEM (a pool or memory exhausted);
 * nothing is left allocated on failure. */
struct domain *domain_create(const char *name, const char *prog, int prio,
			     int maxprio, uint64_t arg, int *err);
struct domain *domain_by_id(int id);
int domain_live_count(void);
/* Handles held by all live domains, for leak checks. */
int domain_handle_count(void);

/* End domain d (exit or fault): kill all its threads; its address space is
 * reclaimed when the last thread is reaped. */
void domain_kill(struct domain *d, enum domain_end end, int64_t code);
/* Called when a thread whose home is d has been reaped. */
void domain_thread_gone(struct domain *d);
/* Start a new incarnation of the dead domain d (same name, program, priority
 * and arg; generation + 1; a new slot and id). Returns it, or NULL with *err:
 * HE_INVAL (d is not dead, or already restarted) or the errors of
 * domain_create. */
struct domain *domain_restart(struct domain *d, int *err);
/* Switch the hart to d's address space. */
void domain_activate(struct domain *d);
/* When no domain is left, report the boot manifest's verdict and shut down. */
void domain_check_all_done(void);

/* How a dead domain ended, as user space is told (hinge/door.h DEATH_*). */
static inline uint32_t domain_death_how(const struct domain *d)
{
	return d->end == END_EXIT ? DEATH_EXIT : d->end == END_FAULT ? DEATH_FAULT : DEATH_KILL;
}

#endif
