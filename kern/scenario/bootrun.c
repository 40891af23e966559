/* Runs a boot manifest: each domain line becomes a domain; when every domain
 * has ended, the kernel compares how each ended with its `expect=` and shuts
 * the machine down with status 0 (all as expected) or 1. This is how QEMU
 * tests get a verdict without any timeout, and how `make qemu` exits.
 *
 * A compiled scenario file may be a batch (kern/scenario/batch.h): then each section
 * runs in turn, from the scheduler loop once the previous one's domains
 * have all ended, and must leave every kernel object count as it was before
 * the first one started (the baseline; a difference is a leak and fails the
 * section).
 * The console marks each section (`@scenario begin` / `@scenario end` lines,
 * docs/scenarios.md) so the host checker judges each on its own slice. */
#include <string.h>
#include "bootrun.h"
#include "batch.h"
#include "manifest.h"
#include "kern/domain.h"
#include "kern/console.h"
#include "kern/arch.h"
#include "kern/clock.h"
#include "trace.h"
#include "inject.h"
#include "kcounts.h"
#include "kern/supervisor.h"
#include "kern/smp.h"
#include "failalloc.h"
#include "kern/inherit.h"
#include "coverage.h"

static struct manifest manifest;
static const char *file_text;  /* the whole boot file */
static size_t file_len;
static const char *boot_text;  /* the running section: what SYS_BOOTFILE reads */
static size_t boot_len;
static size_t next_off;        /* where the next section starts */
static int nsections, section; /* sections in the file; index of the running one */
static bool compiled;          /* the file is compiled scenarios, not a manifest */
static uint64_t started;       /* tick at which the running section started */
static struct hinge_counts baseline; /* before the first section */
/* Manifest line index -> domain id (-1 if not started), and how it ended:
 * recorded at its end, since a dead domain's slot may be reclaimed before
 * the verdict. */
static int dom_of_line[MAX_DOMAINS];
static enum domain_end end_of_line[MAX_DOMAINS];
static int64_t code_of_line[MAX_DOMAINS];
static bool failed;            /* the running section */
static int nfailed;            /* sections that failed */

static const char *end_name(enum domain_end e)
{
	return e == END_EXIT ? "exit" : e == END_FAULT ? "fault" : e == END_KILL ? "kill" : "running";
}

size_t bootrun_text(const char **text)
{
	*text = boot_text;
	return boot_len;
}

uint64_t bootrun_ticks(uint64_t now)
{
	return now - started;
}

bool bootrun_end_matches(const struct manifest_domain *md, enum domain_end end, int64_t code)
{
	switch (md->expect) {
	case EXPECT_ANY:
		return end != END_NONE;
	case EXPECT_EXIT:
		return end == END_EXIT && (!md->expect_code_given || code == md->expect_code);
	case EXPECT_FAULT:
		return end == END_FAULT && (!md->expect_code_given || code == md->expect_code);
	}
	return false;
}

static bool batch(void)
{
	return nsections > 1;
}

/* Every pool back where the baseline was? Prints `@baseline ok` or what
 * differs. */
