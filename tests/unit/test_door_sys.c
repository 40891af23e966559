/* The door system calls check their arguments in the order of their Errors
 * tables in docs/syscalls.md (SYS_DOOR_CREATE, SYS_DOOR_CALL with and
 * without DOOR_CALL_XARG, SYS_DOOR_REVOKE, SYS_DOOR_INFO,
 * SYS_DOOR_RETURN, SYS_DOOR_UNREF_WAIT, SYS_DOOR_PARAM, SYS_DOOR_UCRED, and
 * the name calls
 * SYS_NAME_PUBLISH, LOOKUP and UNPUBLISH). Each table below has one row per
 * documented check: its arguments violate that check and every later one
 * that can be violated together with it, and no earlier one, and the call
 * must answer that row's code. A failed call creates nothing. The handlers
 * run on a fake trapframe in a domain with a small address space. */
#include <criterion/criterion.h>
#include <stdio.h>
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
#include "doors/slowpath.h"
#include "doors/names.h"
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

/* ---- SYS_DOOR_CALL ----
 *
 * The call's outcome is written into the caller's frame (T.tf), a0 first.
 * Servers: E (live), G (dead), H (dead and restarted: stale). */

static struct domain G, H;
static struct thread U;
static struct schedctx SU;

static long door_call(uint64_t h, uint64_t flags, uint64_t xarg)
{
	T.tf->regs[REG_A0] = h;
	T.tf->regs[REG_A5] = xarg;
	T.tf->regs[REG_A6] = flags;
	return sys_door_call(T.tf);
}

struct call_row {
	const char *what;
	uint64_t h, flags, xarg;
	long code;
};

static void run_calls(const struct call_row *rows, size_t n)
{
	int depth = T.shuttle.depth;
	for (size_t i = 0; i < n; i++) {
		long r = door_call(rows[i].h, rows[i].flags, rows[i].xarg);
		cr_assert_eq(r, rows[i].code, "%s: got %ld, want %ld", rows[i].what, r, rows[i].code);
		cr_assert_eq(T.shuttle.depth, depth, "%s: the call began", rows[i].what);
		cr_assert_eq(T.cur, &D, "%s: the thread moved", rows[i].what);
	}
}

static int door_handle(struct door *d, uint32_t rights)
{
	int h = handle_install(&D.handles, KOBJ_DOOR, d, rights);
	cr_assert_geq(h, 0);
	return h;
}

/* Doors of s, then s dies; restarted: its successor exists (HE_STALE). */
static void dead_doors(struct domain *s, int id, bool restarted, struct door **a, struct door **b)
{
	fx_domain(s, id);
	cr_assert_not_null(*a = fx_door(s, 1, 0));
	if (b)
		cr_assert_not_null(*b = fx_door(s, 1, 0));
	s->state = DOM_DEAD;
	s->restarted = restarted;
}

