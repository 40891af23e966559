/* Lazy FPU ownership per hop (kern/fpu.c, hart.h): who owns the FP
 * registers, when they are saved, loaded, or zeroed. */
#include <string.h>
#include <criterion/criterion.h>
#include "kern/hart.h"
#include "kern/fpu.h"
#include "fake_arch.h"

static struct thread A, B;

static void setup(void)
{
	memset(&A, 0, sizeof A);
	memset(&B, 0, sizeof B);
	A.tf = &A.frames[0];
	B.tf = &B.frames[0];
	harts[0].fpu_owner = NULL;
	memset(&fake_arch, 0, sizeof fake_arch);
}

TestSuite(fpu, .init = setup);

Test(fpu, first_use_starts_from_zeros)
{
	cr_assert(fpu_claim(&A));
	cr_assert_eq(fake_arch.fpu_zeros, 1);
	cr_assert_eq(fake_arch.fpu_saves, 0, "nobody owned the registers");
	cr_assert(fpu_owned(&A));
	cr_assert_not(fpu_claim(&A), "the owner's trap is a real illegal instruction");
}

Test(fpu, ownership_moves_with_save_and_load)
{
	fpu_claim(&A);
	cr_assert(fpu_claim(&B));
	cr_assert_eq(fake_arch.fpu_saves, 1, "A's registers saved");
	cr_assert_eq(fake_arch.fpu_zeros, 2, "B starts from zeros");
	cr_assert_not(fpu_owned(&A));
	cr_assert(fpu_claim(&A));
	cr_assert_eq(fake_arch.fpu_loads, 1, "A gets its own values back");
	cr_assert_eq(fake_arch.fpu_saves, 2);
}

Test(fpu, each_hop_is_its_own_context)
{
	fpu_claim(&A);                /* hop 0 */
	A.shuttle.depth = 1;          /* a door call: hop 1 */
	A.tf = &A.frames[1];
	fpu_hop_fresh(&A.frames[1]);
	cr_assert_not(fpu_owned(&A), "the server hop does not see hop 0's registers");
	cr_assert(fpu_claim(&A));
	cr_assert_eq(fake_arch.fpu_saves, 1, "hop 0 saved");
	cr_assert_eq(fake_arch.fpu_zeros, 2, "hop 1 starts from zeros");
}

Test(fpu, a_fresh_hop_forgets_an_older_owner_at_that_depth)
{
	A.shuttle.depth = 1;
	A.tf = &A.frames[1];
	fpu_claim(&A);                /* hop 1 of an earlier call owns the FPU */
	fpu_hop_fresh(&A.frames[1]);         /* a new call at the same depth */
	cr_assert_null(harts[0].fpu_owner, "stale registers may not reach the new hop");
	cr_assert(fpu_claim(&A));
	cr_assert_eq(fake_arch.fpu_zeros, 2);
	cr_assert_eq(fake_arch.fpu_saves, 0, "nothing worth saving");
}

Test(fpu, a_dead_thread_owns_nothing)
{
	B.shuttle.depth = 2;
	B.tf = &B.frames[2];
	fpu_claim(&B);
	fpu_forget(&B);
	cr_assert_null(harts[0].fpu_owner);
}
