/* Handle tables: install, lookup, close, dup, close_all, and door reference
 * counts through handles. */
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "kern/handle.h"
#include "doors/door.h"
#include "door_fixtures.h"

static struct handle_table ht;
static struct domain S;
static struct door *d;

static void setup(void)
{
	memset(&ht, 0, sizeof ht);
	fx_domain(&S, 1);
	d = fx_door(&S, 1, 0);
	cr_assert_not_null(d);
}

TestSuite(handle, .init = setup);

Test(handle, install_uses_lowest_free_slot_and_counts_a_reference)
{
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, H_CALL), 0);
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, H_ALL), 1);
	cr_assert_eq(d->nhandles, 2);
	cr_assert_eq(handle_count(&ht), 2);
	cr_assert_eq(handle_close(&ht, 0), 0);
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, H_INFO), 0, "slot 0 reused");
	cr_assert_eq(ht.slot[0].rights, H_INFO);
}

Test(handle, install_rejects_bad_arguments)
{
	cr_assert_eq(handle_install(&ht, KOBJ_NONE, d, H_CALL), HE_INVAL);
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, NULL, H_CALL), HE_INVAL);
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, H_ALL + 1), HE_INVAL);
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, 1u << 31), HE_INVAL);
	cr_assert_eq(d->nhandles, 0);
	cr_assert_eq(handle_count(&ht), 0);
}

Test(handle, install_into_full_table_fails_without_reference)
{
	for (int i = 0; i < MAX_HANDLES; i++)
		cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, H_CALL), i);
	cr_assert_eq(handle_install(&ht, KOBJ_DOOR, d, H_CALL), HE_NOSPACE);
	cr_assert_eq(d->nhandles, MAX_HANDLES);
}

Test(handle, lookup_returns_the_object)
{
	int h = handle_install(&ht, KOBJ_DOOR, d, H_CALL | H_INFO);
	void *obj = NULL;
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_DOOR, H_CALL | H_INFO, &obj), 0);
	cr_assert_eq(obj, d);
	obj = NULL;
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_DOOR, 0, &obj), 0, "no right needed");
	cr_assert_eq(obj, d);
}

Test(handle, lookup_errors)
{
	int h = handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	void *obj = &ht;
	cr_assert_eq(handle_lookup(&ht, -1, KOBJ_DOOR, 0, &obj), HE_BADHANDLE);
	cr_assert_eq(handle_lookup(&ht, MAX_HANDLES, KOBJ_DOOR, 0, &obj), HE_BADHANDLE);
	cr_assert_eq(handle_lookup(&ht, h + 1, KOBJ_DOOR, 0, &obj), HE_BADHANDLE, "empty slot");
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_NONE, 0, &obj), HE_BADHANDLE, "wrong type");
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_DOOR, H_CALL | H_REVOKE, &obj), HE_PERM);
	cr_assert_eq(handle_lookup(&ht, h, KOBJ_DOOR, H_DUP, &obj), HE_PERM);
	cr_assert_eq(obj, &ht, "obj untouched on error");
}

Test(handle, close_empties_slot_bumps_gen_and_drops_reference)
{
	int h0 = handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	int h1 = handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	uint32_t gen = ht.slot[h0].gen;
	cr_assert_eq(handle_close(&ht, h0), 0);
	cr_assert_eq(ht.slot[h0].type, KOBJ_NONE);
	cr_assert_null(ht.slot[h0].obj);
	cr_assert_eq(ht.slot[h0].rights, 0);
	cr_assert_eq(ht.slot[h0].gen, gen + 1);
	cr_assert_eq(d->nhandles, 1);
	void *obj;
	cr_assert_eq(handle_lookup(&ht, h0, KOBJ_DOOR, 0, &obj), HE_BADHANDLE);
	cr_assert_eq(handle_lookup(&ht, h1, KOBJ_DOOR, 0, &obj), 0);
}

Test(handle, close_errors)
{
	cr_assert_eq(handle_close(&ht, -1), HE_BADHANDLE);
	cr_assert_eq(handle_close(&ht, MAX_HANDLES), HE_BADHANDLE);
	cr_assert_eq(handle_close(&ht, 0), HE_BADHANDLE, "empty slot");
	int h = handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	cr_assert_eq(handle_close(&ht, h), 0);
	cr_assert_eq(handle_close(&ht, h), HE_BADHANDLE, "double close");
	cr_assert_eq(ht.slot[h].gen, 1, "a failed close changes nothing");
}

Test(handle, closing_the_last_handle_frees_the_door)
{
	cr_assert_eq(door_live_count(), 1);
	int h = handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	cr_assert_eq(handle_close(&ht, h), 0);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}

Test(handle, dup_only_shrinks_rights)
{
	int h = handle_install(&ht, KOBJ_DOOR, d, H_CALL | H_DUP | H_INFO);
	int h2 = handle_dup(&ht, h, H_ALL);
	cr_assert_eq(h2, 1);
	cr_assert_eq(ht.slot[h2].rights, H_CALL | H_DUP | H_INFO, "mask H_ALL keeps rights, adds none");
	int h3 = handle_dup(&ht, h, H_CALL | H_REVOKE);
	cr_assert_eq(ht.slot[h3].rights, H_CALL, "H_REVOKE not gained");
	cr_assert_eq(ht.slot[h3].obj, d);
	cr_assert_eq(ht.slot[h3].type, KOBJ_DOOR);
	cr_assert_eq(d->nhandles, 3);
	cr_assert_eq(handle_dup(&ht, h3, H_ALL), HE_PERM, "h3 lost H_DUP");
}

Test(handle, dup_errors_change_nothing)
{
	int h = handle_install(&ht, KOBJ_DOOR, d, H_CALL | H_DUP);
	int nodup = handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	cr_assert_eq(handle_dup(&ht, -1, H_ALL), HE_BADHANDLE);
	cr_assert_eq(handle_dup(&ht, 5, H_ALL), HE_BADHANDLE);
	cr_assert_eq(handle_dup(&ht, h, H_ALL | (1u << 20)), HE_INVAL);
	cr_assert_eq(handle_dup(&ht, -1, H_ALL | (1u << 20)), HE_INVAL, "the mask is checked first");
	cr_assert_eq(handle_dup(&ht, nodup, H_CALL), HE_PERM);
	cr_assert_eq(d->nhandles, 2);
	cr_assert_eq(handle_count(&ht), 2);
	while (handle_count(&ht) < MAX_HANDLES)
		handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	cr_assert_eq(handle_dup(&ht, h, H_ALL), HE_NOSPACE);
	cr_assert_eq(d->nhandles, MAX_HANDLES);
}

Test(handle, close_all_drops_every_reference)
{
	struct door *d2 = fx_door(&S, 2, 0);
	handle_install(&ht, KOBJ_DOOR, d, H_CALL);
	handle_install(&ht, KOBJ_DOOR, d2, H_CALL);
	handle_install(&ht, KOBJ_DOOR, d2, H_CALL);
	handle_close(&ht, 0);  /* a hole in the table */
	cr_assert_eq(door_live_count(), 1);
	handle_table_close_all(&ht);
	cr_assert_eq(handle_count(&ht), 0);
	cr_assert_eq(door_live_count(), 0);
	cr_assert_eq(act_unused_count(), MAX_ACTIVATIONS);
}
