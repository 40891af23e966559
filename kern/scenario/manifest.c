/* Parser of the boot manifest text (format in manifest.h). Portable and
 * strict: every unknown word is an error with its line number, because a
 * researcher's typo must not silently become a different experiment. */
#include <string.h>
#include <hinge/errno.h>
#include "manifest.h"

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

static int find_domain(const struct manifest *m, const char *w, size_t n)
{
	for (int i = 0; i < m->ndomains; i++)
		if (word_is(w, n, m->dom[i].name))
			return i;
	return -1;
}

static bool parse_door_name(struct cursor *c, char *dst)
{
	const char *w;
	size_t n = next_word(c, &w);
	return copy_name(dst, 16, w, n);
}

/* inject ACTION when EVENT [+N] (format in manifest.h). */
static int parse_inject(struct cursor *c, struct manifest *m, int line, const char **why)
{
	const char *w;
	size_t n;
	if (m->ninjects == MAX_INJECTS) {
		*why = "too many injections";
		return HE_NOMEM;
	}
	struct manifest_inject *in = &m->inject[m->ninjects];
	memset(in, 0, sizeof *in);
	in->line = line;
	n = next_word(c, &w);
	if (word_is(w, n, "kill") || word_is(w, n, "close")) {
		in->action = word_is(w, n, "kill") ? INJ_KILL : INJ_CLOSE;
		n = next_word(c, &w);
		if ((in->target = find_domain(m, w, n)) < 0) {
			*why = "inject: unknown domain (declare it first)";
			return HE_INVAL;
		}
		if (in->action == INJ_CLOSE && !parse_door_name(c, in->door)) {
			*why = "inject close DOMAIN DOOR: a door name of 1..15 characters";
			return HE_INVAL;
		}
	} else if (word_is(w, n, "revoke")) {
		in->action = INJ_REVOKE;
		if (!parse_door_name(c, in->door)) {
			*why = "inject revoke DOOR: a door name of 1..15 characters";
			return HE_INVAL;
		}
	} else {
		*why = "inject: the action is kill DOMAIN, revoke DOOR or close DOMAIN DOOR";
		return HE_INVAL;
	}
	n = next_word(c, &w);
	if (!word_is(w, n, "when")) {
		*why = "inject ACTION when EVENT";
		return HE_INVAL;
	}
	n = next_word(c, &w);
	in->count = 1;
	if (word_is(w, n, "tick")) {
		in->event = INJ_TICK;
		n = next_word(c, &w);
		if (!parse_u64(w, n, &in->count)) {
			*why = "inject: tick needs a number";
			return HE_INVAL;
		}
		n = next_word(c, &w);
	} else if (word_is(w, n, "start")) {
		in->event = INJ_START;
		n = next_word(c, &w);
	} else if (word_is(w, n, "revoke")) {
		in->event = INJ_REVOKED;
		if (!parse_door_name(c, in->subject_door)) {
			*why = "inject: when revoke DOOR needs a door name";
			return HE_INVAL;
		}
		n = next_word(c, &w);
	} else if (word_is(w, n, "enter") || word_is(w, n, "return") || word_is(w, n, "unwind")) {
		in->event = word_is(w, n, "enter") ? INJ_ENTER : word_is(w, n, "return") ? INJ_RETURN : INJ_UNWIND;
		n = next_word(c, &w);
		if ((in->subject = find_domain(m, w, n)) < 0) {
			*why = "inject: unknown domain (declare it first)";
			return HE_INVAL;
		}
		n = next_word(c, &w);
		if (n && w[0] != '+') {
			if (!parse_u64(w, n, &in->count) || in->count == 0) {
				*why = "inject: the count must be a number >= 1";
				return HE_INVAL;
			}
			n = next_word(c, &w);
		}
	} else {
		*why = "inject: the event is enter, return, tick, start or revoke";
		return HE_INVAL;
	}
	if (n && w[0] == '+') {
		if (!parse_u64(w + 1, n - 1, &in->after) || in->after > INJECT_AFTER_MAX) {
			*why = "inject: +N needs a number of instructions (at most 10^12)";
			return HE_INVAL;
		}
		in->delayed = true;
		n = next_word(c, &w);
	}
	if (n != 0) {
		*why = "inject: extra words";
		return HE_INVAL;
	}
	m->ninjects++;
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
		if (word_is(w, n, "restart") && m->scenario)
			continue; /* for the scenario's supervisor actor */
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
			if (!parse_u64(v, vn, &num) || num == 0 || num >= NPRIO) {
				*why = "priority must be 1..63";
				return HE_INVAL;
			}
			if (kn == 4)
				d->prio = (int)num;
			else
				d->maxprio = (int)num;
		} else if (word_is(w, kn, "arg")) {
			if (!parse_u64(v, vn, &d->arg)) {
				*why = "arg must be a number";
				return HE_INVAL;
			}
		} else if (word_is(w, kn, "expect") && !m->scenario) {
			if (parse_expect(d, v, vn) < 0) {
				*why = "expect must be exit, exit:N, fault, fault:N or any";
				return HE_INVAL;
			}
		} else if (word_is(w, kn, "threads") && m->scenario) {
			/* for the actor */
		} else {
			*why = "unknown key (prog, prio, maxprio, arg, expect)";
			return HE_INVAL;
		}
	}
	if (m->scenario) {
		/* Every domain of a scenario is an actor, told its index; how it
		 * ends is judged by the host checker (scripts/scenario.py). */
		if (d->prog[0] != '\0') {
			*why = "a scenario's domains all run the actor: no prog=";
			return HE_INVAL;
		}
		memcpy(d->prog, "actor", 6);
		d->arg = (uint64_t)m->ndomains;
		d->expect = EXPECT_ANY;
		d->expect_code_given = false;
	}
	if (d->prog[0] == '\0' || d->prio < 0) {
		*why = "domain needs prog= and prio=";
		return HE_INVAL;
	}
	if (d->maxprio < d->prio)
		d->maxprio = d->prio;
	m->ndomains++;
	return 0;
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
		} else if (word_is(w, n, "scenario")) {
			n = next_word(&c, &w);
			if (seen_directive) {
				*why = "scenario must be the first directive";
				r = HE_INVAL;
			} else if (!copy_name(m->name, sizeof m->name, w, n)) {
				*why = "scenario needs a name of 1..15 characters";
				r = HE_INVAL;
			}
			m->scenario = true;
		} else if (word_is(w, n, "domain")) {
			r = parse_domain(&c, m, why);
		} else if (m->scenario && word_is(w, n, "inject")) {
			r = parse_inject(&c, m, *line, why);
		} else if (m->scenario && (word_is(w, n, "door") || word_is(w, n, "on") ||
					   word_is(w, n, "run") || word_is(w, n, "expect"))) {
			/* for the actors and the checker */
		} else if (word_is(w, n, "timeout")) {
			n = next_word(&c, &w);
			if (!parse_u64(w, n, &m->timeout_ticks)) {
				*why = "timeout needs a number of ticks";
				r = HE_INVAL;
			} else if (next_word(&c, &w) != 0) {
				*why = "extra words after timeout";
				r = HE_INVAL;
			}
		} else {
			*why = m->scenario ? "unknown directive (see docs/scenarios.md)"
					   : "unknown directive (domain, timeout)";
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
