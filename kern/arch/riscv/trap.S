/* Trap entry and exit.
 *
 * Convention: while a hart runs user code, sscratch holds the address of the
 * current thread's trap frame for its current shuttle hop (struct trapframe in
 * trapframe.h). While the hart runs kernel code, sscratch is 0. The kernel runs
 * with interrupts disabled, so a trap with sscratch == 0 is a kernel bug and
 * goes to the panic path. */
#include "trapframe_offsets.h"
#include "csr.h"
#include "kern/config.h"
#include "kern/syscall.h"
#include "asm_offsets.h"
#include <hinge/syscall.h>

	.section .text
	.globl	trap_vector
	.align	4
trap_vector:
	csrrw	sp, sscratch, sp	/* sp = trap frame, sscratch = user sp */
	beqz	sp, kernel_trap
	sd	t0, TF_T0(sp)
	csrr	t0, scause
	addi	t0, t0, -EXC_ECALL_U	/* 0: environment call from U-mode */
	bnez	t0, save_all
#if HINGE_FASTPATH
	/* Door call and door return take the fast path (below), unless they
	 * carry bulk data: no general dispatch. A kernel built with
	 * FASTPATH=0 has no fast path: every door call and return goes
	 * through the general code of doors/slowpath.c. */
	li	t0, SYS_DOOR_CALL
	beq	a7, t0, fast_call
	li	t0, SYS_DOOR_RETURN
	beq	a7, t0, fast_return
#endif
	/* SYS_NULL does nothing: it returns 0 from registers alone (no
	 * save, no C). Nothing can be due at its end: a switch is made at
	 * the exit of the trap that asks for it, and SYS_NULL asks for none. */
	bnez	a7, syscall_entry
	li	a0, 0
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	ld	t0, TF_T0(sp)
	csrrw	sp, sscratch, sp	/* sp = user sp, sscratch = trap frame again */
	sret

/* Save into the frame at \base the user registers C preserves (gp, s0..s11). */
	.macro	save_preserved base
	sd	gp, TF_GP(\base)
	sd	s0, TF_S0(\base)
	sd	s1, TF_S1(\base)
	.irp	n, 2,3,4,5,6,7,8,9,10,11
	sd	s\n, TF_S(\n)(\base)
	.endr
	.endm

/* A system call saves what C may clobber (ra, t0..t6, a0..a7), tp (the
 * kernel's hart pointer in C), sp and the pc after the ecall, then runs on
 * the kernel stack with a0 = the frame. C preserves gp (never used by the
 * kernel: linked without relaxation) and s0..s11, which a leaf call saves
 * only when a thread may leave the kernel elsewhere than here. */
	.macro	syscall_save_clobbered
	sd	ra, TF_RA(sp)
	sd	tp, TF_TP(sp)
	.irp	n, 6,7,10,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero	/* user sp; sscratch = 0: now in kernel */
	sd	t0, TF_SP(sp)
	csrr	t0, sepc
	addi	t0, t0, 4		/* the caller resumes after its ecall */
	sd	t0, TF_PC(sp)
	mv	a0, sp
	ld	tp, TF_KHART(a0)
	ld	sp, TF_KSTACK(a0)
	.endm

syscall_entry:
	/* A leaf call (kern/syscall.h: its bit in SYSCALL_LEAF_MASK, every
	 * one below 32) takes the short way; any other saves everything. */
#if HINGE_SMP
	/* Several harts: every call saves everything, so that a hart stopped
	 * while it waits for the kernel lock can drop the call and run its
	 * ecall again (kern/smp.h). */
	j	syscall_save_all
#endif
	srli	t0, a7, 5
	bnez	t0, syscall_save_all
	li	t0, SYSCALL_LEAF_MASK
	srl	t0, t0, a7
	andi	t0, t0, 1
	beqz	t0, syscall_save_all
	syscall_save_clobbered
	call	syscall_leaf		/* (tf) -> a0 = tf, a1 = enum syscall_exit */
	bnez	a1, syscall_general_exit
