/* The bulk part of a door call (DOOR_CALL_XARG, hinge/door.h): data copied
 * into the activation's buffer and handles installed in the server's table.
 * It is checked completely before the call begins, so that moving it once
 * the call has begun cannot fail.
 *
 * Its mirror, handles returned with a door return (SYS_DOOR_RETURN with
 * handles): the server names them in its activation buffer, after the
 * result bytes; the caller gets their new numbers in registers. Checked
 * completely before the return happens, so that moving them once it
 * happens cannot fail. */
#ifndef DOORS_XCALL_H
#define DOORS_XCALL_H

#include <stdint.h>
#include <hinge/door.h>
#include "kern/uaccess.h"

struct domain;
struct activation;
struct trapframe;

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

struct xreturn {
	uint64_t n;                            /* handles to return, <= DOOR_MAX_DESC */
	struct door_desc desc[DOOR_MAX_DESC];  /* as the server named them */
};

/* Read and check the handles of server's return from a call running on act
 * for caller, whose a6 was `a6` (result bytes | handles << 32): at most
 * DOOR_MAX_DESC, bytes and descriptors within the activation's buffer
 * (HE_INVAL), every handle transferable (handle_get's codes), descriptor
 * flags known (HE_INVAL), and room in the caller's table (HE_NOSPACE; not
 * checked for a caller that is no longer alive: it receives nothing).
 * Returns 0 with *xr filled. */
int xreturn_check(struct domain *server, const struct activation *act, uint64_t a6, struct domain *caller,
		  struct xreturn *xr);

/* Install xr's handles in the live caller's table, close the moved ones in
 * the server's, and give the caller's frame c a7 = their number and
 * t0..t3 = the new handle numbers. A caller that is no longer alive gets
 * nothing, and the server keeps its handles. Cannot fail after
 * xreturn_check with nothing run in between. */
void xreturn_transfer(struct domain *server, struct domain *caller, const struct xreturn *xr,
		      struct trapframe *c);

#endif
