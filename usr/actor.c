/* The actor: the one program every domain of a fault-injection scenario runs
 * (docs/scenarios.md is the contract this file implements).
 *
 * The kernel starts one actor per domain of the scenario, with the
 * domain's index (0-based, file order) as its argument. Each actor reads the
 * scenario's section of the compiled boot form (SYS_BOOTFILE) and:
 *   1. reads its records into tables: domains, doors, and the step lists
 *      ("scripts") of the `on` and `run` lines; a record that does not fit
 *      ends it with status 99 and a line "actor: record N: ..." (the host
 *      compiled a checked scenario, so this only happens with a broken
 *      file);
 *   2. creates its domain's mutexes, and the doors its domain serves
 *      (DOOR_F_UNREF and the modes the file gives, activations on the static
 *      stacks below) and publishes each under its name;
 *   3. looks up every door served by another domain;
 *   4. waits at the start line until every domain has done 2 and 3, so that
 *      all start their steps together (see "The start line");
 *   5. runs its `run` steps on its main thread and on `threads=N` extra
 *      threads, and serves calls meanwhile: every door enters door_entry,
 *      which runs the door's `on` steps on the caller's migrated thread;
 *   6. closes its handles to other domains' doors (those its own doors call
 *      through only later), waits until each door it serves is
 *      unreferenced or revoked, and exits 0 (see "The end").
 * The supervisor's actor (`supervisor` on its domain line) serves no door;
 * after its `run` steps it waits for the deaths of the other domains and
 * restarts those marked `restart` (see "Supervision"). A restarted
 * incarnation of a domain runs 1-3 and 5-6 again, without waiting at the
 * start line (see "Incarnations").
 *
 * Several threads run this code at once (the extra threads, and callers
 * migrated into this domain's doors), so after step 4 the tables are only
 * read, except the handle numbers, which `close` changes atomically. Output
 * goes through say(), one SYS_WRITE per line, never through the shared
 * line buffer of printf. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/scn.h>
#include "hinge.h"
#include "door.h"

/* ---- Limits -------------------------------------------------------------- */

#define FILE_MAX        16384 /* bytes of the scenario's compiled section */
#define RECORD_FIELDS   9     /* fields of one record, its tag included (inj has the most) */
#define WORD_LEN        24    /* longest field + 1 (a 64-bit number) */
#define NAME_LEN        16    /* longest domain or door name + 1 (the kernel's NAME_LEN) */
#define SCN_DOMAINS     32    /* domains in a scenario (the kernel's MAX_DOMAINS) */
#define SCN_DOORS       96    /* doors in a scenario (the kernel's MAX_NAMES and MAX_HANDLES) */
#define MAX_SCRIPTS     32    /* `on` and `run` lines */
#define MAX_STEPS       16    /* steps of one line */
#define MAX_OWN_DOORS   8     /* doors one domain serves */
#define MAX_MUTEXES     16    /* mutexes in a scenario (the kernel has MAX_MUTEXES = 64 for all) */
#define MAX_ACTS        8     /* activations of one door (the kernel's MAX_ACTS_PER_DOOR) */
#define ACT_STACK       4096  /* stack of one activation */
#define ACT_BUF         64    /* argument buffer of one activation (calls carry words only) */
#define MAX_THREADS_EXTRA 8   /* `threads=` of one domain */
#define THREAD_STACK    8192  /* stack of one extra thread */
#define BAD_FILE        99    /* exit status for a scenario the actor cannot run */

/* ---- What the file says ---------------------------------------------------- */

enum step_kind { /* hinge/scn.h */
	STEP_CALL = SCN_STEP_CALL,       /* door, nowait, value = deadline in ticks (0: none) */
	STEP_COMPUTE = SCN_STEP_COMPUTE, /* value = instructions */
	STEP_SLEEP = SCN_STEP_SLEEP,     /* value = ticks */
	STEP_RETURN = SCN_STEP_RETURN,   /* value = the word returned */
	STEP_REVOKE = SCN_STEP_REVOKE,   /* door */
	STEP_CLOSE = SCN_STEP_CLOSE,     /* door */
	STEP_FAULT = SCN_STEP_FAULT,     /* value = enum fault_kind */
	STEP_EXIT = SCN_STEP_EXIT,       /* value = exit status */
	STEP_LOOP = SCN_STEP_LOOP,
	STEP_LOOKUP = SCN_STEP_LOOKUP,   /* door */
	STEP_LOCK = SCN_STEP_LOCK,       /* value = index in mutexes[] */
	STEP_UNLOCK = SCN_STEP_UNLOCK,   /* value = index in mutexes[] */
};

