/* Lazy FPU ownership (rules in fpu.h). */
#include "fpu.h"
#include "thread.h"
#include "hart.h"

static struct fpstate *hop_state(struct thread *t, int hop)
{
	return &t->fpu[hop];
}

void fpu_hop_fresh(struct thread *t, int hop)
{
	struct fpstate *st = hop_state(t, hop);
	st->live = false;
	if (this_hart()->fpu_owner == st)
		this_hart()->fpu_owner = NULL; /* registers hold an older hop's values */
}

bool fpu_claim(struct thread *t)
{
	struct hart *h = this_hart();
	struct fpstate *st = hop_state(t, t->shuttle.depth);
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

bool fpu_owned(struct thread *t)
{
	return this_hart()->fpu_owner == hop_state(t, t->shuttle.depth);
}

void fpu_forget(struct thread *t)
{
	struct hart *h = this_hart();
	for (int i = 0; i <= SHUTTLE_MAX_DEPTH; i++)
		if (h->fpu_owner == hop_state(t, i))
			h->fpu_owner = NULL;
}
