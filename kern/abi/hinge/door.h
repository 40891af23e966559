/* Doors as user space sees them: door and call flags, the register
 * convention of a call, and the activation pool a server describes when it
 * creates a door.
 *
 * Shared by kernel and user space. The rules behind every value here are in
 * doors/SEMANTICS.md. A door is reached through a handle and a call may end
 * with a domain's death, so the handle rights (hinge/handle.h) and the death
 * codes (hinge/domain.h) come with this header. */
#ifndef HINGE_DOOR_H
#define HINGE_DOOR_H

#include <stdint.h>
#include <hinge/handle.h>
#include <hinge/domain.h>

/* Door flags, fixed at creation. */
#define DOOR_F_UNREF  (1u << 0)  /* tell the server, once, when only one handle to the door is left */
/* Baseline modes for comparison (doors/README.md, SEMANTICS "Baseline
 * modes"); without either, the caller's thread migrates (Hinge's default).
 * At most one of the two. */
#define DOOR_F_HANDOFF    (1u << 1)  /* each call runs on a pooled server thread at the pool's fixed priority */
#define DOOR_F_HANDOFF_PI (1u << 2)  /* as HANDOFF, and the server thread inherits its caller's priority */
#define DOOR_F_NOPI   (1u << 3)  /* callers waiting for an activation do not lend their priority to the holders */
#define DOOR_F_UNREF_MULTI (1u << 4) /* with DOOR_F_UNREF: told again each time the count drops to 1 anew */
#define DOOR_F_REFUSE_DESC (1u << 5) /* calls passing handles fail with HE_NOTSUP */
#define DOOR_F_ALL    (DOOR_F_UNREF | DOOR_F_HANDOFF | DOOR_F_HANDOFF_PI | DOOR_F_NOPI | DOOR_F_UNREF_MULTI | \
		       DOOR_F_REFUSE_DESC)

/* Per-door parameters (SYS_DOOR_PARAM; Solaris door_getparam values). Each
 * bounds the bulk part of a call (DOOR_CALL_XARG) besides the fixed
 * DOOR_MAX_* limits: data_size within DATA_MIN..DATA_MAX, else HE_NOBUFS;
 * desc_num at most DESC_MAX, else HE_TOOMANY. A new door has DESC_MAX and
 * DATA_MAX = UINT64_MAX (DESC_MAX 0 with DOOR_F_REFUSE_DESC) and DATA_MIN 0. */
#define DOOR_PARAM_DESC_MAX 1
#define DOOR_PARAM_DATA_MAX 2
#define DOOR_PARAM_DATA_MIN 3
/* SYS_DOOR_PARAM's operation (a2). */
#define DOOR_PARAM_GET 0
#define DOOR_PARAM_SET 1

