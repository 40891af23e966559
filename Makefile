# Hinge build. `make qemu` boots the demo, `make test` runs every test.
# Everything is built into build/ (build-debug/ with DEBUG=1); `make clean`
# removes both. Compile lines print as "CC file"; V=1 shows the commands.

CROSS    ?= riscv64-unknown-elf-
CC_T      = $(CROSS)gcc
OBJCOPY   = $(CROSS)objcopy
HOSTCC   ?= gcc
QEMU     ?= qemu-system-riscv64
OPENSBI  ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
PICOLIBC  = /usr/lib/picolibc/riscv64-unknown-elf
# DEBUG=1: a kernel for gdb (docs/gdb.md): -Og and no LTO, so that `next`
# follows the source and backtraces see every function. It goes to its own
# directory, so a debug object never ends up in a normal kernel.
# FAILALLOC=1: a kernel whose n-th pool allocation fails on request
# (docs/robustness.md, `make failalloc`), in build-failalloc/.
ifeq ($(DEBUG),1)
B         = build-debug
KOPT      = -Og
else ifeq ($(COVERAGE),1)
# COVERAGE=1: a kernel that counts which lines run and prints the counts at
# its end (kern/scenario/coverage.h, `make coverage`), in build-coverage/.
B         = build-coverage
KOPT      = -O1 -DHINGE_COVERAGE -fprofile-arcs -ftest-coverage -fprofile-update=single \
            -fprofile-info-section=gcov_info
KCOV      = $(shell $(CC_T) -march=rv64imac -mabi=lp64 -print-file-name=libgcov.a)
else ifeq ($(FAILALLOC),1)
B         = build-failalloc
KOPT      = -O2 -flto -DHINGE_FAILALLOC
else
B         = build
KOPT      = -O2 -flto
endif
# FASTPATH=0: a kernel without the door fast path (kern/config.h), built
# into its own directory ($(B)-nofast); `make test` runs the QEMU tests and
# scenarios on it too, and `make test FASTPATH=0` runs everything on it.
FASTPATH ?= 1
# HARTS=N: QEMU gives N harts (1..8). N > 1 builds the kernel for several
# harts (kern/smp.h, docs/smp.md) into $(B)-smp, or $(B)-smp-nofast with
# FASTPATH=0.
HARTS    ?= 1
ifneq ($(HARTS),1)
B        := $(B)-smp
SMPFLAGS  = -DHINGE_SMP=1
endif
ifeq ($(FASTPATH),0)
B        := $(B)-nofast
endif
# Quiet build: $(call say,CC,file) at the start of a command prints "CC file"
# instead of the command (V=1: the command); Q hides one that says nothing.
ifeq ($(V),1)
Q         =
say       =
else
Q         = @
say       = @printf '  %-7s %s\n' $(1) $(2);
endif

WARN      = -Wall -Wextra -Werror
# Kernel: no floating point (the FPU belongs to user domains), medany code
# model because it runs at 0x80200000, picolibc for string/printf functions.
KARCH     = -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
KCFLAGS   = -std=c11 $(WARN) $(KOPT) -g $(KARCH) -ffreestanding -fno-common \
            -fno-stack-protector -fno-pie -I. -Ikern/abi -isystem $(PICOLIBC)/include \
            -DHINGE_FASTPATH=$(FASTPATH) $(SMPFLAGS)
KLIBS     = $(KCOV) -L$(PICOLIBC)/lib/rv64imac/lp64 -lc $(shell $(CC_T) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)
# User programs: full rv64gc; linked without relaxation so gp is never used
# (a door entry runs with every register cleared but its arguments).
UARCH     = -march=rv64gc -mabi=lp64d -mcmodel=medany
UCFLAGS   = -std=c11 $(WARN) -O2 -g $(UARCH) -ffreestanding -fno-common \
            -fno-stack-protector -fno-pie -Ikern/abi $(UINC) -isystem $(PICOLIBC)/include