Test(door_sys, call_checks_in_the_documented_order)
{
	struct thread *none[MAX_THREADS];
	struct door *busy = fx_door(&E, 1, 0);
	cr_assert_not_null(busy);
	fx_thread(&U, &SU, 1, 10, &D);
	cr_assert_eq(fx_call(&U, &D, busy), 0, "U holds busy's only activation");
	struct door *dead_revoked, *dead, *stale;
	dead_doors(&G, 3, false, &dead_revoked, &dead);
	dead_doors(&H, 4, true, &stale, NULL);
	int hn = (int)sys_notify_create(&tf);
	int nocall = door_handle(dead_revoked, H_DOOR_ALL & ~H_CALL);
	int hrev = door_handle(dead_revoked, H_CALL), hdead = door_handle(dead, H_CALL);
	int hstale = door_handle(stale, H_CALL), hbusy = door_handle(busy, H_CALL);
	door_revoke(dead_revoked, none); /* with handles: a door without one is freed */
	T.orphan = true; /* for rows 7 and 8 */
	T.shuttle.depth = SHUTTLE_MAX_DEPTH;
	const struct call_row rows[] = {
		{ "1: unknown flag, no such handle", MAX_HANDLES, 1u << DOOR_CALL_FLAG_BITS, 0, HE_INVAL },
		{ "1: low bit 31 under a deadline", MAX_HANDLES, DOOR_CALL_DEADLINE(5) | 1u << 31, 0, HE_INVAL },
		{ "2: no such handle", MAX_HANDLES, DOOR_CALL_NOWAIT, 0, HE_BADHANDLE },
		{ "2: bit 32 of the handle", (1ull << 32) | (uint64_t)hbusy, DOOR_CALL_NOWAIT, 0, HE_BADHANDLE },
		{ "2: not a door", (uint64_t)hn, DOOR_CALL_NOWAIT, 0, HE_BADHANDLE },
		{ "3: no H_CALL (revoked, server dead)", (uint64_t)nocall, DOOR_CALL_NOWAIT, 0, HE_PERM },
		{ "4: revoked (server dead)", (uint64_t)hrev, DOOR_CALL_NOWAIT, 0, HE_REVOKED },
		{ "5: server dead", (uint64_t)hdead, DOOR_CALL_NOWAIT, 0, HE_DEAD },
		{ "5: server restarted", (uint64_t)hstale, DOOR_CALL_NOWAIT, 0, HE_STALE },
		{ "6: 32 calls deep, door busy", (uint64_t)hbusy, DOOR_CALL_NOWAIT, 0, HE_DEPTH },
	};
	run_calls(rows, sizeof rows / sizeof rows[0]);
	T.shuttle.depth = 0;
	const struct call_row rest[] = {
		{ "7: door busy, NOWAIT, an orphan", (uint64_t)hbusy, DOOR_CALL_NOWAIT, 0, HE_AGAIN },
		{ "8: door busy, an orphan", (uint64_t)hbusy, 0, 0, HE_CANCELLED },
	};
	run_calls(rest, sizeof rest / sizeof rest[0]);
}

#define XARG   (RW + 0x300) /* struct door_xarg i at XARG + 0x40 * i */
#define XDESC  (RW + 0x800) /* struct door_desc */
#define XDATA  (RW + 0x900)

static uint64_t xarg(int i, struct door_xarg x)
{
	cr_assert_eq(copyout(domain_root(&D), XARG + 0x40 * (uint64_t)i, &x, sizeof x), HE_OK);
	return XARG + 0x40 * (uint64_t)i;
}

