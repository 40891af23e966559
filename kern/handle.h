/* Handle tables: how a domain names kernel objects.
 *
 * Each domain has one table of MAX_HANDLES slots. A handle is an index into
 * the caller's own table, so a domain can only reach objects it was given.
 * A slot holds the object's type, a pointer to it, and the rights of this
 * handle (H_* in hinge/handle.h). Every handle counts as one reference on its
 * object (door->nhandles, notify->nhandles, memobj->nhandles); closing the
 * handle drops it, which may free the object or make it unreferenced.
 *
 * Slot life cycle: KOBJ_NONE -- install/dup --> KOBJ_<type> -- close --> KOBJ_NONE
 * (gen + 1). A zeroed table is a valid empty table.
 *
 * gen counts how often the slot has been emptied. It lets a later ABI encode
 * the generation into handle values so a stale handle (closed, slot reused)
 * is refused instead of naming the new object; today handle values are plain
 * indices (doors/SEMANTICS.md). */
#ifndef DOORS_HANDLE_H
#define DOORS_HANDLE_H

#include <stdint.h>
#include <stdbool.h>
#include <hinge/handle.h>
#include <hinge/errno.h>
#include "kern/config.h"

/* Object types a handle may name: user space sees them as HOBJ_*
 * (SYS_HANDLE_INFO). */
enum kobj_type {
	KOBJ_NONE = 0,   /* empty slot */
	KOBJ_DOOR = HOBJ_DOOR,
	KOBJ_NOTIFY = HOBJ_NOTIFY, /* notification object (kern/notify.h) */
	KOBJ_MEM = HOBJ_MEM,       /* memory object (kern/memobj.h) */
	KOBJ_MUTEX = HOBJ_MUTEX,   /* kern/mutex.h */
	KOBJ_SEMA = HOBJ_SEMA,     /* kern/sema.h; the last type (handle_install) */
};

struct handle {
	enum kobj_type type;
	void *obj;
	uint32_t rights;  /* H_* */
	uint32_t gen;
};

struct handle_table {
	struct handle slot[MAX_HANDLES];
};

/* Put obj (a reference is taken) in the lowest free slot with the given
 * rights. Returns the handle (>= 0), HE_INVAL (type is not an object type,
 * obj is NULL, or rights has bits outside H_ALL), or HE_NOSPACE (table full;
 * no reference taken). */
int handle_install(struct handle_table *ht, enum kobj_type type, void *obj, uint32_t rights);

/* A handle argument taken from a register: any value that is not a slot
 * index (negative as an int, or wider than 32 bits) becomes -1, which every
 * lookup refuses with HE_BADHANDLE, instead of being truncated onto a slot. */
static inline int handle_from_reg(uint64_t reg)
{
	return reg < MAX_HANDLES ? (int)reg : -1;
}

/* Resolve h, which must name an object of `type` with every right in
 * need_rights. Returns 0 and *obj, HE_BADHANDLE (h out of range, slot empty,
 * or another type), or HE_PERM (a right is missing). */
static inline int handle_lookup(const struct handle_table *ht, int h, enum kobj_type type,
				uint32_t need_rights, void **obj)
{
	/* Inline: it is the first step of every door call. */
	if ((unsigned)h >= MAX_HANDLES)
		return HE_BADHANDLE;
	const struct handle *s = &ht->slot[(unsigned)h];
	if (s->type != type || type == KOBJ_NONE)
		return HE_BADHANDLE;
	if ((s->rights & need_rights) != need_rights)
		return HE_PERM;
	*obj = s->obj;
	return 0;
}

/* Resolve h whatever type of object it names (handle transfer): 0 and *out
 * (a copy of the slot), HE_BADHANDLE (out of range or empty), or HE_PERM
 * (a right of need_rights is missing). */
int handle_get(const struct handle_table *ht, int h, uint32_t need_rights, struct handle *out);

/* Empty slot h and drop its reference. Returns 0 or HE_BADHANDLE. */
int handle_close(struct handle_table *ht, int h);

/* Copy h into the lowest free slot with rights (h's rights & rights_mask):
 * rights only shrink. Returns the new handle, or, checked in this order
 * (the argument first, as SYS_HANDLE_DUP): HE_INVAL (rights_mask has bits
 * outside H_ALL), HE_BADHANDLE, HE_PERM (h lacks H_DUP), HE_NOSPACE. */
int handle_dup(struct handle_table *ht, int h, uint32_t rights_mask);

/* Close every handle (the domain is dying). */
void handle_table_close_all(struct handle_table *ht);

/* Slots in use (leak checks). */
int handle_count(const struct handle_table *ht);
/* Whether ht has at least n empty slots. Searched from the top, where they
 * usually are (handles go to the lowest free slot), and only until n are
 * found: no scan at all for a call that passes no handle. */
bool handle_has_free(const struct handle_table *ht, uint64_t n);

#endif
