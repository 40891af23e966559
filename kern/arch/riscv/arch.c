/* RISC-V implementation of kern/arch.h: CSRs, satp, ASIDs, shutdown. The
 * functions that are plain firmware calls (console, timer, IPI) are in
 * sbi/sbi.c. The only file besides the assembly and sbi/ that knows the
 * machine. */
#include "kern/arch.h"
#include "kern/arch/riscv/csr.h"
#include "sbi/sbi.h"
#include "kern/arch/riscv/kcontext_offsets.h"

_Static_assert(__builtin_offsetof(struct kcontext, ra) == KC_RA, "kcontext layout");
_Static_assert(__builtin_offsetof(struct kcontext, sp) == KC_SP, "kcontext layout");
_Static_assert(__builtin_offsetof(struct kcontext, s[0]) == KC_S(0), "kcontext layout");
_Static_assert(__builtin_offsetof(struct kcontext, s[11]) == KC_S(11), "kcontext layout");

static unsigned arch_asid_n = 1;

void arch_kcontext_init(struct kcontext *ctx, uintptr_t stack_top, void (*fn)(void))
{
	for (int i = 0; i < 12; i++)
		ctx->s[i] = 0;
	ctx->ra = (uint64_t)fn;
	ctx->sp = stack_top;
}

/* Turn paging on with the kernel's root table and find how many ASID bits
 * the hart implements: write all ones to satp's ASID field and read back what
 * sticks (the privileged spec's WARL probe). */
void arch_vm_init(uint64_t kernel_root_pa)
{
	uint64_t base = SATP_MODE_SV39 | (kernel_root_pa >> 12);
	csr_write(satp, base | (0xffffUL << SATP_ASID_SHIFT));
	uint64_t asid_mask = (csr_read(satp) >> SATP_ASID_SHIFT) & 0xffff;
	csr_write(satp, base);
	__asm__ volatile("sfence.vma zero, zero" ::: "memory");
	arch_asid_n = (unsigned)asid_mask + 1;
}

unsigned arch_asid_count(void)
{
	return arch_asid_n;
}

void arch_vm_flush_asid(uint16_t asid)
{
	if (arch_asid_n > 1)
		__asm__ volatile("sfence.vma zero, %0" :: "r"((uint64_t)asid) : "memory");
	else
		__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

uint64_t arch_time(void)
{
	return csr_read(time);
}

uint64_t arch_instret(void)
{
	return csr_read(instret);
}

void arch_idle_wait(void)
{
	/* wfi resumes when an interrupt enabled in sie is pending, even with
	 * sstatus.SIE clear: the kernel polls sip afterwards. */
	__asm__ volatile("wfi");
}

bool arch_timer_pending(void)
{
	return (csr_read(sip) & SIP_STIP) != 0;
}

static uint64_t finisher;

void arch_set_finisher(uint64_t base)
{
	finisher = base;
}

/* SBI's system reset cannot carry a failure to QEMU: OpenSBI 1.1 always
 * reports "pass" to QEMU's test device. So a failed run writes the test
 * device's FAIL code (0x3333, exit status 1 in bits 16 and up) itself, with
 * paging off because the device is not in the kernel's page table; the
 * kernel is identity-mapped, so execution continues unchanged. */
void arch_shutdown(int failed)
{
	if (failed && finisher) {
		csr_write(satp, 0);
		__asm__ volatile("sfence.vma zero, zero" ::: "memory");
		*(volatile uint32_t *)(uintptr_t)finisher = 0x3333 | (1u << 16);
	}
	sbi_shutdown(failed != 0);
}


extern void trap_vector(void);

void arch_trap_init(void)
{
	csr_write(stvec, (uint64_t)trap_vector);
	csr_write(sscratch, 0);
	csr_write(scounteren, SCOUNTEREN_CY_TM_IR);
	csr_set(sie, HINGE_SMP ? SIE_STIE | SIE_SSIE : SIE_STIE);
	csr_clear(sstatus, SSTATUS_SIE);
}

#if HINGE_SMP
extern char _start_secondary[];

bool arch_hart_start(int id)
{
	return sbi_hart_start((unsigned long)id, (uintptr_t)_start_secondary, 0) == 0;
}

void arch_ipi_clear(void)
{
	csr_clear(sip, SIP_SSIP);
}

void arch_tlb_flush_all(void)
{
	__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}
#endif

void arch_set_this_hart(struct hart *h)
{
	__asm__ volatile("mv tp, %0" :: "r"(h));
}


uint64_t arch_trap_cause(void)
{
	return csr_read(scause);
}

uint64_t arch_trap_value(void)
{
	return csr_read(stval);
}
