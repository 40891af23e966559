/* Boot manifest parsing (kern/scenario/manifest.c) and the end-of-run verdict rule
 * (bootrun_end_matches). */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <hinge/errno.h>
#include "kern/scenario/manifest.h"
#include "kern/scenario/bootrun.h"
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

Test(manifest, a_trace_line_asks_for_the_door_event_trace)
{
	cr_assert_eq(parse("domain a prog=x prio=3\n"), 0);
	cr_assert_not(m.trace, "a plain manifest is not traced");
	cr_assert_eq(parse("trace\ndomain a prog=x prio=3\n"), 0);
	cr_assert(m.trace);
	cr_assert_not(m.scenario, "a traced manifest is still a plain one");
	cr_assert_eq(parse("trace all\ndomain a prog=x prio=3\n"), HE_INVAL);
	cr_assert_str_eq(why, "extra words after trace");
}

Test(manifest, a_nobwi_line_turns_bandwidth_inheritance_off)
{
	cr_assert_eq(parse("domain a prog=x prio=3\n"), 0);
	cr_assert_not(m.nobwi, "on by default");
	cr_assert_eq(parse("nobwi\ndomain a prog=x prio=3\n"), 0);
	cr_assert(m.nobwi);
	cr_assert_eq(parse("nobwi now\ndomain a prog=x prio=3\n"), HE_INVAL);
	cr_assert_str_eq(why, "extra words after nobwi");
}

Test(manifest, a_failalloc_line_names_the_allocation_to_fail)
{
	cr_assert_eq(parse("domain a prog=x prio=3\n"), 0);
	cr_assert_eq(m.failalloc, 0, "no allocation fails on a plain boot");
	cr_assert_eq(parse("failalloc 17\ndomain a prog=x prio=3\n"), 0);
	cr_assert_eq(m.failalloc, 17);
	cr_assert_eq(parse("failalloc 0\ndomain a prog=x prio=3\n"), HE_INVAL);
	cr_assert_str_eq(why, "failalloc needs one number N >= 1");
	cr_assert_eq(parse("failalloc 3 4\ndomain a prog=x prio=3\n"), HE_INVAL);
	cr_assert_eq(parse("failalloc\ndomain a prog=x prio=3\n"), HE_INVAL);
}

Test(manifest, errors_name_their_line)
{
	cr_assert_eq(parse("timeout 5\ndomain a prog=x prio=64\n"), HE_INVAL);
	cr_assert_eq(line, 2);
	cr_assert_eq(parse("domain a prog=x prio=3\nbogus\n"), HE_INVAL);
	cr_assert_eq(line, 2);
	cr_assert_str_eq(why, "unknown directive (domain, timeout, trace, failalloc, nobwi)");
	cr_assert_eq(parse("domain a prog=x\n"), HE_INVAL);
	cr_assert_str_eq(why, "domain needs prog= and prio=");
	cr_assert_eq(parse("domain a prog=x prio=3 colour=red\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=3 expect=crash\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=3 expect=exit:x\n"), HE_INVAL);
	cr_assert_eq(parse("domain a prog=x prio=64\n"), HE_INVAL);
	cr_assert_str_eq(why, "priority must be 0..63");
	cr_assert_eq(parse("domain a prog=x prio=0\n"), 0, "0 is the lowest user priority");
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
	enum domain_end end = END_EXIT;
	int64_t code = 0;
	cr_assert(bootrun_end_matches(&md, end, code));
	code = 1;
	cr_assert_not(bootrun_end_matches(&md, end, code));
	md.expect_code_given = false;
	cr_assert(bootrun_end_matches(&md, end, code), "exit without a code: any status");
	end = END_FAULT;
	cr_assert_not(bootrun_end_matches(&md, end, code));
	md.expect = EXPECT_FAULT;
	md.expect_code_given = true;
	md.expect_code = 13;
	code = 13;
	cr_assert(bootrun_end_matches(&md, end, code));
	code = 15;
	cr_assert_not(bootrun_end_matches(&md, end, code));
	md.expect = EXPECT_ANY;
	cr_assert(bootrun_end_matches(&md, end, code));
	end = END_NONE;
	cr_assert_not(bootrun_end_matches(&md, end, code), "a domain still running never matches");
}

/* Compiled scenario sections (hinge/scn.h): what the host's
 * scripts/scn/compile.py writes for a scenario file. */
Test(manifest, a_compiled_scenario_makes_actors_and_arms_injections)
{
	cr_assert_eq(parse("scn 0 2 3000 0 leaf-crash\n"
			   "dom 0 10 10 0 1 0 A\n"
			   "dom 1 5 9 2 -1 1 B\n"
			   "door 0 1 2 0 0 0 0 b\n"
			   "mutex 0 1 1 m\n"
			   "script 0 1\n"
			   "step 6 -1 0 0\n"
			   "script 1 1\n"
			   "step 0 0 0 0\n"
			   "inj 8 1 1 -1 1 1 2 -1\n"
			   "inj 9 1 0 -1 3 -1 300 -1\n"
			   "inj 10 1 0 -1 2 1 1 -1\n"
			   "inj 11 1 0 -1 6 1 3 -1\n"), 0, "line %d: %s", line, why);
	cr_assert(m.scenario);
	cr_assert_str_eq(m.name, "leaf-crash");
	cr_assert_eq(m.line, 2, "the section's first line in the scenario file");
	cr_assert_eq(m.timeout_ticks, 3000);
	cr_assert_eq(m.ndomains, 2);
	cr_assert_str_eq(m.dom[1].name, "B");
	cr_assert_str_eq(m.dom[1].prog, "actor");
	cr_assert_eq(m.dom[1].arg, 1, "an actor is told its index");
	cr_assert_eq(m.dom[1].maxprio, 9);
	cr_assert(m.dom[1].supervisor);
	cr_assert_eq(m.dom[1].expect, EXPECT_ANY, "the host checker judges how domains end");
	cr_assert_eq(m.ninjects, 4);
	cr_assert_eq(m.inject[0].line, 8, "the trace names the injection by its line");
	cr_assert_eq(m.inject[0].target, 1);
	cr_assert_eq(m.inject[0].event, INJ_ENTER);
	cr_assert_eq(m.inject[0].subject, 1);
	cr_assert_eq(m.inject[0].count, 2);
	cr_assert_not(m.inject[0].delayed);
	cr_assert_eq(m.inject[1].event, INJ_TICK);
	cr_assert_eq(m.inject[1].count, 300);
	cr_assert_eq(m.inject[2].event, INJ_RETURN);
	cr_assert_eq(m.inject[3].event, INJ_UNWIND);
	cr_assert_eq(m.inject[3].count, 3);
}

