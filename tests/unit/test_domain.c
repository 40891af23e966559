/* Domain life cycle (kern/domain.h): creation, death, references, slot
 * reclamation and reuse, ids that never name a later domain, restart links
 * and supervisor records across reuse. Domains run the host's "tiny" program
 * (tests/unit/fake_arch.c); no thread ever runs. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "kern/domain.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/palloc.h"
#include "kern/scenario/kcounts.h"
#include "kern/supervisor.h"
#include "kern/scenario/manifest.h"
#include "kern/scenario/inject.h"
#include "doors/door.h"
#include "doors/call.h"
#include "door_fixtures.h"

#define ARENA_PAGES 1024

static char *arena;
static size_t base_pages;

static void setup(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	cr_assert_not_null(arena);
	palloc_init((uintptr_t)arena, (uintptr_t)arena + ARENA_PAGES * PAGE_SIZE);
	sched_init(&this_hart()->sched);
	base_pages = palloc_used_count();
}

static void teardown(void)
{
	free(arena);
}

TestSuite(domain, .init = setup, .fini = teardown);

static struct domain *create(const char *name)
{
	int err = 0;
	struct domain *d = domain_create(name, "tiny", &(struct domain_limits){ 5, 5, 0, 0, -1 }, 0, &err);
	cr_assert_not_null(d, "domain_create(%s): error %d", name, err);
	return d;
}

Test(domain, the_first_domains_of_a_boot_have_their_slot_as_id)
{
	for (int i = 0; i < 3; i++) {
		struct domain *d = create("d");
		cr_assert_eq(d->id, i);
		cr_assert_eq(domain_by_id(i), d);
		cr_assert_eq(d->refs, 1, "its one thread's home reference");
		cr_assert_eq(d->nthreads, 1);
	}
	cr_assert_eq(domain_slot_count(), 3);
	cr_assert_eq(domain_live_count(), 3);
	cr_assert_null(domain_by_id(3));
	cr_assert_null(domain_by_id(-1));
	cr_assert_null(domain_by_id(MAX_DOMAINS), "slot 0's next id is not given out yet");
}

Test(domain, an_unreferenced_dead_domain_is_reclaimed_at_once)
{
	struct domain *d = create("d");
	int id = d->id;
	domain_kill(d, END_FAULT, 13);
	cr_assert_null(domain_by_id(id));
	cr_assert_eq(d->state, DOM_FREE);
	cr_assert_eq(domain_slot_count(), 0);
	cr_assert_eq(thread_live_count(), 0);
	cr_assert_eq(palloc_used_count(), base_pages, "address space and stack given back");
	struct hinge_counts c;
	kcounts(&c);
	cr_assert_eq(c.domain_slots, 0);
	cr_assert_eq(c.domains, 0);
}

Test(domain, a_reused_slot_gets_a_new_id_and_the_old_id_names_nothing)
{
	struct domain *a = create("a");
	int old = a->id;
	domain_kill(a, END_EXIT, 0);
	struct domain *b = create("b");
	cr_assert_eq(b, a, "the slot is taken again");
	cr_assert_eq(b->id, old + MAX_DOMAINS);
	cr_assert_null(domain_by_id(old), "the old id does not name the new domain");
	cr_assert_eq(domain_by_id(b->id), b);
	cr_assert_eq(b->gen, 0, "a new domain, not an incarnation");
	cr_assert_not(b->restarted);
}

Test(domain, ids_are_never_given_twice_in_a_boot)
{
	int seen[200];
	for (int i = 0; i < 200; i++) {
		struct domain *d = create("d");
		seen[i] = d->id;
		for (int k = 0; k < i; k++)
			cr_assert_neq(seen[k], d->id);
		domain_kill(d, END_EXIT, 0);
		cr_assert_null(domain_by_id(seen[i]));
	}
	cr_assert_eq(palloc_used_count(), base_pages, "200 domains, nothing leaked");
}

Test(domain, slots_come_back_after_exhaustion)
{
	struct domain *d[MAX_DOMAINS];
	for (int i = 0; i < MAX_DOMAINS; i++)
		d[i] = create("d");
	int err = 0;
	cr_assert_null(domain_create("x", "tiny", &(struct domain_limits){ 5, 5, 0, 0, -1 }, 0, &err));
	cr_assert_eq(err, HE_NOMEM);
	domain_kill(d[7], END_KILL, 0);
	struct domain *n = create("x");
	cr_assert_eq(n, d[7]);
	cr_assert_eq(n->id, 7 + MAX_DOMAINS);
}

Test(domain, a_door_keeps_its_dead_server_until_it_is_freed)
{
	struct domain *s = create("server"), *c = create("client");
	struct door *door = fx_door(s, 1, 0);
	cr_assert_not_null(door);
	cr_assert_eq(s->refs, 2, "its thread and its door");
	int h = handle_install(&c->handles, KOBJ_DOOR, door, H_ALL);
	cr_assert_geq(h, 0);
	int id = s->id;
	domain_kill(s, END_FAULT, 13);
	cr_assert_eq(domain_by_id(id), s, "the client's handle keeps the door, the door the server");
	cr_assert_eq(s->state, DOM_DEAD);
	cr_assert_eq(s->refs, 1);
	cr_assert_eq(s->pt_root, 0, "the address space went with the last thread");
	cr_assert_eq(domain_slot_count(), 2);

	struct thread t = { 0 };
	struct door_call_plan plan;
	cr_assert_eq(door_call_try(&t, &c->handles, h, 0, &plan), HE_DEAD);

	cr_assert_eq(handle_close(&c->handles, h), 0);
	cr_assert_null(domain_by_id(id), "the door freed, the server's slot with it");
	cr_assert_eq(domain_slot_count(), 1);
}

Test(domain, a_domains_handles_to_its_own_doors_do_not_keep_it)
{
	struct domain *s = create("server");
	struct door *door = fx_door(s, 1, 0);
	cr_assert_geq(handle_install(&s->handles, KOBJ_DOOR, door, H_ALL), 0);
	int id = s->id;
	domain_kill(s, END_EXIT, 0);
	cr_assert_null(domain_by_id(id));
	cr_assert_eq(door_live_count(), 0);
}

Test(domain, the_restart_link_is_an_id_and_stale_stays_stale_across_reuse)
{
	struct domain *x = create("x"), *c = create("client");
	struct door *door = fx_door(x, 1, 0);
	int h = handle_install(&c->handles, KOBJ_DOOR, door, H_ALL);
	domain_kill(x, END_FAULT, 13);
	int err = 0;
	struct domain *n = domain_restart(x, &err);
	cr_assert_not_null(n, "restart: error %d", err);
	cr_assert_eq(n->gen, 1);
	cr_assert(x->restarted);
	cr_assert_eq(x->successor, n->id);
	cr_assert_null(domain_restart(x, &err), "restarted once per incarnation");
	cr_assert_eq(err, HE_INVAL);

	/* The new incarnation dies and is reclaimed; its slot is taken by an
	 * unrelated domain: the old incarnation's link names nothing. */
	int nid = n->id;
	domain_kill(n, END_EXIT, 0);
	cr_assert_null(domain_by_id(nid));
	struct domain *other = create("other");
	cr_assert_eq(other, n, "the same slot");
	cr_assert_neq(other->id, x->successor);
	cr_assert_null(domain_by_id(x->successor));

	struct thread t = { 0 };
	struct door_call_plan plan;
	cr_assert_eq(door_call_try(&t, &c->handles, h, 0, &plan), HE_STALE);
}