/* Flags of one door call (register a6 of SYS_DOOR_CALL). */
#define DOOR_CALL_NOWAIT  (1u << 0)  /* fail with HE_AGAIN instead of waiting for a free activation */
#define DOOR_CALL_XARG    (1u << 1)  /* a5 points to a struct door_xarg: bulk data and handles (slow path) */
#define DOOR_CALL_RBUF    (1u << 2)  /* with XARG: results larger than rsize go into a buffer the kernel
					maps for the caller (xarg's rbuf and rsize rewritten; SYS_DOOR_RBUF_FREE) */
#define DOOR_CALL_ALL     (DOOR_CALL_NOWAIT | DOOR_CALL_XARG | DOOR_CALL_RBUF)  /* the low half of a6: any other bit is HE_INVAL */
#define DOOR_CALL_FLAG_BITS 3 /* DOOR_CALL_ALL == (1 << DOOR_CALL_FLAG_BITS) - 1 */
/* The high half of a6: a relative deadline for the wait for an activation,
 * in ticks (1 ms; 0: wait for ever). A call still waiting when it passes
 * gives up with HE_TIMEDOUT and never runs (doors/SEMANTICS.md §19). */
#define DOOR_CALL_DEADLINE_SHIFT 32
#define DOOR_CALL_DEADLINE(ticks) ((uint64_t)(ticks) << DOOR_CALL_DEADLINE_SHIFT)

/* Argument and result words a call carries in registers (a1..a5). */
#define DOOR_NWORDS 5

/* Register convention of a door call (SYS_DOOR_CALL):
 *   caller:  a0 = handle, a1..a5 = argument words (a1..a4 with XARG, a5 = xarg),
 *            a6 = DOOR_CALL_* flags, and a deadline (DOOR_CALL_DEADLINE).
 *   server entry (every other register is zero; sp = the activation's stack top):
 *            a0 = the door's cookie, a1..a5 = the argument words,
 *            a6 = address of the activation's argument buffer,
 *            a7 = bulk bytes in the buffer | (handles received << 32).
 *            The entry must not return: it ends with SYS_DOOR_RETURN.
 *   return:  a1..a5 = result words, a6 = result bytes at the start of the
 *            activation buffer (copied to the caller's rbuf; 0 = none).
 *   caller resumes with a0 = 0 or HE_*, a1..a5 = result words, a6 = result
 *            bytes the server produced (at most rsize were copied), t0..t6 and
 *            a7 zero; ra, sp, gp, tp, s0..s11 and the FP registers are as
 *            before the call. After an error, a1..a7 and t0..t6 hold zeros or
 *            the caller's own values, never another domain's (doors/SEMANTICS.md
 *            §2), except after HE_DEAD and HE_STALE:
 *   caller resumes with HE_DEAD or HE_STALE: a1 = id of the dead domain (the
 *            server of the door this caller called, or the domain below that
 *            died), a2 = how it ended (DEATH_* of hinge/domain.h),
 *            a3 = its generation, a4..a7 and t0..t6 zero. Nothing else of the
 *            dead domain: not its exit status or fault cause (the supervisor
 *            is told those), no register of it. */

/* Bulk limits of one call (DOOR_CALL_XARG). */
#define DOOR_MAX_DATA   4096  /* largest bulk argument or result */
#define DOOR_MAX_DESC   4     /* most handles one call transfers */
/* Result buffers the kernel maps for a caller (DOOR_CALL_RBUF; doors/rbuf.h):
 * RBUF_SLOTS per domain, RBUF_SIZE bytes each, at fixed addresses from
 * RBUF_BASE (below the initial stack; a program maps nothing there). */
#define RBUF_BASE   0x7f000000UL
#define RBUF_SIZE   8192
#define RBUF_SLOTS  4

/* A handle passed with a call: dup'ed into the server's table (keeping the
 * rights), or moved (closed in the caller). The handle needs H_XFER. */
#define DOOR_DESC_MOVE  (1u << 0)
struct door_desc {
	int32_t handle;
	uint32_t flags;
};

/* Bulk part of a call (DOOR_CALL_XARG), after Solaris' door_arg_t: data is
 * copied into the activation's buffer, the handles' new numbers in the
 * server's table follow the data in the buffer (int32 each, at the next
 * 8-byte boundary), results are copied back into rbuf. */
struct door_xarg {
	uint64_t data_ptr;
	uint64_t data_size;   /* <= DOOR_MAX_DATA and <= the door's buf_size */
	uint64_t desc_ptr;    /* struct door_desc[desc_num] */
	uint64_t desc_num;    /* <= DOOR_MAX_DESC */
	uint64_t rbuf;
	uint64_t rsize;
};

/* Where the received handles' numbers start in the server's buffer after
 * data_size bytes of data, and how many bytes of the buffer a call with
 * data_size bytes and desc_num handles fills. */
static inline uint64_t door_xarg_handles_at(uint64_t data_size)
{
	return (data_size + 7) & ~(uint64_t)7;
}

static inline uint64_t door_xarg_buf_used(uint64_t data_size, uint64_t desc_num)
{
	return desc_num ? door_xarg_handles_at(data_size) + sizeof(int32_t) * desc_num : data_size;
}

/* What SYS_DOOR_INFO reports. */
struct door_info {
	int32_t server;       /* server domain id */
	uint32_t state;       /* 1 live, 2 revoked */
	uint32_t flags;       /* DOOR_F_* */
	uint32_t rights;      /* rights of the handle asked about */
	uint32_t nact;        /* activations in the pool */
	uint32_t inflight;    /* calls running in the door now */
	uint32_t waiters;     /* calls waiting for an activation */
	uint32_t unref;       /* 1 once the unreferenced notification is due */
	uint64_t cookie;      /* only reported to the server domain itself; 0 otherwise */
	uint32_t mode;        /* DOOR_MODE_*: how a call reaches the server */
	uint32_t prio;        /* handoff modes: the server threads' base priority; 0 for migrate */
};

/* What SYS_DOOR_UCRED reports: the domain that made the call the thread
 * serves (the innermost one) and the domain the thread started in (the first
 * caller of the chain), each with its generation. */
struct door_cred {
	int32_t caller;
	uint32_t caller_gen;
	int32_t origin;
	uint32_t origin_gen;
};

/* door_info.mode. */
#define DOOR_MODE_MIGRATE     0  /* the caller's thread runs the server code */
#define DOOR_MODE_HANDOFF     1  /* DOOR_F_HANDOFF */
#define DOOR_MODE_HANDOFF_PI  2  /* DOOR_F_HANDOFF_PI */

/* Live kernel objects (SYS_KCOUNTS), for tests that assert nothing leaked. */
struct hinge_counts {
	uint32_t domains, threads, schedctx, doors, activations_busy, handles;
	uint64_t pages_used;
	uint32_t notifies;    /* notification objects (kern/notify.h) */
	uint32_t memobjs;     /* memory objects (kern/memobj.h) */
	uint64_t mem_pages;   /* pages held by memory objects (included in pages_used) */
	uint32_t mutexes;     /* kernel mutexes (hinge/sync.h) */
	uint32_t domain_slots; /* live domains and dead ones still referenced (not reclaimed) */
	uint32_t semas;       /* kernel semaphores (hinge/sync.h) */
	uint32_t rbufs;       /* result buffers mapped for callers (DOOR_CALL_RBUF) */
};

/* The activations a server provides for a door: n activations, activation i
 * running on the user stack [stack_base + i*stack_size, +stack_size) with the
 * argument buffer [buf_base + i*buf_size, +buf_size), all in the server's
 * address space. stack_base and stack_size are multiples of 16 (the RISC-V
 * stack alignment); buf_size may be 0 (a door without arguments). */
struct door_pool_desc {
	uint64_t stack_base;
	uint64_t stack_size;
	uint64_t buf_base;
	uint64_t buf_size;
	uint32_t n;          /* 1..MAX_ACTS_PER_DOOR */
	uint32_t prio;       /* migrate doors: must be 0; handoff doors: base priority of the
				server threads, 0..the server domain's maxprio (one thread per
				activation, created with the door) */
};

#endif
