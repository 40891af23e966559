/* The name registry's system calls (doors/names_sys.c). */
#ifndef DOORS_NAMES_SYS_H
#define DOORS_NAMES_SYS_H

struct trapframe;

long sys_name_publish(struct trapframe *tf);
long sys_name_lookup(struct trapframe *tf);
long sys_name_unpublish(struct trapframe *tf);

#endif
