/* The mutex system calls (rules: kern/mutex.h, docs/syscalls.md). */
#ifndef KERN_MUTEX_SYS_H
#define KERN_MUTEX_SYS_H

#include "arch.h"

long sys_mutex_create(struct trapframe *tf);
long sys_mutex_lock(struct trapframe *tf);
long sys_mutex_unlock(struct trapframe *tf);

#endif