syscall_leaf_return:			/* (bench/profile.py's "restore" phase) */
	/* SYSCALL_DONE: a leaf call ran and nothing is due. Restore what was
	 * saved (the handler's results are in the frame's a0..a5). */
	ld	t0, TF_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	ld	ra, TF_RA(a0)
	ld	sp, TF_SP(a0)
	ld	tp, TF_TP(a0)
	.irp	n, 5,6,7,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, TF_X(\n)(a0)
	.endr
	ld	a0, TF_A0(a0)		/* last: a0 is the frame's address */
	sret

syscall_general_exit:
	/* The frame becomes complete (s0..s11 and gp are still the user's:
	 * C preserved them), for the general exit. */
	save_preserved a0
	call	syscall_general		/* (tf, exit); leaves through arch_user_enter */
2:	j	2b

syscall_save_all:
	/* Not a leaf call: it may switch, block or resume another frame, so
	 * the frame is complete before it runs. */
	syscall_save_clobbered
	save_preserved a0
	li	a1, SYSCALL_EXIT_RUN
	call	syscall_general		/* (tf, SYSCALL_RUN) */
3:	j	3b

save_all:
	/* Save every user register except sp (x2, in sscratch) and t0 (x5,
	 * saved above). */
	.irp	n, 1,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero	/* user sp; sscratch = 0: now in kernel */
	sd	t0, TF_SP(sp)
	csrr	t0, sepc
	sd	t0, TF_PC(sp)

	mv	a0, sp
	ld	tp, TF_KHART(a0)
	ld	sp, TF_KSTACK(a0)
	call	trap_user		/* C; leaves through arch_user_enter */
1:	j	1b

#if HINGE_FASTPATH
/* ---- door fast path ------------------------------------------------------
 * Register convention: kern/abi/hinge/door.h. A door call saves only what
 * the caller needs back (ra, sp, gp, tp, s0..s11, pc, and the call flags);
 * t0..t6 and a0..a7 are clobbered by the convention.
 *
 * The rules live in C (doors/call.h): fast_call is door_call_try's
 * success, with the same checks in the same order; fast_return is
 * door_return_finish when nothing else happens (nobody waits for the
 * activation, door_call_end_is_quiet holds, the caller is alive, no switch
 * is due). Each is one flat list of checks before a point of no return.
 * Any case that is not quiet goes to the general path (doors/slowpath.c),
 * which decides it again in full; a kernel built with FASTPATH=0 has only
 * that path, and qemu/door_diff compares the two. Offsets and enum values
 * come from asm_offsets.h (generated from kern/arch/riscv/asm_offsets.c).
 *
 * No register value of one domain reaches another: the server starts with
 * everything zero but its declared inputs, and a returning caller gets its
 * own saved registers, its results, and zeros.
 *
 * On several harts (HINGE_SMP) the fast path runs without the kernel lock,
 * with interrupts off, so a stop (kern/smp.h) finds no hart half-way
 * through it. It reads a handle slot between two reads of the slot's gen
 * (kern/handle.c), takes and releases an activation with lr/sc on the
 * pool's free_mask (whose ACT_WAITING bit sends a return with waiters to
 * the general path: doors/activation.h), and counts inflight with amoadd;
 * everything else it reads (door and domain states, a door's handle count
 * and unreference phase) changes only under a stop. docs/smp.md gives the
 * argument. */

/* The hart the trap came in on and the thread it runs, from the trap frame
 * at \tf: the one place where the fast path finds per-hart state. */
	.macro	this_hart_thread hart, thread, tf
	ld	\hart, TF_KHART(\tf)
	ld	\thread, HART_CURRENT(\hart)
	.endm

/* Switch to the address space of the domain in \dom (domain_activate,
 * arch_vm_switch): ASID 0 is shared, so it flushes the TLB. */
	.macro	activate_domain dom, tmp
	ld	\tmp, DOM_VM_TOKEN(\dom)
	csrw	satp, \tmp
	slli	\tmp, \tmp, 4		/* the ASID field, bits 44..59 */
	srli	\tmp, \tmp, 48
	bnez	\tmp, 1f
	sfence.vma zero, zero
