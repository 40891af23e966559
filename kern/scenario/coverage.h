/* Line coverage of the kernel (docs/robustness.md, `make coverage`): a
 * kernel built with COVERAGE=1 counts each arc of its code (gcc's
 * -fprofile-arcs) and, at the end of a boot, coverage_dump writes the counts
 * to the console as .gcda files in hex; scripts/coverage.py turns them back
 * into files and a report. In other builds coverage_dump is nothing. */
#ifndef KERN_SCENARIO_COVERAGE_H
#define KERN_SCENARIO_COVERAGE_H

#ifdef HINGE_COVERAGE
void coverage_dump(void);
#else
static inline void coverage_dump(void)
{
}
#endif

#endif
