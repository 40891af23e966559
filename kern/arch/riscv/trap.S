/* Trap entry and exit.
 *
 * Convention: while a hart runs user code, sscratch holds the address of the
 * current thread's trap frame for its current shuttle hop (struct trapframe in
 * trapframe.h). While the hart runs kernel code, sscratch is 0. The kernel runs
 * with interrupts disabled, so a trap with sscratch == 0 is a kernel bug and
 * goes to the panic path. */
#include "trapframe_offsets.h"
#include "csr.h"
#include "kern/config.h"
#include "kern/syscall.h"
#include <hinge/syscall.h>

	.section .text
	.globl	trap_vector
	.align	4
trap_vector:
	csrrw	sp, sscratch, sp	/* sp = trap frame, sscratch = user sp */
	beqz	sp, kernel_trap
	sd	t0, TF_T0(sp)
	csrr	t0, scause
	addi	t0, t0, -EXC_ECALL_U	/* 0: environment call from U-mode */
	bnez	t0, save_all
#if HINGE_FASTPATH
	/* Door call and door return take the fast path (below), unless they
	 * carry bulk data: no general dispatch. A kernel built with
	 * FASTPATH=0 has no fast path: every door call and return goes
	 * through the general code of doors/slowpath.c. */
	li	t0, SYS_DOOR_CALL
	beq	a7, t0, fast_call
	li	t0, SYS_DOOR_RETURN
	beq	a7, t0, fast_return
#endif
	/* SYS_NULL does nothing: it returns 0 from registers alone (no
	 * save, no C). Nothing can be due at its end: a switch is made at
	 * the exit of the trap that asks for it, and SYS_NULL asks for none. */
	bnez	a7, syscall_entry
	li	a0, 0
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	ld	t0, TF_T0(sp)
	csrrw	sp, sscratch, sp	/* sp = user sp, sscratch = trap frame again */
	sret

/* Save into the frame at \base the user registers C preserves (gp, s0..s11). */
	.macro	save_preserved base
	sd	gp, TF_GP(\base)
	sd	s0, TF_S0(\base)
	sd	s1, TF_S1(\base)
	.irp	n, 2,3,4,5,6,7,8,9,10,11
	sd	s\n, TF_S(\n)(\base)
	.endr
	.endm

/* A system call saves what C may clobber (ra, t0..t6, a0..a7), tp (the
 * kernel's hart pointer in C), sp and the pc after the ecall, then runs on
 * the kernel stack with a0 = the frame. C preserves gp (never used by the
 * kernel: linked without relaxation) and s0..s11, which a leaf call saves
 * only when a thread may leave the kernel elsewhere than here. */
	.macro	syscall_save_clobbered
	sd	ra, TF_RA(sp)
	sd	tp, TF_TP(sp)
	.irp	n, 6,7,10,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero	/* user sp; sscratch = 0: now in kernel */
	sd	t0, TF_SP(sp)
	csrr	t0, sepc
	addi	t0, t0, 4		/* the caller resumes after its ecall */
	sd	t0, TF_PC(sp)
	mv	a0, sp
	ld	tp, TF_KHART(a0)
	ld	sp, TF_KSTACK(a0)
	.endm

syscall_entry:
	/* A leaf call (kern/syscall.h: its bit in SYSCALL_LEAF_MASK, every
	 * one below 32) takes the short way; any other saves everything. */
#if HINGE_SMP
	/* Several harts: every call saves everything, so that a hart stopped
	 * while it waits for the kernel lock can drop the call and run its
	 * ecall again (kern/smp.h). */
	j	syscall_save_all
#endif
	srli	t0, a7, 5
	bnez	t0, syscall_save_all
	li	t0, SYSCALL_LEAF_MASK
	srl	t0, t0, a7
	andi	t0, t0, 1
	beqz	t0, syscall_save_all
	syscall_save_clobbered
	call	syscall_leaf		/* (tf) -> a0 = tf, a1 = enum syscall_exit */
	bnez	a1, syscall_general_exit
