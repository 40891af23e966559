/* The illumos door API on Hinge's doors (door.h; differences:
 * docs/solaris-doors.md).
 *
 * Each door made by door_create owns a slot: its procedure, cookie and
 * attributes, and a run of consecutive activations of the domain's pool
 * (act_stack, act_buf, act_tls: row i is activation i). The kernel cookie
 * of the door is the slot's address. A call enters the trampoline, which
 * points tp at the activation's solaris_tls (errno), and door_return finds
 * the activation from the stack pointer. A revoked door's slot and
 * activations are reused once no call runs in it any more.
 *
 * Unreferenced calls: the kernel signals bit `slot` of one notification
 * object when a DOOR_UNREF door of this domain becomes unreferenced; a
 * library thread waits on it and calls the door itself with the words
 * (UNREF_WORD, unref_secret), which the trampoline turns into argp =
 * DOOR_UNREF_DATA. The secret is this domain's, so no client can fake it.
 *
 * Results that do not fit in rbuf: every call asks DOOR_CALL_RBUF, so the
 * kernel maps a buffer for them (doors/SEMANTICS.md §17) and names it in the
 * xarg; it becomes the caller's new rbuf, given back by munmap
 * (SYS_DOOR_RBUF_FREE). Returned descriptors follow the data in the result
 * buffer when there is room (a mapped buffer always has it), else they are
 * in the calling thread's own array (solaris_tls: until its next call). */
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include "door_reg.h"
#include "sync.h"
#include "door.h"
#include "solaris.h"

#define ACT_STACK  8192
#define ACT_BUF    (DOOR_MAX_DATA + DOOR_MAX_DESC * sizeof(struct door_desc))
#define UNREF_WORD 0x756e726566ull   /* "unref" */
_Static_assert(HINGE_DOOR_RBUFS == RBUF_SLOTS, "door.h names the kernel's bound");
_Static_assert(RBUF_SIZE >= DOOR_MAX_DATA + 8 + DOOR_MAX_DESC * sizeof(door_desc_t),
	       "a mapped result buffer holds the largest result and its descriptors");
#define UCREDS 8

enum slot_state { SLOT_FREE = 0, SLOT_LIVE, SLOT_DRAINING };

struct slot {
	enum slot_state state;
	door_server_proc_t *proc;
	void *cookie;
	uint_t attr;
	int handle;       /* the server's own handle (kept while draining) */
	unsigned first;   /* its activations: [first, first + nact) */
	unsigned nact;
};

static struct slot slots[SOLARIS_DOORS];
static char act_stack[SOLARIS_ACTS][ACT_STACK] __attribute__((aligned(16)));
static char act_buf[SOLARIS_ACTS][ACT_BUF] __attribute__((aligned(16)));
static struct solaris_tls act_tls[SOLARIS_ACTS];
static bool act_used[SOLARIS_ACTS];
static unsigned acts_per_door = 4;
static int lock; /* slots, act_used, the unref thread: door_create and door_revoke */


static door_server_func_t *server_create_func;

static int unref_notify = -1;
static uint64_t unref_secret;
static char unref_stack[ACT_STACK] __attribute__((aligned(16)));

static void lock_take(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		hinge_yield();
}

static void lock_give(void)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

/* The activation whose stack sp is in, or -1. sp == top of stack i is
 * still in stack i. */
static int activation_of(uintptr_t sp)
{
	uintptr_t base = (uintptr_t)act_stack;
	if (sp <= base || sp > base + sizeof act_stack)
		return -1;
	return (int)((sp - base - 1) / ACT_STACK);
}

static int current_activation(void)
{
	uintptr_t sp;
	__asm__ volatile("mv %0, sp" : "=r"(sp));
	return activation_of(sp);
}

/* ---- Calls ------------------------------------------------------------- */

/* One XARG door call, results larger than x->rsize into a buffer the kernel
 * maps, that also returns the handles a door_return passed (a7 = their
 * number, t0..t3 = their numbers; hinge/door.h): with the results (0), and
 * also when the bytes could not be delivered (HE_OVERFLOW). *before: the
 * server was dead before the call (a4 = DEATH_BEFORE_CALL with HE_DEAD). */
