/* SBI calls (see sbi.h). Target-only: the ecall below is RISC-V assembly.
 *
 * State is written once by sbi_init() on the boot hart before any other hart
 * runs, and only read afterwards, so it needs no lock. */
#include "sbi.h"

/* BASE extension function ids. */
#define BASE_GET_SPEC_VERSION  0
#define BASE_GET_IMPL_ID       1
#define BASE_GET_IMPL_VERSION  2
#define BASE_PROBE_EXTENSION   3

#define DBCN_CONSOLE_WRITE     0
#define TIME_SET_TIMER         0
#define SRST_SYSTEM_RESET      0

#define SRST_TYPE_SHUTDOWN     0
#define SRST_REASON_NONE       0
#define SRST_REASON_FAILURE    1

/* The extensions sbi_init() probes; index i of probed_ext is bit i of
 * present_ext. */
static const unsigned long probed_ext[] = {
	SBI_EXT_DBCN, SBI_EXT_TIME, SBI_EXT_SRST,
};
#define NPROBED (sizeof(probed_ext) / sizeof(probed_ext[0]))

static unsigned present_ext;
/* Until sbi_init() says otherwise, assume v0.1 firmware: legacy calls only. */
static unsigned long spec_version = 1; /* major 0, minor 1 */
static long impl_id = -1;
static unsigned long impl_version;

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long a0, unsigned long a1, unsigned long a2,
			unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a3 __asm__("a3") = a3;
	register unsigned long r_a4 __asm__("a4") = a4;
	register unsigned long r_a5 __asm__("a5") = a5;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = ext;

	/* The firmware preserves every register but a0 and a1. "memory":
	 * calls such as DBCN write read kernel memory behind the compiler. */
	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){ .error = (long)r_a0, .value = (long)r_a1 };
}

static struct sbiret call0(unsigned long ext, unsigned long fid)
{
	return sbi_ecall(ext, fid, 0, 0, 0, 0, 0, 0);
}

/* Legacy calls return their status in a0 only; a1 is not defined. */
static long legacy_call(unsigned long ext, unsigned long a0)
{
	return sbi_ecall(ext, 0, a0, 0, 0, 0, 0, 0).error;
}

void sbi_init(void)
{
	/* v0.1 firmware has no BASE extension and answers an unknown call with
	 * a nonzero a0; keep the v0.1 defaults then. */
	struct sbiret r = call0(SBI_EXT_BASE, BASE_GET_SPEC_VERSION);
	if (r.error != SBI_SUCCESS)
		return;
	spec_version = (unsigned long)r.value;

	r = call0(SBI_EXT_BASE, BASE_GET_IMPL_ID);
	if (r.error == SBI_SUCCESS)
		impl_id = r.value;
	r = call0(SBI_EXT_BASE, BASE_GET_IMPL_VERSION);
	if (r.error == SBI_SUCCESS)
		impl_version = (unsigned long)r.value;

	for (unsigned i = 0; i < NPROBED; i++) {
		r = sbi_ecall(SBI_EXT_BASE, BASE_PROBE_EXTENSION, probed_ext[i], 0, 0, 0, 0, 0);
		/* probe_extension returns 0 for absent, nonzero (usually 1) for present. */
		if (r.error == SBI_SUCCESS && r.value != 0)
			present_ext |= 1u << i;
	}
}

bool sbi_has(unsigned long ext)
{
	for (unsigned i = 0; i < NPROBED; i++)
		if (probed_ext[i] == ext)
			return (present_ext >> i) & 1u;
	return false;
}

/* Spec version encoding: bit 31 zero, major in bits 30..24, minor in 23..0. */
unsigned sbi_spec_major(void) { return (unsigned)((spec_version >> 24) & 0x7f); }
unsigned sbi_spec_minor(void) { return (unsigned)(spec_version & 0xffffff); }

long sbi_impl_id(void) { return impl_id; }

const char *sbi_impl_name(void)
{
	switch (impl_id) {
	case SBI_IMPL_BBL:     return "BBL";
	case SBI_IMPL_OPENSBI: return "OpenSBI";
	case SBI_IMPL_XVISOR:  return "Xvisor";
	case SBI_IMPL_KVM:     return "KVM";
	case SBI_IMPL_RUSTSBI: return "RustSBI";
	case SBI_IMPL_DIOSIX:  return "Diosix";
	default:               return "unknown";
	}
}

unsigned long sbi_impl_version(void) { return impl_version; }
unsigned sbi_impl_version_major(void) { return (unsigned)((impl_version >> 16) & 0xffff); }
unsigned sbi_impl_version_minor(void) { return (unsigned)(impl_version & 0xffff); }

void sbi_console_write(const char *s, size_t n)
{
	if (sbi_has(SBI_EXT_DBCN)) {
		/* The console may take fewer bytes than asked (it is
		 * non-blocking); keep offering the rest. An error leaves the
		 * remainder to the legacy path below. */
		while (n > 0) {
			struct sbiret r = sbi_ecall(SBI_EXT_DBCN, DBCN_CONSOLE_WRITE,
						    n, (unsigned long)(uintptr_t)s, 0, 0, 0, 0);
			if (r.error != SBI_SUCCESS || r.value < 0 || (size_t)r.value > n)
				break;
			s += r.value;
			n -= (size_t)r.value;
		}
	}
	for (size_t i = 0; i < n; i++)
		legacy_call(SBI_EXT_LEGACY_PUTCHAR, (unsigned char)s[i]);
}

void sbi_set_timer(uint64_t stime)
{
	if (sbi_has(SBI_EXT_TIME))
		sbi_ecall(SBI_EXT_TIME, TIME_SET_TIMER, stime, 0, 0, 0, 0, 0);
	else
		legacy_call(SBI_EXT_LEGACY_SET_TIMER, stime);
}

void sbi_shutdown(bool failed)
{
	if (sbi_has(SBI_EXT_SRST))
		sbi_ecall(SBI_EXT_SRST, SRST_SYSTEM_RESET, SRST_TYPE_SHUTDOWN,
			  failed ? SRST_REASON_FAILURE : SRST_REASON_NONE, 0, 0, 0, 0);
	legacy_call(SBI_EXT_LEGACY_SHUTDOWN, 0);
	for (;;)
		__asm__ volatile("wfi");
}
