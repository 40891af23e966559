/* The boot-time name registry: how a client finds a server's door.
 *
 * A server publishes a door under a short name; a client looks the name up
 * and gets a new handle to the door in its own table. The registry holds no
 * handle (so it never keeps a door referenced): it remembers the door and
 * the door's generation, and a lookup of a door that has since been freed
 * answers HE_NOENT, like a name never published. The server of a name's
 * door may unpublish it (Solaris fdetach). */
#ifndef KERN_NAMES_H
#define KERN_NAMES_H

#include "doors/door.h"
#include "kern/handle.h"

#define MAX_NAMES 96   /* as many as a handle table has slots */
#define NAME_LEN  64   /* including the terminating NUL */

/* 0, HE_INVAL (empty or too long name), HE_NOSPACE (registry full),
 * HE_PERM (the name is held by a live door of another server domain).
 * Publishing a name again replaces it; only the server of the door the name
 * holds may do so (a client cannot take a server's name over). */
int names_publish(const char *name, struct door *d);
/* Remove name: 0, HE_NOENT (no live door holds it), HE_PERM (by is not
 * the server of the door it names). */
int names_unpublish(const char *name, const struct domain *by);
/* Install a handle to the door named name in ht with rights; returns the
 * handle, HE_NOENT, or HE_NOSPACE (ht full). */
int names_lookup(const char *name, struct handle_table *ht, uint32_t rights);
/* The door name names now (a live server's), or NULL: for the kernel's own
 * use (fault injections name doors so). */
struct door *names_door(const char *name);

/* The system calls (reference: docs/syscalls.md): SYS_NAME_PUBLISH (door
 * handle with H_XFER, name), SYS_NAME_LOOKUP (name) and SYS_NAME_UNPUBLISH
 * (name). A name is read from user memory first: copyinstr's codes. */
struct trapframe;
long sys_name_publish(struct trapframe *tf);
long sys_name_lookup(struct trapframe *tf);
long sys_name_unpublish(struct trapframe *tf);

#endif
