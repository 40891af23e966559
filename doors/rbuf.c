/* Result buffers mapped for callers (rules in doors/rbuf.h). */
#include <hinge/errno.h>
#include "doors/rbuf.h"
#include "kern/domain.h"
#include "kern/uaccess.h"
#include "kern/vm.h"

static uint64_t slot_va(int i)
{
	return RBUF_BASE + (uint64_t)i * RBUF_SIZE;
}

int rbuf_deliver(struct domain *caller, uint64_t xarg_va, struct door_xarg *x, struct domain *server,
		 uint64_t src, uint64_t rbytes, bool map)
{
	uint64_t *root = domain_root(caller);
	if (rbytes <= x->rsize || !map) {
		/* The rbuf was checked at the call; if the caller has since
		 * unmapped it, the results are dropped (its problem). */
		copy_user_to_user(root, x->rbuf, domain_root(server), src, rbytes < x->rsize ? rbytes : x->rsize);
		return 0;
	}
	int i = 0;
	while (i < RBUF_SLOTS && (caller->rbufs >> i & 1))
		i++;
	if (i == RBUF_SLOTS || vm_alloc_user(root, slot_va(i), RBUF_SIZE, VM_R | VM_W) < 0)
		return HE_OVERFLOW;
	x->rbuf = slot_va(i);
	x->rsize = RBUF_SIZE;
	if (copyout(root, xarg_va, x, sizeof *x) < 0) {
		domain_unmap(caller, slot_va(i), RBUF_SIZE);
		return HE_OVERFLOW;
	}
	copy_user_to_user(root, x->rbuf, domain_root(server), src, rbytes);
	caller->rbufs |= 1u << i;
	return 0;
}

int rbuf_free(struct domain *d, uint64_t va)
{
	uint64_t i = (va - RBUF_BASE) / RBUF_SIZE;
	if (va < RBUF_BASE || va != slot_va((int)i) || i >= RBUF_SLOTS || !(d->rbufs >> i & 1))
		return HE_INVAL;
	domain_unmap(d, va, RBUF_SIZE);
	d->rbufs &= ~(1u << i);
	return 0;
}
