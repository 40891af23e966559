/* Sv39 page tables: the kernel map (layout, W^X, megapages), user mappings,
 * every rejected argument, all-or-nothing failure, ownership and leak checks.
 *
 * Table pages come from a palloc arena in the host heap; the kernel map is
 * built for a fake RAM range [RAM_START, RAM_END) that is never touched
 * (only the tables are), and user mappings point at arena pages. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/errno.h>
#include "kern/config.h"
#include "kern/palloc.h"
#include "kern/vm.h"

#define ARENA_PAGES 256
#define RAM_START   0x80000000UL
#define RAM_END     0x80800000UL   /* 8 MiB */
#define MB          0x100000UL

static char *arena;
static const struct kernel_sections ks = {
	.text_start = 0x80200000UL,
	.text_end   = 0x80203000UL,
	.rodata_end = 0x80205000UL,
	.kernel_end = 0x80208000UL,
};

static void use_pages(size_t n)
{
	palloc_init((uintptr_t)arena, (uintptr_t)arena + (n + 1) * PAGE_SIZE);
	cr_assert_eq(palloc_total(), n);
}

static void setup(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	cr_assert_not_null(arena);
	use_pages(ARENA_PAGES - 1);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(vm, .init = setup, .fini = teardown);

static void kernel_init(void)
{
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, &ks), HE_OK);
	cr_assert_not_null(vm_kernel_root());
}

static uint64_t kpte(uintptr_t va)
{
	uint64_t *pte = vm_walk(vm_kernel_root(), va, false);
	cr_assert_not_null(pte, "no kernel PTE for %#lx", (unsigned long)va);
	return *pte;
}

static const uint64_t RWX = PTE_R | PTE_W | PTE_X;

/* ---- kernel map ---- */

Test(vm, kernel_map_has_wx_layout_and_no_user_bit)
{
	kernel_init();
	for (uintptr_t va = RAM_START; va < RAM_END; va += PAGE_SIZE) {
		uint64_t pte = kpte(va);
		uint64_t want;
		if (va >= ks.text_start && va < ks.text_end)
			want = PTE_R | PTE_X;
		else if (va >= ks.text_end && va < ks.rodata_end)
			want = PTE_R;
		else
			want = PTE_R | PTE_W;
		cr_assert_eq(pte & RWX, want, "va %#lx perms %#lx", (unsigned long)va, (unsigned long)pte);
		cr_assert(pte & PTE_V);
		cr_assert(pte & PTE_G);
		cr_assert_eq(pte & (PTE_A | PTE_D), PTE_A | PTE_D);
		cr_assert_eq(pte & PTE_U, 0);
		cr_assert_eq(pte & PTE_OWN, 0);
	}
}

Test(vm, kernel_map_is_identity_with_megapages_outside_the_image)
{
	kernel_init();
	uint64_t *root = vm_kernel_root();
	/* [0x80000000, 0x80200000): one megapage, so every va maps to the same PTE. */
	uint64_t *m0 = vm_walk(root, RAM_START, false);
	cr_assert_eq(vm_walk(root, RAM_START + 0x1ff000, false), m0);
	cr_assert_eq(PTE_PA(*m0), RAM_START);
	/* The image's 2 MiB block and the rest of it up to 0x80400000: 4 KiB pages. */
	for (uintptr_t va = ks.text_start; va < 0x80400000UL; va += PAGE_SIZE) {
		uint64_t *pte = vm_walk(root, va, false);
		cr_assert_eq(PTE_PA(*pte), va);
		cr_assert_neq(vm_walk(root, va + PAGE_SIZE, false), pte);
	}
	/* 0x80400000 and 0x80600000: megapages. */
	for (uintptr_t va = 0x80400000UL; va < RAM_END; va += 2 * MB) {
		uint64_t *pte = vm_walk(root, va, false);
		cr_assert_eq(PTE_PA(*pte), va);
		cr_assert_eq(vm_walk(root, va + 2 * MB - PAGE_SIZE, false), pte);
	}
	cr_assert_null(vm_walk(root, RAM_END, false), "nothing past RAM (next megapage slot is a hole)");
	/* root + one level-1 table + one level-0 table for the image's block. */
	cr_assert_eq(palloc_used_count(), 3);
	/* No user-part slot in the kernel root. */
	cr_assert_eq(root[0], 0);
	cr_assert_eq(root[1], 0);
}

