/* The system-call half of handles (kern/handle_sys.c): SYS_HANDLE_INFO's two
 * results for a door, a notification and a mutex, through dup and close, and
 * its errors (a failed call leaves a1 as it was). The call itself, with its
 * user wrapper and a memory object, is tested in QEMU (tests/qemu/handle_info). */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include <hinge/handle.h>
#include <hinge/sync.h>
#include "kern/handle_sys.h"
#include "kern/sync_sys.h"
#include "kern/mutex_sys.h"
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
