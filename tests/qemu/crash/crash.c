/* Faults in user mode; arg picks which. Each kills only this domain. */
#include "hinge.h"

int main(long how)
{
	switch (how) {
	case 0: /* load from kernel memory (mapped, but not user-accessible) */
		return *(volatile int *)0x80200000;
	case 1: /* store to an unmapped address */
		*(volatile int *)0x40000000 = 1;
		break;
	case 2: /* jump into kernel text */
		((void (*)(void))0x80200000)();
		break;
	case 3: /* illegal instruction */
		__asm__ volatile(".word 0");
		break;
	case 4: /* misaligned atomic (never emulated) */
	{
		static long word[2];
		__asm__ volatile("amoadd.w zero, zero, (%0)" :: "r"((char *)word + 1));
		break;
	}
	case 5: /* a system call number that does not exist */
		hinge_syscall(999, 0, 0, 0, 0);
		break;
	case 6: /* store to our own read-only text */
		*(volatile int *)0x10000 = 0;
		break;
	case 7: /* read a RAM address where other domains' pages live */
		return *(volatile int *)0x87000000;
	case 8: /* breakpoint */
		__asm__ volatile("ebreak");
		break;
	}
	return 99; /* not reached when the fault is contained */
}