syscall_leaf_return:			/* (bench/profile.py's "restore" phase) */
	/* SYSCALL_DONE: a leaf call ran and nothing is due. Restore what was
	 * saved (the handler's results are in the frame's a0..a5). */
	ld	t0, TF_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	ld	ra, TF_RA(a0)
	ld	sp, TF_SP(a0)
	ld	tp, TF_TP(a0)
	.irp	n, 5,6,7,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, TF_X(\n)(a0)
	.endr
	ld	a0, TF_A0(a0)		/* last: a0 is the frame's address */
	sret

syscall_general_exit:
	/* The frame becomes complete (s0..s11 and gp are still the user's:
	 * C preserved them), for the general exit. */
	save_preserved a0
	call	syscall_general		/* (tf, exit); leaves through arch_user_enter */
2:	j	2b

syscall_save_all:
	/* Not a leaf call: it may switch, block or resume another frame, so
	 * the frame is complete before it runs. */
	syscall_save_clobbered
	save_preserved a0
	li	a1, SYSCALL_EXIT_RUN
	call	syscall_general		/* (tf, SYSCALL_RUN) */
3:	j	3b

save_all:
	/* Save every user register except sp (x2, in sscratch) and t0 (x5,
	 * saved above). */
	.irp	n, 1,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero	/* user sp; sscratch = 0: now in kernel */
	sd	t0, TF_SP(sp)
	csrr	t0, sepc
	sd	t0, TF_PC(sp)

	mv	a0, sp
	ld	tp, TF_KHART(a0)
	ld	sp, TF_KSTACK(a0)
	call	trap_user		/* C; leaves through arch_user_enter */
1:	j	1b

#if HINGE_FASTPATH
/* ---- door fast path ------------------------------------------------------
 * Register convention: kern/abi/hinge/door.h. A door call saves only what
 * the caller needs back (ra, sp, gp, tp, s0..s11, pc, and the call flags);
 * t0..t6 and a0..a7 are clobbered by the convention. The C halves
 * (doors/fastpath.c) do every check and
 * state change; this code only moves registers. No register value of one
 * domain reaches another: the server starts with everything zero but its
 * declared inputs, and a returning caller gets its own saved registers,
 * its results, and zeros. */
/* Resume the caller whose hop frame is in t0: its pc and the registers the
 * fast path saved at the call (ra, sp, gp, tp, s0..s11); the frame becomes
 * the current trap frame again. */
	.macro	resume_caller
	ld	t1, TF_PC(t0)
	csrw	sepc, t1
	csrw	sscratch, t0
	ld	ra, TF_RA(t0)
	ld	sp, TF_SP(t0)
	ld	gp, TF_GP(t0)
	ld	tp, TF_TP(t0)
	ld	s0, TF_S0(t0)
	ld	s1, TF_S1(t0)
	.irp	n, 2,3,4,5,6,7,8,9,10,11
	ld	s\n, TF_S(\n)(t0)
	.endr
	.endm

fast_call:
	andi	t0, a6, TF_DOOR_CALL_XARG
	bnez	t0, syscall_save_all
	sd	ra, TF_RA(sp)
	sd	tp, TF_TP(sp)
	save_preserved sp
	sd	a6, TF_A6(sp)		/* call flags: read back by a general-path return */
	csrrw	t0, sscratch, zero
	sd	t0, TF_SP(sp)		/* user sp */
	csrr	t0, sepc
	addi	t0, t0, 4		/* the caller resumes after its ecall */
	sd	t0, TF_PC(sp)
	mv	s0, sp			/* caller frame; s0..s11 survive the C call */
	mv	s1, a1			/* the argument words, for the server */
	mv	s2, a2
	mv	s3, a3
	mv	s4, a4
	mv	s5, a5
	mv	a1, a6
	mv	s6, a0			/* handle and flags, in case the call must wait */
	mv	s7, a6
	ld	tp, TF_KHART(sp)
	ld	sp, TF_KSTACK(sp)
	call	door_fast_call		/* (h, flags) -> server frame, -error, or */
	li	t0, TF_ACQ_NONE_FREE	/* ACQ_NONE_FREE (doors/activation.h): */
	bne	a0, t0, 1f
	mv	a0, s6			/* the same call, which may wait */
	mv	a1, s7
	mv	a2, s1			/* and the words, for a handoff door */
	mv	a3, s2
	mv	a4, s3
	mv	a5, s4
	mv	a6, s5
	call	door_fast_call_general
