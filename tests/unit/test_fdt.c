/* Tests of kern/fdt.c: the device tree reader.
 *
 * Two kinds of input: real blobs from tests/unit/fixtures/ (QEMU virt's own
 * tree and variants, made by make-fixtures.sh; read relative to the repo
 * root, where the test binary runs), and small blobs assembled here token by
 * token, to reach each malformation the reader must reject. Every blob sits
 * in a heap buffer of exactly totalsize bytes, so a read past its end is
 * caught when the tests are built with -fsanitize=address. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hinge/errno.h>
#include "kern/fdt.h"

/* ---- blob access -------------------------------------------------------- */

#define FIXTURES "tests/unit/fixtures/"

static uint32_t get32(const uint8_t *b, size_t off)
{
	return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 | (uint32_t)b[off + 2] << 8 | b[off + 3];
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	b[off] = (uint8_t)(v >> 24);
	b[off + 1] = (uint8_t)(v >> 16);
	b[off + 2] = (uint8_t)(v >> 8);
	b[off + 3] = (uint8_t)v;
}

/* Read a fixture into a buffer of exactly its size; *len receives it. */
static uint8_t *load(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s (run the tests from the repository root)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	cr_assert_gt(n, 0);
	uint8_t *b = malloc((size_t)n);
	cr_assert_not_null(b);
	cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static uint8_t *copy(const uint8_t *b, size_t len)
{
	uint8_t *c = malloc(len);
	cr_assert_not_null(c);
	memcpy(c, b, len);
	return c;
}

/* Sentinel contents, to see that a failed parse leaves *out alone. */
static const struct boot_info SENTINEL = {
	.mem_base = 0x1111, .mem_size = 0x2222, .timebase_hz = 0x3333,
	.initrd_start = 0x4444, .initrd_end = 0x5555,
	.finisher_base = 0x6666,
};

/* Field by field: the struct has padding, which assignment need not copy. */
static bool is_sentinel(const struct boot_info *bi)
{
	return bi->mem_base == SENTINEL.mem_base && bi->mem_size == SENTINEL.mem_size &&
	       bi->timebase_hz == SENTINEL.timebase_hz && bi->initrd_start == SENTINEL.initrd_start &&
	       bi->initrd_end == SENTINEL.initrd_end && bi->finisher_base == SENTINEL.finisher_base;
}

static void assert_fails(const uint8_t *blob, int expected)
{
	struct boot_info bi = SENTINEL;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), expected);
	cr_assert(is_sentinel(&bi), "out written on failure");
}

/* ---- a blob assembler ---------------------------------------------------- */

/* Tokens go into st[], property names into str[]; finish() lays out
 * header, an empty reservation map, the structure and strings blocks. */
struct builder {
	uint8_t st[2048];
	size_t st_len;
	char str[512];
	size_t str_len;
};

static void emit32(struct builder *b, uint32_t v)
{
	cr_assert_leq(b->st_len + 4, sizeof(b->st));
	put32(b->st, b->st_len, v);
	b->st_len += 4;
}

static void emit_bytes(struct builder *b, const void *p, size_t n)
{
	cr_assert_leq(b->st_len + n + 3, sizeof(b->st));
	memcpy(b->st + b->st_len, p, n);
	b->st_len += n;
	while (b->st_len % 4 != 0)
		b->st[b->st_len++] = 0;
}

static void begin(struct builder *b, const char *name)
{
	emit32(b, FDT_BEGIN_NODE);
	emit_bytes(b, name, strlen(name) + 1);
}

static void end(struct builder *b)
{
	emit32(b, FDT_END_NODE);
}

static void prop(struct builder *b, const char *name, const void *val, size_t len)
{
	size_t n = strlen(name) + 1;
	cr_assert_leq(b->str_len + n, sizeof(b->str));
	memcpy(b->str + b->str_len, name, n);
	emit32(b, FDT_PROP);
	emit32(b, (uint32_t)len);
	emit32(b, (uint32_t)b->str_len);
	b->str_len += n;
	emit_bytes(b, val, len);
}

static void prop_u32(struct builder *b, const char *name, uint32_t v)
{
	uint8_t c[4];
	put32(c, 0, v);
	prop(b, name, c, 4);
}

static void prop_u64(struct builder *b, const char *name, uint64_t v)
{
	uint8_t c[8];
	put32(c, 0, (uint32_t)(v >> 32));
	put32(c, 4, (uint32_t)v);
	prop(b, name, c, 8);
}

static void prop_str(struct builder *b, const char *name, const char *s)
{
	prop(b, name, s, strlen(s) + 1);
}

