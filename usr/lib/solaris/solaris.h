/* What the illumos compatibility files share (not for programs): the
 * per-thread state tp points to, and the errno convention. */
#ifndef USR_SOLARIS_SOLARIS_H
#define USR_SOLARIS_SOLARIS_H

#include <errno.h>
#include <hinge/door.h>
#include "door.h"

/* Per-thread state. tp points to one: a door activation's (set by door.c's
 * trampoline on entry, since a call enters with every register zero), or,
 * while tp is 0, the initial thread's. */
struct solaris_tls {
	int err;      /* errno */
	int bound;    /* the door door_bind bound the thread to, or -1 */
	door_desc_t rdesc[DOOR_MAX_DESC]; /* descriptors door_call returned that did not fit
					    after the data in rbuf: valid until the next call */
};

struct solaris_tls *solaris_tls(void);

/* Set errno to the errno of the Hinge error he (< 0; the table in
 * errno.c and docs/solaris-doors.md) and return -1. */
int solaris_fail(long he);

/* Set errno to e and return -1. */
static inline int solaris_fail_errno(int e)
{
	errno = e;
	return -1;
}

/* Wrap a native result: r >= 0 as it is, else -1 with errno. */
static inline int solaris_result(long r)
{
	return r < 0 ? solaris_fail(r) : (int)r;
}

#endif