Test(door_sys, bulk_call_checks_in_the_documented_order)
{
	struct thread *none[MAX_THREADS];
	struct door *live = fx_door(&E, 1, 0), *refuse = fx_door(&E, 1, DOOR_F_REFUSE_DESC);
	struct door *few = fx_door(&E, 1, 0), *small = fx_door(&E, 1, 0), *revoked = fx_door(&E, 1, 0);
	cr_assert(live && refuse && few && small && revoked);
	few->desc_max = 1;
	small->data_max = 16;
	int h = door_handle(live, H_CALL), nocall = door_handle(live, H_DOOR_ALL & ~H_CALL);
	int hrefuse = door_handle(refuse, H_CALL), hfew = door_handle(few, H_CALL);
	int hsmall = door_handle(small, H_CALL), hrev = door_handle(revoked, H_CALL);
	int noxfer = door_handle(live, H_CALL);
	door_revoke(revoked, none); /* with a handle: a door without one is freed */
	int hx = door_handle(live, H_CALL | H_XFER);
	/* Descriptors: no object; no H_XFER; a bad flag; a good one. */
	struct door_desc descs[4] = { { MAX_HANDLES, 2 }, { noxfer, 2 }, { hx, 2 }, { hx, 0 } };
	cr_assert_eq(copyout(domain_root(&D), XDESC, descs, sizeof descs), HE_OK);
	/* E's table full: check X7 fails for any descriptor. */
	while (handle_install(&E.handles, KOBJ_DOOR, live, H_CALL) >= 0)
		;
	const uint64_t X = DOOR_CALL_XARG;
	const struct door_xarg worst = { HOLE, 0x2000, HOLE, 5, RO, 8 }; /* every X check violated */
	const struct door_xarg big = { HOLE, 0x200, XDESC, 1, RO, 8 };   /* X4 (> buf_size) onwards */
	const struct door_xarg hole = { HOLE, 8, XDESC, 1, RO, 8 };      /* X5 onwards */
	const struct door_xarg rbuf = { XDATA, 8, XDESC, 1, RO, 8 };     /* X5: rbuf read-only */
	const struct door_xarg descs_hole = { XDATA, 8, HOLE, 1, XDATA, 8 };
	const struct door_xarg nodoor = { XDATA, 8, XDESC, 1, XDATA, 8 };
	const struct door_xarg perm = { XDATA, 8, XDESC + 8, 1, XDATA, 8 };
	const struct door_xarg flag = { XDATA, 8, XDESC + 16, 1, XDATA, 8 };
	const struct door_xarg full = { XDATA, 8, XDESC + 24, 1, XDATA, 8 };
	const struct door_xarg ok = { XDATA, 8, 0, 0, XDATA, 8 };
	const struct call_row rows[] = {
		{ "1: unknown flag", MAX_HANDLES, X | 1u << DOOR_CALL_FLAG_BITS, HOLE, HE_INVAL },
		{ "X1: xarg unreadable", MAX_HANDLES, X, HOLE, HE_FAULT },
		{ "X1: xarg straddles the end of the mapping", MAX_HANDLES, X, RO + PAGE_SIZE - 8, HE_FAULT },
		{ "X2: no such handle", MAX_HANDLES, X, xarg(0, worst), HE_BADHANDLE },
		{ "X3: no H_CALL", (uint64_t)nocall, X, xarg(1, worst), HE_PERM },
		{ "X3a: handles to a door that refuses them", (uint64_t)hrefuse, X, xarg(2, worst), HE_NOTSUP },
		{ "X3b: more handles than the door takes", (uint64_t)hfew, X, xarg(3, worst), HE_TOOMANY },
		{ "X3c: more bytes than the door takes", (uint64_t)hsmall, X, xarg(4, big), HE_NOBUFS },
		{ "X4: too much", (uint64_t)h, X, xarg(5, worst), HE_INVAL },
		{ "X4: more bytes than the buffer", (uint64_t)h, X, xarg(6, big), HE_INVAL },
		{ "X5: data unreadable", (uint64_t)h, X, xarg(7, hole), HE_FAULT },
		{ "X5: rbuf read-only", (uint64_t)h, X, xarg(8, rbuf), HE_FAULT },
		{ "X5: descriptors unreadable", (uint64_t)h, X, xarg(9, descs_hole), HE_FAULT },
		{ "X6: a descriptor names no object", (uint64_t)h, X, xarg(10, nodoor), HE_BADHANDLE },
		{ "X6: a descriptor lacks H_XFER", (uint64_t)h, X, xarg(11, perm), HE_PERM },
		{ "X6: a descriptor's flag", (uint64_t)h, X, xarg(12, flag), HE_INVAL },
		{ "X7: the server's table full", (uint64_t)h, X, xarg(13, full), HE_NOSPACE },
		{ "4 after X: revoked", (uint64_t)hrev, X, xarg(14, ok), HE_REVOKED },
	};
	run_calls(rows, sizeof rows / sizeof rows[0]);
}

/* ---- SYS_NAME_PUBLISH, SYS_NAME_LOOKUP, SYS_NAME_UNPUBLISH ----
 * Names in user memory: NAMES + 0x40 * i. */

#define NAMES (RW + 2 * PAGE_SIZE)

static uint64_t name_at(int i, const char *name, size_t len)
{
	uint64_t at = NAMES + 0x40 * (uint64_t)i;
	cr_assert_eq(copyout(domain_root(&D), at, name, len), HE_OK);
	return at;
}

