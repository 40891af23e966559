/* The kernel's only door to M-mode: calls into the Supervisor Binary
 * Interface (RISC-V SBI specification, v0.2 and later, plus the v0.1 legacy
 * calls as fallbacks).
 *
 * Calling convention (SBI spec, "Binary Encoding"): `ecall` from S-mode with
 * the extension id in a7, the function id in a6 and arguments in a0..a5; the
 * firmware returns an error code in a0 and a value in a1. Legacy (v0.1)
 * extensions ignore a6 and return only a0.
 *
 * sbi_init() must run once, on the boot hart, before any other call here:
 * it probes which extensions the firmware offers, and every call of sbi.c
 * picks the modern extension when present and the legacy call otherwise.
 * Every modern call here returns an SBI error in a0, 0 meaning success.
 *
 * This header declares no inline assembly, so kernel files that compile on
 * the host may include it; sbi.c itself is target-only. */
#ifndef SBI_SBI_H
#define SBI_SBI_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Extension ids (a7). The modern ids spell their name in ASCII. */
#define SBI_EXT_LEGACY_SET_TIMER  0x00UL
#define SBI_EXT_LEGACY_PUTCHAR    0x01UL
#define SBI_EXT_LEGACY_SHUTDOWN   0x08UL
#define SBI_EXT_BASE              0x10UL
#define SBI_EXT_TIME              0x54494D45UL /* "TIME" */
#define SBI_EXT_SRST              0x53525354UL /* "SRST" */
#define SBI_EXT_DBCN              0x4442434EUL /* "DBCN" */
#define SBI_EXT_HSM               0x48534DUL   /* "HSM": hart state management */
#define SBI_EXT_IPI               0x735049UL   /* "sPI" */

/* Probe the implementation and the extensions Hinge uses. Firmware that
 * predates the BASE extension (spec v0.1) is recorded as offering no
 * extension, so only legacy calls are made. */
void sbi_init(void);

/* The firmware's name for the boot banner ("OpenSBI", ..., "unknown"), from
 * its implementation id (SBI spec, table "SBI Implementation IDs"). */
const char *sbi_impl_name(void);

/* The functions of kern/arch.h that are firmware calls and nothing more
 * are implemented in sbi.c: arch_console_write (DBCN, else legacy putchar),
 * arch_timer_program (TIME, else legacy) and, in a kernel for several
 * harts, arch_ipi_send (sPI, else legacy). */

/* Multiprocessor call (kern/smp.c, through arch_hart_start; only a kernel
 * built for several harts makes it): start the stopped hart hartid in
 * S-mode at physical address start with a0 = hartid, a1 = opaque, paging
 * off (HSM). Returns the SBI error, 0 when the hart is on its way. */
long sbi_hart_start(unsigned long hartid, uintptr_t start, unsigned long opaque);

/* Power off. failed selects the SRST reason "system failure" instead of
 * "no reason"; whether the machine can report it is up to the firmware
 * (see sbi/README.md). Never returns: spins if every call fails. */
void sbi_shutdown(bool failed) __attribute__((noreturn));

#endif
