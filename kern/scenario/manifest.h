/* Boot manifests: which domains to start, and what each is expected to do.
 *
 * Text format, one directive per line, '#' starts a comment:
 *   timeout TICKS
 *   trace                   (record the run's events, printed at its end:
 *                            kern/scenario/trace.h; TRACE=1 puts it first)
 *   failalloc N             (a FAILALLOC=1 kernel: the N-th pool allocation fails)
 *   nobwi                   (bandwidth inheritance off: doors/SEMANTICS.md §21; for
 *                            the comparison of bench/README.md only)
 *   domain NAME prog=PROGRAM prio=N [maxprio=N] [budget=N period=N] [arg=N] [supervisor]
 *          [hart=ID] [expect=exit|exit:CODE|fault|fault:SCAUSE|any]
 * `supervisor` marks the one domain told of every death (kern/supervisor.h).
 * hart=ID runs the domain's threads on hart ID (a kernel built for several
 * harts: docs/smp.md); without it they run on the boot hart.
 * The default expectation is exit:0. The manifest comes from the initrd
 * (-initrd FILE) or, without one, is the built-in demo (usr/demo.manifest).
 *
 * A fault-injection scenario (docs/scenarios.md) comes compiled by the host
 * (hinge/scn.h): one section of the boot file, starting with its `scn`
 * record. Then every `dom` record is a domain running the program `actor`
 * with arg = its index, its end is not judged here (the host checker does
 * that), `inj` records arm kernel injections (their doors named by the
 * `door` records), and the records for the actor (script, step) are
 * skipped. */
#ifndef KERN_MANIFEST_H
#define KERN_MANIFEST_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <hinge/scn.h>
#include <hinge/domain.h>
#include "kern/config.h"

enum expect_kind { EXPECT_ANY = 0, EXPECT_EXIT, EXPECT_FAULT };

struct manifest_domain {
	char name[DOMAIN_NAME_LEN];
	char prog[DOMAIN_NAME_LEN];
	int prio;
	int maxprio;
	uint64_t budget;        /* budget cap, ticks per period (0/0: unlimited) */
	uint64_t period;
	uint64_t arg;
	enum expect_kind expect;
	bool expect_code_given;
	int64_t expect_code;
	bool supervisor;        /* told of every other domain's death; may restart them */
	int hart;               /* hart= (kern/smp.h): where its threads run; -1 if not given */
};

enum inject_event {
	INJ_ENTER = SCN_EV_ENTER, INJ_RETURN = SCN_EV_RETURN, INJ_TICK = SCN_EV_TICK,
	INJ_START = SCN_EV_START, INJ_REVOKED = SCN_EV_REVOKED, INJ_UNWIND = SCN_EV_UNWIND,
	INJ_EXHAUSTED = SCN_EV_EXHAUSTED
};
enum inject_action { INJ_KILL = SCN_INJ_KILL, INJ_REVOKE = SCN_INJ_REVOKE, INJ_CLOSE = SCN_INJ_CLOSE,
		     INJ_CANCEL = SCN_INJ_CANCEL };

/* One injection (docs/scenarios.md, `inject ACTION when EVENT [+N]`), read
 * from an `inj` record. Doors are named by the names their servers publish
 * (doors/names.h): the kernel resolves them when the injection fires. */
struct manifest_inject {
	enum inject_action action;
	int target;               /* kill, close: index of the domain */
	char door[16];            /* revoke, close: the door's name */
	enum inject_event event;
	int subject;              /* enter, return: domain index */
	char subject_door[16];    /* revoke: the door's name */
	uint64_t count;           /* K-th occurrence, or the tick */
	bool delayed;             /* +N given: fire N instructions after the event */
	uint64_t after;           /* N */
	int line;                 /* of the scenario file, for the trace */
};

#define MAX_INJECTS 16
#define INJECT_AFTER_MAX 1000000000000ull /* +N: instructions, at most 10^12 (1000 s) */

struct manifest {
	int ndomains;
	struct manifest_domain dom[MAX_DOMAINS];
	uint64_t timeout_ticks;  /* 0 = none */
	bool scenario;           /* a compiled scenario section */
	bool trace;              /* a plain manifest's `trace` line: events traced as in a scenario,
				    printed at the end (kern/scenario/trace.h; TRACE=1, make trace M=) */
	bool nobwi;              /* `nobwi`: kern/inherit.h, inherit_bandwidth_off */
	uint64_t failalloc;      /* `failalloc N`: the N-th pool allocation fails (FAILALLOC() in kern/config.h) */
	char name[16];
	int line;                /* scenario: its first line in the scenario file */
	int ndoors;
	char door[MAX_HANDLES][16]; /* scenario: door names, by number */
	int ninjects;
	struct manifest_inject inject[MAX_INJECTS];
};

/* Parse text (a plain manifest, or one compiled scenario section) into m.
 * Returns 0, or a negative HE_* code with *line set to the 1-based line of
 * the error and *why to a short reason. */
int manifest_parse(const char *text, size_t len, struct manifest *m,
		   int *line, const char **why);

#endif
