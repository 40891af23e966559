/* Flattened device tree reader (see fdt.h for the blob's layout).
 *
 * fdt_parse_boot_info() makes a single pass over the structure block. The
 * specification puts a node's properties before its children, so a node's
 * properties are complete when its first child opens or, if it has none,
 * when it closes: at that point (node_done()) the node is decoded, and the
 * #address-cells and #size-cells of every open node are already known for
 * its children. A property after a child is refused as malformed. The walk
 * keeps those two raw values for each open node, which bounds the depth it
 * accepts (FDT_MAX_DEPTH). */
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

/* Whether node name is base, with or without a unit address ("memory",
 * "memory@80000000"). strncmp stops at name's NUL, so no overread. */
static bool node_is(const char *name, const char *base)
{
	size_t n = strlen(base);
	return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

/* A property value as found in the blob; val == NULL: not seen. */
struct raw_prop {
	const uint8_t *val;
	uint32_t len;
};

/* The properties the reader wants, whichever node holds them. */
enum prop_id {
	P_ADDR_CELLS, P_SIZE_CELLS, P_REG, P_COMPATIBLE, P_TIMEBASE, P_INITRD_START, P_INITRD_END,
	P_COUNT
};

static const char *const prop_names[P_COUNT] = {
	[P_ADDR_CELLS] = "#address-cells",
	[P_SIZE_CELLS] = "#size-cells",
	[P_REG] = "reg",
	[P_COMPATIBLE] = "compatible",
	[P_TIMEBASE] = "timebase-frequency",
	[P_INITRD_START] = "linux,initrd-start",
	[P_INITRD_END] = "linux,initrd-end",
};

/* Which child of the root the walk is inside. */
enum top_node { TOP_OTHER, TOP_MEMORY, TOP_CPUS, TOP_CHOSEN };

/* The walk's state. Invariant: depth <= FDT_MAX_DEPTH; cells[d] holds the
 * raw #address-cells and #size-cells of the open node at depth d (the root
 * is at depth 1) once its properties are done. */
struct walk {
	uint32_t depth;
	struct raw_prop cells[FDT_MAX_DEPTH + 1][2];
	struct raw_prop props[P_COUNT];   /* of the node whose properties are read */
	bool reading_props;               /* no child of that node opened yet */
	enum top_node top;                /* meaningful while depth >= 2 */
	bool memory_seen, finisher_seen;
};

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

/* The first range of the first /memory node's reg, in the root's cells. */
static int decode_memory(const struct walk *w, struct boot_info *bi)
{
	const struct raw_prop *reg = &w->props[P_REG];
	uint32_t ac, sc;
	int err;
	if (reg->val == NULL)
		return HE_NOENT;
	if ((err = decode_cells(&w->cells[1][0], FDT_DEFAULT_ADDR_CELLS, &ac)) != 0 ||
	    (err = decode_cells(&w->cells[1][1], FDT_DEFAULT_SIZE_CELLS, &sc)) != 0)
		return err;
	if (reg->len < 4 * (ac + sc))
		return HE_INVAL;
	bi->mem_base = read_cells(reg->val, ac);
	bi->mem_size = read_cells(reg->val + 4 * ac, sc);
	if (bi->mem_size == 0 || bi->mem_base + bi->mem_size < bi->mem_base)
		return HE_INVAL;
	return 0;
}

/* /cpus's timebase-frequency, or failing that the first of its children's. */
static int decode_timebase(const struct walk *w, struct boot_info *bi)
{
	if (w->props[P_TIMEBASE].val == NULL || bi->timebase_hz != 0)
		return 0;
	int err = decode_number(&w->props[P_TIMEBASE], &bi->timebase_hz);
	if (err != 0)
		return err;
	return bi->timebase_hz != 0 ? 0 : HE_INVAL;
}

/* The initrd bounds come as a pair or not at all. */
static int decode_initrd(const struct walk *w, struct boot_info *bi)
{
	const struct raw_prop *start = &w->props[P_INITRD_START], *end = &w->props[P_INITRD_END];
	int err;
	if (start->val == NULL && end->val == NULL)
		return 0;
	if (start->val == NULL || end->val == NULL)
		return HE_INVAL;
	if ((err = decode_number(start, &bi->initrd_start)) != 0 ||
	    (err = decode_number(end, &bi->initrd_end)) != 0)
		return err;
	return bi->initrd_end >= bi->initrd_start ? 0 : HE_INVAL;
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

/* QEMU's SiFive test device (test1 is test0 plus a reset command): the first
 * in pre-order below the root (the root has no parent to give its reg a
 * meaning) gives finisher_base, the first address of its reg in its
 * parent's #address-cells. */
static int decode_finisher(struct walk *w, struct boot_info *bi)
{
	const struct raw_prop *compat = &w->props[P_COMPATIBLE], *reg = &w->props[P_REG];
	uint32_t ac;
	if (w->finisher_seen || w->depth < 2 ||
	    !(list_has(compat, "sifive,test0") || list_has(compat, "sifive,test1")))
		return 0;
	w->finisher_seen = true;
	int err = decode_cells(&w->cells[w->depth - 1][0], FDT_DEFAULT_ADDR_CELLS, &ac);
	if (err != 0)
		return err;
	if (reg->val == NULL || reg->len < 4 * ac)
		return HE_INVAL;
	bi->finisher_base = read_cells(reg->val, ac);
	return 0;
}

/* The properties of the node at w->depth are complete: keep its cells for
 * its children and take what the kernel wants from it. */
static int node_done(struct walk *w, struct boot_info *bi)
{
	int err = 0;
	w->reading_props = false;
	w->cells[w->depth][0] = w->props[P_ADDR_CELLS];
	w->cells[w->depth][1] = w->props[P_SIZE_CELLS];
	if (w->depth == 2 && w->top == TOP_MEMORY)
		err = decode_memory(w, bi);
	else if ((w->depth == 2 || w->depth == 3) && w->top == TOP_CPUS)
		err = decode_timebase(w, bi);
	else if (w->depth == 2 && w->top == TOP_CHOSEN)
		err = decode_initrd(w, bi);
	return err != 0 ? err : decode_finisher(w, bi);
}

static int node_begin(struct walk *w, const char *name, bool root_closed, struct boot_info *bi)
{
	if (root_closed || w->depth == FDT_MAX_DEPTH || (w->depth == 0 && name[0] != '\0'))
		return HE_INVAL;
	w->depth++;
	w->reading_props = true;
	memset(w->props, 0, sizeof w->props);
	if (w->depth == 3 && w->top == TOP_CPUS && node_is(name, "cpu"))
		bi->nharts++;
	if (w->depth != 2)
		return 0;
	w->top = TOP_OTHER;
	if (node_is(name, "memory") && !w->memory_seen) {
		w->top = TOP_MEMORY;
		w->memory_seen = true;
	} else if (node_is(name, "cpus")) {
		w->top = TOP_CPUS;
	} else if (node_is(name, "chosen")) {
		w->top = TOP_CHOSEN;
	}
	return 0;
}

/* Walk the whole structure block, checking its nesting, into *bi. */
static int walk(struct cursor *c, struct boot_info *bi)
{
	struct walk w = { .depth = 0 };
	bool root_closed = false;
	struct token t;
	int err;
	for (;;) {
		if ((err = next_token(c, &t)) != 0)
			return err;
		switch (t.tag) {
		case FDT_BEGIN_NODE:
			if ((w.reading_props && (err = node_done(&w, bi)) != 0) ||
			    (err = node_begin(&w, t.name, root_closed, bi)) != 0)
				return err;
			break;
		case FDT_END_NODE:
			if (w.depth == 0)
				return HE_INVAL;
			if (w.reading_props && (err = node_done(&w, bi)) != 0)
				return err;
			root_closed = --w.depth == 0;
			break;
		case FDT_PROP:
			/* Outside every node, or after a child of its node. */
			if (!w.reading_props)
				return HE_INVAL;
			for (int i = 0; i < P_COUNT; i++)
				if (strcmp(t.name, prop_names[i]) == 0)
					w.props[i] = (struct raw_prop){ t.val, t.len };
			break;
		case FDT_END:
			return root_closed ? 0 : HE_INVAL;
		}
	}
}

int fdt_parse_boot_info(const void *blob, struct boot_info *out)
{
	int err = fdt_check(blob);
	if (err != 0)
		return err;

	const uint8_t *b = blob;
	struct cursor c = {
		.st = b + header(blob, FDT_H_OFF_STRUCT),
		.size = header(blob, FDT_H_SIZE_STRUCT),
		.off = 0,
		.strings = (const char *)b + header(blob, FDT_H_OFF_STRINGS),
		.strings_size = header(blob, FDT_H_SIZE_STRINGS),
	};
	struct boot_info bi = { .mem_size = 0 };
	if ((err = walk(&c, &bi)) != 0)
		return err;
	if (bi.mem_size == 0 || bi.timebase_hz == 0)
		return HE_NOENT;
	*out = bi;
	return 0;
}
