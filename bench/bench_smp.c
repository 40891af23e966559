/* The scaling benchmarks of the kernel for several harts (bench/README.md,
 * "Several harts"). The manifest's arg is k + 10 x role, k the hart:
 *   role 0  server k: publishes "smp.null<k>", a null door with BENCH_SMP_ACTS
 *           activations (the entry returns at once), and "smp.ctl<k>", which
 *           ends the domain once unreferenced (as bench_server.c's "ctl<k>");
 *   role 1  client k: door.null.own.c<k>, the null round trip to "smp.null<k>",
 *           its own door;
 *   role 2  client k: door.null.shared.c<k>, the same to "smp.null0", the one
 *           door every client calls, each on an activation of its own.
 * The clients run at the same time: sample s of every client starts at tick
 * SMP_START + s x SMP_PERIOD of the machine's clock (the harts' timers share
 * it) and makes SMP_CALLS calls. rdinstret under -icount is the machine's
 * instruction count, not the hart's, so a sample's total is what every hart
 * retired meanwhile (bench/README.md, "Several harts").
 * A client holds its server's "smp.ctl" handle from before its first call to
 * after its last, so a shared server ends only when the last client is done:
 * every client has looked it up before tick SMP_START (a client still
 * starting then fails its first sample), and none ends before that tick. */
#include <stdio.h>
#include "bench.h"
#include "door.h"

#define BENCH_SMP_ACTS 4   /* one per client of the shared door, at most 4 harts */
#define SMP_START   200    /* tick of the first sample: every domain is up by then */
#define SMP_PERIOD  40     /* ticks from one sample's start to the next's */
#define SMP_SAMPLES 21
/* Per client and sample: 4 harts take about 25 ticks. Under -icount QEMU runs
 * one hart at a time for up to a tick: a sample of a few ticks per hart is
 * what makes the clients' samples overlap (a hart that needs less than a
 * tick runs its whole sample before the next hart runs at all). */
#define SMP_CALLS   20000

static const uint64_t words[DOOR_NWORDS] = { 1, 2, 3, 4, 5 };
static const uint64_t no_words[DOOR_NWORDS];
static char stacks[2][BENCH_SMP_ACTS][4096] __attribute__((aligned(16)));

static void null_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w1, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	hinge_door_return(no_words, 0);
}

static long must(long r, const char *what)
{
	if (r < 0) {
		printf("bench_smp: %s failed: %ld\n", what, r);
		hinge_exit(1);
	}
	return r;
}

static long serve(int pool, unsigned flags, const char *name)
{
	struct door_pool_desc p = door_pool(stacks[pool], sizeof stacks[pool][0], NULL, 0,
					    BENCH_SMP_ACTS);
	long h = must(hinge_door_create(null_entry, 0, flags, &p), name);
	must(hinge_name_publish((int)h, name), name);
	return h;
}

int main(long arg)
{
	char name[32];
	long k = arg % 10, role = arg / 10;
	long server = role == 2 ? 0 : k;
	if (role == 0) {
		snprintf(name, sizeof name, "smp.null%ld", k);
		serve(0, 0, name);
		snprintf(name, sizeof name, "smp.ctl%ld", k);
		must(hinge_door_unref_wait((int)serve(1, DOOR_F_UNREF, name)), "unref wait");
		return 0;
	}
	snprintf(name, sizeof name, "smp.ctl%ld", server);
	int ctl = (int)must(hinge_name_wait(name), name);
	snprintf(name, sizeof name, "smp.null%ld", server);
	int h = (int)must(hinge_name_wait(name), name);
	uint64_t r[DOOR_NWORDS], tot[SMP_SAMPLES];
	long st = 0;
	snprintf(name, sizeof name, "door.null.%s.c%ld", role == 2 ? "shared" : "own", k);
	for (int s = 0; s < SMP_SAMPLES; s++) {
		uint64_t now = hinge_clock(NULL), at = SMP_START + (uint64_t)s * SMP_PERIOD;
		if (now >= at)  /* late: the samples would not overlap the others' */
			bench_fail(name, -1);
		hinge_sleep(at - now);
		uint64_t t0 = rdinstret();
		for (unsigned i = 0; i < SMP_CALLS; i++)
			st |= hinge_door_call(h, words, r, 0);
		tot[s] = rdinstret() - t0;
		if (st)
			bench_fail(name, st);
	}
	bench_report(name, SMP_CALLS, tot, SMP_SAMPLES);
	hinge_handle_close(ctl);
	return 0;
}
