/* What the comparison benchmarks of IPC models share (bench_pi.c, bench_ipc.c):
 * the IPC models, exact CPU work, a pseudo-random sequence, and the report of
 * a distribution.
 *
 * Everything here is deterministic: under -icount shift=0 a run is a function
 * of the instruction stream, so the same kernel gives the same numbers. */
#ifndef BENCH_PI_H
#define BENCH_PI_H

#include <stdint.h>
#include <stdio.h>
#include "hinge.h"
#include "door.h"

/* The IPC models compared (names as in the result names). The door models
 * differ only in the flags of the server's door. */
enum model {
	MODEL_MIGRATE = 0,  /* the caller's thread runs the server (Hinge's default) */
	MODEL_MIGRATE_NOPI, /* the same, a waiter lends no priority (DOOR_F_NOPI) */
	MODEL_HANDOFF,      /* a pooled server thread at its own fixed priority */
	MODEL_HANDOFF_PI,   /* the same, inheriting its callers' priority */
	MODEL_ASYNC,        /* notifications and shared-memory rings */
	MODEL_COUNT
};

static const char *const model_name[MODEL_COUNT] __attribute__((unused)) = {
	"migrate", "migrate", "handoff", "handoff+pi", "async",
};

/* The door flags of a model's doors, or -1 if this kernel lacks the model;
 * the async model's only door is its set-up door (migrate). */
static inline long model_door_flags(int model)
{
	switch (model) {
	case MODEL_MIGRATE:
	case MODEL_ASYNC:
		return 0;
	case MODEL_MIGRATE_NOPI:
		return DOOR_F_NOPI;
	case MODEL_HANDOFF:
		return DOOR_F_HANDOFF;
	case MODEL_HANDOFF_PI:
		return DOOR_F_HANDOFF_PI;
	default:
		return -1;
	}
}

/* The handoff models' server threads run at this priority: above the low
 * clients (3), below the medium load (10) and the benchmark clients. */
#define MODEL_SERVER_PRIO 5

/* A door pool of n activations on the given stacks (and buffers), with the
 * server-thread priority the model needs. */
static inline struct door_pool_desc model_pool(int model, void *stacks, size_t stack_size, void *bufs,
					       size_t buf_size, unsigned n)
{
	struct door_pool_desc p = door_pool(stacks, stack_size, bufs, buf_size, n);
	p.prio = model == MODEL_HANDOFF || model == MODEL_HANDOFF_PI ? MODEL_SERVER_PRIO : 0;
	return p;
}

/* Exactly 2n + 1 instructions of CPU work (n >= 1): the critical sections and
 * the medium-priority load are counted in instructions, not read from a
 * clock, so time spent in other threads does not shorten them. */
static inline void spin(uint64_t n)
{
	__asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n));
}

/* Copy n bytes (a multiple of 8, both pointers 8-byte aligned) a word at a
 * time: the item copies of the throughput benchmarks, the same code for
 * every model (picolibc's memcpy copies bytewise: 4096 bytes cost about
 * 22,000 instructions, which would hide what the models differ in). */
static inline void copy_words(void *dst, const void *src, size_t n)
{
	uint64_t *d = dst;
	const uint64_t *s = src;
	for (size_t i = 0; i < n / 8; i++)
		d[i] = s[i];
}

/* A fixed pseudo-random sequence (Knuth's MMIX LCG): jitter that is the same
 * in every run. */
static inline uint64_t lcg_next(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* Sleep until tick `tick` (SYS_SLEEP counts ticks from now). */
static inline void sleep_until(uint64_t tick)
{
	uint64_t now = hinge_clock(NULL);
	if (tick > now)
		hinge_sleep(tick - now);
}

/* Report a distribution of n values in instructions (bench/run.py computes
 * median, p99, min and max and keeps the values):
 *   @raw name=NAME v=V1,V2,...   (16 values a line)
 *   @dist name=NAME n=N */
static inline void dist_report(const char *name, const uint64_t *v, int n)
{
	for (int i = 0; i < n; i += 16) {
		printf("@raw name=%s v=", name);
		for (int j = i; j < n && j < i + 16; j++)
			printf(j > i ? ",%lu" : "%lu", (unsigned long)v[j]);
		printf("\n");
	}
	printf("@dist name=%s n=%d\n", name, n);
}

#endif
