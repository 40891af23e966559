/* Rights: an operation through a handle that lacks the right it needs fails
 * with HE_PERM and changes nothing; rights only shrink (dup keeps rights &
 * mask); a mask outside H_ALL is HE_INVAL.
 *
 * Needed rights: call H_CALL, info H_INFO, dup H_DUP, revoke H_REVOKE,
 * publish and passing with a call H_XFER; unref_wait needs the caller to be
 * the door's server and the door to be DOOR_F_UNREF.
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include "door_test.h"

static int rights_of(int h)
{
	return (int)info_of(h).rights;
}

static int client(void)
{
	long h = hinge_name_wait("perm");
	EXPECT(h >= 0);
	EXPECT_EQ(rights_of((int)h), H_CALL | H_INFO | H_DUP | H_XFER); /* what a lookup gives */
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	char data[4] = "abc", rbuf[4];

	/* Without H_CALL. */
	long nocall = hinge_handle_dup((int)h, H_INFO | H_DUP);
	EXPECT(nocall >= 0);
	EXPECT_EQ(rights_of((int)nocall), H_INFO | H_DUP);
	struct door_xarg x = { (uintptr_t)data, 3, 0, 0, (uintptr_t)rbuf, sizeof rbuf };
	door_arg_t a = { data, 3, NULL, 0, rbuf, sizeof rbuf };
	EXPECT_EQ(hinge_door_call((int)nocall, WORDS(OP_ECHO, 0, 0, 0, 0), NULL, 0), HE_PERM);
	EXPECT_EQ(hinge_door_call((int)nocall, WORDS(OP_ECHO, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT),
		  HE_PERM);
	EXPECT_EQ(hinge_door_call((int)nocall, WORDS(OP_ECHO, 0, 0, 0, (uintptr_t)&x), NULL,
				  DOOR_CALL_XARG),
		  HE_PERM);
	EXPECT_EQ(door_call((int)nocall, &a), HE_PERM);

	/* Rights never grow: asking for all of them keeps the two it has. */
	long again = hinge_handle_dup((int)nocall, H_ALL);
	EXPECT(again >= 0);
	EXPECT_EQ(rights_of((int)again), H_INFO | H_DUP);
	EXPECT_EQ(hinge_door_call((int)again, WORDS(OP_ECHO, 0, 0, 0, 0), NULL, 0), HE_PERM);

	/* Only H_CALL: no info, no dup, no publish, no passing along. */
	long callonly = hinge_handle_dup((int)h, H_CALL);
	EXPECT(callonly >= 0);
	struct door_info di;
	EXPECT_EQ(hinge_door_info((int)callonly, &di), HE_PERM);
	door_info_t si;
	EXPECT_EQ(door_info((int)callonly, &si), HE_PERM);
	EXPECT_EQ(hinge_handle_dup((int)callonly, H_CALL), HE_PERM);
	EXPECT_EQ(hinge_name_publish((int)callonly, "stolen"), HE_PERM);
	door_desc_t desc = { DOOR_DESCRIPTOR, { { (int)callonly } } };
	a = (door_arg_t){ data, 3, &desc, 1, rbuf, sizeof rbuf };
	EXPECT_EQ(door_call((int)h, &a), HE_PERM);
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)callonly, WORDS(OP_ECHO, 5, 0, 0, 0), r, 0), 0);
	EXPECT_EQ(r[0], 5);

	/* No H_REVOKE from a lookup: revoke fails, and door_revoke keeps the handle. */
	EXPECT_EQ(hinge_door_revoke((int)h), HE_PERM);
	EXPECT_EQ(door_revoke((int)h), HE_PERM);
	EXPECT_EQ(info_of((int)h).state, 1);

	/* A mask with bits outside H_ALL. */
	EXPECT_EQ(hinge_handle_dup((int)h, H_ALL + 1), HE_INVAL);
	EXPECT_EQ(hinge_handle_dup((int)h, 1u << 31), HE_INVAL);

	/* Only the server may wait for the unreferenced notification. */
	EXPECT_EQ(hinge_door_unref_wait((int)h), HE_PERM);

	EXPECT_EQ(hinge_handle_close((int)nocall), 0);
	EXPECT_EQ(hinge_handle_close((int)again), 0);
	EXPECT_EQ(hinge_handle_close((int)callonly), 0);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.handles, c0.handles);
	EXPECT_EQ(c1.activations_busy, 0);

	return client_done(h);
}

static int server(void)
{
	/* unref_wait on a door of ours that is not DOOR_F_UNREF. */
	struct door_pool_desc p = door_pool(std_stacks, sizeof std_stacks[0], std_bufs, STD_BUF, 1);
	long plain = hinge_door_create(std_entry, 0, 0, &p);
	EXPECT(plain >= 0);
	EXPECT_EQ(hinge_door_unref_wait((int)plain), HE_PERM);
	EXPECT_EQ(hinge_handle_close((int)plain), 0);
	return std_server("perm", 2, 0);
}

ROLES({ 0, server }, { 1, client })
