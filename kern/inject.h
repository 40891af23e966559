/* Fault injection: the `inject` lines of a scenario (docs/scenarios.md).
 *
 * Each injection kills a domain when an event happens: a thread enters a
 * domain by a door call for the K-th time (before the domain's code runs),
 * returns out of a domain for the K-th time (before its caller resumes), or
 * a tick is reached (counted from the start of the scenario: a batch runs
 * several in one boot). Each fires at most once; one whose target has ended
 * already does nothing. */
#ifndef KERN_INJECT_H
#define KERN_INJECT_H

#include <stdint.h>

struct manifest;
struct domain;

/* Arm the manifest's injections; dom_of_line maps manifest indices to
 * domain ids. */
void inject_arm(const struct manifest *m, const int *dom_of_line);
void inject_enter(struct domain *d);
void inject_return(struct domain *d);
void inject_tick(uint64_t now);

#endif
