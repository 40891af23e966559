/* Doors from user space: the out-of-line part of the register API and the
 * Solaris API built on it (door.h explains both and how they differ from
 * Solaris). */
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include "door.h"

void hinge_door_return_failed(long err)
{
	printf("door_return refused: error %ld\n", err);
	hinge_exit(err);
}

long hinge_name_wait(const char *name)
{
	long h;
	while ((h = hinge_name_lookup(name)) == HE_NOENT)
		hinge_sleep(1);
	return h;
}

/* ---- Solaris API ------------------------------------------------------------
 *
 * Each door made by door_create owns one slot: the server procedure, its
 * cookie, and DOOR_LIB_ACTS activations whose stacks and buffers are the
 * slot's rows of act_stack and act_buf. The door's kernel cookie is the
 * slot's address, so the trampoline finds the procedure without a search,
 * and door_return finds its activation from the stack pointer alone. */

struct lib_door {
	int used;                       /* claimed atomically: threads may create doors at once */
	door_server_proc_t *proc;
	void *cookie;
};

static struct lib_door lib_doors[DOOR_LIB_DOORS];
static char act_stack[DOOR_LIB_DOORS][DOOR_LIB_ACTS][DOOR_LIB_STACK] __attribute__((aligned(16)));
static char act_buf[DOOR_LIB_DOORS][DOOR_LIB_ACTS][DOOR_LIB_BUF] __attribute__((aligned(16)));

/* Every call of a door_create'd door enters here, on one of its slot's
 * activations. The handles received follow the data in buf, as int32 at the
 * next 8-byte boundary (hinge/door.h). */
static void door_trampoline(uint64_t cookie, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
			    uint64_t w5, char *buf, uint64_t info)
{
	(void)w1, (void)w2, (void)w3, (void)w4, (void)w5;
	struct lib_door *ld = (struct lib_door *)(uintptr_t)cookie;
	size_t size = DOOR_INFO_BYTES(info);
	unsigned n = DOOR_INFO_HANDLES(info);
	door_desc_t desc[DOOR_MAX_DESC];
	const int32_t *handles = (const int32_t *)(buf + door_xarg_handles_at(size));
	if (n > DOOR_MAX_DESC)
		n = DOOR_MAX_DESC;
	for (unsigned i = 0; i < n; i++) {
		desc[i].d_attributes = DOOR_DESCRIPTOR;
		desc[i].d_data.d_desc.d_descriptor = handles[i];
	}
	ld->proc(ld->cookie, buf, size, n ? desc : NULL, n);
	door_return(NULL, 0, NULL, 0);
	hinge_door_return_failed(HE_NOCALL);
}

int door_create(door_server_proc_t *server_procedure, void *cookie, unsigned attributes)
{
	if (attributes & ~DOOR_UNREF)
		return HE_INVAL;
	for (int i = 0; i < DOOR_LIB_DOORS; i++) {
		struct lib_door *ld = &lib_doors[i];
		int expected = 0;
		if (!__atomic_compare_exchange_n(&ld->used, &expected, 1, false, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			continue;
		ld->proc = server_procedure;
		ld->cookie = cookie;
		struct door_pool_desc pool = door_pool(act_stack[i], DOOR_LIB_STACK, act_buf[i], DOOR_LIB_BUF,
						       DOOR_LIB_ACTS);
		long h = hinge_door_create(door_trampoline, (uintptr_t)ld, attributes & DOOR_UNREF, &pool);
		if (h < 0)
			__atomic_store_n(&ld->used, 0, __ATOMIC_RELEASE);
		return (int)h;
	}
	return HE_NOMEM;
}

/* The buffer of the library activation whose stack the caller runs on, or
 * NULL when it runs on no library activation. */
static char *current_activation_buf(void)
{
	uintptr_t sp;
	__asm__ volatile("mv %0, sp" : "=r"(sp));
	uintptr_t base = (uintptr_t)act_stack;
	if (sp <= base || sp > base + sizeof act_stack)
		return NULL;
	size_t i = (sp - base - 1) / DOOR_LIB_STACK;  /* sp == top of stack i is still in stack i */
	return &act_buf[0][0][0] + i * DOOR_LIB_BUF;
}

int door_return(char *data_ptr, size_t data_size, door_desc_t *desc_ptr, unsigned num_desc)
{
	(void)desc_ptr;
	char *buf = current_activation_buf();
	if (!buf)
		return HE_NOCALL;
	if (num_desc != 0 || data_size > DOOR_LIB_BUF)
		return HE_INVAL;
	if (data_size && data_ptr != buf)
		memmove(buf, data_ptr, data_size);
	static const uint64_t none[DOOR_NWORDS];
	hinge_door_return(none, data_size);
}

int door_call(int d, door_arg_t *arg)
{
	door_arg_t none = { 0 };
	if (!arg)
		arg = &none;
	if (arg->desc_num > DOOR_MAX_DESC)
		return HE_INVAL;
	struct door_desc desc[DOOR_MAX_DESC];
	for (unsigned i = 0; i < arg->desc_num; i++) {
		desc[i].handle = arg->desc_ptr[i].d_data.d_desc.d_descriptor;
		desc[i].flags = (arg->desc_ptr[i].d_attributes & DOOR_RELEASE) ? DOOR_DESC_MOVE : 0;
	}
	struct door_xarg x = {
		.data_ptr = (uintptr_t)arg->data_ptr,
		.data_size = arg->data_size,
		.desc_ptr = (uintptr_t)desc,
		.desc_num = arg->desc_num,
		.rbuf = (uintptr_t)arg->rbuf,
		.rsize = arg->rsize,
	};
	uint64_t w[DOOR_NWORDS] = { 0, 0, 0, 0, (uintptr_t)&x };
	uint64_t produced;
	long err = hinge_door_call_bytes(d, w, NULL, DOOR_CALL_XARG, &produced);
	if (err < 0)
		return (int)err;
	arg->data_ptr = arg->rbuf;
	arg->data_size = produced < arg->rsize ? produced : arg->rsize;
	arg->desc_ptr = NULL;
	arg->desc_num = 0;
	return 0;
}

int door_info(int d, door_info_t *info)
{
	struct door_info k;
	long err = hinge_door_info(d, &k);
	if (err < 0)
		return (int)err;
	struct hinge_self me;
	hinge_self(&me);
	info->di_target = k.server;
	info->di_proc = 0;
	info->di_data = 0;
	info->di_attributes = (k.flags & DOOR_F_UNREF ? DOOR_UNREF : 0) |
			      (k.server == me.domain ? DOOR_LOCAL : 0) |
			      (k.state == 2 ? DOOR_REVOKED : 0) |
			      (k.unref ? DOOR_IS_UNREF : 0);
	/* The kernel reports the cookie only to the server; if it is one of our
	 * slots, the door is a door_create'd door of this domain. */
	uintptr_t c = (uintptr_t)k.cookie;
	if (c >= (uintptr_t)lib_doors && c < (uintptr_t)(lib_doors + DOOR_LIB_DOORS) &&
	    (c - (uintptr_t)lib_doors) % sizeof lib_doors[0] == 0) {
		const struct lib_door *ld = (const struct lib_door *)c;
		info->di_proc = (uintptr_t)ld->proc;
		info->di_data = (uintptr_t)ld->cookie;
	}
	return 0;
}

int door_revoke(int d)
{
	long err = hinge_door_revoke(d);
	if (err < 0)
		return (int)err;
	return (int)hinge_handle_close(d);
}
