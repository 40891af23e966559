/* The general door call and return (doors/slowpath.c). Every call and
 * return that is not quiet goes through one function each,
 * door_call_general and door_return_general: SYS_DOOR_CALL and
 * SYS_DOOR_RETURN (a call with a bulk part, a return with result bytes),
 * and the fast path's fallbacks (doors/fastpath.h: a call that waits, a
 * handoff door, a dead server to name, a scenario that traces; a return
 * with a waiter, a door to settle, a dead caller, a switch due). */
#ifndef DOORS_SLOWPATH_H
#define DOORS_SLOWPATH_H

struct trapframe;

long sys_door_call(struct trapframe *tf);
long sys_door_return(struct trapframe *tf);

#endif
