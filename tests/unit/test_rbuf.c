/* Result buffers the kernel maps for a caller (doors/rbuf.h, DOOR_CALL_RBUF):
 * results that fit go to rbuf; larger ones into a slot, with the caller's
 * xarg rewritten; the per-domain bound (HE_OVERFLOW, nothing changed); an
 * unwritable xarg; SYS_DOOR_RBUF_FREE's checks and the slot's reuse. The
 * whole call, and a domain's end with buffers held, are tested in QEMU
 * (tests/qemu/sol_rbuf). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <hinge/errno.h>
#include "doors/rbuf.h"
#include "kern/domain.h"
#include "kern/palloc.h"
#include "kern/uaccess.h"
#include "kern/vm.h"
#include "door_fixtures.h"

#define SRC   0x20000UL  /* the server's results */
#define XARG  0x30000UL  /* the caller's struct door_xarg */
#define RBUF  0x31000UL  /* the caller's own rbuf */

static char *arena;
static struct domain C, S;
static char results[DOOR_MAX_DATA];

static void setup(void)
{
	arena = fx_arena(256);
	cr_assert_not_null(arena);
	fx_domain(&C, 1);
	fx_domain(&S, 2);
	C.pt_root = (uint64_t)(uintptr_t)vm_create();
	S.pt_root = (uint64_t)(uintptr_t)vm_create();
	cr_assert_eq(vm_alloc_user(domain_root(&S), SRC, 2 * PAGE_SIZE, VM_R | VM_W), 0);
	cr_assert_eq(vm_alloc_user(domain_root(&C), XARG, 2 * PAGE_SIZE, VM_R | VM_W), 0);
	for (size_t i = 0; i < sizeof results; i++)
		results[i] = (char)(i * 7 + 1);
	cr_assert_eq(copyout(domain_root(&S), SRC, results, sizeof results), 0);
}

static void teardown(void)
{
	free(arena);
}

TestSuite(rbuf, .init = setup, .fini = teardown);

/* A return of n result bytes to a caller whose xarg asked rsize bytes at
 * RBUF; *x is the xarg as the caller then holds it. */
static int deliver(uint64_t n, uint64_t rsize, bool map, struct door_xarg *x)
{
	*x = (struct door_xarg){ .rbuf = RBUF, .rsize = rsize };
	cr_assert_eq(copyout(domain_root(&C), XARG, x, sizeof *x), 0);
	int r = rbuf_deliver(&C, XARG, x, &S, SRC, n, map);
	cr_assert_eq(copyin(domain_root(&C), x, XARG, sizeof *x), 0);
	return r;
}

static bool holds(uint64_t va, uint64_t n)
{
	static char got[DOOR_MAX_DATA];
	return copyin(domain_root(&C), got, va, n) == 0 && memcmp(got, results, n) == 0;
}

Test(rbuf, results_that_fit_go_to_rbuf)
{
	struct door_xarg x;
	cr_assert_eq(deliver(100, 100, true, &x), 0);
	cr_assert_eq(x.rbuf, RBUF);
	cr_assert_eq(x.rsize, 100);
	cr_assert(holds(RBUF, 100));
	cr_assert_eq(C.rbufs, 0, "no slot taken");
}

Test(rbuf, larger_results_go_whole_into_a_mapped_slot)
{
	struct door_xarg x;
	cr_assert_eq(deliver(DOOR_MAX_DATA, 16, true, &x), 0);
	cr_assert_eq(x.rbuf, RBUF_BASE, "the xarg names the buffer");
	cr_assert_eq(x.rsize, RBUF_SIZE);
	cr_assert(holds(RBUF_BASE, DOOR_MAX_DATA));
	uintptr_t pa;
	cr_assert_eq(vm_translate(domain_root(&C), RBUF_BASE + RBUF_SIZE - 1, VM_R | VM_W, &pa), 0);
	cr_assert_eq(C.rbufs, 1);
}

Test(rbuf, without_the_flag_results_are_cut_at_rsize)
{
	struct door_xarg x;
	cr_assert_eq(deliver(3000, 16, false, &x), 0);
	cr_assert_eq(x.rbuf, RBUF);
	cr_assert(holds(RBUF, 16));
	cr_assert_eq(C.rbufs, 0);
}

Test(rbuf, every_slot_in_use_is_overflow_and_changes_nothing)
{
	struct door_xarg x;
	for (int i = 0; i < RBUF_SLOTS; i++) {
		cr_assert_eq(deliver(3000, 0, true, &x), 0);
		cr_assert_eq(x.rbuf, RBUF_BASE + (uint64_t)i * RBUF_SIZE);
	}
	uint64_t pages = palloc_used_count();
	cr_assert_eq(deliver(3000, 0, true, &x), HE_OVERFLOW);
	cr_assert_eq(x.rbuf, RBUF, "the xarg untouched");
	cr_assert_eq(C.rbufs, (1u << RBUF_SLOTS) - 1);
	cr_assert_eq(palloc_used_count(), pages, "nothing mapped");
}

Test(rbuf, an_unwritable_xarg_is_overflow_and_maps_nothing)
{
	struct door_xarg x = { .rbuf = RBUF, .rsize = 0 };
	cr_assert_eq(vm_unmap(domain_root(&C), XARG, PAGE_SIZE), 0);
	uint64_t pages = palloc_used_count();
	cr_assert_eq(rbuf_deliver(&C, XARG, &x, &S, SRC, 3000, true), HE_OVERFLOW);
	cr_assert_eq(C.rbufs, 0);
	cr_assert_eq(palloc_used_count(), pages, "the slot's pages were freed again");
}

Test(rbuf, free_checks_the_address_and_the_slot_is_reused)
{
	struct door_xarg x;
	cr_assert_eq(deliver(3000, 0, true, &x), 0);
	cr_assert_eq(deliver(3000, 0, true, &x), 0);
	uint64_t pages = palloc_used_count();
	cr_assert_eq(rbuf_free(&C, RBUF_BASE + 8), HE_INVAL, "inside a slot");
	cr_assert_eq(rbuf_free(&C, RBUF_BASE - RBUF_SIZE), HE_INVAL, "below the slots");
	cr_assert_eq(rbuf_free(&C, RBUF_BASE + 2 * RBUF_SIZE), HE_INVAL, "a slot not in use");
	cr_assert_eq(rbuf_free(&C, RBUF_BASE + RBUF_SLOTS * RBUF_SIZE), HE_INVAL, "past the last slot");
	cr_assert_eq(rbuf_free(&S, RBUF_BASE), HE_INVAL, "another domain's");
	cr_assert_eq(rbuf_free(&C, RBUF_BASE), 0);
	cr_assert_eq(C.rbufs, 2);
	cr_assert_eq(palloc_used_count(), pages - RBUF_SIZE / PAGE_SIZE, "its pages are free");
	uintptr_t pa;
	cr_assert_eq(vm_translate(domain_root(&C), RBUF_BASE, VM_R, &pa), HE_FAULT, "unmapped");
	cr_assert_eq(rbuf_free(&C, RBUF_BASE), HE_INVAL, "twice");
	cr_assert_eq(deliver(3000, 0, true, &x), 0);
	cr_assert_eq(x.rbuf, RBUF_BASE, "the first free slot again");
}