1:
	.endm

/* Resume the caller whose hop frame is in t0: its pc and the registers the
 * fast path saved at the call (ra, sp, gp, tp, s0..s11); the frame becomes
 * the current trap frame again. */
	.macro	resume_caller
	ld	t1, TF_PC(t0)
	csrw	sepc, t1
	csrw	sscratch, t0
	ld	ra, TF_RA(t0)
	ld	sp, TF_SP(t0)
	ld	gp, TF_GP(t0)
	ld	tp, TF_TP(t0)
	ld	s0, TF_S0(t0)
	ld	s1, TF_S1(t0)
	.irp	n, 2,3,4,5,6,7,8,9,10,11
	ld	s\n, TF_S(\n)(t0)
	.endr
	.endm

/* act_free's stores to the activation of the top shuttle frame (s3), into
 * s7, and its bit in the pool into \bit. */
	.macro	act_free_fields bit
	ld	s7, THREAD_SF_ACT(s3)
	li	t0, ACT_FREE_V
	sw	t0, ACT_STATE(s7)
	sd	zero, ACT_HOLDER(s7)
	lw	t0, ACT_IDX(s7)
	li	\bit, 1
	sll	\bit, \bit, t0
	.endm

fast_call:
	/* The caller's frame (sp) gets what the caller gets back, and the
	 * flags (a general-path return reads them). s0..s11 are scratch from
	 * here on; t1..t6 and a0..a7 stay the caller's until the point of no
	 * return, for the general path. */
	sd	ra, TF_RA(sp)
	sd	tp, TF_TP(sp)
	save_preserved sp
	sd	a6, TF_A6(sp)
	csrrw	t0, sscratch, zero	/* user sp; sscratch = 0: now in kernel */
	sd	t0, TF_SP(sp)
	csrr	t0, sepc
	addi	t0, t0, 4		/* the caller resumes after its ecall */
	sd	t0, TF_PC(sp)
fast_call_checks:			/* (bench/profile.py's phases: a label each) */
	/* door_call_try's checks. Flags: DOOR_CALL_NOWAIT or none in the low
	 * half (the high half is a deadline, moot when nothing waits). */
	slli	t0, a6, 32
	srli	t0, t0, 33
	bnez	t0, fast_call_general
	lbu	t0, scenario_on		/* a scenario traces every call: general path */
	bnez	t0, fast_call_general
	this_hart_thread s0, s1, sp
	ld	s2, THREAD_CUR(s1)	/* the caller's domain */
	/* handle_lookup(&s2->handles, a0, KOBJ_DOOR, H_CALL) */
	li	t0, MAX_HANDLES
	bgeu	a0, t0, fast_call_general
	li	t0, HANDLE_SIZE
	mul	t0, a0, t0
	add	t0, t0, s2		/* slot a0, less the offset of slot 0 */
#if HINGE_SMP
	lw	s8, DOM_SLOT_GEN(t0)	/* the slot's gen before and after it is read */
	fence	r, r
#endif
	lw	s3, DOM_SLOT_TYPE(t0)
	addi	s3, s3, -KOBJ_DOOR_V
	bnez	s3, fast_call_general
	lw	s3, DOM_SLOT_RIGHTS(t0)
	andi	s3, s3, H_CALL_V
	beqz	s3, fast_call_general
	ld	s3, DOM_SLOT_OBJ(t0)	/* the door */
#if HINGE_SMP
	/* Taken only if gen did not move and nothing read was empty: then
	 * type, rights and door are one handle's (kern/handle.c). */
	beqz	s3, fast_call_general
	fence	r, r
	lw	s9, DOM_SLOT_GEN(t0)
	bne	s8, s9, fast_call_general
	/* This hart's TLB may hold another address space's entries under an
	 * ASID given anew: the general path empties it first. (Read after the
	 * handle that leads here, which was installed after it was set.) */
	lbu	t0, HART_FLUSH_DUE(s0)
	bnez	t0, fast_call_general
