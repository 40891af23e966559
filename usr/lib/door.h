/* Doors from user space, in two layers.
 *
 * 1. The register API (hinge_door_*): one ecall each, with the register
 *    convention of hinge/door.h. A call carries DOOR_NWORDS (five) words
 *    each way; a server entry is a plain C function whose eight arguments
 *    are exactly the registers a0..a7 the kernel sets up:
 *
 *        void entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3,
 *                   uint64_t w4, uint64_t w5, char *buf, uint64_t info);
 *
 *    It runs on an activation stack the server provided, on the caller's
 *    thread, and must end with hinge_door_return() (there is nothing to
 *    return to: every register but a0..a7 and sp starts at zero).
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
 *    - door_revoke revokes and closes the handle, as in Solaris. */
#ifndef USR_DOOR_H
#define USR_DOOR_H

#include <stdint.h>
#include <stddef.h>
#include <hinge/door.h>
#include "hinge.h"

/* ---- 1. Register API ------------------------------------------------------ */

typedef void (*hinge_door_entry_t)(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3,
				   uint64_t w4, uint64_t w5, char *buf, uint64_t info);

/* Bulk bytes and handles a server entry received, decoded from its info argument. */
#define DOOR_INFO_BYTES(info)    ((size_t)(uint32_t)(info))
#define DOOR_INFO_HANDLES(info)  ((unsigned)((info) >> 32))

/* Call door handle h with words w[0..4] (with DOOR_CALL_XARG, w[4] is a
 * struct door_xarg *). Returns 0 or a negative HE_* code; on 0, r (if not
 * NULL) holds the five result words and *result_bytes (if not NULL) the
 * number of bytes the server returned in its buffer (on an error both are
 * overwritten with meaningless values). The kernel changes only
 * a0..a7 and t0..t6: every other register survives the call, whatever the
 * server did with it. */
static inline long hinge_door_call_bytes(int h, const uint64_t w[DOOR_NWORDS], uint64_t r[DOOR_NWORDS], uint64_t flags,
					 uint64_t *result_bytes)
{
	register long a0 __asm__("a0") = h;
	register uint64_t a1 __asm__("a1") = w[0];
	register uint64_t a2 __asm__("a2") = w[1];
	register uint64_t a3 __asm__("a3") = w[2];
	register uint64_t a4 __asm__("a4") = w[3];
	register uint64_t a5 __asm__("a5") = w[4];
	register uint64_t a6 __asm__("a6") = flags;
	register long a7 __asm__("a7") = SYS_DOOR_CALL;
	/* "memory": the kernel writes rbuf, and on re-entry (A -> B -> A) this
	 * domain's own code runs, on this thread, before the ecall returns. */
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6), "+r"(a7)
			 :
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	if (r) {
		r[0] = a1;
		r[1] = a2;
		r[2] = a3;
		r[3] = a4;
		r[4] = a5;
	}
	if (result_bytes)
		*result_bytes = a6;
	return a0;
}

static inline long hinge_door_call(int h, const uint64_t w[DOOR_NWORDS], uint64_t r[DOOR_NWORDS], uint64_t flags)
{
	return hinge_door_call_bytes(h, w, r, flags, NULL);
}

/* Called by hinge_door_return when the kernel refuses the return (HE_NOCALL:
 * the thread is in no door call; HE_INVAL: more result bytes than the
 * activation's buffer holds): prints the error and ends the domain with it
 * as exit status. */
void hinge_door_return_failed(long err) __attribute__((noreturn));

/* End the current door call: the caller resumes with status 0, result words
 * r[0..4] and the first result_bytes bytes of this activation's buffer
 * copied to its rbuf. */
static inline __attribute__((noreturn)) void hinge_door_return(const uint64_t r[DOOR_NWORDS],
								size_t result_bytes)
{
	register long a0 __asm__("a0") = 0;
	register uint64_t a1 __asm__("a1") = r[0];
	register uint64_t a2 __asm__("a2") = r[1];
	register uint64_t a3 __asm__("a3") = r[2];
	register uint64_t a4 __asm__("a4") = r[3];
	register uint64_t a5 __asm__("a5") = r[4];
	register uint64_t a6 __asm__("a6") = result_bytes;
	register long a7 __asm__("a7") = SYS_DOOR_RETURN;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	hinge_door_return_failed(a0);
}

/* A pool of n activations for hinge_door_create: stacks of stack_size bytes
 * from `stacks` and argument buffers of buf_size bytes from `bufs` (NULL and
 * 0 for a door without arguments), all arrays of the caller. prio is 0, as a
 * migrate door needs; a handoff door's caller sets its server threads'. */
static inline struct door_pool_desc door_pool(void *stacks, size_t stack_size, void *bufs, size_t buf_size,
					      unsigned n)
{
	struct door_pool_desc p = {
		.stack_base = (uintptr_t)stacks,
		.stack_size = stack_size,
		.buf_base = (uintptr_t)bufs,
		.buf_size = buf_size,
		.n = n,
	};
	return p;
}

/* Create a door whose calls enter `entry` with a0 = cookie, running on the
 * activations described by pool. Returns a handle with every right, or
 * HE_INVAL / HE_FAULT / HE_NOMEM / HE_NOSPACE. */
static inline long hinge_door_create(hinge_door_entry_t entry, uint64_t cookie, unsigned flags,
				     const struct door_pool_desc *pool)
{
	return hinge_syscall(SYS_DOOR_CREATE, (long)entry, (long)cookie, (long)flags, (long)pool);
}
static inline long hinge_door_revoke(int h)
{
	return hinge_syscall(SYS_DOOR_REVOKE, h, 0, 0, 0);
}
static inline long hinge_door_info(int h, struct door_info *out)
{
	return hinge_syscall(SYS_DOOR_INFO, h, (long)out, 0, 0);
}
/* A new handle to the same door with rights & mask. */
static inline long hinge_handle_dup(int h, unsigned mask)
{
	return hinge_syscall(SYS_HANDLE_DUP, h, (long)mask, 0, 0);
}
static inline long hinge_handle_close(int h)
{
	return hinge_syscall(SYS_HANDLE_CLOSE, h, 0, 0, 0);
}
/* Block until the door (DOOR_F_UNREF, served by this domain) is unreferenced. */
static inline long hinge_door_unref_wait(int h)
{
	return hinge_syscall(SYS_DOOR_UNREF_WAIT, h, 0, 0, 0);
}
static inline long hinge_name_publish(int h, const char *name)
{
	return hinge_syscall(SYS_NAME_PUBLISH, h, (long)name, 0, 0);
}
static inline long hinge_name_lookup(const char *name)
{
	return hinge_syscall(SYS_NAME_LOOKUP, (long)name, 0, 0, 0);
}
static inline long hinge_kcounts(struct hinge_counts *out)
{
	return hinge_syscall(SYS_KCOUNTS, (long)out, 0, 0, 0);
}

/* hinge_name_lookup, retried once a tick while the name is not published
 * yet (HE_NOENT). Returns the handle or another error. */
long hinge_name_wait(const char *name);

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
