/* Supervision (doors/SEMANTICS.md §12): the supervisor is told of every
 * death with the cause, restarts the crashed server; a handle to the old
 * incarnation's door gets HE_STALE, a new lookup reaches the new one.
 * The supervisor also holds the kill right: it kills "victim".
 * Roles (manifest arg): 0 supervisor, 1 server "svc", 2 client, 3 victim. */
#include <string.h>
#include "door_test.h"

enum { OP_CRASH = OP_FIRST_TEST_OP, OP_WHO };

static void svc_entry(uint64_t c, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		      char *b, uint64_t i)
{
	(void)c, (void)w2, (void)w3, (void)w4, (void)w5, (void)b, (void)i;
	if (op == OP_CRASH)
		(void)*(volatile int *)0x80200000;
	hinge_door_return(WORDS((uint64_t)self_now().domain), 0);
}

static char stacks[2][4096] __attribute__((aligned(16)));
static char bufs[2][64];

static int server(void)
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], bufs, sizeof bufs[0], 2);
	long h = hinge_door_create(svc_entry, 0, DOOR_F_UNREF, &p);
	EXPECT(h >= 0);
	EXPECT_EQ(hinge_name_publish((int)h, "svc"), 0);
	EXPECT_EQ(hinge_door_unref_wait((int)h), 0); /* the client is done with us */
	return failures;
}

static int client(void)
{
	uint64_t r[DOOR_NWORDS];
	struct hinge_death death;
	EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&death, 0, 0, 0), HE_PERM);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_RESTART, 1, 0, 0, 0), HE_PERM);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, 3, 0, 0, 0), HE_PERM);

	long h = hinge_name_wait("svc");
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_WHO), r, 0), 0);
	uint64_t first = r[0];
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_CRASH), r, 0), HE_DEAD);
	/* Until the supervisor restarts it the server is dead; then the old
	 * handle names a stale incarnation. */
	long st;
	int i = 0;
	while ((st = hinge_door_call((int)h, WORDS(OP_WHO), r, 0)) == HE_DEAD && i++ < 100)
		hinge_sleep(1);
	EXPECT_EQ(st, HE_STALE);
	EXPECT_EQ(hinge_handle_close((int)h), 0);

	h = hinge_name_wait("svc"); /* the new incarnation's door */
	EXPECT_EQ(hinge_door_call((int)h, WORDS(OP_WHO), r, 0), 0);
	EXPECT(r[0] != first);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return client_report();
}

static int supervisor(void)
{
	struct hinge_death d;
	/* 1: the server crashed in the client's call */
	EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), 0);
	EXPECT(strcmp(d.name, "svc") == 0);
	EXPECT_EQ(d.how, 2);
	EXPECT_EQ(d.code, 13);
	EXPECT_EQ(d.gen, 0);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_RESTART, 2, 0, 0, 0), HE_INVAL); /* the client lives */
	long n = hinge_syscall(SYS_DOMAIN_RESTART, d.domain, 0, 0, 0);
	EXPECT(n >= 0 && n != d.domain);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_RESTART, d.domain, 0, 0, 0), HE_INVAL); /* once */
	/* The kill right: the victim (domain 3) dies as killed. */
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, 0, 0, 0, 0), HE_INVAL);   /* not itself */
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, 99, 0, 0, 0), HE_NOENT);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, 3, 0, 0, 0), 0);
	EXPECT_EQ(hinge_syscall(SYS_DOMAIN_KILL, 3, 0, 0, 0), HE_INVAL);   /* dead already */
	/* Then, in some order: the victim's kill, the client's exit, the new
	 * server's exit. */
	int seen_client = 0, seen_svc = 0, seen_victim = 0;
	for (int k = 0; k < 3; k++) {
		EXPECT_EQ(hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0), 0);
		if (strcmp(d.name, "victim") == 0 && d.how == 3)
			seen_victim++;
		if (strcmp(d.name, "client") == 0 && d.how == 1 && d.code == 0)
			seen_client++;
		if (strcmp(d.name, "svc") == 0 && d.gen == 1 && d.domain == n && d.how == 1)
			seen_svc++;
	}
	EXPECT_EQ(seen_victim, 1);
	EXPECT_EQ(seen_client, 1);
	EXPECT_EQ(seen_svc, 1);
	printf("%s: supervisor %s\n", TEST, failures ? "FAILED" : "passed");
	return failures;
}

static int victim(void)
{
	return sleep_until_dead(); /* the supervisor kills it */
}

ROLES({ 0, supervisor }, { 1, server }, { 2, client }, { 3, victim })
