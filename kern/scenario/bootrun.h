/* Running a boot manifest: start its domains, watch them end, give a verdict.
 * A batch of scenarios (kern/scenario/batch.h) runs section after section. */
#ifndef KERN_BOOTRUN_H
#define KERN_BOOTRUN_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kern/domain.h"

struct domain;
struct manifest;
struct manifest_domain;

/* Take the boot file, note the baseline object counts, parse the (first)
 * section and create its domains. Errors (with line number) are printed and
 * end the run as failed (in a batch: that section fails, the next runs). */
void bootrun_start(const char *text, size_t len);
/* The running section of the boot file (the whole file unless it is a
 * batch), for SYS_BOOTFILE. */
size_t bootrun_text(const char **text);
/* Record how d ended (called once per domain). */
void bootrun_domain_ended(struct domain *d);
/* All domains are gone: judge the section (ends, and for a scenario the
 * baseline counts), then start the next section and return, or print the
 * verdict and shut down with it. Called from the scheduler loop. */
void bootrun_finish(void);
/* Called every tick: fail the run when the running section's timeout has
 * passed (a timeout ends the boot, even in a batch). */
void bootrun_tick(uint64_t now);
/* Ticks since the running section started (injection ticks count so). */
uint64_t bootrun_ticks(uint64_t now);
/* Whether a domain's end matches its manifest line (portable; unit-tested). */
bool bootrun_end_matches(const struct manifest_domain *md, enum domain_end end, int64_t code);

#endif
