/* Trap dispatch: trap.S saves the user registers and calls trap_user(), which
 * decodes scause and hands the event to the portable kernel; a system call
 * comes through syscall_leaf (and syscall_general) instead. */
#include "kern/arch.h"
#include "kern/arch/riscv/csr.h"
#include "kern/console.h"
#include "kern/syscall.h"
#include "kern/clock.h"
#include "kern/fault.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/fpu.h"
#include "kern/smp.h"

/* The kind of each exception a user fault may be (kern/fault.h); the
 * others are FAULT_OTHER. */
static const enum fault_kind fault_kinds[] = {
	[EXC_INSN_PAGE_FAULT] = FAULT_PAGE, [EXC_LOAD_PAGE_FAULT] = FAULT_PAGE,
	[EXC_STORE_PAGE_FAULT] = FAULT_PAGE, [EXC_INSN_ACCESS] = FAULT_PAGE,
	[EXC_LOAD_ACCESS] = FAULT_PAGE, [EXC_STORE_ACCESS] = FAULT_PAGE,
	[EXC_ILLEGAL_INSN] = FAULT_ILLEGAL,
	[EXC_INSN_MISALIGNED] = FAULT_MISALIGNED, [EXC_LOAD_MISALIGNED] = FAULT_MISALIGNED,
	[EXC_STORE_MISALIGNED] = FAULT_MISALIGNED,
};

static enum fault_kind fault_kind_of(uint64_t cause)
{
	return cause < sizeof fault_kinds / sizeof fault_kinds[0] ? fault_kinds[cause] : FAULT_OTHER;
}

void trap_user(struct trapframe *tf)
{
	uint64_t cause = arch_trap_cause();

	if (kernel_enter()) {
		/* Stopped while it waited (kern/smp.h): the trap is dropped. An
		 * exception happens again, an interrupt is still pending. */
	} else if (cause & SCAUSE_INTR) {
		/* A timer tick; else an IPI (kern/smp.h): what it asks is in
		 * memory, looked at on the way out. */
		if ((cause & ~SCAUSE_INTR) == IRQ_S_TIMER)
			clock_interrupt();
	} else if (cause == EXC_ILLEGAL_INSN && !(csr_read(sstatus) & SSTATUS_FS) &&
		   fpu_claim(thread_current())) {
		/* First FP instruction of this hop: it owns the FPU now; retry. */
	} else {
		fault_user(fault_kind_of(cause), cause, tf->pc, arch_trap_value());
	}
	thread_return_to_user();
}

/* A system call, from trap.S with the registers C may clobber saved (the pc
 * already past the ecall): a leaf call runs here. a0 = the frame, a1 = the
 * exit, SYSCALL_DONE (0) for a return from the registers saved. */
struct syscall_leaf_exit {
	struct trapframe *tf;
	uint64_t exit;
};
_Static_assert(SYSCALL_DONE == 0, "trap.S tests syscall_leaf's exit against zero");

struct syscall_leaf_exit syscall_leaf(struct trapframe *tf)
{
	return (struct syscall_leaf_exit){ tf, syscall_leaf_run(tf) };
}

/* The rest of a system call, once trap.S completed tf: run it if it is not
 * a leaf call, then leave as every trap does. */
void syscall_general(struct trapframe *tf, uint64_t exit)
{
	if (exit == SYSCALL_RUN) {
		if (kernel_enter())
			tf->pc -= 4; /* stopped while it waited (kern/smp.h): the ecall runs again */
		else
			syscall_dispatch(tf);
	}
	thread_return_to_user();
}

void trap_kernel(void)
{
	panic("kernel trap: scause %lx sepc %lx stval %lx",
	      (unsigned long)csr_read(scause), (unsigned long)csr_read(sepc),
	      (unsigned long)csr_read(stval));
}
