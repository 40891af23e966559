/* IPC cost of each model on the same workloads (bench/README.md, "ipc.*"):
 * round trips with 0, 64 and 4096 bytes each way, call chains of depth 1..8,
 * and a door call per item (the baseline of the async model's notify &
 * pull). Timed with BENCH_RUN (bench.h): per call, exact under icount.
 *
 * arg = model + 5 * role (model: enum model in pi.h; arg + 100 is profile
 * mode, bench.h). Roles:
 *   0      server: door "ipc.echo" (returns its argument bytes, or none) and
 *          door "ipc.sink" (copies an item out of its buffer and returns);
 *          async model: door "ipc.setup" takes the client's channels
 *          (bench/async.h) and the main thread serves them one after the
 *          other: echoing the round-trip channels' items, taking the
 *          notify & pull channels' items
 *   1..8   chain link k: door "ipc.chain<k>" takes a depth d and, when
 *          d > 1, calls link k + 1 with d - 1
 *   9      the client of the round trips and items (with server 0)
 *   10     the client of the chain (with links 1..8)
 * Every server also publishes "ctl<role>" and ends once the client closed it.
 * The async model has no chain (a ring is not a call that nests). */
#include <stdio.h>
#include <string.h>
#include "bench.h"
#include "pi.h"
#include "door.h"
#include "async.h"

#define ROLE_CLIENT 9
#define ROLE_CHAIN_CLIENT 10

static int model;


static const size_t roundtrip_sizes[] = { 0, 64, 4096 };
static const size_t item_sizes[] = { 8, 64, 512, 4096 };
/* Async channels: the round trips' (an 8-byte slot for "0": the control
 * word only), then notify & pull's, one per item size. */
static const uint32_t async_rt_slots[] = { 8, 64, 4096 };
#define NP_CHAN0 3
#define NP_BATCH 64  /* items per measured batch (four times the ring) */
#define NSIZES(a) (sizeof (a) / sizeof (a)[0])

/* ---- servers ---- */

static const uint64_t no_words[DOOR_NWORDS];
static long next_link = -1;
static uint64_t sink[DOOR_MAX_DATA / 8];
static char stacks[3][2][4096] __attribute__((aligned(16)));
static char bufs[2][2][DOOR_MAX_DATA] __attribute__((aligned(8)));

/* Result bytes = the argument bytes, from where they arrived. */
static void echo_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w1, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf;
	hinge_door_return(no_words, DOOR_INFO_BYTES(info));
}

/* An item is in the argument bytes, or (8 bytes) in w1. */
static void sink_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w2, (void)w3, (void)w4, (void)w5;
	size_t n = DOOR_INFO_BYTES(info);
	if (n)
		copy_words(sink, buf, n);
	else
		sink[0] = w1;
	hinge_door_return(no_words, 0);
}

static void chain_entry(uint64_t cookie, uint64_t depth, uint64_t w2, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	uint64_t r[DOOR_NWORDS] = { 0 };
	if (depth > 1) {
		long st = hinge_door_call((int)next_link, ((const uint64_t[DOOR_NWORDS]){ depth - 1 }), r, 0);
		r[0] |= (uint64_t)st;
	}
	hinge_door_return(r, 0);
}

static void must(long r, const char *what)
{
	if (r < 0) {
		printf("bench_ipc: %s failed: %ld\n", what, r);
		hinge_exit(1);
	}
}

static struct door_pool_desc pool_of_slot(int slot)
{
	return model_pool(model, stacks[slot], sizeof stacks[slot][0], slot < 2 ? bufs[slot] : NULL,
			  slot < 2 ? sizeof bufs[slot][0] : 0, 1);
}

static void serve(hinge_door_entry_t entry, int slot, unsigned flags, const char *name)
{
	struct door_pool_desc p = pool_of_slot(slot);
	long h = hinge_door_create(entry, 0, flags, &p);
	must(h, name);
	must(hinge_name_publish((int)h, name), name);
}

static struct async as;
static volatile unsigned as_ready;  /* channels taken over */
static uint64_t as_item[RING_MAX_SLOT / 8];

static void setup_entry(uint64_t cookie, uint64_t chan, uint64_t slot, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w3, (void)w4, (void)w5;
	long st = async_accept(&as, chan, slot, buf, info);
	if (st == 0)
		as_ready |= 1u << chan;
	hinge_door_return(((const uint64_t[DOOR_NWORDS]){ (uint64_t)st }), 0);
}

