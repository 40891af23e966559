/* The periodic timer tick: time, sleeping, slices and budgets. */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdint.h>

/* Boot hart: the timebase, and this hart's first tick (clock_start). */
void clock_init(uint64_t timebase_hz);
/* This hart's ticks begin: every hart has its own timer. */
void clock_start(void);
/* Handle a timer interrupt: advance time, let the scheduler account and wake. */
void clock_interrupt(void);
uint64_t clock_ticks(void);
uint64_t clock_timebase_hz(void);
/* Nanoseconds of virtual time (= instructions under -icount shift=0) as
 * timebase units, rounded up, and back, rounded down. */
uint64_t clock_ns_to_timebase(uint64_t ns);
uint64_t clock_timebase_to_ns(uint64_t units);
/* A one-shot deadline (kern/scenario/inject.h) was added: program the timer for
 * whichever comes first, it or the next tick. */
void clock_reprogram(void);

#endif
