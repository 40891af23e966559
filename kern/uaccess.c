/* User memory access by software page-table walk; see uaccess.h. */
#include <string.h>
#include <hinge/errno.h>
#include "config.h"
#include "vm.h"
#include "uaccess.h"

/* Check that [uva, uva+n) lies in the user part and that each of its pages
 * allows need (VM_R or VM_W) from U-mode. n > 0. */
static int check_user_range(uint64_t *root, uintptr_t uva, size_t n, int need)
{
	uintptr_t pa;

	if (uva < USER_BASE || uva >= USER_TOP || n > USER_TOP - uva)
		return HE_FAULT;
	for (uintptr_t p = uva & ~(PAGE_SIZE - 1); p < uva + n; p += PAGE_SIZE)
		if (vm_translate(root, p, need, &pa) != HE_OK)
			return HE_FAULT;
	return HE_OK;
}

/* The physical address of user address uva in an already checked range,
 * and how many of the n bytes from there lie in the same page. */
static size_t user_piece(uint64_t *root, uintptr_t uva, size_t n, int need, uintptr_t *pa)
{
	size_t chunk = PAGE_SIZE - uva % PAGE_SIZE;

	vm_translate(root, uva, need, pa);
	return chunk < n ? chunk : n;
}

int copyin(uint64_t *root, void *dst, uintptr_t usrc, size_t n)
{
	char *d = dst;
	uintptr_t pa;

	if (n == 0)
		return HE_OK;
	if (check_user_range(root, usrc, n, VM_R) != HE_OK)
		return HE_FAULT;
	while (n > 0) {
		size_t chunk = user_piece(root, usrc, n, VM_R, &pa);
		memcpy(d, (const void *)pa, chunk);
		d += chunk;
		usrc += chunk;
		n -= chunk;
	}
	return HE_OK;
}

int copyout(uint64_t *root, uintptr_t udst, const void *src, size_t n)
{
	const char *s = src;
	uintptr_t pa;

	if (n == 0)
		return HE_OK;
	if (check_user_range(root, udst, n, VM_W) != HE_OK)
		return HE_FAULT;
	while (n > 0) {
		size_t chunk = user_piece(root, udst, n, VM_W, &pa);
		memcpy((void *)pa, s, chunk);
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
	if (n == 0)
		return HE_OK;
	return check_user_range(root, uva, n, perm) == HE_OK ? HE_OK : HE_FAULT;
}

int copy_user_to_user(uint64_t *droot, uintptr_t udst, uint64_t *sroot, uintptr_t usrc, size_t n)
{
	uintptr_t dpa, spa;

	if (n == 0)
		return HE_OK;
	if (check_user_range(sroot, usrc, n, VM_R) != HE_OK ||
	    check_user_range(droot, udst, n, VM_W) != HE_OK)
		return HE_FAULT;
	while (n > 0) {
		size_t dchunk = user_piece(droot, udst, n, VM_W, &dpa);
		size_t schunk = user_piece(sroot, usrc, dchunk, VM_R, &spa);
		memmove((void *)dpa, (const void *)spa, schunk);
		udst += schunk;
		usrc += schunk;
		n -= schunk;
	}
	return HE_OK;
}

int copyinstr(uint64_t *root, char *dst, uintptr_t usrc, size_t size)
{
	size_t done = 0;

	if (size == 0)
		return HE_INVAL;
	dst[0] = '\0';
	if (usrc < USER_BASE || usrc >= USER_TOP)
		return HE_FAULT;
	while (done < size) {
		uintptr_t uva = usrc + done;
		uintptr_t pa;
		if (uva >= USER_TOP || vm_translate(root, uva, VM_R, &pa) != HE_OK) {
			dst[0] = '\0';
			return HE_FAULT;
		}
		size_t chunk = PAGE_SIZE - uva % PAGE_SIZE;
		if (chunk > size - done)
			chunk = size - done;
		const char *nul = memchr((const void *)pa, '\0', chunk);
		size_t take = nul != NULL ? (size_t)(nul - (const char *)pa) + 1 : chunk;
		memcpy(dst + done, (const void *)pa, take);
		done += take;
		if (nul != NULL)
			return (int)(done - 1);
	}
	dst[0] = '\0';
	return HE_INVAL;
}
