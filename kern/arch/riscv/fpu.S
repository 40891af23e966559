/* Saving and loading the floating-point registers (struct fpstate in
 * kern/fpu.h: f0..f31 then fcsr). The kernel itself is built without F/D;
 * these routines turn the FPU on (sstatus.FS = Initial) to reach the
 * registers and leave it on: the caller decides what user mode gets. */
	.option	arch, +d
	.section .text

	.macro	fpu_on
	li	t0, (1 << 13)
	csrs	sstatus, t0
	.endm

/* void arch_fpu_save(struct fpstate *st) */
	.globl	arch_fpu_save
arch_fpu_save:
	fpu_on
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, \n*8(a0)
	.endr
	frcsr	t0
	sd	t0, 32*8(a0)
	ret

/* void arch_fpu_load(const struct fpstate *st) */
	.globl	arch_fpu_load
arch_fpu_load:
	fpu_on
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, \n*8(a0)
	.endr
	ld	t0, 32*8(a0)
	fscsr	t0
	ret

/* void arch_fpu_zero(void): every register +0.0, fcsr 0 (a fresh context). */
	.globl	arch_fpu_zero
arch_fpu_zero:
	fpu_on
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, zero
	.endr
	fscsr	zero
	ret
