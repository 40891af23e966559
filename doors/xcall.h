/* The bulk part of a door call (DOOR_CALL_XARG, hinge/door.h): data copied
 * into the activation's buffer and handles installed in the server's table.
 * It is checked completely before the call begins, so that moving it once
 * the call has begun cannot fail. */
#ifndef DOORS_XCALL_H
#define DOORS_XCALL_H

#include <stdint.h>
#include <hinge/door.h>
#include "kern/uaccess.h"

struct domain;
struct activation;

struct xcall {
	uint64_t xarg;           /* the caller's struct door_xarg, a user address */
	struct door_xarg x;
	struct door_desc desc[DOOR_MAX_DESC];
	struct user_range data;  /* the caller's bytes, checked readable */
};

/* Read and check caller d's struct door_xarg at user address xarg (kept
 * in xc->xarg, for a check again after a wait) for a call through its
 * handle h: sizes within DOOR_MAX_* and the door's buffer
 * (HE_INVAL), data readable and rbuf writable (HE_FAULT), every handle
 * transferable (handle_get's codes), descriptor flags known (HE_INVAL), and
 * room in the server's table (HE_NOSPACE). Returns 0 with *xc filled. */
int xcall_check(struct domain *d, int h, uint64_t xarg, struct xcall *xc);

/* Move the bulk data and handles of a call that has begun into act's
 * buffer and the server's table. Cannot fail: all was checked by
 * xcall_check (with nothing since that could unmap the caller's data: a
 * call that waited was checked again), and the server's buffer is its own
 * memory since door creation. Returns the server's a7 (bytes | handles << 32). */
uint64_t xcall_transfer(struct domain *caller, struct domain *server, struct activation *act,
			struct xcall *xc);

#endif
