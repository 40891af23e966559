/* User fault containment: the faulting domain dies, nothing else does. */
#include "fault.h"
#include "thread.h"
#include "hart.h"
#include "domain.h"
#include "console.h"

static const char *const kind_name[] = {
	[FAULT_PAGE] = "page fault",
	[FAULT_ILLEGAL] = "illegal instruction",
	[FAULT_MISALIGNED] = "misaligned access",
	[FAULT_BADSYSCALL] = "bad system call number",
	[FAULT_OTHER] = "exception",
};

void fault_user(enum fault_kind kind, uint64_t scause, uint64_t sepc, uint64_t stval)
{
	struct thread *t = thread_current();
	struct domain *d = t->cur;
	kprintf("[hinge] domain %d '%s' thread %d: %s (scause %lu) sepc=0x%lx stval=0x%lx\n",
		d->id, d->name, t->uid, kind_name[kind], (unsigned long)scause,
		(unsigned long)sepc, (unsigned long)stval);
	domain_kill(d, END_FAULT, (int64_t)scause);
}