static long call_xarg(int h, struct door_xarg *x, uint64_t *bytes, int32_t got[DOOR_MAX_DESC], unsigned *ngot,
		      bool *before)
{
	register long a0 __asm__("a0") = h;
	register uint64_t a1 __asm__("a1") = 0, a2 __asm__("a2") = 0, a3 __asm__("a3") = 0, a4 __asm__("a4") = 0;
	register uint64_t a5 __asm__("a5") = (uintptr_t)x;
	register uint64_t a6 __asm__("a6") = DOOR_CALL_XARG | DOOR_CALL_RBUF;
	register uint64_t a7 __asm__("a7") = SYS_DOOR_CALL;
	register uint64_t t0 __asm__("t0"), t1 __asm__("t1"), t2 __asm__("t2"), t3 __asm__("t3");
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6), "+r"(a7),
			   "=r"(t0), "=r"(t1), "=r"(t2), "=r"(t3)
			 :
			 : "memory", "t4", "t5", "t6");
	*bytes = a6;
	*before = a0 == HE_DEAD && a4 == DEATH_BEFORE_CALL;
	*ngot = a0 == 0 || a0 == HE_OVERFLOW ? (unsigned)a7 : 0;
	got[0] = (int32_t)t0;
	got[1] = (int32_t)t1;
	got[2] = (int32_t)t2;
	got[3] = (int32_t)t3;
	return a0;
}

int munmap(void *addr, size_t len)
{
	(void)len;
	return hinge_syscall(SYS_DOOR_RBUF_FREE, (long)addr, 0, 0, 0) < 0 ? solaris_fail_errno(EINVAL) : 0;
}

