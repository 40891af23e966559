/* The name registry's system calls: SYS_NAME_PUBLISH, SYS_NAME_LOOKUP and SYS_NAME_UNPUBLISH
 * (rules: doors/names.h; reference: docs/syscalls.md). */
#include <hinge/handle.h>
#include "doors/names_sys.h"
#include "doors/names.h"
#include "kern/thread.h"
#include "kern/hart.h"
#include "kern/domain.h"
#include "kern/uaccess.h"

long sys_name_publish(struct trapframe *tf)
{
	struct domain *d = thread_current()->cur;
	struct door *door;
	int r = handle_lookup(&d->handles, handle_from_reg(tf->regs[REG_A0]), KOBJ_DOOR, H_XFER, (void **)&door);
	if (r < 0)
		return r;
	char name[NAME_LEN];
	r = copyinstr(domain_root(d), name, tf->regs[REG_A1], sizeof name);
	if (r < 0)
		return r;
	return names_publish(name, door);
}

enum name_op { NAME_LOOKUP, NAME_UNPUBLISH };

/* The calls whose only argument is a name (a0). */
static long name_call(struct trapframe *tf, enum name_op op)
{
	struct domain *d = thread_current()->cur;
	char name[NAME_LEN];
	int r = copyinstr(domain_root(d), name, tf->regs[REG_A0], sizeof name);
	if (r < 0)
		return r;
	if (op == NAME_UNPUBLISH)
		return names_unpublish(name, d);
	return names_lookup(name, &d->handles, H_CALL | H_INFO | H_DUP | H_XFER);
}

long sys_name_lookup(struct trapframe *tf)
{
	return name_call(tf, NAME_LOOKUP);
}

long sys_name_unpublish(struct trapframe *tf)
{
	return name_call(tf, NAME_UNPUBLISH);
}
