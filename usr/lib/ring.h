/* A single-producer/single-consumer ring of fixed-size slots in shared
 * memory, with a notification for "data available" and "space available":
 * the "notify & pull" pattern of the async IPC model.
 *
 * Set-up (two domains, or two threads of one):
 *   1. one side creates a memory object of ring_pages(slot_size, nslots)
 *      pages and a notification object, maps the memory read-write and
 *      formats it with ring_init;
 *   2. it passes both handles to the other side (door call descriptors),
 *      which maps the memory read-write at an address of its own and calls
 *      ring_attach;
 *   3. the producer calls ring_push, the consumer ring_pop (or the try_
 *      forms). Exactly one thread may push and one may pop.
 *
 * The ring uses two bits of the notification, `bit` (data available, waited
 * for by the consumer) and `bit + 1` (space available, waited for by the
 * producer); other bits of the same object stay free for other uses.
 *
 * Notifications are sent only when needed: a push signals "data" only when
 * the ring was empty as the producer saw it after publishing the item, a pop
 * signals "space" only when it was full. Both sides publish their index, then
 * run a full fence (fence rw,rw), then read the other side's index: of two
 * racing sides at least one sees the other's update, so a side never sleeps
 * while the other has made progress it was not told of (the notification's
 * bits are sticky: a signal sent before the wait begins is not lost).
 * Indices run freely (uint32 wrap-around) and are masked with nslots - 1,
 * so a peer that scribbles on the shared header can make this side read
 * garbage items but never access memory outside the mapping.
 *
 * Nothing here notices that the peer is gone: a blocking push or pop waits
 * until the notification object itself goes (its last handle closed: the
 * call returns HE_BADHANDLE). Use the try_ forms with a timeout of your own
 * where the peer may die. */
#ifndef USR_RING_H
#define USR_RING_H

#include <stdint.h>
#include <stddef.h>

#define RING_MIN_SLOT   8u      /* smallest slot, bytes */
#define RING_MAX_SLOT   4096u   /* largest slot, bytes */
#define RING_HDR_BYTES  256u    /* shared header before the slots (indices on own cache lines) */

/* The shared part, at the start of the memory object. */
struct ring_shared {
	uint32_t magic;           /* RING_MAGIC once formatted */
	uint32_t slot_size;       /* bytes per slot: multiple of 8, RING_MIN_SLOT..RING_MAX_SLOT */
	uint32_t nslots;          /* a power of two >= 2 */
	uint32_t pad0[13];
	uint32_t head;            /* next slot to pop; written by the consumer only */
	uint32_t pad1[15];
	uint32_t tail;            /* next slot to push; written by the producer only */
	uint32_t pad2[15];
};
#define RING_MAGIC 0x52696e67u  /* "Ring" */

/* One side's view of a ring (private to that side). */
struct ring {
	struct ring_shared *sh;
	uint8_t *slots;
	uint32_t slot_size, nslots;
	int notify;               /* notification handle */
	uint64_t data_bit, space_bit;
};

/* Bytes and pages of a ring of nslots slots of slot_size bytes. */
size_t ring_bytes(uint32_t slot_size, uint32_t nslots);
uint64_t ring_pages(uint32_t slot_size, uint32_t nslots);

/* Format the mapped memory [base, base + size) as an empty ring and set up
 * r. 0, or HE_INVAL: slot_size not a multiple of 8 in RING_MIN_SLOT..
 * RING_MAX_SLOT, nslots not a power of two >= 2, size too small, bit > 61. */
long ring_init(struct ring *r, void *base, size_t size, uint32_t slot_size, uint32_t nslots,
	       int notify, unsigned bit);

/* Set up r on memory another side formatted with ring_init (same bit). 0, or
 * HE_INVAL: not formatted, or its geometry does not fit size or the rules. */
long ring_attach(struct ring *r, void *base, size_t size, int notify, unsigned bit);

/* Copy one item (slot_size bytes) in: 0. try: HE_AGAIN when full. Blocking:
 * waits for space; an error of that wait (HE_BADHANDLE...) is returned and
 * nothing moved. Once an item has moved the result is 0 even if the signal
 * to the peer failed (the same handle then fails this side's next wait). */
long ring_try_push(struct ring *r, const void *item);
long ring_push(struct ring *r, const void *item);

/* Copy one item (slot_size bytes) out: 0. try: HE_AGAIN when empty.
 * Blocking: waits for data; errors as for push. */
long ring_try_pop(struct ring *r, void *item);
long ring_pop(struct ring *r, void *item);

/* Items in the ring now (a snapshot). */
uint32_t ring_count(const struct ring *r);

#endif
