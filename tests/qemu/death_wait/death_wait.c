/* A thread waiting in SYS_DEATH_WAIT inside the supervisor, which it entered
 * by a door call, when the supervisor dies (doors/SEMANTICS.md §11, §12): the
 * wait ends at once and the call returns HE_DEAD naming the supervisor.
 *
 * Only the supervisor may wait for deaths, and SYS_DEATH_WAIT asks about the
 * domain the thread runs in: a thread of Z that migrated into the supervisor
 * through its door "sw" may. The supervisor is the only domain with the kill
 * right and may not kill itself, so no domain can kill it: it dies by its own
 * SYS_EXIT (status 4) while Z's thread waits in it. (An injected kill would
 * be the same death; scenario actors cannot make this call.)
 *
 * Domain ids are the manifest's order: check 0, supervisor 1, Z 2.
 * Roles (manifest arg): 9 leak check, 0 supervisor, 1 Z. */
#include "door_test.h"

#define SUP_ID 1
#define SUP_EXIT 4

static char stacks[1][8192] __attribute__((aligned(16)));
static char bufs[1][64];

static void sw_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4,
		     uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)op, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	struct hinge_death d;
	long r = hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0);
	hinge_door_return(WORDS((uint64_t)r), 0); /* no death comes: not reached */
}

static int supervisor(void)
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], bufs, sizeof bufs[0], 1);
	long h = hinge_door_create(sw_entry, 0, 0, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "sw"), 0);
	while (info_of((int)h).inflight == 0)
		hinge_sleep(1);
	hinge_sleep(5); /* Z's thread waits in SYS_DEATH_WAIT */
	if (failures)
		return failures;
	hinge_exit(SUP_EXIT);
}

static int z(void)
{
	long h = hinge_name_wait("sw");
	uint64_t r[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)h, WORDS(0), r, 0), HE_DEAD);
	EXPECT_EQ(r[0], SUP_ID);
	EXPECT_EQ(r[1], DEATH_EXIT);
	EXPECT_EQ(hinge_door_call((int)h, WORDS(0), r, 0), HE_DEAD);
	/* Nobody is supervisor now. */
	struct hinge_death d;
	EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), HE_PERM);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	printf("%s: Z %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

ROLES({ 0, supervisor }, { 1, z })