Test(domain, the_supervisors_records_keep_a_dead_domain_restartable)
{
	struct domain *s = create("super"), *x = create("x");
	supervisor_set(s);
	int xid = x->id;
	domain_kill(x, END_FAULT, 13);
	cr_assert_eq(domain_by_id(xid), x, "the queued record holds it");
	cr_assert_eq(x->refs, 1);
	int err = 0;
	struct domain *n = domain_restart(x, &err);
	cr_assert_not_null(n);

	/* The supervisor dies: its records go, and x with them. */
	domain_kill(s, END_EXIT, 0);
	cr_assert_null(domain_by_id(xid));
	cr_assert_eq(domain_by_id(n->id), n, "the new incarnation lives on");
	domain_kill(n, END_KILL, 0);
	cr_assert_eq(domain_slot_count(), 0);
	cr_assert_eq(palloc_used_count(), base_pages);
}

Test(domain, a_domain_whose_last_thread_ended_closes_its_handles)
{
	struct domain *s = create("server"), *c = create("client");
	struct door *door = fx_door(s, 1, 0);
	cr_assert_geq(handle_install(&s->handles, KOBJ_DOOR, door, H_ALL), 0);
	cr_assert_geq(handle_install(&c->handles, KOBJ_DOOR, door, H_CALL), 0);
	struct thread *t = NULL;
	for (int i = 0; i < MAX_THREADS && !t; i++) {
		struct thread *x = thread_by_id(i);
		if (x && x->home == c)
			t = x;
	}
	cr_assert_not_null(t);
	int cid = c->id;
	thread_kill(t);
	cr_assert_null(domain_by_id(cid), "ended as if by exit(0), handles closed, reclaimed");
	cr_assert_eq(door->nhandles, 1, "only the server's own handle is left");
}

/* The first thread of d (the one domain_create started). */
static struct thread *main_thread(struct domain *d)
{
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread *t = thread_by_id(i);
		if (t && t->home == d && !t->orphan)
			return t;
	}
	cr_assert_fail("no thread in %s", d->name);
	return NULL;
}

