/* Handles returned with a door return (SYS_DOOR_RETURN with handles,
 * hinge/door.h): the mirror of a call's handles (doors/xcall.h). The server
 * names them in its activation buffer, after the result bytes; the caller
 * gets their new numbers in registers. Checked completely before the return
 * happens, so that moving them once it happens cannot fail. */
#ifndef DOORS_XRETURN_H
#define DOORS_XRETURN_H

#include <stdint.h>
#include <hinge/door.h>

struct domain;
struct activation;
struct trapframe;

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
