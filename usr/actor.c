/* The actor: the one program every domain of a fault-injection scenario runs
 * (docs/scenarios.md is the contract this file implements).
 *
 * The kernel starts one actor per `domain` line of the scenario, with the
 * domain's index (0-based, file order) as its argument. Each actor reads the
 * same scenario file (SYS_BOOTFILE) and:
 *   1. parses it into tables: domains, doors, and the step lists ("scripts")
 *      of the `on` and `run` lines; any error ends it with status 99 and a
 *      line "actor: line N: ..." (the checker has validated the file, so this
 *      only happens with a broken file);
 *   2. creates the doors its domain serves (DOOR_F_UNREF, activations on the
 *      static stacks below) and publishes each under its name;
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
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "hinge.h"
#include "door.h"

/* ---- Limits -------------------------------------------------------------- */

#define FILE_MAX        16384 /* bytes of scenario text */
#define LINE_MAX_LEN    511   /* characters of one line */
#define MAX_WORDS       80    /* words of one line (':' and ';' count as words) */
#define WORD_LEN        24    /* longest word + 1 */
#define NAME_LEN        16    /* longest domain or door name + 1 (the kernel's NAME_LEN) */
#define SCN_DOMAINS     32    /* domains in a scenario (the kernel's MAX_DOMAINS) */
#define SCN_DOORS       32    /* doors in a scenario (the kernel's MAX_NAMES and MAX_HANDLES) */
#define MAX_SCRIPTS     32    /* `on` and `run` lines */
#define MAX_STEPS       16    /* steps of one line */
#define MAX_OWN_DOORS   8     /* doors one domain serves */
#define MAX_ACTS        8     /* activations of one door (the kernel's MAX_ACTS_PER_DOOR) */
#define DEFAULT_ACTS    2
#define ACT_STACK       4096  /* stack of one activation */
#define ACT_BUF         64    /* argument buffer of one activation (calls carry words only) */
#define MAX_THREADS_EXTRA 8   /* `threads=` of one domain */
#define THREAD_STACK    8192  /* stack of one extra thread */
#define BAD_FILE        99    /* exit status for a scenario the actor cannot run */

/* ---- What the file says ---------------------------------------------------- */

enum step_kind {
	STEP_CALL,     /* door, nowait */
	STEP_COMPUTE,  /* value = instructions */
	STEP_SLEEP,    /* value = ticks */
	STEP_RETURN,   /* value = the word returned */
	STEP_REVOKE,   /* door */
	STEP_CLOSE,    /* door */
	STEP_FAULT,    /* value = enum fault_kind */
	STEP_EXIT,     /* value = exit status */
	STEP_LOOP,
	STEP_LOOKUP,   /* door */
};

enum fault_kind {
	FAULT_LOAD, FAULT_STORE, FAULT_EXEC, FAULT_ILLEGAL, FAULT_MISALIGNED, FAULT_EBREAK
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
};

static struct domain domains[SCN_DOMAINS];
static int ndomains;
static struct door doors[SCN_DOORS];
static int ndoors;
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

/* A scenario this actor cannot run (lineno 0: not about one line). Every
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
		say("actor: line %d: %s", lineno, msg);
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

/* ---- Words ------------------------------------------------------------------ */

/* One line cut into words: separated by spaces or tabs, ':' and ';' are
 * words of their own, '#' starts a comment. */
struct words {
	int lineno;
	int n;
	char w[MAX_WORDS][WORD_LEN];
};

static void split(const char *s, size_t len, struct words *out)
{
	out->n = 0;
	size_t i = 0;
	while (i < len && s[i] != '#') {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++;
			continue;
		}
		if (s[i] == '\0')
			bad(out->lineno, "NUL character");
		if (out->n == MAX_WORDS)
			bad(out->lineno, "more than %d words", MAX_WORDS);
		char *w = out->w[out->n++];
		size_t k = 0;
		if (s[i] == ':' || s[i] == ';') {
			w[k++] = s[i++];
		} else {
			while (i < len && !strchr(" \t\r#:;", s[i])) {
				if (k == WORD_LEN - 1)
					bad(out->lineno, "word longer than %d characters", WORD_LEN - 1);
				w[k++] = s[i++];
			}
		}
		w[k] = '\0';
	}
}