Test(door_sys, name_calls_check_in_the_documented_order)
{
	struct door *mine = fx_door(&D, 1, 0), *theirs = fx_door(&E, 1, 0);
	cr_assert(mine && theirs);
	int h = door_handle(mine, H_XFER), noxfer = door_handle(mine, H_DOOR_ALL & ~H_XFER);
	int hn = (int)sys_notify_create(&tf);
	char long_name[NAME_LEN];
	memset(long_name, 'x', sizeof long_name);
	uint64_t too_long = name_at(0, long_name, sizeof long_name);
	uint64_t empty = name_at(1, "", 1), taken = name_at(2, "taken", 6), fresh = name_at(3, "fresh", 6);
	cr_assert_eq(names_publish("taken", theirs), 0);
	/* The registry full: every other entry names E's door. */
	for (int i = 1; i < MAX_NAMES; i++) {
		char n[16];
		snprintf(n, sizeof n, "n%d", i);
		cr_assert_eq(names_publish(n, theirs), 0);
	}
	const struct row publish[] = {
		{ "1: no such handle", { MAX_HANDLES, HOLE }, HE_BADHANDLE },
		{ "1: not a door", { (uint64_t)hn, HOLE }, HE_BADHANDLE },
		{ "2: no H_XFER", { (uint64_t)noxfer, HOLE }, HE_PERM },
		{ "3: name unmapped", { (uint64_t)h, HOLE }, HE_FAULT },
		{ "3: name in kernel memory", { (uint64_t)h, 0x80200000 }, HE_FAULT },
		{ "4: no NUL in 64 bytes", { (uint64_t)h, too_long }, HE_INVAL },
		{ "5: empty", { (uint64_t)h, empty }, HE_INVAL },
		{ "6: another server's name, registry full", { (uint64_t)h, taken }, HE_PERM },
		{ "7: registry full", { (uint64_t)h, fresh }, HE_NOSPACE },
	};
	run(sys_name_publish, publish, sizeof publish / sizeof publish[0]);
	fill_handles();
	const struct row lookup[] = {
		{ "1: name unmapped", { HOLE }, HE_FAULT },
		{ "2: no NUL in 64 bytes", { too_long }, HE_INVAL },
		{ "3: no such name, table full", { fresh }, HE_NOENT },
		{ "3: the empty name", { empty }, HE_NOENT },
		{ "4: table full", { taken }, HE_NOSPACE },
	};
	run(sys_name_lookup, lookup, sizeof lookup / sizeof lookup[0]);
	const struct row unpublish[] = {
		{ "1: name unmapped", { HOLE }, HE_FAULT },
		{ "2: no NUL in 64 bytes", { too_long }, HE_INVAL },
		{ "3: no such name", { fresh }, HE_NOENT },
		{ "4: another server's name", { taken }, HE_PERM },
	};
	run(sys_name_unpublish, unpublish, sizeof unpublish / sizeof unpublish[0]);
}

/* ---- SYS_DOOR_PARAM, SYS_DOOR_UCRED ---- */

Test(door_sys, param_checks_in_the_documented_order)
{
	struct thread *none[MAX_THREADS];
	struct door *theirs = fx_door(&E, 1, DOOR_F_REFUSE_DESC), *gone = fx_door(&D, 1, DOOR_F_REFUSE_DESC);
	struct door *refuse = fx_door(&D, 1, DOOR_F_REFUSE_DESC), *plain = fx_door(&D, 1, 0);
	cr_assert(theirs && gone && refuse && plain);
	int noinfo = door_handle(theirs, H_DOOR_ALL & ~H_INFO), ht = door_handle(theirs, H_INFO);
	int hg = door_handle(gone, H_INFO), hr = door_handle(refuse, H_INFO), hp = door_handle(plain, H_INFO);
	door_revoke(theirs, none);
	door_revoke(gone, none);
	plain->data_min = 10;
	const uint64_t SET = DOOR_PARAM_SET;
	const struct row rows[] = {
		{ "1: no such handle", { MAX_HANDLES, 99, 5, 1 }, HE_BADHANDLE },
		{ "2: no H_INFO", { (uint64_t)noinfo, 99, 5, 1 }, HE_PERM },
		{ "3: unknown parameter", { (uint64_t)ht, 99, SET, 1 }, HE_INVAL },
		{ "3: neither GET nor SET", { (uint64_t)ht, DOOR_PARAM_DESC_MAX, 2, 1 }, HE_INVAL },
		{ "4: SET on another server's door", { (uint64_t)ht, DOOR_PARAM_DESC_MAX, SET, 1 }, HE_PERM },
		{ "5: SET on a revoked door", { (uint64_t)hg, DOOR_PARAM_DESC_MAX, SET, 1 }, HE_REVOKED },
		{ "6: DESC_MAX on a door refusing handles", { (uint64_t)hr, DOOR_PARAM_DESC_MAX, SET, 1 },
		  HE_NOTSUP },
		{ "7: DATA_MAX below DATA_MIN", { (uint64_t)hp, DOOR_PARAM_DATA_MAX, SET, 5 }, HE_INVAL },
	};
	run(sys_door_param, rows, sizeof rows / sizeof rows[0]);
	cr_assert_eq(plain->data_max, UINT64_MAX, "nothing set by a failed call");
}

