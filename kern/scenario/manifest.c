/* Parser of the boot manifest text (format in manifest.h). Portable and
 * strict: every unknown word is an error with its line number, because a
 * researcher's typo must not silently become a different experiment. */
#include <string.h>
#include <hinge/errno.h>
#include "manifest.h"
#include "kern/schedctx.h"

struct cursor {
	const char *p, *end;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Next whitespace-separated word on the current line, or len 0 at line end. */
static size_t next_word(struct cursor *c, const char **w)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
	if (c->p < c->end && *c->p == '#')
		while (c->p < c->end && *c->p != '\n')
			c->p++;
	*w = c->p;
	while (c->p < c->end && !is_space(*c->p) && *c->p != '\n' && *c->p != '#')
		c->p++;
	return (size_t)(c->p - *w);
}

static bool word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

/* Decimal or 0x-hex unsigned number occupying exactly [w, w+n). */
static bool parse_u64(const char *w, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	unsigned base = 10;
	if (n > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return false;
	for (; i < n; i++) {
		unsigned d;
		char ch = w[i];
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static bool copy_name(char *dst, size_t cap, const char *w, size_t n)
{
	if (n == 0 || n >= cap)
		return false;
	memcpy(dst, w, n);
	dst[n] = '\0';
	return true;
}

static int parse_expect(struct manifest_domain *d, const char *v, size_t n)
{
	const char *colon = memchr(v, ':', n);
	size_t kn = colon ? (size_t)(colon - v) : n;
	if (word_is(v, kn, "exit"))
		d->expect = EXPECT_EXIT;
	else if (word_is(v, kn, "fault"))
		d->expect = EXPECT_FAULT;
	else if (word_is(v, kn, "any") && !colon)
		d->expect = EXPECT_ANY;
	else
		return HE_INVAL;
	d->expect_code_given = colon != NULL;
	if (colon) {
		uint64_t code;
		if (!parse_u64(colon + 1, n - kn - 1, &code))
			return HE_INVAL;
		d->expect_code = (int64_t)code;
	}
	return 0;
}

static int parse_domain(struct cursor *c, struct manifest *m, const char **why)
{
	if (m->ndomains == MAX_DOMAINS) {
		*why = "too many domains";
		return HE_NOMEM;
	}
	struct manifest_domain *d = &m->dom[m->ndomains];
	memset(d, 0, sizeof *d);
	d->expect = EXPECT_EXIT;
	d->expect_code_given = true;
	d->prio = -1;
	d->maxprio = -1;
	d->hart = -1;

	const char *w;
	size_t n = next_word(c, &w);
	if (!copy_name(d->name, sizeof d->name, w, n)) {
		*why = "domain needs a name of 1..15 characters";
		return HE_INVAL;
	}
	while ((n = next_word(c, &w)) != 0) {
		if (word_is(w, n, "supervisor")) {
			d->supervisor = true;
			continue;
		}
		const char *eq = memchr(w, '=', n);
		if (!eq) {
			*why = "expected key=value (or supervisor)";
			return HE_INVAL;
		}
		size_t kn = (size_t)(eq - w);
		const char *v = eq + 1;
		size_t vn = n - kn - 1;
		uint64_t num = 0;
		if (word_is(w, kn, "prog")) {
			if (!copy_name(d->prog, sizeof d->prog, v, vn)) {
				*why = "prog needs a name of 1..15 characters";
				return HE_INVAL;
			}
		} else if (word_is(w, kn, "prio") || word_is(w, kn, "maxprio")) {
			if (!parse_u64(v, vn, &num) || num >= NPRIO) {
				*why = "priority must be 0..63";
				return HE_INVAL;
			}
			if (kn == 4)
				d->prio = (int)num;
			else
				d->maxprio = (int)num;
		} else if (word_is(w, kn, "budget") || word_is(w, kn, "period")) {
			if (!parse_u64(v, vn, word_is(w, kn, "budget") ? &d->budget : &d->period)) {
				*why = "budget and period must be numbers";
				return HE_INVAL;
			}
		} else if (word_is(w, kn, "hart")) {
			if (!parse_u64(v, vn, &num) || num >= MAX_HARTS) {
				*why = "hart must be a hart id below MAX_HARTS";
				return HE_INVAL;
			}
			d->hart = (int)num;
		} else if (word_is(w, kn, "arg")) {
			if (!parse_u64(v, vn, &d->arg)) {
				*why = "arg must be a number";
				return HE_INVAL;
			}
		} else if (word_is(w, kn, "expect")) {
			if (parse_expect(d, v, vn) < 0) {
				*why = "expect must be exit, exit:N, fault, fault:N or any";
				return HE_INVAL;
			}
		} else {
			*why = "unknown key (prog, prio, maxprio, budget, period, arg, hart, expect)";
			return HE_INVAL;
		}
	}
	if (d->prog[0] == '\0' || d->prio < 0) {
		*why = "domain needs prog= and prio=";
		return HE_INVAL;
	}
	if (d->maxprio < d->prio)
		d->maxprio = d->prio;
	if (!sc_budget_valid(d->budget, d->period)) {
		*why = "budget=B period=P needs 1 <= B <= P <= 2^32 (neither: unlimited)";
		return HE_INVAL;
	}
	m->ndomains++;
	return 0;
}

/* ---- Compiled scenario sections (records in hinge/scn.h) ----------------
 * The host has checked the scenario; these checks only keep a broken boot
 * file from indexing out of the tables. */

/* A signed decimal number occupying exactly [w, w+n). */
static bool parse_i64(const char *w, size_t n, int64_t *out)
{
	size_t neg = n > 0 && w[0] == '-';
	uint64_t v;
	if (!parse_u64(w + neg, n - neg, &v) || v > INT64_MAX)
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

static bool in_range(int64_t v, int64_t lo, int64_t hi)
{
	return v >= lo && v <= hi;
}

/* The rest of a record: nv numbers into v, then a name when name is not
 * NULL, then nothing. */
static bool record(struct cursor *c, int64_t *v, int nv, char *name)
{
	const char *w;
	for (int i = 0; i < nv; i++) {
		size_t n = next_word(c, &w);
		if (!parse_i64(w, n, &v[i]))
			return false;
	}
	if (name) {
		size_t n = next_word(c, &w);
		if (!copy_name(name, 16, w, n))
			return false;
	}
	return next_word(c, &w) == 0;
}

/* scn INDEX LINE TIMEOUT BYTES NAME (BYTES is the batch's: kern/scenario/batch.c) */
static int scn_record(struct cursor *c, struct manifest *m, const char **why)
{
	int64_t v[4];
	if (!record(c, v, 4, m->name) || v[1] < 1 || v[2] < 0) {
		*why = "boot form: bad scn record";
		return HE_INVAL;
	}
	m->scenario = true;
	m->line = (int)v[1];
	m->timeout_ticks = (uint64_t)v[2];
	return 0;
}

/* dom INDEX PRIO MAXPRIO THREADS RUN FLAGS NAME: a domain running the actor,
 * told its index; how it ends is judged by the host checker. */
static int dom_record(struct cursor *c, struct manifest *m, const char **why)
{
	if (m->ndomains == MAX_DOMAINS) {
		*why = "too many domains";
		return HE_NOMEM;
	}
	struct manifest_domain *d = &m->dom[m->ndomains];
	memset(d, 0, sizeof *d);
	int64_t v[6];
	if (!record(c, v, 6, d->name) || v[0] != m->ndomains || !in_range(v[1], 0, NPRIO - 1) ||
	    !in_range(v[2], v[1], NPRIO - 1)) {
		*why = "boot form: bad dom record";
		return HE_INVAL;
	}
	memcpy(d->prog, "actor", 6);
	d->arg = (uint64_t)m->ndomains;
	d->prio = (int)v[1];
	d->maxprio = (int)v[2];
	d->hart = -1;
	d->supervisor = (v[5] & SCN_DOM_SUPERVISOR) != 0;
	d->expect = EXPECT_ANY;
	m->ndomains++;
	return 0;
}

/* budget INDEX BUDGET PERIOD: the budget cap of a domain already declared. */
static int budget_record(struct cursor *c, struct manifest *m, const char **why)
{
	int64_t v[3];
	if (!record(c, v, 3, NULL) || !in_range(v[0], 0, m->ndomains - 1) || v[1] < 0 || v[2] < 0 ||
	    !sc_budget_valid((uint64_t)v[1], (uint64_t)v[2])) {
		*why = "boot form: bad budget record";
		return HE_INVAL;
	}
	m->dom[v[0]].budget = (uint64_t)v[1];
	m->dom[v[0]].period = (uint64_t)v[2];
	return 0;
}

/* hart INDEX ID: the hart a domain already declared runs on (docs/smp.md). */
static int hart_record(struct cursor *c, struct manifest *m, const char **why)
{
	int64_t v[2];
	if (!record(c, v, 2, NULL) || !in_range(v[0], 0, m->ndomains - 1) || !in_range(v[1], 0, MAX_HARTS - 1)) {
		*why = "boot form: bad hart record";
		return HE_INVAL;
	}
	m->dom[v[0]].hart = (int)v[1];
	return 0;
}

/* door INDEX SERVER ACTS ON LOOKEDUP FLAGS PRIO NAME: the kernel keeps the
 * name only, since injections name doors by the names their servers
 * publish; the actor creates the door. */
static int door_record(struct cursor *c, struct manifest *m, const char **why)
{
	int64_t v[7];
	if (m->ndoors == MAX_HANDLES || !record(c, v, 7, m->door[m->ndoors]) || v[0] != m->ndoors) {
		*why = "boot form: bad door record";
		return HE_INVAL;
	}
	m->ndoors++;
	return 0;
}

/* Copy the name of door k into dst; false if there is no door k. */
static bool door_name(const struct manifest *m, int64_t k, char *dst)
{
	if (!in_range(k, 0, m->ndoors - 1))
		return false;
	memcpy(dst, m->door[k], sizeof m->door[k]);
	return true;
}

/* inj LINE ACTION TARGET DOOR EVENT SUBJECT COUNT AFTER */
static int inj_record(struct cursor *c, struct manifest *m, const char **why)
{
	if (m->ninjects == MAX_INJECTS) {
		*why = "too many injections";
		return HE_NOMEM;
	}
	struct manifest_inject *in = &m->inject[m->ninjects];
	memset(in, 0, sizeof *in);
	int64_t v[8];
	bool ok = record(c, v, 8, NULL) && in_range(v[1], SCN_INJ_KILL, SCN_INJ_CANCEL) &&
		  in_range(v[4], SCN_EV_ENTER, SCN_EV_EXHAUSTED) && v[6] >= 0 && v[7] <= (int64_t)INJECT_AFTER_MAX;
	if (ok) {
		in->line = (int)v[0];
		in->action = (enum inject_action)v[1];
		in->target = (int)v[2];
		in->event = (enum inject_event)v[4];
		in->subject = (int)v[5];
		in->count = (uint64_t)v[6];
		in->delayed = v[7] >= 0;
		in->after = in->delayed ? (uint64_t)v[7] : 0;
		if (in->action != INJ_REVOKE)
			ok = in_range(v[2], 0, m->ndomains - 1);
		if (in->action == INJ_REVOKE || in->action == INJ_CLOSE)
			ok = ok && door_name(m, v[3], in->door);
		if (in->event == INJ_ENTER || in->event == INJ_RETURN || in->event == INJ_UNWIND ||
		    in->event == INJ_EXHAUSTED)
			ok = ok && in_range(v[5], 0, m->ndomains - 1) && v[6] >= 1;
		if (in->event == INJ_REVOKED)
			ok = ok && door_name(m, v[5], in->subject_door);
	}
	if (!ok) {
		*why = "boot form: bad inj record";
		return HE_INVAL;
	}
	m->ninjects++;
	return 0;
}

/* A record of a compiled section after its scn record. */
static int scn_line(struct cursor *c, struct manifest *m, const char *w, size_t n, const char **why)
{
	if (word_is(w, n, "dom"))
		return dom_record(c, m, why);
	if (word_is(w, n, "door"))
		return door_record(c, m, why);
	if (word_is(w, n, "budget"))
		return budget_record(c, m, why);
	if (word_is(w, n, "hart"))
		return hart_record(c, m, why);
	if (word_is(w, n, "inj"))
		return inj_record(c, m, why);
	if (word_is(w, n, "script") || word_is(w, n, "step") || word_is(w, n, "mutex"))
		return 0; /* the actor's */
	*why = "boot form: unknown record";
	return HE_INVAL;
}

int manifest_parse(const char *text, size_t len, struct manifest *m,
		   int *line, const char **why)
{
	struct cursor c = { text, text + len };
	memset(m, 0, sizeof *m);
	*line = 0;
	*why = "";
	bool seen_directive = false;
	while (c.p < c.end) {
		(*line)++;
		const char *w;
		size_t n = next_word(&c, &w);
		bool blank = n == 0;
		int r = 0;
		if (blank) {
			/* blank or comment line */
		} else if (!seen_directive && word_is(w, n, "scn")) {
			r = scn_record(&c, m, why);
		} else if (m->scenario) {
			r = scn_line(&c, m, w, n, why);
		} else if (word_is(w, n, "domain")) {
			r = parse_domain(&c, m, why);
		} else if (word_is(w, n, "timeout")) {
			n = next_word(&c, &w);
			if (!parse_u64(w, n, &m->timeout_ticks)) {
				*why = "timeout needs a number of ticks";
				r = HE_INVAL;
			} else if (next_word(&c, &w) != 0) {
				*why = "extra words after timeout";
				r = HE_INVAL;
			}
		} else if (word_is(w, n, "failalloc")) {
			n = next_word(&c, &w);
			if (!parse_u64(w, n, &m->failalloc) || m->failalloc == 0 || next_word(&c, &w) != 0) {
				*why = "failalloc needs one number N >= 1";
				r = HE_INVAL;
			}
		} else if (word_is(w, n, "nobwi")) {
			m->nobwi = true;
			if (next_word(&c, &w) != 0) {
				*why = "extra words after nobwi";
				r = HE_INVAL;
			}
		} else if (word_is(w, n, "trace")) {
			m->trace = true;
			if (next_word(&c, &w) != 0) {
				*why = "extra words after trace";
				r = HE_INVAL;
			}
		} else {
			*why = "unknown directive (domain, timeout, trace, failalloc, nobwi)";
			r = HE_INVAL;
		}
		if (r < 0)
			return r;
		seen_directive = seen_directive || !blank;
		while (c.p < c.end && *c.p != '\n')
			c.p++;
		if (c.p < c.end)
			c.p++;
	}
	if (m->ndomains == 0) {
		*why = "no domain";
		return HE_INVAL;
	}
	return 0;
}
