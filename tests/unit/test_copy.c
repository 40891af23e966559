/* kcopy / kmove / kzero against memcpy / memmove / memset: every alignment
 * of both sides, lengths around the word and block sizes, overlaps in both
 * directions, and that no byte outside the destination range is written. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include "kern/copy.h"

#define SPAN  512  /* bytes of each test buffer */
#define EDGE  16   /* offsets 0..EDGE-1 cover every alignment mod 8 twice */

/* Lengths: every one up to SHORT_MAX (beyond one of each step of the word
 * loops, 64 + 32 + 3 * 8 bytes, plus unaligned edges), then longer ones
 * with odd remainders. */
#define SHORT_MAX 160
static const size_t long_lens[] = { 127, 128, 129, 255, 256, 300, 333, 400 };

static unsigned char src_buf[SPAN] __attribute__((aligned(8)));
static unsigned char got[SPAN] __attribute__((aligned(8)));
static unsigned char want[SPAN] __attribute__((aligned(8)));

static void pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7 + (i >> 8));
}

/* Each case starts from the same pre-filled destinations, so bytes outside
 * the copied range must compare equal too. */
static void reset_dst(void)
{
	memset(got, 0xee, sizeof got);
	memset(want, 0xee, sizeof want);
}

static void check_copy(size_t doff, size_t soff, size_t n)
{
	reset_dst();
	memcpy(want + doff, src_buf + soff, n);
	kcopy(got + doff, src_buf + soff, n);
	cr_assert_arr_eq(got, want, SPAN, "kcopy dst+%zu src+%zu n=%zu", doff, soff, n);
}

Test(copy, kcopy_matches_memcpy_at_every_alignment_and_short_length)
{
	pattern(src_buf, SPAN, 1);
	for (size_t doff = 0; doff < EDGE; doff++)
		for (size_t soff = 0; soff < EDGE; soff++)
			for (size_t n = 0; n <= SHORT_MAX; n++)
				check_copy(doff, soff, n);
}

Test(copy, kcopy_matches_memcpy_for_long_lengths)
{
	pattern(src_buf, SPAN, 2);
	for (size_t i = 0; i < sizeof long_lens / sizeof long_lens[0]; i++)
		for (size_t doff = 0; doff < EDGE; doff++)
			for (size_t soff = 0; soff < EDGE; soff++)
				check_copy(doff, soff, long_lens[i]);
}

Test(copy, kcopy_of_nothing_touches_nothing)
{
	reset_dst();
	kcopy(got + 3, NULL, 0);
	kcopy(NULL, src_buf, 0);
	cr_assert_arr_eq(got, want, SPAN);
}

/* kmove inside one buffer: the source and destination ranges overlap in
 * every way (dst below, equal, above; by less than a word, by whole words,
 * by more than a block) or not at all. */
static void check_move(size_t doff, size_t soff, size_t n)
{
	pattern(got, SPAN, (unsigned)(doff + soff));
	memcpy(want, got, SPAN);
	memmove(want + doff, want + soff, n);
	kmove(got + doff, got + soff, n);
	cr_assert_arr_eq(got, want, SPAN, "kmove dst+%zu src+%zu n=%zu", doff, soff, n);
}

Test(copy, kmove_matches_memmove_for_every_overlap_and_alignment)
{
	for (size_t doff = 0; doff < 3 * EDGE; doff++)
		for (size_t soff = 0; soff < 3 * EDGE; soff++)
			for (size_t n = 0; n <= SHORT_MAX; n++)
				check_move(doff, soff, n);
}

Test(copy, kmove_matches_memmove_for_long_overlapping_lengths)
{
	static const size_t offs[] = { 0, 1, 7, 8, 9, 31, 32, 40, 64, 65 };
	size_t no = sizeof offs / sizeof offs[0];

	for (size_t i = 0; i < sizeof long_lens / sizeof long_lens[0]; i++)
		for (size_t a = 0; a < no; a++)
			for (size_t b = 0; b < no; b++)
				if (offs[a] + long_lens[i] <= SPAN && offs[b] + long_lens[i] <= SPAN)
					check_move(offs[a], offs[b], long_lens[i]);
}

Test(copy, kmove_between_separate_buffers_matches_memcpy)
{
	pattern(src_buf, SPAN, 3);
	for (size_t doff = 0; doff < EDGE; doff++)
		for (size_t soff = 0; soff < EDGE; soff++)
			for (size_t n = 0; n <= SHORT_MAX; n++) {
				reset_dst();
				memcpy(want + doff, src_buf + soff, n);
				kmove(got + doff, src_buf + soff, n);
				cr_assert_arr_eq(got, want, SPAN, "dst+%zu src+%zu n=%zu", doff, soff, n);
			}
}

Test(copy, kzero_matches_memset_zero_at_every_alignment_and_length)
{
	for (size_t off = 0; off < EDGE; off++)
		for (size_t n = 0; n + off <= SPAN; n++) {
			pattern(got, SPAN, (unsigned)n);
			memcpy(want, got, SPAN);
			memset(want + off, 0, n);
			kzero(got + off, n);
			cr_assert_arr_eq(got, want, SPAN, "kzero +%zu n=%zu", off, n);
		}
}

Test(copy, kzero_of_nothing_touches_nothing)
{
	reset_dst();
	kzero(got + 5, 0);
	kzero(NULL, 0);
	cr_assert_arr_eq(got, want, SPAN);
}
