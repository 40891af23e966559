/* The system call fuzzer (docs/robustness.md): random system calls with
 * interesting arguments, checked against the reference.
 *
 * Four roles (the manifest's arg: role | steps << 4 | seed << 32):
 *   supervisor  the manifest's supervisor. It serves the door "fzsup"
 *               (declare an intended death, kill a server on request),
 *               restarts every dead domain, and after each wave compares
 *               every kernel count (SYS_KCOUNTS) with the idle baseline.
 *   fz1, fz2    fuzzed servers: their door entry returns random words and
 *               byte counts (some too large), calls the other server
 *               (nested, up to FUZZ_DEPTH deep), sleeps, or faults when the
 *               caller asked for it (declared to the supervisor first).
 *   worker      one wave per incarnation: incarnation 0 exits at once (the
 *               supervisor then takes the baseline); incarnation g runs wave
 *               g: WAVE_STEPS random operations (random system calls, door
 *               calls, thread creation and exit, handles made, duplicated,
 *               closed and used after closing, calls through handles made
 *               stale by a restart, kills of servers), then ends, by exit or
 *               by a declared fault.
 * Every return value is checked: success, or a code docs/syscalls.md lists
 * for that call (syscall_errors.h is generated from it). A death nobody
 * declared, a count that differs from the baseline once the wave's domain is
 * gone, or a code the reference does not list is a failure; the kernel must
 * neither panic nor hang (the manifest's timeout). The supervisor exits with
 * the number of failures of the whole run. */
#include <stdio.h>
#include <string.h>
#include "hinge.h"
#include "door.h"
#include "sync.h"
#include "syscall_errors.h"

#define WORDS(...) ((const uint64_t[DOOR_NWORDS]){ __VA_ARGS__ })

enum role { R_SUP, R_FZ1, R_FZ2, R_WORKER };
enum { NSERVERS = 2, WORKER = NSERVERS };  /* indices of expected[] */
enum { WAVE_STEPS = 150, FUZZ_DEPTH = 3, NTHREADS = 3, NDOORS = 4, NACT = 2 };
/* Operations of the fuzz doors' w1 (any other value: random results), and
 * FAULT_MAGIC in w3, the only way to ask a server to fault. */
enum { OP_PING = 0x70696e67, OP_DECLARE = 0x64656364, OP_KILL = 0x6b696c6c, OP_HELLO = 0x68656c6f };
#define FAULT_MAGIC 0xfa017fa017ull

static volatile int failures;
static uint64_t seed, steps;

/* ---- Random numbers (xorshift64*, one state per thread) ---------------------- */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}
static unsigned pick(uint64_t *s, unsigned n)
{
	return (unsigned)(rnd(s) % n);
}

/* ---- One system call, checked ------------------------------------------------ */
static inline __attribute__((always_inline)) long raw(long n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		uint64_t a6)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r3 __asm__("a3") = a3;
	register uint64_t r4 __asm__("a4") = a4;
	register uint64_t r5 __asm__("a5") = a5;
	register uint64_t r6 __asm__("a6") = a6;
	register long r7 __asm__("a7") = n;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			 :
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return (long)r0;
}

static void fail(const char *what, long n, long got, uint64_t a0, uint64_t a1, uint64_t a2)
{
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	printf("fuzz: FAILED: %s: syscall %ld (%lx, %lx, %lx) returned %ld\n", what, n,
	       (unsigned long)a0, (unsigned long)a1, (unsigned long)a2, got);
}

/* A result is success (>= 0) or a code the reference lists for call n. */
static long check(long n, long r, uint64_t a0, uint64_t a1, uint64_t a2)
{
	if (r < 0 && (r < -31 || !(syscall_errors[n] & (1u << -r))))
		fail("undocumented error code", n, r, a0, a1, a2);
	return r;
}
static long sys(long n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		uint64_t a6)
{
	return check(n, raw(n, a0, a1, a2, a3, a4, a5, a6), a0, a1, a2);
}

