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

Test(manifest, a_scenario_makes_actors_and_arms_injections)
{
	cr_assert_eq(parse("# a scenario\n"
			   "scenario leaf-crash\n"
			   "domain A prio=10\n"
			   "domain B prio=5 threads=2\n"
			   "door b in B acts=2\n"
			   "on b: fault load\n"
			   "run A: call b\n"
			   "inject kill B when enter B 2\n"
			   "inject kill A when tick 300\n"
			   "inject kill A when return B\n"
			   "inject kill A when unwind B 3\n"
			   "expect A call b = HE_DEAD\n"), 0);
	cr_assert(m.scenario);
	cr_assert_str_eq(m.name, "leaf-crash");
	cr_assert_eq(m.ndomains, 2);
	cr_assert_str_eq(m.dom[1].prog, "actor");
	cr_assert_eq(m.dom[1].arg, 1, "an actor is told its index");
	cr_assert_eq(m.dom[1].expect, EXPECT_ANY, "the host checker judges how domains end");
	cr_assert_eq(m.ninjects, 4);
	cr_assert_eq(m.inject[0].target, 1);
	cr_assert_eq(m.inject[0].event, INJ_ENTER);
	cr_assert_eq(m.inject[0].subject, 1);
	cr_assert_eq(m.inject[0].count, 2);
	cr_assert_eq(m.inject[1].event, INJ_TICK);
	cr_assert_eq(m.inject[1].count, 300);
	cr_assert_eq(m.inject[2].event, INJ_RETURN);
	cr_assert_eq(m.inject[2].count, 1, "the first occurrence by default");
	cr_assert_eq(m.inject[3].event, INJ_UNWIND);
	cr_assert_eq(m.inject[3].subject, 1);
	cr_assert_eq(m.inject[3].count, 3);
}

Test(manifest, injections_revoke_close_and_act_after_n_instructions)
{
	cr_assert_eq(parse("scenario s\n"
			   "domain A prio=10\n"
			   "domain B prio=5\n"
			   "inject revoke b when enter B 2 +5000\n"
			   "inject close A b when revoke b\n"
			   "inject kill B when start +1000000\n"
			   "inject kill A when tick 40 +7\n"
			   "inject kill A when return B +0\n"
			   "inject kill B when start\n"), 0);
	cr_assert_eq(m.ninjects, 6);
	cr_assert_eq(m.inject[0].action, INJ_REVOKE);
	cr_assert_str_eq(m.inject[0].door, "b");
	cr_assert_eq(m.inject[0].event, INJ_ENTER);
	cr_assert_eq(m.inject[0].count, 2);
	cr_assert(m.inject[0].delayed);
	cr_assert_eq(m.inject[0].after, 5000);
	cr_assert_eq(m.inject[0].line, 4, "the trace names the injection by its line");
	cr_assert_eq(m.inject[1].action, INJ_CLOSE);
	cr_assert_eq(m.inject[1].target, 0);
	cr_assert_str_eq(m.inject[1].door, "b");
	cr_assert_eq(m.inject[1].event, INJ_REVOKED);
	cr_assert_str_eq(m.inject[1].subject_door, "b");
	cr_assert_not(m.inject[1].delayed);
	cr_assert_eq(m.inject[2].event, INJ_START);
	cr_assert_eq(m.inject[2].after, 1000000);
	cr_assert_eq(m.inject[3].event, INJ_TICK);
	cr_assert_eq(m.inject[3].count, 40);
	cr_assert_eq(m.inject[3].after, 7);
	cr_assert_eq(m.inject[4].event, INJ_RETURN);
	cr_assert_eq(m.inject[4].count, 1);
	cr_assert(m.inject[4].delayed, "+0 is a delay of zero, still through the timer");
	cr_assert_not(m.inject[5].delayed);
}

Test(manifest, injection_errors)
{
	const char *bad[] = {
		"inject revoke when tick 3\n",                 /* no door */
		"inject close A when tick 3\n",                /* no door */
		"inject close Z b when tick 3\n",              /* unknown domain */
		"inject kill A when enter A +\n",              /* +N without N */
		"inject kill A when enter A +x\n",
		"inject kill A when start +1000000000001\n",   /* above 10^12 */
		"inject kill A when start 3\n",                /* extra word */
		"inject kill A when revoke\n",                 /* no door */
		"inject kill A when enter A 2 +5 9\n",
		"inject kill A when tick +5\n",                /* tick needs T */
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[200];
		snprintf(text, sizeof text, "scenario s\ndomain A prio=1\n%s", bad[i]);
		cr_assert_eq(parse(text), HE_INVAL, "accepted: %s", bad[i]);
		cr_assert_eq(line, 3);
	}
}

Test(manifest, scenario_errors)
{
	cr_assert_eq(parse("domain A prog=x prio=1\nscenario late\n"), HE_INVAL);
	cr_assert_str_eq(why, "scenario must be the first directive");
	cr_assert_eq(parse("scenario s\ndomain A prio=1 prog=x\n"), HE_INVAL);
	cr_assert_eq(parse("scenario s\ndomain A prio=1\ninject kill Z when enter A\n"), HE_INVAL);
	cr_assert_eq(line, 3);
	cr_assert_eq(parse("scenario s\ndomain A prio=1\ninject kill A when enter A 0\n"), HE_INVAL);
	cr_assert_eq(parse("scenario s\ndomain A prio=1\ninject stop A when tick 3\n"), HE_INVAL);
	cr_assert_eq(parse("scenario s\ndomain A prio=1\ninject kill A when lunch\n"), HE_INVAL);
	cr_assert_eq(parse("scenario s\ndomain A prio=1\nbogus\n"), HE_INVAL);
	cr_assert_eq(parse("domain A prog=x prio=1\ndoor b in A\n"), HE_INVAL,
		     "actor lines are only skipped in a scenario");
}
