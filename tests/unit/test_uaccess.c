/* copyin / copyout / copyinstr: page crossing, permissions, bad pointers,
 * range limits, and that a failed copy touches neither buffer. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/errno.h>
#include "kern/config.h"
#include "kern/palloc.h"
#include "kern/vm.h"
#include "kern/uaccess.h"

#define ARENA_PAGES 64

/* User layout of every test:
 *   RW0, RW1   two read-write pages
 *   RO         read-only, right after them
 *   (hole)
 *   XO         execute-only
 *   TOP        the last user page, read-write */
#define RW0  (USER_BASE + 0x10000)
#define RW1  (RW0 + PAGE_SIZE)
#define RO   (RW1 + PAGE_SIZE)
#define HOLE (RO + PAGE_SIZE)
#define XO   (HOLE + PAGE_SIZE)
#define TOP  (USER_TOP - PAGE_SIZE)

static char *arena;
static uint64_t *as;

static char *user_ptr(uintptr_t va)
{
	uintptr_t pa;
	cr_assert_eq(vm_translate(as, va, 0, &pa), HE_OK);
	return (char *)pa;
}

static void setup(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	cr_assert_not_null(arena);
	palloc_init((uintptr_t)arena, (uintptr_t)arena + ARENA_PAGES * PAGE_SIZE);
	as = vm_create();
	cr_assert_not_null(as);
	cr_assert_eq(vm_alloc_user(as, RW0, 2 * PAGE_SIZE, VM_R | VM_W), HE_OK);
	cr_assert_eq(vm_alloc_user(as, RO, PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(vm_alloc_user(as, XO, PAGE_SIZE, VM_X), HE_OK);
	cr_assert_eq(vm_alloc_user(as, TOP, PAGE_SIZE, VM_R | VM_W), HE_OK);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(uaccess, .init = setup, .fini = teardown);

static void fill(char *p, size_t n, char seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(seed + i * 7);
}

/* ---- copyin / copyout ---- */

Test(uaccess, copyout_then_copyin_across_a_page_boundary)
{
	char src[300], dst[300];
	uintptr_t va = RW1 - 100;

	fill(src, sizeof src, 3);
	cr_assert_eq(copyout(as, va, src, sizeof src), HE_OK);
	cr_assert_arr_eq(user_ptr(va), src, 100);
	cr_assert_arr_eq(user_ptr(RW1), src + 100, 200);
	memset(dst, 0, sizeof dst);
	cr_assert_eq(copyin(as, dst, va, sizeof dst), HE_OK);
	cr_assert_arr_eq(dst, src, sizeof src);
}

Test(uaccess, copyin_reads_read_only_pages_copyout_does_not_write_them)
{
	char buf[16], src[16];

	fill(user_ptr(RO), 16, 9);
	cr_assert_eq(copyin(as, buf, RO, sizeof buf), HE_OK);
	cr_assert_arr_eq(buf, user_ptr(RO), 16);
	fill(src, sizeof src, 1);
	cr_assert_eq(copyout(as, RO, src, sizeof src), HE_FAULT);
	cr_assert_arr_eq(buf, user_ptr(RO), 16, "unchanged");
}

Test(uaccess, failed_copyout_writes_nothing_even_to_good_pages)
{
	char src[64];

	fill(src, sizeof src, 5);
	/* Starts in RW1, ends in RO: the RW1 part must not be written. */
	cr_assert_eq(copyout(as, RO - 32, src, sizeof src), HE_FAULT);
	for (int i = 0; i < 32; i++)
		cr_assert_eq(user_ptr(RO - 32)[i], 0);
}

Test(uaccess, failed_copyin_writes_nothing_to_the_kernel_buffer)
{
	char dst[64];

	memset(dst, 0x5a, sizeof dst);
	cr_assert_eq(copyin(as, dst, HOLE - 16, sizeof dst), HE_FAULT, "runs into the hole");
	for (size_t i = 0; i < sizeof dst; i++)
		cr_assert_eq(dst[i], 0x5a);
}

Test(uaccess, execute_only_and_unmapped_pages_fault)
{
	char buf[8] = { 0 };

	cr_assert_eq(copyin(as, buf, XO, sizeof buf), HE_FAULT, "X without R");
	cr_assert_eq(copyout(as, XO, buf, sizeof buf), HE_FAULT);
	cr_assert_eq(copyin(as, buf, HOLE, 1), HE_FAULT);
	cr_assert_eq(copyout(as, HOLE + PAGE_SIZE - 1, buf, 1), HE_FAULT);
}

Test(uaccess, pages_without_the_user_bit_fault)
{
	char buf[8] = { 0 };

	*vm_walk(as, RW0, false) &= ~PTE_U;
	cr_assert_eq(copyin(as, buf, RW0, sizeof buf), HE_FAULT);
	cr_assert_eq(copyout(as, RW0, buf, sizeof buf), HE_FAULT);
	cr_assert_eq(copyin(as, buf, RW1, sizeof buf), HE_OK);
}

Test(uaccess, bad_pointers_and_ranges_fault)
{
	char buf[32] = { 0 };

	cr_assert_eq(copyin(as, buf, 0, 1), HE_FAULT, "NULL");
	cr_assert_eq(copyout(as, 0, buf, 1), HE_FAULT, "NULL");
	cr_assert_eq(copyin(as, buf, USER_BASE - 1, 1), HE_FAULT, "below USER_BASE");
	cr_assert_eq(copyin(as, buf, USER_TOP, 1), HE_FAULT, "kernel part");
	cr_assert_eq(copyin(as, buf, 0x80200000UL, 8), HE_FAULT, "kernel address");
	cr_assert_eq(copyin(as, buf, USER_TOP - 16, 32), HE_FAULT, "crosses USER_TOP");
	cr_assert_eq(copyout(as, USER_TOP - 16, buf, 32), HE_FAULT, "crosses USER_TOP");
	cr_assert_eq(copyin(as, buf, USER_TOP - 16, 16), HE_OK, "ends exactly at USER_TOP");
	cr_assert_eq(copyin(as, buf, UINTPTR_MAX - 4, 16), HE_FAULT, "wraps");
	cr_assert_eq(copyin(as, buf, RW0, SIZE_MAX), HE_FAULT, "n wraps");
	cr_assert_eq(copyout(as, RW0, buf, SIZE_MAX), HE_FAULT, "n wraps");
	cr_assert_eq(copyin(NULL, buf, RW0, 1), HE_FAULT, "no address space");
	cr_assert_eq(copyout(NULL, RW0, buf, 1), HE_FAULT, "no address space");
}

Test(uaccess, zero_length_copies_succeed_without_checks)
{
	cr_assert_eq(copyin(as, NULL, 0, 0), HE_OK);
	cr_assert_eq(copyout(as, UINTPTR_MAX, NULL, 0), HE_OK);
}

/* ---- copyinstr ---- */

Test(uaccess, copyinstr_copies_and_returns_the_length)
{
	char dst[32];

	strcpy(user_ptr(RW0), "hello");
	cr_assert_eq(copyinstr(as, dst, RW0, sizeof dst), 5);
	cr_assert_str_eq(dst, "hello");
	cr_assert_eq(copyinstr(as, dst, RW0, 6), 5, "exactly room for the NUL");
	cr_assert_str_eq(dst, "hello");
	cr_assert_eq(copyinstr(as, dst, RW0 + 5, sizeof dst), 0, "empty string");
	cr_assert_str_eq(dst, "");
}

Test(uaccess, copyinstr_too_long_is_inval_and_leaves_an_empty_string)
{
	char dst[32];

	strcpy(user_ptr(RW0), "hello");
	cr_assert_eq(copyinstr(as, dst, RW0, 5), HE_INVAL);
	cr_assert_str_eq(dst, "");
	cr_assert_eq(copyinstr(as, dst, RW0, 0), HE_INVAL);
}

Test(uaccess, copyinstr_across_pages_and_up_to_a_hole)
{
	char dst[64];

	/* "abcdef" straddles RW0/RW1. */
	cr_assert_eq(copyout(as, RW1 - 3, "abcdef", 7), HE_OK);
	cr_assert_eq(copyinstr(as, dst, RW1 - 3, sizeof dst), 6);
	cr_assert_str_eq(dst, "abcdef");
	/* Ends with its NUL on the last byte before the hole: reads stop there. */
	strcpy(user_ptr(RO) + PAGE_SIZE - 4, "xyz");
	cr_assert_eq(copyinstr(as, dst, HOLE - 4, sizeof dst), 3);
	cr_assert_str_eq(dst, "xyz");
	/* Without the NUL it runs into the hole. */
	user_ptr(RO)[PAGE_SIZE - 1] = 'w';
	cr_assert_eq(copyinstr(as, dst, HOLE - 4, sizeof dst), HE_FAULT);
	cr_assert_str_eq(dst, "");
	/* ... unless the size bound is reached first. */
	cr_assert_eq(copyinstr(as, dst, HOLE - 4, 4), HE_INVAL);
}

Test(uaccess, copyinstr_bad_pointers_fault)
{
	char dst[16];

	cr_assert_eq(copyinstr(as, dst, 0, sizeof dst), HE_FAULT);
	cr_assert_eq(copyinstr(as, dst, HOLE, sizeof dst), HE_FAULT);
	cr_assert_eq(copyinstr(as, dst, XO, sizeof dst), HE_FAULT, "X without R");
	cr_assert_eq(copyinstr(as, dst, USER_TOP, sizeof dst), HE_FAULT);
	cr_assert_eq(copyinstr(as, dst, UINTPTR_MAX, sizeof dst), HE_FAULT);
	cr_assert_eq(copyinstr(NULL, dst, RW0, sizeof dst), HE_FAULT);
}

Test(uaccess, copyinstr_stops_at_user_top)
{
	char dst[64];
	char *top = user_ptr(TOP);

	strcpy(top + PAGE_SIZE - 3, "ok");
	cr_assert_eq(copyinstr(as, dst, USER_TOP - 3, sizeof dst), 2, "NUL on the last user byte");
	cr_assert_str_eq(dst, "ok");
	top[PAGE_SIZE - 1] = '!';
	cr_assert_eq(copyinstr(as, dst, USER_TOP - 3, sizeof dst), HE_FAULT, "would run past USER_TOP");
	cr_assert_eq(copyinstr(as, dst, USER_TOP - 3, 3), HE_INVAL, "bound reached first");
}
