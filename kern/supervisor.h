/* The supervisor: one domain (marked `supervisor` in the boot manifest) that
 * is told of every other domain's death, with the cause, and may restart
 * the dead domain (doors/SEMANTICS.md §12). */
#ifndef KERN_SUPERVISOR_H
#define KERN_SUPERVISOR_H

#include <stdbool.h>

struct domain;
struct thread;
struct trapframe;

void supervisor_set(struct domain *d);
/* t runs in the supervisor (the right its calls need). */
bool is_supervisor(const struct thread *t);
/* d has died: queue the news for the supervisor (if any) and wake it. */
void supervisor_notify(struct domain *d);
/* t's pending WAIT_DEATH (SYS_DEATH_WAIT) ends with status: it is no longer
 * the waiter. No-op if no such wait is pending. */
void supervisor_cancel_wait(struct thread *t, long status);

long sys_death_wait(struct trapframe *tf);
long sys_domain_restart(struct trapframe *tf);
long sys_domain_kill(struct trapframe *tf);

#endif
