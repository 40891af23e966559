/* ELF loader: a crafted two-segment executable loads with the right bytes,
 * permissions and zeroed bss; every malformed image is refused before
 * anything is mapped; out-of-memory at any point leaks nothing after the
 * caller's vm_destroy. Images are built in C, no toolchain needed. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/errno.h>
#include "kern/config.h"
#include "kern/palloc.h"
#include "kern/vm.h"
#include "kern/uaccess.h"
#include "kern/elf.h"

#define ARENA_PAGES 128
#define PT_NOTE      4
#define PT_GNU_STACK 0x6474e551u

#define TEXT_OFF   0x200
#define TEXT_VA    0x10000UL
#define TEXT_SIZE  0x100
#define DATA_OFF   0x400
#define DATA_VA    0x11008UL   /* not page-aligned: the page's first bytes stay zero */
#define DATA_FILE  0x20
#define DATA_MEM   0x2000      /* bss spans into two more pages */
#define IMAGE_SIZE 0x500
#define ENTRY      (TEXT_VA + 0x10)

static char *arena;
static uint64_t *as;
static size_t base_used;
static _Alignas(8) unsigned char img[IMAGE_SIZE + 64];
static struct elf64_ehdr *eh = (struct elf64_ehdr *)img;
static struct elf64_phdr *ph = (struct elf64_phdr *)(img + sizeof(struct elf64_ehdr));
static uintptr_t entry, end;

static void build_image(void)
{
	memset(img, 0, sizeof img);
	memcpy(eh->e_ident, "\x7f" "ELF", 4);
	eh->e_ident[4] = ELF_CLASS64;
	eh->e_ident[5] = ELF_DATA2LSB;
	eh->e_ident[6] = ELF_EV_CURRENT;
	eh->e_type = ELF_ET_EXEC;
	eh->e_machine = ELF_EM_RISCV;
	eh->e_version = ELF_EV_CURRENT;
	eh->e_entry = ENTRY;
	eh->e_phoff = sizeof *eh;
	eh->e_ehsize = sizeof *eh;
	eh->e_phentsize = sizeof *ph;
	eh->e_phnum = 4;
	ph[0] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_X, .p_offset = TEXT_OFF,
				     .p_vaddr = TEXT_VA, .p_paddr = TEXT_VA, .p_filesz = TEXT_SIZE,
				     .p_memsz = TEXT_SIZE, .p_align = PAGE_SIZE };
	ph[1] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_W, .p_offset = DATA_OFF,
				     .p_vaddr = DATA_VA, .p_paddr = DATA_VA, .p_filesz = DATA_FILE,
				     .p_memsz = DATA_MEM, .p_align = PAGE_SIZE };
	/* Ignored kinds, with values that would be invalid for a PT_LOAD. */
	ph[2] = (struct elf64_phdr){ .p_type = PT_NOTE, .p_flags = ELF_PF_R, .p_offset = 0xffffffff,
				     .p_vaddr = 0, .p_filesz = 0x1000000, .p_memsz = 0 };
	ph[3] = (struct elf64_phdr){ .p_type = PT_GNU_STACK, .p_flags = ELF_PF_R | ELF_PF_W };
	for (int i = 0; i < TEXT_SIZE; i++)
		img[TEXT_OFF + i] = (unsigned char)(0x13 + i);
	for (int i = 0; i < DATA_FILE; i++)
		img[DATA_OFF + i] = (unsigned char)(0xd0 + i);
}

static void setup(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	cr_assert_not_null(arena);
	palloc_init((uintptr_t)arena, (uintptr_t)arena + ARENA_PAGES * PAGE_SIZE);
	as = vm_create();
	cr_assert_not_null(as);
	base_used = palloc_used_count();
	build_image();
	entry = end = 0;
}

static void teardown(void)
{
	free(arena);
}

TestSuite(elf, .init = setup, .fini = teardown);

static int load(size_t size)
{
	return elf_load(as, img, size, &entry, &end);
}

/* The image is refused and nothing at all was mapped. */
static void assert_refused(const char *why)
{
	cr_assert_eq(load(IMAGE_SIZE), HE_INVAL, "%s", why);
	cr_assert_eq(palloc_used_count(), base_used, "%s: something was mapped", why);
}

/* ---- good images ---- */

