/* SBI calls (see sbi.h). Target-only: the ecall below is RISC-V assembly.
 *
 * State is written once by sbi_init() on the boot hart before any other hart
 * runs, and only read afterwards, so it needs no lock. */
#include "sbi.h"
#include "kern/arch.h"

/* BASE extension function ids. */
#define BASE_GET_SPEC_VERSION  0
#define BASE_GET_IMPL_ID       1
#define BASE_PROBE_EXTENSION   3

#define DBCN_CONSOLE_WRITE     0
#define TIME_SET_TIMER         0
#define SRST_SYSTEM_RESET      0
#define HSM_HART_START         0
#define IPI_SEND_IPI           0
#define LEGACY_SEND_IPI        0x04UL

#define SRST_TYPE_SHUTDOWN     0
#define SRST_REASON_NONE       0
#define SRST_REASON_FAILURE    1

/* Result of a modern SBI call: error is 0 on success, else an SBI error
 * code; value is the function's result, meaningful only on success. */
struct sbiret {
	long error;
	long value;
};

/* The extensions sbi_init() probes, by index: bit i of present_ext says
 * whether the firmware offers probed_ext[i]. */
enum { HAS_DBCN, HAS_TIME, HAS_SRST, HAS_HSM, HAS_IPI, NPROBED };
static const unsigned long probed_ext[NPROBED] = {
	[HAS_DBCN] = SBI_EXT_DBCN, [HAS_TIME] = SBI_EXT_TIME, [HAS_SRST] = SBI_EXT_SRST,
	[HAS_HSM] = SBI_EXT_HSM, [HAS_IPI] = SBI_EXT_IPI,
};

static unsigned present_ext;
static long impl_id = -1;   /* -1 until sbi_init(), and on v0.1 firmware */

/* Call function fid of extension ext with arguments a0..a2 (Hinge's calls
 * need no more). */
static struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			       unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = ext;

	/* The firmware preserves every register but a0 and a1. "memory":
	 * calls such as DBCN write read kernel memory behind the compiler. */
	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){ .error = (long)r_a0, .value = (long)r_a1 };
}

/* Legacy calls return their status in a0 only; a1 is not defined. */
static long legacy_call(unsigned long ext, unsigned long a0)
{
	return sbi_ecall(ext, 0, a0, 0, 0).error;
}

void sbi_init(void)
{
	/* v0.1 firmware has no BASE extension and answers an unknown call with
	 * a nonzero a0: no extension then. */
	if (sbi_ecall(SBI_EXT_BASE, BASE_GET_SPEC_VERSION, 0, 0, 0).error != 0)
		return;
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, BASE_GET_IMPL_ID, 0, 0, 0);
	if (r.error == 0)
		impl_id = r.value;
	for (unsigned i = 0; i < NPROBED; i++) {
		r = sbi_ecall(SBI_EXT_BASE, BASE_PROBE_EXTENSION, probed_ext[i], 0, 0);
		/* probe_extension returns 0 for absent, nonzero (usually 1) for present. */
		if (r.error == 0 && r.value != 0)
			present_ext |= 1u << i;
	}
}

/* Whether the firmware offered probed_ext[i] when sbi_init() probed. */
static bool sbi_has(unsigned i)
{
	return (present_ext >> i) & 1u;
}

const char *sbi_impl_name(void)
{
	/* Indexed by implementation id; the ones Hinge may plausibly meet. */
	static const char *const names[] = { "BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix" };
	if (impl_id < 0 || impl_id >= (long)(sizeof names / sizeof names[0]))
		return "unknown";
	return names[impl_id];
}

/* DBCN takes a physical address; the kernel's RAM is identity-mapped, so s
 * (a kernel pointer) is one. */
void arch_console_write(const char *s, size_t n)
{
	if (sbi_has(HAS_DBCN)) {
		/* The console may take fewer bytes than asked (it is
		 * non-blocking); keep offering the rest. An error leaves the
		 * remainder to the legacy path below. */
		while (n > 0) {
			struct sbiret r = sbi_ecall(SBI_EXT_DBCN, DBCN_CONSOLE_WRITE,
						    n, (unsigned long)(uintptr_t)s, 0);
			if (r.error != 0 || r.value < 0 || (size_t)r.value > n)
				break;
			s += r.value;
			n -= (size_t)r.value;
		}
	}
	for (size_t i = 0; i < n; i++)
		legacy_call(SBI_EXT_LEGACY_PUTCHAR, (unsigned char)s[i]);
}

/* Raise the supervisor timer interrupt once `time` reaches deadline, and
 * clear the pending one. UINT64_MAX means "no timer". */
void arch_timer_program(uint64_t deadline)
{
	if (sbi_has(HAS_TIME))
		sbi_ecall(SBI_EXT_TIME, TIME_SET_TIMER, deadline, 0, 0);
	else
		legacy_call(SBI_EXT_LEGACY_SET_TIMER, deadline);
}

long sbi_hart_start(unsigned long hartid, uintptr_t start, unsigned long opaque)
{
	if (!sbi_has(HAS_HSM))
		return -2; /* SBI_ERR_NOT_SUPPORTED: v0.1 firmware starts every hart itself */
	return sbi_ecall(SBI_EXT_HSM, HSM_HART_START, hartid, start, opaque).error;
}

#if HINGE_SMP
/* Raise the supervisor software interrupt (sip.SSIP) on every hart of mask
 * (hart ids 0..63). No remote fence: OpenSBI waits for its targets in a spin
 * loop, which QEMU's -icount round-robin never leaves (docs/smp.md). The
 * legacy call takes the address of a hart mask (an unsigned long). */
void arch_ipi_send(uint64_t mask)
{
	if (sbi_has(HAS_IPI))
		sbi_ecall(SBI_EXT_IPI, IPI_SEND_IPI, mask, 0, 0);
	else
		legacy_call(LEGACY_SEND_IPI, (unsigned long)(uintptr_t)&mask);
}
#endif

void sbi_shutdown(bool failed)
{
	if (sbi_has(HAS_SRST))
		sbi_ecall(SBI_EXT_SRST, SRST_SYSTEM_RESET, SRST_TYPE_SHUTDOWN,
			  failed ? SRST_REASON_FAILURE : SRST_REASON_NONE, 0);
	legacy_call(SBI_EXT_LEGACY_SHUTDOWN, 0);
	for (;;)
		__asm__ volatile("wfi");
}
