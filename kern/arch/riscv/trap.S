/* Trap entry and exit.
 *
 * Convention: while a hart runs user code, sscratch holds the address of the
 * current thread's trap frame for its current shuttle hop (struct trapframe in
 * trapframe.h). While the hart runs kernel code, sscratch is 0. The kernel runs
 * with interrupts disabled, so a trap with sscratch == 0 is a kernel bug and
 * goes to the panic path. */
#include "trapframe_offsets.h"

	.section .text
	.globl	trap_vector
	.align	4
trap_vector:
	csrrw	sp, sscratch, sp	/* sp = trap frame, sscratch = user sp */
	beqz	sp, kernel_trap

	/* Save every user register except sp (x2), which is in sscratch. */
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x5, 5*8(sp)
	sd	x6, 6*8(sp)
	sd	x7, 7*8(sp)
	sd	x8, 8*8(sp)
	sd	x9, 9*8(sp)
	sd	x10, 10*8(sp)
	sd	x11, 11*8(sp)
	sd	x12, 12*8(sp)
	sd	x13, 13*8(sp)
	sd	x14, 14*8(sp)
	sd	x15, 15*8(sp)
	sd	x16, 16*8(sp)
	sd	x17, 17*8(sp)
	sd	x18, 18*8(sp)
	sd	x19, 19*8(sp)
	sd	x20, 20*8(sp)
	sd	x21, 21*8(sp)
	sd	x22, 22*8(sp)
	sd	x23, 23*8(sp)
	sd	x24, 24*8(sp)
	sd	x25, 25*8(sp)
	sd	x26, 26*8(sp)
	sd	x27, 27*8(sp)
	sd	x28, 28*8(sp)
	sd	x29, 29*8(sp)
	sd	x30, 30*8(sp)
	sd	x31, 31*8(sp)
	csrrw	t0, sscratch, zero	/* user sp; sscratch = 0: now in kernel */
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, TF_PC(sp)

	mv	a0, sp
	ld	tp, TF_KHART(a0)
	ld	sp, TF_KSTACK(a0)
	call	trap_user		/* C; leaves through arch_user_enter */
1:	j	1b

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

	ld	x1, 1*8(a0)
	ld	x2, 2*8(a0)
	ld	x3, 3*8(a0)
	ld	x4, 4*8(a0)
	ld	x5, 5*8(a0)
	ld	x6, 6*8(a0)
	ld	x7, 7*8(a0)
	ld	x8, 8*8(a0)
	ld	x9, 9*8(a0)
	ld	x11, 11*8(a0)
	ld	x12, 12*8(a0)
	ld	x13, 13*8(a0)
	ld	x14, 14*8(a0)
	ld	x15, 15*8(a0)
	ld	x16, 16*8(a0)
	ld	x17, 17*8(a0)
	ld	x18, 18*8(a0)
	ld	x19, 19*8(a0)
	ld	x20, 20*8(a0)
	ld	x21, 21*8(a0)
	ld	x22, 22*8(a0)
	ld	x23, 23*8(a0)
	ld	x24, 24*8(a0)
	ld	x25, 25*8(a0)
	ld	x26, 26*8(a0)
	ld	x27, 27*8(a0)
	ld	x28, 28*8(a0)
	ld	x29, 29*8(a0)
	ld	x30, 30*8(a0)
	ld	x31, 31*8(a0)
	ld	x10, 10*8(a0)
	sret
