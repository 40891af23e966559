/* The door system calls check their arguments in the order of their Errors
 * tables in docs/syscalls.md (SYS_DOOR_CREATE, SYS_DOOR_REVOKE,
 * SYS_DOOR_INFO, SYS_DOOR_UNREF_WAIT). Each table below has one row per
 * documented check: its arguments violate that check and every later one
 * that can be violated together with it, and no earlier one, and the call
 * must answer that row's code. A failed call creates nothing. The handlers
 * run on a fake trapframe in a domain with a small address space. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <hinge/errno.h>
#include <hinge/handle.h>
#include "kern/config.h"
#include "kern/palloc.h"
#include "kern/vm.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "kern/sync_sys.h"
#include "kern/uaccess.h"
#include "doors/door_sys.h"
#include "door_fixtures.h"

#define ARENA_PAGES 64
/* User layout: RW (stacks, buffers, structs), then a read-only page, then
 * nothing mapped. */
#define RW     (USER_BASE + 0x10000)
#define RW_LEN (4 * PAGE_SIZE)
#define RO     (RW + RW_LEN)
#define HOLE   (RO + PAGE_SIZE)
#define DESC   RW               /* a struct door_pool_desc */
#define INFO   (RW + 0x100)     /* a struct door_info */
#define STACKS (RW + PAGE_SIZE) /* a stack and a buffer, inside RW */
#define ENTRY  (RW + 0x200)

static char *arena;
static struct domain D, E;
static struct thread T;
static struct schedctx SC;
static struct trapframe tf;

