/* Objects for the door unit tests, built directly (no kernel pools): domains,
 * threads with their scheduling contexts, and a default activation pool. */
#ifndef TEST_DOOR_FIXTURES_H
#define TEST_DOOR_FIXTURES_H

#include <stdlib.h>
#include <string.h>
#include "kern/thread.h"
#include "kern/domain.h"
#include "doors/door.h"
#include "kern/handle.h"
#include "doors/call.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "kern/palloc.h"

#define FX_STACK_BASE 0x100000UL
#define FX_STACK_SIZE 0x1000UL
#define FX_BUF_BASE   0x200000UL
#define FX_BUF_SIZE   0x100UL
#define FX_ENTRY      0x10000UL

static inline void fx_domain(struct domain *d, int id)
{
	memset(d, 0, sizeof *d);
	d->id = id;
	d->state = DOM_LIVE;
}

/* A live domain with a name and base priority, whose counts the fixture
 * threads never bring to 0 (no address space to free). */
static inline void fx_named_domain(struct domain *d, int id, const char *name, int prio)
{
	fx_domain(d, id);
	strcpy(d->name, name);
	strcpy(d->prog, "tiny");
	d->base_prio = prio;
	d->nthreads = 2;
	d->refs = 8; /* the fixture threads' references, not taken by fx_thread */
}

/* Thread ids index the priority-inheritance visit sets: keep them distinct
 * and below MAX_THREADS within one test. */
static inline void fx_thread(struct thread *t, struct schedctx *sc, int id, int prio,
			     struct domain *home)
{
	memset(t, 0, sizeof *t);
	memset(sc, 0, sizeof *sc);
	sc->state = SC_ACTIVE;
	sc->prio = prio;
	t->id = id;
	t->state = THREAD_RUNNING;
	t->sc = sc;
	t->inherited_prio = -1;
	t->prio = prio;
	t->home = home;
	t->cur = home;
	t->tf = &t->frames[0];
}

/* t (id 0, priority 10) is the thread this hart runs, in d: what a system
 * call handler finds as thread_current(). */
static inline void fx_run(struct thread *t, struct schedctx *sc, struct domain *d)
{
	fx_thread(t, sc, 0, 10, d);
	sched_init(&this_hart()->sched);
	this_hart()->sched.current = t;
}

/* A page allocator over `pages` fresh host pages (the caller frees them). */
static inline char *fx_arena(size_t pages)
{
	char *arena = aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE);
	if (arena)
		palloc_init((uintptr_t)arena, (uintptr_t)arena + pages * PAGE_SIZE);
	return arena;
}

static inline struct door_pool_desc fx_desc(uint32_t n)
{
	struct door_pool_desc d = {
		.stack_base = FX_STACK_BASE, .stack_size = FX_STACK_SIZE,
		.buf_base = FX_BUF_BASE, .buf_size = FX_BUF_SIZE, .n = n, .prio = 0,
	};
	return d;
}

static inline struct door *fx_door(struct domain *server, uint32_t nacts, uint32_t flags)
{
	struct door_pool_desc desc = fx_desc(nacts);
	struct door *d = NULL;
	if (door_alloc(server, FX_ENTRY, 0xc00c1e, flags, &desc, &d) != 0)
		return NULL;
	return d;
}

/* A handle with H_CALL to door in d's table (-1 if the table is full). */
static inline int fx_handle(struct domain *d, struct door *door)
{
	return handle_install(&d->handles, KOBJ_DOOR, door, H_CALL);
}

/* th, running in `from`, begins a call through door (door_call_begin's
 * answer: 0 entered, ACQ_QUEUED waits, or an HE_* code). */
static inline int fx_call(struct thread *th, struct domain *from, struct door *door)
{
	struct door_call_plan p;
	return door_call_begin(th, &from->handles, fx_handle(from, door), 0, &p);
}

#endif
