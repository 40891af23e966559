/* picolibc's stdout for Hinge programs: characters are collected per line
 * and written with one SYS_WRITE, so lines of different domains do not
 * interleave character by character. */
#include <stdio.h>
#include "hinge.h"

static char line[256];
static size_t used;

static int flush_line(FILE *f)
{
	(void)f;
	if (used)
		hinge_write(line, used);
	used = 0;
	return 0;
}

static int put_char(char c, FILE *f)
{
	line[used++] = c;
	if (c == '\n' || used == sizeof line)
		flush_line(f);
	return (unsigned char)c;
}

static FILE console = FDEV_SETUP_STREAM(put_char, NULL, flush_line, _FDEV_SETUP_WRITE);
FILE *const stdout = &console;
FILE *const stderr = &console;
