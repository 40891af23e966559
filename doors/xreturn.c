/* Handles returned with a door return (doors/xreturn.h). */
#include <hinge/errno.h>
#include "doors/xreturn.h"
#include "doors/activation.h"
#include "kern/domain.h"
#include "kern/handle.h"
#include "kern/uaccess.h"
#include "kern/hart.h"

/* The caller registers that receive the handle numbers. */
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
	for (uint64_t i = 0; i < xr->n; i++) {
		struct handle any;
		int r = handle_get(&server->handles, xr->desc[i].handle, H_XFER, &any);
		if (r < 0)
			return r;
		if (xr->desc[i].flags & ~DOOR_DESC_MOVE)
			return HE_INVAL;
	}
	if (caller->state == DOM_LIVE && !handle_has_free(&caller->handles, xr->n))
		return HE_NOSPACE;
	return 0;
}

void xreturn_transfer(struct domain *server, struct domain *caller, const struct xreturn *xr,
		      struct trapframe *c)
{
	if (caller->state != DOM_LIVE)
		return;
	for (uint64_t i = 0; i < xr->n; i++) {
		const struct handle *src = &server->handles.slot[xr->desc[i].handle];
		c->regs[handle_reg[i]] = (uint64_t)handle_install(&caller->handles, src->type, src->obj, src->rights);
	}
	/* Moves close only once every handle is installed, as in a call. */
	for (uint64_t i = 0; i < xr->n; i++)
		if (xr->desc[i].flags & DOOR_DESC_MOVE)
			handle_close(&server->handles, xr->desc[i].handle);
	c->regs[REG_A7] = xr->n;
}
