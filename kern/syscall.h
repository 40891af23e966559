/* System call dispatch (numbers and convention: kern/abi/hinge/syscall.h). */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include "arch.h"

/* Run the system call named by tf's a7 with tf's a0..a5; results go to tf. */
void syscall_dispatch(struct trapframe *tf);

/* How a system call leaves the kernel. The trap entry saves only what C
 * may clobber and runs syscall_leaf_run; the other registers (s0..s11, gp)
 * are saved into the frame only when the answer is not SYSCALL_DONE. */
enum syscall_exit {
	SYSCALL_DONE = 0,   /* a leaf call ran and no switch is due: back to the caller at once */
	SYSCALL_RUN = 1,    /* not a leaf call: run it (syscall_dispatch) on the complete frame */
	SYSCALL_SWITCH = 2, /* a leaf call ran and a switch is due: the general exit */
};

/* Run the call named by tf's a7 if it is a leaf call: one that never
 * blocks, switches, ends a thread or domain, or reads or writes any
 * register of tf but a0..a7. */
enum syscall_exit syscall_leaf_run(struct trapframe *tf);

#endif
