/* The harness's own system calls: SYS_KCOUNTS (live kernel objects, for
 * leak checks) and SYS_BOOTFILE (the boot file, read by the scenario actor).
 * Reference: docs/syscalls.md. */
#include <hinge/errno.h>
#include "kern/observe.h"
#include "kern/scenario/kcounts.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/domain.h"
#include "kern/uaccess.h"

long sys_kcounts(struct trapframe *tf)
{
	struct hinge_counts c;
	struct thread *t = thread_current();
	/* Threads marked to end hold their objects until reaped: a leak check
	 * counts after the reaper, here between operations. */
	thread_reap_dead();
	domain_activate(t->cur); /* the reaper left satp on the kernel's table */
	kcounts(&c);
	return copyout(domain_root(t->cur), tf->regs[REG_A0], &c, sizeof c);
}

long sys_bootfile(struct trapframe *tf)
{
	const char *text;
	size_t len = bootrun_text(&text);
	uint64_t off = tf->regs[REG_A2], n = tf->regs[REG_A1];
	if (off >= len)
		return 0;
	if (n > len - off)
		n = len - off;
	struct thread *t = thread_current();
	int r = copyout(domain_root(t->cur), tf->regs[REG_A0], text + off, n);
	return r < 0 ? r : (long)n;
}