Test(elf, loads_segments_with_their_bytes_permissions_and_zeroed_bss)
{
	unsigned char buf[DATA_MEM + 8];
	uintptr_t pa;

	cr_assert_eq(load(IMAGE_SIZE), HE_OK);
	cr_assert_eq(entry, ENTRY);
	cr_assert_eq(end, 0x14000UL, "page above DATA_VA + DATA_MEM");

	cr_assert_eq(copyin(as, buf, TEXT_VA, TEXT_SIZE), HE_OK);
	cr_assert_arr_eq(buf, img + TEXT_OFF, TEXT_SIZE);
	cr_assert_eq(vm_translate(as, TEXT_VA, VM_R | VM_X, &pa), HE_OK);
	cr_assert_eq(vm_translate(as, TEXT_VA, VM_W, &pa), HE_FAULT, "text is not writable");
	cr_assert_eq(copyout(as, TEXT_VA, buf, 1), HE_FAULT);
	cr_assert_eq(*vm_walk(as, TEXT_VA, false) & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_OWN),
		     PTE_R | PTE_X | PTE_U | PTE_OWN);

	cr_assert_eq(copyin(as, buf, DATA_VA - 8, DATA_MEM + 8), HE_OK);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(buf[i], 0, "before the segment in its first page");
	cr_assert_arr_eq(buf + 8, img + DATA_OFF, DATA_FILE);
	for (size_t i = 8 + DATA_FILE; i < sizeof buf; i++)
		cr_assert_eq(buf[i], 0, "bss byte %zu", i);
	cr_assert_eq(vm_translate(as, DATA_VA, VM_R | VM_W, &pa), HE_OK);
	cr_assert_eq(vm_translate(as, DATA_VA, VM_X, &pa), HE_FAULT, "data is not executable");
	cr_assert_eq(vm_translate(as, 0x13000UL, VM_R | VM_W, &pa), HE_OK, "last bss page");
	cr_assert_eq(vm_translate(as, 0x14000UL, 0, &pa), HE_FAULT, "nothing above");
	cr_assert_eq(vm_translate(as, 0x10000UL + PAGE_SIZE, 0, &pa), HE_OK, "data page 0x11000");
}

Test(elf, load_then_destroy_leaks_nothing)
{
	vm_destroy(as);  /* start from an empty allocator */
	cr_assert_eq(palloc_used_count(), 0);
	as = vm_create();
	cr_assert_eq(load(IMAGE_SIZE), HE_OK);
	cr_assert_eq(palloc_used_count(), 1 + 2 + 1 + 3, "root, two tables, one text page, three data pages");
	vm_destroy(as);
	cr_assert_eq(palloc_used_count(), 0);
}

Test(elf, unaligned_image_and_null_outputs_are_fine)
{
	static _Alignas(8) unsigned char shifted[IMAGE_SIZE + 1];

	memcpy(shifted + 1, img, IMAGE_SIZE);
	cr_assert_eq(elf_load(as, shifted + 1, IMAGE_SIZE, NULL, NULL), HE_OK);
	uintptr_t pa;
	cr_assert_eq(vm_translate(as, DATA_VA, VM_R, &pa), HE_OK);
	cr_assert_eq(*(unsigned char *)pa, 0xd0);
}

Test(elf, write_only_segment_becomes_read_write)
{
	uintptr_t pa;

	ph[1].p_flags = ELF_PF_W;
	cr_assert_eq(load(IMAGE_SIZE), HE_OK);
	cr_assert_eq(vm_translate(as, DATA_VA, VM_R | VM_W, &pa), HE_OK);
}

Test(elf, execute_only_segment_is_not_readable)
{
	uintptr_t pa;

	ph[0].p_flags = ELF_PF_X;
	cr_assert_eq(load(IMAGE_SIZE), HE_OK);
	cr_assert_eq(vm_translate(as, TEXT_VA, VM_X, &pa), HE_OK);
	cr_assert_eq(vm_translate(as, TEXT_VA, VM_R, &pa), HE_FAULT);
}

Test(elf, empty_load_segments_are_ignored)
{
	ph[2] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_W | ELF_PF_X,
				     .p_offset = 0xfffffff, .p_vaddr = 0, .p_filesz = 0, .p_memsz = 0 };
	cr_assert_eq(load(IMAGE_SIZE), HE_OK);
}

