/* The door fast path's C halves, called only by trap.S (its register
 * convention: kern/abi/hinge/door.h; the argument and result words stay in
 * s1..s5 across these calls). */
#ifndef DOORS_FASTPATH_H
#define DOORS_FASTPATH_H

#include <stdint.h>

struct trapframe;

/* A door call without bulk part: the server's frame to enter (trap.S loads
 * pc, sp, a0, a6 from it and the words from s1..s5, and zeroes every other
 * register), a negative HE_* code for the caller (nothing happened), or
 * ACQ_NONE_FREE: not quiet, trap.S goes on with door_fast_call_general. */
long door_fast_call(uint64_t h, uint64_t flags);

/* The same call through the general path (door_call_general; w1..w5: the
 * argument words). Returns the server's frame to enter as door_fast_call
 * does; any other outcome leaves through the general exit, never here. */
long door_fast_call_general(uint64_t h, uint64_t flags, uint64_t w1, uint64_t w2, uint64_t w3,
			    uint64_t w4, uint64_t w5);

/* A door return without result bytes: the caller's frame to resume (trap.S
 * loads a0 = 0, the results from s1..s5, the caller's saved registers), or
 * NULL: not quiet, trap.S goes on with door_fast_return_general. */
struct trapframe *door_fast_return(void);

/* The same return through the general path (door_return_general; r1..r5:
 * the result words), then the general exit. */
void door_fast_return_general(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
	__attribute__((noreturn));

#endif
