/* The door object system calls (doors/door_sys.c). SYS_DOOR_CALL and
 * SYS_DOOR_RETURN are doors/slowpath.h's. */
#ifndef DOORS_DOOR_SYS_H
#define DOORS_DOOR_SYS_H

struct trapframe;
struct domain;
struct door;

long sys_door_create(struct trapframe *tf);
long sys_door_revoke(struct trapframe *tf);
/* Revoke door as domain `by` (which holds H_REVOKE for it) asked: waiters
 * are woken with HE_REVOKED; traced, and an injection event when calls are
 * in flight or waiting. */
void door_revoke_now(struct domain *by, struct door *door);
long sys_door_info(struct trapframe *tf);
long sys_door_unref_wait(struct trapframe *tf);
/* SYS_DOOR_NOTIFY: (door, notification, unref bits, cancel bits) -> 0. */
long sys_door_notify(struct trapframe *tf);
/* SYS_DOOR_PARAM: (handle, DOOR_PARAM_*, GET/SET, value) -> 0 (a1 = value). */
long sys_door_param(struct trapframe *tf);
/* SYS_DOOR_UCRED: (struct door_cred *) -> 0. */
long sys_door_ucred(struct trapframe *tf);
/* SYS_DOOR_CANCELLED: 1 when the work of the current call is for nobody. */
long sys_door_cancelled(struct trapframe *tf);
/* SYS_DOOR_RBUF_FREE: (address of a result buffer the kernel mapped) -> 0. */
long sys_door_rbuf_free(struct trapframe *tf);

#endif
