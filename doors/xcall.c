/* The bulk part of a door call (doors/xcall.h). */
#include <hinge/errno.h>
#include "doors/xcall.h"
#include "doors/door.h"
#include "kern/domain.h"
#include "kern/handle.h"
#include "kern/vm.h"

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
	for (uint64_t i = 0; i < xc->x.desc_num; i++) {
		/* Any object type transfers: doors, notifications, memory. */
		struct handle any;
		r = handle_get(&d->handles, xc->desc[i].handle, H_XFER, &any);
		if (r < 0)
			return r;
		if (xc->desc[i].flags & ~DOOR_DESC_MOVE)
			return HE_INVAL;
	}
	if (!handle_has_free(&door->server->handles, xc->x.desc_num))
		return HE_NOSPACE;
	return 0;
}

uint64_t xcall_transfer(struct domain *caller, struct domain *server, struct activation *act,
			struct xcall *xc)
{
	copy_range_to_user(domain_root(server), act->buf, &xc->data);
	int32_t received[DOOR_MAX_DESC];
	for (uint64_t i = 0; i < xc->x.desc_num; i++) {
		struct handle *src = &caller->handles.slot[xc->desc[i].handle];
		received[i] = handle_install(&server->handles, src->type, src->obj, src->rights);
	}
	/* The new numbers follow the data, all in one copy. */
	copyout(domain_root(server), act->buf + door_xarg_handles_at(xc->x.data_size), received,
		sizeof received[0] * xc->x.desc_num);
	/* Moves close the caller's handles only once every descriptor has been
	 * installed, so a handle named twice (moved and copied) is valid for
	 * both. */
	for (uint64_t i = 0; i < xc->x.desc_num; i++)
		if (xc->desc[i].flags & DOOR_DESC_MOVE)
			handle_close(&caller->handles, xc->desc[i].handle);
	return xc->x.data_size | (xc->x.desc_num << 32);
}
