/* The general door call and return (doors/slowpath.c). Every call and
 * return that is not quiet goes through one function each,
 * door_call_general and door_return_general: SYS_DOOR_CALL and
 * SYS_DOOR_RETURN (a call with a bulk part, a return with result bytes),
 * and the fallbacks of the fast path in kern/arch/riscv/trap.S (a call
 * that is not quiet goes to SYS_DOOR_CALL whole: it waits, its door is a
 * handoff door, a server is dead, a check fails, a scenario traces; a
 * return that is not quiet to door_fast_return_general: a waiter, a door
 * to settle, a dead caller, a switch due, a scenario that traces). */
#ifndef DOORS_SLOWPATH_H
#define DOORS_SLOWPATH_H

#include <stdint.h>

struct trapframe;

long sys_door_call(struct trapframe *tf);
long sys_door_return(struct trapframe *tf);

/* The return of trap.S's fast_return that is not quiet, through the general
 * return (door_return_general; r1..r5: the result words, no result bytes),
 * then the general exit. trap.S checked that t is in a call. */
void door_fast_return_general(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
	__attribute__((noreturn));

#endif