enum fault_kind {
	FAULT_LOAD = SCN_FAULT_LOAD, FAULT_STORE = SCN_FAULT_STORE, FAULT_EXEC = SCN_FAULT_EXEC,
	FAULT_ILLEGAL = SCN_FAULT_ILLEGAL, FAULT_MISALIGNED = SCN_FAULT_MISALIGNED, FAULT_EBREAK = SCN_FAULT_EBREAK
};

static const char *const fault_names[] = {
	[FAULT_LOAD] = "load",       [FAULT_STORE] = "store",
	[FAULT_EXEC] = "exec",       [FAULT_ILLEGAL] = "illegal",
	[FAULT_MISALIGNED] = "misaligned", [FAULT_EBREAK] = "ebreak",
};
#define NFAULTS ((int)(sizeof fault_names / sizeof fault_names[0]))

struct step {
	enum step_kind kind;
	int door;      /* index in doors[] (call, revoke, close) */
	bool nowait;   /* call: DOOR_CALL_NOWAIT */
	long value;
};

/* The steps of one `on` or `run` line. */
struct script {
	int nsteps;
	struct step step[MAX_STEPS];
};

struct domain {
	char name[NAME_LEN];
	int prio;
	int threads;   /* extra threads running the `run` steps */
	int run;       /* index in scripts[] of its `run` line, or -1 */
	bool supervisor; /* told of the other domains' deaths (one domain at most) */
	bool restart;  /* restarted once by the supervisor after a crash */
};

struct door {
	char name[NAME_LEN];
	int server;    /* index in domains[] */
	int acts;
	int on;        /* index in scripts[] of its `on` line, or -1 (returns 0 at once) */
	int handle;    /* this domain's handle to it, or -1 (none, or closed); atomic */
	bool looked_up; /* a `lookup` step of it is somewhere in the file */
	unsigned flags; /* DOOR_F_NOPI, DOOR_F_HANDOFF, DOOR_F_HANDOFF_PI */
	int prio;      /* a handoff door's server threads' base priority; 0 otherwise */
};

/* A mutex belongs to one domain: its handle cannot leave it (doors/SEMANTICS.md
 * §8), so only threads running there lock it (the host checked that). */
struct mutex {
	char name[NAME_LEN];
	int domain;    /* index in domains[] */
	bool pi;       /* MUTEX_F_PI */
	int handle;    /* in that domain's table, in its own actor only; else -1 */
};

static struct domain domains[SCN_DOMAINS];
static int ndomains;
static struct door doors[SCN_DOORS];
static int ndoors;
static struct mutex mutexes[MAX_MUTEXES];
static int nmutexes;
static struct script scripts[MAX_SCRIPTS];
static int nscripts;
static int me;         /* this actor's domain */
static bool first_actor; /* this actor runs domain 0 */
static bool restarted; /* this is a restarted incarnation of domain me */
static int supervisor = -1; /* index of the supervisor domain, or -1 */

/* ---- Output ---------------------------------------------------------------- */

/* Print one line with a single SYS_WRITE, so that lines of threads running
 * here at once never mix. */
static void say(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	hinge_write(line, (size_t)n);
}

/* A scenario this actor cannot run (lineno 0: not about one record). Every
 * actor reads the same file and finds the same errors in it: only the actor
 * of domain 0 prints them. */
static __attribute__((noreturn)) void bad(int lineno, const char *fmt, ...)
{
	if (lineno && !first_actor)
		hinge_exit(BAD_FILE);
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (lineno)
		say("actor: record %d: %s", lineno, msg);
	else
		say("actor: %s", msg);
	hinge_exit(BAD_FILE);
}

/* ---- Reading the file ------------------------------------------------------- */

static char text[FILE_MAX + 1];
static size_t text_len;

static void read_scenario(void)
{
	for (;;) {
		long n = hinge_syscall(SYS_BOOTFILE, (long)(text + text_len),
				       (long)(sizeof text - text_len), (long)text_len, 0);
		if (n < 0)
			bad(0, "cannot read the scenario (error %ld)", n);
		if (n == 0)
			break;
		text_len += (size_t)n;
		if (text_len == sizeof text)
			bad(0, "the scenario is longer than %d bytes", FILE_MAX);
	}
	text[text_len] = '\0';
}