Test(vm, kernel_map_unaligned_kernel_end_uses_small_pages_up_to_the_megapage_boundary)
{
	struct kernel_sections k = ks;
	k.kernel_end = 0x80401000UL;
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, &k), HE_OK);
	uint64_t *root = vm_kernel_root();
	uint64_t *a = vm_walk(root, 0x80401000UL, false);
	uint64_t *b = vm_walk(root, 0x80402000UL, false);
	cr_assert_neq(a, b, "block 0x80400000 holds image data: 4 KiB pages");
	cr_assert_eq(*b & RWX, PTE_R | PTE_W);
	cr_assert_eq(vm_walk(root, 0x80600000UL, false), vm_walk(root, 0x80601000UL, false));
}

Test(vm, kernel_map_ram_end_inside_a_megapage_block_uses_small_pages)
{
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END + PAGE_SIZE, &ks), HE_OK);
	uint64_t *pte = vm_walk(vm_kernel_root(), RAM_END, false);
	cr_assert_not_null(pte);
	cr_assert_eq(PTE_PA(*pte), RAM_END);
	cr_assert_eq(*vm_walk(vm_kernel_root(), RAM_END + PAGE_SIZE, false) & PTE_V, 0, "one 4 KiB page only");
}

Test(vm, kernel_init_rejects_bad_layouts_without_using_pages)
{
	struct kernel_sections k;

	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, NULL), HE_INVAL);
	cr_assert_eq(vm_kernel_init(RAM_START + 8, RAM_END, &ks), HE_INVAL, "ram_start unaligned");
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END - 8, &ks), HE_INVAL, "ram_end unaligned");
	k = ks; k.text_end += 4;
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, &k), HE_INVAL, "section unaligned");
	k = ks; k.rodata_end = k.text_end - PAGE_SIZE;
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, &k), HE_INVAL, "out of order");
	k = ks; k.text_start = RAM_START - PAGE_SIZE;
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, &k), HE_INVAL, "image below RAM");
	cr_assert_eq(vm_kernel_init(RAM_START, ks.kernel_end - PAGE_SIZE, &ks), HE_INVAL, "image past RAM");
	k = ks; k.text_end = k.text_start;
	cr_assert_eq(vm_kernel_init(RAM_START, RAM_END, &k), HE_INVAL, "empty text");
	k = (struct kernel_sections){ 0x40000000UL, 0x40001000UL, 0x40002000UL, 0x40003000UL };
	cr_assert_eq(vm_kernel_init(0x40000000UL, 0x40800000UL, &k), HE_INVAL, "RAM inside the user part");
	k = (struct kernel_sections){ 0x3fff000000UL, 0x3fff001000UL, 0x3fff002000UL, 0x3fff003000UL };
	cr_assert_eq(vm_kernel_init(0x3fff000000UL, SV39_VA_LIMIT + 2 * MB, &k), HE_INVAL, "beyond Sv39");
	cr_assert_eq(palloc_used_count(), 0);
	cr_assert_null(vm_kernel_root());
}

Test(vm, kernel_init_out_of_memory_at_every_step_leaks_nothing)
{
	size_t need = 0;

	for (size_t n = 0; n < 8; n++) {
		use_pages(n);
		int err = vm_kernel_init(RAM_START, RAM_END, &ks);
		if (err == HE_OK) {
			need = n;
			break;
		}
		cr_assert_eq(err, HE_NOMEM);
		cr_assert_eq(palloc_used_count(), 0, "leak with %zu pages", n);
		cr_assert_null(vm_kernel_root());
	}
	cr_assert_eq(need, 3);
}