Test(elf, segments_may_share_a_page_with_equal_permissions)
{
	uintptr_t pa;
	unsigned char b[2];

	/* A second R+X segment right after text, in the same page. */
	ph[2] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_X, .p_offset = TEXT_OFF,
				     .p_vaddr = TEXT_VA + TEXT_SIZE, .p_filesz = 2, .p_memsz = 2 };
	cr_assert_eq(load(IMAGE_SIZE), HE_OK);
	cr_assert_eq(copyin(as, b, TEXT_VA + TEXT_SIZE, 2), HE_OK);
	cr_assert_eq(b[0], img[TEXT_OFF]);
	cr_assert_eq(b[1], img[TEXT_OFF + 1]);
	cr_assert_eq(vm_translate(as, TEXT_VA, VM_X, &pa), HE_OK);
	cr_assert_eq(palloc_used_count(), base_used + 2 + 1 + 3, "the shared page is allocated once");
}

/* ---- malformed images: refused before anything is mapped ---- */

Test(elf, refuses_bad_identification)
{
	img[0] = 0x7e;
	assert_refused("magic");
	build_image();
	img[3] = 'G';
	assert_refused("magic");
	build_image();
	eh->e_ident[4] = 1;
	assert_refused("ELFCLASS32");
	build_image();
	eh->e_ident[5] = 2;
	assert_refused("big endian");
	build_image();
	eh->e_ident[6] = 0;
	assert_refused("ident version");
	build_image();
	eh->e_version = 2;
	assert_refused("e_version");
	build_image();
	eh->e_machine = 62;
	assert_refused("x86-64");
	build_image();
	eh->e_type = 3;
	assert_refused("ET_DYN");
	build_image();
	eh->e_type = 1;
	assert_refused("ET_REL");
}

Test(elf, refuses_bad_program_header_tables)
{
	eh->e_phentsize = 32;
	assert_refused("phentsize");
	build_image();
	eh->e_phnum = 0;
	assert_refused("no program headers");
	build_image();
	eh->e_phoff = IMAGE_SIZE;
	assert_refused("table past the end");
	build_image();
	eh->e_phoff = UINT64_MAX - 8;
	assert_refused("phoff wraps");
	build_image();
	eh->e_phoff = IMAGE_SIZE - 3 * sizeof *ph;
	assert_refused("table partly past the end");
	cr_assert_eq(palloc_used_count(), base_used);
}

Test(elf, limits_the_number_of_program_headers)
{
	/* The same image with its table moved to the end of a bigger buffer,
	 * padded with PT_NULL entries. */
	static _Alignas(8) unsigned char big[IMAGE_SIZE + (ELF_MAX_PHDRS + 1) * sizeof(struct elf64_phdr)];
	struct elf64_ehdr *beh = (struct elf64_ehdr *)big;

	memset(big, 0, sizeof big);
	memcpy(big, img, IMAGE_SIZE);
	memcpy(big + IMAGE_SIZE, ph, 4 * sizeof *ph);
	beh->e_phoff = IMAGE_SIZE;
	beh->e_phnum = ELF_MAX_PHDRS + 1;
	cr_assert_eq(elf_load(as, big, sizeof big, &entry, &end), HE_INVAL, "too many headers");
	cr_assert_eq(palloc_used_count(), base_used);
	beh->e_phnum = ELF_MAX_PHDRS;
	cr_assert_eq(elf_load(as, big, sizeof big, &entry, &end), HE_OK, "the maximum is fine");
}

Test(elf, refuses_truncated_images)
{
	cr_assert_eq(load(0), HE_INVAL);
	cr_assert_eq(load(sizeof *eh - 1), HE_INVAL, "header cut");
	cr_assert_eq(load(sizeof *eh + 4 * sizeof *ph - 1), HE_INVAL, "header table cut");
	cr_assert_eq(load(DATA_OFF + DATA_FILE - 1), HE_INVAL, "data bytes cut");
	cr_assert_eq(elf_load(as, NULL, IMAGE_SIZE, &entry, &end), HE_INVAL);
	cr_assert_eq(elf_load(NULL, img, IMAGE_SIZE, &entry, &end), HE_INVAL);
	cr_assert_eq(palloc_used_count(), base_used);
	cr_assert_eq(load(DATA_OFF + DATA_FILE), HE_OK, "exactly long enough");
}

