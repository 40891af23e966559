/* Handle tables (rules in kern/handle.h and doors/SEMANTICS.md). */
#include <stddef.h>
#include <stdbool.h>
#include <hinge/errno.h>
#include "kern/handle.h"
#include "kern/ipc.h"
#include "kern/notify.h"
#include "kern/memobj.h"
#include "kern/mutex.h"
#include "kern/sema.h"
#include "kern/smp.h"

/* What a handle does to its object: take a reference when installed, drop
 * it when closed. */
enum ref_op { REF_TAKE, REF_DROP };

static void kobj_ref(enum kobj_type type, void *obj, enum ref_op op)
{
	switch (type) {
	case KOBJ_DOOR:
		op == REF_TAKE ? door_ref(obj) : door_unref_handle(obj);
		break;
	case KOBJ_NOTIFY:
		op == REF_TAKE ? notify_ref(obj) : notify_unref_handle(obj);
		break;
	case KOBJ_MEM:
		op == REF_TAKE ? memobj_ref(obj) : memobj_unref_handle(obj);
		break;
	case KOBJ_MUTEX:
		op == REF_TAKE ? mutex_ref(obj) : mutex_unref_handle(obj);
		break;
	case KOBJ_SEMA:
		op == REF_TAKE ? sema_ref(obj) : sema_unref_handle(obj);
		break;
	case KOBJ_NONE:
		break;
	}
}

int handle_install(struct handle_table *ht, enum kobj_type type, void *obj, uint32_t rights)
{
	if (type <= KOBJ_NONE || type > KOBJ_SEMA || !obj || (rights & ~H_ALL))
		return HE_INVAL;
	if (FAILALLOC())
		return HE_NOSPACE;
	for (int i = 0; i < MAX_HANDLES; i++) {
		struct handle *s = &ht->slot[i];
		if (s->type != KOBJ_NONE)
			continue;
		*s = (struct handle){ .type = type, .obj = obj, .rights = rights, .gen = s->gen };
		kobj_ref(type, obj, REF_TAKE);
		return i;
	}
	return HE_NOSPACE;
}

int handle_get(const struct handle_table *ht, int h, uint32_t need_rights, struct handle *out)
{
	if (h < 0 || h >= MAX_HANDLES || ht->slot[h].type == KOBJ_NONE)
		return HE_BADHANDLE;
	const struct handle *s = &ht->slot[h];
	if ((s->rights & need_rights) != need_rights)
		return HE_PERM;
	*out = *s;
	return 0;
}

int handle_close(struct handle_table *ht, int h)
{
	struct handle old;
	if (handle_get(ht, h, 0, &old) < 0)
		return HE_BADHANDLE;
	/* Empty the slot before dropping the reference: the drop may free
	 * the object. The door fast path reads slots without the kernel lock
	 * on several harts: it reads gen, the slot, then gen again, and takes
	 * what it read only if gen did not move and nothing was empty
	 * (trap.S). So gen moves after the slot is emptied and before anything
	 * is installed in it again. */
	struct handle *s = &ht->slot[h];
	s->type = KOBJ_NONE;
	s->obj = NULL;
	s->rights = 0;
	smp_wmb();
	s->gen++;
	smp_wmb();
	kobj_ref(old.type, old.obj, REF_DROP);
	return 0;
}

int handle_dup(struct handle_table *ht, int h, uint32_t rights_mask)
{
	struct handle s;
	if (rights_mask & ~H_ALL)
		return HE_INVAL;
	int r = handle_get(ht, h, H_DUP, &s);
	if (r < 0)
		return r;
	return handle_install(ht, s.type, s.obj, s.rights & rights_mask);
}

void handle_table_close_all(struct handle_table *ht)
{
	for (int i = 0; i < MAX_HANDLES; i++)
		if (ht->slot[i].type != KOBJ_NONE)
			handle_close(ht, i);
}

int handle_count(const struct handle_table *ht)
{
	int n = 0;
	for (int i = 0; i < MAX_HANDLES; i++)
		if (ht->slot[i].type != KOBJ_NONE)
			n++;
	return n;
}

bool handle_has_free(const struct handle_table *ht, uint64_t n)
{
	for (int i = MAX_HANDLES - 1; i >= 0 && n > 0; i--)
		if (ht->slot[i].type == KOBJ_NONE)
			n--;
	return n == 0;
}