#endif
	lw	t0, DOOR_STATE(s3)
	addi	t0, t0, -DOOR_LIVE_V
	bnez	t0, fast_call_general
	ld	s4, DOOR_SERVER(s3)
	lw	t0, DOM_STATE(s4)
	addi	t0, t0, -DOM_LIVE_V
	bnez	t0, fast_call_general
	lw	s5, THREAD_DEPTH(s1)
	li	t0, SHUTTLE_MAX_DEPTH
	bge	s5, t0, fast_call_general
	/* act_take_free: the lowest free activation (a handoff door's pool
	 * keeps free_mask 0, so its calls leave here too) */
#if HINGE_SMP
	/* Its bit cleared by lr/sc, the point of no return. Nothing free, or
	 * ACT_WAITING (negative; then nothing is free): general path. */
	addi	s9, s3, DOOR_FREE_MASK
1:	lr.w.aq	s6, (s9)
	blez	s6, fast_call_general
	neg	t0, s6
	and	s10, s6, t0		/* the lowest set bit */
	xor	t0, s6, s10
	sc.w	s11, t0, (s9)
	bnez	s11, 1b
	lla	t0, act_lowest_bit_table
	add	t0, t0, s10
#else
	lw	s6, DOOR_FREE_MASK(s3)
	beqz	s6, fast_call_general
	lla	t0, act_lowest_bit_table
	add	t0, t0, s6
#endif
	lbu	t0, 0(t0)
	slli	t0, t0, 3
	add	t0, t0, s3
	ld	s7, DOOR_ACT(t0)	/* the activation */
fast_call_begin:
	/* ---- point of no return: the call begins ---- */
#if !HINGE_SMP
	addi	t0, s6, -1
	and	s6, s6, t0
	sw	s6, DOOR_FREE_MASK(s3)
#endif
	li	t0, ACT_BUSY_V		/* act_grant */
	sw	t0, ACT_STATE(s7)
	sd	s1, ACT_HOLDER(s7)
	slli	t0, s5, SHUTTLE_FRAME_SHIFT	/* shuttle_push */
	add	t0, t0, s1
	sd	s2, THREAD_SF_CALLER(t0)
	sd	s3, THREAD_SF_DOOR(t0)
	sd	s7, THREAD_SF_ACT(t0)
#if HINGE_SMP
	/* door_call_started. Ordered (aqrl) between the frame's stores and
	 * the depth's: another hart's priority inheritance (kern/inherit.c,
	 * under the lock) reads the frames below the depth it reads. */
	li	t0, 1
	addi	s9, s3, DOOR_INFLIGHT
	amoadd.w.aqrl zero, t0, (s9)
	addi	s5, s5, 1
	sw	s5, THREAD_DEPTH(s1)
#else
	addi	s5, s5, 1
	sw	s5, THREAD_DEPTH(s1)
	lw	t0, DOOR_INFLIGHT(s3)	/* door_call_started */
	addi	t0, t0, 1
	sw	t0, DOOR_INFLIGHT(s3)
#endif
	sd	s4, THREAD_CUR(s1)	/* call_enter: t->cur, t->tf = the next */
	addi	s6, sp, TRAPFRAME_SIZE	/* hop's frame (t->tf is &frames[depth]) */
	sd	s6, THREAD_TF(s1)
fast_call_switch:
	/* fpu_hop_fresh, and the FPU off for the server (arch_user_fpu) */
	sb	zero, TF_FP_LIVE(s6)
	ld	t0, HART_FPU_OWNER(s0)
	addi	s8, s6, TF_FP
	bne	t0, s8, 1f
	sd	zero, HART_FPU_OWNER(s0)
1:	li	t0, SSTATUS_FS_V
	csrc	sstatus, t0
	activate_domain s4, t0
