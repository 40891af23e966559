/* Flattened device tree reader (see fdt.h for the blob's layout).
 *
 * fdt_parse_boot_info() makes a single pass over the structure block by
 * recursive descent: read_node() reads one node's properties, takes what the
 * kernel wants from them, then reads its children the same way. The
 * specification puts a node's properties before its children, so a node's
 * properties are complete when its first child opens or, if it has none,
 * when it closes; a property after a child is refused as malformed. A child
 * is decoded with its parent's properties at hand (its #address-cells and
 * #size-cells give the child's reg a meaning). The recursion is bounded by
 * FDT_MAX_DEPTH, checked before a child opens. */
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

/* A property value as found in the blob; val == NULL: not seen. */
struct raw_prop {
	const uint8_t *val;
	uint32_t len;
};

/* The walk's state: the position in the structure block (invariant:
 * off <= size, off % 4 == 0), and what the reader has met so far (the
 * first /memory node and the first finisher are the ones decoded). */
struct reader {
	const uint8_t *st;        /* structure block */
	uint32_t size;
	uint32_t off;
	const char *strings;      /* strings block */
	uint32_t strings_size;
	struct boot_info *bi;
	bool memory_seen, finisher_seen;
};

/* One token. name is a NUL-terminated string inside the blob (node name for
 * BEGIN_NODE, property name for PROP); prop is a property's value. */
struct token {
	uint32_t tag;
	const char *name;
	struct raw_prop prop;
};

static int take_u32(struct reader *r, uint32_t *v)
{
	if (r->size - r->off < 4)
		return HE_INVAL;
	*v = be32(r->st + r->off);
	r->off += 4;
	return 0;
}

/* Step over len bytes and the padding to the next 4-byte boundary. */
static int skip_padded(struct reader *r, uint32_t len)
{
	uint64_t padded = ((uint64_t)len + 3) & ~(uint64_t)3;
	if (padded > r->size - r->off)
		return HE_INVAL;
	r->off += (uint32_t)padded;
	return 0;
}

/* Read the next token other than NOP into *t. */
static int next_token(struct reader *r, struct token *t)
{
	int err;
	do {
		if ((err = take_u32(r, &t->tag)) != 0)
			return err;
	} while (t->tag == FDT_NOP);

	switch (t->tag) {
	case FDT_BEGIN_NODE: {
		const uint8_t *name = r->st + r->off;
		const uint8_t *nul = memchr(name, '\0', r->size - r->off);
		if (nul == NULL)
			return HE_INVAL;
		t->name = (const char *)name;
		return skip_padded(r, (uint32_t)(nul - name) + 1);
	}
	case FDT_PROP: {
		uint32_t nameoff;
		if ((err = take_u32(r, &t->prop.len)) != 0 || (err = take_u32(r, &nameoff)) != 0)
			return err;
		if (nameoff >= r->strings_size ||
		    memchr(r->strings + nameoff, '\0', r->strings_size - nameoff) == NULL)
			return HE_INVAL;
		t->name = r->strings + nameoff;
		t->prop.val = r->st + r->off;
		return skip_padded(r, t->prop.len);
	}
	default:
		return t->tag == FDT_END_NODE || t->tag == FDT_END ? 0 : HE_INVAL;
	}
}

/* Whether node name is base, with or without a unit address ("memory",
 * "memory@80000000"). strncmp stops at name's NUL, so no overread. */
