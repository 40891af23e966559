/* Per-thread errno and the Hinge error -> errno table of the illumos
 * compatibility layer (door.h, docs/solaris-doors.md). picolibc reaches
 * errno through __PICOLIBC_ERRNO_FUNCTION, defined as
 * solaris_errno_location for the programs that use the layer. */
#include <hinge/errno.h>
#include "solaris.h"

static struct solaris_tls initial = { .err = 0, .bound = -1 };

struct solaris_tls *solaris_tls(void)
{
	struct solaris_tls *t;
	__asm__ volatile("mv %0, tp" : "=r"(t));
	return t ? t : &initial;
}

int *solaris_errno_location(void)
{
	return &solaris_tls()->err;
}

/* Indexed by -HE_*. */
static const int errno_of[] = {
	[-HE_FAULT] = EFAULT,
	[-HE_INVAL] = EINVAL,
	[-HE_NOMEM] = ENOMEM,
	[-HE_PERM] = EPERM,
	[-HE_NOENT] = ENOENT,
	[-HE_BADHANDLE] = EBADF,
	[-HE_NOSPACE] = EMFILE,
	[-HE_REVOKED] = EBADF,
	[-HE_AGAIN] = EAGAIN,
	[-HE_DEPTH] = EAGAIN,
	[-HE_DEAD] = EINTR,
	[-HE_NOCALL] = EINVAL,
	[-HE_STALE] = EBADF,
	[-HE_DEADLK] = EDEADLK,
	[-HE_CANCELLED] = EINTR,
	[-HE_NOTSUP] = ENOTSUP,
	[-HE_NOBUFS] = ENOBUFS,
	[-HE_TOOMANY] = ENFILE,
	[-HE_OVERFLOW] = EOVERFLOW,
};

int solaris_fail(long he)
{
	long i = -he;
	errno = i > 0 && i < (long)(sizeof errno_of / sizeof errno_of[0]) && errno_of[i] ? errno_of[i] : EINVAL;
	return -1;
}