static bool is_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= NAME_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

/* A decimal number with an optional '-', that fits in a long. */
static bool parse_number(const char *s, long *out)
{
	bool neg = *s == '-';
	if (neg)
		s++;
	if (!*s)
		return false;
	unsigned long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned long d = (unsigned long)(*s - '0');
		if (v > (0x7fffffffffffffffUL - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = neg ? -(long)v : (long)v;
	return true;
}

static long number(const struct words *l, int i, long min, long max)
{
	long v;
	if (!parse_number(l->w[i], &v) || v < min || v > max)
		bad(l->lineno, "'%s' is not a number in %ld..%ld", l->w[i], min, max);
	return v;
}

/* Word i is "key=VALUE" with VALUE a number in min..max: store it in *out. */
static bool option(const struct words *l, int i, const char *key, long min, long max, long *out)
{
	size_t k = strlen(key);
	const char *w = l->w[i];
	if (strncmp(w, key, k) != 0 || w[k] != '=')
		return false;
	if (!parse_number(w + k + 1, out) || *out < min || *out > max)
		bad(l->lineno, "%s= needs a number in %ld..%ld", key, min, max);
	return true;
}

static int find_domain(const char *name)
{
	for (int i = 0; i < ndomains; i++)
		if (strcmp(domains[i].name, name) == 0)
			return i;
	return -1;
}

static int find_door(const char *name)
{
	for (int i = 0; i < ndoors; i++)
		if (strcmp(doors[i].name, name) == 0)
			return i;
	return -1;
}

static int door_word(const struct words *l, int i)
{
	int d = find_door(l->w[i]);
	if (d < 0)
		bad(l->lineno, "no door named '%s'", l->w[i]);
	return d;
}

/* ---- Directives ----------------------------------------------------------------
 *
 * The file is read in three passes, so that a line may name a domain or door
 * declared further down: pass 1 takes the `domain` lines, pass 2 the `door`
 * lines, pass 3 the `on` and `run` lines. The other directives are for the
 * kernel and the checker; the actor only checks that they are known. */

/* domain NAME prio=P [maxprio=M] [threads=N] [supervisor] [restart] */
static void domain_line(const struct words *l)
{
	if (l->n < 3 || !is_name(l->w[1]))
		bad(l->lineno, "expected: domain NAME prio=P [maxprio=M] [threads=N] [supervisor] [restart]");
	if (find_domain(l->w[1]) >= 0)
		bad(l->lineno, "domain '%s' declared twice", l->w[1]);
	if (ndomains == SCN_DOMAINS)
		bad(l->lineno, "more than %d domains", SCN_DOMAINS);
	struct domain *d = &domains[ndomains];
	long prio = -1, maxprio, threads = 0;
	d->supervisor = d->restart = false;
	for (int i = 2; i < l->n; i++) {
		if (strcmp(l->w[i], "supervisor") == 0)
			d->supervisor = true;
		else if (strcmp(l->w[i], "restart") == 0)
			d->restart = true;
		else if (!option(l, i, "prio", 1, 63, &prio) && !option(l, i, "maxprio", 1, 63, &maxprio) &&
			 !option(l, i, "threads", 0, MAX_THREADS_EXTRA, &threads))
			bad(l->lineno, "unknown option '%s'", l->w[i]);
	}
	if (prio < 0)
		bad(l->lineno, "domain '%s' has no prio=", l->w[1]);
	if (d->supervisor && supervisor >= 0)
		bad(l->lineno, "a second supervisor (the first is %s)", domains[supervisor].name);
	if (d->supervisor && d->restart)
		bad(l->lineno, "the supervisor cannot be restarted");
	if (d->supervisor)
		supervisor = ndomains;
	strcpy(d->name, l->w[1]);
	d->prio = (int)prio;
	d->threads = (int)threads;
	d->run = -1;
	ndomains++;
}

/* door NAME in DOMAIN [acts=N] */
static void door_line(const struct words *l)
{
	if ((l->n != 4 && l->n != 5) || !is_name(l->w[1]) || strcmp(l->w[2], "in") != 0)
		bad(l->lineno, "expected: door NAME in DOMAIN [acts=N]");
	if (find_door(l->w[1]) >= 0)
		bad(l->lineno, "door '%s' declared twice", l->w[1]);
	if (ndoors == SCN_DOORS)
		bad(l->lineno, "more than %d doors", SCN_DOORS);
	int server = find_domain(l->w[3]);
	if (server < 0)
		bad(l->lineno, "no domain named '%s'", l->w[3]);
	long acts = DEFAULT_ACTS;
	if (l->n == 5 && !option(l, 4, "acts", 1, MAX_ACTS, &acts))
		bad(l->lineno, "unknown option '%s'", l->w[4]);
	struct door *d = &doors[ndoors++];
	strcpy(d->name, l->w[1]);
	d->server = server;
	d->acts = (int)acts;
	d->on = -1;
	d->handle = -1;
	d->looked_up = false;
	if (d->server == supervisor)
		bad(l->lineno, "the supervisor %s serves no door", domains[server].name);
}

/* One step, words [i, end) of the line, run by domain `runner`. */
static struct step parse_step(const struct words *l, int i, int end, int runner)
{
	struct step s = { .door = -1 };
	const char *what = l->w[i];
	int nargs = end - i - 1;
	if (strcmp(what, "call") == 0 && (nargs == 1 || nargs == 2)) {
		s.kind = STEP_CALL;
		s.door = door_word(l, i + 1);
		if (nargs == 2 && strcmp(l->w[i + 2], "nowait") != 0)
			bad(l->lineno, "expected: call DOOR [nowait]");
		s.nowait = nargs == 2;
	} else if (strcmp(what, "compute") == 0 && nargs == 1) {
		s.kind = STEP_COMPUTE;
		s.value = number(l, i + 1, 0, 1000000000);
	} else if (strcmp(what, "sleep") == 0 && nargs == 1) {
		s.kind = STEP_SLEEP;
		s.value = number(l, i + 1, 0, 1000000000);
	} else if (strcmp(what, "return") == 0 && nargs == 1) {
		s.kind = STEP_RETURN;
		s.value = number(l, i + 1, -0x7fffffffffffffffL, 0x7fffffffffffffffL);
	} else if (strcmp(what, "lookup") == 0 && nargs == 1) {
		s.kind = STEP_LOOKUP;
		s.door = door_word(l, i + 1);
		if (doors[s.door].server == runner)
			bad(l->lineno, "lookup %s: %s serves it", doors[s.door].name, domains[runner].name);
		doors[s.door].looked_up = true;
	} else if ((strcmp(what, "revoke") == 0 || strcmp(what, "close") == 0) && nargs == 1) {
		s.kind = what[0] == 'r' ? STEP_REVOKE : STEP_CLOSE;
		s.door = door_word(l, i + 1);
		if (s.kind == STEP_REVOKE && doors[s.door].server != runner)
			bad(l->lineno, "revoke %s: only its server %s may revoke it", doors[s.door].name,
			    domains[doors[s.door].server].name);
	} else if (strcmp(what, "fault") == 0 && nargs == 1) {
		s.kind = STEP_FAULT;
		s.value = -1;
		for (int f = 0; f < NFAULTS; f++)
			if (strcmp(l->w[i + 1], fault_names[f]) == 0)
				s.value = f;
		if (s.value < 0)
			bad(l->lineno, "unknown fault '%s'", l->w[i + 1]);
	} else if (strcmp(what, "exit") == 0 && nargs == 1) {
		s.kind = STEP_EXIT;
		s.value = number(l, i + 1, -0x7fffffffffffffffL, 0x7fffffffffffffffL);
	} else if (strcmp(what, "loop") == 0 && nargs == 0) {
		s.kind = STEP_LOOP;
	} else {
		bad(l->lineno, "bad step '%s' (or wrong number of words)", what);
	}
	return s;
}

/* on DOOR: STEP ; STEP ...   or   run DOMAIN: STEP ; STEP ...
 * Returns the index of the new script. The steps of `on DOOR` run in DOOR's
 * server, those of `run DOMAIN` in DOMAIN. */
static int script_line(const struct words *l, int runner)
{
	if (l->n < 3 || strcmp(l->w[2], ":") != 0)
		bad(l->lineno, "expected: %s NAME: STEP ; STEP ...", l->w[0]);
	if (nscripts == MAX_SCRIPTS)
		bad(l->lineno, "more than %d on/run lines", MAX_SCRIPTS);
	struct script *s = &scripts[nscripts];
	s->nsteps = 0;
	int i = 3;
	while (i < l->n) {
		int end = i;
		while (end < l->n && strcmp(l->w[end], ";") != 0)
			end++;
		if (end > i) { /* an empty step (";;", a trailing ';') is skipped */
			if (s->nsteps == MAX_STEPS)
				bad(l->lineno, "more than %d steps", MAX_STEPS);
			s->step[s->nsteps++] = parse_step(l, i, end, runner);
		}
		i = end + 1;
	}
	return nscripts++;
}

static void on_line(const struct words *l)
{
	int d = door_word(l, 1);
	if (doors[d].on >= 0)
		bad(l->lineno, "a second 'on %s' line", doors[d].name);
	doors[d].on = script_line(l, doors[d].server);
}

static void run_line(const struct words *l)
{
	int d = find_domain(l->w[1]);
	if (d < 0)
		bad(l->lineno, "no domain named '%s'", l->w[1]);
	if (domains[d].run >= 0)
		bad(l->lineno, "a second 'run %s' line", domains[d].name);
	domains[d].run = script_line(l, d);
}

static const struct {
	const char *word;
	int pass;                                /* 0: not for the actor */
	void (*parse)(const struct words *);
} directives[] = {
	{ "scenario", 0, NULL }, { "timeout", 0, NULL },   { "inject", 0, NULL },
	{ "expect", 0, NULL },   { "domain", 1, domain_line }, { "door", 2, door_line },
	{ "on", 3, on_line },    { "run", 3, run_line },
};
#define NDIRECTIVES ((int)(sizeof directives / sizeof directives[0]))

static void parse_scenario(void)
{
	static struct words l; /* large: not on the stack */
	for (int pass = 1; pass <= 3; pass++) {
		const char *s = text, *end = text + text_len;
		for (l.lineno = 1; s < end; l.lineno++) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
			if (len > LINE_MAX_LEN)
				bad(l.lineno, "line longer than %d characters", LINE_MAX_LEN);
			split(s, len, &l);
			s += len + 1;
			if (l.n == 0)
				continue;
			int k = 0;
			while (k < NDIRECTIVES && strcmp(l.w[0], directives[k].word) != 0)
				k++;
			if (k == NDIRECTIVES)
				bad(l.lineno, "unknown directive '%s'", l.w[0]);
			if (directives[k].pass == pass)
				directives[k].parse(&l);
		}
	}
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
				      s->nowait ? DOOR_CALL_NOWAIT : 0);
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
		};
		acts_used += d->acts;
		long h = hinge_door_create(door_entry, (uint64_t)i, DOOR_F_UNREF, &pool);
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

/* ---- The start line ------------------------------------------------------------------
 *
 * No domain may run a step before every domain has all its handles. A door
 * is unreferenced once, when its handle count drops from 2 to 1
 * (doors/SEMANTICS.md §5): if a domain closed its handle to door x (or died)
 * before another client had looked x up, x's server could end, and that
 * client would never find x. Once every domain has its handles, every door
 * has one handle per domain, so the kernel's count of live handles is
 * ndoors * ndomains: each domain waits for that count.
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
	uint32_t all = (uint32_t)ndoors * (uint32_t)ndomains;
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
	parse_scenario();
	if (arg < 0 || arg >= ndomains)
		bad(0, "started as domain %ld, but the scenario has %d domains", arg, ndomains);
	me = (int)arg;
	const struct domain *self = &domains[me];
	struct hinge_self id;
	hinge_self(&id);
	restarted = id.gen != 0; /* see "Incarnations" */

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
