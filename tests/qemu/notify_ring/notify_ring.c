/* Memory objects and the SPSC ring (usr/lib/ring.h) between two domains:
 *   - memory object errors: sizes, addresses (unaligned, outside the user
 *     range, overlapping the program or another mapping), permissions and
 *     rights (H_MAP, H_MAP_W), handle of another type;
 *   - one object mapped twice (read-write and read-only) shows the same bytes;
 *   - "notify & pull": for slot sizes 8 B, 256 B and 4 KiB the client creates a
 *     memory object and a notification, maps and formats a ring, passes both
 *     handles to the server with a door call, and pushes ITEMS items; the
 *     server maps the object at another address, pops them on its own thread
 *     and returns the checksum and the count of damaged items;
 *   - everything returns (leak check: objects, pages, notifications).
 * Roles (arg): 0 server, 1 client, 9 leak check. The manifests run it with
 * the server at the client's priority (ring fills up: "space" waits) and
 * above it (every push wakes the consumer: "data" waits). */
#include <string.h>
#include "door_test.h"
#include "sync.h"
#include "ring.h"

#define ITEMS      1000
#define CLIENT_VA  0x40000000UL
#define SERVER_VA  0x50000000UL
#define AREA       0x100000UL   /* each ring's mapping gets its own MiB */
#define HANDLES_OUT 96          /* MAX_HANDLES: no such handle */

static const struct {
	uint32_t slot, nslots;
} geometry[] = { { 8, 64 }, { 256, 16 }, { 4096, 8 } };
#define NRINGS (sizeof geometry / sizeof geometry[0])

/* What the server reports for one ring. */
struct tally {
	uint64_t sum, damaged, count;
	uint64_t done_at;   /* rdinstret after the last item */
};

/* The item with sequence number seq: seq in the first word, then bytes that
 * depend on seq and position. */
static void fill_item(uint8_t *item, uint32_t size, uint64_t seq)
{
	memcpy(item, &seq, sizeof seq);
	for (uint32_t i = 8; i < size; i++)
		item[i] = (uint8_t)(seq * 7 + i);
}

static uint64_t item_hash(uint64_t seq)
{
	return (seq + 1) * 0x9e3779b97f4a7c15ull;
}

static uint8_t item_buf[RING_MAX_SLOT];

/* ---- server ---- */

static volatile int ready, done, quit_srv;
static struct ring srv_ring;
static struct tally srv_tally;
static int srv_handles[2];

static void consume(void)
{
	struct tally t = { 0, 0, 0, 0 };
	static uint8_t want[RING_MAX_SLOT];
	for (uint64_t i = 0; i < ITEMS; i++) {
		if (ring_pop(&srv_ring, item_buf) != 0) {
			t.damaged++;
			break;
		}
		uint64_t seq;
		memcpy(&seq, item_buf, sizeof seq);
		fill_item(want, srv_ring.slot_size, seq);
		if (seq != i || memcmp(want, item_buf, srv_ring.slot_size) != 0)
			t.damaged++;
		t.sum += item_hash(seq);
		t.count++;
	}
	t.done_at = rdinstret();
	srv_tally = t;
}

/* Commands (first data byte):
 *   'R' k pages: handles [memory, notification] of ring k: map, attach
 *   'S'  wait until the ring's items are consumed, return the tally
 *   'Q'  quit */
static void ring_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie;
	char op = size ? argp[0] : 0;
	long st = 0;
	if (op == 'R' && size == 3 && n == 2) {
		int k = argp[1], pages = (uint8_t)argp[2];
		srv_handles[0] = dp[0].d_data.d_desc.d_descriptor;
		srv_handles[1] = dp[1].d_data.d_desc.d_descriptor;
		void *va = (void *)(SERVER_VA + (uintptr_t)k * AREA);
		st = hinge_mem_map(srv_handles[0], va, MEM_R | MEM_W);
		if (st == 0)
			st = ring_attach(&srv_ring, va, (size_t)pages * MEM_PAGE_SIZE, srv_handles[1], 0);
		if (st == 0)
			ready = 1;
		door_return((char *)&st, sizeof st, NULL, 0);
	}
	if (op == 'S') {
		while (!done)
			hinge_sleep(1);
		done = 0;
		door_return((char *)&srv_tally, sizeof srv_tally, NULL, 0);
	}
	if (op == 'Q')
		quit_srv = 1;
	door_return(NULL, 0, NULL, 0);
}

