/* Loading a static ELF64 RISC-V executable into a user address space.
 *
 * Accepted images: ELFCLASS64, little endian, version 1, ET_EXEC, EM_RISCV,
 * program headers of the standard size, at most ELF_MAX_PHDRS of them, the
 * table inside the image; no PT_INTERP (no dynamic linking); at least one
 * PT_LOAD; each PT_LOAD with memsz > 0 has filesz <= memsz, its file bytes
 * inside the image, its memory range inside [USER_BASE, USER_TOP), some of
 * R/W/X but never both W and X (W^X holds for user code too), and overlaps
 * no other PT_LOAD; the entry point lies in an executable PT_LOAD. Other
 * program header types (NOTE, GNU_STACK, RISCV_ATTRIBUTES...) are ignored,
 * as are section headers, EI_OSABI and e_flags.
 *
 * Segments are copied, not shared: each page is a fresh zeroed page owned by
 * the address space (vm_alloc_user), mapped user with R/W/X from p_flags
 * (W-only becomes R+W: Sv39 has no write-only pages). Two segments may share
 * a page only if they have the same permissions.
 *
 * The image is read with memcpy only, so it needs no particular alignment. */
#ifndef KERN_ELF_H
#define KERN_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_PHDRS 32      /* bounds the overlap check (quadratic) */

/* ELF64 file format (System V ABI, gABI), only what the loader uses. */
#define ELF_MAG0        0x7f
#define ELF_CLASS64     2
#define ELF_DATA2LSB    1
#define ELF_EV_CURRENT  1
#define ELF_ET_EXEC     2
#define ELF_EM_RISCV    243
#define ELF_PT_LOAD     1
#define ELF_PT_INTERP   3
#define ELF_PF_X        0x1
#define ELF_PF_W        0x2
#define ELF_PF_R        0x4

struct elf64_ehdr {
	uint8_t  e_ident[16];   /* 0x7f 'E' 'L' 'F', class, data, version, OS ABI, padding */
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header layout");

/* Load image[0..size) into the address space root (normally fresh from
 * vm_create). On HE_OK, *entry_out is the entry point and *end_out the first
 * page-aligned user address above every segment (the initial break).
 * HE_INVAL: root is NULL, the image breaks a rule above, or (space not
 * fresh) a segment page is already mapped but not by this load;
 * HE_NOMEM: out of pages.
 * Contract on error: every rule on the image is checked before anything is
 * mapped, but HE_NOMEM (or a non-fresh space) can leave some segments
 * mapped. Every page the loader mapped is owned by the space, so the caller
 * must vm_destroy(root), which frees them all, and must not run the space;
 * the loader allocates nothing else. */
int elf_load(uint64_t *root, const void *image, size_t size, uintptr_t *entry_out, uintptr_t *end_out);

#endif
