/* The user register state saved on a trap, one per shuttle hop.
 *
 * Layout is shared with trap.S (byte offsets in trapframe_offsets.h, checked
 * below): regs[i] holds register x<i>; regs[0] is unused because
 * x0 is hardwired to zero. */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H

#include <stdint.h>
#include "trapframe_offsets.h"
#include "kern/fpu.h"

enum {
	REG_RA = 1, REG_SP = 2, REG_GP = 3, REG_TP = 4,
	REG_T0 = 5, REG_T1 = 6, REG_T2 = 7,
	REG_S0 = 8, REG_S1 = 9,
	REG_A0 = 10, REG_A1, REG_A2, REG_A3, REG_A4, REG_A5, REG_A6, REG_A7,
	REG_S2 = 18, REG_S11 = 27,
	REG_T3 = 28, REG_T6 = 31,
};

struct trapframe {
	uint64_t regs[32];  /* x1..x31 of user mode */
	uint64_t pc;        /* sepc: where user mode resumes */
	uint64_t kstack;    /* kernel stack top loaded on trap entry */
	uint64_t khart;     /* kernel tp (struct hart *) loaded on trap entry */
	uint64_t hop;       /* index of this frame in its thread's frames[]: the
	                       shuttle depth it belongs to (0 = home domain); 0
	                       too above an orphan's base, whose return is for
	                       nobody: trap.S leaves hop 0 to the general path */
	struct fpstate fp;  /* this hop's FP registers, lazily (kern/fpu.h) */
};

#define TF_ASSERT_REG(reg, off) \
	_Static_assert(__builtin_offsetof(struct trapframe, regs[reg]) == (off), "trapframe layout")
TF_ASSERT_REG(REG_RA, TF_RA);
TF_ASSERT_REG(REG_SP, TF_SP);
TF_ASSERT_REG(REG_GP, TF_GP);
TF_ASSERT_REG(REG_TP, TF_TP);
TF_ASSERT_REG(REG_T0, TF_T0);
TF_ASSERT_REG(REG_S0, TF_S0);
TF_ASSERT_REG(REG_S1, TF_S1);
TF_ASSERT_REG(REG_A0, TF_A0);
TF_ASSERT_REG(REG_A6, TF_A6);
TF_ASSERT_REG(REG_S2, TF_S(2));
TF_ASSERT_REG(REG_S11, TF_S(11));
TF_ASSERT_REG(REG_T6, TF_X(31));
#undef TF_ASSERT_REG
_Static_assert(__builtin_offsetof(struct trapframe, pc) == TF_PC, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, kstack) == TF_KSTACK, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, khart) == TF_KHART, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, hop) == TF_HOP, "trapframe layout");

#endif