UINC      = -Iusr/lib
# The illumos door layer (usr/lib/solaris/) and the programs written for it
# (tests/qemu/sol_*): <door.h> is the illumos one, errno is per thread.
SOLARIS_FLAGS = -D__PICOLIBC_ERRNO_FUNCTION=solaris_errno_location
ULIBS     = -L$(PICOLIBC)/lib/rv64imafdc/lp64d -lc -lgcc
HCFLAGS   = -std=gnu11 $(WARN) -O1 -g -DHINGE_HOST -I. -Ikern/abi

# Portable kernel logic (also compiled on the host for the unit tests) and
# the RISC-V-only parts.
PORT_SRCS = $(wildcard kern/*.c kern/scenario/*.c doors/*.c)
# asm_offsets.c is compiled to assembly only, for $(B)/gen/asm_offsets.h.
ARCH_SRCS = $(filter-out kern/arch/riscv/asm_offsets.c,$(wildcard kern/arch/riscv/*.c kern/arch/riscv/*.S sbi/*.c))
KOBJS     = $(patsubst %,$(B)/k/%.o,$(PORT_SRCS) $(ARCH_SRCS)) $(B)/k/programs.o
# kern/main.c is boot glue (linker symbols, SBI); it is not unit-tested.
HOST_SRCS = $(filter-out kern/main.c,$(PORT_SRCS)) $(wildcard tests/unit/*.c)

ULIB_SRCS = $(wildcard usr/lib/*.c usr/lib/solaris/*.c)
ULIB_OBJS = $(patsubst %,$(B)/u/%.o,$(ULIB_SRCS))
# The user library is an archive, so a program carries only what it uses
# (the Solaris-style door layer's activation stacks are 96 KiB); crt0 is
# linked into every program.
ULIB      = $(B)/u/libhinge.a
CRT0      = $(B)/u/usr/lib/crt0.S.o
# A QEMU test program lives in its own folder beside its manifests
# (tests/qemu/PROGRAM/PROGRAM.c). Manifests name programs by file name alone,
# so two programs with one name would silently shadow each other: refuse.
PROG_SRCS = $(wildcard usr/*.c tests/qemu/*/*.c bench/*.c)
PROG_NAMES = $(basename $(notdir $(PROG_SRCS)))
PROG_CLASH = $(shell printf '%s\n' $(PROG_NAMES) | sort | uniq -d)
ifneq ($(PROG_CLASH),)
$(error programs share a name (manifests could not tell them apart): $(PROG_CLASH))
endif
PROGS     = $(patsubst %,$(B)/prog/%.elf,$(PROG_NAMES))

# -icount shift=0: one virtual nanosecond per instruction, so runs are
# deterministic (and rdinstret exact for benchmarks); sleep=off: an idle hart
# (wfi) jumps to the next timer deadline instead of letting host time pass,
# which would make idle periods, and everything after them, vary per run.
QEMUMACHINE = -machine virt -cpu rv64 -smp $(HARTS) -m 128M -nographic
QEMUFLAGS = $(QEMUMACHINE) -icount shift=0,sleep=off -bios $(OPENSBI)
# Under gdb, sleep=off is dropped: QEMU 7.2's gdbstub never completes a
# single step (stepi, next, finish) with it. -icount shift=0 alone keeps one
# nanosecond per instruction, so a program meets its timer ticks where it
# does in the tests, except that an idle hart waits in host time.
QEMUGDBFLAGS = $(QEMUMACHINE) -icount shift=0
# The gdb stub's port: one per user, so that users of one machine do not
# take each other's (as xv6 does).
GDBPORT ?= $(shell expr 26000 + $$(id -u) % 5000)

# Keep intermediate objects: make would otherwise delete them at the end of a
# run, after the test summary that must be the last line of `make test`.
.SECONDARY:

.PHONY: all deps kernel qemu run test unit gdb clean bench scenario trace chaos loc lab grade fuzz failalloc coverage \
        paper paper-check paper-data
all: deps kernel

deps:
	@sh scripts/setup.sh

kernel: $(B)/kernel.elf

$(B)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC_T) $(KCFLAGS) -MMD -MP -c $< -o $@
$(B)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC_T) $(KCFLAGS) -I$(B)/gen -MMD -MP -c $< -o $@
# The offsets trap.S takes from C structures: each "@@asm NAME VALUE" line
# of asm_offsets.c's assembly (kept beside it, with any file the compiler
# writes for it) becomes "#define NAME VALUE".
$(B)/gen/asm_offsets.h: kern/arch/riscv/asm_offsets.c
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)$(CC_T) $(KCFLAGS) -fno-lto -MMD -MP -MT $@ -MF $@.d -S $< -o $@.s && \
		sed -n 's/^@@asm \([A-Z_0-9]*\) \(-\{0,1\}[0-9]*\)$$/#define \1 \2/p' $@.s > $@.tmp && mv $@.tmp $@
$(B)/k/kern/arch/riscv/trap.S.o: $(B)/gen/asm_offsets.h

$(B)/u/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC_T) $(UCFLAGS) -MMD -MP -c $< -o $@
$(B)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC_T) $(UCFLAGS) -MMD -MP -c $< -o $@

$(ULIB): $(ULIB_OBJS)
	$(Q)rm -f $@
	$(call say,AR,$@)$(CROSS)ar rcs $@ $^

ULINK = $(CC_T) $(UARCH) -nostdlib -nostartfiles -static -Wl,--no-relax -T usr/lib/user.ld
# One link rule for every program; each program's own object (the only .c.o
# among the prerequisites, crt0 being a .S.o) is added to its ELF's by eval.
$(foreach s,$(PROG_SRCS),$(eval $(B)/prog/$(basename $(notdir $(s))).elf: $(B)/u/$(s).o))
$(PROGS): $(CRT0) $(ULIB) usr/lib/user.ld
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(ULINK) $(CRT0) $(filter %.c.o,$^) -Wl,--start-group $(ULIB) $(ULIBS) -Wl,--end-group -o $@
# The QEMU test programs share tests/qemu/door_test.h, whose messages name
# the program by TEST.
$(B)/u/tests/qemu/%.c.o: UCFLAGS += -Itests/qemu -DTEST='"$(notdir $*)"'
$(B)/u/usr/lib/solaris/%.c.o $(B)/u/tests/qemu/sol_%.c.o: UINC = -Iusr/lib/solaris -Iusr/lib
$(B)/u/usr/lib/solaris/%.c.o $(B)/u/tests/qemu/sol_%.c.o: UCFLAGS += $(SOLARIS_FLAGS)

# The fuzzer checks each error code against docs/syscalls.md's lists
# (scripts/syscall-errors.py writes them as a header).
$(B)/gen/syscall_errors.h: docs/syscalls.md kern/abi/hinge/errno.h scripts/syscall-errors.py
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)python3 scripts/syscall-errors.py docs/syscalls.md kern/abi/hinge/errno.h > $@
$(B)/u/usr/fuzz.c.o: $(B)/gen/syscall_errors.h
$(B)/u/usr/fuzz.c.o: UCFLAGS += -I$(B)/gen

# Every program is embedded in the kernel image, with its name.
$(B)/k/programs.S: $(PROGS) usr/demo.manifest scripts/embed-programs.sh
	@mkdir -p $(dir $@)
	$(call say,EMBED,$@)sh scripts/embed-programs.sh usr/demo.manifest $(PROGS) > $@
$(B)/k/programs.o: $(B)/k/programs.S
	$(call say,CC,$<)$(CC_T) $(KCFLAGS) -c $< -o $@

$(B)/kernel.elf: $(KOBJS) kern/arch/riscv/kernel.ld
	$(call say,LD,$@)$(CC_T) $(KARCH) $(KOPT) -nostdlib -static -Wl,--no-relax -T kern/arch/riscv/kernel.ld $(KOBJS) $(KLIBS) -o $@

# Boot the default demo manifest; QEMU exits by itself with the verdict.
# The console starts at the kernel's first line (scripts/quiet-boot.sh).
BOOT = $(if $(filter 1,$(V)),,sh scripts/quiet-boot.sh) timeout 120 $(QEMU) $(QEMUFLAGS)
# TRACE=1 on qemu, run, scenario or bench: the kernel traces the run (the
# manifest gets a `trace` line; a scenario is always traced) and its
# pictures are written into OUT, by default build/trace/NAME
# (docs/pictures.md). Off by default, and then the kernel pays a load and a
# branch per event and nothing on the door fast paths.
TRACE ?=
TRACE_PICTURES = python3 scripts/trace_pictures.py --build $(B) --qemu $(QEMU) --bios $(OPENSBI)
qemu: deps kernel
ifeq ($(TRACE),1)
	$(Q)$(TRACE_PICTURES) --run $(if $(OUT),--out $(OUT)) usr/demo.manifest
else
	$(Q)$(BOOT) -kernel $(B)/kernel.elf
	@echo "Pictures of this run (docs/pictures.md): make qemu TRACE=1"
endif

# Boot with a manifest file of your own: make run M=tests/qemu/preempt/one_tick.manifest [TRACE=1]
run: deps kernel
ifeq ($(TRACE),1)
	$(Q)$(TRACE_PICTURES) --run $(if $(OUT),--out $(OUT)) $(M)
else
	$(Q)$(BOOT) -kernel $(B)/kernel.elf -initrd $(M)
endif

# Run one fault-injection scenario (docs/scenarios.md): trace, results, verdict.
#   make scenario S=tests/scenarios/leaf-fault.scn [TRACE=1 [OUT=DIR]]
scenario: deps kernel
	python3 scripts/scenario.py --build $(B) --harts $(HARTS) $(if $(filter 1,$(TRACE)),--pictures $(or $(OUT),$(B)/trace/$(basename $(notdir $(S))))) $(S)

# Pictures of one scenario run, or of a boot manifest's (docs/pictures.md):
# trace.json for ui.perfetto.dev, sequence.svg and schedule.svg, into OUT.
#   make trace S=tests/scenarios/middle-kill.scn [OUT=build/trace/middle-kill]
#   make trace M=usr/demo.manifest [OUT=build/trace/demo]
trace: deps kernel
	python3 scripts/trace_pictures.py --build $(B) $(if $(OUT),--out $(OUT)) $(S) $(M)

# Random scenarios checked against global invariants (docs/scenarios.md,
# "Chaos runs"); the same SEED gives the same files. A failing one is saved
# as build/chaos/fail-SEED-INDEX.scn. BATCH scenarios run in one boot.
#   make chaos SEED=1 RUNS=1000 [BATCH=40] [HARTS=2: domains spread over 2 harts]
SEED ?= 1
RUNS ?= 1000
BATCH ?= 40
chaos: deps kernel
	python3 scripts/chaos.py --build $(B) --harts $(HARTS) --qemu $(QEMU) --bios $(OPENSBI) --seed $(SEED) --runs $(RUNS) --batch $(BATCH)

# The system call fuzzer (usr/fuzz.c, docs/robustness.md): random system
# calls with interesting arguments, waves checked against the idle counts.
#   make fuzz SEED=1 STEPS=3000
STEPS ?= 3000
fuzz: deps kernel
	$(Q)QEMU='$(QEMU)' OPENSBI='$(OPENSBI)' sh scripts/fuzz.sh $(B) $(SEED) $(STEPS)

# Allocation-failure injection (docs/robustness.md): a FAILALLOC=1 kernel
# in build-failalloc/, each pool allocation of some QEMU tests made to fail
# in turn (scripts/failalloc.py says which tests and how each boot is judged).
#   make failalloc [FA_TESTS='tests/qemu/door_basic/client_server.manifest']
failalloc: deps
	$(Q)$(MAKE) --no-print-directory FAILALLOC=1 kernel
	python3 scripts/failalloc.py --build build-failalloc --qemu $(QEMU) $(FA_TESTS)

# Line coverage of the kernel under make test's QEMU tests and scenarios
# (docs/robustness.md): a COVERAGE=1 kernel in build-coverage/, its counts
# read from each console, a gcovr report in build-coverage/report/.
coverage: deps
	$(Q)$(MAKE) --no-print-directory COVERAGE=1 kernel
	python3 scripts/coverage.py --build build-coverage

# Debug under gdb (docs/gdb.md): QEMU waits for gdb on GDBPORT and ends
# with it. make gdb [M=MANIFEST] [DEBUG=1] [GDBPORT=N]
gdb: deps kernel
	@echo "QEMU's gdb stub: tcp::$(GDBPORT); \`continue\` boots, \`quit\` ends QEMU too."
	$(Q)QEMU='$(QEMU)' OPENSBI='$(OPENSBI)' QEMUGDBFLAGS='$(QEMUGDBFLAGS)' \
	sh scripts/gdb.sh $(B)/kernel.elf $(GDBPORT) '$(M)'

$(B)/host/unit: $(HOST_SRCS) $(wildcard kern/*.h kern/scenario/*.h doors/*.h kern/abi/hinge/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$@)$(HOSTCC) $(HCFLAGS) $(HOST_SRCS) -lcriterion -o $@

unit: deps $(B)/host/unit
	$(B)/host/unit

# T=GLOB runs only the tests so named (scripts/run-tests.sh), e.g.
#   make test T='qemu/door_basic/*'   make test T=deep-crash-03   make test T='inherit/*'
# With the fast path on, the QEMU tests and the scenarios run a second time on
# the FASTPATH=0 kernel (NOFAST_B), named nofast/qemu/... and nofast/scenario-batch
ifeq ($(FASTPATH),0)
NOFAST_B  =
else
NOFAST_B  = $(B)-nofast
endif
# and, on the one-hart kernel, the QEMU tests run a third time on a kernel
# for several harts (SMP_B) on 2 harts, named smp2/qemu/..., with its
# stress test on 4 harts.
ifeq ($(HARTS),1)
SMP_B     = $(if $(filter %-nofast,$(B)),$(patsubst %-nofast,%-smp-nofast,$(B)),$(B)-smp)
else
SMP_B     =
endif
test: deps kernel $(B)/host/unit
ifneq ($(NOFAST_B),)
	$(Q)$(MAKE) --no-print-directory FASTPATH=0 kernel
endif
ifneq ($(SMP_B),)
	$(Q)$(MAKE) --no-print-directory HARTS=2 kernel
endif
	$(Q)T='$(T)' B='$(B)' NOFAST_B='$(NOFAST_B)' SMP_B='$(SMP_B)' HARTS='$(HARTS)' FASTPATH='$(FASTPATH)' \
		QEMUGDBFLAGS='$(QEMUGDBFLAGS)' sh scripts/run-tests.sh

# Instruction counts under -icount shift=0, each manifest booted twice and
# required to agree (bench/README.md). One group: make bench BENCH=bench/door-null.manifest
# The smp* groups ("# harts: N") run on the kernel for several harts, built
# here when one of them is asked for.
# The plots use Debian's matplotlib, hence Debian's python3 (PLOT_PYTHON).
# TRACE=1: each group booted once, traced, and drawn into OUT/GROUP (default
# build/trace/GROUP); its numbers, perturbed by the trace, are not kept.
BENCH ?= $(wildcard bench/*.manifest)
PLOT_PYTHON ?= /usr/bin/python3
bench: deps kernel
ifeq ($(TRACE),1)
	$(Q)for m in $(BENCH); do $(TRACE_PICTURES) --timeout 300 \
		$(if $(OUT),--out $(OUT)/$$(basename $$m .manifest)) $$m || exit 1; done
else
ifneq ($(and $(SMP_B),$(filter bench/smp%,$(BENCH))),)
	$(Q)$(MAKE) --no-print-directory HARTS=2 kernel
endif
	python3 bench/run.py --build $(B) --smp-build $(or $(SMP_B),$(B)) --qemu $(QEMU) --bios $(OPENSBI) \
		--repeat 2 $(BENCH)
	$(PLOT_PYTHON) bench/plot.py
endif

# The workshop paper (paper/README.md): its numbers and tables generated from
# bench/results/ and paper/data/ (scripts/paper_numbers.py), its plots from
# bench/plot.py, its trace figures from the scenarios below (make trace,
# drawn as PDF by rsvg-convert), built by latexmk in build/paper/ and copied
# to paper/hinge.pdf. TeX Live is installed here only (setup.sh paper).
# paper-check: the PDF's pages and references (scripts/paper_check.py).
# paper-data: the chaos, fuzz and coverage runs the paper quotes, recorded in
# paper/data/robustness.json (a few minutes; scripts/paper_record.py).
PAPER_B      = build/paper
PAPER_TRACES = middle-kill inversion-mutex inversion-nopi
paper: deps kernel
	@sh scripts/setup.sh paper
	@mkdir -p $(PAPER_B)/gen $(PAPER_B)/fig
	$(call say,GEN,$(PAPER_B)/gen)python3 scripts/paper_numbers.py --out $(PAPER_B)/gen
	$(call say,PLOT,$(PAPER_B)/fig)$(PLOT_PYTHON) bench/plot.py --out $(PAPER_B)/fig --format pdf > /dev/null
	$(Q)for s in $(PAPER_TRACES); do \
		python3 scripts/trace_pictures.py --build $(B) --out $(PAPER_B)/trace/$$s tests/scenarios/$$s.scn \
			> $(PAPER_B)/trace-$$s.log 2>&1 || { cat $(PAPER_B)/trace-$$s.log; exit 1; }; \
		for p in sequence schedule; do \
			rsvg-convert -f pdf -o $(PAPER_B)/fig/$$s-$$p.pdf $(PAPER_B)/trace/$$s/$$p.svg || exit 1; \
		done; \
	done
	$(Q)cp paper/hinge.tex paper/hinge.bib $(PAPER_B)/
	$(call say,LATEX,$(PAPER_B)/hinge.pdf)cd $(PAPER_B) && latexmk -pdf -interaction=nonstopmode -halt-on-error \
		-silent hinge.tex > latexmk.log 2>&1 || { tail -n 40 latexmk.log; grep -A5 '^!' hinge.log; exit 1; }
	$(Q)cp $(PAPER_B)/hinge.pdf paper/hinge.pdf
	@echo "paper: paper/hinge.pdf ($$(pdfinfo paper/hinge.pdf | sed -n 's/^Pages: *//p') pages)"
paper-check: paper
	python3 scripts/paper_check.py --build $(PAPER_B)
paper-data: deps kernel
	python3 scripts/paper_record.py

# Lines of code of each part, the table of README's "Size" (scripts/loc.py;
# `make test` checks README's copy and the kernel proper's ceiling).
loc:
	@python3 scripts/loc.py

# Labs (docs/labs/README.md): lab N's starting tree, a copy of this one with
# the lab's code stubbed out, and its grader, run in either tree.
#   make lab LAB=1 DIR=~/hinge-lab1   make grade LAB=1
lab:
	python3 scripts/lab.py start $(LAB) $(DIR)
grade: deps $(B)/host/unit
	@python3 scripts/lab.py grade --build $(B) $(LAB)

clean:
	rm -rf build build-debug build-failalloc build-coverage build-nofast build-debug-nofast build-smp build-debug-smp build-smp-nofast build-debug-smp-nofast paper/hinge.pdf

# Header dependencies of every object built here; not those of the lab
# starting trees under $(B)/labs, each a tree of its own with its own build.
-include $(shell find $(B) -path $(B)/labs -prune -o -name '*.d' -print 2>/dev/null)