/* ---- address spaces ---- */

Test(vm, create_shares_the_kernel_slots_and_nothing_else)
{
	kernel_init();
	uint64_t *k = vm_kernel_root();
	uint64_t *as = vm_create();
	cr_assert_not_null(as);
	cr_assert_neq(as, k);
	for (size_t i = 0; i < 512; i++)
		cr_assert_eq(as[i], i >= USER_TOP / GIGAPAGE_SIZE ? k[i] : 0, "slot %zu", i);
	cr_assert_eq(vm_walk(as, ks.text_start, false), vm_walk(k, ks.text_start, false), "same kernel tables");
}

Test(vm, create_before_kernel_init_gives_an_empty_root)
{
	uint64_t *as = vm_create();
	cr_assert_not_null(as);
	for (size_t i = 0; i < 512; i++)
		cr_assert_eq(as[i], 0);
}

Test(vm, create_out_of_memory_returns_null)
{
	use_pages(0);
	cr_assert_null(vm_create());
}

Test(vm, map_and_translate_a_user_page)
{
	uint64_t *as = vm_create();
	char *pg = palloc_page();
	uintptr_t pa;

	cr_assert_eq(vm_map(as, USER_BASE, (uintptr_t)pg, PAGE_SIZE, VM_R | VM_W | VM_U), HE_OK);
	cr_assert_eq(vm_translate(as, USER_BASE + 0x123, VM_R | VM_W, &pa), HE_OK);
	cr_assert_eq(pa, (uintptr_t)pg + 0x123);
	cr_assert_eq(vm_translate(as, USER_BASE, VM_X, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_R, &pa), HE_FAULT, "next page unmapped");
	uint64_t pte = *vm_walk(as, USER_BASE, false);
	cr_assert_eq(pte & (PTE_V | RWX | PTE_U | PTE_A | PTE_D | PTE_G | PTE_OWN),
		     PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
	cr_assert_eq(PTE_PA(pte), (uintptr_t)pg);
}

Test(vm, map_rejects_bad_arguments_and_changes_nothing)
{
	kernel_init();
	uint64_t *as = vm_create();
	uintptr_t pg = (uintptr_t)palloc_page();
	const int rw = VM_R | VM_W | VM_U;
	size_t used = palloc_used_count();

	cr_assert_eq(vm_map(NULL, USER_BASE, pg, PAGE_SIZE, rw), HE_INVAL);
	cr_assert_eq(vm_map(as, USER_BASE + 1, pg, PAGE_SIZE, rw), HE_INVAL, "va unaligned");
	cr_assert_eq(vm_map(as, USER_BASE, pg + 1, PAGE_SIZE, rw), HE_INVAL, "pa unaligned");
	cr_assert_eq(vm_map(as, USER_BASE, pg, PAGE_SIZE + 1, rw), HE_INVAL, "len unaligned");
	cr_assert_eq(vm_map(as, USER_BASE, pg, 0, rw), HE_INVAL, "len 0");
	cr_assert_eq(vm_map(as, 0, pg, PAGE_SIZE, rw), HE_INVAL, "page 0");
	cr_assert_eq(vm_map(as, USER_BASE - PAGE_SIZE, pg, PAGE_SIZE, rw), HE_INVAL, "below USER_BASE");
	cr_assert_eq(vm_map(as, USER_TOP - PAGE_SIZE, pg, 2 * PAGE_SIZE, rw), HE_INVAL, "across USER_TOP");
	cr_assert_eq(vm_map(as, USER_TOP, pg, PAGE_SIZE, rw), HE_INVAL, "kernel part of a user space");
	cr_assert_eq(vm_map(as, USER_TOP, pg, PAGE_SIZE, VM_R | VM_W), HE_INVAL, "kernel part of a user space");
	cr_assert_eq(vm_map(as, -PAGE_SIZE, pg, PAGE_SIZE, rw), HE_INVAL, "non-canonical");
	cr_assert_eq(vm_map(as, USER_BASE, pg, -PAGE_SIZE, rw), HE_INVAL, "len wraps");
	cr_assert_eq(vm_map(as, USER_BASE, 1UL << 56, PAGE_SIZE, rw), HE_INVAL, "pa beyond a PPN");
	cr_assert_eq(vm_map(as, USER_BASE, pg, PAGE_SIZE, VM_U), HE_INVAL, "no R/W/X");
	cr_assert_eq(vm_map(as, USER_BASE, pg, PAGE_SIZE, VM_W | VM_U), HE_INVAL, "W without R");
	cr_assert_eq(vm_map(as, USER_BASE, pg, PAGE_SIZE, VM_R | VM_W | VM_X | VM_U), HE_INVAL, "W+X");
	cr_assert_eq(vm_map(as, USER_BASE, pg, PAGE_SIZE, rw | 0x100), HE_INVAL, "unknown flag");
	cr_assert_eq(vm_map(as, USER_BASE, pg, PAGE_SIZE, VM_R), HE_INVAL, "user range without VM_U");
	cr_assert_eq(vm_map(vm_kernel_root(), USER_BASE, pg, PAGE_SIZE, rw), HE_INVAL, "user map in kernel root");
	cr_assert_eq(vm_map(vm_kernel_root(), RAM_END, RAM_END, PAGE_SIZE, VM_R | VM_U), HE_INVAL, "U in kernel part");
	cr_assert_eq(vm_map(vm_kernel_root(), RAM_END, RAM_END, PAGE_SIZE, VM_R | VM_OWN), HE_INVAL, "OWN without U");
	cr_assert_eq(vm_map(vm_kernel_root(), RAM_END, RAM_END, PAGE_SIZE, VM_R | VM_W | VM_X), HE_INVAL, "kernel W+X");
	cr_assert_eq(palloc_used_count(), used, "no table page left behind");
	for (size_t i = 0; i < USER_TOP / GIGAPAGE_SIZE; i++)
		cr_assert_eq(as[i], 0);
}

Test(vm, map_over_an_existing_mapping_fails_as_a_whole)
{
	uint64_t *as = vm_create();
	uintptr_t pg = (uintptr_t)palloc_page();
	uintptr_t va = 2 * MB;  /* the range below starts in a level-0 table not yet there */
	uintptr_t pa;

	cr_assert_eq(vm_map(as, va, pg, PAGE_SIZE, VM_R | VM_U), HE_OK);
	size_t used = palloc_used_count();
	cr_assert_eq(vm_map(as, va - 2 * PAGE_SIZE, pg, 4 * PAGE_SIZE, VM_R | VM_U), HE_INVAL);
	cr_assert_eq(palloc_used_count(), used, "the level-0 table allocated for va-8K was freed");
	cr_assert_eq(vm_translate(as, va - 2 * PAGE_SIZE, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, va + PAGE_SIZE, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, va, VM_R, &pa), HE_OK, "the old mapping is intact");
	cr_assert_eq(pa, pg);
}

Test(vm, map_out_of_memory_rolls_back_tables)
{
	/* Pages: root + one borrowed data page, then k pages for tables. A
	 * range across a 1 GiB boundary needs 4 tables (2 level-1, 2 level-0). */
	uintptr_t va = GIGAPAGE_SIZE - 2 * PAGE_SIZE;

	for (size_t k = 0; k < 4; k++) {
		use_pages(2 + k);
		uint64_t *as = vm_create();
		uintptr_t pg = (uintptr_t)palloc_page();
		cr_assert_eq(vm_map(as, va, pg, 4 * PAGE_SIZE, VM_R | VM_U), HE_NOMEM, "k=%zu", k);
		cr_assert_eq(palloc_used_count(), 2, "k=%zu: tables leaked", k);
		cr_assert_eq(as[0], 0);
		cr_assert_eq(as[1], 0);
	}
	use_pages(2 + 4);
	uint64_t *as = vm_create();
	uintptr_t pg = (uintptr_t)palloc_page();
	cr_assert_eq(vm_map(as, va, pg, 4 * PAGE_SIZE, VM_R | VM_U), HE_OK);
	cr_assert_eq(palloc_free_count(), 0);
}

Test(vm, kernel_root_accepts_kernel_mappings)
{
	kernel_init();
	uint64_t *k = vm_kernel_root();
	cr_assert_eq(vm_map(k, RAM_END, RAM_END, PAGE_SIZE, VM_R | VM_W), HE_OK);
	uint64_t pte = kpte(RAM_END);
	cr_assert_eq(pte & (RWX | PTE_U | PTE_G), PTE_R | PTE_W | PTE_G);
	cr_assert_eq(vm_map(k, ks.text_start, ks.text_start, PAGE_SIZE, VM_R), HE_INVAL, "already mapped");
	cr_assert_eq(vm_map(k, 0x80400000UL, 0x80400000UL, PAGE_SIZE, VM_R), HE_INVAL, "inside a megapage");
}

/* ---- unmap ---- */

Test(vm, unmap_frees_owned_pages_keeps_borrowed_ones_and_prunes_tables)
{
	uint64_t *as = vm_create();
	char *borrowed = palloc_page();
	uintptr_t pa;

	cr_assert_eq(vm_map(as, USER_BASE, (uintptr_t)borrowed, PAGE_SIZE, VM_R | VM_U), HE_OK);
	cr_assert_eq(vm_alloc_user(as, USER_BASE + PAGE_SIZE, 2 * PAGE_SIZE, VM_R | VM_W), HE_OK);
	cr_assert_eq(palloc_used_count(), 1 + 1 + 2 + 2, "root, borrowed, two tables, two owned");

	cr_assert_eq(vm_unmap(as, USER_BASE + PAGE_SIZE, PAGE_SIZE), HE_OK);
	cr_assert_eq(palloc_used_count(), 5, "owned page freed");
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + 2 * PAGE_SIZE, VM_R, &pa), HE_OK);

	cr_assert_eq(vm_unmap(as, USER_BASE, 4 * PAGE_SIZE), HE_OK, "holes are skipped");
	cr_assert_eq(palloc_used_count(), 2, "root and the borrowed page: tables pruned");
	cr_assert_eq(as[0], 0);
	cr_assert_eq(palloc_free(borrowed), HE_OK, "borrowed page is still the caller's");
}

