/* Boot manifest parsing (kern/manifest.c) and the end-of-run verdict rule
 * (bootrun_end_matches). */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "kern/manifest.h"
#include "kern/bootrun.h"
#include "kern/domain.h"

static struct manifest m;
static int line;
static const char *why;

static int parse(const char *text)
{
	return manifest_parse(text, strlen(text), &m, &line, &why);
}

Test(manifest, a_full_manifest_is_read)
{
	cr_assert_eq(parse("# comment\n"
			   "timeout 2000\n"
			   "\n"
			   "domain ticker prog=ticker prio=20   # trailing comment\n"
			   "domain crash  prog=crash arg=0x10 prio=5 maxprio=9 expect=fault:13\n"
			   "domain any    prog=x prio=1 expect=any\n"), 0);
	cr_assert_eq(m.timeout_ticks, 2000);
	cr_assert_eq(m.ndomains, 3);
	cr_assert_str_eq(m.dom[0].name, "ticker");
	cr_assert_str_eq(m.dom[0].prog, "ticker");
	cr_assert_eq(m.dom[0].prio, 20);
	cr_assert_eq(m.dom[0].maxprio, 20, "maxprio defaults to prio");
	cr_assert_eq(m.dom[0].expect, EXPECT_EXIT);
	cr_assert(m.dom[0].expect_code_given);
	cr_assert_eq(m.dom[0].expect_code, 0, "the default expectation is exit:0");
	cr_assert_eq(m.dom[1].arg, 16);
	cr_assert_eq(m.dom[1].maxprio, 9);
	cr_assert_eq(m.dom[1].expect, EXPECT_FAULT);
	cr_assert_eq(m.dom[1].expect_code, 13);
	cr_assert_eq(m.dom[2].expect, EXPECT_ANY);
}

Test(manifest, errors_name_their_line)
{
	cr_assert_eq(parse("timeout 5\ndomain a prog=x prio=64\n"), HE_INVAL);
	cr_assert_eq(line, 2);
	cr_assert_eq(parse("domain a prog=x prio=3\nbogus\n"), HE_INVAL);
	cr_assert_eq(line, 2);
	cr_assert_str_eq(why, "unknown directive (domain, timeout)");
	cr_assert_eq(parse("domain a prog=x\n"), HE_INVAL);
	cr_assert_str_eq(why, "domain needs prog= and prio=");
	cr_assert_eq(parse("domain a prog=x prio=3 colour=red\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=3 expect=crash\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=3 expect=exit:x\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=0\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=3 arg=99999999999999999999999\n"), HE_INVAL);
	cr_assert_eq(parse("domain a_name_that_is_too_long prog=x prio=3\n"), HE_INVAL);
	cr_assert_eq(parse("timeout 5 6\ndomain a prog=x prio=3\n"), HE_INVAL);
	cr_assert_eq(line, 1);
	cr_assert_eq(parse("# nothing\n"), HE_INVAL);
	cr_assert_str_eq(why, "no domain");
}

Test(manifest, too_many_domains_is_nomem)
{
	static char text[64 * (MAX_DOMAINS + 1)];
	text[0] = '\0';
	for (int i = 0; i <= MAX_DOMAINS; i++) {
		char l[64];
		snprintf(l, sizeof l, "domain d%d prog=x prio=1\n", i);
		strcat(text, l);
	}
	cr_assert_eq(parse(text), HE_NOMEM);
	cr_assert_eq(line, MAX_DOMAINS + 1);
}

Test(manifest, verdict_matches_how_a_domain_ended)
{
	struct manifest_domain md = { .expect = EXPECT_EXIT, .expect_code_given = true, .expect_code = 0 };
	struct domain d = { .end = END_EXIT, .end_code = 0 };
	cr_assert(bootrun_end_matches(&md, &d));
	d.end_code = 1;
	cr_assert_not(bootrun_end_matches(&md, &d));
	md.expect_code_given = false;
	cr_assert(bootrun_end_matches(&md, &d), "exit without a code: any status");
	d.end = END_FAULT;
	cr_assert_not(bootrun_end_matches(&md, &d));
	md.expect = EXPECT_FAULT;
	md.expect_code_given = true;
	md.expect_code = 13;
	d.end_code = 13;
	cr_assert(bootrun_end_matches(&md, &d));
	d.end_code = 15;
	cr_assert_not(bootrun_end_matches(&md, &d));
	md.expect = EXPECT_ANY;
	cr_assert(bootrun_end_matches(&md, &d));
	d.end = END_NONE;
	cr_assert_not(bootrun_end_matches(&md, &d), "a domain still running never matches");
}
