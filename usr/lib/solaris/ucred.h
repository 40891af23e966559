/* Caller credentials of a door call (illumos ucred_get(3C) subset): what
 * door_ucred() fills in. A Hinge domain has no user or group: the ids are 0;
 * the process id is the calling domain's id. */
#ifndef USR_SOLARIS_UCRED_H
#define USR_SOLARIS_UCRED_H

#include <sys/types.h>

typedef struct ucred_s {
	pid_t caller;        /* the domain that made the call */
	unsigned caller_gen; /* its generation (a restart makes gen + 1) */
	pid_t origin;        /* the domain the calling thread started in: the chain's first caller */
	unsigned origin_gen;
	int in_use;          /* the library's pool slot is taken */
} ucred_t;

pid_t ucred_getpid(const ucred_t *uc);
uid_t ucred_geteuid(const ucred_t *uc);
gid_t ucred_getegid(const ucred_t *uc);
void ucred_free(ucred_t *uc);
/* Hinge extensions: the first caller of the chain, and generations. */
pid_t hinge_ucred_origin(const ucred_t *uc);
unsigned hinge_ucred_gen(const ucred_t *uc);

#endif
