/* Memory objects: sizes and pool limits, zeroed pages, mapping (arguments,
 * overlap, permissions, all or nothing), shared pages seen by two address
 * spaces, and the counts that free the pages exactly when neither a handle
 * nor a mapping is left, also when an address space is destroyed. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/memobj.h"
#include "kern/palloc.h"
#include "kern/vm.h"
#include "door_fixtures.h"

#define ARENA_PAGES 512
#define VA 0x40000000UL

static char *arena;
static struct domain D;

static void setup(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	cr_assert_not_null(arena);
	palloc_init((uintptr_t)arena, (uintptr_t)arena + ARENA_PAGES * PAGE_SIZE);
	fx_domain(&D, 1);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(memobj, .init = setup, .fini = teardown);

/* memobj_map maps into a domain: one per address space of a test. */
static struct domain *in(uint64_t *root)
{
	static struct domain spaces[4];
	for (int i = 0; i < 4; i++) {
		if (spaces[i].pt_root == (uint64_t)(uintptr_t)root || !spaces[i].pt_root) {
			spaces[i].pt_root = (uint64_t)(uintptr_t)root;
			return &spaces[i];
		}
	}
	cr_assert_fail("more than four address spaces");
	return NULL;
}

static struct memobj *M(uint64_t pages, int *h)
{
	struct memobj *m = NULL;
	cr_assert_eq(memobj_alloc(pages, &m), 0);
	int r = handle_install(&D.handles, KOBJ_MEM, m, H_MEM_ALL);
	cr_assert_geq(r, 0);
	if (h)
		*h = r;
	return m;
}

Test(memobj, sizes_outside_1_to_MEM_MAX_PAGES_are_refused)
{
	struct memobj *m;
	size_t used = palloc_used_count();
	cr_assert_eq(memobj_alloc(0, &m), HE_INVAL);
	cr_assert_eq(memobj_alloc(MEM_MAX_PAGES + 1, &m), HE_INVAL);
	cr_assert_eq(memobj_alloc(UINT64_MAX, &m), HE_INVAL);
	cr_assert_eq(palloc_used_count(), used);
	cr_assert_eq(memobj_alloc(MEM_MAX_PAGES, &m), 0);
	cr_assert_eq(m->npages, MEM_MAX_PAGES);
	cr_assert_eq(memobj_page_count(), MEM_MAX_PAGES);
	cr_assert_eq(palloc_used_count(), used + MEM_MAX_PAGES);
}

Test(memobj, pages_are_zeroed_and_go_back_with_the_last_handle)
{
	size_t used = palloc_used_count();
	int h;
	struct memobj *m = M(3, &h);
	for (uint32_t i = 0; i < 3; i++)
		for (size_t b = 0; b < PAGE_SIZE; b++)
			cr_assert_eq(((unsigned char *)m->page[i])[b], 0);
	cr_assert_eq(palloc_used_count(), used + 3);
	int h2 = handle_dup(&D.handles, h, H_MAP);
	cr_assert_eq(m->nhandles, 2);
	cr_assert_eq(handle_close(&D.handles, h), 0);
	cr_assert_eq(memobj_live_count(), 1);
	cr_assert_eq(handle_close(&D.handles, h2), 0);
	cr_assert_eq(memobj_live_count(), 0);
	cr_assert_eq(memobj_page_count(), 0);
	cr_assert_eq(palloc_used_count(), used);
}

Test(memobj, the_object_pool_runs_out_with_HE_NOMEM)
{
	struct memobj *m;
	for (int i = 0; i < MAX_MEMOBJS; i++)
		cr_assert_eq(memobj_alloc(1, &m), 0);
	cr_assert_eq(memobj_alloc(1, &m), HE_NOMEM);
}

Test(memobj, running_out_of_pages_is_HE_NOMEM_and_leaves_nothing)
{
	palloc_init((uintptr_t)arena, (uintptr_t)arena + 8 * PAGE_SIZE); /* bitmap + 7 */
	size_t free_before = palloc_free_count();
	struct memobj *m;
	cr_assert_eq(memobj_alloc(free_before + 1, &m), HE_NOMEM);
	cr_assert_eq(palloc_free_count(), free_before);
	cr_assert_eq(memobj_live_count(), 0);
}

