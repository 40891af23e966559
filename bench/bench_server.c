/* Server side of the door benchmarks. The role is the manifest's arg:
 *   0      serves BENCH_NULL_DOOR (register API, returns at once),
 *          BENCH_BULK_DOOR (Solaris API, echoes its argument bytes) and
 *          BENCH_XFER_DOOR (Solaris API, closes the handle it receives);
 *   1..8   link k of the chain: door "chain<k>" takes a depth d and, when
 *          d > 1, calls "chain<k+1>" with d - 1 before returning;
 *   10     (BENCH_HANDOFF_ROLE) the null door as a DOOR_F_HANDOFF and as a
 *          DOOR_F_HANDOFF_PI door (server threads at BENCH_HANDOFF_PRIO).
 * Every role also publishes "ctl<arg>", a door created with DOOR_F_UNREF that
 * nobody calls: the main thread blocks until the client has looked it up and
 * closed its handle again (the unreferenced notification), then the domain
 * ends. Blocked, it never wakes up during a measurement; every call runs on
 * the caller's thread anyway (or, for the handoff doors, on their own
 * server threads). */
#include <stdio.h>
#include "bench.h"
#include "door.h"

static const uint64_t no_words[DOOR_NWORDS];
static long next_link = -1;   /* chain link: handle of the next link's door */

static char stacks[4][4][4096] __attribute__((aligned(16)));

static void null_entry(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
		       uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w1, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	hinge_door_return(no_words, 0);
}

/* Depth in w1; the status of the inner call comes back as result word 0. */
static void chain_entry(uint64_t cookie, uint64_t depth, uint64_t w2, uint64_t w3, uint64_t w4,
			uint64_t w5, char *buf, uint64_t info)
{
	(void)cookie, (void)w2, (void)w3, (void)w4, (void)w5, (void)buf, (void)info;
	uint64_t r[DOOR_NWORDS] = { 0 };
	if (depth > 1) {
		const uint64_t w[DOOR_NWORDS] = { depth - 1 };
		long st = hinge_door_call((int)next_link, w, r, 0);
		r[0] |= (uint64_t)st;
	}
	hinge_door_return(r, 0);
}

/* Solaris API: the arguments are already at the start of the activation
 * buffer, so returning them from there copies nothing in user space. */
static void bulk_proc(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, unsigned n_desc)
{
	(void)cookie, (void)dp, (void)n_desc;
	door_return(argp, arg_size, NULL, 0);
}

static void xfer_proc(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, unsigned n_desc)
{
	(void)cookie, (void)argp, (void)arg_size;
	for (unsigned i = 0; i < n_desc; i++)
		hinge_handle_close(dp[i].d_data.d_desc.d_descriptor);
	door_return(NULL, 0, NULL, 0);
}

static long serve(hinge_door_entry_t entry, int pool, unsigned flags, const char *name)
{
	struct door_pool_desc p = door_pool(stacks[pool], sizeof stacks[pool][0], NULL, 0,
					    sizeof stacks[pool] / sizeof stacks[pool][0]);
	p.prio = (flags & (DOOR_F_HANDOFF | DOOR_F_HANDOFF_PI)) ? BENCH_HANDOFF_PRIO : 0;
	long h = hinge_door_create(entry, 0, flags, &p);
	if (h >= 0)
		h = hinge_name_publish((int)h, name) < 0 ? -1 : h;
	return h;
}

static void must(long r, const char *what)
{
	if (r < 0) {
		printf("bench_server: %s failed: %ld\n", what, r);
		hinge_exit(1);
	}
}

int main(long role)
{
	char name[16];
	if (role == 0) {
		must(serve(null_entry, 0, 0, BENCH_NULL_DOOR), "null door");
		long h = door_create(bulk_proc, NULL, 0);
		must(h, "bulk door");
		must(hinge_name_publish((int)h, BENCH_BULK_DOOR), "publish bulk");
		h = door_create(xfer_proc, NULL, 0);
		must(h, "xfer door");
		must(hinge_name_publish((int)h, BENCH_XFER_DOOR), "publish xfer");
	} else if (role == BENCH_HANDOFF_ROLE) {
		must(serve(null_entry, 2, DOOR_F_HANDOFF, BENCH_NULL_HANDOFF_DOOR), "handoff null door");
		must(serve(null_entry, 3, DOOR_F_HANDOFF_PI, BENCH_NULL_HANDOFF_PI_DOOR),
		     "handoff+pi null door");
	} else {
		/* Published only once the rest of the chain is there, so a client
		 * that finds "chain1" finds a complete chain. */
		if (role < BENCH_CHAIN_LINKS) {
			snprintf(name, sizeof name, "chain%ld", role + 1);
			next_link = hinge_name_wait(name);
			must(next_link, "next link lookup");
		}
		snprintf(name, sizeof name, "chain%ld", role);
		must(serve(chain_entry, 0, 0, name), "chain door");
	}
	snprintf(name, sizeof name, "ctl%ld", role);
	long ctl = serve(null_entry, 1, DOOR_F_UNREF, name);
	must(ctl, "ctl door");
	must(hinge_door_unref_wait((int)ctl), "unref wait");
	return 0;
}
