/* Measurement harness shared by the benchmark programs in bench/.
 *
 * A benchmark is a loop a user would write: BENCH_RUN times `calls`
 * executions of a statement with rdinstret, BENCH_SAMPLES times, and prints
 * one line with the per-sample totals' median, minimum and maximum:
 *
 *   @bench name=door.null.roundtrip calls=1000 samples=101 median=T min=T max=T
 *
 * T counts every instruction retired between the two rdinstret reads, in user
 * mode, in the kernel and in M-mode firmware alike (QEMU with -icount shift=0
 * counts one per instruction in every mode). bench/run.py divides by `calls`
 * and writes bench/results/. A failed statement prints
 *
 *   @bench fail name=NAME status=S
 *
 * and exits 1, so the run has no numbers for NAME and `make bench` fails.
 *
 * Each sample starts right after a timer tick (hinge_sleep(1)), so as long as
 * a sample stays well below one tick (10^6 instructions at shift=0) no timer
 * interrupt lands inside it and every sample of a deterministic path is the
 * same number: min == max is the expected outcome, max > min says something
 * else ran inside the loop. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include "hinge.h"

#define BENCH_SAMPLES 101      /* odd, so the median is one of the samples */
#define BENCH_TICK_INSNS 1000000UL  /* one 1 ms tick at -icount shift=0 */

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
	if (tot[n - 1] > BENCH_TICK_INSNS / 2)
		printf("@bench warn name=%s sample of %lu instructions is too close to a tick\n", name,
		       (unsigned long)tot[n - 1]);
}

static inline void bench_fail(const char *name, long status)
{
	printf("@bench fail name=%s status=%ld\n", name, status);
	hinge_exit(1);
}

/* Time `calls` executions of STMT, BENCH_SAMPLES times, after one warm-up
 * execution. STMT is an expression statement whose value is a status:
 * non-zero statuses are OR-ed (one instruction per call, as a caller that
 * checks its calls would spend) and reported after the sample. */
#define BENCH_RUN(name, calls, stmt)                                           \
	do {                                                                   \
		uint64_t tot_[BENCH_SAMPLES];                                  \
		long st_ = (long)(stmt);                                       \
		if (st_)                                                       \
			bench_fail((name), st_);                               \
		for (int s_ = 0; s_ < BENCH_SAMPLES; s_++) {                   \
			hinge_sleep(1);                                        \
			uint64_t t0_ = rdinstret();                            \
			for (unsigned i_ = 0; i_ < (unsigned)(calls); i_++)    \
				st_ |= (long)(stmt);                           \
			tot_[s_] = rdinstret() - t0_;                          \
			if (st_)                                               \
				bench_fail((name), st_);                       \
		}                                                              \
		bench_report((name), (calls), tot_, BENCH_SAMPLES);            \
	} while (0)

#endif
