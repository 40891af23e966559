/* Domains as user space sees them: how a domain ended, as a door caller
 * (HE_DEAD, HE_STALE: hinge/door.h) and the supervisor (SYS_DEATH_WAIT) are
 * told of it.
 *
 * Shared by kernel and user space. */
#ifndef HINGE_DOMAIN_H
#define HINGE_DOMAIN_H

#include <stdint.h>

/* Longest domain or program name + 1 (the terminating NUL). */
#define DOMAIN_NAME_LEN 16

/* How a domain ended. */
#define DEATH_EXIT  1u  /* the domain exited (SYS_EXIT, or its last thread ended) */
#define DEATH_FAULT 2u  /* a user fault killed it */
#define DEATH_KILL  3u  /* it was killed (SYS_DOMAIN_KILL, or an injection) */
/* a4 of a door call refused with HE_DEAD or HE_STALE because the server was
 * no longer live when the call was made (SYS_DOOR_CALL's check 5); 0 when it
 * died while the call waited or ran. */
#define DEATH_BEFORE_CALL 1u

/* A domain's death, as the supervisor is told of it (SYS_DEATH_WAIT). */
struct hinge_death {
	int32_t domain;       /* id of the dead domain */
	uint32_t how;         /* DEATH_EXIT, DEATH_FAULT or DEATH_KILL */
	int64_t code;         /* exit status, or scause of the fault */
	uint32_t gen;         /* its incarnation: 0, then + 1 at each restart */
	char name[DOMAIN_NAME_LEN];
};

#endif
