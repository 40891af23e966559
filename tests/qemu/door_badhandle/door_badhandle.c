/* Bad handles: every operation on a handle that names no door in the
 * caller's table (negative, too large, an empty slot, a closed handle) fails
 * with HE_BADHANDLE and changes nothing; an unknown call flag is HE_INVAL,
 * checked before the handle (doors/SEMANTICS.md §1.3).
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

#define MAX_HANDLES 96  /* kern/config.h */

static void all_fail(int bad)
{
	char data[8] = "data", rbuf[8];
	struct door_xarg x = { (uintptr_t)data, 4, 0, 0, (uintptr_t)rbuf, sizeof rbuf };
	door_arg_t a = { data, 4, NULL, 0, rbuf, sizeof rbuf };
	struct door_info di;
	EXPECT_EQ(hinge_door_call(bad, WORDS(OP_ECHO, 1, 2, 3, 4), NULL, 0), HE_BADHANDLE);
	EXPECT_EQ(hinge_door_call(bad, WORDS(OP_ECHO, 1, 2, 3, 4), NULL, DOOR_CALL_NOWAIT), HE_BADHANDLE);
	EXPECT_EQ(hinge_door_call(bad, WORDS(OP_ECHO, 1, 2, 3, (uintptr_t)&x), NULL, DOOR_CALL_XARG),
		  HE_BADHANDLE);
	EXPECT_EQ(door_call(bad, &a), HE_BADHANDLE);
	EXPECT_EQ(hinge_door_info(bad, &di), HE_BADHANDLE);
	EXPECT_EQ(hinge_handle_dup(bad, H_ALL), HE_BADHANDLE);
	EXPECT_EQ(hinge_handle_close(bad), HE_BADHANDLE);
	EXPECT_EQ(hinge_door_revoke(bad), HE_BADHANDLE);
	EXPECT_EQ(hinge_door_unref_wait(bad), HE_BADHANDLE);
	EXPECT_EQ(hinge_name_publish(bad, "bad"), HE_BADHANDLE);
	/* an unknown flag is reported before the handle is looked at */
	EXPECT_EQ(hinge_door_call(bad, WORDS(OP_ECHO, 1, 2, 3, 4), NULL, 1u << 7), HE_INVAL);
}

static int client(void)
{
	long h = hinge_name_wait("bh");
	EXPECT(h >= 0);
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);

	all_fail(-1);
	all_fail(999);
	all_fail(MAX_HANDLES);
	all_fail((int)h + 7); /* in range, never used */

	long d = hinge_handle_dup((int)h, H_ALL);
	EXPECT(d >= 0);
	EXPECT_EQ(hinge_door_call((int)d, WORDS(OP_ECHO, 1, 2, 3, 4), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)d), 0);
	all_fail((int)d); /* closed (closing it again is in there too) */

	/* A bad handle among those passed with a call. */
	door_desc_t desc = { DOOR_DESCRIPTOR, { { 999 } } };
	door_arg_t a = { NULL, 0, &desc, 1, NULL, 0 };
	EXPECT_EQ(door_call((int)h, &a), HE_BADHANDLE);

	hinge_kcounts(&c1);
	EXPECT_EQ(c1.handles, c0.handles);
	EXPECT_EQ(c1.activations_busy, 0);
	EXPECT_EQ(info_of((int)h).inflight, 0);

	/* An unknown flag on a good handle. */
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_ECHO, 1, 2, 3, 4), NULL, 1u << 7), HE_INVAL);

	/* The good handle still works. */
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_ECHO, 1, 2, 3, 4), r, 0), 0);
	EXPECT_EQ(r[0], 1);
	EXPECT_EQ(r[3], 4);
	return client_done(h);
}

static int server(void)
{
	return std_server("bh", 1, 0);
}

ROLES({ 0, server }, { 1, client })
