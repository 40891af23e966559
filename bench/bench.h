/* Measurement harness shared by the benchmark programs in bench/.
 *
 * A benchmark is the loop a user would write: BENCH_RUN executes a statement
 * `calls` times between two rdinstret reads, BENCH_SAMPLES times, and prints
 * the per-sample totals' median, minimum and maximum on one line:
 *
 *   @bench name=door.null.roundtrip calls=1000 samples=101 median=T min=T max=T
 *
 * T counts every instruction retired between the two reads: the user loop,
 * the library stub, the trap, the kernel, and M-mode firmware if it runs
 * (QEMU with -icount shift=0 counts one per instruction in every mode).
 * bench/run.py divides by `calls` and writes bench/results/. A statement that
 * fails prints
 *
 *   @bench fail name=NAME status=S
 *
 * and exits 1, so the run has no numbers for NAME and `make bench` fails.
 *
 * `calls` is chosen from the cost of one warm-up execution so that a sample
 * stays below BENCH_BUDGET instructions, and each sample starts right after a
 * timer tick (hinge_sleep(1)): a tick is 10^6 instructions at shift=0, so no
 * timer interrupt lands inside a sample and every sample of a deterministic
 * path is the same number. min == max is the expected outcome; max > min
 * says something else ran inside the loop. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include "hinge.h"

#define BENCH_SAMPLES    101      /* odd, so the median is one of the samples */
#define BENCH_MAX_CALLS  1000     /* calls per sample, at most */
#define BENCH_BUDGET     400000UL /* instructions per sample, at most (a tick is 10^6) */

/* Calls per sample for a statement costing `cost` instructions: as many as
 * fit BENCH_BUDGET, at most BENCH_MAX_CALLS, rounded down to 1, 2 or 5 times
 * a power of ten so per-call numbers stay readable. */
static inline unsigned bench_calls(uint64_t cost)
{
	uint64_t fit = BENCH_BUDGET / (cost ? cost : 1);
	unsigned best = 1;
	for (unsigned p = 1; p <= BENCH_MAX_CALLS; p *= 10) {
		static const unsigned m[3] = { 1, 2, 5 };
		for (int i = 0; i < 3; i++)
			if (p * m[i] <= fit && p * m[i] <= BENCH_MAX_CALLS)
				best = p * m[i];
	}
	return best;
}

static inline void bench_sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static inline void bench_report(const char *name, unsigned calls, uint64_t *tot, int n)
{
	bench_sort(tot, n);
	printf("@bench name=%s calls=%u samples=%d median=%lu min=%lu max=%lu\n", name, calls, n,
	       (unsigned long)tot[n / 2], (unsigned long)tot[0], (unsigned long)tot[n - 1]);
}

static inline __attribute__((noreturn)) void bench_fail(const char *name, long status)
{
	printf("@bench fail name=%s status=%ld\n", name, status);
	hinge_exit(1);
}

/* Profile mode (bench/profile.py): instead of sampling, each benchmark runs
 * BENCH_PROFILE_CALLS times between two SYS_CLOCK calls, which the profiler
 * finds in QEMU's execution trace (the kernel's sys_clock) as the markers of
 * the region to count. No benchmark uses SYS_CLOCK itself. The region starts
 * after a tick, as a sample does: the other threads have run to their waits,
 * so the preemption checks find what they find in a sample. */
#define BENCH_PROFILE_CALLS 100
#define BENCH_PROFILE_ARG   100  /* manifest arg + 100 = the same run in profile mode */
static int bench_profile __attribute__((unused));

/* The benchmark programs' main(arg) starts with arg = bench_mode(arg). */
static inline long bench_mode(long arg)
{
	bench_profile = arg >= BENCH_PROFILE_ARG;
	return arg % BENCH_PROFILE_ARG;
}

/* Time STMT, an expression whose value is a status (0 = success), as
 * described above. Statuses are OR-ed inside the loop (one instruction per
 * call, what a caller that checks its calls spends) and checked after each
 * sample. */
#define BENCH_RUN(name, stmt) BENCH_RUN_N(name, 1, stmt)

/* The same for a STMT that moves n items each time: the report counts items,
 * so the per-call figures are per item. */
#define BENCH_RUN_N(name, n, stmt)                                             \
	do {                                                                   \
		uint64_t tot_[BENCH_SAMPLES];                                  \
		long st_ = (long)(stmt);                                       \
		uint64_t t0_ = rdinstret();                                    \
		st_ |= (long)(stmt);                                           \
		unsigned calls_ = bench_calls(rdinstret() - t0_);              \
		if (st_)                                                       \
			bench_fail((name), st_);                               \
		if (bench_profile) {                                           \
			hinge_sleep(1); /* as a sample starts */               \
			hinge_clock(NULL);                                     \
			for (unsigned i_ = 0; i_ < BENCH_PROFILE_CALLS; i_++)  \
				st_ |= (long)(stmt);                           \
			hinge_clock(NULL);                                     \
			if (st_)                                               \
				bench_fail((name), st_);                       \
			printf("@bench profile name=%s calls=%u\n", (name),    \
			       BENCH_PROFILE_CALLS * (unsigned)(n));           \
			break;                                                 \
		}                                                              \
		for (int s_ = 0; s_ < BENCH_SAMPLES; s_++) {                   \
			hinge_sleep(1);                                        \
			t0_ = rdinstret();                                     \
			for (unsigned i_ = 0; i_ < calls_; i_++)               \
				st_ |= (long)(stmt);                           \
			tot_[s_] = rdinstret() - t0_;                          \
			if (st_)                                               \
				bench_fail((name), st_);                       \
		}                                                              \
		bench_report((name), calls_ * (unsigned)(n), tot_, BENCH_SAMPLES); \
	} while (0)

/* Names the servers publish (at most 15 characters). */
#define BENCH_NULL_DOOR  "bench.null"
#define BENCH_BULK_DOOR  "bench.bulk"
#define BENCH_XFER_DOOR  "bench.xfer"
/* The baseline modes (doors/SEMANTICS.md, "Baseline modes"): the null door
 * again, as DOOR_F_HANDOFF and DOOR_F_HANDOFF_PI doors, served by
 * bench_server's role BENCH_HANDOFF_ROLE with server threads at
 * BENCH_HANDOFF_PRIO (its domain needs maxprio >= that). */
#define BENCH_NULL_HANDOFF_DOOR    "bench.null.ho"
#define BENCH_NULL_HANDOFF_PI_DOOR "bench.null.hopi"
#define BENCH_HANDOFF_ROLE  10
#define BENCH_HANDOFF_PRIO  10
#define BENCH_CHAIN_LINKS 8       /* door.chain.depth1..8: links "chain1".."chain8" */
/* Each server domain also publishes "ctl<arg>": calling it ends the domain
 * once the call has returned. */

#endif