/* ---- Interesting values --------------------------------------------------------
 *
 * Pointers: a writable scratch buffer (the only valid memory a random call
 * may write), the end of a mapped memory object straddled, read-only data,
 * code, the kernel, unmapped and non-canonical addresses, the edges of the
 * user range. The rest: limits of sizes, priorities, flags and handles. */
#define MAP_VA 0x40000000ull
#define UNMAPPED 0x30000000ull  /* never mapped: no memory object goes there */
static char scratch[4096] __attribute__((aligned(16)));
static const char rodata[64] = "read-only";
static int mapped;  /* the worker's memory object is mapped at MAP_VA */

static uint64_t any_pointer(uint64_t *s)
{
	switch (pick(s, 11)) {
	case 0: return (uint64_t)scratch;
	case 1: return mapped ? MAP_VA + 4096 - 8 : (uint64_t)scratch + 8;
	case 2: return (uint64_t)rodata;
	case 3: return (uint64_t)&any_pointer;
	case 4: return 0x80200000ull;              /* the kernel's image */
	case 5: return UNMAPPED;
	case 6: return 0;
	case 7: return 0x8000000000000000ull;      /* non-canonical */
	case 8: return 0x7fffffffull & ~7ull;      /* the user range's last word */
	case 9: return 0x10000ull - 8;             /* straddles USER_BASE */
	default: return ~0ull;
	}
}

/* A pointer no system call may read or write through. */
static uint64_t bad_pointer(uint64_t *s)
{
	static const uint64_t v[] = { 0x80200000ull, UNMAPPED, 0, 0x8000000000000000ull, 0x10000ull - 8,
				      0x7ffffff8ull, ~0ull };
	return v[pick(s, sizeof v / sizeof v[0])];
}

static uint64_t any_value(uint64_t *s)
{
	static const uint64_t v[] = { 0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 255, 256, 4095,
				      4096, 4097, 0x7fffffff, 0x80000000ull, 0xffffffffull, ~0ull,
				      1ull << 63, (uint64_t)-2 };
	switch (pick(s, 4)) {
	case 0: return any_pointer(s);
	case 1: return rnd(s);
	default: return v[pick(s, sizeof v / sizeof v[0])];
	}
}

/* A handle: most often one of the table's slots (live, just closed, or
 * naming an object of another type), sometimes out of range. */
static uint64_t any_handle(uint64_t *s)
{
	return pick(s, 8) ? pick(s, 34) : any_value(s);
}

/* ---- The fuzz doors' entry (servers fz1, fz2 and the worker's own doors) ------ */
static long peer = -1;      /* a server's handle to the other server's door, or -1 */
static int my_index = -1;   /* a server's index (fz1 0, fz2 1); -1 elsewhere */
static long server_door = -1; /* a server's door, or the supervisor's */
static const char *const server_names[] = { "fz1", "fz2" };

/* A call to the supervisor's door through a fresh handle (a random close
 * may have taken any older one): whether it returned 0. */
static int tell_sup(uint64_t op, uint64_t who, uint64_t what)
{
	long h = hinge_name_lookup("fzsup");
	if (h < 0)
		return 0;
	long r = sys(SYS_DOOR_CALL, (uint64_t)h, op, who, what, 0, 0, 0);
	hinge_handle_close((int)h);
	return r == 0;
}

/* A server's handle table is changed by calls on several threads at once:
 * table_lock (a kernel mutex) orders the changes of peer and the cleanup. */
static long table_lock = -1;

/* Handles passed in by a call (DOOR_CALL_XARG) would stay in a server's
 * table past the wave: a server keeps none but its door, its peer and its
 * lock. */
static void drop_passed_handles(uint64_t info)
{
	if (!DOOR_INFO_HANDLES(info))
		return;
	hinge_mutex_lock((int)table_lock);
	for (int h = 0; h < 32; h++)
		if (h != server_door && h != peer && h != table_lock)
			raw(SYS_HANDLE_CLOSE, (uint64_t)h, 0, 0, 0, 0, 0, 0);
	hinge_mutex_unlock((int)table_lock);
}

