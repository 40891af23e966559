/* ELF64 RISC-V executable loader; see elf.h for what is accepted. */
#include <stdbool.h>
#include <string.h>
#include <hinge/errno.h>
#include "config.h"
#include "vm.h"
#include "elf.h"
#include "copy.h"

static uintptr_t page_down(uintptr_t a)
{
	return a & ~(PAGE_SIZE - 1);
}

static uintptr_t page_up(uintptr_t a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static void read_phdr(const void *image, const struct elf64_ehdr *eh, size_t i, struct elf64_phdr *ph)
{
	memcpy(ph, (const char *)image + eh->e_phoff + i * sizeof *ph, sizeof *ph);
}

/* A segment that occupies memory and so must be mapped. */
static bool is_mapped_load(const struct elf64_phdr *ph)
{
	return ph->p_type == ELF_PT_LOAD && ph->p_memsz > 0;
}

/* VM permissions of a segment (VM_U included; W-only becomes R+W). */
static int seg_perm(const struct elf64_phdr *ph)
{
	return VM_U | (ph->p_flags & (ELF_PF_R | ELF_PF_W) ? VM_R : 0) | (ph->p_flags & ELF_PF_W ? VM_W : 0) |
	       (ph->p_flags & ELF_PF_X ? VM_X : 0);
}

static int check_ehdr(const void *image, size_t size, struct elf64_ehdr *eh)
{
	static const uint8_t magic[4] = { ELF_MAG0, 'E', 'L', 'F' };

	if (image == NULL || size < sizeof *eh)
		return HE_INVAL;
	memcpy(eh, image, sizeof *eh);
	if (memcmp(eh->e_ident, magic, sizeof magic) != 0 || eh->e_ident[4] != ELF_CLASS64 ||
	    eh->e_ident[5] != ELF_DATA2LSB || eh->e_ident[6] != ELF_EV_CURRENT)
		return HE_INVAL;
	if (eh->e_type != ELF_ET_EXEC || eh->e_machine != ELF_EM_RISCV || eh->e_version != ELF_EV_CURRENT)
		return HE_INVAL;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHDRS)
		return HE_INVAL;
	if (eh->e_phoff > size || (size - eh->e_phoff) / sizeof(struct elf64_phdr) < eh->e_phnum)
		return HE_INVAL;
	return HE_OK;
}

static int check_segment(const struct elf64_phdr *ph, size_t size)
{
	if (ph->p_filesz > ph->p_memsz)
		return HE_INVAL;
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return HE_INVAL;
	if (ph->p_vaddr < USER_BASE || ph->p_vaddr >= USER_TOP || ph->p_memsz > USER_TOP - ph->p_vaddr)
		return HE_INVAL;
	if ((ph->p_flags & (ELF_PF_R | ELF_PF_W | ELF_PF_X)) == 0)
		return HE_INVAL;
	if ((ph->p_flags & ELF_PF_W) && (ph->p_flags & ELF_PF_X))
		return HE_INVAL;
	return HE_OK;
}

/* Two segments must not overlap, and may share a page only when that page
 * gets the same permissions from both. */
static int check_pair(const struct elf64_phdr *a, const struct elf64_phdr *b)
{
	uint64_t a_end = a->p_vaddr + a->p_memsz, b_end = b->p_vaddr + b->p_memsz;

	if (a->p_vaddr < b_end && b->p_vaddr < a_end)
		return HE_INVAL;
	if (page_down(a->p_vaddr) < page_up(b_end) && page_down(b->p_vaddr) < page_up(a_end) &&
	    seg_perm(a) != seg_perm(b))
		return HE_INVAL;
	return HE_OK;
}

/* Validate everything before mapping anything. */
static int check_image(const void *image, size_t size, struct elf64_ehdr *eh)
{
	struct elf64_phdr ph, other;
	bool entry_ok = false;
	size_t nload = 0;

	int err = check_ehdr(image, size, eh);
	if (err != HE_OK)
		return err;
	for (size_t i = 0; i < eh->e_phnum; i++) {
		read_phdr(image, eh, i, &ph);
		if (ph.p_type == ELF_PT_INTERP)
			return HE_INVAL;
		if (!is_mapped_load(&ph))
			continue;
		nload++;
		if (check_segment(&ph, size) != HE_OK)
			return HE_INVAL;
		for (size_t j = 0; j < i; j++) {
			read_phdr(image, eh, j, &other);
			if (is_mapped_load(&other) && check_pair(&ph, &other) != HE_OK)
				return HE_INVAL;
		}
		if ((ph.p_flags & ELF_PF_X) && eh->e_entry >= ph.p_vaddr && eh->e_entry - ph.p_vaddr < ph.p_memsz)
			entry_ok = true;
	}
	return nload > 0 && entry_ok ? HE_OK : HE_INVAL;
}

/* Give every page of the segment a page owned by the space with the
 * segment's permissions: a fresh one, or the one a previous segment of the
 * same image (same permissions, checked in check_pair) already put there;
 * then copy into it the segment's file bytes that fall in it. The loader
 * writes any page it mapped, whatever the page's user permissions. The rest
 * up to p_memsz (bss) is zero already: the pages are fresh and zeroed, and
 * no other segment overlaps it. */
static int load_segment(uint64_t *root, const struct elf64_phdr *ph, const char *image)
{
	int perm = seg_perm(ph);
	/* VM_R/W/X/U are the PTE bits shifted down by one (vm.h). */
	const uint64_t want = (uint64_t)perm << 1 | PTE_OWN;
	const uint64_t mask = PTE_R | PTE_W | PTE_X | PTE_U | PTE_OWN;
	uintptr_t file_end = ph->p_vaddr + ph->p_filesz;

	for (uintptr_t va = page_down(ph->p_vaddr); va < ph->p_vaddr + ph->p_memsz; va += PAGE_SIZE) {
		uint64_t *pte = vm_walk(root, va, false);
		if (pte == NULL || !(*pte & PTE_V)) {
			int err = vm_alloc_user(root, va, PAGE_SIZE, perm);
			if (err != HE_OK)
				return err;
			pte = vm_walk(root, va, false);
		} else if ((*pte & mask) != want) {
			return HE_INVAL;
		}
		uintptr_t lo = va > ph->p_vaddr ? va : ph->p_vaddr;
		uintptr_t hi = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
		if (lo < hi) /* word stores (kern/copy.h) */
			kcopy((char *)PTE_PA(*pte) + (lo - va), image + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
	}
	return HE_OK;
}

int elf_load(uint64_t *root, const void *image, size_t size, uintptr_t *entry_out, uintptr_t *end_out)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	uintptr_t end = 0;

	if (root == NULL)
		return HE_INVAL;
	int err = check_image(image, size, &eh);
	if (err != HE_OK)
		return err;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		read_phdr(image, &eh, i, &ph);
		if (!is_mapped_load(&ph))
			continue;
		err = load_segment(root, &ph, image);
		if (err != HE_OK)
			return err;
		if (page_up(ph.p_vaddr + ph.p_memsz) > end)
			end = page_up(ph.p_vaddr + ph.p_memsz);
	}
	if (entry_out != NULL)
		*entry_out = eh.e_entry;
	if (end_out != NULL)
		*end_out = end;
	return HE_OK;
}
