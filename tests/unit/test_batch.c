/* The sections of a boot file (kern/scenario/batch.h): the host wrote their lengths. */
#include <string.h>
#include <criterion/criterion.h>
#include "kern/scenario/batch.h"

static const char *text;
static size_t len;
static size_t first;

static void use(const char *t)
{
	text = t;
	len = strlen(t);
}

Test(batch, a_manifest_is_one_section)
{
	use("timeout 10\ndomain a prog=x prio=1\nscn 0 1 10 5 late\n");
	cr_assert_eq(batch_sections(text, len, &first), 1);
	cr_assert_eq(first, 0);
	cr_assert_eq(batch_section_end(text, len, 0), len, "a `scn` record is the parser's error, not a split");
}

Test(batch, sections_follow_their_byte_counts)
{
	use("hinge-scn 2 3\n"
	    "scn 0 1 100 19 one\ndom 0 1 1 0 -1 0 A\n"
	    "scn 1 4 100 0 two\n"
	    "scn 2 9 100 19 three\ndom 0 2 2 0 -1 0 B\n");
	cr_assert_eq(batch_sections(text, len, &first), 3);
	cr_assert_eq(strncmp(text + first, "scn 0 ", 6), 0);
	size_t e1 = batch_section_end(text, len, first);
	cr_assert_eq(strncmp(text + e1, "scn 1 ", 6), 0);
	size_t e2 = batch_section_end(text, len, e1);
	cr_assert_eq(strncmp(text + e2, "scn 2 ", 6), 0, "a section of no records after its scn line");
	cr_assert_eq(batch_section_end(text, len, e2), len);
}

Test(batch, bad_headers_and_lengths)
{
	use("hinge-scn 1 1\nscn 0 1 100 0 a\n");
	cr_assert_eq(batch_sections(text, len, &first), -1, "an older version");
	use("hinge-scn 2 0\n");
	cr_assert_eq(batch_sections(text, len, &first), -1, "no section");
	use("hinge-scn 2 1\nscn 0 1 100 999 a\n");
	cr_assert_eq(batch_sections(text, len, &first), 1);
	cr_assert_eq(batch_section_end(text, len, first), len, "a length past the end stops at the end");
	use("hinge-scn 2 1\ndom 0 1 1 0 -1 0 A\n");
	cr_assert_eq(batch_sections(text, len, &first), 1);
	cr_assert_eq(batch_section_end(text, len, first), len, "no scn record where a section starts");
}
