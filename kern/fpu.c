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
	struct hart *h = this_hart();
	for (int i = 0; i <= SHUTTLE_MAX_DEPTH; i++)
		if (h->fpu_owner == &t->frames[i].fp)
			h->fpu_owner = NULL;
}
