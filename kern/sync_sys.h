/* System calls of notification objects and memory objects (reference:
 * docs/syscalls.md, SYS_NOTIFY_* and SYS_MEM_*; rules: kern/notify.h and
 * kern/memobj.h). */
#ifndef KERN_SYNC_SYS_H
#define KERN_SYNC_SYS_H

#include "arch.h"

long sys_notify_create(struct trapframe *tf);
long sys_notify_signal(struct trapframe *tf);
long sys_notify_wait(struct trapframe *tf);
long sys_notify_poll(struct trapframe *tf);
long sys_mem_create(struct trapframe *tf);
long sys_mem_map(struct trapframe *tf);

#endif
