/* The harness's side of allocation-failure injection (kern/config.h FAILALLOC(),
 * docs/robustness.md): which allocation fails, and how many were made. */
#ifndef KERN_SCENARIO_FAILALLOC_H
#define KERN_SCENARIO_FAILALLOC_H

#include <stdbool.h>
#include <stdint.h>

/* Make the n-th pool allocation from now on fail (n >= 1). False in a
 * kernel built without FAILALLOC=1, where no pool asks. */
bool failalloc_arm(uint64_t n);
/* Pool allocations made since failalloc_arm. */
uint64_t failalloc_count(void);

#endif
