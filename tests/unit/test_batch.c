/* Splitting a boot file into the sections of a batch (kern/scenario/batch.h). */
#include <string.h>
#include <criterion/criterion.h>
#include "kern/scenario/batch.h"

static const char *text;
static size_t len;

static void use(const char *t)
{
	text = t;
	len = strlen(t);
}

Test(batch, a_manifest_is_one_section)
{
	use("timeout 10\ndomain a prog=x prio=1\nscenario late\n");
	cr_assert_eq(batch_count(text, len), 1);
	cr_assert_eq(batch_section_end(text, len, 0), len, "a late `scenario` is the parser's error, not a split");
}

Test(batch, a_single_scenario_is_one_section)
{
	use("# comment\nscenario one\ndomain A prio=1\n");
	cr_assert_eq(batch_count(text, len), 1);
	cr_assert_eq(batch_section_end(text, len, 0), len);
}

Test(batch, each_scenario_line_starts_a_section)
{
	use("# head\nscenario one\ndomain A prio=1\n# about two\n  scenario two\ndomain B prio=2\nscenario three\n");
	cr_assert_eq(batch_count(text, len), 3);
	size_t e1 = batch_section_end(text, len, 0);
	cr_assert_eq(strncmp(text + e1, "  scenario two", 14), 0, "the comment above stays with section one");
	cr_assert_eq(batch_line_of(text, e1), 5);
	size_t e2 = batch_section_end(text, len, e1);
	cr_assert_eq(strncmp(text + e2, "scenario three", 14), 0);
	cr_assert_eq(batch_section_end(text, len, e2), len);
}

Test(batch, only_a_first_word_counts)
{
	use("scenario one\ndomain scenario prio=1\n# scenario in a comment\nscenario#x\nscenarios x\n");
	cr_assert_eq(batch_count(text, len), 2, "`scenario#x` is the word scenario before a comment");
	size_t e = batch_section_end(text, len, 0);
	cr_assert_eq(strncmp(text + e, "scenario#x", 10), 0);
}

Test(batch, empty_and_unterminated_files)
{
	use("");
	cr_assert_eq(batch_count(text, len), 1);
	use("scenario a\nscenario b");
	cr_assert_eq(batch_count(text, len), 2);
	cr_assert_eq(batch_section_end(text, len, 0), 11);
	cr_assert_eq(batch_line_of(text, 11), 2);
}