1:	bltz	a0, fast_call_error
fast_call_enter:			/* (a label of its own: bench/profile.py's "restore" phase) */

	/* Enter the server on its fresh frame: pc, sp, a0, a6 as C set them,
	 * the arguments from s1..s5, zero everywhere else. */
	ld	t0, TF_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	ld	sp, TF_SP(a0)
	mv	a1, s1
	mv	a2, s2
	mv	a3, s3
	mv	a4, s4
	mv	a5, s5
	ld	a6, TF_A6(a0)
	ld	a0, TF_A0(a0)
	li	ra, 0
	li	gp, 0
	li	tp, 0
	li	t0, 0
	li	t1, 0
	li	t2, 0
	li	s0, 0
	li	s1, 0
	li	a7, 0
	li	s2, 0
	li	s3, 0
	li	s4, 0
	li	s5, 0
	li	s6, 0
	li	s7, 0
	li	s8, 0
	li	s9, 0
	li	s10, 0
	li	s11, 0
	li	t3, 0
	li	t4, 0
	li	t5, 0
	li	t6, 0
	sret

fast_call_error:
	/* Nothing happened: the caller gets a0 = the error and its own
	 * registers (s1..s11 were preserved by C; the rest is in its frame). */
	mv	t0, s0
	resume_caller
	j	zero_temps_sret

fast_return:
	bnez	a6, syscall_save_all	/* result bytes to copy: general path */
	ld	t0, TF_HOP(sp)
	beqz	t0, syscall_save_all	/* no call to return from: general path reports it */
	csrw	sscratch, zero
	mv	s1, a1			/* the result words: the server's s-registers */
	mv	s2, a2			/* are dead, and C preserves them */
	mv	s3, a3
	mv	s4, a4
	mv	s5, a5
	ld	tp, TF_KHART(sp)
	ld	sp, TF_KSTACK(sp)
	call	door_fast_return	/* () -> caller frame, or 0: */
	bnez	a0, 1f
	mv	a0, s1			/* the rare ends (caller died, a switch is */
	mv	a1, s2			/* due): the general exit, never back here */
	mv	a2, s3
	mv	a3, s4
	mv	a4, s5
	call	door_fast_return_general
1:
fast_return_resume:			/* (bench/profile.py's "restore" phase) */
	/* Resume the caller: its saved registers, a0 = 0, the results from
	 * s1..s5, a6 = 0 result bytes, zero in every temporary. */
	mv	t0, a0
	mv	a1, s1
	mv	a2, s2
	mv	a3, s3
	mv	a4, s4
	mv	a5, s5
	resume_caller
	li	a0, 0
	li	a6, 0
	li	a7, 0
	j	zero_temps_sret_a

zero_temps_sret:
	li	a1, 0
	li	a2, 0
	li	a3, 0
	li	a4, 0
	li	a5, 0
	li	a6, 0
	li	a7, 0
zero_temps_sret_a:
	li	t0, 0
	li	t1, 0
	li	t2, 0
	li	t3, 0
	li	t4, 0
	li	t5, 0
	li	t6, 0
	sret

#endif /* HINGE_FASTPATH */

kernel_trap:
	csrrw	sp, sscratch, sp	/* back to the kernel sp; sscratch = 0 again */
	call	trap_kernel		/* C; panics */
2:	j	2b

/* void arch_user_enter(struct trapframe *tf): restore tf and sret to user. */
	.globl	arch_user_enter
arch_user_enter:
	ld	t0, TF_PC(a0)
	csrw	sepc, t0
	/* sstatus: SPP = 0 (return to user), SPIE = 1 (user runs interruptible). */
	li	t0, (1 << 8)
	csrc	sstatus, t0
	li	t0, (1 << 5)
	csrs	sstatus, t0
	csrw	sscratch, a0

	.irp	n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, TF_X(\n)(a0)
	.endr
	ld	x10, TF_A0(a0)		/* last: a0 is the frame's address */
	sret
