/* The system-call half of handles (kern/handle_sys.c): SYS_HANDLE_INFO's two
 * results for a door, a notification and a mutex, through dup and close, and
 * its errors (a failed call leaves a1 as it was); SYS_HANDLE_DUP, CLOSE and
 * INFO check their arguments in the order docs/syscalls.md gives, row by
 * row. The call itself, with its user wrapper and a memory object, is tested
 * in QEMU (tests/qemu/handle_info). */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/handle.h>
#include <hinge/sync.h>
#include "kern/handle_sys.h"
#include "kern/sync_sys.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "door_fixtures.h"

#define UNTOUCHED 0x5a5a5a5aUL /* a1 before a call that must not write it */

static struct domain D;
static struct thread T;
static struct schedctx SC;
static struct trapframe tf;

/* T runs in D (no page table: these handlers touch no user memory). */
static void setup(void)
{
	fx_domain(&D, 1);
	fx_run(&T, &SC, &D);
}

TestSuite(handle_sys, .init = setup);

static long call(long (*fn)(struct trapframe *), uint64_t a0, uint64_t a1)
{
	tf.regs[REG_A0] = a0;
	tf.regs[REG_A1] = a1;
	return fn(&tf);
}

/* SYS_HANDLE_INFO of h: its type, and its rights in *rights. */
static long info(uint64_t h, uint64_t *rights)
{
	long r = call(sys_handle_info, h, UNTOUCHED);
	*rights = tf.regs[REG_A1];
	return r;
}

Test(handle_sys, info_names_the_type_and_rights_of_each_object)
{
	uint64_t rights;
	int door = handle_install(&D.handles, KOBJ_DOOR, fx_door(&D, 1, 0), H_DOOR_ALL);
	long n = call(sys_notify_create, 0, 0);
	long x = call(sys_mutex_create, 0, 0);
	cr_assert(door >= 0 && n >= 0 && x >= 0);
	cr_assert_eq(info((uint64_t)door, &rights), HOBJ_DOOR);
	cr_assert_eq(rights, H_DOOR_ALL);
	cr_assert_eq(info((uint64_t)n, &rights), HOBJ_NOTIFY);
	cr_assert_eq(rights, H_NOTIFY_ALL);
	cr_assert_eq(info((uint64_t)x, &rights), HOBJ_MUTEX);
	cr_assert_eq(rights, D.handles.slot[x].rights);
}

Test(handle_sys, info_needs_no_right_and_follows_dup_and_close)
{
	uint64_t rights;
	long n = call(sys_notify_create, 0, 0);
	long w = call(sys_handle_dup, (uint64_t)n, H_WAIT);
	long none = call(sys_handle_dup, (uint64_t)n, 0);
	cr_assert(w >= 0 && none >= 0);
	cr_assert_eq(info((uint64_t)w, &rights), HOBJ_NOTIFY);
	cr_assert_eq(rights, H_WAIT, "the dup's own rights, not the object's");
	cr_assert_eq(info((uint64_t)none, &rights), HOBJ_NOTIFY, "a handle without rights is still asked about");
	cr_assert_eq(rights, 0);
	cr_assert_eq(call(sys_handle_close, (uint64_t)w, 0), 0);
	cr_assert_eq(info((uint64_t)w, &rights), HE_BADHANDLE, "closed");
	cr_assert_eq(info((uint64_t)n, &rights), HOBJ_NOTIFY, "the other handles stay");
}

Test(handle_sys, info_of_no_object_is_badhandle_and_leaves_a1)
{
	uint64_t rights;
	long n = call(sys_notify_create, 0, 0);
	cr_assert_geq(n, 0);
	/* Empty, out of range, negative as an int, and a slot's index with a
	 * bit above bit 31 (whole register: never truncated onto slot n). */
	uint64_t bad[] = {(uint64_t)n + 1, MAX_HANDLES, (uint64_t)-1, (1ULL << 32) | (uint64_t)n};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(info(bad[i], &rights), HE_BADHANDLE, "handle %#lx", (unsigned long)bad[i]);
		cr_assert_eq(rights, UNTOUCHED, "a1 written by a failed call (handle %#lx)", (unsigned long)bad[i]);
	}
	cr_assert_eq(handle_count(&D.handles), 1, "nothing changed");
}

