/* Boot: from OpenSBI's hand-off to the first user domain.
 *
 * kmain runs once on the boot hart with paging off: it reads the device tree
 * (memory, timebase, initrd, test device), sets up the page allocator and the
 * kernel's W^X page table, traps and the timer, starts the other harts (a
 * kernel built for several: kern/smp.h) and the domains of the boot
 * manifest, and becomes this hart's scheduler loop. */
#include <string.h>
#include "config.h"
#include "arch.h"
#include "hart.h"
#include "console.h"
#include "fdt.h"
#include "palloc.h"
#include "vm.h"
#include "clock.h"
#include "thread.h"
#include "kern/observe.h"
#include "sbi/sbi.h"
#include "smp.h"

struct hart harts[MAX_HARTS];

extern char __text_start[], __text_end[], __rodata_end[], __kernel_end[];
/* The default boot manifest (usr/demo.manifest), linked in by the build. */
extern const char default_manifest[];
extern const unsigned long default_manifest_len;

/* The manifest is copied out of the initrd before the page allocator takes
 * over the memory the initrd occupies. */
static char manifest_text[BOOTFILE_MAX];

void kmain(uint64_t hartid, const void *dtb)
{
	struct hart *h = &harts[hartid < MAX_HARTS ? hartid : 0];
	h->id = (int)hartid;
	arch_set_this_hart(h);
	sbi_init();
	arch_trap_init();

	struct boot_info bi;
	if (fdt_parse_boot_info(dtb, &bi) < 0)
		panic("cannot read the device tree at %p", dtb);
	arch_set_finisher(bi.finisher_base);
	kprintf("[hinge] Hinge booting on hart %lu: %lu MiB RAM at 0x%lx, timebase %lu Hz, SBI %s\n",
		(unsigned long)hartid, (unsigned long)(bi.mem_size >> 20),
		(unsigned long)bi.mem_base, (unsigned long)bi.timebase_hz, sbi_impl_name());

	size_t mlen = default_manifest_len;
	const char *mtext = default_manifest;
	if (bi.initrd_end > bi.initrd_start) {
		mlen = (size_t)(bi.initrd_end - bi.initrd_start);
		if (mlen > sizeof manifest_text)
			panic("initrd of %lu bytes is larger than %lu", (unsigned long)mlen,
			      (unsigned long)sizeof manifest_text);
		memcpy(manifest_text, (const void *)(uintptr_t)bi.initrd_start, mlen);
		mtext = manifest_text;
		kprintf("[hinge] boot manifest from initrd (%lu bytes)\n", (unsigned long)mlen);
	}

	/* The device tree and initrd are not needed past this point: all RAM
	 * above the kernel image is free. */
	palloc_init((uintptr_t)__kernel_end, (uintptr_t)(bi.mem_base + bi.mem_size));
	struct kernel_sections ks = {
		.text_start = (uintptr_t)__text_start,
		.text_end = (uintptr_t)__text_end,
		.rodata_end = (uintptr_t)__rodata_end,
		.kernel_end = (uintptr_t)__kernel_end,
	};
	if (vm_kernel_init(bi.mem_base, bi.mem_base + bi.mem_size, &ks) < 0)
		panic("cannot build the kernel page table");
	arch_vm_init((uint64_t)(uintptr_t)vm_kernel_root());
	kprintf("[hinge] paging on (Sv39, %u ASIDs), %lu free pages\n",
		arch_asid_count(), (unsigned long)palloc_free_count());

	sched_init(&h->sched);
	clock_init(bi.timebase_hz);
#if HINGE_SMP
	kernel_enter(); /* the others wait for it until this hart first idles or enters user mode */
	smp_start_others(bi.nharts);
#endif
	bootrun_start(mtext, mlen);
	scheduler_run();
}

#if HINGE_SMP
/* Every other hart, started by smp_start_others at _start_secondary. */
void kmain_secondary(uint64_t hartid)
{
	struct hart *h = &harts[hartid];
	arch_set_this_hart(h);
	arch_trap_init();
	arch_vm_init((uint64_t)(uintptr_t)vm_kernel_root());
	clock_start();
	smp_join(h);
	scheduler_run();
}
#endif
