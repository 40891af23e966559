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
 * byte moves, so on error neither buffer has been touched (single hart: the
 * space cannot change in between). n == 0 succeeds without any check. */
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

/* Read the NUL-terminated user string at usrc into dst[0..size). Returns its
 * length (>= 0, the NUL excluded; dst is NUL-terminated), HE_INVAL when size
 * is 0 or no NUL is found in the first size bytes (too long), HE_FAULT when
 * a byte up to the NUL (or up to size bytes) is not readable. Reads stop at
 * the NUL, so a string ending just before an unmapped page is fine. On error
 * dst holds the empty string (when size > 0). */
int copyinstr(uint64_t *root, char *dst, uintptr_t usrc, size_t size);

#endif
