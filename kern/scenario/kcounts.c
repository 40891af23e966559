/* Gathers the live-object counts of every kernel pool. */
#include "kcounts.h"
#include "kern/domain.h"
#include "kern/thread.h"
#include "kern/schedctx.h"
#include "kern/palloc.h"
#include "kern/notify.h"
#include "kern/memobj.h"
#include "kern/mutex.h"
#include "kern/sema.h"
#include "doors/door.h"
#include "doors/activation.h"

void kcounts(struct hinge_counts *c)
{
	c->domains = (uint32_t)domain_live_count();
	c->threads = (uint32_t)thread_live_count();
	c->schedctx = (uint32_t)sc_live_count();
	c->doors = (uint32_t)door_live_count();
	c->activations_busy = (uint32_t)act_busy_count();
	c->handles = (uint32_t)domain_handle_count();
	c->pages_used = palloc_used_count();
	c->notifies = (uint32_t)notify_live_count();
	c->memobjs = (uint32_t)memobj_live_count();
	c->mem_pages = memobj_page_count();
	c->mutexes = (uint32_t)mutex_live_count();
	c->domain_slots = (uint32_t)domain_slot_count();
	c->semas = (uint32_t)sema_live_count();
	c->rbufs = (uint32_t)domain_rbuf_count();
}
