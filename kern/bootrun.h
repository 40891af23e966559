/* Running a boot manifest: start its domains, watch them end, give a verdict. */
#ifndef KERN_BOOTRUN_H
#define KERN_BOOTRUN_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct domain;
struct manifest;
struct manifest_domain;

/* Parse the manifest text and create its domains. Errors (with line number)
 * are printed and end the run as failed. */
void bootrun_start(const char *text, size_t len);
/* The boot file (manifest or scenario text), for SYS_BOOTFILE. */
size_t bootrun_text(const char **text);
/* Record how d ended (called once per domain). */
void bootrun_domain_ended(struct domain *d);
/* All domains are gone: print the verdict and shut down with it. */
void bootrun_finish(void) __attribute__((noreturn));
/* Called every tick: fail the run when the manifest's timeout has passed. */
void bootrun_tick(uint64_t now);
/* Whether domain d's end matches its manifest line (portable; unit-tested). */
bool bootrun_end_matches(const struct manifest_domain *md, const struct domain *d);

#endif