/* A server's handle to the other server's current incarnation. */
static void refresh_peer(void)
{
	hinge_mutex_lock((int)table_lock);
	if (peer >= 0)
		hinge_handle_close((int)peer);
	peer = hinge_name_lookup(server_names[!my_index]);
	hinge_mutex_unlock((int)table_lock);
}

static void fuzz_entry(uint64_t cookie, uint64_t op, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t depth,
		       char *buf, uint64_t info)
{
	uint64_t s = w4 | 1;
	(void)w2;
	uint64_t bufsize = cookie;  /* the door's buffer size is its cookie */
	if (my_index >= 0)
		drop_passed_handles(info);
	if (op == OP_PING && my_index >= 0) {
		refresh_peer(); /* the supervisor's ping at rest: no stale handle stays */
		hinge_door_return(WORDS(0), 0);
	}
	switch (pick(&s, 6)) {
	case 0:
		if (w3 == FAULT_MAGIC && my_index >= 0 && tell_sup(OP_DECLARE, (uint64_t)my_index, 0))
			(void)*(volatile int *)0x80200000;  /* scause 13 */
		break;
	case 1:
		/* Nested calls never wait for an activation: chains that hold
		 * activations of both servers could otherwise wait for each
		 * other's. */
		if (peer >= 0 && depth < FUZZ_DEPTH) {
			long st = sys(SYS_DOOR_CALL, (uint64_t)peer, rnd(&s), w2, 0, rnd(&s), depth + 1,
				      DOOR_CALL_NOWAIT);
			if (st == HE_STALE || st == HE_DEAD)
				refresh_peer();
		}
		break;
	case 2:
		hinge_sleep(1);
		break;
	case 3:
		/* Too many result bytes: refused, and the server goes on. */
		if (bufsize) {
			long r = sys(SYS_DOOR_RETURN, 0, 1, 2, 3, 4, 5, bufsize + 1 + pick(&s, 4096));
			if (r != HE_INVAL && r != HE_DEAD)
				fail("door_return of too many bytes", SYS_DOOR_RETURN, r, bufsize, 0, 0);
		}
		break;
	default:
		break;
	}
	if (buf && bufsize)
		memset(buf, (int)rnd(&s), (size_t)(rnd(&s) % bufsize));
	hinge_door_return(WORDS(rnd(&s), rnd(&s), rnd(&s), rnd(&s), rnd(&s)), bufsize ? rnd(&s) % (bufsize + 1) : 0);
}

/* ---- Servers ---------------------------------------------------------------------- */
#define SRV_BUF 256
static char srv_stacks[4][8192] __attribute__((aligned(16)));
static char srv_bufs[4][SRV_BUF];

static long lookup_retry(const char *name)
{
	long h;
	for (int i = 0; i < 1000; i++) {
		h = hinge_name_lookup(name);
		if (h >= 0)
			return h;
		hinge_sleep(1);
	}
	return h;
}

static int self_domain(void)
{
	struct hinge_self me;
	hinge_self(&me);
	return me.domain;
}

static int server(int which)
{
	my_index = which;
	table_lock = hinge_mutex_create(0);
	struct door_pool_desc p = door_pool(srv_stacks, sizeof srv_stacks[0], srv_bufs, SRV_BUF, 4);
	server_door = hinge_door_create(fuzz_entry, SRV_BUF, 0, &p);
	hinge_handle_close((int)lookup_retry("fzsup"));
	if (server_door < 0 || !tell_sup(OP_HELLO, (uint64_t)which, (uint64_t)self_domain()) ||
	    hinge_name_publish((int)server_door, server_names[which]) != 0)
		return 1;
	/* The peer's handle, unless a ping (refresh_peer) got it first. */
	while (peer < 0) {
		hinge_mutex_lock((int)table_lock);
		if (peer < 0)
			peer = hinge_name_lookup(server_names[!which]);
		hinge_mutex_unlock((int)table_lock);
		hinge_sleep(1);
	}
	for (;;)
		hinge_sleep(1000);
}

