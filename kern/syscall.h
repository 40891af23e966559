/* System call dispatch (numbers and convention: kern/abi/hinge/syscall.h). */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include "arch.h"

/* Run the system call named by tf's a7 with tf's a0..a5; results go to tf. */
void syscall_dispatch(struct trapframe *tf);

#endif
