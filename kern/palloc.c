/* Physical page allocator; see palloc.h for the design and invariants. */
#include <stdbool.h>
#include <string.h>
#include <hinge/errno.h>
#include "config.h"
#include "palloc.h"
#include "copy.h"

/* The first word of a free page links it to the next free page. */
struct free_page {
	struct free_page *next;
};

#define BITS_PER_PAGE (PAGE_SIZE * 8)

static uintptr_t pool_start;     /* first allocatable page */
static uintptr_t pool_end;       /* one past the last allocatable page */
static uint8_t *free_bits;       /* bit i set <=> page pool_start + i*PAGE_SIZE is free */
static struct free_page *free_list;
static size_t nfree;
static size_t ntotal;

static size_t page_index(uintptr_t pa)
{
	return (pa - pool_start) / PAGE_SIZE;
}

static bool page_is_free(uintptr_t pa)
{
	return free_bits[page_index(pa) / 8] & (1u << (page_index(pa) % 8));
}

/* Flip pa's bit: callers know its state (a page on the free list is free;
 * palloc_free checks first), so this marks it free or in use. */
static void flip_free(uintptr_t pa)
{
	free_bits[page_index(pa) / 8] ^= (uint8_t)(1u << (page_index(pa) % 8));
}

static void push_free(uintptr_t pa)
{
	struct free_page *fp = (struct free_page *)pa;

	fp->next = free_list;
	free_list = fp;
	flip_free(pa);
	nfree++;
}

void palloc_init(uintptr_t start, uintptr_t end)
{
	free_list = NULL;
	free_bits = NULL;
	pool_start = pool_end = 0;
	nfree = ntotal = 0;

	if (start > UINTPTR_MAX - (PAGE_SIZE - 1))
		return;
	uintptr_t s = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uintptr_t e = end & ~(PAGE_SIZE - 1);
	if (e <= s)
		return;

	size_t npages = (e - s) / PAGE_SIZE;
	size_t nmeta = (npages + BITS_PER_PAGE - 1) / BITS_PER_PAGE;
	if (npages <= nmeta)
		return;

	free_bits = (uint8_t *)s;
	memset(free_bits, 0, nmeta * PAGE_SIZE);
	pool_start = s + nmeta * PAGE_SIZE;
	pool_end = e;
	ntotal = npages - nmeta;
	/* Push from the top down so the list hands out ascending addresses,
	 * which keeps boot-time allocations predictable. */
	for (size_t i = ntotal; i-- > 0;)
		push_free(pool_start + i * PAGE_SIZE);
}

void *palloc_page(void)
{
	struct free_page *fp = free_list;

	if (fp == NULL || FAILALLOC())
		return NULL;
	free_list = fp->next;
	flip_free((uintptr_t)fp);
	nfree--;
	kzero(fp, PAGE_SIZE); /* word stores: picolibc's memset goes byte by byte */
	return fp;
}

int palloc_free(void *pg)
{
	uintptr_t pa = (uintptr_t)pg;

	if (pa % PAGE_SIZE != 0 || pa < pool_start || pa >= pool_end)
		return HE_INVAL;
	if (page_is_free(pa))
		return HE_INVAL;
	push_free(pa);
	return HE_OK;
}

size_t palloc_free_count(void)
{
	return nfree;
}

size_t palloc_total(void)
{
	return ntotal;
}

size_t palloc_used_count(void)
{
	return ntotal - nfree;
}
