/* The periodic timer tick: time, sleeping, slices and budgets. */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdint.h>

void clock_init(uint64_t timebase_hz);
/* Handle a timer interrupt: advance time, let the scheduler account and wake. */
void clock_interrupt(void);
uint64_t clock_ticks(void);
uint64_t clock_timebase_hz(void);

#endif
