/* Name registry and its system calls (see names.h). A fixed table, searched
 * linearly: it is used at start-up, never on a call path. */
#include <string.h>
#include <hinge/errno.h>
#include "doors/names.h"
#include "kern/domain.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/uaccess.h"

struct name_entry {
	char name[NAME_LEN];
	struct door *door;
	uint32_t gen;      /* door->gen when published: a freed door has moved on */
};

static struct name_entry names[MAX_NAMES];

static struct name_entry *find(const char *name)
{
	for (int i = 0; i < MAX_NAMES; i++)
		if (names[i].door && strcmp(names[i].name, name) == 0)
			return &names[i];
	return NULL;
}

/* The door e names still exists (it has not been freed since) and its server
 * is alive: a dead (or restarted) server's names may be published anew. */
static bool entry_live(const struct name_entry *e)
{
	return e->door->state != DOOR_FREE && e->door->gen == e->gen &&
	       e->door->server->state == DOM_LIVE;
}

int names_publish(const char *name, struct door *d)
{
	size_t n = strlen(name);
	if (n == 0 || n >= NAME_LEN)
		return HE_INVAL;
	struct name_entry *e = find(name);
	if (e && entry_live(e) && e->door->server != d->server)
		return HE_PERM; /* only the name's own server may replace it */
	for (int i = 0; !e && i < MAX_NAMES; i++)
		if (!names[i].door || !entry_live(&names[i]))
			e = &names[i];
	if (!e)
		return HE_NOSPACE;
	memcpy(e->name, name, n + 1);
	e->door = d;
	e->gen = d->gen;
	return 0;
}

int names_unpublish(const char *name, const struct domain *by)
{
	struct name_entry *e = find(name);
	if (!e || !entry_live(e))
		return HE_NOENT;
	if (e->door->server != by)
		return HE_PERM;
	e->door = NULL;
	return 0;
}

int names_lookup(const char *name, struct handle_table *ht, uint32_t rights)
{
	struct name_entry *e = find(name);
	if (!e || !entry_live(e))
		return HE_NOENT;
	return handle_install(ht, KOBJ_DOOR, e->door, rights);
}

struct door *names_door(const char *name)
{
	struct name_entry *e = find(name);
	return e && entry_live(e) ? e->door : NULL;
}

/* The name at user address va, read into name (copyinstr's codes). */
static int name_in(uint64_t va, char name[NAME_LEN])
{
	return copyinstr(domain_root(thread_current()->cur), name, va, NAME_LEN);
}

long sys_name_publish(struct trapframe *tf)
{
	struct door *door;
	char name[NAME_LEN];
	int r = handle_lookup(&thread_current()->cur->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_XFER,
			      (void **)&door);
	if (r == 0)
		r = name_in(tf->regs[REG_A1], name);
	return r < 0 ? r : names_publish(name, door);
}

long sys_name_lookup(struct trapframe *tf)
{
	char name[NAME_LEN];
	int r = name_in(tf->regs[REG_A0], name);
	return r < 0 ? r : names_lookup(name, &thread_current()->cur->handles, H_CALL | H_INFO | H_DUP | H_XFER);
}

long sys_name_unpublish(struct trapframe *tf)
{
	char name[NAME_LEN];
	int r = name_in(tf->regs[REG_A0], name);
	return r < 0 ? r : names_unpublish(name, thread_current()->cur);
}
