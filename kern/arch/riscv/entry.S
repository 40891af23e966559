/* First kernel instructions. OpenSBI enters _start in S-mode on the boot hart
 * with a0 = hart id and a1 = physical address of the device tree, paging off
 * and interrupts disabled; a kernel built for several harts starts the others
 * at _start_secondary (kern/smp.c, through SBI HSM) with a0 = their hart id. */
#include "kern/config.h"

#define BOOT_STACK_SIZE 16384

/* sp = the top of this hart's boot stack: boot_stacks + (a0 + 1) * size. */
	.macro	boot_stack
	la	sp, boot_stacks
	li	t0, BOOT_STACK_SIZE
	addi	t1, a0, 1
	mul	t1, t1, t0
	add	sp, sp, t1
	.endm

	.section .text.entry
	.globl _start
_start:
	/* No interrupts or traps are expected yet; make any that happen visible
	 * (stvec points at the panic path set up in C as soon as possible). */
	csrw	sie, zero
	csrw	sscratch, zero
	boot_stack

	/* Zero .bss (C expects it). a0/a1 are kept for kmain. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	call	kmain
3:	wfi
	j	3b

#if HINGE_SMP
	.globl _start_secondary
_start_secondary:
	csrw	sie, zero
	csrw	sscratch, zero
	boot_stack
	call	kmain_secondary
	j	3b
#endif

	.section .bss
	.align	12
	.globl boot_stacks
boot_stacks:
	.space	BOOT_STACK_SIZE * MAX_HARTS	/* the boot stack becomes the hart's scheduler stack */
