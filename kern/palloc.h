/* Physical page allocator: 4 KiB pages out of one contiguous range of RAM.
 *
 * Free pages are kept on a LIFO list threaded through the pages themselves,
 * so the allocator needs no storage besides a state bitmap, which it carves
 * from the first page(s) of the range (one bit per page: set = free). The
 * bitmap makes double-free detection exact: a page's content is never
 * trusted to say whether it is free.
 *
 * Addresses are physical; the kernel runs identity-mapped, so a physical
 * address is also a usable kernel pointer.
 *
 * Invariants: nfree == number of set bits == length of the free list;
 * 0 <= palloc_free_count() <= palloc_total(). One hart at a time: on several
 * harts, under the kernel lock (docs/smp.md). */
#ifndef KERN_PALLOC_H
#define KERN_PALLOC_H

#include <stddef.h>
#include <stdint.h>

/* Take over [start, end), rounded inward to page boundaries. Discards any
 * previous state (the host tests re-initialise per test). A range too small
 * for the bitmap plus one page yields an empty allocator. */
void palloc_init(uintptr_t start, uintptr_t end);

/* A zeroed page, or NULL when none is free. */
void *palloc_page(void);

/* Return a page. HE_OK, or HE_INVAL when pg is NULL, not page-aligned, not
 * from this allocator's range, or already free (double free). Every HE_INVAL
 * is a kernel bug; the allocator's state is unchanged by a rejected call. */
int palloc_free(void *pg);

size_t palloc_free_count(void);  /* pages currently free */
size_t palloc_total(void);       /* pages managed (the bitmap excluded) */
size_t palloc_used_count(void);  /* palloc_total() - palloc_free_count(): what leak checks compare */

#endif