/* ---- Reading the records ----------------------------------------------------
 *
 * The kernel gives this scenario's section of the compiled boot form
 * (hinge/scn.h, docs/scenarios.md "The compiled form"): numbered tables, in
 * which scripts, doors and domains refer to each other by index. The actor
 * takes the dom, door, script and step records (the others are the
 * kernel's). The host has checked the scenario, so a record that does not
 * fit these tables is a broken boot file: bad() ends the actor. */

/* One record cut into its fields: the tag, then numbers, a name last. */
struct record {
	int lineno;
	int n;
	char w[RECORD_FIELDS][WORD_LEN];
};

/* The record starting at *p; *p moves to the next line. */
static void split(const char **p, const char *end, struct record *r)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	const char *e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	r->n = 0;
	while (s < e) {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (r->n == RECORD_FIELDS)
			bad(r->lineno, "more than %d fields", RECORD_FIELDS);
		char *w = r->w[r->n++];
		size_t k = 0;
		while (s < e && *s != ' ') {
			if (k == WORD_LEN - 1)
				bad(r->lineno, "a field longer than %d characters", WORD_LEN - 1);
			w[k++] = *s++;
		}
		w[k] = '\0';
	}
}

/* Field i as a number in min..max. */
static long field(const struct record *r, int i, long min, long max)
{
	const char *s = r->w[i];
	char *stop;
	long v = strtol(s, &stop, 10);
	if (*s == '\0' || *stop != '\0' || v < min || v > max)
		bad(r->lineno, "field %d of '%s' is not a number in %ld..%ld", i, r->w[0], min, max);
	return v;
}

/* Field i as a name. */
static void name_field(const struct record *r, int i, char *dst)
{
	if (strlen(r->w[i]) >= NAME_LEN)
		bad(r->lineno, "name '%s' longer than %d characters", r->w[i], NAME_LEN - 1);
	strcpy(dst, r->w[i]);
}

/* dom INDEX PRIO MAXPRIO THREADS RUN FLAGS NAME (MAXPRIO is the kernel's) */
static void dom_record(const struct record *r)
{
	if (r->n != 8)
		bad(r->lineno, "a dom record has 8 fields");
	struct domain *d = &domains[field(r, 1, ndomains, SCN_DOMAINS - 1)];
	if (d != &domains[ndomains])
		bad(r->lineno, "domains out of order");
	d->prio = (int)field(r, 2, 1, 63);
	d->threads = (int)field(r, 4, 0, MAX_THREADS_EXTRA);
	d->run = (int)field(r, 5, -1, MAX_SCRIPTS - 1);
	long flags = field(r, 6, 0, SCN_DOM_SUPERVISOR | SCN_DOM_RESTART);
	d->supervisor = flags & SCN_DOM_SUPERVISOR;
	d->restart = flags & SCN_DOM_RESTART;
	if (d->supervisor)
		supervisor = ndomains;
	name_field(r, 7, d->name);
	ndomains++;
}

/* door INDEX SERVER ACTS ON LOOKEDUP FLAGS PRIO NAME */
static void door_record(const struct record *r)
{
	if (r->n != 9)
		bad(r->lineno, "a door record has 9 fields");
	struct door *d = &doors[field(r, 1, ndoors, SCN_DOORS - 1)];
	if (d != &doors[ndoors])
		bad(r->lineno, "doors out of order");
	d->server = (int)field(r, 2, 0, ndomains - 1);
	d->acts = (int)field(r, 3, 1, MAX_ACTS);
	d->on = (int)field(r, 4, -1, MAX_SCRIPTS - 1);
	d->looked_up = field(r, 5, 0, 1);
	long flags = field(r, 6, 0, SCN_DOOR_NOPI | SCN_DOOR_HANDOFF | SCN_DOOR_HANDOFF_PI);
	d->flags = (flags & SCN_DOOR_NOPI ? DOOR_F_NOPI : 0) | (flags & SCN_DOOR_HANDOFF ? DOOR_F_HANDOFF : 0) |
		   (flags & SCN_DOOR_HANDOFF_PI ? DOOR_F_HANDOFF_PI : 0);
	d->prio = (int)field(r, 7, 0, 63);
	d->handle = -1;
	name_field(r, 8, d->name);
	ndoors++;
}

/* mutex INDEX DOMAIN FLAGS NAME */
static void mutex_record(const struct record *r)
{
	if (r->n != 5)
		bad(r->lineno, "a mutex record has 5 fields");
	struct mutex *m = &mutexes[field(r, 1, nmutexes, MAX_MUTEXES - 1)];
	if (m != &mutexes[nmutexes])
		bad(r->lineno, "mutexes out of order");
	m->domain = (int)field(r, 2, 0, ndomains - 1);
	m->pi = field(r, 3, 0, SCN_MUTEX_PI) & SCN_MUTEX_PI;
	m->handle = -1;
	name_field(r, 4, m->name);
	nmutexes++;
}

