/* The small interface between Hinge's portable logic and the RISC-V machine.
 *
 * Everything that touches a CSR, the trap frame layout, satp, or assembly is
 * behind these functions, implemented in kern/arch/riscv/. The host unit tests
 * (tests/unit/) provide fakes of the same functions, so the logic of doors,
 * shuttle, scheduler and handle tables compiles and runs on the build machine. */
#ifndef KERN_ARCH_H
#define KERN_ARCH_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "config.h"
#include "arch/riscv/trapframe.h"

/* Kernel registers preserved across arch_switch (the callee-saved set). */
struct kcontext {
	uint64_t ra, sp;
	uint64_t s[12];
};

/* Save the current kernel registers into *from and resume *to. */
void arch_switch(struct kcontext *from, struct kcontext *to);

/* Prepare ctx so that switching to it calls fn() on the given stack. */
void arch_kcontext_init(struct kcontext *ctx, uintptr_t stack_top, void (*fn)(void));

#ifdef HINGE_HOST
/* Whether user mode, on the next entry, may use the FPU (kern/fpu.h). */
void arch_user_fpu(bool on);
#endif

/* Leave the kernel into user mode with the registers in tf; never returns. */
void arch_user_enter(struct trapframe *tf) __attribute__((noreturn));

struct hart;

/* Boot-time set-up: trap vector, counters readable from user mode, timer
 * interrupt enabled (the kernel itself always runs with interrupts off). */
void arch_trap_init(void);
/* Record which struct hart this hart is (kept in tp while in the kernel). */
void arch_set_this_hart(struct hart *h);
#ifdef HINGE_HOST
struct hart *arch_this_hart(void);
#endif

/* Turn paging on with the kernel's root table and probe for ASIDs. */
void arch_vm_init(uint64_t kernel_root_pa);
/* arch_vm_activate: make the page table rooted at physical page root_pa
 * current, tagged asid (flushing the TLB for the shared ASID 0).
 * arch_vm_token: the value naming (root_pa, asid) for arch_vm_switch, which
 * makes that page table current (computed once per domain). On the target
 * these and arch_this_hart are inline: kern/arch/riscv/arch_inline.h. */
#ifdef HINGE_HOST
void arch_vm_activate(uint64_t root_pa, uint16_t asid);
uint64_t arch_vm_token(uint64_t root_pa, uint16_t asid);
void arch_vm_switch(uint64_t token);
#else
#include "arch/riscv/arch_inline.h"
#endif
/* Forget every TLB entry tagged asid (before the ASID names a new space). */
void arch_vm_flush_asid(uint16_t asid);
/* Number of ASID values the hart supports (1 = none: flush on every switch). */
unsigned arch_asid_count(void);

/* Time: arch_time() reads the `time` CSR (timebase ticks). */
uint64_t arch_time(void);
/* The `instret` CSR: instructions retired by this hart (under QEMU's
 * -icount shift=0, nanoseconds of virtual time). */
uint64_t arch_instret(void);
void arch_timer_program(uint64_t deadline);
/* Idle until an interrupt is pending (interrupts stay disabled in the kernel). */
void arch_idle_wait(void);
bool arch_timer_pending(void);

/* Cause of the trap being handled, and the faulting address/instruction. */
uint64_t arch_trap_cause(void);
uint64_t arch_trap_value(void);

void arch_console_write(const char *s, size_t n);
/* Power off; QEMU exits with status 0, or 1 when failed (see arch.c). */
void arch_shutdown(int failed) __attribute__((noreturn));
/* Address of QEMU's test device (device tree "sifive,test"), 0 if none. */
void arch_set_finisher(uint64_t base);

#if HINGE_SMP
/* Several harts (kern/smp.c). Harts are named by masks of hart ids.
 * arch_hart_start: start hart id at the kernel's secondary entry (false if
 * the firmware refused). arch_ipi_send: raise the software interrupt on the
 * harts of mask (it wakes wfi, and traps a hart in user mode);
 * arch_ipi_clear: clear this hart's. arch_tlb_flush_all: this hart forgets
 * every TLB entry. */
bool arch_hart_start(int id);
void arch_ipi_send(uint64_t mask);
void arch_ipi_clear(void);
void arch_tlb_flush_all(void);
#endif

#endif
