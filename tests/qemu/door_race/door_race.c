/* Many callers, few activations: four client domains call one door of a
 * server whose pool has fewer activations than there are callers, so calls
 * wait for an activation while others return (on several harts: a waiter
 * queued under the kernel lock while another hart's fast return releases an
 * activation without it, doors/activation.h). Half-way through, client 1
 * ends the door: it revokes it, or makes the server fault, while the others
 * keep calling. Every call either returns its own results (the words it
 * sent, plus one, and its client's number: nothing of another call) or,
 * once the door is ended, that end's error; after a client saw the error,
 * its every later call gets it too. No call waits for ever (a lost wake-up
 * would hang the test), and the leak check finds nothing left.
 *
 * arg = role + 10 * activations + 100 * end: role 0 the server, 1..4 the
 * clients (1 ends the door), 9 the leak check; end 0 revokes the door, 1
 * kills the server (a load fault in its control door). */
#include "door_test.h"

enum { NCLIENTS = 4, CALLS = 2000 };
enum { OP_WORK = OP_FIRST_TEST_OP, OP_END, OP_READY, OP_CLIENT_DONE };
enum { END_REVOKE = 0, END_KILL = 1 };

static long race, ctl;
static int nact, end;
static volatile int clients_ready, clients_done;
static char race_stacks[NCLIENTS][8192] __attribute__((aligned(16)));
static char ctl_stack[8192] __attribute__((aligned(16)));

/* OP_WORK(i, k): busy for a while (varying, so that holds overlap), then
 * {i + 1, k}. */
static void race_entry(uint64_t cookie, uint64_t op, uint64_t i, uint64_t k, uint64_t w4, uint64_t w5,
		       char *buf, uint64_t info)
{
	(void)cookie, (void)w4, (void)w5, (void)buf, (void)info;
	if (op != OP_WORK)
		hinge_door_return(WORDS(0, 0, 0, 0, 0), 0);
	for (volatile unsigned n = 0; n < (i * 37) % 200; n++)
		;
	hinge_door_return(WORDS(i + 1, k, 0, 0, 0), 0);
}

static void ctl_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		      char *buf, uint64_t info)
{
	if (op == OP_END && end == END_KILL)
		(void)*(volatile long *)0; /* a load fault: the server dies with calls in it */
	if (op == OP_END)
		hinge_door_return(WORDS((uint64_t)hinge_door_revoke((int)race), 0, 0, 0, 0), 0);
	if (op == OP_READY) {
		/* w2: this client has its handles; {clients that have} */
		if (w2)
			__atomic_fetch_add(&clients_ready, 1, __ATOMIC_SEQ_CST);
		hinge_door_return(WORDS((uint64_t)clients_ready, 0, 0, 0, 0), 0);
	}
	if (op == OP_CLIENT_DONE) {
		__atomic_fetch_add(&clients_done, 1, __ATOMIC_SEQ_CST);
		hinge_door_return(WORDS(0, 0, 0, 0, 0), 0);
	}
	std_entry(cookie, op, w2, w3, w4, w5, buf, info);
}

static int server(void)
{
	struct door_pool_desc p = door_pool(race_stacks, sizeof race_stacks[0], NULL, 0, (unsigned)nact);
	race = hinge_door_create(race_entry, 0, 0, &p);
	p = door_pool(ctl_stack, sizeof ctl_stack, NULL, 0, 1);
	ctl = hinge_door_create(ctl_entry, 0, 0, &p);
	EXPECT(race >= 0 && ctl >= 0);
	EXPECT_EQ(hinge_name_publish((int)race, "race"), 0);
	EXPECT_EQ(hinge_name_publish((int)ctl, "racectl"), 0);
	/* Until every client is done and no call runs (a revoked door's calls
	 * in flight finish); a killed server never gets here. */
	int hs[2] = { (int)race, (int)ctl };
	while (clients_done < NCLIENTS)
		hinge_sleep(1);
	quit = 1;
	return serve_until_quit(hs, 2);
}

static int client(int k)
{
	long h = hinge_name_wait("race"), c = hinge_name_wait("racectl");
	EXPECT(h >= 0 && c >= 0);
	/* Every client calls from the start: none may miss the server (its
	 * names go with it). */
	long ended = end == END_KILL ? HE_DEAD : HE_REVOKED;
	uint64_t r0[DOOR_NWORDS] = { 0 };
	EXPECT_EQ(hinge_door_call((int)c, WORDS(OP_READY, 1, 0, 0, 0), r0, 0), 0);
	while (r0[0] < NCLIENTS && !failures) {
		hinge_sleep(1);
		/* Once all are ready, client 1 may have killed the server
		 * before this one looks again: then it goes on, and its calls
		 * are refused. */
		long st = hinge_door_call((int)c, WORDS(OP_READY, 0, 0, 0, 0), r0, 0);
		if (st == HE_DEAD && end == END_KILL)
			break;
		EXPECT_EQ(st, 0);
	}
	int ok = 0, refused = 0;
	/* Client 1 makes CALLS calls, the end half-way; the others call until
	 * they have seen the end a few times (bounded: it comes). */
	for (uint64_t i = 0; k == 1 ? i < CALLS : refused < 10 && i < 1000 * CALLS; i++) {
		if (k == 1 && i == CALLS / 2) {
			uint64_t r[DOOR_NWORDS] = { 0 };
			long st = hinge_door_call((int)c, WORDS(OP_END, 0, 0, 0, 0), r, 0);
			if (end == END_KILL)
				EXPECT_EQ(st, HE_DEAD);
			else
				EXPECT(st == 0 && r[0] == 0);
		}
		uint64_t r[DOOR_NWORDS] = { 0 };
		long st = hinge_door_call((int)h, WORDS(OP_WORK, i, (uint64_t)k, 0, 0), r, 0);
		if (st == 0 && !refused) {
			EXPECT_EQ(r[0], i + 1);
			EXPECT_EQ(r[1], (uint64_t)k);
			ok++;
		} else {
			/* The end's error, and from then on nothing else. */
			EXPECT_EQ(st, ended);
			refused++;
		}
		if (failures)
			break;
	}
		/* Client 1's calls before the end returned, every one after it was
	 * refused. */
	if (k == 1) {
		EXPECT_EQ(ok, CALLS / 2);
		EXPECT_EQ(refused, CALLS / 2);
	}
	EXPECT(refused > 0);
	printf("%s: client %d: %d calls returned, %d refused\n", TEST, k, ok, refused);
	if (end != END_KILL)
		EXPECT_EQ(hinge_door_call((int)c, WORDS(OP_CLIENT_DONE, 0, 0, 0, 0), NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	EXPECT_EQ(hinge_handle_close((int)c), 0);
	return client_report();
}

int main(long arg)
{
	if (arg == ROLE_LEAKCHECK)
		return leakcheck();
	int role = (int)(arg % 10);
	nact = (int)(arg / 10 % 10);
	end = (int)(arg / 100);
	if (role == 0)
		return server();
	if (role >= 1 && role <= NCLIENTS)
		return client(role);
	printf("%s: no role %ld\n", TEST, arg);
	return 1;
}