/* script INDEX NSTEPS: its steps follow. Returns the script. */
static struct script *script_record(const struct record *r)
{
	if (r->n != 3)
		bad(r->lineno, "a script record has 3 fields");
	struct script *sc = &scripts[field(r, 1, nscripts, MAX_SCRIPTS - 1)];
	if (sc != &scripts[nscripts])
		bad(r->lineno, "scripts out of order");
	sc->nsteps = (int)field(r, 2, 0, MAX_STEPS);
	nscripts++;
	return sc;
}

/* step KIND DOOR NOWAIT VALUE */
static struct step step_record(const struct record *r)
{
	if (r->n != 5)
		bad(r->lineno, "a step record has 5 fields");
	struct step s = {
		.kind = (enum step_kind)field(r, 1, SCN_STEP_CALL, SCN_STEP_UNLOCK),
		.door = (int)field(r, 2, -1, ndoors - 1),
		.nowait = field(r, 3, 0, 1),
		.value = field(r, 4, LONG_MIN, LONG_MAX),
	};
	bool uses_door = s.kind == STEP_CALL || s.kind == STEP_REVOKE || s.kind == STEP_CLOSE ||
			 s.kind == STEP_LOOKUP;
	if (uses_door && s.door < 0)
		bad(r->lineno, "a step of kind %d needs a door", s.kind);
	if (s.kind == STEP_FAULT && (s.value < 0 || s.value >= NFAULTS))
		bad(r->lineno, "no fault kind %ld", s.value);
	if ((s.kind == STEP_LOCK || s.kind == STEP_UNLOCK) && (s.value < 0 || s.value >= nmutexes))
		bad(r->lineno, "no mutex %ld", s.value);
	return s;
}

static void read_tables(void)
{
	static struct record r; /* large: not on the stack */
	const char *p = text, *end = text + text_len;
	struct script *sc = NULL;
	int steps = 0; /* of sc, read so far */
	for (r.lineno = 1; p < end; r.lineno++) {
		split(&p, end, &r);
		if (r.n == 0)
			continue;
		const char *tag = r.w[0];
		if (sc && steps < sc->nsteps) {
			if (strcmp(tag, "step") != 0)
				bad(r.lineno, "script %d has %d steps, not %d", (int)(sc - scripts), steps, sc->nsteps);
			sc->step[steps++] = step_record(&r);
		} else if (strcmp(tag, "dom") == 0) {
			dom_record(&r);
		} else if (strcmp(tag, "door") == 0) {
			door_record(&r);
		} else if (strcmp(tag, "mutex") == 0) {
			mutex_record(&r);
		} else if (strcmp(tag, "script") == 0) {
			sc = script_record(&r);
			steps = 0;
		} else if (strcmp(tag, "step") == 0) {
			bad(r.lineno, "a step outside a script");
		}
	}
	if (sc && steps < sc->nsteps)
		bad(0, "the last script lacks steps");
	for (int i = 0; i < ndomains; i++)
		if (domains[i].run >= nscripts)
			bad(0, "domain %s runs script %d of %d", domains[i].name, domains[i].run, nscripts);
	for (int i = 0; i < ndoors; i++)
		if (doors[i].on >= nscripts)
			bad(0, "door %s runs script %d of %d", doors[i].name, doors[i].on, nscripts);
}

/* ---- Steps ------------------------------------------------------------------------ */

/* About n instructions: two per round (addi, bnez). */
static void compute(long n)
{
	long rounds = n / 2;
	if (rounds > 0)
		__asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(rounds));
}

/* The faults of tests/qemu/crash.c. Each kills the domain the thread runs in. */
static void fault(enum fault_kind kind)
{
	static long word[2];
	switch (kind) {
	case FAULT_LOAD: /* kernel memory: mapped, not user-accessible (scause 13) */
		(void)*(volatile int *)0x80200000;
		break;
	case FAULT_STORE: /* unmapped (scause 15) */
		*(volatile int *)0x40000000 = 1;
		break;
	case FAULT_EXEC: /* jump into kernel text (scause 12) */
		((void (*)(void))0x80200000)();
		break;
	case FAULT_ILLEGAL: /* (scause 2) */
		__asm__ volatile(".word 0");
		break;
	case FAULT_MISALIGNED: /* a misaligned atomic: never emulated, reaches the
				* kernel as a misaligned load (scause 4) */
		__asm__ volatile("amoadd.w zero, zero, (%0)" ::"r"((char *)word + 1) : "memory");
		break;
	case FAULT_EBREAK: /* (scause 3) */
		__asm__ volatile("ebreak");
		break;
	}
	say("actor: %s: fault %s did not kill the domain", domains[me].name, fault_names[kind]);
	hinge_exit(BAD_FILE);
}

