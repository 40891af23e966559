/* Flattened device tree reader (see fdt.h for the blob's layout).
 *
 * fdt_parse_boot_info() makes a single pass, tracking only the depth and
 * which child of the root it is inside, and remembers the raw value of each
 * property it wants; values are decoded after the walk, so the result does
 * not depend on property order (e.g. the root's #address-cells is known when
 * /memory's reg is decoded even in a blob that lists it after the children).
 *
 * The test finisher may sit at any depth and its reg is read in its parent's
 * #address-cells, which one pass could only follow with a stack of open
 * nodes, i.e. a depth limit. It is looked up instead by further passes over
 * the block the walk has accepted: one to find the node, one to find its
 * parent, and a scan of each node's own properties (own_prop()), which is
 * again blind to property order. The cost is a few passes over a blob of a
 * few KiB, once at boot. */
#include "fdt.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <hinge/errno.h>

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t header(const void *blob, unsigned field)
{
	return be32((const uint8_t *)blob + field);
}

/* Whether the block [off, off + size) lies after the header and inside
 * totalsize; 64-bit sum so that huge values cannot wrap. */
static bool block_fits(uint32_t off, uint32_t size, uint32_t totalsize)
{
	return off >= FDT_HEADER_SIZE && (uint64_t)off + size <= totalsize;
}

int fdt_check(const void *blob)
{
	if (blob == NULL || header(blob, FDT_H_MAGIC) != FDT_MAGIC)
		return HE_INVAL;
	uint32_t total = header(blob, FDT_H_TOTALSIZE);
	if (total < FDT_HEADER_SIZE)
		return HE_INVAL;
	if (header(blob, FDT_H_VERSION) < FDT_VERSION || header(blob, FDT_H_LAST_COMP) > FDT_VERSION)
		return HE_INVAL;
	uint32_t off_struct = header(blob, FDT_H_OFF_STRUCT);
	if (off_struct % 4 != 0 || !block_fits(off_struct, header(blob, FDT_H_SIZE_STRUCT), total))
		return HE_INVAL;
	if (!block_fits(header(blob, FDT_H_OFF_STRINGS), header(blob, FDT_H_SIZE_STRINGS), total))
		return HE_INVAL;
	/* The reservation map is not read here; its offset is still checked so
	 * that an accepted header is consistent as a whole. */
	if (!block_fits(header(blob, FDT_H_OFF_RSVMAP), 0, total))
		return HE_INVAL;
	return 0;
}

uint32_t fdt_totalsize(const void *blob)
{
	return header(blob, FDT_H_TOTALSIZE);
}

/* Position in the structure block. Invariant: off <= size, off % 4 == 0. */
struct cursor {
	const uint8_t *st;        /* structure block */
	uint32_t size;
	uint32_t off;
	const char *strings;      /* strings block */
	uint32_t strings_size;
};

/* One token. name is a NUL-terminated string inside the blob (node name for
 * BEGIN_NODE, property name for PROP); val[0..len) is a property value. */
struct token {
	uint32_t tag;
	const char *name;
	const uint8_t *val;
	uint32_t len;
};

static int take_u32(struct cursor *c, uint32_t *v)
{
	if (c->size - c->off < 4)
		return HE_INVAL;
	*v = be32(c->st + c->off);
	c->off += 4;
	return 0;
}

/* Step over len bytes and the padding to the next 4-byte boundary. */
static int skip_padded(struct cursor *c, uint32_t len)
{
	uint64_t padded = ((uint64_t)len + 3) & ~(uint64_t)3;
	if (padded > c->size - c->off)
		return HE_INVAL;
	c->off += (uint32_t)padded;
	return 0;
}

/* Read the next token other than NOP into *t. */
static int next_token(struct cursor *c, struct token *t)
{
	int err;
	do {
		if ((err = take_u32(c, &t->tag)) != 0)
			return err;
	} while (t->tag == FDT_NOP);

	switch (t->tag) {
	case FDT_BEGIN_NODE: {
		const uint8_t *name = c->st + c->off;
		const uint8_t *nul = memchr(name, '\0', c->size - c->off);
		if (nul == NULL)
			return HE_INVAL;
		t->name = (const char *)name;
		return skip_padded(c, (uint32_t)(nul - name) + 1);
	}
	case FDT_PROP: {
		uint32_t nameoff;
		if ((err = take_u32(c, &t->len)) != 0 || (err = take_u32(c, &nameoff)) != 0)
			return err;
		if (nameoff >= c->strings_size ||
		    memchr(c->strings + nameoff, '\0', c->strings_size - nameoff) == NULL)
			return HE_INVAL;
		t->name = c->strings + nameoff;
		t->val = c->st + c->off;
		return skip_padded(c, t->len);
	}
	case FDT_END_NODE:
	case FDT_END:
		return 0;
	default:
		return HE_INVAL;
	}
}

