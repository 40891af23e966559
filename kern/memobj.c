/* Memory objects and their mappings (rules in memobj.h). */
#include <hinge/errno.h>
#include "memobj.h"
#include "palloc.h"
#include "vm.h"
#include "domain.h"

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

int memobj_map(struct memobj *m, struct domain *d, uintptr_t va, int perm)
{
	uint64_t *root = domain_root(d);
	if (perm != VM_R && perm != (VM_R | VM_W))
		return HE_INVAL;
	/* The pages are not contiguous: one vm_map each. vm_map refuses a page
	 * that is unaligned, outside the user part or already mapped
	 * (HE_INVAL) and may find no page for a table (HE_NOMEM); the pages
	 * mapped before are then unmapped again (borrowed: vm_unmap keeps
	 * them), and so they are when no mapping record is free: from every
	 * TLB too, as d's threads may have touched them meanwhile on other
	 * harts (domain_unmap). */
	uint32_t mapped = 0;
	int r = 0;
	while (mapped < m->npages &&
	       (r = vm_map(root, va + mapped * PAGE_SIZE, (uintptr_t)m->page[mapped], PAGE_SIZE, perm | VM_U)) == 0)
		mapped++;
	struct mem_mapping *rec = NULL;
	for (int i = 0; i < MAX_MEM_MAPPINGS && !rec && r == 0; i++)
		if (!mappings[i].obj)
			rec = &mappings[i];
	if (!rec) {
		if (mapped > 0)
			domain_unmap(d, va, mapped * PAGE_SIZE);
		return r < 0 ? r : HE_NOMEM;
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