/* The async server's thread: each channel until its ITEM_STOP. */
static void async_serve(void)
{
	int nchans = NP_CHAN0 + (int)NSIZES(item_sizes);
	for (int i = 0; i < nchans; i++) {
		while (!(as_ready & (1u << i)))
			hinge_sleep(1);
		struct async_chan *c = &as.chan[i];
		for (;;) {
			must(ring_pop(&c->req, as_item), "pop");
			if (as_item[0] == ITEM_STOP)
				break;
			if (i < NP_CHAN0)
				must(ring_push(&c->rep, as_item), "push");
			else if (as_item[0] == ITEM_ACK)
				must(hinge_notify_signal(as.rep_notify, 1ull << ASYNC_ACK_BIT), "ack");
		}
	}
}

static int server(int role)
{
	char name[16];
	long flags = model_door_flags(model);
	must(flags, "model");
	if (model == MODEL_ASYNC) {
		struct door_pool_desc p = pool_of_slot(1);
		long h = hinge_door_create(setup_entry, 0, 0, &p);
		must(h, "ipc.setup");
		must(hinge_name_publish((int)h, "ipc.setup"), "ipc.setup");
		async_serve();
	} else if (role == 0) {
		serve(echo_entry, 0, (unsigned)flags, "ipc.echo");
		serve(sink_entry, 1, (unsigned)flags, "ipc.sink");
	} else {
		if (role < BENCH_CHAIN_LINKS) {
			snprintf(name, sizeof name, "ipc.chain%d", role + 1);
			next_link = hinge_name_wait(name);
			must(next_link, name);
		}
		snprintf(name, sizeof name, "ipc.chain%d", role);
		serve(chain_entry, 0, (unsigned)flags, name);
	}
	snprintf(name, sizeof name, "ctl%d", role);
	struct door_pool_desc p = door_pool(stacks[2], sizeof stacks[2][0], NULL, 0, 1);
	long ctl = hinge_door_create(echo_entry, 0, DOOR_F_UNREF, &p);
	must(ctl, "ctl");
	must(hinge_name_publish((int)ctl, name), "ctl");
	must(hinge_door_unref_wait((int)ctl), "unref wait");
	return 0;
}

/* ---- client ---- */

static char data[DOOR_MAX_DATA] __attribute__((aligned(8))), rbuf[DOOR_MAX_DATA];

static long lookup(const char *name)
{
	long h = hinge_name_wait(name);
	if (h < 0)
		bench_fail(name, h);
	return h;
}

/* n bytes to the echo door and n back (n = 0: the five words only). */
static inline long roundtrip(int h, size_t n)
{
	static const uint64_t w[DOOR_NWORDS] = { 1, 2, 3, 4, 5 };
	uint64_t r[DOOR_NWORDS];
	if (n == 0)
		return hinge_door_call(h, w, r, 0);
	struct door_xarg x = { .data_ptr = (uintptr_t)data, .data_size = n,
			       .rbuf = (uintptr_t)rbuf, .rsize = n };
	uint64_t got;
	long st = hinge_door_call_bytes(h, ((const uint64_t[DOOR_NWORDS]){ 0, 0, 0, 0, (uintptr_t)&x }), r,
					DOOR_CALL_XARG, &got);
	return st ? st : (got != n);
}

/* One item of n bytes to the sink door: 8 bytes go in a word, as a caller
 * would send them; larger items as argument bytes. */
static inline long item_call(int h, size_t n)
{
	uint64_t r[DOOR_NWORDS];
	if (n == 8)
		return hinge_door_call(h, ((const uint64_t[DOOR_NWORDS]){ *(const uint64_t *)data }), r, 0);
	struct door_xarg x = { .data_ptr = (uintptr_t)data, .data_size = n };
	return hinge_door_call(h, ((const uint64_t[DOOR_NWORDS]){ 0, 0, 0, 0, (uintptr_t)&x }), r, DOOR_CALL_XARG);
}

static inline long chain_call(int h, uint64_t depth)
{
	uint64_t r[DOOR_NWORDS];
	long st = hinge_door_call(h, ((const uint64_t[DOOR_NWORDS]){ depth }), r, 0);
	return st ? st : (long)r[0];
}

static void stop(int role)
{
	char name[16];
	snprintf(name, sizeof name, "ctl%d", role);
	hinge_handle_close((int)lookup(name));
}

