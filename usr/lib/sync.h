/* Notification objects and memory objects from user space: one ecall each
 * (flags and rights: hinge/sync.h, hinge/handle.h; rules: docs/syscalls.md,
 * SYS_NOTIFY_* and SYS_MEM_*). Every function returns a handle, bits or 0 on
 * success and a negative HE_* code on failure. Handles of both kinds are
 * duplicated, closed and passed with door calls like door handles
 * (hinge_handle_dup, hinge_handle_close, door_call's descriptors). */
#ifndef USR_SYNC_H
#define USR_SYNC_H

#include <stdint.h>
#include <hinge/sync.h>
#include "hinge.h"

/* A new notification object, all bits clear; the handle has H_NOTIFY_ALL. */
static inline long hinge_notify_create(void)
{
	return hinge_syscall(SYS_NOTIFY_CREATE, 0, 0, 0, 0);
}
/* OR bits into the object; wakes waiters whose mask they meet. Never blocks. */
static inline long hinge_notify_signal(int h, uint64_t bits)
{
	return hinge_syscall(SYS_NOTIFY_SIGNAL, h, (long)bits, 0, 0);
}
/* Block until a bit of mask is pending; returns those bits (taken: cleared). */
static inline long hinge_notify_wait(int h, uint64_t mask)
{
	return hinge_syscall(SYS_NOTIFY_WAIT, h, (long)mask, 0, 0);
}
/* As hinge_notify_wait without blocking: 0 when no bit of mask is pending. */
static inline long hinge_notify_poll(int h, uint64_t mask)
{
	return hinge_syscall(SYS_NOTIFY_POLL, h, (long)mask, 0, 0);
}
/* Have the kernel signal a door's events on notification n: unref_bits when
 * the door (DOOR_F_UNREF, served by this domain) becomes unreferenced,
 * cancel_bits when a call running in it is cancelled (its caller is gone).
 * One wait on n then serves many doors. Rebinding replaces; both sets 0
 * unbinds (n is not looked at). */
static inline long hinge_door_notify(int door, int n, uint64_t unref_bits, uint64_t cancel_bits)
{
	return hinge_syscall(SYS_DOOR_NOTIFY, door, n, (long)unref_bits, (long)cancel_bits);
}

/* A new memory object of `pages` zeroed 4 KiB pages (1..MEM_MAX_PAGES);
 * the handle has H_MEM_ALL. */
static inline long hinge_mem_create(uint64_t pages)
{
	return hinge_syscall(SYS_MEM_CREATE, (long)pages, 0, 0, 0);
}
/* Map the whole object at addr (page-aligned, free) in this domain with
 * MEM_R or MEM_R | MEM_W. */
static inline long hinge_mem_map(int h, void *addr, unsigned perm)
{
	return hinge_syscall(SYS_MEM_MAP, h, (long)addr, (long)perm, 0);
}

#endif
