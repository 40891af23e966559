/* User programs embedded in the kernel image at build time (see Makefile:
 * every usr/NAME.c, tests/qemu/NAME.c and bench/NAME.c becomes an ELF linked
 * in here). */
#ifndef KERN_PROGRAM_H
#define KERN_PROGRAM_H

#include <stddef.h>

struct program {
	const char *name;
	const void *image;
	size_t size;
};

/* The program called name, or NULL. */
const struct program *program_find(const char *name);

#endif
