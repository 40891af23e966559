/* Allocation-failure injection: the count of pool allocations, and the one
 * that fails (FAILALLOC() of kern/config.h). The console line `@failalloc n=N site=F`
 * names the allocation made to fail and its function; scripts/failalloc.py
 * reads it, and `@failalloc count=N` at the end, to try every n in turn. */
#include "failalloc.h"
#include "kern/config.h"
#include "kern/console.h"

static uint64_t target; /* 0: none armed */
static uint64_t made;

bool failalloc_arm(uint64_t n)
{
	target = n;
	made = 0;
#ifdef HINGE_FAILALLOC
	return true;
#else
	return false;
#endif
}

uint64_t failalloc_count(void)
{
	return made;
}

#ifdef HINGE_FAILALLOC
bool failalloc_now(const char *site)
{
	if (!target)
		return false;
	if (++made != target)
		return false;
	kprintf("@failalloc n=%lu site=%s\n", (unsigned long)made, site);
	return true;
}
#endif
