/* Sv39 page tables: the kernel's identity map and per-domain address spaces.
 *
 * Layout of every address space (virtual addresses, Sv39 lower half):
 *   [USER_BASE, USER_TOP)        user mappings (PTE_U), root slots 0..1,
 *                                owned by the address space
 *   [ram_start, ram_end)         kernel identity map (no PTE_U, PTE_G), in root
 *                                slots >= USER_TOP / 1 GiB; those root entries
 *                                are copied from the kernel root, so the level-1
 *                                and level-0 tables below them are SHARED by all
 *                                address spaces and never freed with one.
 * USER_TOP is a multiple of 1 GiB, so user and kernel never share a root slot.
 *
 * W^X everywhere: no mapping is ever both writable and executable.
 * Every leaf gets A and D set so hardware that does not update them never
 * faults on first access or first write.
 *
 * Ownership of user leaf pages: a leaf created by vm_alloc_user (or by vm_map
 * with VM_OWN) is owned by the address space and freed by vm_unmap and
 * vm_destroy (marked with the software bit PTE_OWN). A leaf created by vm_map
 * without VM_OWN only borrows the page: the caller keeps ownership (shared
 * memory). Page-table pages of the user part are always owned.
 *
 * TLB: this file only edits memory. After removing or changing a mapping of
 * an address space that may be live on a hart (vm_unmap, vm_destroy), the
 * caller must flush that hart's TLB through the arch layer before the freed
 * pages are reused. satp is set only by arch_vm_activate (arch.h).
 *
 * Table pages come from palloc (so palloc_init runs first, over RAM that the
 * kernel map makes R+W) and are reached through their physical address used
 * as a pointer (the kernel is identity-mapped; on the host, "physical" pages
 * come from palloc's arena). Only RAM is mapped for the kernel: device MMIO
 * on QEMU virt sits below 0x80000000, inside the user part. One hart at a
 * time: on several, under the kernel lock (docs/smp.md). */
#ifndef KERN_VM_H
#define KERN_VM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Sv39 PTE bits (privileged spec, 4.4.1). */
#define PTE_V    (1UL << 0)
#define PTE_R    (1UL << 1)
#define PTE_W    (1UL << 2)
#define PTE_X    (1UL << 3)
#define PTE_U    (1UL << 4)
#define PTE_G    (1UL << 5)
#define PTE_A    (1UL << 6)
#define PTE_D    (1UL << 7)
#define PTE_OWN  (1UL << 8)  /* RSW bit: the address space owns the leaf page */
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1UL << 44) - 1) << PTE_PPN_SHIFT)

#define PTE_PA(pte)   ((((uint64_t)(pte)) & PTE_PPN_MASK) >> PTE_PPN_SHIFT << 12)
#define PA_TO_PTE(pa) ((((uint64_t)(pa)) >> 12) << PTE_PPN_SHIFT)
/* A valid PTE with any of R/W/X is a leaf; with none it points to a table. */
#define PTE_IS_LEAF(pte) (((pte) & (PTE_R | PTE_W | PTE_X)) != 0)

#define SV39_LEVELS      3
#define SV39_VA_LIMIT    (1UL << 38)   /* end of the lower half: canonical VAs we use */
#define MEGAPAGE_SIZE    (1UL << 21)   /* level-1 leaf */
#define GIGAPAGE_SIZE    (1UL << 30)   /* span of one root slot */

/* Permission flags for vm_map / vm_alloc_user / vm_translate. */
#define VM_R    0x1   /* readable */
#define VM_W    0x2   /* writable (requires VM_R: W-only is reserved in Sv39) */
#define VM_X    0x4   /* executable (never together with VM_W) */
#define VM_U    0x8   /* user-accessible; required exactly for user-range mappings */
#define VM_OWN  0x10  /* the address space takes ownership of the page (vm_map) */
/* VM_R/W/X/U are the PTE bits R/W/X/U shifted down by one: a permission
 * becomes its PTE bits by a shift (vm_map, vm_translate, the ELF loader). */
_Static_assert(VM_R << 1 == PTE_R && VM_W << 1 == PTE_W && VM_X << 1 == PTE_X && VM_U << 1 == PTE_U,
	       "permissions turn into PTE bits by a shift");