Test(elf, refuses_bad_segment_file_ranges)
{
	ph[1].p_filesz = DATA_MEM + 1;
	assert_refused("filesz > memsz");
	build_image();
	ph[1].p_offset = IMAGE_SIZE + 1;
	ph[1].p_filesz = 0;
	assert_refused("offset past the end");
	build_image();
	ph[1].p_offset = UINT64_MAX - 4;
	assert_refused("offset + filesz wraps");
}

Test(elf, refuses_segments_outside_the_user_range)
{
	ph[0].p_vaddr = 0;
	eh->e_entry = 0x10;
	assert_refused("page 0");
	build_image();
	ph[0].p_vaddr = USER_BASE - PAGE_SIZE;
	eh->e_entry = ph[0].p_vaddr;
	assert_refused("below USER_BASE");
	build_image();
	ph[1].p_vaddr = USER_TOP - 0x1000;
	assert_refused("crosses USER_TOP");
	build_image();
	ph[1].p_vaddr = 0x80200000UL;
	assert_refused("kernel memory");
	build_image();
	ph[1].p_memsz = UINT64_MAX - 0x100;
	assert_refused("vaddr + memsz wraps");
}

Test(elf, refuses_writable_executable_and_permissionless_segments)
{
	ph[0].p_flags = ELF_PF_R | ELF_PF_W | ELF_PF_X;
	assert_refused("W+X text");
	build_image();
	ph[1].p_flags = ELF_PF_W | ELF_PF_X;
	assert_refused("W+X data");
	build_image();
	ph[1].p_flags = 0;
	assert_refused("no permissions");
}

Test(elf, refuses_overlaps_and_conflicting_shared_pages)
{
	ph[1].p_vaddr = TEXT_VA + TEXT_SIZE - 8;
	assert_refused("overlapping bytes");
	build_image();
	ph[1].p_vaddr = TEXT_VA + TEXT_SIZE;
	assert_refused("R+W data in the R+X text page");
	build_image();
	ph[0].p_vaddr = DATA_VA + DATA_MEM;  /* text page after data, sharing 0x13000 */
	eh->e_entry = ph[0].p_vaddr;
	assert_refused("R+X text in the R+W bss page (later header)");
}

Test(elf, refuses_bad_entry_points_and_dynamic_images)
{
	eh->e_entry = DATA_VA;
	assert_refused("entry in a non-executable segment");
	build_image();
	eh->e_entry = TEXT_VA + TEXT_SIZE;
	assert_refused("entry just past text");
	build_image();
	eh->e_entry = 0;
	assert_refused("entry 0");
	build_image();
	ph[2].p_type = ELF_PT_INTERP;
	assert_refused("PT_INTERP");
	build_image();
	ph[0].p_type = PT_NOTE;
	ph[1].p_type = PT_NOTE;
	assert_refused("no PT_LOAD");
}

Test(elf, refuses_a_space_that_already_maps_a_segment_page)
{
	char *borrowed = palloc_page();

	cr_assert_eq(vm_map(as, DATA_VA & ~(PAGE_SIZE - 1), (uintptr_t)borrowed, PAGE_SIZE,
			    VM_R | VM_W | VM_U), HE_OK);
	cr_assert_eq(load(IMAGE_SIZE), HE_INVAL);
	vm_destroy(as);
	cr_assert_eq(palloc_free(borrowed), HE_OK);
	cr_assert_eq(palloc_used_count(), 0, "the text already loaded went with vm_destroy");
}

/* ---- out of memory ---- */

Test(elf, out_of_memory_at_every_step_leaks_nothing_after_destroy)
{
	void *hold[ARENA_PAGES];
	size_t k;

	for (k = 0;; k++) {
		size_t nheld = 0;
		while (palloc_free_count() > k)
			hold[nheld++] = palloc_page();
		int err = load(IMAGE_SIZE);
		vm_destroy(as);
		while (nheld > 0)
			palloc_free(hold[--nheld]);
		cr_assert_eq(palloc_used_count(), 0, "k=%zu: leak", k);
		if (err == HE_OK)
			break;
		cr_assert_eq(err, HE_NOMEM, "k=%zu", k);
		as = vm_create();
	}
	cr_assert_eq(k, 2 + 1 + 3, "two tables and four segment pages");
}
