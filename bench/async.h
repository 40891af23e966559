/* Channels of the async model for the benchmarks (bench_ipc.c, bench_pi.c)
 * and the behaviour test tests/qemu/pi_models/pi_models.c: a request ring (client ->
 * server) and a reply ring (server -> client) in memory objects shared by
 * two domains, with usr/lib/ring.h's notify & pull.
 *
 * Two notification objects serve every channel: `req` (the server waits on
 * the request rings' data bits, producers on their space bits) and `rep`
 * (the reverse). Channel i uses bits 2i and 2i + 1 of each. The client
 * creates everything and passes it with one door call per channel to the
 * server's set-up door (async_offer / async_accept); each side maps channel
 * i's rings at ASYNC_MAP_BASE + i * ASYNC_MAP_STRIDE in its own space. */
#ifndef BENCH_ASYNC_H
#define BENCH_ASYNC_H

#include <stdint.h>
#include "hinge.h"
#include "door.h"
#include "sync.h"
#include "ring.h"

#define ASYNC_MAX_CHANS  8
#define ASYNC_NSLOTS     16
#define ASYNC_MAP_BASE   0x40000000UL
#define ASYNC_MAP_STRIDE 0x100000UL  /* 1 MiB: more than two rings of 16 4-KiB slots */
#define ASYNC_ACK_BIT    40          /* on `rep`: the consumer has taken the item marked ITEM_ACK */

/* The first word of every item. */
#define ITEM_PLAIN 0
#define ITEM_ACK   1  /* the consumer signals ASYNC_ACK_BIT once it has taken this item */
#define ITEM_STOP  2  /* the channel is done */

struct async_chan {
	struct ring req, rep;
};

struct async {
	int req_notify, rep_notify;
	struct async_chan chan[ASYNC_MAX_CHANS];
};

static inline void *async_addr(int chan, int which)
{
	return (void *)(ASYNC_MAP_BASE + (uintptr_t)chan * ASYNC_MAP_STRIDE +
			(uintptr_t)which * (ASYNC_MAP_STRIDE / 2));
}

/* Client: the two notification objects. */
static inline long async_init(struct async *a)
{
	a->req_notify = (int)hinge_notify_create();
	a->rep_notify = (int)hinge_notify_create();
	return a->req_notify < 0 ? a->req_notify : a->rep_notify < 0 ? a->rep_notify : 0;
}

/* Client: make channel i with slots of `slot` bytes and pass it to the
 * server through door `setup` (whose entry calls async_accept). */
static inline long async_offer(struct async *a, int setup, int i, uint32_t slot)
{
	long mem[2];
	struct ring *rings[2] = { &a->chan[i].req, &a->chan[i].rep };
	int notes[2] = { a->req_notify, a->rep_notify };
	uint64_t pages = ring_pages(slot, ASYNC_NSLOTS);
	for (int k = 0; k < 2; k++) {
		mem[k] = hinge_mem_create(pages);
		if (mem[k] < 0)
			return mem[k];
		long st = hinge_mem_map((int)mem[k], async_addr(i, k), MEM_R | MEM_W);
		if (st == 0)
			st = ring_init(rings[k], async_addr(i, k), pages * MEM_PAGE_SIZE, slot, ASYNC_NSLOTS,
				       notes[k], 2 * (unsigned)i);
		if (st)
			return st;
	}
	struct door_desc d[4] = {
		{ (int32_t)mem[0], 0 }, { (int32_t)mem[1], 0 },
		{ a->req_notify, 0 }, { a->rep_notify, 0 },
	};
	struct door_xarg x = { .desc_ptr = (uintptr_t)d, .desc_num = i == 0 ? 4 : 2 };
	uint64_t r[DOOR_NWORDS];
	long st = hinge_door_call(setup, ((const uint64_t[DOOR_NWORDS]){ (uint64_t)i, slot, 0, 0, (uintptr_t)&x }),
				  r, DOOR_CALL_XARG);
	return st ? st : (long)r[0];
}

/* Server, in the set-up door's entry: take channel i (w1) from the handles
 * received in buf (info as given to the entry). Returns 0 or an error. */
static inline long async_accept(struct async *a, uint64_t i, uint64_t slot, const char *buf, uint64_t info)
{
	const int32_t *h = (const int32_t *)buf;
	unsigned n = DOOR_INFO_HANDLES(info);
	if (i >= ASYNC_MAX_CHANS || n != (i == 0 ? 4u : 2u))
		return HE_INVAL;
	if (i == 0) {
		a->req_notify = h[2];
		a->rep_notify = h[3];
	}
	struct ring *rings[2] = { &a->chan[i].req, &a->chan[i].rep };
	int notes[2] = { a->req_notify, a->rep_notify };
	size_t size = ring_pages((uint32_t)slot, ASYNC_NSLOTS) * MEM_PAGE_SIZE;
	for (int k = 0; k < 2; k++) {
		long st = hinge_mem_map(h[k], async_addr((int)i, k), MEM_R | MEM_W);
		if (st == 0)
			st = ring_attach(rings[k], async_addr((int)i, k), size, notes[k], 2 * (unsigned)i);
		if (st)
			return st;
	}
	return 0;
}

#endif