Test(memobj, a_mapping_shares_the_pages_between_address_spaces)
{
	struct memobj *m = M(2, NULL);
	uint64_t *a = vm_create(), *b = vm_create();
	cr_assert_eq(memobj_map(m, in(a), VA, VM_R | VM_W), 0);
	cr_assert_eq(memobj_map(m, in(b), VA + 0x100000, VM_R), 0);
	cr_assert_eq(m->nmaps, 2);
	cr_assert_eq(memobj_mapping_count(), 2);
	uintptr_t pa, pb;
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(vm_translate(a, VA + i * PAGE_SIZE, VM_W, &pa), 0);
		cr_assert_eq(vm_translate(b, VA + 0x100000 + i * PAGE_SIZE, VM_R, &pb), 0);
		cr_assert_eq(pa, (uintptr_t)m->page[i]);
		cr_assert_eq(pb, pa);
	}
	cr_assert_eq(vm_translate(b, VA + 0x100000, VM_W, &pb), HE_FAULT, "b mapped it read-only");
	uint64_t *pte = vm_walk(a, VA, false);
	cr_assert(!(*pte & PTE_OWN), "borrowed, not owned");
	cr_assert(!(*pte & PTE_X));
}

Test(memobj, bad_map_arguments_are_HE_INVAL_and_change_nothing)
{
	struct memobj *m = M(2, NULL);
	uint64_t *a = vm_create();
	size_t used = palloc_used_count();
	cr_assert_eq(memobj_map(m, in(a), VA + 8, VM_R), HE_INVAL, "unaligned");
	cr_assert_eq(memobj_map(m, in(a), 0, VM_R), HE_INVAL, "below USER_BASE");
	cr_assert_eq(memobj_map(m, in(a), USER_TOP - PAGE_SIZE, VM_R), HE_INVAL, "runs past USER_TOP");
	cr_assert_eq(memobj_map(m, in(a), USER_TOP, VM_R), HE_INVAL, "kernel part");
	cr_assert_eq(memobj_map(m, in(a), VA, VM_W), HE_INVAL, "W without R");
	cr_assert_eq(memobj_map(m, in(a), VA, VM_R | VM_X), HE_INVAL, "never executable");
	cr_assert_eq(memobj_map(m, in(a), VA, 0), HE_INVAL);
	cr_assert_eq(m->nmaps, 0);
	cr_assert_eq(palloc_used_count(), used);
	cr_assert_eq(memobj_map(m, in(a), USER_TOP - 2 * PAGE_SIZE, VM_R), 0, "the last two pages fit");
}

Test(memobj, a_range_overlapping_any_mapping_is_refused)
{
	struct memobj *m = M(2, NULL), *o = M(1, NULL);
	uint64_t *a = vm_create();
	cr_assert_eq(vm_alloc_user(a, VA + PAGE_SIZE, PAGE_SIZE, VM_R | VM_W), 0);
	size_t used = palloc_used_count();
	cr_assert_eq(memobj_map(m, in(a), VA, VM_R), HE_INVAL, "its second page is taken");
	cr_assert_eq(palloc_used_count(), used);
	cr_assert_eq(memobj_map(o, in(a), VA, VM_R), 0);
	cr_assert_eq(memobj_map(o, in(a), VA, VM_R), HE_INVAL, "mapped twice at one place");
	cr_assert_eq(memobj_map(m, in(a), VA - PAGE_SIZE, VM_R), HE_INVAL);
	cr_assert_eq(memobj_map(m, in(a), VA + 2 * PAGE_SIZE, VM_R), 0);
	cr_assert_eq(memobj_map(o, in(a), VA + 4 * PAGE_SIZE, VM_R), 0, "one object, two places");
	cr_assert_eq(o->nmaps, 2);
}

