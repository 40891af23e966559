/* Handles as user space sees them: the types of object, and the rights a
 * handle carries for each type (doors: hinge/door.h; notification and memory objects:
 * hinge/sync.h).
 *
 * Shared by kernel and user space. The rules: docs/syscalls.md (SYS_HANDLE_*). */
#ifndef HINGE_HANDLE_H
#define HINGE_HANDLE_H

/* The type of object a handle names (SYS_HANDLE_INFO's a0). */
#define HOBJ_DOOR    1
#define HOBJ_NOTIFY  2  /* notification object */
#define HOBJ_MEM     3  /* memory object */
#define HOBJ_MUTEX   4
#define HOBJ_SEMA    5  /* counting semaphore */

/* Rights of a handle (a bit set). A handle's rights never grow: dup and
 * transfer can only keep or drop bits. */
#define H_CALL    (1u << 0)  /* may call the door */
#define H_DUP     (1u << 1)  /* may be duplicated within the domain */
#define H_REVOKE  (1u << 2)  /* may revoke the door */
#define H_XFER    (1u << 3)  /* may be transferred to another domain */
#define H_INFO    (1u << 4)  /* may query the door's attributes */
/* Rights of notification and memory objects (hinge/sync.h has the objects). */
#define H_SIGNAL  (1u << 5)  /* may signal the notification */
#define H_WAIT    (1u << 6)  /* may wait for or poll the notification */
#define H_MAP     (1u << 7)  /* may map the memory object readable */
#define H_MAP_W   (1u << 8)  /* may map the memory object writable (with H_MAP) */
/* Every right of a new object of each type (what its create call returns). */
#define H_DOOR_ALL   (H_CALL | H_DUP | H_REVOKE | H_XFER | H_INFO)
#define H_NOTIFY_ALL (H_SIGNAL | H_WAIT | H_DUP | H_XFER)
#define H_MEM_ALL    (H_MAP | H_MAP_W | H_DUP | H_XFER)
/* Every rights bit there is: a dup mask may name only these. */
#define H_ALL     (H_DOOR_ALL | H_NOTIFY_ALL | H_MEM_ALL)

#endif