/* Boundaries of the kernel image, from the linker script; each page-aligned.
 * text [text_start, text_end) R+X, rodata [text_end, rodata_end) R,
 * data+bss [rodata_end, kernel_end) R+W. */
struct kernel_sections {
	uintptr_t text_start, text_end, rodata_end, kernel_end;
};

/* Build the kernel root table: identity map of [ram_start, ram_end) with W^X
 * for the kernel image, global, no PTE_U. The image itself and the partial
 * 2 MiB blocks around it use 4 KiB pages (so text/rodata/data boundaries are
 * exact); every 2 MiB-aligned 2 MiB block outside the image is one megapage
 * (fewer table pages and TLB entries). Runs once, before the first vm_create.
 * HE_INVAL: bounds unaligned, out of order, below USER_TOP or beyond the Sv39
 * lower half; HE_NOMEM: out of pages (everything built so far is freed). */
int vm_kernel_init(uintptr_t ram_start, uintptr_t ram_end, const struct kernel_sections *ks);

/* The kernel root table, NULL before vm_kernel_init succeeds. */
uint64_t *vm_kernel_root(void);

/* A new address space: an empty user part plus the kernel root's slots.
 * NULL when out of pages. (Before vm_kernel_init, the space has no kernel
 * part: only useful to host tests.) */
uint64_t *vm_create(void);

/* Map [va, va+len) to [pa, pa+len) with 4 KiB pages.
 * perm: VM_R/W/X with VM_U for a user space (range inside [USER_BASE,
 * USER_TOP), root not the kernel root), or without VM_U for the kernel root
 * (range in the kernel part). VM_OWN hands the pages to the address space.
 * HE_INVAL: va/pa/len unaligned, len 0, wrong range for the root, bad perm
 * (none of R/W/X, W without R, W with X, unknown bits), or some page in the
 * range already mapped. HE_NOMEM: out of pages for a table.
 * All or nothing: on error no page of the range is mapped, table pages
 * allocated by the call are freed again, and ownership is not transferred.
 * A kernel mapping added after vm_create reaches existing spaces only if its
 * root slot already had a table (they copied the slot, not the tables). */
int vm_map(uint64_t *root, uintptr_t va, uintptr_t pa, size_t len, int perm);

/* Remove the 4 KiB mappings in [va, va+len); holes are skipped. Owned leaf
 * pages are freed; table pages left empty are freed (except the shared
 * kernel level-1 tables). HE_INVAL: unaligned, len 0, range not wholly in
 * one part (user part of a user space, kernel part of the kernel root), or a
 * megapage inside the range (nothing is changed then). */
int vm_unmap(uint64_t *root, uintptr_t va, size_t len);

/* The PTE that maps va: the level-0 slot (possibly invalid), or a megapage /
 * gigapage leaf covering va. With alloc, missing tables are allocated, but
 * only in the part the root owns (user part of a user space, kernel part of
 * the kernel root): a user root never adds to the shared kernel tables.
 * Tables allocated stay even if a later level fails (vm_destroy frees them).
 * NULL when va is outside the Sv39 lower half, a table is missing (alloc
 * false), alloc is refused for the range, or no page is free. */
uint64_t *vm_walk(uint64_t *root, uintptr_t va, bool alloc);

/* Translate a user virtual address the way the MMU would for U-mode:
 * HE_OK and *pa_out when va is in [USER_BASE, USER_TOP), mapped V and U, and
 * has every permission in need_perm (VM_R/W/X); HE_FAULT otherwise. */
int vm_translate(uint64_t *root, uintptr_t va, int need_perm, uintptr_t *pa_out);

/* Allocate zeroed pages and map them at [va, va+len) owned by the space,
 * with perm | VM_U. Same errors as vm_map, all or nothing: on error the
 * pages allocated by the call are freed again. */
int vm_alloc_user(uint64_t *root, uintptr_t va, size_t len, int perm);

/* Free an address space: its owned user leaf pages, its user table pages,
 * and the root; never the shared kernel tables. Refuses (does nothing) for
 * the kernel root. root may be NULL. */
void vm_destroy(uint64_t *root);

#endif
