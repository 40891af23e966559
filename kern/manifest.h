/* Boot manifests: which domains to start, and what each is expected to do.
 *
 * Text format, one directive per line, '#' starts a comment:
 *   timeout TICKS
 *   domain NAME prog=PROGRAM prio=N [maxprio=N] [arg=N]
 *          [expect=exit|exit:CODE|fault|fault:SCAUSE|any]
 * The default expectation is exit:0. The manifest comes from the initrd
 * (-initrd FILE) or, without one, is the built-in demo (usr/demo.manifest). */
#ifndef KERN_MANIFEST_H
#define KERN_MANIFEST_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "config.h"

enum expect_kind { EXPECT_ANY = 0, EXPECT_EXIT, EXPECT_FAULT };

struct manifest_domain {
	char name[16];
	char prog[16];
	int prio;
	int maxprio;
	uint64_t arg;
	enum expect_kind expect;
	bool expect_code_given;
	int64_t expect_code;
};

struct manifest {
	int ndomains;
	struct manifest_domain dom[MAX_DOMAINS];
	uint64_t timeout_ticks;  /* 0 = none */
};

/* Parse text into m. Returns 0, or a negative HE_* code with *line set to
 * the 1-based line of the error and *why to a short reason. */
int manifest_parse(const char *text, size_t len, struct manifest *m,
		   int *line, const char **why);

#endif
