/* System call dispatch (numbers and convention: kern/abi/hinge/syscall.h). */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <hinge/syscall.h>

/* The leaf calls: none of them blocks, switches, ends a thread or domain,
 * reaches a scenario's hooks, or reads or writes any register of its frame
 * but a0..a7; a thread one of them wakes is found by the switch check after
 * it. trap.S tests a call's bit (every leaf number is below 32) and saves
 * only what C may clobber for these. */
#define SYSCALL_BIT(n) (1 << (n))
#define SYSCALL_LEAF_MASK                                                                  \
	(SYSCALL_BIT(SYS_NULL) | SYSCALL_BIT(SYS_WRITE) | SYSCALL_BIT(SYS_CLOCK) |           \
	 SYSCALL_BIT(SYS_SELF) | SYSCALL_BIT(SYS_DOOR_INFO) | SYSCALL_BIT(SYS_HANDLE_DUP) |  \
	 SYSCALL_BIT(SYS_HANDLE_CLOSE) | SYSCALL_BIT(SYS_NAME_LOOKUP) |                      \
	 SYSCALL_BIT(SYS_KCOUNTS) | SYSCALL_BIT(SYS_BOOTFILE) |                              \
	 SYSCALL_BIT(SYS_DOOR_CANCELLED) | SYSCALL_BIT(SYS_NOTIFY_SIGNAL) |                  \
	 SYSCALL_BIT(SYS_NOTIFY_POLL))

/* SYSCALL_RUN (below), which trap.S passes for a call that is not a leaf. */
#define SYSCALL_EXIT_RUN 1

#ifndef __ASSEMBLER__
#include "arch.h"

/* Run the system call named by tf's a7 with tf's a0..a5; results go to tf. */
void syscall_dispatch(struct trapframe *tf);

/* How a system call leaves the kernel. For a leaf call the trap entry
 * saves only what C may clobber and runs syscall_leaf_run; the other
 * registers (s0..s11, gp) are saved into the frame only when the answer is
 * not SYSCALL_DONE. Any other call is saved whole and is SYSCALL_RUN. */
enum syscall_exit {
	SYSCALL_DONE = 0,   /* a leaf call ran and no switch is due: back to the caller at once */
	SYSCALL_RUN = SYSCALL_EXIT_RUN, /* not a leaf call: run it (syscall_dispatch) on the complete frame */
	SYSCALL_SWITCH = 2, /* a leaf call ran and a switch is due: the general exit */
};

/* Run the leaf call (SYSCALL_LEAF_MASK) named by tf's a7. */
enum syscall_exit syscall_leaf_run(struct trapframe *tf);
#endif

#endif