static int handle_of(int door)
{
	return __atomic_load_n(&doors[door].handle, __ATOMIC_RELAXED);
}

/* Close this domain's handle to door (once, whichever thread asks first). */
static void close_handle(int door)
{
	int h = __atomic_exchange_n(&doors[door].handle, -1, __ATOMIC_RELAXED);
	if (h >= 0)
		hinge_handle_close(h);
}

/* `lookup DOOR`: a new handle to whatever door DOOR's name names now (after
 * a restart: the new incarnation's), waiting LOOKUP_WAIT ticks at most while
 * no live server has published it. The new handle is taken before the old
 * one is closed: closing first could make the door unreferenced (its server
 * would end) just before the lookup. So a full handle table refuses the
 * lookup (HE_NOSPACE), and the old handle is kept. Returns 0 or the error. */
#define LOOKUP_WAIT 200 /* ticks */

static long lookup_step(const struct step *s)
{
	long h;
	for (int waited = 0; (h = hinge_name_lookup(doors[s->door].name)) == HE_NOENT && waited < LOOKUP_WAIT;
	     waited++)
		hinge_sleep(1);
	if (h >= 0) {
		int old = __atomic_exchange_n(&doors[s->door].handle, (int)h, __ATOMIC_RELAXED);
		if (old >= 0)
			hinge_handle_close(old);
	}
	long result = h < 0 ? h : 0;
	struct hinge_self self;
	hinge_self(&self);
	say("@lookup domain=%s thread=%d door=%s result=%ld", domains[me].name, self.thread,
	    doors[s->door].name, result);
	return result;
}

/* `call DOOR` as step number pos (1-based) of its line: the call carries pos
 * as its first word. Its result is the status if that is an error, else the
 * first result word. */
static long call_step(const struct step *s, int pos)
{
	uint64_t r[5] = { 0 };
	long status = hinge_door_call(handle_of(s->door), (const uint64_t[5]){ (uint64_t)pos }, r,
				      (s->nowait ? DOOR_CALL_NOWAIT : 0) | DOOR_CALL_DEADLINE((uint32_t)s->value));
	long result = status != 0 ? status : (long)r[0];
	struct hinge_self self;
	hinge_self(&self);
	/* HE_DEAD and HE_STALE name the dead domain (its id: the checker knows
	 * the names from the kernel's lines) and how it ended (hinge/door.h). */
	char dead[48] = "";
	if (status == HE_DEAD || status == HE_STALE)
		snprintf(dead, sizeof dead, " dead=%ld how=%ld gen=%ld", (long)r[0], (long)r[1], (long)r[2]);
	say("@call domain=%s thread=%d door=%s status=%ld word=%ld result=%ld%s", domains[me].name,
	    self.thread, doors[s->door].name, status, status != 0 ? 0L : (long)r[0], result, dead);
	return result;
}

/* `lock M` / `unlock M`: the result goes into no report (a scenario shows
 * what a mutex does by the trace's boosts and the order of events), but
 * anything other than 0 is news: MUTEX_OWNERDEAD (a holder died holding it)
 * or an error. */
static void mutex_step(const struct step *s)
{
	const struct mutex *m = &mutexes[s->value];
	bool lock = s->kind == STEP_LOCK;
	long r = lock ? hinge_mutex_lock(m->handle) : hinge_mutex_unlock(m->handle);
	if (r == MUTEX_OWNERDEAD)
		say("actor: %s: lock %s: MUTEX_OWNERDEAD (its holder died holding it)", domains[me].name, m->name);
	else if (r != 0)
		say("actor: %s: %s %s: error %ld", domains[me].name, lock ? "lock" : "unlock", m->name, r);
}

/* Run a script's steps in order. Returns the word an `on` line gives its
 * caller: V of a `return V` step (which ends the steps), else the result of
 * the last `call` step, else 0. */
