/* Word-at-a-time copy and zero; see copy.h. */
#include <stdint.h>
#include "copy.h"

/* A word that may alias any object: the buffers copied have any type. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD  sizeof(word_t)
#define BLOCK (4 * WORD)  /* the unrolled step of the word loops; copy_up first
			     takes four at a time, kzero two */

/* GCC recognises plain copy and store loops and turns them back into calls
 * of memcpy and memset (loop distribution): the very byte loops these
 * functions replace. Every function here carries it, so that they can
 * inline each other (GCC inlines only between equal optimisation options). */
#define NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))

static int co_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & (WORD - 1)) == 0;
}

/* Ascending copy. Also correct for overlapping ranges with dst below src:
 * every word (or block) is loaded before it is stored, and a store never
 * reaches source bytes above the ones just loaded. */
static NO_LIBCALLS void copy_up(unsigned char *d, const unsigned char *s, size_t n)
{
	if (co_aligned(d, s)) {
		for (; n > 0 && (uintptr_t)d % WORD != 0; n--)
			*d++ = *s++;
		/* 16 words a step, each stored right after its load (one
		 * register; ascending, a store never reaches a source word not
		 * yet loaded): 2.2 instructions a word with the loop's control. */
		for (; n >= 4 * BLOCK; n -= 4 * BLOCK, d += 4 * BLOCK, s += 4 * BLOCK) {
			const word_t *sw = (const word_t *)s;
			word_t *dw = (word_t *)d;
#pragma GCC unroll 16
			for (int k = 0; k < 16; k++)
				dw[k] = sw[k];
		}
		if (n >= 2 * BLOCK) {
			const word_t *sw = (const word_t *)s;
			word_t *dw = (word_t *)d;
#pragma GCC unroll 8
			for (int k = 0; k < 8; k++)
				dw[k] = sw[k];
			n -= 2 * BLOCK;
			d += 2 * BLOCK;
			s += 2 * BLOCK;
		}
		if (n >= BLOCK) {
			const word_t *sw = (const word_t *)s;
			word_t *dw = (word_t *)d;
#pragma GCC unroll 4
			for (int k = 0; k < 4; k++)
				dw[k] = sw[k];
			n -= BLOCK;
			d += BLOCK;
			s += BLOCK;
		}
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word_t *)d = *(const word_t *)s;
	}
	for (; n > 0; n--)
		*d++ = *s++;
}

/* Descending copy, for overlapping ranges with dst above src: byte by byte
 * from the ends down. Only a user-to-user copy between overlapping ranges
 * of one space comes here (no kernel copy overlaps: docs/robustness.md), so
 * it is not worth copy_up's word loops. */
static NO_LIBCALLS void copy_down(unsigned char *d, const unsigned char *s, size_t n)
{
	while (n-- > 0)
		d[n] = s[n];
}

NO_LIBCALLS void kcopy(void *dst, const void *src, size_t n)
{
	copy_up(dst, src, n);
}

NO_LIBCALLS void kmove(void *dst, const void *src, size_t n)
{
	/* dst - src >= n (unsigned) when dst is below src or at or past its
	 * end: ascending is then safe. dst == src needs no copy at all. */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_up(dst, src, n);
	else if (dst != src)
		copy_down(dst, src, n);
}

NO_LIBCALLS void kzero(void *dst, size_t n)
{
	unsigned char *d = dst;

	for (; n > 0 && (uintptr_t)d % WORD != 0; n--)
		*d++ = 0;
	for (; n >= 2 * BLOCK; n -= 2 * BLOCK, d += 2 * BLOCK) {
		word_t *dw = (word_t *)d;
#pragma GCC unroll 8
		for (int k = 0; k < 8; k++)
			dw[k] = 0;
	}
	if (n >= BLOCK) {
		word_t *dw = (word_t *)d;
#pragma GCC unroll 4
		for (int k = 0; k < 4; k++)
			dw[k] = 0;
		n -= BLOCK;
		d += BLOCK;
	}
	for (; n >= WORD; n -= WORD, d += WORD)
		*(word_t *)d = 0;
	for (; n > 0; n--)
		*d++ = 0;
}
