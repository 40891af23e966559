/* Sv39 page tables; see vm.h for the address-space layout, ownership rules
 * and the TLB contract. */
#include <string.h>
#include <hinge/errno.h>
#include "config.h"
#include "palloc.h"
#include "vm.h"

#define PTES_PER_TABLE 512
/* First root slot of the kernel part: user and kernel never share a slot. */
#define KERNEL_SLOT0   (USER_TOP / GIGAPAGE_SIZE)
/* Sv39 PPNs are 44 bits: physical addresses from here on fit no PTE. */
#define PA_LIMIT       (1UL << 56)

_Static_assert(USER_TOP % GIGAPAGE_SIZE == 0, "user and kernel parts must not share a root slot");
_Static_assert(USER_BASE >= PAGE_SIZE && USER_BASE % PAGE_SIZE == 0, "page 0 stays unmapped");
_Static_assert(USER_TOP <= SV39_VA_LIMIT, "user part must be canonical Sv39");

/* The two parts of an address space (vm.h). */
enum vm_part { PART_NONE, PART_USER, PART_KERNEL };

static uint64_t *kernel_root;

static size_t vpn(uintptr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) % PTES_PER_TABLE;
}

static size_t level_size(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * level);
}

static uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)PTE_PA(pte);
}

/* The part [va, va+len) lies in wholly, or PART_NONE (len 0 included). */
static enum vm_part range_part(uintptr_t va, size_t len)
{
	if (len == 0 || len > SV39_VA_LIMIT || va >= SV39_VA_LIMIT)
		return PART_NONE;
	uintptr_t end = va + len;  /* cannot overflow: both <= 2^38 */
	if (va >= USER_BASE && end <= USER_TOP)
		return PART_USER;
	if (va >= USER_TOP && end <= SV39_VA_LIMIT)
		return PART_KERNEL;
	return PART_NONE;
}

/* The part a root may change: the kernel root its kernel part, every
 * other root its user part (its kernel slots point to shared tables). */
static enum vm_part owned_part(const uint64_t *root)
{
	return root == kernel_root ? PART_KERNEL : PART_USER;
}

/* Descend from root towards the PTE of va at `level` (0: 4 KiB leaf,
 * 1: megapage leaf). Returns that PTE, or a leaf met higher up (valid, so
 * a caller that wants a free slot at `level` refuses it as it refuses any
 * valid PTE). With alloc, missing tables are created. NULL when a table is
 * missing (alloc false) or no page is free. */
static uint64_t *walk(uint64_t *root, uintptr_t va, int level, bool alloc)
{
	uint64_t *table = root;

	for (int l = SV39_LEVELS - 1; l > level; l--) {
		uint64_t *pte = &table[vpn(va, l)];
		if (*pte & PTE_V) {
			if (PTE_IS_LEAF(*pte))
				return pte;
			table = pte_table(*pte);
			continue;
		}
		if (!alloc)
			return NULL;
		uint64_t *next = palloc_page();
		if (next == NULL)
			return NULL;
		*pte = PA_TO_PTE(next) | PTE_V;
		table = next;
	}
	return &table[vpn(va, level)];
}

static bool table_empty(const uint64_t *table)
{
	for (size_t i = 0; i < PTES_PER_TABLE; i++)
		if (table[i] & PTE_V)
			return false;
	return true;
}

/* What range_walk does over a range: RANGE_CHECK only looks for a
 * megapage or gigapage (vm_unmap would have to split it: HE_INVAL);
 * RANGE_CLEAR clears the 4 KiB leaves, freeing owned pages, and then prunes;
 * RANGE_PRUNE frees the tables left with no valid entry. Level-1 tables
 * hanging off kernel slots are shared by every address space (their root
 * entries were copied), so they are never freed. */
enum range_op { RANGE_CHECK, RANGE_CLEAR, RANGE_PRUNE };

/* Apply op to the entries of table (at level) that [va, end) touches, and
 * below them; missing tables are skipped span by span. */
static int range_walk(uint64_t *table, int level, uintptr_t va, uintptr_t end, enum range_op op)
{
	for (uintptr_t a = va, span_end; a < end; a = span_end) {
		uint64_t *pte = &table[vpn(a, level)];
		span_end = (a | (level_size(level) - 1)) + 1;
		if (!(*pte & PTE_V))
			continue;
		if (level == 0) {
			if (op == RANGE_CLEAR && (*pte & PTE_OWN))
				palloc_free((void *)(uintptr_t)PTE_PA(*pte));
			if (op == RANGE_CLEAR)
				*pte = 0;
		} else if (PTE_IS_LEAF(*pte)) {
			if (op == RANGE_CHECK)
				return HE_INVAL;
		} else {
			uint64_t *next = pte_table(*pte);
			if (range_walk(next, level - 1, a, end < span_end ? end : span_end, op) != HE_OK)
				return HE_INVAL;
			if (op != RANGE_CHECK && table_empty(next) && !(level == 2 && vpn(a, 2) >= KERNEL_SLOT0)) {
				*pte = 0;
				palloc_free(next);
			}
		}
	}
	return HE_OK;
}

