/* Stand-in for kern/thread.c's thread_set_inherited in the door unit tests:
 * the same effect on the thread, without a scheduler. */
#include "kern/thread.h"

void thread_set_inherited(struct thread *t, int prio)
{
	int base = t->sc ? t->sc->prio : 0;
	t->inherited_prio = prio;
	t->prio = base > prio ? base : prio;
}
