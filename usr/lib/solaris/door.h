/* The illumos door API (door_create(3C), door_call(3C), door_return(3C) and
 * the rest), for programs written for Solaris/illumos: compiled against
 * this header as <door.h>, they run unchanged on Hinge's doors. Every
 * function returns -1 and sets errno on failure, as on illumos; the layouts
 * and constants are illumos'. Where Hinge's migrating threads differ (a
 * server procedure runs on the caller's own thread, so thr_self() in a
 * server is the caller's thread), docs/solaris-doors.md has the table:
 * function, illumos behaviour, Hinge behaviour, test. Built on the register
 * API (door_reg.h); the native Solaris-style layer is door.h one folder up,
 * with negative HE_* codes instead of errno.
 *
 * A program using it is compiled with -D__PICOLIBC_ERRNO_FUNCTION=
 * solaris_errno_location (the Makefile does so for tests/qemu/sol_*): errno is
 * then per thread (tp names the thread's word; errno.c). */
#ifndef USR_SOLARIS_DOOR_H
#define USR_SOLARIS_DOOR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <ucred.h>

typedef unsigned int uint_t;
typedef unsigned long long door_ptr_t;
typedef unsigned long long door_id_t;
typedef unsigned int door_attr_t;

/* door_create attributes. */
#define DOOR_UNREF        0x01  /* the procedure is called with DOOR_UNREF_DATA once one handle is left */
#define DOOR_PRIVATE      0x02  /* the door has its own pool (every Hinge door has) */
#define DOOR_UNREF_MULTI  0x10  /* as DOOR_UNREF, again each time the count drops to one anew */
#define DOOR_REFUSE_DESC  0x40  /* calls passing descriptors fail with ENOTSUP */
#define DOOR_NO_CANCEL    0x80  /* the server is never interrupted (no Hinge call ever is) */
#define DOOR_CREATE_MASK  (DOOR_UNREF | DOOR_PRIVATE | DOOR_UNREF_MULTI | DOOR_REFUSE_DESC | DOOR_NO_CANCEL)
/* door_info attributes, besides the above. */
#define DOOR_LOCAL        0x04  /* served by this domain */
#define DOOR_REVOKED      0x08
#define DOOR_IS_UNREF     0x20  /* the unreferenced call is due or made */
/* door_desc_t attributes. */
#define DOOR_DESCRIPTOR   0x10000  /* d_descriptor is a descriptor (a Hinge handle) */
#define DOOR_RELEASE      0x40000  /* passing it closes it in the sender */

/* argp of the unreferenced call. */
#define DOOR_UNREF_DATA   ((void *)1)

/* door_getparam / door_setparam. */
#define DOOR_PARAM_DESC_MAX 1
#define DOOR_PARAM_DATA_MAX 2
#define DOOR_PARAM_DATA_MIN 3

typedef struct solaris_door_desc {
	door_attr_t d_attributes;
	union {
		struct {
			int d_descriptor;
			door_id_t d_id;
		} d_desc;
		int d_resv[5];
	} d_data;
} door_desc_t;

typedef struct solaris_door_arg {
	char *data_ptr;
	size_t data_size;
	door_desc_t *desc_ptr;
	uint_t desc_num;
	char *rbuf;
	size_t rsize;
} door_arg_t;

typedef struct solaris_door_info {
	pid_t di_target;          /* the server domain's id */
	door_ptr_t di_proc;       /* this domain's doors: the server procedure */
	door_ptr_t di_data;       /* and its cookie */
	door_attr_t di_attributes;
	door_id_t di_uniquifier;  /* 0: Hinge does not number doors for user space */
	int di_resv[4];
} door_info_t;

typedef struct solaris_door_cred {
	uid_t dc_euid;
	gid_t dc_egid;
	uid_t dc_ruid;
	gid_t dc_rgid;
	pid_t dc_pid;             /* the calling domain's id */
	int dc_resv[4];
} door_cred_t;

typedef void door_server_proc_t(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc);
typedef void door_server_func_t(door_info_t *);

/* The struct tags are solaris_*: Hinge's own (hinge/door.h) are door_*.
 * The symbols are renamed (solaris_*) so that a program may be linked with
 * the native layer's door_call too. */
int door_create(door_server_proc_t *server_procedure, void *cookie, uint_t attributes)
	__asm__("solaris_door_create");
int door_call(int d, door_arg_t *params) __asm__("solaris_door_call");
int door_return(char *data_ptr, size_t data_size, door_desc_t *desc_ptr, uint_t num_desc)
	__asm__("solaris_door_return");
int door_info(int d, door_info_t *info) __asm__("solaris_door_info");
int door_revoke(int d) __asm__("solaris_door_revoke");
int door_bind(int d) __asm__("solaris_door_bind");
int door_unbind(void) __asm__("solaris_door_unbind");
int door_getparam(int d, int param, size_t *out) __asm__("solaris_door_getparam");
int door_setparam(int d, int param, size_t val) __asm__("solaris_door_setparam");
int door_ucred(ucred_t **info) __asm__("solaris_door_ucred");
int door_cred(door_cred_t *info) __asm__("solaris_door_cred");
door_server_func_t *door_server_create(door_server_func_t *create_func) __asm__("solaris_door_server_create");

/* Hinge extensions (not illumos). */

/* Activations (calls that may run at once) each later door_create of this
 * domain gives its door: 1..8 (MAX_ACTS_PER_DOOR), 4 at start. -1 EINVAL
 * outside. A domain's doors share SOLARIS_ACTS activations; door_create
 * fails with EMFILE when too few are left. */
#define SOLARIS_ACTS  96
#define SOLARIS_DOORS 64
int hinge_door_activations(unsigned n);

/* Result buffers the kernel mapped for door_call (rbuf too small) and munmap
 * has not given back yet, in every domain (SYS_KCOUNTS): for leak checks. A
 * domain holds at most HINGE_DOOR_RBUFS at once (RBUF_SLOTS); beyond, a
 * result larger than rbuf is EOVERFLOW. */
#define HINGE_DOOR_RBUFS 4
int hinge_door_overflow_count(void);

#endif
