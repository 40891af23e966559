/* System calls of notification objects, memory objects, mutexes and
 * semaphores (reference: docs/syscalls.md, SYS_NOTIFY_*, SYS_MEM_*,
 * SYS_MUTEX_* and SYS_SEMA_*; rules: kern/notify.h, kern/memobj.h,
 * kern/mutex.h and kern/sema.h). */
#ifndef KERN_SYNC_SYS_H
#define KERN_SYNC_SYS_H

#include "arch.h"

long sys_notify_create(struct trapframe *tf);
long sys_notify_signal(struct trapframe *tf);
long sys_notify_wait(struct trapframe *tf);
long sys_notify_poll(struct trapframe *tf);
long sys_mem_create(struct trapframe *tf);
long sys_mem_map(struct trapframe *tf);
long sys_mutex_create(struct trapframe *tf);
long sys_mutex_lock(struct trapframe *tf);
long sys_mutex_unlock(struct trapframe *tf);
long sys_sema_create(struct trapframe *tf);
long sys_sema_wait(struct trapframe *tf);
long sys_sema_trywait(struct trapframe *tf);
long sys_sema_post(struct trapframe *tf);

#endif