fast_call_enter:
	/* Enter the server: pc = the door's entry, sp = the activation's
	 * stack, a0 = the cookie, a1..a5 the words (in place), a6 = the
	 * buffer, zero everywhere else. (Its frame is written by its next
	 * trap.) */
	ld	t0, DOOR_ENTRY(s3)
	csrw	sepc, t0
	csrw	sscratch, s6
	ld	sp, ACT_STACK_TOP(s7)
	ld	a6, ACT_BUF(s7)
	ld	a0, DOOR_COOKIE(s3)
	li	ra, 0
	li	gp, 0
	li	tp, 0
	li	t0, 0
	li	s0, 0
	li	s1, 0
	li	a7, 0
	li	s2, 0
	li	s3, 0
	li	s4, 0
	li	s5, 0
	li	s6, 0
	li	s7, 0
	li	s8, 0
	li	s9, 0
	li	s10, 0
	li	s11, 0
	j	zero_temps_sret_t1

fast_call_general:
	/* Not quiet: the general call (sys_door_call) decides it in full.
	 * The frame holds the caller's ra, tp, gp, s0..s11, sp, pc; add the
	 * registers still in place, as syscall_save_all does. */
	.irp	n, 6,7,10,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	mv	a0, sp
	ld	tp, TF_KHART(a0)
	ld	sp, TF_KSTACK(a0)
	li	a1, SYSCALL_EXIT_RUN
	call	syscall_general		/* (tf, SYSCALL_RUN) */
4:	j	4b

fast_return:
	bnez	a6, syscall_save_all	/* result bytes to copy: general path */
	ld	t0, TF_HOP(sp)
	beqz	t0, syscall_save_all	/* no call to return from: general path reports it */
#if HINGE_SMP
	/* The return happens quietly below or through the general system
	 * call, which may drop it and run the ecall again (a stop while it
	 * waits for the lock): the registers used as scratch are kept. */
	sd	s0, TF_S0(sp)
	sd	s1, TF_S1(sp)
	.irp	n, 2,3,4,5,6,7,8,9
	sd	s\n, TF_S(\n)(sp)
	.endr
#else
	/* The return happens from here on, quietly below or through the
	 * general return, and the server's frame is discarded: every register
	 * but the results a1..a5 is scratch. */
#endif
	this_hart_thread s0, s1, sp
	lbu	t0, HART_RESCHED(s0)	/* a switch is due: the general exit makes it */
	bnez	t0, fast_return_general
	lbu	t0, scenario_on		/* a scenario traces every return */
	bnez	t0, fast_return_general
	/* Quiet? On the top shuttle frame: */
	lw	s2, THREAD_DEPTH(s1)
	addi	s2, s2, -1
	slli	s3, s2, SHUTTLE_FRAME_SHIFT
	add	s3, s3, s1
	ld	s4, THREAD_SF_DOOR(s3)	/* the door */
#if HINGE_SMP
	/* Quiet whatever other harts do meanwhile: the door has handles and
	 * no unreference deferred, which only a stop changes (doors/door.c);
	 * other calls in flight are not looked at. (Waiters: below.) */
	lw	t0, DOOR_NHANDLES(s4)
	blez	t0, fast_return_general
	lw	t0, DOOR_UNREF(s4)
	addi	t0, t0, -DOOR_UNREF_DEFERRED_V
	beqz	t0, fast_return_general
	lw	t0, DOOR_FREE_MASK(s4)
	bltz	t0, fast_return_general	/* ACT_WAITING: a waiter to hand it to */
#else
	ld	t0, DOOR_WAITERS(s4)
	bnez	t0, fast_return_general	/* a waiter to hand the activation to */
	lw	s5, DOOR_INFLIGHT(s4)
	addi	s5, s5, -1
	bgtz	s5, 1f			/* another call in flight: nothing to settle */
	lw	t0, DOOR_NHANDLES(s4)
	blez	t0, fast_return_general
	lw	t0, DOOR_UNREF(s4)
	addi	t0, t0, -DOOR_UNREF_DEFERRED_V
	beqz	t0, fast_return_general
#endif
1:	ld	s6, THREAD_SF_CALLER(s3)
	lw	t0, DOM_STATE(s6)
	addi	t0, t0, -DOM_LIVE_V
	bnez	t0, fast_return_general	/* the caller died: unwind */
