/* copyin / copyout / copyinstr / copy_user_to_user / checked ranges: page
 * crossing, ranges longer than the translations a check keeps, permissions,
 * bad pointers, range limits, and that a failed copy touches neither
 * buffer. */
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
 *   TOP        the last user page, read-write
 *   BIG0, BIG1 BIG_PAGES read-write pages each */
#define RW0  (USER_BASE + 0x10000)
#define RW1  (RW0 + PAGE_SIZE)
#define RO   (RW1 + PAGE_SIZE)
#define HOLE (RO + PAGE_SIZE)
#define XO   (HOLE + PAGE_SIZE)
#define TOP  (USER_TOP - PAGE_SIZE)
/* Two read-write areas of BIG_PAGES pages each, for long copies. */
#define BIG_PAGES 5
#define BIG0 (USER_BASE + 0x40000)
#define BIG1 (BIG0 + 0x10000)

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
	cr_assert_eq(vm_alloc_user(as, BIG0, BIG_PAGES * PAGE_SIZE, VM_R | VM_W), HE_OK);
	cr_assert_eq(vm_alloc_user(as, BIG1, BIG_PAGES * PAGE_SIZE, VM_R | VM_W), HE_OK);
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

/* Byte by byte through the page table: the reference the copies are
 * checked against, whatever pages the range spans. */
static void user_read(uintptr_t va, char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = user_ptr(va + i)[0];
}

static void user_fill(uintptr_t va, size_t n, char seed)
{
	for (size_t i = 0; i < n; i++)
		user_ptr(va + i)[0] = (char)(seed + i * 13 + (i >> 9));
}

Test(uaccess, copies_longer_than_the_kept_translations)
{
	/* Unaligned start, four and a bit pages: more pages than a check
	 * keeps, so the later ones are walked again while copying. */
	static char src[4 * PAGE_SIZE + 300], dst[sizeof src], back[sizeof src];
	uintptr_t va = BIG0 + 123;

	fill(src, sizeof src, 7);
	cr_assert_eq(copyout(as, va, src, sizeof src), HE_OK);
	user_read(va, back, sizeof back);
	cr_assert_arr_eq(back, src, sizeof src);
	cr_assert_eq(copyin(as, dst, va, sizeof dst), HE_OK);
	cr_assert_arr_eq(dst, src, sizeof src);
}

/* ---- copy_user_to_user / checked ranges ---- */

Test(uaccess, user_to_user_with_different_page_offsets)
{
	/* The source and destination cross their page boundaries at
	 * different points, so the pieces end at either side's boundary. */
	static const size_t lens[] = { 1, 8, 100, 4096, 4097, 3 * PAGE_SIZE + 5 };
	static char want[3 * PAGE_SIZE + 5], got[sizeof want];

	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		size_t n = lens[i];
		user_fill(BIG0 + 4000, n, (char)i);
		user_read(BIG0 + 4000, want, n);
		cr_assert_eq(copy_user_to_user(as, BIG1 + 77, as, BIG0 + 4000, n), HE_OK, "n=%zu", n);
		user_read(BIG1 + 77, got, n);
		cr_assert_arr_eq(got, want, n, "n=%zu", n);
	}
}

Test(uaccess, user_to_user_longer_than_the_kept_translations)
{
	static char want[BIG_PAGES * PAGE_SIZE - 200], got[sizeof want];

	user_fill(BIG0 + 150, sizeof want, 3);
	user_read(BIG0 + 150, want, sizeof want);
	cr_assert_eq(copy_user_to_user(as, BIG1 + 40, as, BIG0 + 150, sizeof want), HE_OK);
	user_read(BIG1 + 40, got, sizeof got);
	cr_assert_arr_eq(got, want, sizeof want);
}

Test(uaccess, user_to_user_overlapping_inside_one_page)
{
	char want[600], got[600];

	/* Both directions of overlap, word-aligned and not. */
	static const long shifts[] = { 8, -8, 3, -5 };
	for (size_t i = 0; i < sizeof shifts / sizeof shifts[0]; i++) {
		uintptr_t src = RW0 + 1000;
		uintptr_t dst = src + shifts[i];
		user_fill(RW0, PAGE_SIZE, (char)i);
		memcpy(want, user_ptr(src), 500); /* RW0 is one page of the arena */
		cr_assert_eq(copy_user_to_user(as, dst, as, src, 500), HE_OK);
		user_read(dst, got, 500);
		cr_assert_arr_eq(got, want, 500, "shift %ld", shifts[i]);
	}
}

