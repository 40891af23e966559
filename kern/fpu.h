/* Lazy floating-point state, per shuttle hop.
 *
 * Isolation rule: no FP register value of one hop (a domain's code running
 * on a thread at some shuttle depth) is ever visible to another hop. The
 * FP registers of a hart belong to one hop at a time, the owner. Any other
 * hop runs with the FPU off (sstatus.FS = Off); its first FP instruction
 * traps (illegal instruction), and only then does the kernel save the
 * owner's registers into the owner's fpstate and load this hop's (zeros for
 * a hop that never used the FPU). A door call or return therefore costs no
 * FP work at all unless both sides use the FPU: the price is one trap per
 * hop that touches FP, plus 33 stores and 33 loads when ownership moves. */
#ifndef KERN_FPU_H
#define KERN_FPU_H

#include <stdint.h>
#include <stdbool.h>

struct thread;

/* Laid out for kern/arch/riscv/fpu.S: f0..f31, then fcsr. */
struct fpstate {
	uint64_t f[32];
	uint64_t fcsr;
	bool live;       /* f/fcsr hold this hop's values (else it starts from zeros) */
};

/* The current hop executed an FP instruction with the FPU off: make it the
 * owner (saving the previous owner). Returns false if it already was the
 * owner (so the instruction is really illegal). */
bool fpu_claim(struct thread *t);
/* fpu_hop_fresh and fpu_owned are inline in kern/hart.h (fast path). */
/* t's fpstates are going away (thread reaped). */
void fpu_forget(struct thread *t);

void arch_fpu_save(struct fpstate *st);
void arch_fpu_load(const struct fpstate *st);
void arch_fpu_zero(void);

#endif
