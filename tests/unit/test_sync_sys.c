/* The system-call half of notifications and memory objects (kern/sync_sys.c):
 * argument checks in their documented order (docs/syscalls.md, 25..30),
 * rights, whole-register handle and mask checks, creation rollback when the
 * handle table is full. Blocking is tested in QEMU (tests/qemu/notify_basic). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/sync_sys.h"
#include "kern/notify.h"
#include "kern/memobj.h"
#include "kern/palloc.h"
#include "kern/vm.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "door_fixtures.h"

#define ARENA_PAGES 128
#define VA 0x40000000UL

static char *arena;
static struct domain D;
static struct thread T;
static struct schedctx SC;
static struct trapframe tf;

static void setup(void)
{
	arena = fx_arena(ARENA_PAGES);
	cr_assert_not_null(arena);
	fx_domain(&D, 1);
	D.pt_root = (uint64_t)(uintptr_t)vm_create();
	fx_run(&T, &SC, &D);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(sync_sys, .init = setup, .fini = teardown);

static long call(long (*fn)(struct trapframe *), uint64_t a0, uint64_t a1, uint64_t a2)
{
	tf.regs[REG_A0] = a0;
	tf.regs[REG_A1] = a1;
	tf.regs[REG_A2] = a2;
	return fn(&tf);
}

static void fill_table(void)
{
	struct notify *n;
	cr_assert_eq(notify_alloc(&n), 0);
	while (handle_install(&D.handles, KOBJ_NOTIFY, n, 0) >= 0)
		;
}

Test(sync_sys, notify_create_gives_every_notify_right)
{
	long h = call(sys_notify_create, 0, 0, 0);
	cr_assert_geq(h, 0);
	cr_assert_eq(D.handles.slot[h].type, KOBJ_NOTIFY);
	cr_assert_eq(D.handles.slot[h].rights, H_NOTIFY_ALL);
}

Test(sync_sys, notify_create_with_a_full_table_is_nospace_and_frees_the_object)
{
	fill_table();
	int live = notify_live_count();
	cr_assert_eq(call(sys_notify_create, 0, 0, 0), HE_NOSPACE);
	cr_assert_eq(notify_live_count(), live);
}

Test(sync_sys, notify_create_with_an_empty_pool_is_nomem)
{
	struct notify *n;
	while (notify_alloc(&n) == 0)
		;
	cr_assert_eq(call(sys_notify_create, 0, 0, 0), HE_NOMEM);
	cr_assert_eq(handle_count(&D.handles), 0);
}

Test(sync_sys, notify_argument_checks_in_order)
{
	long h = call(sys_notify_create, 0, 0, 0);
	long m = call(sys_mem_create, 1, 0, 0);
	long (*const calls[])(struct trapframe *) = { sys_notify_signal, sys_notify_wait, sys_notify_poll };
	for (int i = 0; i < 3; i++) {
		/* handle first (even with a bad mask), then the mask */
		cr_assert_eq(call(calls[i], MAX_HANDLES, 0, 0), HE_BADHANDLE);
		cr_assert_eq(call(calls[i], (uint64_t)1 << 32 | (uint64_t)h, 1, 0), HE_BADHANDLE);
		cr_assert_eq(call(calls[i], (uint64_t)-1, 1, 0), HE_BADHANDLE);
		cr_assert_eq(call(calls[i], (uint64_t)m, 0, 0), HE_BADHANDLE, "a memory object");
		cr_assert_eq(call(calls[i], (uint64_t)h, 0, 0), HE_INVAL);
		cr_assert_eq(call(calls[i], (uint64_t)h, 1ull << 63, 0), HE_INVAL);
		cr_assert_eq(call(calls[i], (uint64_t)h, ~0ull, 0), HE_INVAL);
	}
	int s = handle_dup(&D.handles, (int)h, H_SIGNAL), w = handle_dup(&D.handles, (int)h, H_WAIT);
	cr_assert_eq(call(sys_notify_signal, (uint64_t)w, 0, 0), HE_PERM, "rights before the mask");
	cr_assert_eq(call(sys_notify_wait, (uint64_t)s, 1, 0), HE_PERM);
	cr_assert_eq(call(sys_notify_poll, (uint64_t)s, 1, 0), HE_PERM);
	cr_assert_eq(call(sys_notify_signal, (uint64_t)s, 0x6, 0), 0);
	cr_assert_eq(call(sys_notify_poll, (uint64_t)w, 0x3, 0), 0x2);
	cr_assert_eq(call(sys_notify_wait, (uint64_t)w, NOTIFY_BITS_ALL, 0), 0x4, "pending: no block");
	cr_assert_eq(call(sys_notify_poll, (uint64_t)w, NOTIFY_BITS_ALL, 0), 0);
	cr_assert_eq(this_hart()->sched.current->state, THREAD_RUNNING);
}

