/* The semaphore system calls (rules: kern/sema.h, docs/syscalls.md). */
#ifndef KERN_SEMA_SYS_H
#define KERN_SEMA_SYS_H

#include "arch.h"

long sys_sema_create(struct trapframe *tf);
long sys_sema_wait(struct trapframe *tf);
long sys_sema_trywait(struct trapframe *tf);
long sys_sema_post(struct trapframe *tf);

#endif