/* The parts of a minimal valid tree, for tests that break one of them. */
static void memory_node(struct builder *b)
{
	uint8_t reg[16];
	put32(reg, 0, 0);
	put32(reg, 4, 0x80000000u);
	put32(reg, 8, 0);
	put32(reg, 12, 0x8000000u);
	begin(b, "memory@80000000");
	prop_str(b, "device_type", "memory");
	prop(b, "reg", reg, sizeof(reg));
	end(b);
}

static void cpus_node(struct builder *b)
{
	begin(b, "cpus");
	prop_u32(b, "timebase-frequency", 10000000);
	begin(b, "cpu@0");
	end(b);
	end(b);
}

/* Root opening with the cells QEMU virt uses: 2 address, 2 size. */
static void root_begin(struct builder *b)
{
	begin(b, "");
	prop_u32(b, "#address-cells", 2);
	prop_u32(b, "#size-cells", 2);
}

static uint8_t *finish(struct builder *b, size_t *len)
{
	size_t off_rsv = FDT_HEADER_SIZE, off_st = off_rsv + 16, off_str = off_st + b->st_len;
	size_t total = off_str + b->str_len;
	uint8_t *blob = calloc(1, total);
	cr_assert_not_null(blob);
	put32(blob, FDT_H_MAGIC, FDT_MAGIC);
	put32(blob, FDT_H_TOTALSIZE, (uint32_t)total);
	put32(blob, FDT_H_OFF_STRUCT, (uint32_t)off_st);
	put32(blob, FDT_H_OFF_STRINGS, (uint32_t)off_str);
	put32(blob, FDT_H_OFF_RSVMAP, (uint32_t)off_rsv);
	put32(blob, FDT_H_VERSION, FDT_VERSION);
	put32(blob, FDT_H_LAST_COMP, 16);
	put32(blob, FDT_H_SIZE_STRINGS, (uint32_t)b->str_len);
	put32(blob, FDT_H_SIZE_STRUCT, (uint32_t)b->st_len);
	memcpy(blob + off_st, b->st, b->st_len);
	memcpy(blob + off_str, b->str, b->str_len);
	if (len != NULL)
		*len = total;
	return blob;
}

/* A complete tree: root, the given /chosen body (may be NULL: no /chosen),
 * memory, cpus, END. */
static uint8_t *tree_with_chosen(void (*chosen)(struct builder *))
{
	static struct builder b;
	memset(&b, 0, sizeof(b));
	root_begin(&b);
	if (chosen != NULL) {
		begin(&b, "chosen");
		chosen(&b);
		end(&b);
	}
	memory_node(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	return finish(&b, NULL);
}

/* ---- real QEMU tree ------------------------------------------------------ */

Test(fdt, qemu_virt_tree_parses)
{
	size_t len;
	uint8_t *blob = load("virt.dtb", &len);
	struct boot_info bi;

	cr_assert_eq(fdt_check(blob), 0);
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.mem_base, 0x80000000u);
	cr_assert_eq(bi.mem_size, 128u << 20);
	cr_assert_eq(bi.timebase_hz, 10000000u);
	cr_assert_eq(bi.initrd_start, 0x84200000u);
	cr_assert_eq(bi.initrd_end, 0x84201000u);   /* the script's 4096-byte initrd */
	cr_assert_eq(bi.finisher_base, 0x100000u);   /* /soc/test@100000 */
	free(blob);
}

Test(fdt, one_cell_numbers_and_per_cpu_timebase)
{
	size_t len;
	uint8_t *blob = load("cells32.dtb", &len);
	struct boot_info bi;

	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.mem_base, 0x80000000u);
	cr_assert_eq(bi.mem_size, 64u << 20);
	cr_assert_eq(bi.timebase_hz, 1000000u);
	cr_assert_eq(bi.initrd_start, 0x88000000u);
	cr_assert_eq(bi.initrd_end, 0x88010000u);
	cr_assert_eq(bi.finisher_base, 0, "cells32.dts has no test device");
	free(blob);
}

Test(fdt, missing_chosen_gives_zero_initrd)
{
	size_t len;
	uint8_t *blob = load("no-chosen.dtb", &len);
	struct boot_info bi = SENTINEL;

	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.mem_base, 0x80000000u);
	cr_assert_eq(bi.mem_size, 128u << 20);
	cr_assert_eq(bi.timebase_hz, 10000000u);
	cr_assert_eq(bi.initrd_start, 0);
	cr_assert_eq(bi.initrd_end, 0);
	free(blob);
}