/* ---- The worker ------------------------------------------------------------------- */
static char wstacks[NDOORS][NACT][4096] __attribute__((aligned(16)));
static char wbufs[NDOORS][NACT][128];
static int ndoors;  /* of wstacks' rows, how many a door uses */
static char tstacks[NTHREADS][8192] __attribute__((aligned(16)));
static volatile int trunning[NTHREADS];
static uint64_t wave_seed;

/* One random operation; main says whether the caller is the worker's main
 * thread (the only one that makes doors, threads, and maps memory). */
static void fuzz_step(uint64_t *s, int main)
{
	uint64_t a[7];
	for (int i = 0; i < 7; i++)
		a[i] = any_value(s);
	long r;
	switch (pick(s, 16)) {
	case 0: case 1: case 2: {
		/* A random call: every number but those that end the thread or
		 * wait without bound (each has its own case), with any values. */
		static const uint8_t nr[] = { SYS_NULL, SYS_YIELD, SYS_CLOCK, SYS_SELF, SYS_DOOR_RETURN,
					      SYS_DOOR_REVOKE, SYS_DOOR_INFO, SYS_HANDLE_DUP, SYS_HANDLE_CLOSE,
					      SYS_NAME_LOOKUP, SYS_KCOUNTS, SYS_BOOTFILE, SYS_DOOR_CANCELLED,
					      SYS_DEATH_WAIT, SYS_DOMAIN_RESTART, SYS_DOMAIN_KILL,
					      SYS_NOTIFY_SIGNAL, SYS_NOTIFY_POLL, SYS_MEM_CREATE, SYS_MUTEX_CREATE,
					      SYS_MUTEX_UNLOCK, SYS_DOOR_NOTIFY, SYS_DOOR_CALL, SYS_NAME_PUBLISH,
					      SYS_SEMA_CREATE, SYS_SEMA_TRYWAIT, SYS_SEMA_POST };
		long n = nr[pick(s, sizeof nr)];
		if (pick(s, 2))
			a[0] = any_handle(s);
		if (n == SYS_DOOR_CALL && a[3] == FAULT_MAGIC)
			a[3] = 0;
		r = sys(n, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
		if (n == SYS_DOOR_RETURN && r != HE_NOCALL)
			fail("door_return outside a call", n, r, a[0], a[1], a[2]);
		if (n == SYS_DEATH_WAIT || n == SYS_DOMAIN_RESTART || n == SYS_DOMAIN_KILL) {
			if (r != HE_PERM)
				fail("supervisor call by another domain", n, r, a[0], a[1], a[2]);
		}
		break;
	}
	case 3: case 4: {
		/* A door call through any handle, with the server's random
		 * results; some ask a server to fault. */
		uint64_t w3 = pick(s, 40) == 0 ? FAULT_MAGIC : a[3];
		unsigned flags = pick(s, 4) == 0 ? (unsigned)a[6] : pick(s, 2) ? DOOR_CALL_NOWAIT : 0;
		sys(SYS_DOOR_CALL, any_handle(s), a[1], a[2], w3, rnd(s), 0, flags);
		break;
	}
	case 5: /* handles: dup with any mask, close, use after close */
		r = sys(SYS_HANDLE_DUP, any_handle(s), a[1], 0, 0, 0, 0, 0);
		if (r >= 0) {
			sys(SYS_HANDLE_CLOSE, (uint64_t)r, 0, 0, 0, 0, 0, 0);
			if (sys(SYS_HANDLE_CLOSE, (uint64_t)r, 0, 0, 0, 0, 0, 0) != HE_BADHANDLE)
				fail("closing a handle twice", SYS_HANDLE_CLOSE, 0, (uint64_t)r, 0, 0);
			sys(SYS_DOOR_CALL, (uint64_t)r, 0, 0, 0, 0, 0, 0);
		}
		break;
	case 6: /* notification objects: a wait only on bits just signalled, and
		 * only while no other thread could poll them away */
		r = sys(SYS_NOTIFY_CREATE, 0, 0, 0, 0, 0, 0, 0);
		if (r >= 0) {
			uint64_t bits = (rnd(s) | 1) & ~(1ull << 63);
			sys(SYS_NOTIFY_SIGNAL, (uint64_t)r, bits, 0, 0, 0, 0, 0);
			long got = 0;
			if (main && !trunning[0] && !trunning[1] && !trunning[2] &&
			    (got = sys(SYS_NOTIFY_WAIT, (uint64_t)r, bits, 0, 0, 0, 0, 0)) != (long)bits)
				fail("notify_wait after signal", SYS_NOTIFY_WAIT, got, (uint64_t)r, bits, 0);
			sys(SYS_NOTIFY_POLL, (uint64_t)r, any_value(s), 0, 0, 0, 0, 0);
			if (pick(s, 2))
				sys(SYS_HANDLE_CLOSE, (uint64_t)r, 0, 0, 0, 0, 0, 0);
		}
		sys(SYS_NOTIFY_WAIT, any_handle(s), 0, 0, 0, 0, 0, 0); /* mask 0, or not a notification */
		break;
	case 7: /* mutexes: lock and unlock at once (other threads may wait) */
		r = sys(SYS_MUTEX_CREATE, pick(s, 2) ? 0 : a[0], 0, 0, 0, 0, 0, 0);
		if (r >= 0) {
			long l = sys(SYS_MUTEX_LOCK, (uint64_t)r, 0, 0, 0, 0, 0, 0);
			if (l >= 0)
				sys(SYS_MUTEX_UNLOCK, (uint64_t)r, 0, 0, 0, 0, 0, 0);
			sys(SYS_HANDLE_CLOSE, (uint64_t)r, 0, 0, 0, 0, 0, 0);
		}
		break;
	case 8: /* memory objects, mapped anywhere (a taken range is refused) */
		r = sys(SYS_MEM_CREATE, pick(s, 2) ? 1 + pick(s, 2) : a[0], 0, 0, 0, 0, 0, 0);
		if (r >= 0 && main) {
			uint64_t va = pick(s, 2) ? a[1] : 0x50000000ull + 0x1000ull * pick(s, 64);
			if (va == UNMAPPED)
				va += 0x1000; /* it must stay unmapped */
			sys(SYS_MEM_MAP, (uint64_t)r, va, pick(s, 2) ? MEM_R | MEM_W : a[2], 0, 0, 0, 0);
		}
		if (r >= 0)
			sys(SYS_HANDLE_CLOSE, (uint64_t)r, 0, 0, 0, 0, 0, 0);
		break;
	case 9: /* a door of the worker's own, with a valid or fuzzed description */
		if (main) {
			struct door_pool_desc p = { 0 };
			int valid = ndoors < NDOORS && pick(s, 2);
			if (valid)
				p = door_pool(wstacks[ndoors], sizeof wstacks[0][0], wbufs[ndoors], 128, NACT);
			else
				p = (struct door_pool_desc){ any_value(s), any_value(s), any_value(s), any_value(s),
							     (uint32_t)any_value(s), (uint32_t)any_value(s) };
			unsigned flags = pick(s, 3) ? 0 : (unsigned)a[2] & ~DOOR_F_UNREF;
			if (flags & (DOOR_F_HANDOFF | DOOR_F_HANDOFF_PI))
				p.prio = 1 + pick(s, 12);
			uint64_t pp = pick(s, 4) ? (uint64_t)&p : any_pointer(s);
			/* A bad entry only with a fuzzed description; should such
			 * a door be made, it is revoked before anyone calls it. */
			uint64_t entry = valid || pick(s, 2) ? (uint64_t)fuzz_entry : a[0];
			r = sys(SYS_DOOR_CREATE, entry, valid ? 128 : 0, flags, pp, 0, 0, 0);
			if (r >= 0 && valid)
				ndoors++;
			if (r >= 0 && (!valid || pick(s, 3) == 0))
				sys(SYS_DOOR_REVOKE, (uint64_t)r, 0, 0, 0, 0, 0, 0);
		}
		break;
	case 10: /* a thread that fuzzes a little and ends */
		for (int i = 0; main && i < NTHREADS; i++) {
			if (trunning[i])
				continue;
			trunning[i] = 1;
			uint64_t prio = pick(s, 4) ? 1 + pick(s, 10) : a[2];
			/* A stack the kernel takes, or one it must refuse (out
			 * of the user range, misaligned). */
			static const uint64_t bad_sp[] = { 0, 8, 0x80000010ull, ~0ull ^ 15, 1ull << 63 };
			uint64_t sp = (uint64_t)(tstacks[i] + sizeof tstacks[i]);
			if (pick(s, 4) == 0)
				sp = pick(s, 2) ? sp - 8 : bad_sp[pick(s, sizeof bad_sp / sizeof bad_sp[0])];
			extern void fuzz_thread(long);
			r = sys(SYS_THREAD_CREATE, (uint64_t)fuzz_thread, sp, prio, (uint64_t)i, 0, 0, 0);
			if (r < 0)
				trunning[i] = 0;
			break;
		}
		break;
	case 11: /* arguments at their limits */
		sys(SYS_WRITE, any_pointer(s), pick(s, 2) ? 0 : 4097, 0, 0, 0, 0, 0); /* nothing printed */
		a[0] = bad_pointer(s);
		r = sys(SYS_WRITE, a[0], 64, 0, 0, 0, 0, 0);
		if (r != HE_FAULT)
			fail("write from a bad pointer", SYS_WRITE, r, a[0], 64, 0);
		sys(SYS_SLEEP, pick(s, 2) ? ~0ull : 0, 0, 0, 0, 0, 0, 0);
		sys(SYS_DOOR_UNREF_WAIT, any_handle(s), 0, 0, 0, 0, 0, 0);
		sys(SYS_KCOUNTS, any_pointer(s), 0, 0, 0, 0, 0, 0);
		sys(SYS_DOOR_INFO, any_handle(s), any_pointer(s), 0, 0, 0, 0, 0);
		break;
	case 12: /* priorities (the base one is put back) */
		if (main) {
			sys(SYS_SET_PRIO, a[0], 0, 0, 0, 0, 0, 0);
			sys(SYS_SET_PRIO, 5, 0, 0, 0, 0, 0, 0);
		}
		break;
	case 13: /* names, some of them the servers' */
		r = sys(SYS_NAME_LOOKUP, pick(s, 2) ? (uint64_t)(pick(s, 2) ? "fz1" : "fz2") : any_pointer(s), 0, 0,
			0, 0, 0, 0);
		if (r >= 0 && pick(s, 2))
			sys(SYS_HANDLE_CLOSE, (uint64_t)r, 0, 0, 0, 0, 0, 0);
		break;
	case 14: /* the supervisor kills a server; handles to it turn stale */
		if (pick(s, 8) == 0)
			tell_sup(OP_KILL, pick(s, NSERVERS), 0);
		break;
	default:
		hinge_yield();
		break;
	}
}

void fuzz_thread(long i)
{
	uint64_t s = wave_seed ^ (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ull;
	for (int k = 0; k < 20; k++)
		fuzz_step(&s, 0);
	/* From here on no stack: the slot may be reused at once. */
	trunning[i] = 0;
	raw(SYS_THREAD_EXIT, 0, 0, 0, 0, 0, 0, 0);
	for (;;)
		;
}

/* A declared end of the wave by a fault, one of several kinds. */
static void declared_fault(uint64_t *s)
{
	if (!tell_sup(OP_DECLARE, WORKER, 0))
		hinge_exit(failures);
	switch (pick(s, 3)) {
	case 0: (void)*(volatile int *)0x80200000; break;   /* load from the kernel */
	case 1: *(volatile char *)rodata = 1; break;        /* store to read-only data */
	default: raw(SYS_NSYSCALLS + (long)pick(s, 100), 0, 0, 0, 0, 0, 0, 0); break; /* no such call */
	}
	hinge_exit(1);  /* not reached: the domain faulted */
}

static int worker(void)
{
	struct hinge_self me;
	hinge_self(&me);
	hinge_handle_close((int)lookup_retry("fzsup"));
	if (!tell_sup(OP_HELLO, WORKER, (uint64_t)me.domain))
		return 1;
	if (me.gen == 0)
		return 0;  /* the supervisor's baseline */
	wave_seed = seed * 0x100000001b3ull + me.gen;
	uint64_t s = wave_seed | 1;
	long m = hinge_mem_create(1);
	mapped = m >= 0 && hinge_mem_map((int)m, (void *)MAP_VA, MEM_R | MEM_W) == 0;
	for (int k = 0; k < WAVE_STEPS; k++)
		fuzz_step(&s, 1);
	for (int i = 0; i < NTHREADS; i++)
		while (trunning[i])
			hinge_sleep(1);
	if (!failures && pick(&s, 4) == 0)
		declared_fault(&s);
	return failures;  /* the supervisor counts them */
}

/* ---- The supervisor ------------------------------------------------------------------ */
static volatile int expected[NSERVERS + 1];  /* deaths declared and not yet seen */
static volatile int ids[NSERVERS + 1] = { -1, -1, -1 }; /* domain ids of fz1, fz2, worker */

static void sup_entry(uint64_t cookie, uint64_t op, uint64_t who, uint64_t w3, uint64_t w4, uint64_t w5,
		      char *buf, uint64_t info)
{
	(void)cookie, (void)w4, (void)w5, (void)buf;
	drop_passed_handles(info);
	long r = 0;
	if (op == OP_HELLO && who <= WORKER) {
		ids[who] = (int)w3;
	} else if (op == OP_DECLARE && who <= WORKER) {
		expected[who]++;
	} else if (op == OP_KILL && who < NSERVERS) {
		expected[who]++;
		r = sys(SYS_DOMAIN_KILL, (uint64_t)ids[who], 0, 0, 0, 0, 0, 0);
		if (r != 0)
			expected[who]--; /* dead already: its restart is due */
	}
	hinge_door_return(WORDS((uint64_t)r), 0);
}

/* Take one death: it must have been declared; restart the domain unless
 * the run is over. */
static void take_death(int restart)
{
	struct hinge_death d;
	long r = sys(SYS_DEATH_WAIT, (uint64_t)&d, 0, 0, 0, 0, 0, 0);
	if (r != 0)
		return;
	int who = -1;
	for (int i = 0; i <= WORKER; i++)
		if (ids[i] == d.domain)
			who = i;
	if (who < 0) {
		fail("death of an unknown domain", SYS_DEATH_WAIT, d.domain, 0, 0, 0);
		return;
	}
	int clean_exit = who == WORKER && d.how == DEATH_EXIT && d.code == 0;
	if (who == WORKER && d.how == DEATH_EXIT && d.code > 0) {
		printf("fuzz: FAILED: the worker's wave had %ld failures\n", (long)d.code);
		__atomic_fetch_add(&failures, (int)d.code, __ATOMIC_RELAXED);
	} else if (!clean_exit && expected[who] == 0) {
		printf("fuzz: FAILED: domain %s died (how %d, code %ld) undeclared\n", d.name, d.how, (long)d.code);
		__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	} else if (!clean_exit) {
		expected[who]--;
	}
	if (restart && (who != WORKER)) {
		long n = sys(SYS_DOMAIN_RESTART, (uint64_t)d.domain, 0, 0, 0, 0, 0, 0);
		if (n < 0)
			fail("restarting a server", SYS_DOMAIN_RESTART, n, (uint64_t)d.domain, 0, 0);
		ids[who] = (int)n;
	}
	ids[who] = who == WORKER ? -1 - d.domain : ids[who]; /* the worker's dead id, for restart */
}

/* Both servers answer, nothing else runs: then every count must be the
 * baseline's (dead domains are reaped within a few ticks). */
static int counts_at_rest(const struct hinge_counts *base, struct hinge_counts *c)
{
	while (expected[0] || expected[1])
		take_death(1);
	for (int i = 0; i < NSERVERS; i++) {
		long st = -1;
		for (int k = 0; k < 200 && st != 0; k++) {
			long h = hinge_name_lookup(i ? "fz2" : "fz1");
			st = h < 0 ? h : hinge_door_call((int)h, WORDS(OP_PING), NULL, 0);
			if (h >= 0)
				hinge_handle_close((int)h);
			if (st != 0)
				hinge_sleep(1);
		}
	}
	for (int k = 0; k < 100; k++) {
		hinge_kcounts(c);
		if (!base || memcmp(c, base, sizeof *c) == 0)
			return 1;
		hinge_sleep(1);
	}
	return 0;
}

static char sup_stacks[2][8192] __attribute__((aligned(16)));

static int supervisor(void)
{
	struct door_pool_desc p = door_pool(sup_stacks, sizeof sup_stacks[0], NULL, 0, 2);
	table_lock = hinge_mutex_create(0);
	server_door = hinge_door_create(sup_entry, 0, 0, &p);
	if (server_door < 0 || hinge_name_publish((int)server_door, "fzsup") != 0)
		return 1;
	/* Each domain says hello (its id) before it can die. */
	for (int i = 0; i <= WORKER; i++)
		while (ids[i] < 0)
			hinge_sleep(1);
	int waves = (int)((steps + WAVE_STEPS - 1) / WAVE_STEPS);
	struct hinge_counts base, c;
	for (int w = 0; w <= waves; w++) {
		while (ids[WORKER] >= 0)
			take_death(1);
		if (!counts_at_rest(w ? &base : NULL, w ? &c : &base)) {
			printf("fuzz: FAILED: after wave %d the counts are not the baseline's:\n", w);
			printf("fuzz:   domains %u/%u threads %u/%u schedctx %u/%u doors %u/%u busy %u/%u handles %u/%u "
			       "pages %lu/%lu notifies %u/%u memobjs %u/%u mem_pages %lu/%lu mutexes %u/%u "
			       "semas %u/%u rbufs %u/%u slots %u/%u\n",
			       c.domains, base.domains, c.threads, base.threads, c.schedctx, base.schedctx, c.doors,
			       base.doors, c.activations_busy, base.activations_busy, c.handles, base.handles,
			       (unsigned long)c.pages_used, (unsigned long)base.pages_used, c.notifies, base.notifies,
			       c.memobjs, base.memobjs, (unsigned long)c.mem_pages, (unsigned long)base.mem_pages,
			       c.mutexes, base.mutexes, c.semas, base.semas, c.rbufs, base.rbufs, c.domain_slots, base.domain_slots);
			__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
			break;
		}
		if (w == waves)
			break;
		long n = sys(SYS_DOMAIN_RESTART, (uint64_t)(-1 - ids[WORKER]), 0, 0, 0, 0, 0, 0);
		if (n < 0) {
			fail("restarting the worker", SYS_DOMAIN_RESTART, n, 0, 0, 0);
			break;
		}
		ids[WORKER] = (int)n;
	}
	/* The end: the servers are killed (declared), the domain exits. */
	for (int i = 0; i < NSERVERS; i++) {
		expected[i]++;
		sys(SYS_DOMAIN_KILL, (uint64_t)ids[i], 0, 0, 0, 0, 0, 0);
	}
	for (int i = 0; i < NSERVERS; i++)
		take_death(0);
	printf("fuzz: seed %lu, %d waves of %d steps: %s (%d failures)\n", (unsigned long)seed, waves, WAVE_STEPS,
	       failures ? "FAILED" : "passed", failures);
	return failures;
}

int main(long arg)
{
	steps = ((uint64_t)arg >> 4) & 0xfffffff;
	seed = (uint64_t)arg >> 32;
	switch ((enum role)(arg & 0xf)) {
	case R_SUP: return supervisor();
	case R_FZ1: return server(0);
	case R_FZ2: return server(1);
	case R_WORKER: return worker();
	}
	return 1;
}
