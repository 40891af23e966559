/* The door system calls: argument decoding, user memory, and the machine
 * half of call and return (address space switch, entry registers). Every
 * decision and state change is delegated to doors/call.c and friends. */
#ifndef DOORS_DOOR_SYS_H
#define DOORS_DOOR_SYS_H

#include "kern/arch.h"

struct domain;
struct door;

long sys_door_create(struct trapframe *tf);
long sys_door_call(struct trapframe *tf);
long sys_door_return(struct trapframe *tf);
long sys_door_revoke(struct trapframe *tf);
/* Revoke door as domain `by` (which holds H_REVOKE for it) asked: waiters
 * are woken with HE_REVOKED; traced, and an injection event when calls are
 * in flight or waiting. */
void door_revoke_now(struct domain *by, struct door *door);
long sys_door_info(struct trapframe *tf);
long sys_handle_dup(struct trapframe *tf);
long sys_handle_close(struct trapframe *tf);
long sys_door_unref_wait(struct trapframe *tf);
/* SYS_DOOR_NOTIFY: (door, notification, unref bits, cancel bits) -> 0. */
long sys_door_notify(struct trapframe *tf);
long sys_name_publish(struct trapframe *tf);
long sys_name_lookup(struct trapframe *tf);

struct thread;

/* The C halves of trap.S's door fast path (the argument and result words
 * stay in registers: trap.S keeps them in s1..s5 across these calls).
 * door_fast_call returns the server's frame to enter, or a negative HE_*
 * code for the caller;
 * door_fast_return returns the caller's frame to resume. */
long door_fast_call(uint64_t h, uint64_t flags);
/* When door_fast_call answers ACQ_NONE_FREE (no free activation, a handoff
 * door, or a scenario observes door events): the same call through the
 * general entry, which may wait, traces, lets injections fire, and hands
 * handoff calls over (w1..w5: the argument words); same results. */
long door_fast_call_wait(uint64_t h, uint64_t flags, uint64_t w1, uint64_t w2, uint64_t w3,
			 uint64_t w4, uint64_t w5);
struct trapframe *door_fast_return(void);
/* When door_fast_return returns NULL (not a quiet return: a waiter gets the
 * activation, the door must settle, the caller died, or a switch is due):
 * the general return, then the general exit. */
void door_fast_return_rare(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
	__attribute__((noreturn));

/* The domain t runs in died under it (t had migrated into it by a door
 * call): pop t's shuttle down to the nearest caller that is still live,
 * whose door_call then returns HE_DEAD; a wait for an activation is
 * cancelled. The activations of the popped hops are released. Returns
 * false if no live caller is left (t must die). Interim rule until the crash
 * semantics of doors/SEMANTICS.md are complete. */
bool door_unwind(struct thread *t);
/* A domain died: what that does to thread t (doors/SEMANTICS.md §8):
 * nothing, a send-back (t runs in a dead domain), or a split (a domain
 * below t's current hop died). Returns true when t must die. */
bool door_domain_died(struct thread *t);
/* t dies: give back every activation it holds and leave any wait queue. */
void door_release_all(struct thread *t);

#endif
