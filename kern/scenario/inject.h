/* Fault injection: the `inject` lines of a scenario (docs/scenarios.md).
 *
 * An injection does one ACTION when an EVENT happens, at most once:
 *   actions: kill a domain (as if it had faulted; its end is `kill`);
 *            revoke a door, as if its server had called SYS_DOOR_REVOKE;
 *            close a domain's handle to a door, as if the domain had called
 *            SYS_HANDLE_CLOSE (doors are named by their published names,
 *            resolved when the injection fires);
 *   events:  a thread enters a domain by a door call for the K-th time
 *            (before the domain's code runs), returns out of a domain for
 *            the K-th time (before its caller resumes), a tick is reached,
 *            the scenario starts (its domains are created, none has run), or
 *            a door is revoked while calls are in flight in it or wait for
 *            it (after the revocation took effect, before any of those calls
 *            goes on).
 * With `+N`, the action comes N instructions after the event instead: a
 * one-shot timer deadline N nanoseconds of virtual time later (under
 * -icount shift=0 one instruction retired is one nanosecond), so the
 * precision is the timebase's period (100 instructions at QEMU virt's
 * 10 MHz) plus the time to take the interrupt; the trace reports how late
 * each delayed injection fired. Ticks count from the start of the scenario
 * (a batch runs several in one boot, kern/scenario/batch.h). */
#ifndef KERN_INJECT_H
#define KERN_INJECT_H

#include <stdint.h>

struct manifest;
struct domain;
struct door;

/* Arm the manifest's injections (dropping any armed before); dom_of_line
 * maps manifest indices to domain ids. `when start` events happen here. */
void inject_arm(const struct manifest *m, const int *dom_of_line);
/* Drop every injection not fired (the scenario has ended) and the domain
 * references they hold. */
void inject_disarm(void);
void inject_enter(struct domain *d);
void inject_return(struct domain *d);
/* A thread was sent back out of dead d (an unwind, or the caller's side of a
 * split): the injection fires at the next timer interrupt, not inside the
 * death's sweep. */
void inject_unwind(struct domain *d);
void inject_tick(uint64_t now);
/* t's budget ran out while it runs in t->cur. */
struct thread;
void inject_exhausted(struct thread *t);
/* door has just been revoked with calls in flight or waiting. */
void inject_revoked(struct door *door);
/* The timer interrupt at timebase time now: fire the delayed injections due. */
void inject_time(uint64_t now);
/* Timebase time of the earliest delayed injection, or UINT64_MAX. */
uint64_t inject_next_deadline(void);

#endif
