/* Copying between kernel memory and a user address space.
 *
 * The kernel never dereferences a user pointer: every user page is looked up
 * in the space's page table by software (vm_translate, which applies the
 * U-mode rules: V, U and the needed R/W), then reached through the kernel's
 * identity map. A bad user pointer therefore yields HE_FAULT, never a kernel
 * page fault, and works the same whether or not the space is active.
 *
 * HE_FAULT covers: NULL root, a range starting below USER_BASE, reaching past
 * USER_TOP or wrapping around, and any page of it unmapped or lacking U or
 * the needed permission (R to read, W to write).
 * copyin/copyout are all or nothing: every page is checked before the first
 * byte moves, so on error neither buffer has been touched (one hart at a time,
 * under the kernel lock on several: the space cannot change in between). n == 0 succeeds without any check. */
#ifndef KERN_UACCESS_H
#define KERN_UACCESS_H

#include <stddef.h>
#include <stdint.h>

/* Read n bytes at user address usrc into dst. HE_OK or HE_FAULT. */
int copyin(uint64_t *root, void *dst, uintptr_t usrc, size_t n);

/* Write n bytes from src to user address udst. HE_OK or HE_FAULT. */
int copyout(uint64_t *root, uintptr_t udst, const void *src, size_t n);

/* Check that [uva, uva + n) is user memory with permission perm (VM_R or
 * VM_W) in root. HE_OK or HE_FAULT. */
int uaccess_check(uint64_t *root, uintptr_t uva, size_t n, int perm);

/* Copy n bytes from user address usrc in space sroot to user address udst
 * in space droot, page piece by page piece, without a kernel buffer: the one
 * copy of a door call's bulk data. All or nothing, like copyin/copyout. */
int copy_user_to_user(uint64_t *droot, uintptr_t udst, uint64_t *sroot, uintptr_t usrc, size_t n);

/* Pages of a checked range whose translations it keeps: any range of up to
 * DOOR_MAX_DATA bytes, the most a door call copies, spans at most two. */
#define USER_RANGE_PAGES 2

/* A range of user memory checked once for a permission (user_range_check),
 * so that copying from it later walks no page table again (for ranges of
 * more than USER_RANGE_PAGES pages, the later pages are walked again). It
 * stays valid only while the space's mappings are unchanged: on one hart,
 * until the kernel does anything that may unmap, such as blocking. */
struct user_range {
	uint64_t *root;
	uintptr_t va;                        /* [va, va + n) */
	size_t n;
	int perm;                            /* VM_R or VM_W, as checked */
	uintptr_t page[USER_RANGE_PAGES];    /* physical address of its first pages */
};

/* Check [uva, uva + n) like uaccess_check and describe it in *r. HE_OK or
 * HE_FAULT (*r is then unusable). */
int user_range_check(struct user_range *r, uint64_t *root, uintptr_t uva, size_t n, int perm);

/* copy_user_to_user from the checked range src (checked for VM_R) to
 * udst in droot: all src->n bytes, only droot is checked. HE_OK or
 * HE_FAULT (nothing written). */
int copy_range_to_user(uint64_t *droot, uintptr_t udst, const struct user_range *src);

/* Read the NUL-terminated user string at usrc into dst[0..size). Returns its
 * length (>= 0, the NUL excluded; dst is NUL-terminated), HE_INVAL when size
 * is 0 or no NUL is found in the first size bytes (too long), HE_FAULT when
 * a byte up to the NUL (or up to size bytes) is not readable. Reads stop at
 * the NUL, so a string ending just before an unmapped page is fine. On error
 * dst holds the empty string (when size > 0). */
int copyinstr(uint64_t *root, char *dst, uintptr_t usrc, size_t size);

#endif