/* Map [va, va+len) to [pa, pa+len) with leaves of `level`, leaf bits `bits`.
 * Arguments are already validated. All or nothing: the first pass creates
 * every table the range needs and checks that nothing is mapped yet, so the
 * second pass, which writes the leaves, cannot fail. */
static int map_pages(uint64_t *root, uintptr_t va, uintptr_t pa, size_t len, int level, uint64_t bits)
{
	size_t step = level_size(level);

	for (size_t off = 0; off < len; off += step) {
		uint64_t *pte = walk(root, va + off, level, true);
		int err = pte == NULL ? HE_NOMEM : (*pte & PTE_V) ? HE_INVAL : HE_OK;
		if (err != HE_OK) {
			range_walk(root, SV39_LEVELS - 1, va, va + len, RANGE_PRUNE);
			return err;
		}
	}
	for (size_t off = 0; off < len; off += step) {
		uint64_t *pte = walk(root, va + off, level, false);
		*pte = PA_TO_PTE(pa + off) | bits | PTE_V | PTE_A | PTE_D;
	}
	return HE_OK;
}

/* Free a table and everything below it that the address space owns:
 * lower tables and leaves marked PTE_OWN. */
static void free_table(uint64_t *table, int level)
{
	for (size_t i = 0; i < PTES_PER_TABLE; i++) {
		uint64_t pte = table[i];
		if (!(pte & PTE_V))
			continue;
		if (!PTE_IS_LEAF(pte) && level > 0)
			free_table(pte_table(pte), level - 1);
		else if (pte & PTE_OWN)
			palloc_free((void *)(uintptr_t)PTE_PA(pte));
	}
	palloc_free(table);
}

/* Map one region of the kernel identity map: megapages where va is 2 MiB
 * aligned and a whole megapage fits (when allowed), 4 KiB pages elsewhere. */
static int map_kernel_region(uint64_t *root, uintptr_t start, uintptr_t end, uint64_t bits, bool mega)
{
	uintptr_t va = start;

	while (va < end) {
		int level = mega && va % MEGAPAGE_SIZE == 0 && end - va >= MEGAPAGE_SIZE;
		int err = map_pages(root, va, va, level_size(level), level, bits);
		if (err != HE_OK)
			return err;
		va += level_size(level);
	}
	return HE_OK;
}

int vm_kernel_init(uintptr_t ram_start, uintptr_t ram_end, const struct kernel_sections *ks)
{
	kernel_root = NULL;
	if (ks == NULL)
		return HE_INVAL;
	uintptr_t bounds[] = { ram_start, ks->text_start, ks->text_end, ks->rodata_end, ks->kernel_end, ram_end };
	for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
		if (bounds[i] % PAGE_SIZE != 0)
			return HE_INVAL;
		if (i > 0 && bounds[i] < bounds[i - 1])
			return HE_INVAL;
	}
	if (ram_start < USER_TOP || ram_end > SV39_VA_LIMIT || ks->text_start == ks->text_end)
		return HE_INVAL;

	uint64_t *root = palloc_page();
	if (root == NULL)
		return HE_NOMEM;

	const uint64_t rw = PTE_R | PTE_W | PTE_G;
	const struct {
		uintptr_t start, end;
		uint64_t bits;
		bool mega;
	} regions[] = {
		{ ram_start, ks->text_start, rw, true },                     /* below the image (firmware) */
		{ ks->text_start, ks->text_end, PTE_R | PTE_X | PTE_G, false },
		{ ks->text_end, ks->rodata_end, PTE_R | PTE_G, false },
		{ ks->rodata_end, ks->kernel_end, rw, false },                /* data, bss */
		{ ks->kernel_end, ram_end, rw, true },                        /* free RAM */
	};
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		int err = map_kernel_region(root, regions[i].start, regions[i].end, regions[i].bits, regions[i].mega);
		if (err != HE_OK) {
			free_table(root, SV39_LEVELS - 1);
			return err;
		}
	}
	kernel_root = root;
	return HE_OK;
}

uint64_t *vm_kernel_root(void)
{
	return kernel_root;
}

uint64_t *vm_create(void)
{
	uint64_t *root = palloc_page();

	if (root != NULL && kernel_root != NULL)
		memcpy(&root[KERNEL_SLOT0], &kernel_root[KERNEL_SLOT0],
		       (PTES_PER_TABLE - KERNEL_SLOT0) * sizeof root[0]);
	return root;
}

