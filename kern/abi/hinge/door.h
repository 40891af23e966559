/* Doors as user space sees them: handle rights, door and call flags, and the
 * activation pool a server describes when it creates a door.
 *
 * Shared by kernel and user space. The rules behind every value here are in
 * doors/SEMANTICS.md. */
#ifndef HINGE_DOOR_H
#define HINGE_DOOR_H

#include <stdint.h>

/* Rights of a handle (a bit set). A handle's rights never grow: dup and
 * transfer can only keep or drop bits. */
#define H_CALL    (1u << 0)  /* may call the door */
#define H_DUP     (1u << 1)  /* may be duplicated within the domain */
#define H_REVOKE  (1u << 2)  /* may revoke the door */
#define H_XFER    (1u << 3)  /* may be transferred to another domain */
#define H_INFO    (1u << 4)  /* may query the door's attributes */
#define H_ALL     (H_CALL | H_DUP | H_REVOKE | H_XFER | H_INFO)

/* Door flags, fixed at creation. */
#define DOOR_F_UNREF  (1u << 0)  /* tell the server, once, when only one handle to the door is left */
#define DOOR_F_ALL    (DOOR_F_UNREF)

/* Flags of one door call. */
#define DOOR_CALL_NOWAIT  (1u << 0)  /* fail with HE_AGAIN instead of waiting for a free activation */
#define DOOR_CALL_ALL     (DOOR_CALL_NOWAIT)

/* The activations a server provides for a door: n activations, activation i
 * running on the user stack [stack_base + i*stack_size, +stack_size) with the
 * argument buffer [buf_base + i*buf_size, +buf_size), all in the server's
 * address space. stack_base and stack_size are multiples of 16 (the RISC-V
 * stack alignment); buf_size may be 0 (a door without arguments). */
struct door_pool_desc {
	uint64_t stack_base;
	uint64_t stack_size;
	uint64_t buf_base;
	uint64_t buf_size;
	uint32_t n;          /* 1..MAX_ACTS_PER_DOOR */
	uint32_t pad;        /* must be 0 */
};

#endif
