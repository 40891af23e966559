/* Word-at-a-time copying and zeroing of kernel-reachable memory.
 *
 * The picolibc linked into the kernel (rv64imac) has size-optimised byte
 * loops for memcpy, memmove and memset: about six instructions per byte,
 * which made the copies of door calls (bulk data, the bulk call's argument
 * structures, a fresh register frame) cost more than everything else.
 * These functions move aligned 8-byte words wherever both sides allow it
 * and single bytes only at the unaligned edges (but for kmove's rare
 * descending copy, byte by byte: copy.c); when dst and src differ in
 * their address mod 8 no word access could be aligned on both sides, and
 * the whole copy goes byte by byte (misaligned accesses may trap on real
 * hardware, so they are never made).
 *
 * Results are exactly those of memcpy, memmove and memset(dst, 0, n); n == 0
 * touches nothing. Every access stays inside the given ranges. */
#ifndef KERN_COPY_H
#define KERN_COPY_H

#include <stddef.h>

/* memcpy: the two ranges must not overlap. */
void kcopy(void *dst, const void *src, size_t n);

/* memmove: the ranges may overlap; dst ends up holding src's old bytes. */
void kmove(void *dst, const void *src, size_t n);

/* memset(dst, 0, n). */
void kzero(void *dst, size_t n);

#endif
