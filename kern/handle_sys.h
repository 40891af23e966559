/* The handle system calls (kern/handle_sys.c). */
#ifndef KERN_HANDLE_SYS_H
#define KERN_HANDLE_SYS_H

struct trapframe;

long sys_handle_dup(struct trapframe *tf);
long sys_handle_close(struct trapframe *tf);
/* SYS_HANDLE_INFO: (handle) -> a0 = HOBJ_* type, a1 = rights. */
long sys_handle_info(struct trapframe *tf);

#endif
