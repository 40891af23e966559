/* Result buffers the kernel maps for a caller (DOOR_CALL_RBUF, hinge/door.h;
 * doors/SEMANTICS.md §17): results larger than the rbuf a bulk call gave go
 * into a fresh buffer mapped in the caller, as illumos's door_call does.
 *
 * Each domain has RBUF_SLOTS slots of RBUF_SIZE bytes at fixed addresses
 * [RBUF_BASE, RBUF_BASE + RBUF_SLOTS * RBUF_SIZE) of its address space, the
 * used ones in domain->rbufs (bit i: slot i mapped). A slot's pages are the
 * address space's own (vm_alloc_user): SYS_DOOR_RBUF_FREE unmaps and frees
 * them, and so does the address space's destruction when the domain dies
 * (domain_reclaim clears rbufs then; domain_rbuf_count counts the slots in
 * use for SYS_KCOUNTS). Every result fits a slot: at most
 * DOOR_MAX_DATA bytes, and room after them for the caller's own use (the
 * illumos layer puts the returned descriptors there).
 *
 * Slot life cycle: free -- rbuf_deliver --> mapped -- rbuf_free / the
 * domain's address space destroyed --> free. */
#ifndef DOORS_RBUF_H
#define DOORS_RBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <hinge/door.h>

struct domain;

_Static_assert(RBUF_SIZE > DOOR_MAX_DATA && RBUF_SIZE % 4096 == 0, "a slot holds the largest result");

/* Deliver rbytes result bytes at server address src to the caller, whose
 * struct door_xarg x was read from xarg_va at the call: into x->rbuf when
 * they fit in x->rsize or when !map (then only the first x->rsize bytes);
 * else into a free slot, mapped read-write, with x->rbuf and x->rsize
 * rewritten in the caller's xarg to name it. Returns 0, or HE_OVERFLOW when
 * no slot could be delivered (every slot in use, no page free, or the xarg
 * no longer writable): nothing is then mapped and no byte delivered. */
int rbuf_deliver(struct domain *caller, uint64_t xarg_va, struct door_xarg *x, struct domain *server,
		 uint64_t src, uint64_t rbytes, bool map);

/* Unmap d's slot at va and free its pages. HE_INVAL if va is not the start
 * of a slot of d in use. */
int rbuf_free(struct domain *d, uint64_t va);

#endif