/* Read the next token as next_token does, keeping *depth (the number of
 * open nodes) up to date: + 1 after a BEGIN_NODE, - 1 after an END_NODE
 * (HE_INVAL if no node is open). */
static int step(struct cursor *c, struct token *t, uint32_t *depth)
{
	int err = next_token(c, t);
	if (err != 0)
		return err;
	if (t->tag == FDT_BEGIN_NODE) {
		++*depth;
	} else if (t->tag == FDT_END_NODE) {
		if (*depth == 0)
			return HE_INVAL;
		--*depth;
	}
	return 0;
}

/* Whether node name is base, with or without a unit address ("memory",
 * "memory@80000000"). strncmp stops at name's NUL, so no overread. */
static bool node_is(const char *name, const char *base)
{
	size_t n = strlen(base);
	return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

/* A property value remembered during the walk; val == NULL: not seen. */
struct raw_prop {
	const uint8_t *val;
	uint32_t len;
};

/* Remember the value of property t in *p if t is the property name. */
static void keep_if(const struct token *t, const char *name, struct raw_prop *p)
{
	if (strcmp(t->name, name) != 0)
		return;
	p->val = t->val;
	p->len = t->len;
}

/* The properties fdt_parse_boot_info() wants, as found by walk(). */
struct found {
	struct raw_prop addr_cells, size_cells;   /* root */
	struct raw_prop mem_reg;                  /* first /memory node */
	struct raw_prop cpus_timebase;            /* /cpus */
	struct raw_prop cpu_timebase;             /* first /cpus/cpu@ node */
	struct raw_prop initrd_start, initrd_end, bootargs; /* /chosen */
	int nharts;
};

/* Which child of the root the walk is inside. */
enum top_node { TOP_OTHER, TOP_MEMORY, TOP_CPUS, TOP_CHOSEN };

/* Walk the whole structure block, checking its nesting, and record into *f. */
static int walk(struct cursor *c, struct found *f)
{
	/* depth = number of open nodes: root properties are read at depth 1,
	 * /chosen's at depth 2, /cpus/cpu@0's at depth 3. */
	uint32_t depth = 0;
	bool root_closed = false;
	bool memory_seen = false;
	enum top_node top = TOP_OTHER;   /* meaningful while depth >= 2 */
	bool in_cpu = false;             /* at depth 3 inside a /cpus/cpu@ node */
	struct token t;
	int err;
	for (;;) {
		if ((err = step(c, &t, &depth)) != 0)
			return err;
		switch (t.tag) {
		case FDT_BEGIN_NODE:
			if (root_closed || (depth == 1 && t.name[0] != '\0'))
				return HE_INVAL;
			if (depth == 2) {
				top = TOP_OTHER;
				if (node_is(t.name, "memory") && !memory_seen) {
					top = TOP_MEMORY;
					memory_seen = true;
				} else if (node_is(t.name, "cpus")) {
					top = TOP_CPUS;
				} else if (node_is(t.name, "chosen")) {
					top = TOP_CHOSEN;
				}
			} else if (depth == 3 && top == TOP_CPUS && node_is(t.name, "cpu")) {
				in_cpu = true;
				f->nharts++;
			}
			break;
		case FDT_END_NODE:
			if (depth == 2)
				in_cpu = false; /* a node at depth 3 closed */
			root_closed = depth == 0;
			break;
		case FDT_PROP:
			if (depth == 1) {
				keep_if(&t, "#address-cells", &f->addr_cells);
				keep_if(&t, "#size-cells", &f->size_cells);
			} else if (depth == 2 && top == TOP_MEMORY) {
				keep_if(&t, "reg", &f->mem_reg);
			} else if (depth == 2 && top == TOP_CPUS) {
				keep_if(&t, "timebase-frequency", &f->cpus_timebase);
			} else if (depth == 2 && top == TOP_CHOSEN) {
				keep_if(&t, "linux,initrd-start", &f->initrd_start);
				keep_if(&t, "linux,initrd-end", &f->initrd_end);
				keep_if(&t, "bootargs", &f->bootargs);
			} else if (depth == 3 && in_cpu && f->cpu_timebase.val == NULL) {
				keep_if(&t, "timebase-frequency", &f->cpu_timebase);
			} else if (depth == 0) {
				return HE_INVAL;
			}
			break;
		case FDT_END:
			return root_closed ? 0 : HE_INVAL;
		}
	}
}

/* Big-endian number of ncells 32-bit cells (1 or 2) at p. */
static uint64_t read_cells(const uint8_t *p, uint32_t ncells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < ncells; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

/* A property holding one number as one or two cells (the bindings allow
 * either for timebase-frequency and the initrd bounds). */
static int decode_number(const struct raw_prop *p, uint64_t *v)
{
	if (p->len != 4 && p->len != 8)
		return HE_INVAL;
	*v = read_cells(p->val, p->len / 4);
	return 0;
}

/* A #address-cells / #size-cells value usable for a 64-bit number. */
static int decode_cells(const struct raw_prop *p, uint32_t dflt, uint32_t *cells)
{
	if (p->val == NULL) {
		*cells = dflt;
		return 0;
	}
	if (p->len != 4)
		return HE_INVAL;
	*cells = be32(p->val);
	return *cells >= 1 && *cells <= 2 ? 0 : HE_INVAL;
}

static int decode_memory(const struct found *f, struct boot_info *bi)
{
	uint32_t ac, sc;
	int err;
	if (f->mem_reg.val == NULL)
		return HE_NOENT;
	if ((err = decode_cells(&f->addr_cells, FDT_DEFAULT_ADDR_CELLS, &ac)) != 0 ||
	    (err = decode_cells(&f->size_cells, FDT_DEFAULT_SIZE_CELLS, &sc)) != 0)
		return err;
	if (f->mem_reg.len < 4 * (ac + sc))
		return HE_INVAL;
	bi->mem_base = read_cells(f->mem_reg.val, ac);
	bi->mem_size = read_cells(f->mem_reg.val + 4 * ac, sc);
	if (bi->mem_size == 0 || bi->mem_base + bi->mem_size < bi->mem_base)
		return HE_INVAL;
	return 0;
}

static int decode_timebase(const struct found *f, struct boot_info *bi)
{
	const struct raw_prop *p = f->cpus_timebase.val != NULL ? &f->cpus_timebase : &f->cpu_timebase;
	int err;
	if (p->val == NULL)
		return HE_NOENT;
	if ((err = decode_number(p, &bi->timebase_hz)) != 0)
		return err;
	return bi->timebase_hz != 0 ? 0 : HE_INVAL;
}

/* The initrd bounds come as a pair or not at all. */
static int decode_initrd(const struct found *f, struct boot_info *bi)
{
	int err;
	if (f->initrd_start.val == NULL && f->initrd_end.val == NULL)
		return 0;
	if (f->initrd_start.val == NULL || f->initrd_end.val == NULL)
		return HE_INVAL;
	if ((err = decode_number(&f->initrd_start, &bi->initrd_start)) != 0 ||
	    (err = decode_number(&f->initrd_end, &bi->initrd_end)) != 0)
		return err;
	return bi->initrd_end >= bi->initrd_start ? 0 : HE_INVAL;
}

/* bootargs is a string property: its value must hold the terminating NUL. */
static int decode_bootargs(const struct found *f, struct boot_info *bi)
{
	const struct raw_prop *p = &f->bootargs;
	if (p->val == NULL)
		return 0;
	if (memchr(p->val, '\0', p->len) == NULL)
		return HE_INVAL;
	bi->bootargs = (const char *)p->val;
	return 0;
}

/* ---- the test finisher: lookups by node, on a block walk() accepted ---- */

/* Advance c past the next BEGIN_NODE token, skipping properties and
 * node ends. *depth counts the open nodes as in walk(); on return it is the
 * new node's depth. HE_NOENT once the END token is reached. */
static int next_node(struct cursor *c, uint32_t *depth)
{
	struct token t;
	int err;
	do {
		if ((err = step(c, &t, depth)) != 0)
			return err;
		if (t.tag == FDT_END)
			return HE_NOENT;
	} while (t.tag != FDT_BEGIN_NODE);
	return 0;
}

/* Into *p, property name of the node whose BEGIN_NODE token c has just
 * passed: the node's own, wherever it lies among its children, never a
 * descendant's. p->val == NULL if the node has none. */
static int own_prop(struct cursor c, const char *name, struct raw_prop *p)
{
	uint32_t depth = 1;   /* nodes open since the node's own BEGIN_NODE */
	struct token t;
	int err;
	p->val = NULL;
	while (depth > 0) {
		if ((err = step(&c, &t, &depth)) != 0)
			return err;
		if (t.tag == FDT_END)
			return HE_INVAL;
		if (t.tag == FDT_PROP && depth == 1)
			keep_if(&t, name, p);
	}
	return 0;
}

/* Whether string list p (a compatible value: NUL-terminated strings back to
 * back) holds s. An unterminated last entry is not compared, so the compare
 * stays inside the value. */
static bool list_has(const struct raw_prop *p, const char *s)
{
	uint32_t off = 0;
	while (p->val != NULL && off < p->len) {
		const uint8_t *entry = p->val + off;
		const uint8_t *nul = memchr(entry, '\0', p->len - off);
		if (nul == NULL)
			return false;
		if (strcmp((const char *)entry, s) == 0)
			return true;
		off += (uint32_t)(nul - entry) + 1;
	}
	return false;
}

/* QEMU's SiFive test device; test1 is test0 plus a reset command. */
static bool is_finisher(const struct raw_prop *compatible)
{
	return list_has(compatible, "sifive,test0") || list_has(compatible, "sifive,test1");
}

/* The first finisher node in pre-order below the root (the root has no
 * parent to give its reg a meaning): *node is just past its BEGIN_NODE,
 * *depth (>= 2) its depth. HE_NOENT if there is none. */
static int find_finisher(struct cursor c, struct cursor *node, uint32_t *depth)
{
	struct raw_prop compat;
	int err;
	*depth = 0;
	while ((err = next_node(&c, depth)) == 0) {
		if (*depth < 2)
			continue;
		if ((err = own_prop(c, "compatible", &compat)) != 0)
			return err;
		if (is_finisher(&compat)) {
			*node = c;
			return 0;
		}
	}
	return err;
}

/* The parent of node (at depth >= 2): in pre-order, the last node at depth
 * - 1 opened before it. c starts at the structure block's beginning. */
static int parent_of(struct cursor c, const struct cursor *node, uint32_t depth, struct cursor *parent)
{
	uint32_t d = 0;
	int err;
	while (c.off < node->off) {
		if ((err = next_node(&c, &d)) != 0)
			return err;
		if (d == depth - 1)
			*parent = c;
	}
	return 0;
}

/* finisher_base from the first address of the finisher's reg, in its
 * parent's #address-cells (default 2, like the root's). Absent: 0. */
static int decode_finisher(struct cursor start, struct boot_info *bi)
{
	struct cursor node, parent;
	struct raw_prop cells, reg;
	uint32_t depth, ac;
	int err = find_finisher(start, &node, &depth);
	if (err == HE_NOENT)
		return 0;
	if (err != 0 ||
	    (err = parent_of(start, &node, depth, &parent)) != 0 ||
	    (err = own_prop(parent, "#address-cells", &cells)) != 0 ||
	    (err = decode_cells(&cells, FDT_DEFAULT_ADDR_CELLS, &ac)) != 0 ||
	    (err = own_prop(node, "reg", &reg)) != 0)
		return err;
	if (reg.val == NULL || reg.len < 4 * ac)
		return HE_INVAL;
	bi->finisher_base = read_cells(reg.val, ac);
	return 0;
}

int fdt_parse_boot_info(const void *blob, struct boot_info *out)
{
	int err = fdt_check(blob);
	if (err != 0)
		return err;

	const uint8_t *b = blob;
	const struct cursor start = {
		.st = b + header(blob, FDT_H_OFF_STRUCT),
		.size = header(blob, FDT_H_SIZE_STRUCT),
		.off = 0,
		.strings = (const char *)b + header(blob, FDT_H_OFF_STRINGS),
		.strings_size = header(blob, FDT_H_SIZE_STRINGS),
	};
	struct cursor c = start;
	struct found f = { .nharts = 0 };
	struct boot_info bi = { .bootargs = NULL };
	/* walk() first: the finisher lookups rely on its nesting check. */
	if ((err = walk(&c, &f)) != 0 ||
	    (err = decode_memory(&f, &bi)) != 0 ||
	    (err = decode_timebase(&f, &bi)) != 0 ||
	    (err = decode_initrd(&f, &bi)) != 0 ||
	    (err = decode_bootargs(&f, &bi)) != 0 ||
	    (err = decode_finisher(start, &bi)) != 0)
		return err;
	bi.nharts = f.nharts;
	*out = bi;
	return 0;
}
