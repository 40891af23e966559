/* Doors from user space, in two layers.
 *
 * 1. The register API (hinge_door_*): door_reg.h, one ecall each.
 *
 * 2. The Solaris API (door_call, door_create, door_return, door_info,
 *    door_revoke), on top of the first, for programs written the way a
 *    Solaris/illumos programmer would write them. Differences from Solaris:
 *    - Errors: every function returns 0 (or a handle) on success and the
 *      negative HE_* code on failure, instead of -1 and errno; there is no
 *      global error variable, so several threads can use doors at once.
 *      `if (door_call(d, &arg) < 0)` works as in Solaris.
 *    - door_create takes its activation stacks and argument buffers from
 *      static arrays of this library: at most DOOR_LIB_DOORS doors per
 *      domain, each with DOOR_LIB_ACTS activations (so at most that many
 *      calls run in one door at once; more callers wait). Slots are never
 *      reused, even after door_revoke.
 *    - Results are copied into rbuf and never moved to a new buffer: a
 *      result longer than rsize is cut to rsize.
 *    - door_return cannot return handles (the kernel's return carries only
 *      words and bytes): num_desc must be 0.
 *    - Unreferenced notifications are not delivered by calling the server
 *      procedure with DOOR_UNREF_DATA: a server thread waits for one with
 *      hinge_door_unref_wait().
 *    - door_revoke revokes and closes the handle, as in Solaris.
 *    Programs written for illumos include solaris/door.h instead (as
 *    <door.h>): the illumos API itself, with -1 and errno. */
#ifndef USR_DOOR_H
#define USR_DOOR_H

#include "door_reg.h"

/* ---- 2. Solaris API -------------------------------------------------------- */

#define DOOR_LIB_DOORS  4                /* doors door_create can make per domain */
#define DOOR_LIB_ACTS   2                /* activations of each */
#define DOOR_LIB_STACK  8192             /* stack bytes of each activation */
#define DOOR_LIB_BUF    DOOR_MAX_DATA    /* argument/result buffer of each activation */

/* door_create attributes and door_info attributes (Solaris values). */
#define DOOR_UNREF       0x01   /* = DOOR_F_UNREF: the only door_create attribute supported */
#define DOOR_LOCAL       0x04   /* door_info: the door is served by this domain */
#define DOOR_REVOKED     0x08   /* door_info: the door has been revoked */
#define DOOR_IS_UNREF    0x20   /* door_info: the unreferenced notification is due */

/* door_desc_t attributes. */
#define DOOR_DESCRIPTOR  0x10000  /* d_descriptor is a handle */
#define DOOR_RELEASE     0x40000  /* move the handle: it is closed in the caller */

typedef struct {
	unsigned d_attributes;
	union {
		struct {
			int d_descriptor;
		} d_desc;
	} d_data;
} door_desc_t;

typedef struct {
	char *data_ptr;        /* in: argument bytes; out: the results (= rbuf) */
	size_t data_size;      /* in: argument size; out: result size (at most rsize) */
	door_desc_t *desc_ptr; /* in: handles to pass; out: NULL (none come back) */
	unsigned desc_num;     /* in: at most DOOR_MAX_DESC; out: 0 */
	char *rbuf;            /* where results are copied */
	size_t rsize;
} door_arg_t;

typedef struct {
	int di_target;          /* server domain id */
	uint64_t di_proc;       /* server procedure, for a door_create'd door of this domain (else 0) */
	uint64_t di_data;       /* its cookie (else 0) */
	unsigned di_attributes; /* DOOR_UNREF, DOOR_LOCAL, DOOR_REVOKED, DOOR_IS_UNREF */
} door_info_t;

typedef void door_server_proc_t(void *cookie, char *argp, size_t arg_size, door_desc_t *dp,
				unsigned n_desc);

/* Call door d: arg->data_ptr/data_size and the handles in arg->desc_ptr go to
 * the server; its results come back in arg->rbuf, and arg->data_ptr and
 * data_size are set to them. arg may be NULL (no arguments, no results). */
int door_call(int d, door_arg_t *arg);

/* Make a door that runs server_procedure(cookie, argp, arg_size, dp, n_desc)
 * on a library activation. Returns the handle, or HE_INVAL (attribute other
 * than DOOR_UNREF), HE_NOMEM (all DOOR_LIB_DOORS slots used, or the kernel's
 * pools are full), HE_NOSPACE. If server_procedure returns, the call returns
 * with no results, as door_return(NULL, 0, NULL, 0). */
int door_create(door_server_proc_t *server_procedure, void *cookie, unsigned attributes);

/* From inside a server procedure: return data_size bytes at data_ptr (may be
 * the argument buffer itself) to the caller. Does not return on success;
 * returns HE_NOCALL when not running in a door_create'd door, HE_INVAL when
 * data_size > DOOR_LIB_BUF or num_desc != 0. */
int door_return(char *data_ptr, size_t data_size, door_desc_t *desc_ptr, unsigned num_desc);

int door_info(int d, door_info_t *info);

/* Revoke door d (needs H_REVOKE) and close the handle. */
int door_revoke(int d);


#endif