Test(memobj, the_mapping_table_runs_out_with_HE_NOMEM)
{
	struct memobj *m = M(1, NULL);
	uint64_t *a = vm_create();
	for (int i = 0; i < MAX_MEM_MAPPINGS; i++)
		cr_assert_eq(memobj_map(m, in(a), VA + (uintptr_t)i * PAGE_SIZE, VM_R), 0);
	cr_assert_eq(memobj_map(m, in(a), VA + MAX_MEM_MAPPINGS * PAGE_SIZE, VM_R), HE_NOMEM);
	uint64_t *pte = vm_walk(a, VA + MAX_MEM_MAPPINGS * PAGE_SIZE, false);
	cr_assert(!pte || !(*pte & PTE_V), "nothing mapped");
}

Test(memobj, no_page_for_a_table_undoes_the_pages_mapped_so_far)
{
	/* 1 bitmap page + 5: the object (2), the root, a level-1 table, and one
	 * level-0 table; the object's second page lies in the next 2 MiB and
	 * needs another level-0 table that is not there. */
	palloc_init((uintptr_t)arena, (uintptr_t)arena + 6 * PAGE_SIZE);
	struct memobj *m = M(2, NULL);
	uint64_t *a = vm_create();
	cr_assert_not_null(a);
	uintptr_t va = VA + MEGAPAGE_SIZE - PAGE_SIZE;
	cr_assert_eq(memobj_map(m, in(a), va, VM_R), HE_NOMEM);
	cr_assert_eq(m->nmaps, 0);
	cr_assert_eq(memobj_mapping_count(), 0);
	uint64_t *pte = vm_walk(a, va, false);
	cr_assert(!pte || !(*pte & PTE_V), "the first page was unmapped again");
	cr_assert_eq(palloc_free_count(), 2, "the tables were pruned");
}

Test(memobj, destroying_an_address_space_drops_its_mappings_not_the_pages)
{
	size_t used = palloc_used_count();
	int h;
	struct memobj *m = M(2, &h);
	uint64_t *a = vm_create(), *b = vm_create();
	cr_assert_eq(memobj_map(m, in(a), VA, VM_R | VM_W), 0);
	cr_assert_eq(memobj_map(m, in(b), VA, VM_R | VM_W), 0);
	((char *)m->page[1])[7] = 42;
	memobj_unmap_all(a);
	vm_destroy(a);
	cr_assert_eq(m->nmaps, 1);
	cr_assert_eq(((char *)m->page[1])[7], 42, "the pages live on");
	/* Last handle closed while b still maps it: the pages stay. */
	cr_assert_eq(handle_close(&D.handles, h), 0);
	cr_assert_eq(memobj_live_count(), 1);
	uintptr_t pa;
	cr_assert_eq(vm_translate(b, VA + PAGE_SIZE, VM_W, &pa), 0);
	cr_assert_eq(((char *)pa)[7], 42);
	memobj_unmap_all(b);
	vm_destroy(b);
	cr_assert_eq(memobj_live_count(), 0);
	cr_assert_eq(memobj_mapping_count(), 0);
	cr_assert_eq(palloc_used_count(), used, "object pages and tables all back");
}

Test(memobj, memory_handles_have_their_own_type_and_rights)
{
	int h;
	struct memobj *m = M(1, &h);
	void *obj;
	cr_assert_eq(handle_lookup(&D.handles, h, KOBJ_MEM, H_MAP | H_MAP_W, &obj), 0);
	cr_assert_eq(obj, m);
	cr_assert_eq(handle_lookup(&D.handles, h, KOBJ_NOTIFY, 0, &obj), HE_BADHANDLE);
	int ro = handle_dup(&D.handles, h, H_MAP | H_XFER);
	cr_assert_eq(handle_lookup(&D.handles, ro, KOBJ_MEM, H_MAP | H_MAP_W, &obj), HE_PERM);
	cr_assert_eq(handle_lookup(&D.handles, ro, KOBJ_MEM, H_MAP, &obj), 0);
}