Test(door_sys, ucred_checks_in_the_documented_order)
{
	const struct row hop0[] = { { "1: in no call", { RO }, HE_NOCALL } };
	run(sys_door_ucred, hop0, 1);
	struct door *d = fx_door(&E, 1, 0);
	cr_assert_not_null(d);
	E.pt_root = D.pt_root; /* E's code sees the same memory */
	cr_assert_eq(fx_call(&T, &D, d), 0);
	const struct row in_call[] = {
		{ "2: read-only", { RO }, HE_FAULT },
		{ "2: unmapped", { HOLE }, HE_FAULT },
		{ "2: straddles the end of the writable memory", { RO - 8 }, HE_FAULT },
	};
	run(sys_door_ucred, in_call, sizeof in_call / sizeof in_call[0]);
	const uint64_t ok[4] = { INFO };
	cr_assert_eq(sys(sys_door_ucred, ok), 0);
}

/* ---- SYS_DOOR_RETURN: T returns from a call into E; its caller is D ---- */

Test(door_sys, return_checks_in_the_documented_order)
{
	const struct row hop0[] = { { "1: in no call", { 0, 0, 0, 0 }, HE_NOCALL } };
	tf.regs[REG_A6] = 0x1000 | 9ull << 32;
	run(sys_door_return, hop0, 1);
	struct door *d = fx_door(&E, 1, 0);
	cr_assert_not_null(d);
	E.pt_root = D.pt_root; /* E's code sees the same memory */
	cr_assert_eq(vm_alloc_user(domain_root(&E), FX_BUF_BASE, PAGE_SIZE, VM_R | VM_W), HE_OK);
	cr_assert_eq(fx_call(&T, &D, d), 0);
	int hx = handle_install(&E.handles, KOBJ_DOOR, d, H_XFER);
	int noxfer = handle_install(&E.handles, KOBJ_DOOR, d, H_CALL);
	cr_assert(hx >= 0 && noxfer >= 0);
	/* The descriptors after 0, 8, 16 or 24 result bytes: no object; no
	 * H_XFER; a bad flag; a good one. */
	struct door_desc descs[4] = { { MAX_HANDLES, 2 }, { noxfer, 2 }, { hx, 2 }, { hx, 0 } };
	cr_assert_eq(copyout(domain_root(&E), FX_BUF_BASE, descs, sizeof descs), HE_OK);
	fill_handles(); /* the caller's table full: check 6 fails for any handle */
	const struct {
		const char *what;
		uint64_t a6;
		long code;
	} rows[] = {
		{ "2: more bytes than the buffer", (FX_BUF_SIZE + 1) | 9ull << 32, HE_INVAL },
		{ "3: more handles than DOOR_MAX_DESC", 5ull << 32, HE_INVAL },
		{ "3: handles past the buffer", FX_BUF_SIZE | 1ull << 32, HE_INVAL },
		{ "4: no object", 0 | 1ull << 32, HE_BADHANDLE },
		{ "4: no H_XFER", 8 | 1ull << 32, HE_PERM },
		{ "5: a bad flag", 16 | 1ull << 32, HE_INVAL },
		{ "6: the caller's table full", 24 | 1ull << 32, HE_NOSPACE },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		T.tf->regs[REG_A6] = rows[i].a6;
		long r = sys_door_return(T.tf);
		cr_assert_eq(r, rows[i].code, "%s: got %ld, want %ld", rows[i].what, r, rows[i].code);
		cr_assert_eq(T.shuttle.depth, 1, "%s: the call ended", rows[i].what);
	}
}