Test(vm, unmap_of_a_sparse_huge_range_is_fine)
{
	uint64_t *as = vm_create();
	cr_assert_eq(vm_alloc_user(as, USER_TOP - PAGE_SIZE, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(vm_alloc_user(as, USER_BASE, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(vm_unmap(as, USER_BASE, USER_TOP - USER_BASE), HE_OK);
	cr_assert_eq(palloc_used_count(), 1);
}

Test(vm, unmap_rejects_bad_arguments)
{
	kernel_init();
	uint64_t *as = vm_create();
	cr_assert_eq(vm_alloc_user(as, USER_BASE, PAGE_SIZE, VM_R), HE_OK);
	size_t used = palloc_used_count();

	cr_assert_eq(vm_unmap(NULL, USER_BASE, PAGE_SIZE), HE_INVAL);
	cr_assert_eq(vm_unmap(as, USER_BASE + 1, PAGE_SIZE), HE_INVAL);
	cr_assert_eq(vm_unmap(as, USER_BASE, PAGE_SIZE - 1), HE_INVAL);
	cr_assert_eq(vm_unmap(as, USER_BASE, 0), HE_INVAL);
	cr_assert_eq(vm_unmap(as, 0, PAGE_SIZE), HE_INVAL);
	cr_assert_eq(vm_unmap(as, USER_TOP - PAGE_SIZE, 2 * PAGE_SIZE), HE_INVAL);
	cr_assert_eq(vm_unmap(as, ks.text_start, PAGE_SIZE), HE_INVAL, "shared kernel tables");
	cr_assert_eq(vm_unmap(vm_kernel_root(), USER_BASE, PAGE_SIZE), HE_INVAL);
	cr_assert_eq(vm_unmap(vm_kernel_root(), 0x80600000UL - PAGE_SIZE, 2 * PAGE_SIZE), HE_INVAL,
		     "would split the megapage at 0x80600000");
	cr_assert_eq(palloc_used_count(), used);
	cr_assert_neq(*vm_walk(vm_kernel_root(), 0x80600000UL - PAGE_SIZE, false) & PTE_V, 0, "not removed");
}

Test(vm, unmap_in_the_kernel_root_keeps_level1_tables_of_kernel_slots)
{
	/* Kernel slots' level-1 tables may be shared by spaces created later,
	 * so pruning stops at level 0 there. */
	kernel_init();
	uint64_t *k = vm_kernel_root();
	uintptr_t va = 3 * GIGAPAGE_SIZE;  /* a kernel slot with no table yet */
	size_t used = palloc_used_count();

	cr_assert_eq(vm_map(k, va, va, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(palloc_used_count(), used + 2);
	cr_assert_eq(vm_unmap(k, va, PAGE_SIZE), HE_OK);
	cr_assert_eq(palloc_used_count(), used + 1, "level-0 table pruned, level-1 kept");
	cr_assert_neq(k[3] & PTE_V, 0);
	cr_assert_null(vm_walk(k, va, false));
}

/* ---- walk ---- */

Test(vm, walk_allocates_only_where_the_root_owns_the_part)
{
	kernel_init();
	uint64_t *as = vm_create();
	size_t used = palloc_used_count();

	cr_assert_null(vm_walk(NULL, USER_BASE, false));
	cr_assert_null(vm_walk(as, USER_BASE, false), "no table yet");
	cr_assert_null(vm_walk(as, SV39_VA_LIMIT, true), "non-canonical");
	cr_assert_null(vm_walk(as, 0, true), "below USER_BASE");
	cr_assert_null(vm_walk(as, 3 * GIGAPAGE_SIZE, true), "kernel part of a user space");
	cr_assert_null(vm_walk(vm_kernel_root(), USER_BASE, true), "user part of the kernel root");
	cr_assert_eq(palloc_used_count(), used);

	uint64_t *pte = vm_walk(as, USER_BASE, true);
	cr_assert_not_null(pte);
	cr_assert_eq(*pte, 0);
	cr_assert_eq(palloc_used_count(), used + 2);
	cr_assert_eq(vm_walk(as, USER_BASE, false), pte);
	cr_assert_eq(vm_walk(as, USER_BASE + PAGE_SIZE, false), pte + 1);
	cr_assert_not_null(vm_walk(as, ks.text_start, false), "kernel part visible through a user root");
}

Test(vm, walk_out_of_memory_returns_null)
{
	use_pages(2);
	uint64_t *as = vm_create();
	cr_assert_null(vm_walk(as, USER_BASE, true), "needs two tables, one page left");
	cr_assert_eq(palloc_used_count(), 2, "the level-1 table stays attached (freed by vm_destroy)");
	vm_destroy(as);
	cr_assert_eq(palloc_used_count(), 0);
}

/* ---- translate ---- */

Test(vm, translate_enforces_user_rules)
{
	kernel_init();
	uint64_t *as = vm_create();
	uintptr_t pa;

	cr_assert_eq(vm_alloc_user(as, USER_BASE, PAGE_SIZE, VM_X), HE_OK);
	cr_assert_eq(vm_alloc_user(as, USER_BASE + PAGE_SIZE, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(vm_translate(as, USER_BASE, VM_X, &pa), HE_OK);
	cr_assert_eq(vm_translate(as, USER_BASE, VM_R, &pa), HE_FAULT, "execute-only");
	cr_assert_eq(vm_translate(as, USER_BASE, 0, &pa), HE_OK, "mapped and user is enough for 0");
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_R, &pa), HE_OK);
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_W, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_R | VM_X, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, 0x100, &pa), HE_FAULT, "unknown need bit");
	cr_assert_eq(vm_translate(as, USER_BASE + 2 * PAGE_SIZE, 0, &pa), HE_FAULT, "unmapped");
	cr_assert_eq(vm_translate(as, 0, 0, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE - 1, 0, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, ks.rodata_end, VM_R, &pa), HE_FAULT, "kernel memory");
	cr_assert_eq(vm_translate(as, UINTPTR_MAX, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(NULL, USER_BASE, 0, &pa), HE_FAULT);
	/* A valid leaf without U (not creatable through the API) is refused. */
	*vm_walk(as, USER_BASE + PAGE_SIZE, false) &= ~PTE_U;
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_R, &pa), HE_FAULT);
}

/* ---- alloc_user ---- */

Test(vm, alloc_user_maps_zeroed_owned_user_pages)
{
	uint64_t *as = vm_create();
	uintptr_t va = 2 * MB - PAGE_SIZE;  /* spans two level-0 tables */
	uintptr_t pa;

	cr_assert_eq(vm_alloc_user(as, va, 3 * PAGE_SIZE, VM_R | VM_W), HE_OK);
	for (int i = 0; i < 3; i++) {
		uint64_t pte = *vm_walk(as, va + i * PAGE_SIZE, false);
		cr_assert_eq(pte & (RWX | PTE_U | PTE_OWN | PTE_V), PTE_R | PTE_W | PTE_U | PTE_OWN | PTE_V);
		cr_assert_eq(vm_translate(as, va + i * PAGE_SIZE, VM_R | VM_W, &pa), HE_OK);
		for (size_t b = 0; b < PAGE_SIZE; b++)
			cr_assert_eq(((char *)pa)[b], 0);
	}
	cr_assert_eq(palloc_used_count(), 1 + 3 + 3);
}

Test(vm, alloc_user_rejects_bad_arguments)
{
	kernel_init();
	uint64_t *as = vm_create();
	size_t used = palloc_used_count();

	cr_assert_eq(vm_alloc_user(NULL, USER_BASE, PAGE_SIZE, VM_R), HE_INVAL);
	cr_assert_eq(vm_alloc_user(as, USER_BASE + 4, PAGE_SIZE, VM_R), HE_INVAL);
	cr_assert_eq(vm_alloc_user(as, USER_BASE, 5, VM_R), HE_INVAL);
	cr_assert_eq(vm_alloc_user(as, USER_BASE, 0, VM_R), HE_INVAL);
	cr_assert_eq(vm_alloc_user(as, USER_TOP, PAGE_SIZE, VM_R), HE_INVAL);
	cr_assert_eq(vm_alloc_user(as, USER_BASE, PAGE_SIZE, VM_W | VM_X | VM_R), HE_INVAL);
	cr_assert_eq(vm_alloc_user(as, USER_BASE, PAGE_SIZE, 0), HE_INVAL);
	cr_assert_eq(vm_alloc_user(vm_kernel_root(), USER_BASE, PAGE_SIZE, VM_R), HE_INVAL);
	cr_assert_eq(palloc_used_count(), used);
}

Test(vm, alloc_user_out_of_memory_at_every_step_leaks_nothing)
{
	/* 3 pages across a level-0 boundary need 3 data pages and 3 tables. */
	uintptr_t va = 2 * MB - PAGE_SIZE;

	for (size_t k = 0; k < 6; k++) {
		use_pages(1 + k);
		uint64_t *as = vm_create();
		cr_assert_eq(vm_alloc_user(as, va, 3 * PAGE_SIZE, VM_R), HE_NOMEM, "k=%zu", k);
		cr_assert_eq(palloc_used_count(), 1, "k=%zu: leak", k);
		cr_assert_eq(as[0], 0);
	}
	use_pages(1 + 6);
	uint64_t *as = vm_create();
	cr_assert_eq(vm_alloc_user(as, va, 3 * PAGE_SIZE, VM_R), HE_OK);
}

Test(vm, alloc_user_over_an_existing_page_undoes_the_pages_before_it)
{
	uint64_t *as = vm_create();
	uintptr_t pa, old;

	cr_assert_eq(vm_alloc_user(as, USER_BASE + 2 * PAGE_SIZE, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(vm_translate(as, USER_BASE + 2 * PAGE_SIZE, VM_R, &old), HE_OK);
	size_t used = palloc_used_count();
	cr_assert_eq(vm_alloc_user(as, USER_BASE, 4 * PAGE_SIZE, VM_R | VM_W), HE_INVAL);
	cr_assert_eq(palloc_used_count(), used);
	cr_assert_eq(vm_translate(as, USER_BASE, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + PAGE_SIZE, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + 3 * PAGE_SIZE, VM_R, &pa), HE_FAULT);
	cr_assert_eq(vm_translate(as, USER_BASE + 2 * PAGE_SIZE, VM_R, &pa), HE_OK);
	cr_assert_eq(pa, old);
	cr_assert_eq(vm_translate(as, USER_BASE + 2 * PAGE_SIZE, VM_W, &pa), HE_FAULT, "old perms kept");
}

/* ---- destroy ---- */

Test(vm, destroy_frees_everything_the_space_owns_and_nothing_shared)
{
	kernel_init();
	uint64_t *k = vm_kernel_root();
	uint64_t kslots[512];
	memcpy(kslots, k, sizeof kslots);
	uint64_t *kl1 = (uint64_t *)(uintptr_t)PTE_PA(k[2]);
	uint64_t kl1_copy[512];
	memcpy(kl1_copy, kl1, sizeof kl1_copy);
	size_t before = palloc_used_count();

	uint64_t *as = vm_create();
	char *borrowed = palloc_page();
	cr_assert_eq(vm_alloc_user(as, USER_BASE, 3 * PAGE_SIZE, VM_R | VM_X), HE_OK);
	cr_assert_eq(vm_alloc_user(as, GIGAPAGE_SIZE + 5 * MB, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(vm_alloc_user(as, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE,
				   USER_STACK_PAGES * PAGE_SIZE, VM_R | VM_W), HE_OK);
	cr_assert_eq(vm_map(as, USER_BASE + MB, (uintptr_t)borrowed, PAGE_SIZE, VM_R | VM_U), HE_OK);
	cr_assert(palloc_used_count() > before + 8);

	vm_destroy(as);
	cr_assert_eq(palloc_used_count(), before + 1, "only the borrowed page is left");
	cr_assert_eq(palloc_free(borrowed), HE_OK);
	cr_assert_eq(palloc_used_count(), before);
	cr_assert_arr_eq(k, kslots, sizeof kslots, "kernel root untouched");
	cr_assert_arr_eq(kl1, kl1_copy, sizeof kl1_copy, "shared kernel table untouched");
	/* The kernel tables still work for the next space. */
	uint64_t *as2 = vm_create();
	cr_assert_eq(PTE_PA(*vm_walk(as2, ks.text_start, false)), ks.text_start);
}

Test(vm, destroy_with_vm_map_own_transfers_the_page)
{
	uint64_t *as = vm_create();
	char *pg = palloc_page();
	cr_assert_eq(vm_map(as, USER_BASE, (uintptr_t)pg, PAGE_SIZE, VM_R | VM_U | VM_OWN), HE_OK);
	vm_destroy(as);
	cr_assert_eq(palloc_used_count(), 0);
}

Test(vm, destroy_refuses_the_kernel_root_and_accepts_null)
{
	kernel_init();
	size_t used = palloc_used_count();
	vm_destroy(vm_kernel_root());
	vm_destroy(NULL);
	cr_assert_eq(palloc_used_count(), used);
	cr_assert_not_null(vm_walk(vm_kernel_root(), ks.text_start, false));
}