static long run_steps(const struct script *sc)
{
	long result = 0;
	for (int i = 0; i < sc->nsteps; i++) {
		const struct step *s = &sc->step[i];
		switch (s->kind) {
		case STEP_CALL:
			result = call_step(s, i + 1);
			break;
		case STEP_COMPUTE:
			compute(s->value);
			break;
		case STEP_SLEEP:
			hinge_sleep((uint64_t)s->value);
			break;
		case STEP_RETURN:
			return s->value;
		case STEP_REVOKE:
			hinge_door_revoke(handle_of(s->door));
			break;
		case STEP_CLOSE:
			close_handle(s->door);
			break;
		case STEP_LOOKUP:
			lookup_step(s);
			break;
		case STEP_LOCK:
		case STEP_UNLOCK:
			mutex_step(s);
			break;
		case STEP_FAULT:
			fault((enum fault_kind)s->value);
			break;
		case STEP_EXIT:
			hinge_exit(s->value);
		case STEP_LOOP:
			for (;;)
				;
		}
	}
	return result;
}

/* ---- Serving doors --------------------------------------------------------------------- */

/* The activations of this domain's doors: door k of this domain takes the
 * next doors[k].acts rows (a door's activations must be consecutive). */
static char act_stack[MAX_OWN_DOORS * MAX_ACTS][ACT_STACK] __attribute__((aligned(16)));
static char act_buf[MAX_OWN_DOORS * MAX_ACTS][ACT_BUF] __attribute__((aligned(16)));
static int acts_used;

/* Every door of this domain enters here; the cookie is the door's index in
 * doors[]. The call's words and buffer are not used. */
static void door_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)w1, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	long result = 0;
	if (cookie < (uint64_t)ndoors && doors[cookie].on >= 0)
		result = run_steps(&scripts[doors[cookie].on]);
	hinge_door_return((const uint64_t[5]){ (uint64_t)result }, 0);
}

static void serve_doors(void)
{
	int own = 0;
	for (int i = 0; i < ndoors; i++) {
		struct door *d = &doors[i];
		if (d->server != me)
			continue;
		if (++own > MAX_OWN_DOORS)
			bad(0, "domain %s serves more than %d doors", domains[me].name, MAX_OWN_DOORS);
		struct door_pool_desc pool = {
			.stack_base = (uintptr_t)act_stack[acts_used],
			.stack_size = ACT_STACK,
			.buf_base = (uintptr_t)act_buf[acts_used],
			.buf_size = ACT_BUF,
			.n = (uint32_t)d->acts,
			.prio = (uint32_t)d->prio,
		};
		acts_used += d->acts;
		long h = hinge_door_create(door_entry, (uint64_t)i, DOOR_F_UNREF | d->flags, &pool);
		if (h < 0 && restarted) {
			/* A pool the first incarnation found room in may be full
			 * now (its doors may still be held): go on without it. */
			say("actor: %s: creating door %s: error %ld", domains[me].name, d->name, h);
			continue;
		}
		if (h < 0)
			bad(0, "%s: creating door %s: error %ld", domains[me].name, d->name, h);
		d->handle = (int)h;
		long err = hinge_name_publish(d->handle, d->name);
		if (err < 0)
			bad(0, "%s: publishing door %s: error %ld", domains[me].name, d->name, err);
	}
}

static void create_mutexes(void)
{
	for (int i = 0; i < nmutexes; i++) {
		if (mutexes[i].domain != me)
			continue;
		long h = hinge_mutex_create(mutexes[i].pi ? MUTEX_F_PI : 0);
		if (h < 0)
			bad(0, "%s: creating mutex %s: error %ld", domains[me].name, mutexes[i].name, h);
		mutexes[i].handle = (int)h;
	}
}

/* ---- The start line ------------------------------------------------------------------
 *
 * No domain may run a step before every domain has all its handles. A door
 * is unreferenced once, when its handle count drops from 2 to 1
 * (doors/SEMANTICS.md §6): if a domain closed its handle to door x (or died)
 * before another client had looked x up, x's server could end, and that
 * client would never find x. Once every domain has its handles, every door
 * has one handle per domain, and every mutex one in its domain, so the
 * kernel's count of live handles is ndoors * ndomains + nmutexes: each
 * domain waits for that count.
 *
 * The count falls again as soon as a domain starts closing handles, so no
 * domain may start before every other domain has seen the count; and all
 * should start at the same tick, so that a scenario's timing is what it
 * reads like. Both come from a common rhythm of START_PERIOD ticks: domains
 * look names up only at a multiple of START_PERIOD, so the count is reached
 * at such a tick P (the last lookup made by some domain). Every waiting
 * domain looks at the count once a tick, so each sees it at P or P+1, and all
 * start at P + START_PERIOD, the next multiple. (This holds while nobody keeps
 * the processor for long, which is the case before the start.)
 *
 * If a domain ends before the start (an injection), the count is never
 * reached: the others then start at once, and give a name up after some
 * tries (its door's handle stays -1; calls through it get HE_BADHANDLE). */