/* Async round trip: a request of the channel's slot size, then its reply. */
static uint64_t item_plain[RING_MAX_SLOT / 8], item_ack[RING_MAX_SLOT / 8], item_stop[RING_MAX_SLOT / 8];

static inline long async_rt(struct async_chan *c)
{
	long st = ring_push(&c->req, item_plain);
	return st ? st : ring_pop(&c->rep, rbuf);
}

/* Notify & pull: n items into the ring, the last one asking for an
 * acknowledgement, and wait for it: every item has been taken. */
static inline long async_batch(struct async *a, struct async_chan *c, int n)
{
	long st = 0;
	for (int i = 0; i < n - 1; i++)
		st |= ring_push(&c->req, item_plain);
	st |= ring_push(&c->req, item_ack);
	long got = hinge_notify_wait(a->rep_notify, 1ull << ASYNC_ACK_BIT);
	return st | (got < 0 ? got : 0);
}

static int async_client(void)
{
	static struct async a;
	char name[48];
	int setup = (int)lookup("ipc.setup");
	for (size_t i = 1; i < NSIZES(item_plain); i++)
		item_plain[i] = item_ack[i] = i * 7;
	item_ack[0] = ITEM_ACK;
	item_stop[0] = ITEM_STOP;
	if (async_init(&a) < 0)
		bench_fail("ipc.async set-up", -1);
	for (size_t i = 0; i < NSIZES(async_rt_slots); i++) {
		uint32_t slot = async_rt_slots[i];
		snprintf(name, sizeof name, "ipc.async.roundtrip.%u", i == 0 ? 0 : (unsigned)slot);
		long st = async_offer(&a, setup, (int)i, slot);
		if (st)
			bench_fail(name, st);
		memset(rbuf, 0xff, sizeof rbuf);
		BENCH_RUN(name, async_rt(&a.chan[i]));
		if (memcmp(rbuf, item_plain, slot) != 0)
			bench_fail(name, 2);
		ring_push(&a.chan[i].req, item_stop);
	}
	for (size_t i = 0; i < NSIZES(item_sizes); i++) {
		int ch = NP_CHAN0 + (int)i;
		snprintf(name, sizeof name, "ipc.async.notify_pull.%u", (unsigned)item_sizes[i]);
		long st = async_offer(&a, setup, ch, (uint32_t)item_sizes[i]);
		if (st)
			bench_fail(name, st);
		BENCH_RUN_N(name, NP_BATCH, async_batch(&a, &a.chan[ch], NP_BATCH));
		ring_push(&a.chan[ch].req, item_stop);
	}
	stop(0);
	return 0;
}

static int client(void)
{
	char name[48];
	const char *m = model_name[model];
	if (model == MODEL_ASYNC)
		return async_client();
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)(i * 7);
	int echo = (int)lookup("ipc.echo"), sinkd = (int)lookup("ipc.sink");
	for (size_t i = 0; i < NSIZES(roundtrip_sizes); i++) {
		size_t n = roundtrip_sizes[i];
		snprintf(name, sizeof name, "ipc.%s.roundtrip.%u", m, (unsigned)n);
		memset(rbuf, 0, sizeof rbuf);
		BENCH_RUN(name, roundtrip(echo, n));
		if (memcmp(rbuf, data, n) != 0)
			bench_fail(name, 2);
	}
	for (size_t i = 0; i < NSIZES(item_sizes); i++) {
		size_t n = item_sizes[i];
		snprintf(name, sizeof name, "ipc.%s.door_per_item.%u", m, (unsigned)n);
		BENCH_RUN(name, item_call(sinkd, n));
	}
	stop(0);
	return 0;
}

static int chain_client(void)
{
	char name[48];
	int chain = (int)lookup("ipc.chain1");
	for (int d = 1; d <= BENCH_CHAIN_LINKS; d++) {
		snprintf(name, sizeof name, "ipc.%s.chain.depth%d", model_name[model], d);
		BENCH_RUN(name, chain_call(chain, (uint64_t)d));
	}
	for (int k = 1; k <= BENCH_CHAIN_LINKS; k++)
		stop(k);
	return 0;
}

int main(long arg)
{
	model = (int)(bench_mode(arg) % 5);
	int role = (int)(bench_mode(arg) / 5);
	if (model >= MODEL_COUNT)
		bench_fail("bench_ipc arg", arg);
	return role == ROLE_CLIENT ? client() : role == ROLE_CHAIN_CLIENT ? chain_client() : server(role);
}
