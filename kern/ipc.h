/* What the kernel core needs from its IPC layer (doors/), and nothing more.
 *
 * With migrating threads, a door call is the thread's own control flow: the
 * thread carries its call stack (the shuttle, embedded in struct thread),
 * and a domain's death is surgery on the shuttles of the threads inside it.
 * So the core calls into doors/ at exactly these points; everything else of
 * doors/ sits above the core. (The other edge is inheritance's POOL edge:
 * kern/inherit.c walks activation pools, doors/activation.h.) */
#ifndef KERN_IPC_H
#define KERN_IPC_H

#include <stdbool.h>
#include "doors/shuttle.h"

struct thread;

/* A domain died: what that does to thread t, which runs in it or has it
 * somewhere on its shuttle (doors/SEMANTICS.md, the crash rules; doors/crash.c).
 * Returns true when t must die. */
bool ipc_domain_died(struct thread *t);

/* t is being reaped, its wait already cancelled: give back every
 * activation it holds and end the calls its shuttle records
 * (doors/crash.c). */
void ipc_thread_reaped(struct thread *t);

/* thread_wait_cancel for the waits doors/ owns (WAIT_ACTIVATION,
 * WAIT_REPLY, WAIT_UNREF; kern/thread.h): the pending wait ends with status
 * (doors/crash.c). */
void ipc_wait_cancel(struct thread *t, long status);

/* A handle to door d was made (install, dup, transfer), or one was closed:
 * the handle table (kern/handle.c) tells the door, whose life depends on
 * its handles (doors/door.h: a closed handle may leave it unreferenced, or
 * free it). */
struct door;
enum door_settled { DOOR_KEPT = 0, DOOR_UNREFERENCED, DOOR_FREED };
void door_ref(struct door *d);
enum door_settled door_unref_handle(struct door *d);

#endif
