/* Memory objects: zeroed physical pages that several address spaces map at
 * once (shared memory for the "async" IPC model: rings in shared memory,
 * signalled through notifications, kern/notify.h).
 *
 * An object owns its pages (1..MEM_MAX_PAGES of them, hinge/sync.h), taken
 * from palloc at creation. A mapping only borrows them: memobj_map maps them
 * without VM_OWN, so vm_unmap and vm_destroy (vm.h: only PTE_OWN leaves are
 * freed) never free them. Each mapping is a record in a fixed system-wide
 * table (MAX_MEM_MAPPINGS) naming object, address space and address; the
 * object counts its handles (nhandles) and mappings (nmaps) and frees its
 * pages when both are zero. An address space's mappings end when it is
 * destroyed: whoever destroys it calls memobj_unmap_all first (a domain: when
 * its last thread is reaped, kern/domain.c). There is no unmap call yet.
 *
 * Life cycle (state field):
 *   MEMOBJ_FREE -- memobj_alloc --> MEMOBJ_LIVE (no handle yet: install one or
 *                                   memobj_settle frees it)
 *   MEMOBJ_LIVE -- memobj_settle, once nhandles == 0 and nmaps == 0 -->
 *                  MEMOBJ_FREE (pages back to palloc) */
#ifndef KERN_MEMOBJ_H
#define KERN_MEMOBJ_H

#include <stdint.h>
#include <stddef.h>
#include <hinge/sync.h>
#include "config.h"

enum memobj_state { MEMOBJ_FREE = 0, MEMOBJ_LIVE };

struct memobj {
	enum memobj_state state;
	uint32_t npages;
	int nhandles;             /* handles naming it, in all tables */
	int nmaps;                /* mapping records naming it */
	void *page[MEM_MAX_PAGES];/* page[i] is mapped at mapping address + i pages */
};

/* A new object of npages zeroed pages, no handle yet. 0 and *out; HE_INVAL
 * (npages 0 or above MEM_MAX_PAGES); HE_NOMEM (object pool or pages
 * exhausted; nothing stays allocated). */
int memobj_alloc(uint64_t npages, struct memobj **out);

/* A handle to m was created / closed (the close may free it). */
void memobj_ref(struct memobj *m);
void memobj_unref_handle(struct memobj *m);

/* Free m if no handle and no mapping refers to it. */
void memobj_settle(struct memobj *m);

/* Map all of m's pages at [va, va + npages pages) of domain d's address
 * space, readable (VM_R) or read-write (VM_R | VM_W). 0, or HE_INVAL (va not
 * page-aligned, the range not inside [USER_BASE, USER_TOP), a page of it
 * already mapped, perm not one of those two), HE_NOMEM (mapping table full,
 * or no page for a page table). All or nothing. */
struct domain;
int memobj_map(struct memobj *m, struct domain *d, uintptr_t va, int perm);

/* The address space root is about to be destroyed: drop every mapping
 * record of it (objects left without handles and mappings are freed). The
 * page-table entries are left for vm_destroy, which frees the tables but
 * not the borrowed pages. */
void memobj_unmap_all(uint64_t *root);

/* Leak checks: objects not MEMOBJ_FREE, and the pages they hold. */
int memobj_live_count(void);
size_t memobj_page_count(void);
/* Mapping records in use. */
int memobj_mapping_count(void);

#endif
