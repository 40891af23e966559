/* The handle system calls: SYS_HANDLE_DUP, SYS_HANDLE_CLOSE and
 * SYS_HANDLE_INFO (rules: kern/handle.h; reference: docs/syscalls.md). */
#include <hinge/errno.h>
#include <hinge/handle.h>
#include "kern/handle_sys.h"
#include "kern/handle.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/domain.h"

long sys_handle_dup(struct trapframe *tf)
{
	/* The whole register: handle_dup sees only its low 32 bits. */
	if (tf->regs[REG_A1] & ~(uint64_t)H_ALL)
		return HE_INVAL;
	return handle_dup(&thread_current()->cur->handles, handle_from_reg(tf->regs[REG_A0]), (uint32_t)tf->regs[REG_A1]);
}

long sys_handle_close(struct trapframe *tf)
{
	return handle_close(&thread_current()->cur->handles, handle_from_reg(tf->regs[REG_A0]));
}

/* Any handle may be asked about, whatever its rights: what a domain holds is
 * its own business (a handle received in a call can be checked before use). */
long sys_handle_info(struct trapframe *tf)
{
	/* LAB 3 BEGIN */
	/* LAB 3 STUB: (void)tf; return HE_INVAL; */
	struct handle s;
	int r = handle_get(&thread_current()->cur->handles, handle_from_reg(tf->regs[REG_A0]), 0, &s);
	if (r < 0)
		return r;
	tf->regs[REG_A1] = s.rights; /* the second result, on success only */
	return s.type;
	/* LAB 3 END */
}
