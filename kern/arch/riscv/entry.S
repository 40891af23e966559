/* First kernel instructions. OpenSBI enters here in S-mode on the boot hart
 * with a0 = hart id and a1 = physical address of the device tree, paging off
 * and interrupts disabled. */
	.section .text.entry
	.globl _start
_start:
	/* No interrupts or traps are expected yet; make any that happen visible
	 * (stvec points at the panic path set up in C as soon as possible). */
	csrw	sie, zero
	csrw	sscratch, zero

	/* Boot stack of this hart: boot_stacks + (hartid + 1) * BOOT_STACK_SIZE.
	 * Only the boot hart runs this today; the indexing keeps it per hart. */
	la	sp, boot_stacks
	li	t0, 16384
	addi	t1, a0, 1
	mul	t1, t1, t0
	add	sp, sp, t1

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

	.section .bss
	.align	12
	.globl boot_stacks
boot_stacks:
	.space	16384 * 4	/* MAX_HARTS boot stacks; the boot stack becomes the hart's scheduler stack */
