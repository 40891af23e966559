/* SPSC ring in shared memory (protocol and rules in ring.h).
 *
 * Memory ordering (RVWMO), with GCC's builtins:
 *   - the side that owns an index reads it plainly (nobody else writes it);
 *   - the other side's index is read with acquire (a load then fence r,rw):
 *     the slot contents it covers are read/overwritten only after;
 *   - an index is published with release (fence rw,w then the store): the
 *     slot written (push) or read (pop) is complete before the peer sees it;
 *   - after publishing, a full fence (fence rw,rw) before reading the peer's
 *     index again to decide whether to signal: the store-load order that
 *     makes "one of two racing sides sees the other" hold. */
#include <stdbool.h>
#include <string.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "ring.h"
#include "sync.h"

_Static_assert(sizeof(struct ring_shared) <= RING_HDR_BYTES, "ring header fits");

static uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static uint32_t load_relaxed(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static void fence_full(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* The item has moved whatever the signal's outcome: a bad notification
 * handle shows at this side's next wait, which uses the same handle. */
static void signal(struct ring *r, uint64_t bit)
{
	(void)hinge_notify_signal(r->notify, bit);
}

size_t ring_bytes(uint32_t slot_size, uint32_t nslots)
{
	return RING_HDR_BYTES + (size_t)slot_size * nslots;
}

uint64_t ring_pages(uint32_t slot_size, uint32_t nslots)
{
	return (ring_bytes(slot_size, nslots) + MEM_PAGE_SIZE - 1) / MEM_PAGE_SIZE;
}

static bool geometry_ok(uint32_t slot_size, uint32_t nslots, size_t size)
{
	return slot_size % 8 == 0 && slot_size >= RING_MIN_SLOT && slot_size <= RING_MAX_SLOT &&
	       nslots >= 2 && (nslots & (nslots - 1)) == 0 && nslots <= (1u << 20) &&
	       ring_bytes(slot_size, nslots) <= size;
}

static void setup(struct ring *r, void *base, uint32_t slot_size, uint32_t nslots, int notify,
		  unsigned bit)
{
	r->sh = base;
	r->slots = (uint8_t *)base + RING_HDR_BYTES;
	r->slot_size = slot_size;
	r->nslots = nslots;
	r->notify = notify;
	r->data_bit = 1ull << bit;
	r->space_bit = 1ull << (bit + 1);
}

long ring_init(struct ring *r, void *base, size_t size, uint32_t slot_size, uint32_t nslots,
	       int notify, unsigned bit)
{
	if (!geometry_ok(slot_size, nslots, size) || bit > 61)
		return HE_INVAL;
	struct ring_shared *sh = base;
	sh->slot_size = slot_size;
	sh->nslots = nslots;
	sh->head = 0;
	sh->tail = 0;
	store_release(&sh->magic, RING_MAGIC); /* the geometry is visible before the magic */
	setup(r, base, slot_size, nslots, notify, bit);
	return 0;
}

long ring_attach(struct ring *r, void *base, size_t size, int notify, unsigned bit)
{
	struct ring_shared *sh = base;
	if (load_acquire(&sh->magic) != RING_MAGIC || bit > 61)
		return HE_INVAL;
	/* Read once: the private copy is what this side trusts from now on. */
	uint32_t slot_size = sh->slot_size, nslots = sh->nslots;
	if (!geometry_ok(slot_size, nslots, size))
		return HE_INVAL;
	setup(r, base, slot_size, nslots, notify, bit);
	return 0;
}

long ring_try_push(struct ring *r, const void *item)
{
	struct ring_shared *sh = r->sh;
	uint32_t tail = sh->tail;
	uint32_t head = load_acquire(&sh->head);
	if (tail - head >= r->nslots)
		return HE_AGAIN;
	memcpy(r->slots + (size_t)(tail & (r->nslots - 1)) * r->slot_size, item, r->slot_size);
	store_release(&sh->tail, tail + 1);
	fence_full();
	/* The consumer had taken everything before this item: it may be
	 * waiting (or about to) for "data". */
	if (load_relaxed(&sh->head) == tail)
		signal(r, r->data_bit);
	return 0;
}

long ring_try_pop(struct ring *r, void *item)
{
	struct ring_shared *sh = r->sh;
	uint32_t head = sh->head;
	uint32_t tail = load_acquire(&sh->tail);
	if (tail == head)
		return HE_AGAIN;
	memcpy(item, r->slots + (size_t)(head & (r->nslots - 1)) * r->slot_size, r->slot_size);
	store_release(&sh->head, head + 1);
	fence_full();
	/* The ring was full before this pop: the producer may be waiting for
	 * "space". */
	if (load_relaxed(&sh->tail) - head == r->nslots)
		signal(r, r->space_bit);
	return 0;
}

long ring_push(struct ring *r, const void *item)
{
	for (;;) {
		long st = ring_try_push(r, item);
		if (st != HE_AGAIN)
			return st;
		long w = hinge_notify_wait(r->notify, r->space_bit);
		if (w < 0)
			return w;
	}
}

long ring_pop(struct ring *r, void *item)
{
	for (;;) {
		long st = ring_try_pop(r, item);
		if (st != HE_AGAIN)
			return st;
		long w = hinge_notify_wait(r->notify, r->data_bit);
		if (w < 0)
			return w;
	}
}

uint32_t ring_count(const struct ring *r)
{
	return load_relaxed(&r->sh->tail) - load_relaxed(&r->sh->head);
}
