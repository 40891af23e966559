/* The boot-time name registry (doors/names.c): publish, lookup, and who may
 * replace a name. */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "doors/names.h"
#include "door_fixtures.h"

static struct domain S1, S2, C;

static void setup(void)
{
	fx_domain(&S1, 1);
	fx_domain(&S2, 2);
	fx_domain(&C, 3);
}

TestSuite(names, .init = setup);

Test(names, lookup_installs_a_handle_with_the_given_rights)
{
	struct door *d = fx_door(&S1, 1, 0);
	cr_assert_eq(names_publish("fs", d), 0);
	int h = names_lookup("fs", &C.handles, H_CALL | H_INFO);
	cr_assert_geq(h, 0);
	cr_assert_eq(C.handles.slot[h].obj, d);
	cr_assert_eq(C.handles.slot[h].rights, H_CALL | H_INFO);
}

Test(names, unknown_name_is_noent)
{
	cr_assert_eq(names_lookup("nope", &C.handles, H_CALL), HE_NOENT);
}

Test(names, bad_names_are_inval)
{
	struct door *d = fx_door(&S1, 1, 0);
	cr_assert_eq(names_publish("", d), HE_INVAL);
	char name[NAME_LEN + 1];
	memset(name, 'x', NAME_LEN);
	name[NAME_LEN] = 0;
	cr_assert_eq(names_publish(name, d), HE_INVAL); /* NAME_LEN chars: no room for NUL */
	name[NAME_LEN - 1] = 0;
	cr_assert_eq(names_publish(name, d), 0, "NAME_LEN - 1 characters fit");
	cr_assert_geq(NAME_LEN - 1, 63);
}

Test(names, the_same_server_may_replace_its_name)
{
	struct door *a = fx_door(&S1, 1, 0), *b = fx_door(&S1, 1, 0);
	cr_assert_eq(names_publish("svc", a), 0);
	cr_assert_eq(names_publish("svc", b), 0);
	int h = names_lookup("svc", &C.handles, H_CALL);
	cr_assert_eq(C.handles.slot[h].obj, b);
}

Test(names, another_server_cannot_take_a_live_name_over)
{
	struct door *a = fx_door(&S1, 1, 0), *b = fx_door(&S2, 1, 0);
	cr_assert_eq(names_publish("svc", a), 0);
	cr_assert_eq(names_publish("svc", b), HE_PERM);
	int h = names_lookup("svc", &C.handles, H_CALL);
	cr_assert_eq(C.handles.slot[h].obj, a, "the name still names the first server's door");
}

Test(names, only_the_server_unpublishes_and_the_name_is_gone)
{
	struct door *a = fx_door(&S1, 1, 0);
	cr_assert_eq(names_unpublish("svc", &S1), HE_NOENT);
	cr_assert_eq(names_publish("svc", a), 0);
	cr_assert_eq(names_unpublish("svc", &S2), HE_PERM);
	cr_assert_geq(names_lookup("svc", &C.handles, H_CALL), 0, "still published");
	cr_assert_eq(names_unpublish("svc", &S1), 0);
	cr_assert_eq(names_lookup("svc", &C.handles, H_CALL), HE_NOENT);
	cr_assert_eq(names_unpublish("svc", &S1), HE_NOENT);
}

Test(names, a_freed_door_is_forgotten_and_its_name_free)
{
	struct door *a = fx_door(&S1, 1, 0);
	cr_assert_eq(names_publish("svc", a), 0);
	cr_assert_eq(door_settle(a), DOOR_FREED); /* no handle: freed */
	cr_assert_eq(names_lookup("svc", &C.handles, H_CALL), HE_NOENT);
	struct door *b = fx_door(&S2, 1, 0);
	cr_assert_eq(names_publish("svc", b), 0, "a dead name can be taken by anyone");
}

Test(names, a_full_registry_is_nospace)
{
	struct door *d = fx_door(&S1, 1, 0);
	char name[8];
	for (int i = 0; i < MAX_NAMES; i++) {
		snprintf(name, sizeof name, "n%d", i);
		cr_assert_eq(names_publish(name, d), 0);
	}
	cr_assert_eq(names_publish("more", d), HE_NOSPACE);
}

Test(names, the_kernel_finds_the_door_a_name_names_now)
{
	struct door *d = fx_door(&S1, 1, 0);
	cr_assert_null(names_door("fs"), "not published yet");
	cr_assert_eq(names_publish("fs", d), 0);
	cr_assert_eq(names_door("fs"), d);
	S1.state = DOM_DEAD;
	cr_assert_null(names_door("fs"), "a dead server's name names nothing");
}
