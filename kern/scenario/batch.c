/* Splitting a boot file into the sections of a batch (rules in batch.h). */
#include <string.h>
#include <stdbool.h>
#include "batch.h"

/* The first word of the line at [p, end): *w and its length (0 for a blank
 * or comment line). Words end at a space, tab, CR, newline or '#'. */
static size_t first_word(const char *p, const char *end, const char **w)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	*w = p;
	while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '#')
		p++;
	return (size_t)(p - *w);
}

static bool is_scenario(const char *w, size_t n)
{
	return n == 8 && memcmp(w, "scenario", 8) == 0;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

/* Whether the file's first directive is `scenario`. */
static bool scenario_file(const char *text, size_t len)
{
	const char *end = text + len;
	for (const char *p = text; p < end; p = line_end(p, end)) {
		const char *w;
		size_t n = first_word(p, end, &w);
		if (n)
			return is_scenario(w, n);
	}
	return false;
}

size_t batch_section_end(const char *text, size_t len, size_t off)
{
	if (!scenario_file(text, len))
		return len;
	const char *end = text + len;
	bool seen_directive = false;
	for (const char *p = text + off; p < end; p = line_end(p, end)) {
		const char *w;
		size_t n = first_word(p, end, &w);
		if (n && is_scenario(w, n) && seen_directive)
			return (size_t)(p - text);
		seen_directive = seen_directive || n;
	}
	return len;
}

int batch_count(const char *text, size_t len)
{
	int n = 0;
	size_t off = 0;
	do {
		off = batch_section_end(text, len, off);
		n++;
	} while (off < len);
	return n;
}

int batch_line_of(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}
