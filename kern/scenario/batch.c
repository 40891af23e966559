/* The sections of a boot file (rules in batch.h). */
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <hinge/scn.h>
#include "batch.h"

static const char header[] = "hinge-scn ";
#define HEADER_LEN (sizeof header - 1)

/* The decimal number at *p (advanced past it and one following space), or
 * -1 if there is none. */
static long number(const char **p, const char *end)
{
	long v = 0;
	const char *s = *p;
	while (*p < end && **p >= '0' && **p <= '9' && v < INT32_MAX)
		v = v * 10 + (**p - '0'), (*p)++;
	if (*p == s || v >= INT32_MAX)
		return -1;
	if (*p < end && **p == ' ')
		(*p)++;
	return v;
}

static bool compiled(const char *text, size_t len)
{
	return len >= HEADER_LEN && memcmp(text, header, HEADER_LEN) == 0;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

int batch_sections(const char *text, size_t len, size_t *first)
{
	*first = 0;
	if (!compiled(text, len))
		return 1;
	const char *end = text + len, *p = text + HEADER_LEN;
	long version = number(&p, end), n = number(&p, end);
	if (version != SCN_FORM_VERSION || n < 1)
		return -1;
	*first = (size_t)(line_end(p, end) - text);
	return (int)n;
}

size_t batch_section_end(const char *text, size_t len, size_t off)
{
	if (!compiled(text, len))
		return len;
	const char *end = text + len, *p = text + off;
	if ((size_t)(end - p) < 4 || memcmp(p, "scn ", 4) != 0)
		return len;
	p += 4;
	for (int field = 0; field < 3; field++) /* INDEX LINE TIMEOUT */
		if (number(&p, end) < 0)
			return len;
	long bytes = number(&p, end);
	size_t body = (size_t)(line_end(p, end) - text);
	if (bytes < 0 || (size_t)bytes > len - body)
		return len;
	return body + (size_t)bytes;
}
