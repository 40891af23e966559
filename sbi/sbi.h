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
 * it probes which extensions the firmware offers, and every wrapper below
 * picks the modern extension when present and the legacy call otherwise.
 *
 * This header declares no inline assembly, so kernel files that compile on
 * the host may include it; sbi.c itself is target-only. */
#ifndef SBI_SBI_H
#define SBI_SBI_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Result of every non-legacy SBI call: error is one of SBI_ERR_* (0 on
 * success); value is the function's result and meaningful only on success. */
struct sbiret {
	long error;
	long value;
};

/* Standard error codes (SBI spec, table "Standard SBI Errors"). */
#define SBI_SUCCESS                0
#define SBI_ERR_FAILED            -1
#define SBI_ERR_NOT_SUPPORTED     -2
#define SBI_ERR_INVALID_PARAM     -3
#define SBI_ERR_DENIED            -4
#define SBI_ERR_INVALID_ADDRESS   -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED   -7
#define SBI_ERR_ALREADY_STOPPED   -8

/* Extension ids (a7). The modern ids spell their name in ASCII. */
#define SBI_EXT_LEGACY_SET_TIMER  0x00UL
#define SBI_EXT_LEGACY_PUTCHAR    0x01UL
#define SBI_EXT_LEGACY_SHUTDOWN   0x08UL
#define SBI_EXT_BASE              0x10UL
#define SBI_EXT_TIME              0x54494D45UL /* "TIME" */
#define SBI_EXT_SRST              0x53525354UL /* "SRST" */
#define SBI_EXT_DBCN              0x4442434EUL /* "DBCN" */

/* Implementation ids returned by BASE get_impl_id (SBI spec, table
 * "SBI Implementation IDs"); the ones Hinge may plausibly meet. */
#define SBI_IMPL_BBL      0
#define SBI_IMPL_OPENSBI  1
#define SBI_IMPL_XVISOR   2
#define SBI_IMPL_KVM      3
#define SBI_IMPL_RUSTSBI  4
#define SBI_IMPL_DIOSIX   5

/* Raw call: extension ext, function fid, six arguments. */
struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long a0, unsigned long a1, unsigned long a2,
			unsigned long a3, unsigned long a4, unsigned long a5);

/* Probe the spec version, implementation, and the extensions Hinge uses.
 * Firmware that predates the BASE extension (spec v0.1) is recorded as
 * version 0.1 with no extensions, so only legacy calls are made. */
void sbi_init(void);

/* Whether ext is one of DBCN, TIME, SRST and the firmware offered
 * it when sbi_init() probed. Any other id answers false. */
bool sbi_has(unsigned long ext);

/* Spec version implemented by the firmware (e.g. 1.0 for OpenSBI 1.1). */
unsigned sbi_spec_major(void);
unsigned sbi_spec_minor(void);
/* Implementation id (SBI_IMPL_*, or -1 on v0.1 firmware) and its name
 * ("OpenSBI", ..., "unknown"). */
long sbi_impl_id(void);
const char *sbi_impl_name(void);
/* Implementation version, encoding chosen by the implementation. OpenSBI
 * encodes major << 16 | minor; sbi_impl_version_major/minor decode that
 * encoding and are meaningful only when sbi_impl_id() == SBI_IMPL_OPENSBI. */
unsigned long sbi_impl_version(void);
unsigned sbi_impl_version_major(void);
unsigned sbi_impl_version_minor(void);

/* Write n bytes of s to the firmware console. DBCN takes a physical address;
 * the kernel's RAM is identity-mapped, so s (a kernel pointer) is one. */
void sbi_console_write(const char *s, size_t n);

/* Raise the supervisor timer interrupt once `time` reaches stime, and clear
 * the pending one. stime = UINT64_MAX means "no timer". */
void sbi_set_timer(uint64_t stime);

/* Power off. failed selects the SRST reason "system failure" instead of
 * "no reason"; whether the machine can report it is up to the firmware
 * (see sbi/README.md). Never returns: spins if every call fails. */
void sbi_shutdown(bool failed) __attribute__((noreturn));

#endif
