/* The console form of the coverage counts (coverage.h): for each object
 * file, `@gcda FILE`, lines of hex bytes of its .gcda, then `@gcda end`.
 * gcc's -fprofile-info-section=gcov_info puts a pointer to each object's
 * counters in the section gcov_info, which the linker brackets with
 * __start_gcov_info and __stop_gcov_info; libgcov's __gcov_info_to_gcda
 * writes one object's counts in the .gcda format through the callbacks
 * below. Only in a COVERAGE=1 kernel. */
#ifdef HINGE_COVERAGE
#include <gcov.h>
#include <stdint.h>
#include "coverage.h"
#include "kern/console.h"

extern const struct gcov_info *const __start_gcov_info[];
extern const struct gcov_info *const __stop_gcov_info[];

static const char hex[] = "0123456789abcdef";
static char line[129];
static unsigned used;

static void flush(void)
{
	if (used) {
		line[used++] = '\n';
		console_write(line, used);
	}
	used = 0;
}

static void filename(const char *name, void *arg)
{
	(void)arg;
	kprintf("@gcda %s\n", name);
}

static void dump(const void *data, unsigned n, void *arg)
{
	(void)arg;
	const uint8_t *p = data;
	for (unsigned i = 0; i < n; i++) {
		line[used++] = hex[p[i] >> 4];
		line[used++] = hex[p[i] & 15];
		if (used == 128)
			flush();
	}
}

/* libgcov asks for scratch memory once per object; a bump allocator over a
 * static arena, reset per object, is enough (the machine stops after). */
static uint8_t arena[64 * 1024] __attribute__((aligned(16)));
static unsigned arena_used;

static void *allocate(unsigned n, void *arg)
{
	(void)arg;
	n = (n + 15) & ~15u;
	if (arena_used + n > sizeof arena)
		return NULL;
	arena_used += n;
	return arena + arena_used - n;
}

void coverage_dump(void)
{
	for (const struct gcov_info *const *i = __start_gcov_info; i < __stop_gcov_info; i++) {
		arena_used = 0;
		__gcov_info_to_gcda(*i, filename, dump, allocate, NULL);
		flush();
		kprintf("@gcda end\n");
	}
}
#endif
