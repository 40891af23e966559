/* Host stand-ins for kern/arch.h and the build-generated program table, so
 * that the portable kernel links into the Criterion test binary. They record
 * what the kernel asked of the machine; none of them pretends to switch
 * threads or enter user mode (tests that need that run in QEMU). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kern/arch.h"
#include "kern/hart.h"
#include "kern/program.h"
#include "kern/elf.h"
#include "fake_arch.h"

struct fake_arch fake_arch;
struct hart harts[MAX_HARTS];

void arch_switch(struct kcontext *from, struct kcontext *to)
{
	(void)from;
	(void)to;
	fake_arch.switches++;
	void (*meanwhile)(void) = fake_arch.on_switch;
	fake_arch.on_switch = NULL;
	if (meanwhile)
		meanwhile();
}

void arch_kcontext_init(struct kcontext *ctx, uintptr_t stack_top, void (*fn)(void))
{
	ctx->ra = (uint64_t)(uintptr_t)fn;
	ctx->sp = stack_top;
}

void arch_user_enter(struct trapframe *tf)
{
	(void)tf;
	fprintf(stderr, "fake arch: arch_user_enter reached on the host\n");
	abort();
}

void arch_trap_init(void) {}
void arch_set_this_hart(struct hart *h) { (void)h; }
struct hart *arch_this_hart(void) { return &harts[0]; }
void arch_vm_init(uint64_t root) { (void)root; }
void arch_vm_activate(uint64_t root, uint16_t asid)
{
	fake_arch.active_root = root;
	fake_arch.active_asid = asid;
}
void arch_vm_flush_asid(uint16_t asid) { (void)asid; }
uint64_t arch_vm_token(uint64_t root, uint16_t asid) { return root | ((uint64_t)asid << 48); }
void arch_vm_switch(uint64_t token)
{
	fake_arch.active_root = token & ((1ULL << 48) - 1);
	fake_arch.active_asid = (uint16_t)(token >> 48);
}
unsigned arch_asid_count(void) { return 65536; }
uint64_t arch_time(void) { return fake_arch.time; }
uint64_t arch_instret(void) { return 0; }
void arch_timer_program(uint64_t deadline) { fake_arch.timer = deadline; }
void arch_idle_wait(void) {}
bool arch_timer_pending(void) { return false; }
uint64_t arch_trap_cause(void) { return 0; }
uint64_t arch_trap_value(void) { return 0; }
void arch_console_write(const char *s, size_t n)
{
	size_t room = sizeof fake_arch.console - 1 - fake_arch.console_len;
	size_t k = n < room ? n : room;
	memcpy(fake_arch.console + fake_arch.console_len, s, k);
	fake_arch.console_len += k;
	fake_arch.console[fake_arch.console_len] = '\0';
	fwrite(s, 1, n, stdout);
}
void arch_set_finisher(uint64_t base) { (void)base; }
void arch_shutdown(int failed)
{
	fprintf(stderr, "fake arch: shutdown(%d)\n", failed);
	exit(failed ? 2 : 3);
}

/* "tiny": the smallest image elf_load accepts (four nops in one executable
 * segment at USER_BASE), so that domains can be created on the host
 * (tests/unit/test_domain.c). Never run. */
static const struct {
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	uint32_t code[4];
} tiny = {
	.eh = { .e_ident = { ELF_MAG0, 'E', 'L', 'F', ELF_CLASS64, ELF_DATA2LSB, ELF_EV_CURRENT },
		.e_type = ELF_ET_EXEC, .e_machine = ELF_EM_RISCV, .e_version = ELF_EV_CURRENT,
		.e_entry = USER_BASE, .e_phoff = sizeof(struct elf64_ehdr),
		.e_ehsize = sizeof(struct elf64_ehdr), .e_phentsize = sizeof(struct elf64_phdr),
		.e_phnum = 1 },
	.ph = { .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_X,
		.p_offset = sizeof(struct elf64_ehdr) + sizeof(struct elf64_phdr),
		.p_vaddr = USER_BASE, .p_paddr = USER_BASE, .p_filesz = 16, .p_memsz = 16,
		.p_align = PAGE_SIZE },
	.code = { 0x13, 0x13, 0x13, 0x13 },
};

const struct program programs[] = { { "none", "", 0 }, { "tiny", &tiny, sizeof tiny } };
const unsigned long nprograms = 2;

void arch_user_fpu(bool on) { fake_arch.user_fpu = on; }
void arch_fpu_save(struct fpstate *st) { (void)st; fake_arch.fpu_saves++; }
void arch_fpu_load(const struct fpstate *st) { (void)st; fake_arch.fpu_loads++; }
void arch_fpu_zero(void) { fake_arch.fpu_zeros++; }