/* Validate a mapping request and compute its leaf bits; HE_INVAL when the
 * range, alignment or permissions do not fit the root (vm.h, vm_map). */
static int check_map(const uint64_t *root, uintptr_t va, uintptr_t pa, size_t len, int perm, uint64_t *bits)
{
	const int rwx = VM_R | VM_W | VM_X;

	if (root == NULL || va % PAGE_SIZE != 0 || pa % PAGE_SIZE != 0 || len % PAGE_SIZE != 0)
		return HE_INVAL;
	if (pa >= PA_LIMIT || len > PA_LIMIT - pa)
		return HE_INVAL;
	if ((perm & ~(rwx | VM_U | VM_OWN)) != 0 || (perm & rwx) == 0)
		return HE_INVAL;
	if ((perm & VM_W) && (!(perm & VM_R) || (perm & VM_X)))
		return HE_INVAL;
	enum vm_part part = range_part(va, len);
	if (part != owned_part(root))
		return HE_INVAL;
	if ((part == PART_USER) != ((perm & VM_U) != 0))
		return HE_INVAL;
	if ((perm & VM_OWN) && !(perm & VM_U))
		return HE_INVAL;

	*bits = (uint64_t)(perm & (rwx | VM_U)) << 1 | (perm & VM_U ? 0 : PTE_G) | (perm & VM_OWN ? PTE_OWN : 0);
	return HE_OK;
}

int vm_map(uint64_t *root, uintptr_t va, uintptr_t pa, size_t len, int perm)
{
	uint64_t bits;
	int err = check_map(root, va, pa, len, perm, &bits);

	if (err != HE_OK)
		return err;
	return map_pages(root, va, pa, len, 0, bits);
}

int vm_unmap(uint64_t *root, uintptr_t va, size_t len)
{
	if (root == NULL || va % PAGE_SIZE != 0 || len % PAGE_SIZE != 0)
		return HE_INVAL;
	if (range_part(va, len) != owned_part(root))
		return HE_INVAL;
	if (range_walk(root, SV39_LEVELS - 1, va, va + len, RANGE_CHECK) != HE_OK)
		return HE_INVAL;
	return range_walk(root, SV39_LEVELS - 1, va, va + len, RANGE_CLEAR);
}

uint64_t *vm_walk(uint64_t *root, uintptr_t va, bool alloc)
{
	if (root == NULL || va >= SV39_VA_LIMIT)
		return NULL;
	if (alloc && range_part(va, 1) != owned_part(root))
		return NULL;
	return walk(root, va, 0, alloc);
}

/* On every page of every user copy: its own descent, without walk()'s
 * table allocation, and every permission tested at once. */
int vm_translate(uint64_t *root, uintptr_t va, int need_perm, uintptr_t *pa_out)
{
	if (root == NULL || va < USER_BASE || va >= USER_TOP || (need_perm & ~(VM_R | VM_W | VM_X)) != 0)
		return HE_FAULT;
	const uint64_t need = PTE_V | (uint64_t)(need_perm | VM_U) << 1;
	const uint64_t *table = root;
	for (int l = SV39_LEVELS - 1; l >= 0; l--) {
		uint64_t pte = table[vpn(va, l)];
		if (!(pte & PTE_V))
			return HE_FAULT;
		if (PTE_IS_LEAF(pte)) {
			if ((pte & need) != need)
				return HE_FAULT;
			*pa_out = PTE_PA(pte) + (va & (level_size(l) - 1));
			return HE_OK;
		}
		table = pte_table(pte);
	}
	return HE_FAULT; /* a pointer at level 0: no leaf */
}

int vm_alloc_user(uint64_t *root, uintptr_t va, size_t len, int perm)
{
	uint64_t bits;
	int err = check_map(root, va, 0, len, perm | VM_U | VM_OWN, &bits);

	if (err != HE_OK)
		return err;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		void *pg = palloc_page();
		err = pg == NULL ? HE_NOMEM : map_pages(root, va + off, (uintptr_t)pg, PAGE_SIZE, 0, bits);
		if (err != HE_OK) {
			if (pg != NULL)
				palloc_free(pg);
			if (off > 0)
				vm_unmap(root, va, off);
			return err;
		}
	}
	return HE_OK;
}

void vm_destroy(uint64_t *root)
{
	if (root == NULL || root == kernel_root)
		return;
	for (size_t i = 0; i < KERNEL_SLOT0; i++) {
		uint64_t pte = root[i];
		if ((pte & PTE_V) && !PTE_IS_LEAF(pte))
			free_table(pte_table(pte), SV39_LEVELS - 2);
	}
	palloc_free(root);
}