static bool baseline_kept(void)
{
	struct hinge_counts c;
	kcounts(&c);
	kprintf("@counts domains=%u threads=%u doors=%u busy=%u handles=%u schedctx=%u pages=%lu slots=%u"
		" notifies=%u memobjs=%u mutexes=%u semas=%u rbufs=%u\n",
		c.domains, c.threads, c.doors, c.activations_busy, c.handles, c.schedctx,
		(unsigned long)c.pages_used, c.domain_slots, c.notifies, c.memobjs, c.mutexes, c.semas, c.rbufs);
	const struct { const char *name; uint64_t now, then; } k[] = {
		{ "domains", c.domains, baseline.domains },
		{ "threads", c.threads, baseline.threads },
		{ "schedctx", c.schedctx, baseline.schedctx },
		{ "doors", c.doors, baseline.doors },
		{ "busy", c.activations_busy, baseline.activations_busy },
		{ "handles", c.handles, baseline.handles },
		{ "pages", c.pages_used, baseline.pages_used },
		{ "slots", c.domain_slots, baseline.domain_slots },
		{ "notifies", c.notifies, baseline.notifies },
		{ "memobjs", c.memobjs, baseline.memobjs },
		{ "mem_pages", c.mem_pages, baseline.mem_pages },
		{ "mutexes", c.mutexes, baseline.mutexes },
		{ "semas", c.semas, baseline.semas },
		{ "rbufs", c.rbufs, baseline.rbufs },
	};
	bool same = true;
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++)
		same = same && k[i].now == k[i].then;
	if (same) {
		kprintf("@baseline ok\n");
		return true;
	}
	kprintf("@baseline leak");
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++)
		if (k[i].now != k[i].then)
			kprintf(" %s=%lu(baseline %lu)", k[i].name, (unsigned long)k[i].now,
				(unsigned long)k[i].then);
	kprintf("\n");
	return false;
}