Test(uaccess, failed_user_to_user_writes_nothing)
{
	char before[64], after[64];

	user_fill(RW0, 64, 1);
	user_read(RW0, before, sizeof before);
	cr_assert_eq(copy_user_to_user(as, RW0, as, XO, 64), HE_FAULT, "source not readable");
	cr_assert_eq(copy_user_to_user(as, RW0, as, HOLE - 32, 64), HE_FAULT, "source runs into the hole");
	cr_assert_eq(copy_user_to_user(as, RO - 32, as, RW0, 64), HE_FAULT, "destination partly read-only");
	cr_assert_eq(copy_user_to_user(as, RW0, NULL, RW0, 8), HE_FAULT, "no source space");
	cr_assert_eq(copy_user_to_user(NULL, RW0, as, RW1, 8), HE_FAULT, "no destination space");
	user_read(RW0, after, sizeof after);
	cr_assert_arr_eq(after, before, sizeof before);
	for (int i = 0; i < 32; i++)
		cr_assert_eq(user_ptr(RO - 32)[i], 0, "the writable part of the destination is untouched");
	cr_assert_eq(copy_user_to_user(as, 0, as, UINTPTR_MAX, 0), HE_OK, "n == 0: no checks");
}

Test(uaccess, checked_range_copies_to_a_checked_destination)
{
	struct user_range r;
	char want[300], got[300];

	user_fill(RW1 - 100, sizeof want, 9);
	user_read(RW1 - 100, want, sizeof want);
	cr_assert_eq(user_range_check(&r, as, RW1 - 100, sizeof want, VM_R), HE_OK);
	cr_assert_eq(copy_range_to_user(as, BIG0 + PAGE_SIZE - 10, &r), HE_OK);
	user_read(BIG0 + PAGE_SIZE - 10, got, sizeof got);
	cr_assert_arr_eq(got, want, sizeof want);
	/* The destination is still checked: all or nothing. */
	cr_assert_eq(copy_range_to_user(as, RO, &r), HE_FAULT);
	cr_assert_eq(copy_range_to_user(as, HOLE - 10, &r), HE_FAULT);
	cr_assert_eq(copy_range_to_user(NULL, RW0, &r), HE_FAULT);
	for (int i = 0; i < 10; i++)
		cr_assert_eq(user_ptr(HOLE - 10)[i], 0);
}

Test(uaccess, range_check_faults_like_uaccess_check)
{
	struct user_range r;

	cr_assert_eq(user_range_check(&r, as, RW0, 2 * PAGE_SIZE, VM_W), HE_OK);
	cr_assert_eq(user_range_check(&r, as, RW0, 3 * PAGE_SIZE, VM_W), HE_FAULT, "RO is not writable");
	cr_assert_eq(user_range_check(&r, as, RW0, 3 * PAGE_SIZE, VM_R), HE_OK);
	cr_assert_eq(user_range_check(&r, as, RW0, 4 * PAGE_SIZE, VM_R), HE_FAULT, "the hole");
	cr_assert_eq(user_range_check(&r, as, XO, 1, VM_R), HE_FAULT, "X without R");
	cr_assert_eq(user_range_check(&r, as, USER_BASE - 1, 1, VM_R), HE_FAULT, "below USER_BASE");
	cr_assert_eq(user_range_check(&r, as, USER_TOP - 16, 32, VM_R), HE_FAULT, "crosses USER_TOP");
	cr_assert_eq(user_range_check(&r, as, RW0, SIZE_MAX, VM_R), HE_FAULT, "n wraps");
	cr_assert_eq(user_range_check(&r, NULL, RW0, 1, VM_R), HE_FAULT, "no address space");
	cr_assert_eq(user_range_check(&r, as, 0, 0, VM_R), HE_OK, "empty: no checks");
	cr_assert_eq(copy_range_to_user(as, UINTPTR_MAX, &r), HE_OK, "an empty range copies nothing");
	for (uintptr_t va = BIG0; va < BIG0 + BIG_PAGES * PAGE_SIZE; va += PAGE_SIZE)
		cr_assert_eq(uaccess_check(as, va, PAGE_SIZE, VM_W), HE_OK);
	cr_assert_eq(user_range_check(&r, as, BIG0 + 1, BIG_PAGES * PAGE_SIZE - 1, VM_W), HE_OK);
	cr_assert_eq(user_range_check(&r, as, BIG0 + 1, BIG_PAGES * PAGE_SIZE, VM_W), HE_FAULT,
		     "one byte past the area");
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
