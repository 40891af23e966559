/* Entry of every user program. The kernel starts the first thread of a
 * domain with sp at the top of its stack and a0 = the manifest's arg; the
 * loader has already zeroed .bss. */
	.section .text.start
	.globl	_start
_start:
	call	main
	call	hinge_exit	/* main's return value is the exit status */
1:	j	1b
