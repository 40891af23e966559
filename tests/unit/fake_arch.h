/* What the host fake of kern/arch.h recorded (see fake_arch.c). */
#ifndef TESTS_FAKE_ARCH_H
#define TESTS_FAKE_ARCH_H

#include <stdint.h>
#include <stdbool.h>

struct fake_arch {
	unsigned switches;
	uint64_t active_root;
	uint16_t active_asid;
	uint64_t time;
	uint64_t timer;
	bool user_fpu;
	unsigned fpu_saves, fpu_loads, fpu_zeros;
	/* Called (once: it is cleared first) when the kernel switches a thread
	 * out: what the rest of the system does meanwhile. */
	void (*on_switch)(void);
	/* Everything the kernel printed since the test last emptied it (as
	 * much as fits), NUL-terminated: the console and the scenario trace. */
	char console[8192];
	size_t console_len;
};

extern struct fake_arch fake_arch;

#endif