Test(manifest, compiled_injections_name_doors_by_number)
{
	cr_assert_eq(parse("scn 3 40 100 0 s\n"
			   "dom 0 10 10 0 -1 0 A\n"
			   "dom 1 5 5 0 -1 0 B\n"
			   "door 0 1 2 -1 0 1 0 a\n"
			   "door 1 1 2 -1 1 2 5 b\n"
			   "inj 44 2 -1 1 1 1 2 5000\n"
			   "inj 45 3 0 1 5 1 0 -1\n"
			   "inj 46 1 1 -1 4 -1 0 0\n"), 0, "line %d: %s", line, why);
	cr_assert_eq(m.ninjects, 3);
	cr_assert_eq(m.inject[0].action, INJ_REVOKE);
	cr_assert_str_eq(m.inject[0].door, "b");
	cr_assert(m.inject[0].delayed);
	cr_assert_eq(m.inject[0].after, 5000);
	cr_assert_eq(m.inject[1].action, INJ_CLOSE);
	cr_assert_eq(m.inject[1].target, 0);
	cr_assert_str_eq(m.inject[1].door, "b");
	cr_assert_eq(m.inject[1].event, INJ_REVOKED);
	cr_assert_str_eq(m.inject[1].subject_door, "b");
	cr_assert_eq(m.inject[2].event, INJ_START);
	cr_assert(m.inject[2].delayed, "+0 is a delay of zero, still through the timer");
}

Test(manifest, broken_compiled_records_are_refused)
{
	const char *bad[] = {
		"dom 2 5 5 0 -1 0 B\n",                  /* out of order */
		"dom 0 0 5 0 -1 0 B\n",                  /* priority 0 */
		"dom 0 5 4 0 -1 0 B\n",                  /* maxprio below prio */
		"dom 0 5 5 0 -1 0\n",                    /* no name */
		"door 0 0 2 -1 0 0 0 a b\n",             /* a field too many */
		"door 0 0 2 -1 0 a\n",                   /* a version-1 door: no FLAGS, no PRIO */
		"inj 3 1 7 -1 4 -1 0 -1\n",              /* no domain 7 */
		"inj 3 2 -1 5 4 -1 0 -1\n",              /* no door 5 */
		"inj 3 1 0 -1 1 0 0 -1\n",               /* the 0th entry */
		"inj 3 1 0 -1 4 -1 0 1000000000001\n",   /* +N above 10^12 */
		"inj 3 9 0 -1 4 -1 0 -1\n",              /* no action 9 */
		"domain A prog=x prio=1\n",              /* a manifest line */
		"scn 1 1 10 0 again\n",
		"budget 1 2 5\n",                        /* no domain 1 */
		"budget 0 6 5\n",                        /* budget above period */
		"budget 0 0 5\n",                        /* a period without a budget */
		"budget 0 2\n",                          /* no period */
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[200];
		snprintf(text, sizeof text, "scn 0 1 100 0 s\ndom 0 1 1 0 -1 0 A\n%s", bad[i]);
		cr_assert_eq(parse(text), HE_INVAL, "accepted: %s", bad[i]);
		cr_assert_eq(line, 3);
	}
	cr_assert_eq(parse("domain A prog=x prio=1\nscn 0 1 100 0 late\n"), HE_INVAL,
		     "a scn record only starts a section");
	cr_assert_eq(parse("scenario s\ndomain A prio=1\n"), HE_INVAL, "the scenario language is the host's");
}

/* doors/SEMANTICS.md §18: a domain's budget cap, both forms. */
Test(manifest, a_budget_cap_is_read_in_both_forms)
{
	cr_assert_eq(parse("domain A prog=x prio=5 budget=2 period=7\ndomain B prog=x prio=5\n"), 0);
	cr_assert_eq(m.dom[0].budget, 2);
	cr_assert_eq(m.dom[0].period, 7);
	cr_assert_eq(m.dom[1].budget, 0, "unlimited");
	cr_assert_eq(m.dom[1].period, 0);
	cr_assert_eq(parse("domain A prog=x prio=5 budget=2\n"), HE_INVAL, "a budget without a period");
	cr_assert_eq(parse("domain A prog=x prio=5 budget=8 period=7\n"), HE_INVAL);
	cr_assert_eq(parse("domain A prog=x prio=5 budget=x period=7\n"), HE_INVAL);
	cr_assert_eq(parse("scn 0 1 100 0 s\ndom 0 1 1 0 -1 0 A\ndom 1 1 1 0 -1 0 B\nbudget 1 3 9\n"), 0);
	cr_assert_eq(m.dom[0].budget, 0);
	cr_assert_eq(m.dom[1].budget, 3);
	cr_assert_eq(m.dom[1].period, 9);
}