#if HINGE_SMP
	act_free_fields s8
	/* The bit set by lr/sc (the fields' stores before it), the point of
	 * no return; unless ACT_WAITING came meanwhile: then the activation
	 * is busy again and the general return hands it over. */
	addi	s9, s4, DOOR_FREE_MASK
2:	lr.w	t0, (s9)
	bltz	t0, fast_return_waiter
	or	t0, t0, s8
	sc.w.rl	s5, t0, (s9)
	bnez	s5, 2b
#endif
fast_return_begin:
	/* ---- point of no return: door_return_finish, quiet ---- */
	sw	s2, THREAD_DEPTH(s1)	/* pop */
#if HINGE_SMP
	li	t0, -1			/* door_call_ended, quiet */
	addi	s9, s4, DOOR_INFLIGHT
	amoadd.w zero, t0, (s9)
#else
	act_free_fields t1
	lw	t0, DOOR_FREE_MASK(s4)
	or	t0, t0, t1
	sw	t0, DOOR_FREE_MASK(s4)
	sw	s5, DOOR_INFLIGHT(s4)
#endif
	sd	s6, THREAD_CUR(s1)
	addi	t0, sp, -TRAPFRAME_SIZE	/* the caller's hop frame: &frames[depth] */
	sd	t0, THREAD_TF(s1)
fast_return_switch:
	activate_domain s6, t1
	/* The FPU for the caller: on iff its hop owns it (fpu_owned) */
	ld	t1, HART_FPU_OWNER(s0)
	addi	t2, t0, TF_FP
	li	t3, SSTATUS_FS_V
	bne	t1, t2, 2f
	srli	t3, t3, 1		/* FS at least Initial (1 << 13) */
	csrs	sstatus, t3
	j	3f
2:	csrc	sstatus, t3		/* FS = Off */
3:
fast_return_resume:
	/* Resume the caller: its saved registers, a0 = 0, the results in
	 * a1..a5 (in place), a6 = 0 result bytes (tested above), zero in a7
	 * and every temporary. */
	resume_caller
	li	a0, 0
	li	a7, 0
	j	zero_temps_sret_t0

#if HINGE_SMP
fast_return_waiter:
	li	t0, ACT_BUSY_V		/* the activation is still the returning call's */
	sw	t0, ACT_STATE(s7)
	sd	s1, ACT_HOLDER(s7)
fast_return_general:
	/* Not quiet: the whole system call through the general path, with
	 * the user's registers back as they were at the ecall (t0 is in the
	 * frame since the trap). */
	ld	s0, TF_S0(sp)
	ld	s1, TF_S1(sp)
	.irp	n, 2,3,4,5,6,7,8,9
	ld	s\n, TF_S(\n)(sp)
	.endr
	j	syscall_save_all
#else
fast_return_general:
	/* Not quiet: the general return (door_return_general) with the
	 * result words, then the general exit. */
	csrw	sscratch, zero
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	ld	tp, TF_KHART(sp)
	ld	sp, TF_KSTACK(sp)
	call	door_fast_return_general
5:	j	5b
#endif

zero_temps_sret_t0:
	li	t0, 0
zero_temps_sret_t1:
	li	t1, 0
	li	t2, 0
	li	t3, 0
	li	t4, 0
	li	t5, 0
	li	t6, 0
	sret

#endif /* HINGE_FASTPATH */

kernel_trap:
	csrrw	sp, sscratch, sp	/* back to the kernel sp; sscratch = 0 again */
	call	trap_kernel		/* C; panics */
2:	j	2b

/* void arch_user_enter(struct trapframe *tf): restore tf and sret to user. */
	.globl	arch_user_enter
arch_user_enter:
	ld	t0, TF_PC(a0)
	csrw	sepc, t0
	/* sstatus: SPP = 0 (return to user), SPIE = 1 (user runs interruptible). */
	li	t0, (1 << 8)
	csrc	sstatus, t0
	li	t0, (1 << 5)
	csrs	sstatus, t0
	csrw	sscratch, a0

	.irp	n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, TF_X(\n)(a0)
	.endr
	ld	x10, TF_A0(a0)		/* last: a0 is the frame's address */
	sret
