/* Physical page allocator: counts, zeroing, exhaustion, and every rejected free. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/errno.h>
#include "kern/config.h"
#include "kern/palloc.h"

#define ARENA_PAGES 64

static char *arena;

static void setup(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	cr_assert_not_null(arena);
	palloc_init((uintptr_t)arena, (uintptr_t)arena + ARENA_PAGES * PAGE_SIZE);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(palloc, .init = setup, .fini = teardown);

Test(palloc, init_counts_exclude_the_bitmap_page)
{
	cr_assert_eq(palloc_total(), ARENA_PAGES - 1);
	cr_assert_eq(palloc_free_count(), ARENA_PAGES - 1);
	cr_assert_eq(palloc_used_count(), 0);
}

Test(palloc, init_rounds_the_range_inward)
{
	palloc_init((uintptr_t)arena + 1, (uintptr_t)arena + ARENA_PAGES * PAGE_SIZE - 1);
	cr_assert_eq(palloc_total(), ARENA_PAGES - 2 - 1);
	char *pg = palloc_page();
	cr_assert_eq(pg, arena + 2 * PAGE_SIZE, "first page after the rounded start and the bitmap");
}

Test(palloc, init_with_degenerate_ranges_is_empty)
{
	uintptr_t a = (uintptr_t)arena;

	palloc_init(a + PAGE_SIZE, a);
	cr_assert_eq(palloc_total(), 0);
	cr_assert_null(palloc_page());
	palloc_init(a, a + PAGE_SIZE - 1);
	cr_assert_eq(palloc_total(), 0);
	palloc_init(a, a + PAGE_SIZE);          /* room for the bitmap only */
	cr_assert_eq(palloc_total(), 0);
	cr_assert_null(palloc_page());
	palloc_init(UINTPTR_MAX - 10, UINTPTR_MAX);
	cr_assert_eq(palloc_total(), 0);
	cr_assert_null(palloc_page());
	cr_assert_eq(palloc_free((void *)a), HE_INVAL);
	palloc_init(a, a + 2 * PAGE_SIZE);      /* bitmap + one page */
	cr_assert_eq(palloc_total(), 1);
	cr_assert_eq(palloc_page(), arena + PAGE_SIZE);
	cr_assert_null(palloc_page());
}

Test(palloc, pages_are_aligned_distinct_in_range_and_ascending)
{
	char *prev = NULL;

	for (size_t i = 0; i < ARENA_PAGES - 1; i++) {
		char *pg = palloc_page();
		cr_assert_not_null(pg);
		cr_assert_eq((uintptr_t)pg % PAGE_SIZE, 0);
		cr_assert(pg >= arena + PAGE_SIZE && pg < arena + ARENA_PAGES * PAGE_SIZE);
		cr_assert(prev == NULL || pg > prev);
		prev = pg;
	}
	cr_assert_eq(palloc_used_count(), ARENA_PAGES - 1);
}

Test(palloc, pages_come_back_zeroed)
{
	char *pg = palloc_page();
	memset(pg, 0xa5, PAGE_SIZE);
	cr_assert_eq(palloc_free(pg), HE_OK);
	char *again = palloc_page();
	cr_assert_eq(again, pg, "LIFO: the page just freed comes back first");
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(again[i], 0, "byte %zu not zeroed", i);
}

Test(palloc, exhaustion_returns_null_until_a_page_is_freed)
{
	char *last = NULL;

	while (palloc_free_count() > 0)
		last = palloc_page();
	cr_assert_null(palloc_page());
	cr_assert_null(palloc_page());
	cr_assert_eq(palloc_used_count(), palloc_total());
	cr_assert_eq(palloc_free(last), HE_OK);
	cr_assert_eq(palloc_free_count(), 1);
	cr_assert_eq(palloc_page(), last);
	cr_assert_null(palloc_page());
}

Test(palloc, bad_frees_are_rejected_and_change_nothing)
{
	char *pg = palloc_page();
	char *other = palloc_page();
	size_t nfree = palloc_free_count();

	cr_assert_eq(palloc_free(NULL), HE_INVAL);
	cr_assert_eq(palloc_free(pg + 8), HE_INVAL, "unaligned");
	cr_assert_eq(palloc_free(arena), HE_INVAL, "the bitmap page is not allocatable");
	cr_assert_eq(palloc_free(arena - PAGE_SIZE), HE_INVAL, "below the range");
	cr_assert_eq(palloc_free(arena + ARENA_PAGES * PAGE_SIZE), HE_INVAL, "past the range");
	cr_assert_eq(palloc_free_count(), nfree);

	cr_assert_eq(palloc_free(pg), HE_OK);
	cr_assert_eq(palloc_free(pg), HE_INVAL, "double free");
	cr_assert_eq(palloc_free_count(), nfree + 1);
	/* A never-allocated page is free too. */
	cr_assert_eq(palloc_free(arena + (ARENA_PAGES - 1) * PAGE_SIZE), HE_INVAL);
	cr_assert_eq(palloc_free(other), HE_OK);

	/* The free list is intact: draining it yields every page exactly once. */
	size_t n = 0;
	char *seen[ARENA_PAGES] = { 0 };
	char *p;
	while ((p = palloc_page()) != NULL) {
		size_t idx = (size_t)(p - arena) / PAGE_SIZE;
		cr_assert_null(seen[idx], "page %zu handed out twice", idx);
		seen[idx] = p;
		n++;
	}
	cr_assert_eq(n, ARENA_PAGES - 1);
}

Test(palloc, double_free_is_detected_even_when_the_page_holds_a_link)
{
	/* The state lives in the bitmap, not in the page: a used page whose
	 * first word looks like a free-list link is still freeable once. */
	char *a = palloc_page();
	char *b = palloc_page();
	memcpy(b, &a, sizeof a);
	cr_assert_eq(palloc_free(a), HE_OK);
	cr_assert_eq(palloc_free(b), HE_OK);
	cr_assert_eq(palloc_free(b), HE_INVAL);
	cr_assert_eq(palloc_free(a), HE_INVAL);
	cr_assert_eq(palloc_used_count(), 0);
}

Test(palloc, bitmap_grows_with_the_range)
{
	/* One bitmap page covers 32768 pages; 32770 pages need two. */
	size_t npages = PAGE_SIZE * 8 + 2;
	char *big = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);
	cr_assert_not_null(big);
	palloc_init((uintptr_t)big, (uintptr_t)big + npages * PAGE_SIZE);
	cr_assert_eq(palloc_total(), npages - 2);
	cr_assert_eq(palloc_page(), big + 2 * PAGE_SIZE);
	char *top = big + (npages - 1) * PAGE_SIZE;
	while (palloc_free_count() > 1)
		palloc_page();
	cr_assert_eq(palloc_page(), top);
	cr_assert_eq(palloc_free(top), HE_OK);
	cr_assert_eq(palloc_free(top), HE_INVAL);
	free(big);
}
