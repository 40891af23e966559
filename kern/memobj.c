/* Memory objects and their mappings (rules in memobj.h). */
#include <hinge/errno.h>
#include "memobj.h"
#include "palloc.h"
#include "vm.h"

_Static_assert(MEM_PAGE_SIZE == PAGE_SIZE, "the ABI's page is the kernel's");

/* One address space's mapping of an object; obj == NULL: free record. */
struct mem_mapping {
	struct memobj *obj;
	uint64_t *root;
	uintptr_t va;
};

static struct memobj memobjs[MAX_MEMOBJS];
static struct mem_mapping mappings[MAX_MEM_MAPPINGS];

static void free_pages(struct memobj *m)
{
	for (uint32_t i = 0; i < m->npages; i++)
		palloc_free(m->page[i]);
	m->npages = 0;
}

int memobj_alloc(uint64_t npages, struct memobj **out)
{
	if (npages == 0 || npages > MEM_MAX_PAGES)
		return HE_INVAL;
	struct memobj *m = NULL;
	for (int i = 0; i < MAX_MEMOBJS && !m; i++)
		if (memobjs[i].state == MEMOBJ_FREE)
			m = &memobjs[i];
	if (!m || FAILALLOC())
		return HE_NOMEM;
	m->npages = 0;
	while (m->npages < npages) {
		void *pg = palloc_page(); /* zeroed */
		if (!pg) {
			free_pages(m);
			return HE_NOMEM;
		}
		m->page[m->npages++] = pg;
	}
	m->state = MEMOBJ_LIVE;
	m->nhandles = 0;
	m->nmaps = 0;
	*out = m;
	return 0;
}

void memobj_settle(struct memobj *m)
{
	if (m->nhandles > 0 || m->nmaps > 0)
		return;
	free_pages(m);
	m->state = MEMOBJ_FREE;
}

void memobj_ref(struct memobj *m)
{
	m->nhandles++;
}

void memobj_unref_handle(struct memobj *m)
{
	m->nhandles--;
	memobj_settle(m);
}

/* Whether any page of [va, va + len) is mapped in root. */
static bool range_in_use(uint64_t *root, uintptr_t va, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *pte = vm_walk(root, va + off, false);
		if (pte && (*pte & PTE_V))
			return true;
	}
	return false;
}

int memobj_map(struct memobj *m, uint64_t *root, uintptr_t va, int perm)
{
	if (perm != VM_R && perm != (VM_R | VM_W))
		return HE_INVAL;
	size_t len = (size_t)m->npages * PAGE_SIZE;
	if (va % PAGE_SIZE || va < USER_BASE || va >= USER_TOP || len > USER_TOP - va)
		return HE_INVAL;
	if (range_in_use(root, va, len))
		return HE_INVAL;
	struct mem_mapping *rec = NULL;
	for (int i = 0; i < MAX_MEM_MAPPINGS && !rec; i++)
		if (!mappings[i].obj)
			rec = &mappings[i];
	if (!rec)
		return HE_NOMEM;
	/* The pages are not contiguous: one vm_map each. Only a page table can
	 * be missing (the range was checked free), and then the pages mapped
	 * so far are unmapped again: borrowed, so vm_unmap keeps them. */
	for (uint32_t i = 0; i < m->npages; i++) {
		int r = vm_map(root, va + i * PAGE_SIZE, (uintptr_t)m->page[i], PAGE_SIZE, perm | VM_U);
		if (r < 0) {
			if (i > 0)
				vm_unmap(root, va, i * PAGE_SIZE);
			return r;
		}
	}
	rec->obj = m;
	rec->root = root;
	rec->va = va;
	m->nmaps++;
	return 0;
}

void memobj_unmap_all(uint64_t *root)
{
	for (int i = 0; i < MAX_MEM_MAPPINGS; i++) {
		struct mem_mapping *rec = &mappings[i];
		if (!rec->obj || rec->root != root)
			continue;
		struct memobj *m = rec->obj;
		rec->obj = NULL;
		rec->root = NULL;
		m->nmaps--;
		memobj_settle(m);
	}
}

int memobj_live_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_MEMOBJS; i++)
		if (memobjs[i].state != MEMOBJ_FREE)
			n++;
	return n;
}

size_t memobj_page_count(void)
{
	size_t n = 0;
	for (int i = 0; i < MAX_MEMOBJS; i++)
		if (memobjs[i].state != MEMOBJ_FREE)
			n += memobjs[i].npages;
	return n;
}

int memobj_mapping_count(void)
{
	int n = 0;
	for (int i = 0; i < MAX_MEM_MAPPINGS; i++)
		if (mappings[i].obj)
			n++;
	return n;
}
