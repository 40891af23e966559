/* The structure offsets, sizes and enum values trap.S's door fast path uses,
 * generated: the Makefile compiles this file to assembly only (never into
 * the kernel) and turns each "@@asm" line into a #define of
 * $(B)/gen/asm_offsets.h, so no offset is written twice. Each field's width
 * is checked against the load or store trap.S uses for it (lw, ld, lbu). */
#include <stddef.h>
#include <hinge/door.h>
#include "kern/hart.h"
#include "kern/thread.h"
#include "kern/domain.h"
#include "kern/handle.h"
#include "doors/door.h"
#include "doors/shuttle.h"
#include "doors/activation.h"
#include "kern/scenario/trace.h"
#include "kern/arch/riscv/csr.h"

#define DEFINE(sym, val) __asm__ volatile("\n@@asm " #sym " %0" ::"i"(val))
#define FIELD(sym, type, member, width)                                                         \
	do {                                                                                    \
		_Static_assert(sizeof(((struct type *)0)->member) == (width), #sym "'s width"); \
		DEFINE(sym, offsetof(struct type, member));                                     \
	} while (0)

void asm_offsets(void);
void asm_offsets(void)
{
	FIELD(HART_CURRENT, hart, sched.current, 8);
	FIELD(HART_FPU_OWNER, hart, fpu_owner, 8);
	FIELD(HART_RESCHED, hart, resched, 1);
	FIELD(HART_FLUSH_DUE, hart, flush_due, 1);

	FIELD(THREAD_CUR, thread, cur, 8);
	FIELD(THREAD_TF, thread, tf, 8);
	FIELD(THREAD_DEPTH, thread, shuttle.depth, 4);
	FIELD(THREAD_SF_CALLER, thread, shuttle.frame[0].caller, 8);
	FIELD(THREAD_SF_DOOR, thread, shuttle.frame[0].door, 8);
	FIELD(THREAD_SF_ACT, thread, shuttle.frame[0].act, 8);
	_Static_assert(sizeof(struct shuttle_frame) == 1 << 5, "a shuttle frame's index is a shift by 5");
	DEFINE(SHUTTLE_FRAME_SHIFT, 5);

	FIELD(DOM_STATE, domain, state, 4);
	FIELD(DOM_VM_TOKEN, domain, vm_token, 8);
	FIELD(DOM_SLOT_TYPE, domain, handles.slot[0].type, 4);
	FIELD(DOM_SLOT_OBJ, domain, handles.slot[0].obj, 8);
	FIELD(DOM_SLOT_RIGHTS, domain, handles.slot[0].rights, 4);
	FIELD(DOM_SLOT_GEN, domain, handles.slot[0].gen, 4);
	DEFINE(HANDLE_SIZE, sizeof(struct handle));

	FIELD(DOOR_STATE, door, state, 4);
	FIELD(DOOR_SERVER, door, server, 8);
	FIELD(DOOR_ENTRY, door, entry, 8);
	FIELD(DOOR_COOKIE, door, cookie, 8);
	FIELD(DOOR_NHANDLES, door, nhandles, 4);
	FIELD(DOOR_INFLIGHT, door, inflight, 4);
	FIELD(DOOR_UNREF, door, unref, 4);
	FIELD(DOOR_FREE_MASK, door, pool.free_mask, 4);
	FIELD(DOOR_ACT, door, pool.act[0], 8);
	FIELD(DOOR_WAITERS, door, pool.waiters, 8);

	FIELD(ACT_STATE, activation, state, 4);
	FIELD(ACT_STACK_TOP, activation, stack_top, 8);
	FIELD(ACT_BUF, activation, buf, 8);
	FIELD(ACT_HOLDER, activation, holder, 8);
	FIELD(ACT_IDX, activation, idx, 4);

	/* On several harts, trap.S finds ACT_WAITING as a negative free_mask
	 * (lw and lr.w sign-extend). */
	_Static_assert(ACT_WAITING == 0 || ACT_WAITING == 1u << 31, "ACT_WAITING is free_mask's sign bit");
	_Static_assert(sizeof scenario_on == 1, "trap.S reads scenario_on with lbu");

	DEFINE(TRAPFRAME_SIZE, sizeof(struct trapframe));
	FIELD(TF_FP, trapframe, fp, sizeof(struct fpstate));
	FIELD(TF_FP_LIVE, trapframe, fp.live, 1);

	DEFINE(KOBJ_DOOR_V, KOBJ_DOOR);
	_Static_assert((H_CALL & (H_CALL - 1)) == 0, "trap.S tests the H_CALL right as one bit");
	DEFINE(H_CALL_V, H_CALL);
	DEFINE(DOOR_LIVE_V, DOOR_LIVE);
	DEFINE(DOM_LIVE_V, DOM_LIVE);
	DEFINE(ACT_BUSY_V, ACT_BUSY);
	DEFINE(ACT_FREE_V, ACT_FREE);
	DEFINE(DOOR_UNREF_DEFERRED_V, DOOR_UNREF_DEFERRED);
	DEFINE(SSTATUS_FS_V, SSTATUS_FS);
	/* The fast call takes DOOR_CALL_NOWAIT alone: trap.S tests the other
	 * bits of the flags' low half by shifting bit 0 out. */
	_Static_assert(DOOR_CALL_NOWAIT == 1, "trap.S shifts DOOR_CALL_NOWAIT out of the flags");
}