Test(sync_sys, mem_create_checks_the_size_and_rolls_back)
{
	size_t used = palloc_used_count();
	cr_assert_eq(call(sys_mem_create, 0, 0, 0), HE_INVAL);
	cr_assert_eq(call(sys_mem_create, MEM_MAX_PAGES + 1, 0, 0), HE_INVAL);
	cr_assert_eq(call(sys_mem_create, (uint64_t)1 << 32 | 1, 0, 0), HE_INVAL, "whole register");
	cr_assert_eq(call(sys_mem_create, ARENA_PAGES, 0, 0), HE_INVAL);
	cr_assert_eq(call(sys_mem_create, MEM_MAX_PAGES, 0, 0) >= 0, 1);
	cr_assert_eq(call(sys_mem_create, MEM_MAX_PAGES, 0, 0), HE_NOMEM, "128-page arena");
	cr_assert_eq(palloc_used_count(), used + MEM_MAX_PAGES);
	fill_table();
	cr_assert_eq(call(sys_mem_create, 1, 0, 0), HE_NOSPACE);
	cr_assert_eq(memobj_live_count(), 1);
	cr_assert_eq(palloc_used_count(), used + MEM_MAX_PAGES);
}

Test(sync_sys, mem_map_checks_in_order)
{
	long m = call(sys_mem_create, 2, 0, 0);
	long n = call(sys_notify_create, 0, 0, 0);
	cr_assert_eq(D.handles.slot[m].rights, H_MEM_ALL);
	/* permissions first (even with a bad handle) */
	cr_assert_eq(call(sys_mem_map, MAX_HANDLES, VA, 0), HE_INVAL);
	cr_assert_eq(call(sys_mem_map, (uint64_t)m, VA, MEM_W), HE_INVAL);
	cr_assert_eq(call(sys_mem_map, (uint64_t)m, VA, 4 | MEM_R), HE_INVAL);
	cr_assert_eq(call(sys_mem_map, (uint64_t)m, VA, (uint64_t)1 << 32 | MEM_R), HE_INVAL);
	cr_assert_eq(call(sys_mem_map, MAX_HANDLES, VA, MEM_R), HE_BADHANDLE);
	cr_assert_eq(call(sys_mem_map, (uint64_t)n, VA, MEM_R), HE_BADHANDLE);
	int ro = handle_dup(&D.handles, (int)m, H_MAP), none = handle_dup(&D.handles, (int)m, H_XFER);
	cr_assert_eq(call(sys_mem_map, (uint64_t)ro, VA, MEM_R | MEM_W), HE_PERM);
	cr_assert_eq(call(sys_mem_map, (uint64_t)none, VA, MEM_R), HE_PERM);
	cr_assert_eq(call(sys_mem_map, (uint64_t)m, VA + 1, MEM_R), HE_INVAL);
	cr_assert_eq(call(sys_mem_map, (uint64_t)ro, VA, MEM_R), 0);
	cr_assert_eq(call(sys_mem_map, (uint64_t)m, VA + PAGE_SIZE, MEM_R | MEM_W), HE_INVAL, "overlap");
	cr_assert_eq(call(sys_mem_map, (uint64_t)m, VA + 2 * PAGE_SIZE, MEM_R | MEM_W), 0);
	uintptr_t pa;
	cr_assert_eq(vm_translate((uint64_t *)(uintptr_t)D.pt_root, VA, VM_W, &pa), HE_FAULT, "read-only");
	cr_assert_eq(vm_translate((uint64_t *)(uintptr_t)D.pt_root, VA + 2 * PAGE_SIZE, VM_W, &pa), 0);
}
