/* void arch_switch(struct kcontext *from, struct kcontext *to)
 * Saves the callee-saved registers of the running kernel code into *from and
 * loads *to: the C caller sees an ordinary function return, later, when some
 * other switch names *from as its target. Layout: kcontext_offsets.h. */
#include "kcontext_offsets.h"

	.section .text
	.globl	arch_switch
arch_switch:
	sd	ra, KC_RA(a0)
	sd	sp, KC_SP(a0)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, KC_S(\n)(a0)
	.endr

	ld	ra, KC_RA(a1)
	ld	sp, KC_SP(a1)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, KC_S(\n)(a1)
	.endr
	ret