static int server(void)
{
	long d = door_create(ring_proc, NULL, 0);
	EXPECT(d >= 0);
	EXPECT_EQ(hinge_name_publish((int)d, "ring"), 0);
	while (!quit_srv) {
		if (!ready) {
			hinge_sleep(1);
			continue;
		}
		ready = 0;
		consume();
		/* The mapping stays (there is no unmap): the object lives until
		 * this domain ends. */
		EXPECT_EQ(hinge_handle_close(srv_handles[0]), 0);
		EXPECT_EQ(hinge_handle_close(srv_handles[1]), 0);
		done = 1;
	}
	hinge_sleep(2); /* let the 'Q' call return */
	return failures;
}

/* ---- client ---- */

static void memory_errors(void)
{
	struct hinge_counts c0, c1;
	hinge_kcounts(&c0);
	EXPECT_EQ(hinge_mem_create(0), HE_INVAL);
	EXPECT_EQ(hinge_mem_create(MEM_MAX_PAGES + 1), HE_INVAL);
	EXPECT_EQ(hinge_mem_create(-1L), HE_INVAL);
	long m = hinge_mem_create(2);
	EXPECT(m >= 0);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.memobjs, c0.memobjs + 1);
	EXPECT_EQ(c1.mem_pages, c0.mem_pages + 2);
	EXPECT_EQ(c1.pages_used, c0.pages_used + 2);
	/* volatile: the compiler cannot know that the two addresses alias. */
	volatile char *a = (volatile char *)(CLIENT_VA + 8 * AREA), *b = a + AREA;
	EXPECT_EQ(hinge_mem_map((int)m, (void *)(a + 8), MEM_R), HE_INVAL);          /* unaligned */
	EXPECT_EQ(hinge_mem_map((int)m, (void *)0x1000, MEM_R), HE_INVAL); /* below the user range */
	EXPECT_EQ(hinge_mem_map((int)m, (void *)0x10000, MEM_R), HE_INVAL); /* over the program */
	EXPECT_EQ(hinge_mem_map((int)m, (void *)(0x80000000UL - 4096), MEM_R), HE_INVAL); /* past USER_TOP */
	EXPECT_EQ(hinge_mem_map((int)m, (void *)0x80000000UL, MEM_R), HE_INVAL);
	EXPECT_EQ(hinge_mem_map((int)m, (void *)a, 0), HE_INVAL);
	EXPECT_EQ(hinge_mem_map((int)m, (void *)a, MEM_W), HE_INVAL);
	EXPECT_EQ(hinge_mem_map((int)m, (void *)a, 4), HE_INVAL);
	EXPECT_EQ(hinge_mem_map(HANDLES_OUT, (void *)a, MEM_R), HE_BADHANDLE);
	long ro = hinge_handle_dup((int)m, H_MAP);
	long none = hinge_handle_dup((int)m, H_XFER);
	EXPECT_EQ(hinge_mem_map((int)ro, (void *)a, MEM_R | MEM_W), HE_PERM);
	EXPECT_EQ(hinge_mem_map((int)none, (void *)a, MEM_R), HE_PERM);
	long n = hinge_notify_create();
	EXPECT_EQ(hinge_mem_map((int)n, (void *)a, MEM_R), HE_BADHANDLE);
	/* One object, two places: a write through one shows through the other. */
	EXPECT_EQ(hinge_mem_map((int)m, (void *)a, MEM_R | MEM_W), 0);
	EXPECT_EQ(hinge_mem_map((int)ro, (void *)b, MEM_R), 0);
	EXPECT_EQ(hinge_mem_map((int)m, (void *)(b + 4096), MEM_R), HE_INVAL); /* overlaps the second page */
	EXPECT_EQ(b[4096 + 5], 0); /* zeroed */
	a[4096 + 5] = 'x';
	EXPECT_EQ(b[4096 + 5], 'x');
	/* The mappings keep the object (and its pages) after the handles go. */
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_handle_close((int)ro), 0);
	EXPECT_EQ(hinge_handle_close((int)none), 0);
	EXPECT_EQ(hinge_handle_close((int)n), 0);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.memobjs, c0.memobjs + 1);
	EXPECT_EQ(b[4096 + 5], 'x');
}

/* ring_init and ring_attach refuse bad geometry; try_ forms on an empty and
 * a full ring (one thread, no blocking). */
