/* The handle system calls: SYS_HANDLE_DUP and SYS_HANDLE_CLOSE (rules:
 * kern/handle.h; reference: docs/syscalls.md). */
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