#define START_PERIOD    8   /* ticks */
#define NAME_TRIES      4   /* rounds of lookups for a name, once a domain has ended */

/* Sleep until the next multiple of START_PERIOD. */
static void next_round(void)
{
	hinge_sleep(START_PERIOD - hinge_clock(NULL) % START_PERIOD);
}

static bool a_domain_has_ended(const struct hinge_counts *c)
{
	return c->domains < (uint32_t)ndomains;
}

static void look_up_doors(void)
{
	int tries = NAME_TRIES;
	for (bool missing = true; missing;) {
		next_round();
		missing = false;
		for (int i = 0; i < ndoors; i++) {
			struct door *d = &doors[i];
			if (d->server == me || d->handle >= 0)
				continue;
			long h = hinge_name_lookup(d->name);
			if (h >= 0)
				d->handle = (int)h;
			else if (h == HE_NOENT)
				missing = true; /* not published yet */
			else
				say("actor: %s: looking up door %s: error %ld", domains[me].name, d->name, h);
		}
		struct hinge_counts c;
		hinge_kcounts(&c);
		if (missing && a_domain_has_ended(&c) && --tries == 0) {
			say("actor: %s: a domain has ended and some door names never came", domains[me].name);
			return;
		}
	}
}

/* ---- Incarnations ----------------------------------------------------------------------
 *
 * The supervisor may restart a dead domain: the kernel starts a new
 * incarnation of it, running this program with the same argument. The actor
 * tells the two apart by the domain's generation (SYS_SELF a4): 0 for the
 * first incarnation, + 1 at each restart. A restarted incarnation does not
 * wait at the start line (nobody waits for it), and its doors are new door
 * objects that only a `lookup` step reaches (the old handles are stale), so
 * it ends also when nobody will look them up (door_done).
 *
 * Its lookups: every live server published its doors long ago (a dead one's
 * names answer HE_NOENT until it is restarted), so one pass, without
 * waiting. */
static void look_up_doors_once(void)
{
	for (int i = 0; i < ndoors; i++) {
		struct door *d = &doors[i];
		if (d->server == me)
			continue;
		long h = hinge_name_lookup(d->name);
		if (h >= 0)
			d->handle = (int)h;
		else if (h != HE_NOENT)
			say("actor: %s: looking up door %s: error %ld", domains[me].name, d->name, h);
	}
}

static void wait_for_everyone(void)
{
	uint32_t all = (uint32_t)ndoors * (uint32_t)ndomains + (uint32_t)nmutexes;
	for (;;) {
		struct hinge_counts c;
		hinge_kcounts(&c);
		if (a_domain_has_ended(&c))
			return;
		if (c.handles >= all) {
			next_round();
			return;
		}
		hinge_sleep(1);
	}
}

/* ---- The end ---------------------------------------------------------------------------
 *
 * A domain ends once every door it serves is done: unreferenced (every other
 * domain has closed its handle or died), or revoked with no call left in it.
 * It closes its handles to other domains' doors as soon as it can, since
 * their servers wait for that: a handle is kept only while the `on` line of
 * one of its own doors that is not done yet calls through it.
 *
 * It checks its doors once a tick with door_info rather than blocking in
 * hinge_door_unref_wait on one door after the other: blocked on one door, it
 * could not close a handle that only another, already finished door needed,
 * and two domains could wait for each other for ever (B's door b1 calls C's
 * door c, whose `on` line calls B's door b2: c is done only after b1, and b2
 * only after c). A door in a domain with no other domain is never
 * unreferenced, so it is done at once. */
#define DOOR_STATE_REVOKED 2 /* struct door_info.state */

static bool door_done(int door)
{
	struct door_info di;
	int h = handle_of(door);
	if (h < 0 || hinge_door_info(h, &di) < 0)
		return true; /* its handle was closed by a `close` step */
	if (di.unref || (di.state == DOOR_STATE_REVOKED && di.inflight == 0))
		return true;
	if (!restarted)
		return false;
	/* A restarted incarnation's door starts with the server's handle only,
	 * so it is never unreferenced unless some domain looks it up: it is
	 * done too when nobody will (docs/scenarios.md, "Supervision and
	 * restarts"). */
	struct hinge_counts c;
	hinge_kcounts(&c);
	return !doors[door].looked_up || c.domains <= (supervisor >= 0 ? 2u : 1u);
}

