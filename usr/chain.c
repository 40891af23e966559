/* The default demo (usr/demo.manifest, `make qemu`): one thread, three
 * domains, and a crash in the middle.
 *
 * "client" calls a door of "middle", whose code calls a door of "leaf". The
 * client's thread itself migrates: the leaf's code runs on the client's
 * thread, at the client's priority, although the leaf's own thread has a
 * lower one. Then the client calls again, and while its thread is down in
 * the leaf, "middle" dies (one of its own threads faults). The chain splits
 * (doors/SEMANTICS.md, the crash rules): the client's call returns HE_DEAD at
 * once, naming the dead domain, and the leaf's work goes on for nobody (an
 * orphan): SYS_DOOR_CANCELLED tells it its call is cancelled.
 *
 * One program, three roles (the manifest's arg): 0 client, 1 middle, 2 leaf. */
#include <stdio.h>
#include "hinge.h"
#include "door.h"

enum { ROLE_CLIENT, ROLE_MIDDLE, ROLE_LEAF };
enum { OP_WHO = 1, OP_SLOW = 2 };   /* the first argument word of a call */

static char stacks[2][8192] __attribute__((aligned(16)));
/* Set by door code (on the client's thread), read by the domain's own
 * thread: each domain has its own copy. */
static volatile int busy;           /* middle: the client's thread is on its way to the leaf */
static volatile int done;           /* leaf: the slow call's work is over */
static int leaf;                    /* middle: its handle to the leaf's door */
static int own_thread = -1, own_prio; /* this domain's own thread (client: none) */

static const char *death_how(uint64_t how)
{
	return how == DEATH_FAULT ? "a fault" : how == DEATH_KILL ? "a kill" : "an exit";
}

static void say_where(const char *who)
{
	struct hinge_self me;
	hinge_self(&me);
	printf("%-6s: running on thread %d at priority %d, in domain %d", who, me.thread, me.prio, me.domain);
	if (own_thread >= 0 && me.thread != own_thread)
		printf(" (the caller's thread: this domain's own is thread %d, priority %d)", own_thread, own_prio);
	printf("\n");
}

static long serve(const char *name, hinge_door_entry_t entry)
{
	struct door_pool_desc p = door_pool(stacks, sizeof stacks[0], NULL, 0, 2);
	long h = hinge_door_create(entry, 0, 0, &p);
	if (h < 0 || hinge_name_publish((int)h, name) < 0)
		return -1;
	return h;
}

static void leaf_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		       char *buf, uint64_t info)
{
	(void)cookie, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	say_where("leaf");
	if (op == OP_SLOW) {
		hinge_sleep(5); /* middle dies meanwhile */
		long cancelled = hinge_syscall(SYS_DOOR_CANCELLED, 0, 0, 0, 0);
		printf("leaf  : my work is done; SYS_DOOR_CANCELLED = %ld: %s\n", cancelled,
		       cancelled ? "nobody waits for it any more (its caller died), so the result is dropped"
				 : "my caller still waits");
		done = 1;
	}
	hinge_door_return((const uint64_t[DOOR_NWORDS]){ 42 }, 0);
}

static void middle_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
			 char *buf, uint64_t info)
{
	(void)cookie, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	say_where("middle");
	busy = op == OP_SLOW;
	uint64_t r[DOOR_NWORDS] = { 0 };
	long st = hinge_door_call(leaf, (const uint64_t[DOOR_NWORDS]){ op }, r, 0);
	hinge_door_return((const uint64_t[DOOR_NWORDS]){ (uint64_t)st, r[0] }, 0);
}

static int client(void)
{
	long h = hinge_name_wait("middle");
	struct door_info di;
	if (h < 0 || hinge_door_info((int)h, &di) < 0)
		return 1;
	say_where("client");
	uint64_t r[DOOR_NWORDS] = { 0 };
	long st = hinge_door_call((int)h, (const uint64_t[DOOR_NWORDS]){ OP_WHO }, r, 0);
	printf("client: first call returned %ld with %lu, from the leaf through the middle\n", st,
	       (unsigned long)r[1]);
	printf("client: calling again; this time the middle dies while my thread is in the leaf\n");
	st = hinge_door_call((int)h, (const uint64_t[DOOR_NWORDS]){ OP_SLOW }, r, 0);
	if (st == HE_DEAD)
		printf("client: second call returned HE_DEAD at once: domain %lu died (%s; the server of my door"
		       " is domain %d)\n", (unsigned long)r[0], death_how(r[1]), di.server);
	else
		printf("client: second call returned %ld, expected HE_DEAD\n", st);
	return st == HE_DEAD && r[0] == (uint64_t)di.server && r[1] == DEATH_FAULT ? 0 : 1;
}

int main(long role)
{
	if (role != ROLE_CLIENT) {
		struct hinge_self me;
		hinge_self(&me);
		own_thread = me.thread;
		own_prio = me.prio;
	}
	switch (role) {
	case ROLE_CLIENT:
		return client();
	case ROLE_MIDDLE:
		leaf = (int)hinge_name_wait("leaf");
		if (leaf < 0 || serve("middle", middle_entry) < 0)
			return 1;
		while (!busy)
			hinge_sleep(1);
		printf("middle: my own thread now faults, while the client's thread is in the leaf\n");
		*(volatile int *)0 = 1;
		return 1; /* not reached */
	case ROLE_LEAF:
		if (serve("leaf", leaf_entry) < 0)
			return 1;
		while (!done)
			hinge_sleep(1);
		return 0;
	}
	return 1;
}