Test(domain, an_orphan_keeps_its_dead_base_until_it_ends)
{
	struct domain *a = create("A"), *b = create("B"), *c = create("C");
	struct door *db = fx_door(b, 1, 0), *dc = fx_door(c, 1, 0);
	int hb = handle_install(&a->handles, KOBJ_DOOR, db, H_ALL);
	cr_assert_geq(handle_install(&b->handles, KOBJ_DOOR, dc, H_ALL), 0);
	struct thread *t = main_thread(a);
	struct door_call_plan plan;
	cr_assert_eq(door_call_begin(t, &t->cur->handles, hb, 0, &plan), 0);
	cr_assert_eq(door_call_begin(t, &t->cur->handles, 0, 0, &plan), 0);
	cr_assert_eq(t->cur, c, "A -> B -> C");
	cr_assert_eq(handle_close(&a->handles, hb), 0); /* door b now lives by its call only */

	/* B dies under the thread: the chain splits, the caller's side resumes
	 * in A on a new thread object, the work in C goes on as an orphan whose
	 * base is the call out of dead B. */
	int bid = b->id;
	domain_kill(b, END_KILL, 0);
	cr_assert(t->orphan);
	cr_assert_eq(t->home, c);
	cr_assert_eq(t->shuttle.frame[t->shuttle.base].caller, b);
	cr_assert_eq(domain_by_id(bid), b, "the orphan's base keeps B (door b is freed)");
	cr_assert_eq(b->refs, 1);
	cr_assert_eq(c->refs, 3, "C's thread, its door, and the orphan's home");

	thread_kill(t);
	cr_assert_null(domain_by_id(bid), "the orphan ended: B is reclaimed");
	cr_assert_eq(c->refs, 1, "its home reference went, and door c with its last call");
	domain_kill(a, END_EXIT, 0);
	domain_kill(c, END_EXIT, 0);
	cr_assert_eq(domain_slot_count(), 0);
	cr_assert_eq(thread_live_count(), 0);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(palloc_used_count(), base_pages);
}

Test(domain, an_armed_injection_keeps_its_domains_until_disarmed)
{
	static struct manifest m;
	int line;
	const char *why;
	const char *text = "scn 0 1 100 0 s\ndom 0 5 5 0 -1 0 A\ndom 1 5 5 0 -1 0 B\ninj 4 1 0 -1 1 1 1 -1\n";
	cr_assert_eq(manifest_parse(text, strlen(text), &m, &line, &why), 0, "line %d: %s", line, why);
	struct domain *a = create("A"), *b = create("B");
	int ids[2] = { a->id, b->id };
	inject_arm(&m, ids);
	cr_assert_eq(a->refs, 2, "its thread and the injection");
	domain_kill(b, END_EXIT, 0);
	cr_assert_eq(domain_by_id(ids[1]), b, "the injection's subject is kept");
	inject_disarm();
	cr_assert_null(domain_by_id(ids[1]), "disarmed: B is reclaimed");
	cr_assert_eq(a->refs, 1);
}

Test(domain, every_kind_of_thread_holds_its_home)
{
	struct domain *d = create("server");
	int err = 0;
	struct thread *s = thread_create_waiting(d, 5, &err); /* a handoff server thread */
	cr_assert_not_null(s, "error %d", err);
	cr_assert_eq(d->refs, 2);
	int id = d->id;
	domain_kill(d, END_FAULT, 13);
	cr_assert_null(domain_by_id(id), "both threads reaped, both references gone");
	cr_assert_eq(thread_live_count(), 0);
}

Test(domain, a_bad_priority_is_reported_before_an_empty_thread_pool)
{
	struct domain *d = create("server");
	int err = 0;
	while (thread_create_waiting(d, 5, &err))
		;
	cr_assert_eq(err, HE_NOMEM);
	cr_assert_null(thread_create_waiting(d, PRIO_IDLE, &err));
	cr_assert_eq(err, HE_INVAL, "the argument is checked before the pools");
	domain_kill(d, END_FAULT, 13);
	cr_assert_eq(thread_live_count(), 0);
}

/* doors/SEMANTICS.md §18: the budget cap. */
Test(domain, a_budget_cap_is_checked_given_to_threads_and_kept_by_a_restart)
{
	int err = 0;
	cr_assert_null(domain_create("x", "tiny", &(struct domain_limits){ 5, 5, 6, 5, -1 }, 0, &err));
	cr_assert_eq(err, HE_INVAL, "budget above period");
	cr_assert_null(domain_create("x", "tiny", &(struct domain_limits){ 5, 5, 0, 5, -1 }, 0, &err));
	cr_assert_eq(err, HE_INVAL, "a period without a budget");
	cr_assert_eq(domain_live_count(), 0, "nothing left allocated");
	struct domain *d = domain_create("x", "tiny", &(struct domain_limits){ 5, 5, 2, 5, -1 }, 0, &err);
	cr_assert_not_null(d, "error %d", err);
	struct thread *t = main_thread(d);
	cr_assert_eq(t->sc->budget, 2, "its first thread starts at the cap");
	cr_assert_eq(t->sc->period, 5);
	cr_assert_not_null(fx_door(d, 1, 0)); /* keeps the dead domain, restartable */
	domain_kill(d, END_FAULT, 13);
	struct domain *n = domain_restart(d, &err);
	cr_assert_not_null(n, "restart: error %d", err);
	cr_assert_eq(n->cap_budget, 2);
	cr_assert_eq(n->cap_period, 5);
	cr_assert_eq(main_thread(n)->sc->budget, 2);
}