int hinge_door_overflow_count(void)
{
	struct hinge_counts c;
	return hinge_kcounts(&c) < 0 ? -1 : (int)c.rbufs;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int door_call(int d, door_arg_t *arg)
{
	door_arg_t none = { 0 };
	if (!arg)
		arg = &none;
	if (arg->desc_num > DOOR_MAX_DESC)
		return solaris_fail(HE_TOOMANY);
	struct door_desc desc[DOOR_MAX_DESC];
	for (uint_t i = 0; i < arg->desc_num; i++) {
		if (!(arg->desc_ptr[i].d_attributes & DOOR_DESCRIPTOR))
			return solaris_fail_errno(EINVAL);
		desc[i].handle = arg->desc_ptr[i].d_data.d_desc.d_descriptor;
		desc[i].flags = arg->desc_ptr[i].d_attributes & DOOR_RELEASE ? DOOR_DESC_MOVE : 0;
	}
	struct door_xarg x = {
		.data_ptr = (uintptr_t)arg->data_ptr,
		.data_size = arg->data_size,
		.desc_ptr = (uintptr_t)desc,
		.desc_num = arg->desc_num,
		.rbuf = (uintptr_t)arg->rbuf,
		.rsize = arg->rbuf ? arg->rsize : 0,
	};
	uint64_t bytes;
	int32_t got[DOOR_MAX_DESC];
	unsigned ngot;
	bool before;
	long r = call_xarg(d, &x, &bytes, got, &ngot, &before);
	if (before)
		return solaris_fail_errno(EBADF); /* illumos: a dead server's doors are revoked */
	if (r < 0) {
		for (unsigned i = 0; i < ngot; i++) /* HE_OVERFLOW: the results are lost */
			hinge_handle_close(got[i]);
		return solaris_fail(r);
	}
	char *res = (char *)(uintptr_t)x.rbuf;
	if (res != arg->rbuf) {
		arg->rbuf = res;
		arg->rsize = x.rsize;
	}
	arg->data_ptr = res;
	arg->data_size = bytes;
	arg->desc_num = ngot;
	arg->desc_ptr = !ngot ? NULL
			: align8(bytes) + ngot * sizeof(door_desc_t) <= arg->rsize ? (door_desc_t *)(res + align8(bytes))
										  : solaris_tls()->rdesc;
	for (unsigned i = 0; i < ngot; i++) {
		memset(&arg->desc_ptr[i], 0, sizeof arg->desc_ptr[i]);
		arg->desc_ptr[i].d_attributes = DOOR_DESCRIPTOR;
		arg->desc_ptr[i].d_data.d_desc.d_descriptor = got[i];
	}
	return 0;
}

/* ---- Serving ----------------------------------------------------------- */

/* A thread in no call (illumos: it would wait for the next invocation of
 * its pool) never returns. Hinge grows no pool from threads: it sleeps. */
static __attribute__((noreturn)) void park(void)
{
	for (;;)
		hinge_sleep(UINT64_MAX / 2);
}

int door_return(char *data_ptr, size_t data_size, door_desc_t *desc_ptr, uint_t num_desc)
{
	int a = current_activation();
	if (a < 0)
		park();
	if (num_desc > DOOR_MAX_DESC)
		return solaris_fail_errno(EINVAL);
	if (data_size > DOOR_MAX_DATA || door_xarg_handles_at(data_size) + num_desc * sizeof(struct door_desc) > ACT_BUF)
		return solaris_fail_errno(E2BIG);
	struct door_desc desc[DOOR_MAX_DESC];
	for (uint_t i = 0; i < num_desc; i++) {
		if (!(desc_ptr[i].d_attributes & DOOR_DESCRIPTOR))
			return solaris_fail_errno(EINVAL);
		desc[i].handle = desc_ptr[i].d_data.d_desc.d_descriptor;
		desc[i].flags = desc_ptr[i].d_attributes & DOOR_RELEASE ? DOOR_DESC_MOVE : 0;
	}
	char *buf = act_buf[a];
	if (data_size && data_ptr != buf)
		memmove(buf, data_ptr, data_size);
	memcpy(buf + door_xarg_handles_at(data_size), desc, num_desc * sizeof desc[0]);
	register long a0 __asm__("a0") = 0;
	register uint64_t a1 __asm__("a1") = 0, a2 __asm__("a2") = 0, a3 __asm__("a3") = 0, a4 __asm__("a4") = 0,
				      a5 __asm__("a5") = 0;
	register uint64_t a6 __asm__("a6") = data_size | (uint64_t)num_desc << 32;
	register long a7 __asm__("a7") = SYS_DOOR_RETURN;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return solaris_fail(a0); /* only a refused return comes back */
}

static void trampoline(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5,
		       char *buf, uint64_t info)
{
	(void)w3, (void)w4, (void)w5;
	struct slot *s = (struct slot *)(uintptr_t)cookie;
	int a = current_activation();
	act_tls[a].err = 0;
	act_tls[a].bound = -1;
	__asm__ volatile("mv tp, %0" : : "r"(&act_tls[a]));
	if (w1 == UNREF_WORD && w2 == unref_secret) {
		s->proc(s->cookie, DOOR_UNREF_DATA, 0, NULL, 0);
	} else {
		size_t size = DOOR_INFO_BYTES(info);
		unsigned n = DOOR_INFO_HANDLES(info);
		door_desc_t desc[DOOR_MAX_DESC];
		const int32_t *handles = (const int32_t *)(buf + door_xarg_handles_at(size));
		for (unsigned i = 0; i < n && i < DOOR_MAX_DESC; i++) {
			memset(&desc[i], 0, sizeof desc[i]);
			desc[i].d_attributes = DOOR_DESCRIPTOR;
			desc[i].d_data.d_desc.d_descriptor = handles[i];
		}
		s->proc(s->cookie, size ? buf : NULL, size, n ? desc : NULL, n);
	}
	door_return(NULL, 0, NULL, 0);
	hinge_door_return_failed(HE_NOCALL); /* a return without results is never refused */
}

/* The unreferenced-call thread: one per domain, started by the first
 * DOOR_UNREF door. */
static void unref_thread(long arg)
{
	(void)arg;
	for (;;) {
		long bits = hinge_notify_wait(unref_notify, NOTIFY_BITS_ALL);
		for (int i = 0; i < SOLARIS_DOORS - 1 && bits > 0; i++) {
			if (!(bits & (1L << i)) || slots[i].state != SLOT_LIVE)
				continue;
			const uint64_t w[DOOR_NWORDS] = { UNREF_WORD, unref_secret };
			hinge_door_call(slots[i].handle, w, NULL, 0);
		}
	}
}

static long unref_start(void)
{
	if (unref_notify >= 0)
		return 0;
	long n = hinge_notify_create();
	if (n < 0)
		return n;
	struct hinge_self me;
	hinge_self(&me);
	unref_secret = rdtime() ^ ((uintptr_t)&me << 16) ^ 0x5eed;
	unref_notify = (int)n;
	long t = hinge_thread_create(unref_thread, unref_stack + sizeof unref_stack, me.base_prio, 0);
	if (t < 0) {
		hinge_handle_close(unref_notify);
		unref_notify = -1;
	}
	return t < 0 ? t : 0;
}

/* A run of n free activations, or -1. */
static int acts_claim(unsigned n)
{
	for (unsigned i = 0; i + n <= SOLARIS_ACTS; i++) {
		unsigned k = 0;
		while (k < n && !act_used[i + k])
			k++;
		if (k == n) {
			for (k = 0; k < n; k++)
				act_used[i + k] = true;
			return (int)i;
		}
		i += k;
	}
	return -1;
}

static void slot_free(struct slot *s)
{
	for (unsigned k = 0; k < s->nact; k++)
		act_used[s->first + k] = false;
	memset(s, 0, sizeof *s);
}

/* Revoked doors whose calls have all ended give their slot back. */
static void slots_sweep(void)
{
	for (int i = 0; i < SOLARIS_DOORS; i++) {
		struct door_info k;
		if (slots[i].state == SLOT_DRAINING && hinge_door_info(slots[i].handle, &k) == 0 && k.inflight == 0) {
			hinge_handle_close(slots[i].handle);
			slot_free(&slots[i]);
		}
	}
}

int hinge_door_activations(unsigned n)
{
	if (n < 1 || n > 8)
		return solaris_fail_errno(EINVAL);
	acts_per_door = n;
	return 0;
}

int door_create(door_server_proc_t *server_procedure, void *cookie, uint_t attributes)
{
	if (attributes & ~DOOR_CREATE_MASK)
		return solaris_fail_errno(EINVAL);
	bool unref = attributes & (DOOR_UNREF | DOOR_UNREF_MULTI);
	lock_take();
	slots_sweep();
	long r = unref ? unref_start() : 0;
	/* An unreferenced door needs a notification bit: slots 0..62. */
	int i = 0, last = unref ? SOLARIS_DOORS - 1 : SOLARIS_DOORS;
	while (i < last && slots[i].state != SLOT_FREE)
		i++;
	int first = i < last ? acts_claim(acts_per_door) : -1;
	if (r == 0 && first < 0)
		r = HE_NOSPACE; /* EMFILE: no slot or activations left */
	if (r < 0) {
		lock_give();
		return solaris_fail(r);
	}
	struct slot *s = &slots[i];
	*s = (struct slot){ .state = SLOT_LIVE, .proc = server_procedure, .cookie = cookie, .attr = attributes,
			    .first = (unsigned)first, .nact = acts_per_door };
	struct door_pool_desc pool = door_pool(act_stack[first], ACT_STACK, act_buf[first], ACT_BUF, acts_per_door);
	unsigned flags = (unref ? DOOR_F_UNREF : 0) | (attributes & DOOR_UNREF_MULTI ? DOOR_F_UNREF_MULTI : 0) |
			 (attributes & DOOR_REFUSE_DESC ? DOOR_F_REFUSE_DESC : 0);
	long h = hinge_door_create(trampoline, (uintptr_t)s, flags, &pool);
	if (h >= 0 && unref)
		r = hinge_door_notify((int)h, unref_notify, 1ull << i, 0);
	if (h >= 0 && r < 0) {
		hinge_door_revoke((int)h);
		hinge_handle_close((int)h);
	}
	if (h < 0 || r < 0) {
		slot_free(s);
		lock_give();
		return solaris_fail(h < 0 ? h : r);
	}
	s->handle = (int)h;
	lock_give();
	return (int)h;
}

/* This domain's slot of door handle d, or NULL. */
static struct slot *slot_of(int d, struct door_info *k)
{
	if (hinge_door_info(d, k) < 0)
		return NULL;
	uintptr_t c = (uintptr_t)k->cookie;
	uintptr_t base = (uintptr_t)slots;
	if (c < base || c >= base + sizeof slots || (c - base) % sizeof slots[0])
		return NULL;
	return (struct slot *)c;
}

int door_info(int d, door_info_t *info)
{
	struct door_info k;
	long r = hinge_door_info(d, &k);
	if (r < 0)
		return solaris_fail(r);
	struct slot *s = slot_of(d, &k);
	struct hinge_self me;
	hinge_self(&me);
	memset(info, 0, sizeof *info);
	info->di_target = k.server;
	info->di_proc = s ? (uintptr_t)s->proc : 0;
	info->di_data = s ? (uintptr_t)s->cookie : 0;
	info->di_attributes = (s ? s->attr : 0) | (k.flags & DOOR_F_UNREF ? DOOR_UNREF : 0) |
			      (k.flags & DOOR_F_UNREF_MULTI ? DOOR_UNREF_MULTI : 0) |
			      (k.flags & DOOR_F_REFUSE_DESC ? DOOR_REFUSE_DESC : 0) |
			      (k.server == me.domain ? DOOR_LOCAL : 0) | (k.state == 2 ? DOOR_REVOKED : 0) |
			      (k.unref ? DOOR_IS_UNREF : 0);
	return 0;
}

int door_revoke(int d)
{
	struct door_info k;
	lock_take();
	long r = hinge_door_revoke(d);
	if (r < 0) {
		lock_give();
		return solaris_fail(r);
	}
	struct slot *s = slot_of(d, &k);
	if (s && s->handle == d) {
		/* The slot is reused once no call runs in the door any more. */
		s->state = SLOT_DRAINING;
		slots_sweep();
	} else {
		hinge_handle_close(d);
	}
	lock_give();
	return 0;
}

int door_bind(int d)
{
	struct door_info k;
	if (hinge_door_info(d, &k) < 0)
		return solaris_fail_errno(EBADF);
	struct slot *s = slot_of(d, &k);
	if (!s || !(s->attr & DOOR_PRIVATE))
		return solaris_fail_errno(EINVAL);
	solaris_tls()->bound = d;
	return 0;
}

int door_unbind(void)
{
	struct solaris_tls *t = solaris_tls();
	if (t->bound < 0)
		return solaris_fail_errno(EBADF);
	t->bound = -1;
	return 0;
}

door_server_func_t *door_server_create(door_server_func_t *create_func)
{
	door_server_func_t *old = server_create_func;
	server_create_func = create_func;
	return old;
}

int door_getparam(int d, int param, size_t *out)
{
	register long a0 __asm__("a0") = d;
	register long a1 __asm__("a1") = param;
	register long a2 __asm__("a2") = DOOR_PARAM_GET;
	register long a3 __asm__("a3") = 0;
	register long a7 __asm__("a7") = SYS_DOOR_PARAM;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3)
			 : "r"(a7)
			 : "memory", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	if (a0 < 0)
		return solaris_fail(a0);
	*out = (size_t)a1;
	return 0;
}

