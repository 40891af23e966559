/* User memory access by software page-table walk; see uaccess.h.
 *
 * One walk per page: checking a range walks each of its pages once and
 * keeps the physical addresses of its first USER_RANGE_PAGES pages for the
 * copy that follows; only pages after those (ranges longer than any door
 * call copies) are walked a second time when their bytes move. The bytes
 * move a word at a time (kern/copy.h). */
#include <string.h>
#include <hinge/errno.h>
#include <hinge/door.h>
#include "config.h"
#include "copy.h"
#include "vm.h"
#include "uaccess.h"

_Static_assert(DOOR_MAX_DATA <= (USER_RANGE_PAGES - 1) * PAGE_SIZE + 1,
	       "every page of a bulk copy is kept");

/* The pages of r, from its first, up to the one holding byte end - 1. Out of
 * line: the loop keeps values across calls in saved registers, which the
 * one-page case of user_range_check need not pay for. */
static __attribute__((noinline)) int check_pages(struct user_range *r, uintptr_t end)
{
	uintptr_t pa;
	size_t i = 0;

	for (uintptr_t p = r->va & ~(PAGE_SIZE - 1); p < end; p += PAGE_SIZE, i++) {
		if (vm_translate(r->root, p, r->perm, &pa) != HE_OK)
			return HE_FAULT;
		if (i < USER_RANGE_PAGES)
			r->page[i] = pa;
	}
	return HE_OK;
}

int user_range_check(struct user_range *r, uint64_t *root, uintptr_t uva, size_t n, int perm)
{
	r->root = root;
	r->va = uva;
	r->n = n;
	r->perm = perm;
	if (n == 0)
		return HE_OK;
	if (uva < USER_BASE || uva >= USER_TOP || n > USER_TOP - uva)
		return HE_FAULT;
	uintptr_t first = uva & ~(PAGE_SIZE - 1);
	if (uva + n - first <= PAGE_SIZE) /* one page: most ranges */
		return vm_translate(root, first, perm, &r->page[0]);
	return check_pages(r, uva + n);
}

/* The physical address of user address uva inside the checked range r. */
static uintptr_t range_pa(const struct user_range *r, uintptr_t uva)
{
	size_t i = uva / PAGE_SIZE - r->va / PAGE_SIZE;
	uintptr_t pa;

	if (i < USER_RANGE_PAGES)
		return r->page[i] + uva % PAGE_SIZE;
	vm_translate(r->root, uva, r->perm, &pa); /* checked: cannot fail */
	return pa;
}

/* How many of the n bytes from user address uva lie in uva's page. */
static size_t page_piece(uintptr_t uva, size_t n)
{
	size_t rest = PAGE_SIZE - uva % PAGE_SIZE;
	return rest < n ? rest : n;
}

/* copyin and copyout are two loops, not one loop told the direction: measured
 * with `make bench`, the shared loop made every door call with a bulk part
 * (its door_xarg read, its results written) about 100 instructions dearer. */
int copyin(uint64_t *root, void *dst, uintptr_t usrc, size_t n)
{
	struct user_range r;
	char *d = dst;

	if (n == 0)
		return HE_OK;
	if (user_range_check(&r, root, usrc, n, VM_R) != HE_OK)
		return HE_FAULT;
	while (n > 0) {
		size_t chunk = page_piece(usrc, n);
		kcopy(d, (const void *)range_pa(&r, usrc), chunk);
		d += chunk;
		usrc += chunk;
		n -= chunk;
	}
	return HE_OK;
}

int copyout(uint64_t *root, uintptr_t udst, const void *src, size_t n)
{
	struct user_range r;
	const char *s = src;

	if (n == 0)
		return HE_OK;
	if (user_range_check(&r, root, udst, n, VM_W) != HE_OK)
		return HE_FAULT;
	while (n > 0) {
		size_t chunk = page_piece(udst, n);
		kcopy((void *)range_pa(&r, udst), s, chunk);
		s += chunk;
		udst += chunk;
		n -= chunk;
	}
	return HE_OK;
}

/* Lengths fit in an int: a string lies inside the user part. */
_Static_assert(USER_TOP - USER_BASE <= 0x7fffffffUL, "copyinstr length must fit an int");

int uaccess_check(uint64_t *root, uintptr_t uva, size_t n, int perm)
{
	struct user_range r;

	return user_range_check(&r, root, uva, n, perm);
}

/* copy_range_to_user of a non-empty range. Out of line, so that an empty
 * one (most calls) costs no saving of registers. */
static __attribute__((noinline)) int copy_pieces_to_user(uint64_t *droot, uintptr_t udst,
							 const struct user_range *src)
{
	struct user_range dr;
	uintptr_t usrc = src->va;
	size_t n = src->n;

	if (user_range_check(&dr, droot, udst, n, VM_W) != HE_OK)
		return HE_FAULT;
	while (n > 0) {
		/* Up to the nearer of the two page ends. The spaces may be one
		 * space, or share pages: the piece may overlap itself. */
		size_t chunk = page_piece(usrc, page_piece(udst, n));
		kmove((void *)range_pa(&dr, udst), (const void *)range_pa(src, usrc), chunk);
		udst += chunk;
		usrc += chunk;
		n -= chunk;
	}
	return HE_OK;
}

int copy_range_to_user(uint64_t *droot, uintptr_t udst, const struct user_range *src)
{
	if (src->n == 0)
		return HE_OK;
	return copy_pieces_to_user(droot, udst, src);
}

int copy_user_to_user(uint64_t *droot, uintptr_t udst, uint64_t *sroot, uintptr_t usrc, size_t n)
{
	struct user_range sr;

	if (n == 0)
		return HE_OK;
	if (user_range_check(&sr, sroot, usrc, n, VM_R) != HE_OK)
		return HE_FAULT;
	return copy_pieces_to_user(droot, udst, &sr);
}

int copyinstr(uint64_t *root, char *dst, uintptr_t usrc, size_t size)
{
	size_t done = 0;

	if (size == 0)
		return HE_INVAL;
	while (done < size) {
		uintptr_t uva = usrc + done;
		uintptr_t pa;
		/* vm_translate refuses any address outside the user part. */
		if (vm_translate(root, uva, VM_R, &pa) != HE_OK) {
			dst[0] = '\0';
			return HE_FAULT;
		}
		size_t chunk = page_piece(uva, size - done);
		const char *nul = memchr((const void *)pa, '\0', chunk);
		size_t take = nul != NULL ? (size_t)(nul - (const char *)pa) + 1 : chunk;
		kcopy(dst + done, (const void *)pa, take);
		done += take;
		if (nul != NULL)
			return (int)(done - 1);
	}
	dst[0] = '\0';
	return HE_INVAL;
}
