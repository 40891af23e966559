/* The parts of kern/arch.h that sit on the door fast path, inline: which
 * hart this is (tp holds its struct hart while in the kernel) and the
 * address-space switch. Included by kern/arch.h on the target only; the
 * host unit tests link ordinary functions from tests/unit/fake_arch.c. */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdint.h>

struct hart;

static inline struct hart *arch_this_hart(void)
{
	struct hart *h;
	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}

/* The satp value that selects a page table (Sv39) and its ASID. */
static inline uint64_t arch_vm_token(uint64_t root_pa, uint16_t asid)
{
	return (8UL << 60) | ((uint64_t)asid << 44) | (root_pa >> 12);
}

static inline void arch_vm_switch(uint64_t token)
{
	__asm__ volatile("csrw satp, %0" :: "r"(token) : "memory");
	/* With ASIDs, the TLB entries of each address space are tagged and stay
	 * valid across switches (stale ones are flushed when an ASID is handed
	 * to a new domain, arch_vm_flush_asid). ASID 0 is shared (the kernel's
	 * table, domains beyond the hart's ASID count, every domain on a hart
	 * without ASIDs): flush everything. */
	if (!((token << 4) >> 48)) /* the ASID field, bits 44..59, without a mask constant */
		__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline void arch_vm_activate(uint64_t root_pa, uint16_t asid)
{
	arch_vm_switch(arch_vm_token(root_pa, asid));
}

/* Whether user mode, on the next entry, may use the FPU (kern/fpu.h):
 * sstatus.FS at least Initial (Dirty stays Dirty), or Off. */
static inline void arch_user_fpu(_Bool on)
{
	if (on)
		__asm__ volatile("csrs sstatus, %0" :: "r"(1UL << 13));
	else
		__asm__ volatile("csrc sstatus, %0" :: "r"(3UL << 13));
}

#endif