Test(fdt, missing_finisher_gives_zero_and_the_rest_unchanged)
{
	size_t len;
	uint8_t *blob = load("no-finisher.dtb", &len);
	struct boot_info bi = SENTINEL;

	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.finisher_base, 0);
	cr_assert_eq(bi.mem_base, 0x80000000u);
	cr_assert_eq(bi.mem_size, 128u << 20);
	cr_assert_eq(bi.timebase_hz, 10000000u);
	cr_assert_eq(bi.initrd_start, 0x84200000u);
	free(blob);
}

Test(fdt, missing_memory_is_noent)
{
	size_t len;
	uint8_t *blob = load("no-memory.dtb", &len);
	cr_assert_eq(fdt_check(blob), 0);
	assert_fails(blob, HE_NOENT);
	free(blob);
}

Test(fdt, missing_timebase_is_noent)
{
	size_t len;
	uint8_t *blob = load("no-timebase.dtb", &len);
	assert_fails(blob, HE_NOENT);
	free(blob);
}

Test(fdt, initrd_start_without_end_is_invalid)
{
	size_t len;
	uint8_t *blob = load("half-initrd.dtb", &len);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

/* ---- header checks ------------------------------------------------------- */

Test(fdt, null_blob)
{
	struct boot_info bi;
	cr_assert_eq(fdt_check(NULL), HE_INVAL);
	cr_assert_eq(fdt_parse_boot_info(NULL, &bi), HE_INVAL);
}

Test(fdt, bad_magic)
{
	size_t len;
	uint8_t *blob = load("virt.dtb", &len);
	blob[0] ^= 0x01;
	cr_assert_eq(fdt_check(blob), HE_INVAL);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

/* Each header field set to a bad value must be refused by fdt_check. */
Test(fdt, inconsistent_header_fields)
{
	size_t len;
	uint8_t *good = load("virt.dtb", &len);
	uint32_t total = (uint32_t)len;
	const struct { size_t field; uint32_t value; const char *why; } bad[] = {
		{ FDT_H_TOTALSIZE, 39, "totalsize smaller than the header" },
		{ FDT_H_VERSION, 16, "version older than 17" },
		{ FDT_H_LAST_COMP, 18, "not readable as version 17" },
		{ FDT_H_OFF_STRUCT, get32(good, FDT_H_OFF_STRUCT) + 2, "misaligned structure block" },
		{ FDT_H_OFF_STRUCT, 8, "structure block overlaps the header" },
		{ FDT_H_SIZE_STRUCT, total, "structure block past totalsize" },
		{ FDT_H_OFF_STRUCT, 0xfffffffcu, "structure offset wraps" },
		{ FDT_H_SIZE_STRINGS, total, "strings block past totalsize" },
		{ FDT_H_OFF_STRINGS, 0xffffffffu, "strings offset wraps" },
		{ FDT_H_OFF_RSVMAP, total + 1, "reservation map past totalsize" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t *b = copy(good, len);
		put32(b, bad[i].field, bad[i].value);
		cr_expect_eq(fdt_check(b), HE_INVAL, "%s", bad[i].why);
		assert_fails(b, HE_INVAL);
		free(b);
	}
	free(good);
}

/* The blob cut off at every length, with totalsize telling the truth about
 * the cut: the strings block (last in the blob) no longer fits. */
Test(fdt, truncated_blob)
{
	size_t len;
	uint8_t *good = load("virt.dtb", &len);
	for (size_t cut = FDT_HEADER_SIZE; cut < len; cut++) {
		uint8_t *b = copy(good, cut);
		put32(b, FDT_H_TOTALSIZE, (uint32_t)cut);
		cr_assert_eq(fdt_check(b), HE_INVAL, "cut at %zu", cut);
		free(b);
	}
	free(good);
}

/* Structure block shortened by the header at every 4-byte step: the walk
 * runs out of tokens before END and must say so. */
Test(fdt, truncated_structure_block)
{
	size_t len;
	uint8_t *good = load("virt.dtb", &len);
	uint32_t size = get32(good, FDT_H_SIZE_STRUCT);
	for (uint32_t s = 0; s < size; s += 4) {
		uint8_t *b = copy(good, len);
		put32(b, FDT_H_SIZE_STRUCT, s);
		cr_assert_eq(fdt_check(b), 0);
		assert_fails(b, HE_INVAL);
		free(b);
	}
	free(good);
}

/* Strings block shortened at every length: some property name then lies
 * outside it or loses its terminating NUL. */
Test(fdt, truncated_strings_block)
{
	size_t len;
	uint8_t *good = load("virt.dtb", &len);
	uint32_t size = get32(good, FDT_H_SIZE_STRINGS);
	for (uint32_t s = 0; s < size; s++) {
		uint8_t *b = copy(good, len);
		put32(b, FDT_H_SIZE_STRINGS, s);
		assert_fails(b, HE_INVAL);
		free(b);
	}
	free(good);
}

/* Every byte of the structure block corrupted in turn: any answer is
 * allowed except a crash or an out-of-bounds read (ASan builds), and a
 * success must still describe memory and a timebase. */
Test(fdt, corrupted_structure_bytes_never_overread)
{
	size_t len;
	uint8_t *good = load("virt.dtb", &len);
	uint32_t off = get32(good, FDT_H_OFF_STRUCT), size = get32(good, FDT_H_SIZE_STRUCT);
	const uint8_t flips[] = { 0x01, 0x80, 0xff };
	for (uint32_t i = off; i < off + size; i++) {
		for (size_t k = 0; k < sizeof(flips); k++) {
			uint8_t *b = copy(good, len);
			struct boot_info bi;
			b[i] ^= flips[k];
			int r = fdt_parse_boot_info(b, &bi);
			cr_assert(r == 0 || r == HE_INVAL || r == HE_NOENT, "byte %u: %d", i, r);
			if (r == 0)
				cr_assert(bi.mem_size != 0 && bi.timebase_hz != 0);
			free(b);
		}
	}
	free(good);
}

/* ---- structure errors, on assembled blobs -------------------------------- */

Test(fdt, assembled_minimal_tree_parses)
{
	uint8_t *blob = tree_with_chosen(NULL);
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.mem_base, 0x80000000u);
	cr_assert_eq(bi.mem_size, 0x8000000u);
	free(blob);
}

Test(fdt, nop_tokens_are_skipped)
{
	struct builder b = { .st_len = 0 };
	emit32(&b, FDT_NOP);
	root_begin(&b);
	emit32(&b, FDT_NOP);
	memory_node(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_NOP);
	emit32(&b, FDT_END);
	uint8_t *blob = finish(&b, NULL);
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	free(blob);
}

/* Build root + memory + cpus, then let tail() add the defect and close. */
static uint8_t *malformed(void (*tail)(struct builder *))
{
	static struct builder b;
	memset(&b, 0, sizeof(b));
	root_begin(&b);
	memory_node(&b);
	cpus_node(&b);
	tail(&b);
	return finish(&b, NULL);
}

static void tail_unknown_token(struct builder *b) { emit32(b, 7); end(b); emit32(b, FDT_END); }
static void tail_no_end_token(struct builder *b) { end(b); }
static void tail_root_not_closed(struct builder *b) { emit32(b, FDT_END); }
static void tail_extra_end_node(struct builder *b) { end(b); end(b); emit32(b, FDT_END); }
static void tail_second_root(struct builder *b) { end(b); begin(b, ""); end(b); emit32(b, FDT_END); }
static void tail_prop_after_root(struct builder *b) { end(b); prop_u32(b, "x", 1); emit32(b, FDT_END); }
static void tail_name_unterminated(struct builder *b) { emit32(b, FDT_BEGIN_NODE); emit32(b, 0x41414141); }
static void tail_prop_past_block(struct builder *b) { emit32(b, FDT_PROP); emit32(b, 0x100); emit32(b, 0); end(b); emit32(b, FDT_END); }
static void tail_prop_len_huge(struct builder *b) { emit32(b, FDT_PROP); emit32(b, 0xfffffffeu); emit32(b, 0); end(b); emit32(b, FDT_END); }
static void tail_nameoff_outside(struct builder *b) { emit32(b, FDT_PROP); emit32(b, 0); emit32(b, 0x10000); end(b); emit32(b, FDT_END); }
static void tail_prop_header_cut(struct builder *b) { emit32(b, FDT_PROP); emit32(b, 0); }

Test(fdt, malformed_structure_blocks)
{
	const struct { void (*tail)(struct builder *); const char *why; } cases[] = {
		{ tail_unknown_token, "unknown token" },
		{ tail_no_end_token, "no END token" },
		{ tail_root_not_closed, "END inside the root" },
		{ tail_extra_end_node, "END_NODE with no open node" },
		{ tail_second_root, "a second root node" },
		{ tail_prop_after_root, "property outside every node" },
		{ tail_name_unterminated, "node name runs off the block" },
		{ tail_prop_past_block, "property value runs off the block" },
		{ tail_prop_len_huge, "property length near 4 GiB" },
		{ tail_nameoff_outside, "property name outside the strings block" },
		{ tail_prop_header_cut, "property header cut off" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *blob = malformed(cases[i].tail);
		struct boot_info bi = SENTINEL;
		cr_expect_eq(fdt_parse_boot_info(blob, &bi), HE_INVAL, "%s", cases[i].why);
		cr_expect(is_sentinel(&bi), "%s: out written", cases[i].why);
		free(blob);
	}
}

Test(fdt, root_with_a_name_is_invalid)
{
	struct builder b = { .st_len = 0 };
	begin(&b, "root");
	memory_node(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	uint8_t *blob = finish(&b, NULL);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

/* ---- property values ----------------------------------------------------- */

/* A tree whose root cells and memory reg are given. */
static uint8_t *tree_with_memory(int addr_cells, int size_cells, const uint8_t *reg, size_t reg_len)
{
	static struct builder b;
	memset(&b, 0, sizeof(b));
	begin(&b, "");
	if (addr_cells >= 0)
		prop_u32(&b, "#address-cells", (uint32_t)addr_cells);
	if (size_cells >= 0)
		prop_u32(&b, "#size-cells", (uint32_t)size_cells);
	begin(&b, "memory@0");
	prop(&b, "reg", reg, reg_len);
	end(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	return finish(&b, NULL);
}

Test(fdt, default_cells_are_two_and_one)
{
	uint8_t reg[12];
	put32(reg, 0, 0x1);
	put32(reg, 4, 0x0);
	put32(reg, 8, 0x1000);
	uint8_t *blob = tree_with_memory(-1, -1, reg, sizeof(reg));
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.mem_base, 0x100000000u);
	cr_assert_eq(bi.mem_size, 0x1000u);
	free(blob);
}

/* The specification puts a node's properties before its children. */
Test(fdt, property_after_a_child_is_invalid)
{
	struct builder b = { .st_len = 0 };
	uint8_t reg[8];
	put32(reg, 0, 0x80000000u);
	put32(reg, 4, 0x100000u);
	begin(&b, "");
	begin(&b, "memory@80000000");
	prop(&b, "reg", reg, sizeof(reg));
	end(&b);
	prop_u32(&b, "#address-cells", 1);
	prop_u32(&b, "#size-cells", 1);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	uint8_t *blob = finish(&b, NULL);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

/* Nodes nested n deep below /soc (which is at depth 2). */
static uint8_t *tree_nested(unsigned n)
{
	static struct builder b;
	memset(&b, 0, sizeof(b));
	root_begin(&b);
	memory_node(&b);
	cpus_node(&b);
	begin(&b, "soc");
	for (unsigned i = 0; i < n; i++)
		begin(&b, "bus");
	for (unsigned i = 0; i < n; i++)
		end(&b);
	end(&b);
	end(&b);
	emit32(&b, FDT_END);
	return finish(&b, NULL);
}

Test(fdt, nesting_is_bounded)
{
	struct boot_info bi;
	uint8_t *blob = tree_nested(FDT_MAX_DEPTH - 2);
	cr_expect_eq(fdt_parse_boot_info(blob, &bi), 0, "FDT_MAX_DEPTH deep");
	free(blob);
	blob = tree_nested(FDT_MAX_DEPTH - 1);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

Test(fdt, only_first_memory_node_counts)
{
	struct builder b = { .st_len = 0 };
	uint8_t reg1[8], reg2[8];
	put32(reg1, 0, 0x80000000u);
	put32(reg1, 4, 0x1000u);
	put32(reg2, 0, 0x90000000u);
	put32(reg2, 4, 0x2000u);
	begin(&b, "");
	prop_u32(&b, "#address-cells", 1);
	prop_u32(&b, "#size-cells", 1);
	begin(&b, "memory@80000000");
	prop(&b, "reg", reg1, sizeof(reg1));
	end(&b);
	begin(&b, "memory@90000000");
	prop(&b, "reg", reg2, sizeof(reg2));
	end(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	uint8_t *blob = finish(&b, NULL);
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.mem_base, 0x80000000u);
	cr_assert_eq(bi.mem_size, 0x1000u);
	free(blob);
}

Test(fdt, bad_memory_values)
{
	uint8_t reg[16] = { 0 };
	uint8_t *blob;

	/* #address-cells of 3 cannot give a 64-bit address. */
	blob = tree_with_memory(3, 1, reg, sizeof(reg));
	assert_fails(blob, HE_INVAL);
	free(blob);
	/* #size-cells of 0: memory would have no size. */
	blob = tree_with_memory(2, 0, reg, sizeof(reg));
	assert_fails(blob, HE_INVAL);
	free(blob);
	/* reg shorter than one (address, size) pair. */
	blob = tree_with_memory(2, 2, reg, 12);
	assert_fails(blob, HE_INVAL);
	free(blob);
	/* zero-sized memory. */
	blob = tree_with_memory(1, 1, reg, 8);
	assert_fails(blob, HE_INVAL);
	free(blob);
	/* a range that wraps around 2^64. */
	put32(reg, 0, 0xffffffffu);
	put32(reg, 4, 0xfffff000u);
	put32(reg, 8, 0);
	put32(reg, 12, 0x2000u);
	blob = tree_with_memory(2, 2, reg, 16);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

Test(fdt, cells_property_of_wrong_size_is_invalid)
{
	struct builder b = { .st_len = 0 };
	begin(&b, "");
	prop_u64(&b, "#address-cells", 2);
	memory_node(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	uint8_t *blob = finish(&b, NULL);
	assert_fails(blob, HE_INVAL);
	free(blob);
}

Test(fdt, memory_node_without_reg_is_noent)
{
	struct builder b = { .st_len = 0 };
	root_begin(&b);
	begin(&b, "memory@80000000");
	prop_str(&b, "device_type", "memory");
	end(&b);
	cpus_node(&b);
	end(&b);
	emit32(&b, FDT_END);
	uint8_t *blob = finish(&b, NULL);
	assert_fails(blob, HE_NOENT);
	free(blob);
}

static uint8_t *tree_with_timebase(const void *val, size_t len)
{
	static struct builder b;
	memset(&b, 0, sizeof(b));
	root_begin(&b);
	memory_node(&b);
	begin(&b, "cpus");
	prop(&b, "timebase-frequency", val, len);
	end(&b);
	end(&b);
	emit32(&b, FDT_END);
	return finish(&b, NULL);
}

Test(fdt, timebase_as_64_bits)
{
	uint8_t v[8];
	put32(v, 0, 1);
	put32(v, 4, 0);
	uint8_t *blob = tree_with_timebase(v, 8);
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.timebase_hz, 0x100000000u);
	free(blob);
}

Test(fdt, bad_timebase_values)
{
	uint8_t v[8] = { 0 };
	uint8_t *blob = tree_with_timebase(v, 4);   /* zero Hz */
	assert_fails(blob, HE_INVAL);
	free(blob);
	v[0] = 1;
	blob = tree_with_timebase(v, 3);             /* not 1 or 2 cells */
	assert_fails(blob, HE_INVAL);
	free(blob);
}

static void chosen_initrd_reversed(struct builder *b)
{
	prop_u32(b, "linux,initrd-start", 0x84201000u);
	prop_u32(b, "linux,initrd-end", 0x84200000u);
}

static void chosen_initrd_bad_size(struct builder *b)
{
	uint8_t v[6] = { 0 };
	prop(b, "linux,initrd-start", v, sizeof(v));
	prop_u32(b, "linux,initrd-end", 0x84200000u);
}

static void chosen_end_only(struct builder *b)
{
	prop_u32(b, "linux,initrd-end", 0x84200000u);
}

static void chosen_mixed_widths(struct builder *b)
{
	prop_u32(b, "linux,initrd-start", 0x84200000u);
	prop_u64(b, "linux,initrd-end", 0x184200000u);
}

Test(fdt, bad_chosen_values)
{
	const struct { void (*body)(struct builder *); const char *why; } cases[] = {
		{ chosen_initrd_reversed, "initrd end below start" },
		{ chosen_initrd_bad_size, "initrd bound of 6 bytes" },
		{ chosen_end_only, "initrd end without start" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *blob = tree_with_chosen(cases[i].body);
		struct boot_info bi = SENTINEL;
		cr_expect_eq(fdt_parse_boot_info(blob, &bi), HE_INVAL, "%s", cases[i].why);
		cr_expect(is_sentinel(&bi), "%s: out written", cases[i].why);
		free(blob);
	}
}

Test(fdt, initrd_widths_may_differ)
{
	uint8_t *blob = tree_with_chosen(chosen_mixed_widths);
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.initrd_start, 0x84200000u);
	cr_assert_eq(bi.initrd_end, 0x184200000u);
	free(blob);
}

/* ---- the test finisher --------------------------------------------------- */

/* A property holding a string list written as a C literal with embedded
 * NULs; sizeof keeps the literal's final NUL, which ends the last entry. */
#define prop_list(b, name, lit) prop((b), (name), (lit), sizeof(lit))

static void prop_cells(struct builder *b, const char *name, const uint32_t *cells, size_t n)
{
	uint8_t v[32];
	cr_assert_leq(4 * n, sizeof(v));
	for (size_t i = 0; i < n; i++)
		put32(v, 4 * i, cells[i]);
	prop(b, name, v, 4 * n);
}

/* root (2 address, 2 size cells) + memory + cpus + what body() adds + END. */
static uint8_t *tree_with(void (*body)(struct builder *))
{
	static struct builder b;
	memset(&b, 0, sizeof(b));
	root_begin(&b);
	memory_node(&b);
	cpus_node(&b);
	body(&b);
	end(&b);
	emit32(&b, FDT_END);
	return finish(&b, NULL);
}

static uint64_t finisher_of(void (*body)(struct builder *))
{
	uint8_t *blob = tree_with(body);
	struct boot_info bi = SENTINEL;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	free(blob);
	return bi.finisher_base;
}

/* Directly under the root, so in the root's two address cells. */
static void finisher_under_root(struct builder *b)
{
	const uint32_t reg[] = { 0x1, 0x1000, 0, 0x1000 };
	begin(b, "test@100001000");
	prop_list(b, "compatible", "sifive,test0");
	prop_cells(b, "reg", reg, 4);
	end(b);
}

/* /soc (2 cells) / bus@0 (1 cell) / test@2000. bus@0 has a reg and a
 * compatible-less child of its own, neither of which is the finisher's. */
static void finisher_in_one_cell_bus(struct builder *b)
{
	const uint32_t bus_reg[] = { 0, 0x3000, 0, 0x1000 }, dev_reg[] = { 0x4000, 0x10 };
	const uint32_t test_reg[] = { 0x2000, 0x1000 };
	begin(b, "soc");
	prop_u32(b, "#address-cells", 2);
	prop_u32(b, "#size-cells", 2);
	begin(b, "bus@0");
	prop_u32(b, "#address-cells", 1);
	prop_u32(b, "#size-cells", 1);
	prop_cells(b, "reg", bus_reg, 4);
	begin(b, "dev@4000");
	prop_cells(b, "reg", dev_reg, 2);
	end(b);
	begin(b, "test@2000");
	prop_list(b, "compatible", "sifive,test1\0sifive,test0\0syscon");
	prop_cells(b, "reg", test_reg, 2);
	end(b);
	end(b);
	end(b);
}

/* The finisher has a child with a reg of its own, which must not be taken
 * for the finisher's. */
static void finisher_with_a_child(struct builder *b)
{
	const uint32_t child_reg[] = { 0x9999 }, test_reg[] = { 0x5000, 0x100 };
	begin(b, "bus");
	prop_u32(b, "#address-cells", 1);
	prop_u32(b, "#size-cells", 1);
	begin(b, "test@5000");
	prop_list(b, "compatible", "sifive,test0");
	prop_cells(b, "reg", test_reg, 2);
	begin(b, "child@0");
	prop_cells(b, "reg", child_reg, 1);
	end(b);
	end(b);
	end(b);
}

/* A parent without #address-cells: the default, 2. */
static void finisher_default_cells(struct builder *b)
{
	const uint32_t reg[] = { 0x2, 0x6000, 0x100 };
	begin(b, "bus");
	begin(b, "test@200006000");
	prop_list(b, "compatible", "sifive,test1");
	prop_cells(b, "reg", reg, 3);
	end(b);
	end(b);
}

/* Two finishers: the first in pre-order (the deeper one here) wins. */
static void two_finishers(struct builder *b)
{
	const uint32_t deep[] = { 0, 0x7000, 0, 0x10 }, shallow[] = { 0, 0x8000, 0, 0x10 };
	begin(b, "soc");
	begin(b, "bus");
	begin(b, "test@7000");
	prop_list(b, "compatible", "sifive,test0");
	prop_cells(b, "reg", deep, 4);
	end(b);
	end(b);
	begin(b, "test@8000");
	prop_list(b, "compatible", "sifive,test0");
	prop_cells(b, "reg", shallow, 4);
	end(b);
	end(b);
}

Test(fdt, finisher_address_in_its_parents_cells)
{
	cr_expect_eq(finisher_of(finisher_under_root), 0x100001000u);
	cr_expect_eq(finisher_of(finisher_in_one_cell_bus), 0x2000u);
	cr_expect_eq(finisher_of(finisher_with_a_child), 0x5000u);
	cr_expect_eq(finisher_of(finisher_default_cells), 0x200006000u);
	cr_expect_eq(finisher_of(two_finishers), 0x7000u);
}

/* A node test@1000 under the root with the given compatible value and a
 * good reg; the root itself may claim a compatible too. */
static uint8_t *tree_with_compatible(const char *root_compat, const void *val, size_t len)
{
	static struct builder b;
	const uint32_t reg[] = { 0, 0x1000, 0, 0x1000 };
	memset(&b, 0, sizeof(b));
	root_begin(&b);
	if (root_compat != NULL)
		prop_str(&b, "compatible", root_compat);
	memory_node(&b);
	cpus_node(&b);
	begin(&b, "test@1000");
	prop(&b, "compatible", val, len);
	prop_cells(&b, "reg", reg, 4);
	end(&b);
	end(&b);
	emit32(&b, FDT_END);
	return finish(&b, NULL);
}

#define COMPAT(lit) lit, sizeof(lit)

Test(fdt, finisher_compatible_matching)
{
	const struct { const char *val; size_t len; uint64_t base; const char *why; } cases[] = {
		{ COMPAT("sifive,test0"), 0x1000, "test0 alone" },
		{ COMPAT("sifive,test1"), 0x1000, "test1 alone" },
		{ COMPAT("syscon\0sifive,test1"), 0x1000, "match not first in the list" },
		{ COMPAT("sifive,test2"), 0, "another test device" },
		{ COMPAT("sifive,test"), 0, "a prefix of the name" },
		{ COMPAT("sifive,test00"), 0, "the name as a prefix" },
		{ COMPAT("xsifive,test0"), 0, "the name as a suffix" },
		{ COMPAT("syscon\0"), 0, "empty last entry" },
		{ "sifive,test0", 12, 0, "entry without its NUL" },
		{ "syscon\0sifive,test1", 19, 0, "last entry without its NUL" },
		{ "", 0, 0, "empty compatible" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *blob = tree_with_compatible(NULL, cases[i].val, cases[i].len);
		struct boot_info bi = SENTINEL;
		cr_expect_eq(fdt_parse_boot_info(blob, &bi), 0, "%s", cases[i].why);
		cr_expect_eq(bi.finisher_base, cases[i].base, "%s", cases[i].why);
		free(blob);
	}
}

/* The root's own compatible does not make it (or anything) the finisher:
 * it has no parent whose cells could give its reg a meaning. */
Test(fdt, root_is_never_the_finisher)
{
	uint8_t *blob = tree_with_compatible("sifive,test0", COMPAT("syscon"));
	struct boot_info bi;
	cr_assert_eq(fdt_parse_boot_info(blob, &bi), 0);
	cr_assert_eq(bi.finisher_base, 0);
	free(blob);
}

/* The name in another property is not a compatible. */
static void finisher_name_as_model(struct builder *b)
{
	const uint32_t reg[] = { 0, 0x1000, 0, 0x1000 };
	begin(b, "test@1000");
	prop_str(b, "model", "sifive,test0");
	prop_cells(b, "reg", reg, 4);
	end(b);
}

Test(fdt, finisher_only_by_compatible)
{
	cr_assert_eq(finisher_of(finisher_name_as_model), 0);
}

static void finisher_without_reg(struct builder *b)
{
	begin(b, "test");
	prop_list(b, "compatible", "sifive,test0");
	end(b);
}

/* Root has two address cells; one is not an address. */
static void finisher_reg_too_short(struct builder *b)
{
	const uint32_t reg[] = { 0x1000 };
	begin(b, "test@1000");
	prop_list(b, "compatible", "sifive,test0");
	prop_cells(b, "reg", reg, 1);
	end(b);
}

/* A bus with #address-cells = cells (len bytes of it) holding a finisher
 * with a reg long enough for any of them. */
static void finisher_on_bus(struct builder *b, const void *cells, size_t len)
{
	const uint32_t reg[] = { 0, 0, 0x1000, 0, 0, 0x1000 };
	begin(b, "bus");
	prop(b, "#address-cells", cells, len);
	begin(b, "test@1000");
	prop_list(b, "compatible", "sifive,test0");
	prop_cells(b, "reg", reg, 6);
	end(b);
	end(b);
}

static void finisher_bus_cells_3(struct builder *b)
{
	const uint8_t v[4] = { 0, 0, 0, 3 };
	finisher_on_bus(b, v, 4);
}

static void finisher_bus_cells_0(struct builder *b)
{
	const uint8_t v[4] = { 0 };
	finisher_on_bus(b, v, 4);
}

static void finisher_bus_cells_8_bytes(struct builder *b)
{
	const uint8_t v[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	finisher_on_bus(b, v, 8);
}

Test(fdt, bad_finisher_values)
{
	const struct { void (*body)(struct builder *); const char *why; } cases[] = {
		{ finisher_without_reg, "finisher without reg" },
		{ finisher_reg_too_short, "reg shorter than the parent's address cells" },
		{ finisher_bus_cells_3, "parent #address-cells of 3" },
		{ finisher_bus_cells_0, "parent #address-cells of 0" },
		{ finisher_bus_cells_8_bytes, "parent #address-cells of 8 bytes" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *blob = tree_with(cases[i].body);
		struct boot_info bi = SENTINEL;
		cr_expect_eq(fdt_parse_boot_info(blob, &bi), HE_INVAL, "%s", cases[i].why);
		cr_expect(is_sentinel(&bi), "%s: out written", cases[i].why);
		free(blob);
	}
}
