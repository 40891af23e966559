/* Runs a boot manifest: each domain line becomes a domain; when every domain
 * has ended, the kernel compares how each ended with its `expect=` and shuts
 * the machine down with status 0 (all as expected) or 1. This is how QEMU
 * tests get a verdict without any timeout, and how `make qemu` exits. */
#include <string.h>
#include "bootrun.h"
#include "manifest.h"
#include "domain.h"
#include "console.h"
#include "arch.h"
#include "trace.h"
#include "inject.h"
#include "kcounts.h"
#include "supervisor.h"

static struct manifest manifest;
static const char *boot_text;  /* the boot file, for SYS_BOOTFILE */
static size_t boot_len;
static int dom_of_line[MAX_DOMAINS];   /* manifest line index -> domain id, -1 if not started */
static bool failed;

static const char *end_name(enum domain_end e)
{
	return e == END_EXIT ? "exit" : e == END_FAULT ? "fault" : e == END_KILL ? "kill" : "running";
}

size_t bootrun_text(const char **text)
{
	*text = boot_text;
	return boot_len;
}

bool bootrun_end_matches(const struct manifest_domain *md, const struct domain *d)
{
	switch (md->expect) {
	case EXPECT_ANY:
		return d->end != END_NONE;
	case EXPECT_EXIT:
		return d->end == END_EXIT && (!md->expect_code_given || d->end_code == md->expect_code);
	case EXPECT_FAULT:
		return d->end == END_FAULT && (!md->expect_code_given || d->end_code == md->expect_code);
	}
	return false;
}

void bootrun_start(const char *text, size_t len)
{
	int line;
	const char *why;
	boot_text = text;
	boot_len = len;
	int r = manifest_parse(text, len, &manifest, &line, &why);
	if (r < 0) {
		kprintf("[hinge] manifest line %d: %s\n", line, why);
		kprintf("[hinge] verdict: FAIL (bad manifest)\n");
		arch_shutdown(1);
	}
	for (int i = 0; i < manifest.ndomains; i++) {
		struct manifest_domain *md = &manifest.dom[i];
		int err = 0;
		struct domain *d = domain_create(md->name, md->prog, md->prio, md->maxprio, md->arg, &err);
		dom_of_line[i] = d ? d->id : -1;
		if (!d) {
			kprintf("[hinge] cannot start domain '%s' (program '%s'): error %d\n",
				md->name, md->prog, err);
			failed = true;
		} else {
			kprintf("[hinge] domain %d '%s' started: program %s, priority %d%s\n",
				d->id, d->name, md->prog, md->prio, md->supervisor ? ", supervisor" : "");
			if (md->supervisor)
				supervisor_set(d);
		}
	}
	if (manifest.scenario) {
		kprintf("[hinge] scenario %s: tracing door events\n", manifest.name);
		door_observed = true;
		inject_arm(&manifest, dom_of_line);
	}
}

void bootrun_domain_ended(struct domain *d)
{
	supervisor_notify(d);
	if (door_observed)
		trace_end(d);
	kprintf("[hinge] domain %d '%s' ended: %s %ld\n", d->id, d->name,
		end_name(d->end), (long)d->end_code);
}

void bootrun_finish(void)
{
	for (int i = 0; i < manifest.ndomains; i++) {
		struct manifest_domain *md = &manifest.dom[i];
		struct domain *d = domain_by_id(dom_of_line[i]);
		if (!d)
			continue;
		if (!bootrun_end_matches(md, d)) {
			kprintf("[hinge] domain '%s': expected %s", md->name,
				md->expect == EXPECT_EXIT ? "exit" : md->expect == EXPECT_FAULT ? "fault" : "any end");
			if (md->expect_code_given)
				kprintf(":%ld", (long)md->expect_code);
			kprintf(", got %s %ld\n", end_name(d->end), (long)d->end_code);
			failed = true;
		}
	}
	if (manifest.scenario) {
		struct hinge_counts c;
		kcounts(&c);
		kprintf("@counts domains=%u threads=%u doors=%u busy=%u handles=%u\n", c.domains,
			c.threads, c.doors, c.activations_busy, c.handles);
	}
	kprintf("[hinge] verdict: %s\n", failed ? "FAIL" : "PASS");
	arch_shutdown(failed);
}

void bootrun_tick(uint64_t now)
{
	if (manifest.timeout_ticks && now >= manifest.timeout_ticks) {
		kprintf("[hinge] timeout: %lu ticks passed, %d domain(s) still running\n",
			(unsigned long)now, domain_live_count());
		kprintf("[hinge] verdict: FAIL (timeout)\n");
		arch_shutdown(1);
	}
}
