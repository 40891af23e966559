/* Lazy FPU ownership (rules in fpu.h). */
#include "fpu.h"
#include "thread.h"
#include "hart.h"

bool fpu_claim(struct thread *t)
{
	struct hart *h = this_hart();
	struct fpstate *st = &t->tf->fp;
	if (h->fpu_owner == st)
		return false;
	if (h->fpu_owner)
		arch_fpu_save(h->fpu_owner);
	if (st->live)
		arch_fpu_load(st);
	else
		arch_fpu_zero();
	st->live = true;
	h->fpu_owner = st;
	return true;
}

void fpu_forget(struct thread *t)
{
	/* Any hart: t may have run on another one (kern/smp.h), whose
	 * registers may still hold its values. */
	for (int k = 0; k < MAX_HARTS; k++) {
		struct hart *h = &harts[k];
		if ((uintptr_t)h->fpu_owner - (uintptr_t)t->frames < sizeof t->frames)
			h->fpu_owner = NULL;
	}
}