static void setup(void)
{
	arena = fx_arena(ARENA_PAGES);
	cr_assert_not_null(arena);
	fx_domain(&D, 1);
	fx_domain(&E, 2);
	uint64_t *root = vm_create();
	cr_assert_not_null(root);
	cr_assert_eq(vm_alloc_user(root, RW, RW_LEN, VM_R | VM_W), HE_OK);
	cr_assert_eq(vm_alloc_user(root, RO, PAGE_SIZE, VM_R), HE_OK);
	D.pt_root = (uintptr_t)root;
	fx_run(&T, &SC, &D);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(door_sys, .init = setup, .fini = teardown);

struct row {
	const char *what;  /* the check the row violates first */
	uint64_t a[4];     /* a0..a3 */
	long code;
};

static long sys(long (*fn)(struct trapframe *), const uint64_t a[4])
{
	for (int i = 0; i < 4; i++)
		tf.regs[REG_A0 + i] = a[i];
	return fn(&tf);
}

/* Runs every row; none may leave a door behind. */
static void run(long (*fn)(struct trapframe *), const struct row *rows, size_t n)
{
	int doors = door_live_count();
	for (size_t i = 0; i < n; i++) {
		long r = sys(fn, rows[i].a);
		cr_assert_eq(r, rows[i].code, "row %zu (%s): got %ld, want %ld", i, rows[i].what, r, rows[i].code);
		cr_assert_eq(door_live_count(), doors, "row %zu (%s) left a door", i, rows[i].what);
	}
}

static void put_desc(uintptr_t at, struct door_pool_desc desc)
{
	cr_assert_eq(copyout(domain_root(&D), at, &desc, sizeof desc), HE_OK);
}

/* A valid description of n activations in RW, with stacks at `stacks`. */
static struct door_pool_desc desc_at(uintptr_t stacks, uint32_t n)
{
	struct door_pool_desc d = {
		.stack_base = stacks, .stack_size = 0x100, .buf_base = stacks + 0x800, .buf_size = 0x40,
		.n = n, .prio = 0,
	};
	return d;
}

/* Fills D's handle table with handles to one door of E. */
static void fill_handles(void)
{
	struct door *filler = fx_door(&E, 1, 0);
	cr_assert_not_null(filler);
	while (handle_install(&D.handles, KOBJ_DOOR, filler, H_CALL) >= 0)
		;
}

Test(door_sys, create_checks_in_the_documented_order)
{
	/* DESC + 0x40: a description with stacks in the read-only page;
	 * DESC + 0x80: stack_size not a multiple of 16, and in the read-only page;
	 * DESC + 0xc0: a valid one. */
	struct door_pool_desc ro = desc_at(RO, 1), bad = desc_at(RO, 1);
	bad.stack_size = 0x108;
	put_desc(DESC + 0x40, ro);
	put_desc(DESC + 0x80, bad);
	put_desc(DESC + 0xc0, desc_at(STACKS, 1));
	const struct row rows[] = {
		{ "1: description unreadable", { 0, 0, 1ull << 63, HOLE }, HE_FAULT },
		{ "1: description straddles the end of the mapping", { 0, 0, 1ull << 63, RO + PAGE_SIZE - 8 },
		  HE_FAULT },
		{ "1: description in kernel memory", { 0, 0, 1ull << 63, 0x80200000 }, HE_FAULT },
		{ "2: bad description", { 0, 0, 1ull << 63, DESC + 0x80 }, HE_INVAL },
		{ "3: stacks not writable", { 0, 0, 1ull << 63, DESC + 0x40 }, HE_FAULT },
		{ "4: flag bit 63", { 0, 0, 1ull << 63, DESC + 0xc0 }, HE_INVAL },
		{ "4: unknown flag", { 0, 0, 1ull << 6, DESC + 0xc0 }, HE_INVAL },
		{ "4a: UNREF_MULTI without UNREF", { 0, 0, DOOR_F_UNREF_MULTI, DESC + 0xc0 }, HE_INVAL },
		{ "5: entry outside user memory", { 0x80200000, 0, 0, DESC + 0xc0 }, HE_INVAL },
	};
	run(sys_door_create, rows, sizeof rows / sizeof rows[0]);
	uint64_t ok[4] = { ENTRY, 0, 0, DESC + 0xc0 };
	cr_assert_geq(sys(sys_door_create, ok), 0, "the valid call succeeds");
}

/* Row 7: 7 activations free for a door of 8, with the handle table full. */
Test(door_sys, create_activations_short_is_nomem_before_handles)
{
	put_desc(DESC, desc_at(STACKS, 8));
	const uint64_t eight[4] = { ENTRY, 0, 0, DESC };
	fill_handles(); /* takes one activation */
	for (int i = 0; i < (MAX_ACTIVATIONS - 1) / 8; i++)
		cr_assert_not_null(fx_door(&E, 8, 0));
	cr_assert_lt(door_live_count(), MAX_DOORS);
	int doors = door_live_count();
	cr_assert_eq(sys(sys_door_create, eight), HE_NOMEM, "7: no 8 free activations");
	cr_assert_eq(door_live_count(), doors);
	cr_assert_not_null(fx_door(&E, 7, 0), "7 were free");
}

/* Row 6: the door table full, and the handle table too. */
Test(door_sys, create_door_table_full_is_nomem_before_handles)
{
	put_desc(DESC, desc_at(STACKS, 1));
	const uint64_t one[4] = { ENTRY, 0, 0, DESC };
	fill_handles();
	while (fx_door(&E, 1, 0))
		;
	cr_assert_eq(door_live_count(), MAX_DOORS);
	cr_assert_eq(sys(sys_door_create, one), HE_NOMEM, "6: door table full");
	cr_assert_eq(door_live_count(), MAX_DOORS);
}

/* Row 8: the handle table full; the door made is freed again. */
Test(door_sys, create_handle_table_full_frees_the_door)
{
	put_desc(DESC, desc_at(STACKS, 1));
	const uint64_t one[4] = { ENTRY, 0, 0, DESC };
	fill_handles();
	int doors = door_live_count();
	cr_assert_eq(sys(sys_door_create, one), HE_NOSPACE, "8: handle table full");
	cr_assert_eq(door_live_count(), doors);
}

Test(door_sys, revoke_checks_in_the_documented_order)
{
	int hn = (int)sys_notify_create(&tf);
	int norevoke = handle_install(&D.handles, KOBJ_DOOR, fx_door(&D, 1, 0), H_DOOR_ALL & ~H_REVOKE);
	cr_assert(hn >= 0 && norevoke >= 0);
	const struct row rows[] = {
		{ "1: no such handle", { MAX_HANDLES }, HE_BADHANDLE },
		{ "1: a slot in the low 32 bits only", { (1ull << 32) | (uint64_t)norevoke }, HE_BADHANDLE },
		{ "1: not a door", { (uint64_t)hn }, HE_BADHANDLE },
		{ "2: no H_REVOKE", { (uint64_t)norevoke }, HE_PERM },
	};
	run(sys_door_revoke, rows, sizeof rows / sizeof rows[0]);
}

Test(door_sys, info_checks_in_the_documented_order)
{
	int hn = (int)sys_notify_create(&tf);
	int noinfo = handle_install(&D.handles, KOBJ_DOOR, fx_door(&D, 1, 0), H_DOOR_ALL & ~H_INFO);
	int h = handle_install(&D.handles, KOBJ_DOOR, fx_door(&D, 1, 0), H_INFO);
	cr_assert(hn >= 0 && noinfo >= 0 && h >= 0);
	const struct row rows[] = {
		{ "1: no such handle", { ~0ull, RO }, HE_BADHANDLE },
		{ "1: not a door", { (uint64_t)hn, RO }, HE_BADHANDLE },
		{ "2: no H_INFO", { (uint64_t)noinfo, RO }, HE_PERM },
		{ "3: struct read-only", { (uint64_t)h, RO }, HE_FAULT },
		{ "3: struct straddles the end of the writable memory", { (uint64_t)h, RO - 8 }, HE_FAULT },
		{ "3: struct unmapped", { (uint64_t)h, HOLE }, HE_FAULT },
	};
	run(sys_door_info, rows, sizeof rows / sizeof rows[0]);
	uint64_t ok[4] = { (uint64_t)h, INFO };
	cr_assert_eq(sys(sys_door_info, ok), 0);
}

Test(door_sys, unref_wait_checks_in_the_documented_order)
{
	int hn = (int)sys_notify_create(&tf);
	struct door *theirs = fx_door(&E, 1, DOOR_F_UNREF), *plain = fx_door(&D, 1, 0);
	struct door *revoked = fx_door(&D, 1, DOOR_F_UNREF), *delivered = fx_door(&D, 1, DOOR_F_UNREF);
	int ht = handle_install(&D.handles, KOBJ_DOOR, theirs, 0);
	int hp = handle_install(&D.handles, KOBJ_DOOR, plain, 0);
	int hr = handle_install(&D.handles, KOBJ_DOOR, revoked, 0);
	int hd = handle_install(&D.handles, KOBJ_DOOR, delivered, 0);
	cr_assert(hn >= 0 && ht >= 0 && hp >= 0 && hr >= 0 && hd >= 0);
	/* Another domain's door, revoked and already delivered: each later
	 * check is violated too. */
	struct thread *none[MAX_THREADS];
	door_revoke(theirs, none);
	theirs->unref = DOOR_UNREF_DELIVERED;
	door_revoke(plain, none);
	door_revoke(revoked, none);
	revoked->unref = DOOR_UNREF_DELIVERED;
	delivered->unref = DOOR_UNREF_DELIVERED;
	const struct row rows[] = {
		{ "1: no such handle", { MAX_HANDLES }, HE_BADHANDLE },
		{ "1: not a door", { (uint64_t)hn }, HE_BADHANDLE },
		{ "2: not the server", { (uint64_t)ht }, HE_PERM },
		{ "2: no DOOR_F_UNREF", { (uint64_t)hp }, HE_PERM },
		{ "3: revoked", { (uint64_t)hr }, HE_REVOKED },
		{ "4: delivered already", { (uint64_t)hd }, HE_INVAL },
	};
	run(sys_door_unref_wait, rows, sizeof rows / sizeof rows[0]);
}