/* ---- argument checks in the order of docs/syscalls.md ----
 *
 * One row per row of a call's Errors table: the arguments violate that
 * check and every later one that can be violated with it, and no earlier
 * one; the call answers that row's code and changes no slot. The table is
 * full for every row (the last check of SYS_HANDLE_DUP). */

struct row {
	const char *what;
	uint64_t a0, a1;
	long code;
};

static void run_rows(long (*fn)(struct trapframe *), const struct row *rows, size_t n)
{
	int count = handle_count(&D.handles);
	for (size_t i = 0; i < n; i++) {
		long r = call(fn, rows[i].a0, rows[i].a1);
		cr_assert_eq(r, rows[i].code, "%s: got %ld, want %ld", rows[i].what, r, rows[i].code);
		cr_assert_eq(handle_count(&D.handles), count, "%s changed the table", rows[i].what);
	}
}

Test(handle_sys, dup_close_and_info_check_in_the_documented_order)
{
	long n = call(sys_notify_create, 0, 0);
	long nodup = call(sys_handle_dup, (uint64_t)n, H_WAIT);
	cr_assert(n >= 0 && nodup >= 0);
	while (call(sys_handle_dup, (uint64_t)n, H_NOTIFY_ALL) >= 0)
		;
	cr_assert_eq(handle_count(&D.handles), MAX_HANDLES, "the table is full");
	const uint64_t wide = (1ULL << 32) | (uint64_t)n; /* slot n's index with bit 32 */
	const struct row dup[] = {
		{ "dup 1: mask bit 63, no object", MAX_HANDLES, 1ULL << 63, HE_INVAL },
		{ "dup 1: mask bit outside H_ALL, no H_DUP", (uint64_t)nodup, (uint64_t)H_ALL + 1, HE_INVAL },
		{ "dup 2: out of range", MAX_HANDLES, H_WAIT, HE_BADHANDLE },
		{ "dup 2: negative", (uint64_t)-1, H_WAIT, HE_BADHANDLE },
		{ "dup 2: bit 32", wide, H_WAIT, HE_BADHANDLE },
		{ "dup 3: no H_DUP, table full", (uint64_t)nodup, H_WAIT, HE_PERM },
		{ "dup 4: table full", (uint64_t)n, H_WAIT, HE_NOSPACE },
	};
	run_rows(sys_handle_dup, dup, sizeof dup / sizeof dup[0]);
	const struct row close[] = {
		{ "close 1: out of range", MAX_HANDLES, 0, HE_BADHANDLE },
		{ "close 1: negative", (uint64_t)-1, 0, HE_BADHANDLE },
		{ "close 1: bit 32", wide, 0, HE_BADHANDLE },
	};
	run_rows(sys_handle_close, close, sizeof close / sizeof close[0]);
	const struct row info_rows[] = {
		{ "info 1: out of range", MAX_HANDLES, 0, HE_BADHANDLE },
		{ "info 1: bit 32", wide, 0, HE_BADHANDLE },
	};
	run_rows(sys_handle_info, info_rows, sizeof info_rows / sizeof info_rows[0]);
	/* An empty slot, for each: close one, then name it. */
	cr_assert_eq(call(sys_handle_close, (uint64_t)nodup, 0), 0);
	const struct row empty[] = {
		{ "dup 2: empty slot", (uint64_t)nodup, H_WAIT, HE_BADHANDLE },
	};
	run_rows(sys_handle_dup, empty, 1);
	run_rows(sys_handle_close, empty, 1);
	run_rows(sys_handle_info, empty, 1);
}