/* Start the domains of the parsed manifest. */
static void start_domains(void)
{
	for (int i = 0; i < manifest.ndomains; i++) {
		struct manifest_domain *md = &manifest.dom[i];
		int err = 0;
		struct domain_limits lim = { md->prio, md->maxprio, md->budget, md->period, md->hart };
		struct domain *d = domain_create(md->name, md->prog, &lim, md->arg, &err);
		dom_of_line[i] = d ? d->id : -1;
		end_of_line[i] = END_NONE;
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
}

/* Start the next section; in a batch, a section that cannot be parsed fails
 * and the one after it is tried. Returns false when none is left. */
static bool section_start(void)
{
	while (next_off < file_len || (section == 0 && file_len == 0)) {
		size_t off = next_off;
		next_off = batch_section_end(file_text, file_len, off);
		boot_text = file_text + off;
		boot_len = next_off - off;
		failed = false;
		started = clock_ticks();
		supervisor_set(NULL);
		int line;
		const char *why;
		int r = manifest_parse(boot_text, boot_len, &manifest, &line, &why);
		if (compiled)
			kprintf("@scenario begin index=%d line=%d\n", section, manifest.line);
		if (r < 0) {
			if (compiled)
				kprintf("[hinge] boot form: section %d line %d: %s\n", section, line, why);
			else
				kprintf("[hinge] manifest line %d: %s\n", line, why);
			if (!batch()) {
				kprintf("[hinge] verdict: FAIL (bad manifest)\n");
				arch_shutdown(1);
			}
			kprintf("@scenario end index=%d name=? verdict=FAIL\n", section);
			nfailed++;
			section++;
			continue;
		}
		if (manifest.failalloc && !failalloc_arm(manifest.failalloc)) {
			kprintf("[hinge] failalloc: this kernel was built without FAILALLOC=1\n");
			kprintf("[hinge] verdict: FAIL (bad manifest)\n");
			arch_shutdown(1);
		}
		inherit_bandwidth_off = manifest.nobwi;
		start_domains();
		if (manifest.scenario || manifest.trace) {
			if (manifest.scenario)
				kprintf("[hinge] scenario %s: tracing door events\n", manifest.name);
			else
				kprintf("[hinge] tracing door events\n");
			trace_start(manifest.scenario ? TRACE_LIVE : TRACE_RECORD);
			inject_arm(&manifest, dom_of_line);
		}
		return true;
	}
	return false;
}

void bootrun_start(const char *text, size_t len)
{
	file_text = text;
	file_len = len;
	nsections = batch_sections(text, len, &next_off);
	compiled = next_off != 0; /* its first section follows the header line */
	if (nsections < 0) {
		kprintf("[hinge] boot form: bad hinge-scn header (version %d and a section expected)\n",
			SCN_FORM_VERSION);
		kprintf("[hinge] verdict: FAIL (bad manifest)\n");
		arch_shutdown(1);
	}
	kcounts(&baseline);
	if (batch())
		kprintf("[hinge] batch of %d scenarios\n", nsections);
	section_start();
}

void bootrun_domain_ended(struct domain *d)
{
	/* The death is traced before what it causes: the supervisor's news,
	 * or, for the supervisor itself, its `unsupervised` event. */
	if (scenario_on)
		trace_end(d);
	supervisor_notify(d);
	for (int i = 0; i < manifest.ndomains; i++) {
		if (dom_of_line[i] == d->id) {
			end_of_line[i] = d->end;
			code_of_line[i] = d->end_code;
		}
	}
	kprintf("[hinge] domain %d '%s' ended: %s %ld\n", d->id, d->name,
		end_name(d->end), (long)d->end_code);
}

void bootrun_finish(void)
{
	for (int i = 0; i < manifest.ndomains; i++) {
		struct manifest_domain *md = &manifest.dom[i];
		if (dom_of_line[i] < 0)
			continue;
		if (!bootrun_end_matches(md, end_of_line[i], code_of_line[i])) {
			kprintf("[hinge] domain '%s': expected %s", md->name,
				md->expect == EXPECT_EXIT ? "exit" : md->expect == EXPECT_FAULT ? "fault" : "any end");
			if (md->expect_code_given)
				kprintf(":%ld", (long)md->expect_code);
			kprintf(", got %s %ld\n", end_name(end_of_line[i]), (long)code_of_line[i]);
			failed = true;
		}
	}
	if (manifest.scenario) {
		inject_disarm(); /* the injections that never fired let go of their domains */
		trace_flush(true);
		if (!baseline_kept())
			failed = true;
		kprintf("@scenario end index=%d name=%s verdict=%s\n", section, manifest.name,
			failed ? "FAIL" : "PASS");
	}
	if (manifest.trace)
		trace_flush(true);
	if (manifest.failalloc) {
		/* The failed allocation left nothing behind once all is over. */
		kprintf("@failalloc count=%lu\n", (unsigned long)failalloc_count());
		baseline_kept();
	}
	nfailed += failed;
	section++;
	if (section_start())
		return;
	if (batch())
		kprintf("[hinge] batch: %d of %d scenarios failed\n", nfailed, nsections);
	smp_report();
	kprintf("[hinge] verdict: %s\n", nfailed ? "FAIL" : "PASS");
	coverage_dump();
	arch_shutdown(nfailed != 0);
}

/* A failalloc run whose programs wait for what the failure denied them:
 * the supervisor, then every other domain, is killed (a kill
 * that ends the current thread does not return: the next tick goes on), so
 * that bootrun_finish still checks the counts. */
static void failalloc_timeout(uint64_t now)
{
	static bool told;
	if (!told)
		kprintf("[hinge] failalloc: timeout after %lu ticks, killing every domain\n",
			(unsigned long)(now - started));
	told = true;
	for (int i = 0; i < manifest.ndomains; i++) {
		struct domain *d = dom_of_line[i] < 0 ? NULL : domain_by_id(dom_of_line[i]);
		if (d && d->state == DOM_LIVE && manifest.dom[i].supervisor)
			domain_kill(d, END_KILL, 0);
	}
	/* Then every other domain, restarted incarnations too: a slot's id
	 * grows by MAX_DOMAINS per reuse, and these short runs reuse a slot a
	 * few times at most. */
	for (int id = 0; id < MAX_DOMAINS * 64; id++) {
		struct domain *d = domain_by_id(id);
		if (d && d->state == DOM_LIVE)
			domain_kill(d, END_KILL, 0);
	}
}

void bootrun_tick(uint64_t now)
{
	if (manifest.timeout_ticks && now - started >= manifest.timeout_ticks && manifest.failalloc) {
		failalloc_timeout(now);
	} else if (manifest.timeout_ticks && now - started >= manifest.timeout_ticks) {
		kprintf("[hinge] timeout: %lu ticks passed, %d domain(s) still running\n",
			(unsigned long)(now - started), domain_live_count());
		trace_flush(true);
		kprintf("[hinge] verdict: FAIL (timeout)\n");
		arch_shutdown(1);
	}
}