static bool node_is(const char *name, const char *base)
{
	size_t n = strlen(base);
	return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

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

/* What a node is to the reader, from its name and its parent's kind. */
enum node_kind { K_ROOT, K_OTHER, K_MEMORY, K_CPUS, K_CPU, K_CHOSEN };

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

/* A #address-cells / #size-cells value usable for a 64-bit number: dflt
 * when absent; a value not of one cell reads as 0, which is refused. */
static int decode_cells(const struct raw_prop *p, uint32_t dflt, uint32_t *cells)
{
	*cells = p->val == NULL ? dflt : p->len == 4 ? be32(p->val) : 0;
	return *cells >= 1 && *cells <= 2 ? 0 : HE_INVAL;
}

/* The first range of the first /memory node's reg, in the root's cells. */
static int decode_memory(const struct raw_prop *p, const struct raw_prop *root, struct boot_info *bi)
{
	const struct raw_prop *reg = &p[P_REG];
	uint32_t ac, sc;
	int err;
	if (reg->val == NULL)
		return HE_NOENT;
	if ((err = decode_cells(&root[P_ADDR_CELLS], FDT_DEFAULT_ADDR_CELLS, &ac)) != 0 ||
	    (err = decode_cells(&root[P_SIZE_CELLS], FDT_DEFAULT_SIZE_CELLS, &sc)) != 0)
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
static int decode_timebase(const struct raw_prop *p, struct boot_info *bi)
{
	if (p[P_TIMEBASE].val == NULL || bi->timebase_hz != 0)
		return 0;
	int err = decode_number(&p[P_TIMEBASE], &bi->timebase_hz);
	return err != 0 || bi->timebase_hz != 0 ? err : HE_INVAL;
}

/* The initrd bounds come as a pair or not at all. */
static int decode_initrd(const struct raw_prop *p, struct boot_info *bi)
{
	const struct raw_prop *start = &p[P_INITRD_START], *end = &p[P_INITRD_END];
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
static int decode_finisher(struct reader *r, const struct raw_prop *p, const struct raw_prop *parent)
{
	const struct raw_prop *compat = &p[P_COMPATIBLE], *reg = &p[P_REG];
	uint32_t ac;
	if (r->finisher_seen || parent == NULL ||
	    !(list_has(compat, "sifive,test0") || list_has(compat, "sifive,test1")))
		return 0;
	r->finisher_seen = true;
	int err = decode_cells(&parent[P_ADDR_CELLS], FDT_DEFAULT_ADDR_CELLS, &ac);
	if (err != 0)
		return err;
	if (reg->val == NULL || reg->len < 4 * ac)
		return HE_INVAL;
	r->bi->finisher_base = read_cells(reg->val, ac);
	return 0;
}

/* What the node named name, a child of a node of kind parent, is to the
 * reader; a cpu node below /cpus counts a hart. */
static enum node_kind child_kind(struct reader *r, enum node_kind parent, const char *name)
{
	if (parent == K_CPUS) {
		if (node_is(name, "cpu"))
			r->bi->nharts++;
		return K_CPU;
	}
	if (parent != K_ROOT)
		return K_OTHER;
	if (node_is(name, "memory") && !r->memory_seen) {
		r->memory_seen = true;
		return K_MEMORY;
	}
	if (node_is(name, "cpus"))
		return K_CPUS;
	return node_is(name, "chosen") ? K_CHOSEN : K_OTHER;
}

/* Read the node whose BEGIN_NODE was just taken, at depth (the root is at
 * 1), up to and with its END_NODE. parent: its parent's properties, NULL
 * for the root. */
static int read_node(struct reader *r, uint32_t depth, enum node_kind kind, const struct raw_prop *parent)
{
	struct raw_prop p[P_COUNT] = { { NULL, 0 } };
	struct token t;
	int err;
	while ((err = next_token(r, &t)) == 0 && t.tag == FDT_PROP)
		for (int i = 0; i < P_COUNT; i++)
			if (strcmp(t.name, prop_names[i]) == 0)
				p[i] = t.prop;
	if (err != 0)
		return err;
	if (kind == K_MEMORY)
		err = decode_memory(p, parent, r->bi);
	else if (kind == K_CPUS || kind == K_CPU)
		err = decode_timebase(p, r->bi);
	else if (kind == K_CHOSEN)
		err = decode_initrd(p, r->bi);
	if (err != 0 || (err = decode_finisher(r, p, parent)) != 0)
		return err;
	while (t.tag == FDT_BEGIN_NODE) {
		if (depth == FDT_MAX_DEPTH)
			return HE_INVAL;
		if ((err = read_node(r, depth + 1, child_kind(r, kind, t.name), p)) != 0 ||
		    (err = next_token(r, &t)) != 0)
			return err;
	}
	/* Anything but the node's END_NODE: a property after a child, or END. */
	return t.tag == FDT_END_NODE ? 0 : HE_INVAL;
}

int fdt_parse_boot_info(const void *blob, struct boot_info *out)
{
	int err = fdt_check(blob);
	if (err != 0)
		return err;

	const uint8_t *b = blob;
	struct boot_info bi = { .mem_size = 0 };
	struct reader r = {
		.st = b + header(blob, FDT_H_OFF_STRUCT),
		.size = header(blob, FDT_H_SIZE_STRUCT),
		.off = 0,
		.strings = (const char *)b + header(blob, FDT_H_OFF_STRINGS),
		.strings_size = header(blob, FDT_H_SIZE_STRINGS),
		.bi = &bi,
	};
	/* One root node, with an empty name, then END. */
	struct token t;
	if ((err = next_token(&r, &t)) != 0)
		return err;
	if (t.tag != FDT_BEGIN_NODE || t.name[0] != '\0')
		return HE_INVAL;
	if ((err = read_node(&r, 1, K_ROOT, NULL)) != 0 || (err = next_token(&r, &t)) != 0)
		return err;
	if (t.tag != FDT_END)
		return HE_INVAL;
	if (bi.mem_size == 0 || bi.timebase_hz == 0)
		return HE_NOENT;
	*out = bi;
	return 0;
}
