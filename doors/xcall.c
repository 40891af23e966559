/* The bulk part of a door call, and the handles of its return
 * (doors/xcall.h). */
#include <hinge/errno.h>
#include "doors/xcall.h"
#include "doors/door.h"
#include "kern/domain.h"
#include "kern/handle.h"
#include "kern/hart.h"
#include "kern/vm.h"

/* Check the n descriptors desc of a transfer out of table from: every
 * handle transferable (handle_get's codes), flags known (HE_INVAL), then
 * room in table to (HE_NOSPACE; not checked when to is NULL). */
static int descs_check(const struct handle_table *from, const struct door_desc *desc, uint64_t n,
		       const struct handle_table *to)
{
	for (uint64_t i = 0; i < n; i++) {
		/* Any object type transfers: doors, notifications, memory. */
		struct handle any;
		int r = handle_get(from, desc[i].handle, H_XFER, &any);
		if (r < 0)
			return r;
		if (desc[i].flags & ~DOOR_DESC_MOVE)
			return HE_INVAL;
	}
	if (to && !handle_has_free(to, n))
		return HE_NOSPACE;
	return 0;
}

/* Install the n handles desc names in from into to (new numbers in out[]),
 * then close the moved ones in from. Moves close only once every
 * descriptor has been installed, so a handle named twice (moved and
 * copied) is valid for both. Cannot fail after descs_check. */
static void descs_move(struct handle_table *from, struct handle_table *to, const struct door_desc *desc, uint64_t n,
		       int32_t out[DOOR_MAX_DESC])
{
	for (uint64_t i = 0; i < n; i++) {
		const struct handle *src = &from->slot[desc[i].handle];
		out[i] = handle_install(to, src->type, src->obj, src->rights);
	}
	for (uint64_t i = 0; i < n; i++)
		if (desc[i].flags & DOOR_DESC_MOVE)
			handle_close(from, desc[i].handle);
}

int xcall_check(struct domain *d, int h, uint64_t xarg, struct xcall *xc)
{
	xc->xarg = xarg;
	if (copyin(domain_root(d), &xc->x, xarg, sizeof xc->x) < 0)
		return HE_FAULT;
	struct door *door;
	int r = handle_lookup(&d->handles, h, KOBJ_DOOR, H_CALL, (void **)&door);
	if (r < 0)
		return r;
	if (xc->x.desc_num && (door->flags & DOOR_F_REFUSE_DESC))
		return HE_NOTSUP;
	if (xc->x.desc_num > door->desc_max)
		return HE_TOOMANY;
	if (xc->x.data_size > door->data_max || xc->x.data_size < door->data_min)
		return HE_NOBUFS;
	if (xc->x.data_size > DOOR_MAX_DATA || xc->x.desc_num > DOOR_MAX_DESC ||
	    door_xarg_buf_used(xc->x.data_size, xc->x.desc_num) > door->pool.act[0]->buf_size)
		return HE_INVAL;
	if (user_range_check(&xc->data, domain_root(d), xc->x.data_ptr, xc->x.data_size, VM_R) < 0 ||
	    uaccess_check(domain_root(d), xc->x.rbuf, xc->x.rsize, VM_W) < 0 ||
	    copyin(domain_root(d), xc->desc, xc->x.desc_ptr, sizeof xc->desc[0] * xc->x.desc_num) < 0)
		return HE_FAULT;
	return descs_check(&d->handles, xc->desc, xc->x.desc_num, &door->server->handles);
}

uint64_t xcall_transfer(struct domain *caller, struct domain *server, struct activation *act,
			struct xcall *xc)
{
	copy_range_to_user(domain_root(server), act->buf, &xc->data);
	int32_t received[DOOR_MAX_DESC];
	descs_move(&caller->handles, &server->handles, xc->desc, xc->x.desc_num, received);
	/* The new numbers follow the data, all in one copy. */
	copyout(domain_root(server), act->buf + door_xarg_handles_at(xc->x.data_size), received,
		sizeof received[0] * xc->x.desc_num);
	return xc->x.data_size | (xc->x.desc_num << 32);
}

/* The caller registers that receive the handle numbers of a return. */
static const int handle_reg[DOOR_MAX_DESC] = { REG_T0, REG_T1, REG_T2, REG_T3 };

int xreturn_check(struct domain *server, const struct activation *act, uint64_t a6, struct domain *caller,
		  struct xreturn *xr)
{
	uint64_t bytes = (uint32_t)a6;
	xr->n = a6 >> 32;
	if (xr->n > DOOR_MAX_DESC ||
	    door_xarg_handles_at(bytes) + sizeof xr->desc[0] * xr->n > act->buf_size)
		return HE_INVAL;
	if (copyin(domain_root(server), xr->desc, act->buf + door_xarg_handles_at(bytes),
		   sizeof xr->desc[0] * xr->n) < 0)
		return HE_FAULT; /* the buffer is the server's since creation: not reached */
	return descs_check(&server->handles, xr->desc, xr->n, caller->state == DOM_LIVE ? &caller->handles : NULL);
}

void xreturn_transfer(struct domain *server, struct domain *caller, const struct xreturn *xr,
		      struct trapframe *c)
{
	if (caller->state != DOM_LIVE)
		return;
	int32_t received[DOOR_MAX_DESC];
	descs_move(&server->handles, &caller->handles, xr->desc, xr->n, received);
	for (uint64_t i = 0; i < xr->n; i++)
		c->regs[handle_reg[i]] = (uint64_t)received[i];
	c->regs[REG_A7] = xr->n;
}