/* Whether the `on` line of a door of this domain that is not done calls door. */
static bool still_called(int door, const bool done[])
{
	for (int i = 0; i < ndoors; i++) {
		if (done[i] || doors[i].on < 0)
			continue;
		const struct script *sc = &scripts[doors[i].on];
		for (int k = 0; k < sc->nsteps; k++)
			if ((sc->step[k].kind == STEP_CALL || sc->step[k].kind == STEP_LOOKUP) &&
			    sc->step[k].door == door)
				return true;
	}
	return false;
}

static void finish(void)
{
	bool done[SCN_DOORS];
	for (int i = 0; i < ndoors; i++)
		done[i] = doors[i].server != me || ndomains == 1;
	for (;;) {
		bool all_done = true;
		for (int i = 0; i < ndoors; i++) {
			if (!done[i])
				done[i] = door_done(i);
			all_done = all_done && done[i];
		}
		for (int i = 0; i < ndoors; i++)
			if (doors[i].server != me && !still_called(i, done))
				close_handle(i);
		if (all_done)
			break;
		hinge_sleep(1);
	}
	for (int i = 0; i < ndoors; i++)
		close_handle(i);
}

/* ---- Supervision ---------------------------------------------------------------------
 *
 * The supervisor's loop: told of each death (SYS_DEATH_WAIT), it restarts a
 * domain marked `restart` once, after its first incarnation ended otherwise
 * than by exit 0 (a crash). It ends when no other domain is alive or about
 * to be restarted: each other domain is counted out at the death of its
 * last incarnation. The news of a death comes only once the domain is dead,
 * and the queue holds every death there can be (at most MAX_DOMAINS). */
static const char *const how_names[] = { "?", "exit", "fault", "kill" };

static int find_domain(const char *name)
{
	for (int i = 0; i < ndomains; i++)
		if (strcmp(domains[i].name, name) == 0)
			return i;
	return -1;
}

static void supervise(void)
{
	int left = ndomains - 1;
	while (left > 0) {
		struct hinge_death d;
		long r = hinge_syscall(SYS_DEATH_WAIT, (long)&d, 0, 0, 0);
		if (r < 0) {
			say("actor: %s: waiting for deaths: error %ld", domains[me].name, r);
			return;
		}
		d.name[sizeof d.name - 1] = '\0';
		say("@death domain=%s how=%s code=%ld gen=%u", d.name, how_names[d.how <= 3 ? d.how : 0],
		    (long)d.code, d.gen);
		int k = find_domain(d.name);
		if (k < 0 || k == me)
			continue;
		bool crashed = !(d.how == 1 && d.code == 0);
		if (domains[k].restart && d.gen == 0 && crashed) {
			long n = hinge_syscall(SYS_DOMAIN_RESTART, d.domain, 0, 0, 0);
			if (n >= 0) {
				say("@restart domain=%s gen=%u", d.name, d.gen + 1);
				continue;
			}
			say("@restart domain=%s error=%ld", d.name, n);
		}
		left--;
	}
}

/* ---- Threads --------------------------------------------------------------------------- */

static char thread_stack[MAX_THREADS_EXTRA][THREAD_STACK] __attribute__((aligned(16)));
static int threads_done;

static void extra_thread(long run)
{
	run_steps(&scripts[run]);
	__atomic_fetch_add(&threads_done, 1, __ATOMIC_RELEASE);
	hinge_thread_exit();
}

int main(long arg)
{
	first_actor = arg == 0;
	read_scenario();
	read_tables();
	if (arg < 0 || arg >= ndomains)
		bad(0, "started as domain %ld, but the scenario has %d domains", arg, ndomains);
	me = (int)arg;
	const struct domain *self = &domains[me];
	struct hinge_self id;
	hinge_self(&id);
	restarted = id.gen != 0; /* see "Incarnations" */

	create_mutexes();
	serve_doors();
	if (restarted) {
		look_up_doors_once();
	} else {
		look_up_doors();
		wait_for_everyone();
	}

	if (self->run >= 0) {
		int started = 0;
		for (int i = 0; i < self->threads; i++) {
			long t = hinge_thread_create(extra_thread, thread_stack[i] + THREAD_STACK,
						     self->prio, self->run);
			if (t < 0)
				say("actor: %s: extra thread %d not started (error %ld)", self->name, i + 1, t);
			else
				started++;
		}
		run_steps(&scripts[self->run]);
		while (__atomic_load_n(&threads_done, __ATOMIC_ACQUIRE) < started)
			hinge_sleep(1);
	}
	finish();
	if (self->supervisor)
		supervise();
	return 0;
}
