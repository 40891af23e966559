/* Client side of the door benchmarks (bench/README.md says what each counts).
 * The group is the manifest's arg:
 *   1  door.null.roundtrip    register call + return, empty server
 *   2  door.bulk.<n>          Solaris door_call, n bytes in and n bytes back
 *   3  door.handle.transfer   Solaris door_call passing one handle (dup)
 *   4  door.chain.depth<d>    d = 1..8 nested calls through the chain links
 *   5  door.null.roundtrip.handoff     group 1's loop through a DOOR_F_HANDOFF door
 *   6  door.null.roundtrip.handoff_pi  and through a DOOR_F_HANDOFF_PI door
 *   7  door.null.roundtrip.deadline    group 1's loop, each call with a deadline
 *                                     (doors/SEMANTICS.md §19; it finds a free activation)
 * When done, it looks up and closes the "ctl<k>" door of every server so
 * they end (bench_server.c). */
#include <stdio.h>
#include <string.h>
#include "bench.h"
#include "door.h"

static const uint64_t words[DOOR_NWORDS] = { 1, 2, 3, 4, 5 };
static char data[DOOR_MAX_DATA], rbuf[DOOR_MAX_DATA];

static long lookup(const char *name)
{
	long h = hinge_name_wait(name);
	if (h < 0) {
		printf("bench_client: lookup of %s failed: %ld\n", name, h);
		hinge_exit(1);
	}
	return h;
}

/* One Solaris-style call with n bytes each way: the door_arg_t is filled
 * again each time, as door_call rewrites data_ptr and data_size. Returns
 * the status, or 1 if fewer than n bytes came back. */
static inline long bulk_call(int h, size_t n)
{
	door_arg_t a = { .data_ptr = data, .data_size = n, .rbuf = rbuf, .rsize = n };
	long st = door_call(h, &a);
	return st ? st : (a.data_size != n);
}

static inline long xfer_call(int h, int passed)
{
	door_desc_t d = { .d_attributes = DOOR_DESCRIPTOR, .d_data.d_desc.d_descriptor = passed };
	door_arg_t a = { .desc_ptr = &d, .desc_num = 1 };
	return door_call(h, &a);
}

static inline long chain_call(int h, uint64_t depth)
{
	const uint64_t w[DOOR_NWORDS] = { depth };
	uint64_t r[DOOR_NWORDS];
	long st = hinge_door_call(h, w, r, 0);
	return st ? st : (long)r[0];
}

/* Server k ends once its "ctl<k>" door is unreferenced again. */
static void stop(int k)
{
	char name[16];
	snprintf(name, sizeof name, "ctl%d", k);
	hinge_handle_close((int)lookup(name));
}

int main(long group)
{
	char name[32];
	group = bench_mode(group); /* the group, also in profile mode (arg + BENCH_PROFILE_ARG) */
	switch (group) {
	case 1:
	case 5:
	case 6:
	case 7: {
		/* One loop for the four modes, so they run the same user code. */
		int migrate = group == 1 || group == 7;
		int h = (int)lookup(migrate ? BENCH_NULL_DOOR
				    : group == 5 ? BENCH_NULL_HANDOFF_DOOR : BENCH_NULL_HANDOFF_PI_DOOR);
		uint64_t r[DOOR_NWORDS];
		uint64_t flags = group == 7 ? DOOR_CALL_DEADLINE(1000) : 0;
		BENCH_RUN(group == 1 ? "door.null.roundtrip"
			  : group == 7 ? "door.null.roundtrip.deadline"
			  : group == 5 ? "door.null.roundtrip.handoff" : "door.null.roundtrip.handoff_pi",
			  hinge_door_call(h, words, r, flags));
		stop(migrate ? 0 : BENCH_HANDOFF_ROLE);
		break;
	}
	case 2: {
		int h = (int)lookup(BENCH_BULK_DOOR);
		static const size_t sizes[] = { 0, 64, 512, 4096 };
		for (size_t i = 0; i < sizeof data; i++)
			data[i] = (char)i;
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			snprintf(name, sizeof name, "door.bulk.%u", (unsigned)sizes[i]);
			memset(rbuf, 0, sizeof rbuf);
			BENCH_RUN(name, bulk_call(h, sizes[i]));
			if (memcmp(rbuf, data, sizes[i]) != 0)
				bench_fail(name, 2);
		}
		stop(0);
		break;
	}
	case 3: {
		int h = (int)lookup(BENCH_XFER_DOOR);
		int passed = (int)hinge_handle_dup(h, H_CALL | H_XFER);
		if (passed < 0)
			bench_fail("door.handle.transfer", passed);
		struct hinge_counts before, after;
		hinge_kcounts(&before);
		BENCH_RUN("door.handle.transfer", xfer_call(h, passed));
		hinge_kcounts(&after);
		if (after.handles != before.handles)  /* the server closed each one */
			bench_fail("door.handle.transfer", 3);
		stop(0);
		break;
	}
	case 4: {
		int h = (int)lookup("chain1");
		for (int d = 1; d <= BENCH_CHAIN_LINKS; d++) {
			snprintf(name, sizeof name, "door.chain.depth%d", d);
			BENCH_RUN(name, chain_call(h, (uint64_t)d));
		}
		for (int k = 1; k <= BENCH_CHAIN_LINKS; k++)
			stop(k);
		break;
	}
	default:
		printf("bench_client: unknown group %ld\n", group);
		return 1;
	}
	return 0;
}
