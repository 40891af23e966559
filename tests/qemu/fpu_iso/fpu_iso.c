/* FP registers are per domain (lazy FPU, kern/fpu.h): arg 0 fills every f
 * register with a pattern and checks it is still there after others ran;
 * arg 1 checks that its first view of the FP registers is all zeros, then
 * fills them with another pattern (which must not reach domain 0). */
#include <stdio.h>
#include "hinge.h"

#define FILL(v) __asm__ volatile( \
	"fmv.d.x f0, %0\n fmv.d.x f1, %0\n fmv.d.x f8, %0\n fmv.d.x f9, %0\n" \
	"fmv.d.x f18, %0\n fmv.d.x f27, %0\n fmv.d.x f31, %0" :: "r"(v) \
	: "f0", "f1", "f8", "f9", "f18", "f27", "f31")

static uint64_t or_all(uint64_t want)
{
	uint64_t a, b, c, d, e, f, g;
	__asm__ volatile("fmv.x.d %0, f0\n fmv.x.d %1, f1\n fmv.x.d %2, f8\n fmv.x.d %3, f9\n"
			 "fmv.x.d %4, f18\n fmv.x.d %5, f27\n fmv.x.d %6, f31"
			 : "=r"(a), "=r"(b), "=r"(c), "=r"(d), "=r"(e), "=r"(f), "=r"(g));
	/* 0 when every register equals want */
	return (a ^ want) | (b ^ want) | (c ^ want) | (d ^ want) | (e ^ want) | (f ^ want) | (g ^ want);
}

int main(long role)
{
	if (role == 0) {
		FILL(0x1111222233334444ULL);
		hinge_sleep(5);   /* the other domain runs and uses the FPU */
		CHECK(or_all(0x1111222233334444ULL) == 0);
		printf("fpu_iso: domain 0 kept its FP registers\n");
	} else {
		hinge_sleep(1);   /* let domain 0 fill the registers first */
		CHECK(or_all(0) == 0);
		FILL(0x5555666677778888ULL);
		hinge_sleep(1);
		CHECK(or_all(0x5555666677778888ULL) == 0);
		printf("fpu_iso: domain 1 saw zeros, then its own values\n");
	}
	return 0;
}