int door_setparam(int d, int param, size_t val)
{
	long r = hinge_syscall(SYS_DOOR_PARAM, d, param, DOOR_PARAM_SET, (long)val);
	return r < 0 ? solaris_fail(r) : 0;
}

/* ---- Credentials ------------------------------------------------------- */

static ucred_t ucreds[UCREDS];

int door_ucred(ucred_t **info)
{
	struct door_cred c;
	long r = hinge_syscall(SYS_DOOR_UCRED, (long)&c, 0, 0, 0);
	if (r < 0)
		return solaris_fail(r);
	ucred_t *u = *info;
	for (int i = 0; !u && i < UCREDS; i++)
		if (!__atomic_exchange_n(&ucreds[i].in_use, 1, __ATOMIC_ACQUIRE))
			u = &ucreds[i];
	if (!u)
		return solaris_fail_errno(EAGAIN);
	u->caller = c.caller;
	u->caller_gen = c.caller_gen;
	u->origin = c.origin;
	u->origin_gen = c.origin_gen;
	u->in_use = 1;
	*info = u;
	return 0;
}

void ucred_free(ucred_t *uc)
{
	__atomic_store_n(&uc->in_use, 0, __ATOMIC_RELEASE);
}

pid_t ucred_getpid(const ucred_t *uc)
{
	return uc->caller;
}

uid_t ucred_geteuid(const ucred_t *uc)
{
	(void)uc;
	return 0;
}

gid_t ucred_getegid(const ucred_t *uc)
{
	(void)uc;
	return 0;
}

pid_t hinge_ucred_origin(const ucred_t *uc)
{
	return uc->origin;
}

unsigned hinge_ucred_gen(const ucred_t *uc)
{
	return uc->caller_gen;
}

int door_cred(door_cred_t *info)
{
	struct door_cred c;
	long r = hinge_syscall(SYS_DOOR_UCRED, (long)&c, 0, 0, 0);
	if (r < 0)
		return solaris_fail(r);
	memset(info, 0, sizeof *info);
	info->dc_pid = c.caller;
	return 0;
}
