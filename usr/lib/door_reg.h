/* Doors from user space, the register API (hinge_door_*): one ecall each,
 * with the register convention of hinge/door.h. A call carries DOOR_NWORDS
 * (five) words each way; a server entry is a plain C function whose eight
 * arguments are exactly the registers a0..a7 the kernel sets up:
 *
 *     void entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3,
 *                uint64_t w4, uint64_t w5, char *buf, uint64_t info);
 *
 * It runs on an activation stack the server provided, on the caller's
 * thread, and must end with hinge_door_return() (there is nothing to return
 * to: every register but a0..a7 and sp starts at zero). door.h builds a
 * Solaris-style API on it, and solaris/door.h the illumos one. */
#ifndef USR_DOOR_REG_H
#define USR_DOOR_REG_H

#include <stdint.h>
#include <stddef.h>
#include <hinge/door.h>
#include "hinge.h"

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
/* End thread tid's door call: it returns HE_CANCELLED (SEMANTICS §20). */
static inline long hinge_door_cancel(long tid)
{
	return hinge_syscall(SYS_DOOR_CANCEL, tid, 0, 0, 0);
}
/* 1 when nobody waits for the result of the call being served. */
static inline long hinge_door_cancelled(void)
{
	return hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
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

#endif
