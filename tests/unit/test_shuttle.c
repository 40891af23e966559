/* The shuttle: push/pop order, depth limit, and the unwinding searches. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/shuttle.h"
#include "doors/door.h"
#include "door_fixtures.h"

static struct shuttle s;
static struct domain A, B, C;
static struct door dB, dC;
static struct activation a1, a2;

static void setup(void)
{
	memset(&s, 0, sizeof s);
	fx_domain(&A, 1);
	fx_domain(&B, 2);
	fx_domain(&C, 3);
	memset(&dB, 0, sizeof dB);
	memset(&dC, 0, sizeof dC);
	dB.server = &B;
	dC.server = &C;
}

TestSuite(shuttle, .init = setup);

Test(shuttle, empty_has_no_top_and_pop_fails)
{
	struct shuttle_frame out = { .caller = &A };
	cr_assert_null(shuttle_top(&s));
	cr_assert_eq(shuttle_pop(&s, &out), HE_NOCALL);
	cr_assert_eq(out.caller, &A, "out untouched on error");
	cr_assert_eq(s.depth, 0);
}

Test(shuttle, push_pop_is_lifo)
{
	cr_assert_eq(shuttle_push(&s, &A, &dB, &a1), 0);
	cr_assert_eq(shuttle_push(&s, &B, &dC, &a2), 0);
	cr_assert_eq(s.depth, 2);
	struct shuttle_frame *top = shuttle_top(&s);
	cr_assert_eq(top->caller, &B);
	cr_assert_eq(top->door, &dC);
	cr_assert_eq(top->act, &a2);

	struct shuttle_frame f = { 0 };
	cr_assert_eq(shuttle_pop(&s, &f), 0);
	cr_assert_eq(f.caller, &B);
	cr_assert_eq(f.act, &a2);
	cr_assert_eq(shuttle_pop(&s, &f), 0);
	cr_assert_eq(f.caller, &A);
	cr_assert_eq(f.door, &dB);
	cr_assert_eq(s.depth, 0);
}

Test(shuttle, push_beyond_max_depth_fails_and_changes_nothing)
{
	for (int i = 0; i < SHUTTLE_MAX_DEPTH; i++)
		cr_assert_eq(shuttle_push(&s, &A, &dB, &a1), 0);
	cr_assert(shuttle_full(&s));
	struct shuttle before = s;
	cr_assert_eq(shuttle_push(&s, &B, &dC, &a2), HE_DEPTH);
	cr_assert_eq(memcmp(&before, &s, sizeof s), 0, "nothing pushed");
	cr_assert_eq(shuttle_top(&s)->caller, &A);
}
