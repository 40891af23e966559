/* Priority inheritance: the one place where Hinge decides who runs at whose
 * priority (normative rule: doors/SEMANTICS.md §5).
 *
 * The wait-for graph. An edge w -> h means "w cannot go on until h does
 * something", and w lends its priority to h. Three kinds of edge:
 *   POOL   w waits for an activation of a door's pool (w->wait: WAIT_ACTIVATION) and h
 *          holds an activation of that pool: h's return frees one. Not for
 *          doors created with DOOR_F_NOPI or DOOR_F_HANDOFF (the baseline
 *          without any inheritance, doors/handoff.h).
 *   MUTEX  w waits for a kernel mutex (w->wait: WAIT_MUTEX) and h holds it. Only for
 *          mutexes created with MUTEX_F_PI.
 *   REPLY  w waits for the reply of server thread h (w->wait: WAIT_REPLY, and
 *          w->reply_from == h), in a
 *          door mode where a pooled server thread runs the call instead of the
 *          caller's own thread. Set with inherit_set_reply, only for
 *          DOOR_F_HANDOFF_PI doors; the door code decides, this file only
 *          follows the edge.
 *
 * The rule:
 *   inherited(t) = max { prio(w) : w -> t }          (-1 if there is no edge)
 *   prio(t)      = max(base(t), inherited(t)),   base(t) = t->sc->prio
 * It is transitive over all three kinds (w -> h -> g lends prio(w) to g),
 * and it is recomputed from scratch, never incremented or decremented, each
 * time an edge appears or disappears or a base priority changes: a boost ends
 * exactly when its cause does. With a cycle (a deadlock, or a thread waiting
 * on something it holds itself) the rule has several solutions; Hinge takes
 * the least: inherited(t) = the highest base priority among the threads other
 * than t from which t can be reached. No thread boosts itself.
 *
 * Cost: nothing here runs unless some thread waits. An uncontended door call
 * or return, lock or unlock creates no edge and calls none of this. A
 * recomputation visits at most MAX_THREADS threads, each scanning its
 * holdings. */
#ifndef KERN_INHERIT_H
#define KERN_INHERIT_H

#include <stdbool.h>
#include <stdint.h>

struct thread;
struct actpool;
struct mutex;

/* Something changed at t, pool and/or mutex (each may be NULL): an edge into
 * or out of them appeared or disappeared. Recompute the boost of t, of the
 * holders of pool's activations and of mutex's holder, and of everything
 * downstream of them (the threads they wait on, transitively). A thread
 * whose effective priority changed while it waits is moved to its place in
 * its queue, and the scheduler is told (thread_set_inherited). */
void inherit_recompute(struct thread *t, struct actpool *pool, struct mutex *mutex);

/* t's base priority changed (the caller has updated t->sc->prio and its
 * effective priority): re-sort t in the queue it waits in, if any, and
 * recompute everything downstream of it. */
void inherit_base_changed(struct thread *t);

/* REPLY edge: w now waits for the reply of server thread s, or for nobody
 * (s == NULL). w may have at most one such edge; setting one replaces the
 * previous. Recomputes the old and the new server's boosts and downstream. */
void inherit_set_reply(struct thread *w, struct thread *s);

/* t is dying: drop its REPLY edges both ways (it waits for nobody's reply,
 * and nobody waits for its reply any more) and recompute what they fed. */
void inherit_forget(struct thread *t);

/* Bandwidth inheritance (doors/SEMANTICS.md §21): t's own budget is used
 * up (its context THROTTLED) while threads wait on it through lending edges
 * (the same edges and walk as priority): the context of the highest-priority
 * of them with budget left, by base priority (a tie: the first met), which
 * pays for t's ticks until t's own is replenished or the edge goes; a
 * lender's context whose replenishment is due is replenished first. NULL if
 * none can lend, or when the rule is off (inherit_bandwidth_off). */
struct schedctx *inherit_lent_budget(struct thread *t, uint64_t now);
/* Off for one boot (a manifest's `nobwi`): the comparison of bench/README.md
 * only. */
extern bool inherit_bandwidth_off;

/* The least solution for t alone, from scratch, without changing anything
 * (tests and assertions: always equal to t->inherited_prio between kernel
 * operations). */
int inherit_compute(struct thread *t);

#endif