static void ring_errors(void)
{
	long m = hinge_mem_create(1), n = hinge_notify_create();
	void *va = (void *)(CLIENT_VA + 10 * AREA);
	EXPECT_EQ(hinge_mem_map((int)m, va, MEM_R | MEM_W), 0);
	struct ring r;
	EXPECT_EQ(ring_attach(&r, va, MEM_PAGE_SIZE, (int)n, 0), HE_INVAL); /* not formatted */
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 12, 4, (int)n, 0), HE_INVAL);     /* not a multiple of 8 */
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 0, 4, (int)n, 0), HE_INVAL);
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 8192, 2, (int)n, 0), HE_INVAL);   /* above 4 KiB */
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 8, 3, (int)n, 0), HE_INVAL);      /* not a power of two */
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 8, 1, (int)n, 0), HE_INVAL);
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 4096, 2, (int)n, 0), HE_INVAL);   /* does not fit */
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 8, 4, (int)n, 62), HE_INVAL);     /* bit 63 is reserved */
	EXPECT_EQ(ring_init(&r, va, MEM_PAGE_SIZE, 8, 4, (int)n, 5), 0);
	struct ring peer;
	EXPECT_EQ(ring_attach(&peer, va, 200, (int)n, 5), HE_INVAL); /* size too small for the ring */
	EXPECT_EQ(ring_attach(&peer, va, MEM_PAGE_SIZE, (int)n, 5), 0);
	uint64_t v = 7, out = 0;
	EXPECT_EQ(ring_try_pop(&peer, &out), HE_AGAIN);
	for (uint64_t i = 0; i < 4; i++)
		EXPECT_EQ(ring_try_push(&r, &i), 0);
	EXPECT_EQ(ring_try_push(&r, &v), HE_AGAIN);
	EXPECT_EQ(ring_count(&r), 4);
	/* The first push found the ring empty: "data" (bit 5) was signalled once. */
	EXPECT_EQ(hinge_notify_poll((int)n, 1ull << 5), 1ull << 5);
	EXPECT_EQ(ring_try_pop(&peer, &out), 0);
	EXPECT_EQ(out, 0);
	/* That pop found it full: "space" (bit 6). */
	EXPECT_EQ(hinge_notify_poll((int)n, NOTIFY_BITS_ALL), 1ull << 6);
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_handle_close((int)n), 0);
}

/* Ring k: set up, hand over, push ITEMS items, compare the tally. */
static void run_ring(int door, unsigned k)
{
	uint32_t slot = geometry[k].slot, nslots = geometry[k].nslots;
	uint64_t pages = ring_pages(slot, nslots);
	long m = hinge_mem_create(pages), n = hinge_notify_create();
	EXPECT(m >= 0 && n >= 0);
	void *va = (void *)(CLIENT_VA + k * AREA);
	EXPECT_EQ(hinge_mem_map((int)m, va, MEM_R | MEM_W), 0);
	struct ring r;
	EXPECT_EQ(ring_init(&r, va, pages * MEM_PAGE_SIZE, slot, nslots, (int)n, 0), 0);

	door_desc_t d[2] = { { DOOR_DESCRIPTOR, { { (int)m } } }, { DOOR_DESCRIPTOR, { { (int)n } } } };
	char cmd[3] = { 'R', (char)k, (char)pages };
	long st = -1;
	door_arg_t a = { cmd, sizeof cmd, d, 2, (char *)&st, sizeof st };
	EXPECT_EQ(door_call(door, &a), 0);
	EXPECT_EQ(st, 0);

	uint64_t want = 0;
	uint64_t start = rdinstret();
	for (uint64_t i = 0; i < ITEMS; i++) {
		fill_item(item_buf, slot, i);
		EXPECT_EQ(ring_push(&r, item_buf), 0);
		want += item_hash(i);
	}
	struct tally t = { 0, 0, 0, 0 };
	door_arg_t s = { "S", 1, NULL, 0, (char *)&t, sizeof t };
	EXPECT_EQ(door_call(door, &s), 0);
	EXPECT_EQ(t.count, ITEMS);
	EXPECT_EQ(t.damaged, 0);
	EXPECT(t.sum == want);
	/* Instructions of the whole hart (both sides, kernel included) from the
	 * first push to the last pop, per item; the test's own filling and
	 * checking of every byte included. Exact under -icount shift=0. */
	printf("%s: %u-byte items: %u through a %u-slot ring, checksum %s, %lu instructions per item\n",
	       TEST, slot, ITEMS, nslots, t.sum == want ? "ok" : "WRONG",
	       (unsigned long)((t.done_at - start) / ITEMS));
	EXPECT_EQ(hinge_handle_close((int)m), 0);
	EXPECT_EQ(hinge_handle_close((int)n), 0);
}

static int client(void)
{
	memory_errors();
	ring_errors();
	long h = hinge_name_wait("ring");
	EXPECT(h >= 0);
	for (unsigned k = 0; k < NRINGS; k++)
		run_ring((int)h, k);
	door_arg_t q = { "Q", 1, NULL, 0, NULL, 0 };
	EXPECT_EQ(door_call((int)h, &q), 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return client_report();
}

ROLES({ 0, server }, { 1, client })
