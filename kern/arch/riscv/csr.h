/* Control and status register access for S-mode (RISC-V privileged spec). */
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

/* trap.S includes this header for the exception codes. */
#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define csr_read(csr) ({ uint64_t __v; __asm__ volatile("csrr %0, " #csr : "=r"(__v)); __v; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "rK"((uint64_t)(v)))
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" :: "rK"((uint64_t)(v)))
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "rK"((uint64_t)(v)))

#define SSTATUS_SIE   (1UL << 1)
#define SSTATUS_FS    (3UL << 13)

#define SIE_STIE      (1UL << 5)
#define SIP_STIP      (1UL << 5)
#define SIE_SSIE      (1UL << 1)  /* software interrupt: an IPI (several harts) */
#define SIP_SSIP      (1UL << 1)

#define SCAUSE_INTR   (1UL << 63)
#define IRQ_S_TIMER   5

/* Exception codes (scause with the interrupt bit clear). */
#define EXC_INSN_MISALIGNED   0
#define EXC_INSN_ACCESS       1
#define EXC_ILLEGAL_INSN      2
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_INSN_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15

#define SATP_MODE_SV39 (8UL << 60)
#define SATP_ASID_SHIFT 44

/* scounteren: let user mode read cycle (bit 0), time (bit 1), instret (bit 2). */
#define SCOUNTEREN_CY_TM_IR 0x7

#endif
