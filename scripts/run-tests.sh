#!/bin/sh
# Runs every test of Hinge and ends with one line "N passed, N failed":
#   1. the Criterion unit tests on the host (build/host/unit), each counted,
#      and the host tests of the scenario tools (tests/scripts/, Python
#      unittest: the parser, the compiled form, the console), each counted;
#   2. every QEMU test: tests/qemu/PROGRAM/VARIANT.manifest booted with the
#      kernel, named qemu/PROGRAM/VARIANT, and the demos usr/NAME.manifest,
#      named qemu/usr/NAME (qemu/usr/fuzz: the system call fuzzer's short
#      run, docs/robustness.md); the kernel shuts QEMU down with
#      status 0 exactly when every domain ended as the manifest expects; a
#      VARIANT.expected file beside the manifest also asks for its lines, in
#      order, among the console's lines (what the programs print). Each
#      boot has its own timeout, and runs under -icount shift=0,sleep=off:
#      virtual time advances with retired instructions, and while the hart
#      idles it jumps to the next timer deadline instead of following the
#      host's clock (sleep=on, QEMU's default, let a loaded host stretch idle
#      gaps and broke tests with few-tick margins such as door_crash), so
#      tests that look at time see the same numbers on a loaded CI machine as
#      on an idle one;
#   3. every fault-injection scenario, run by scripts/scenario.py
#      (docs/scenarios.md): the files tests/scenarios/NAME.scn and those
#      generated into $B/scenarios/ (by tests/scenarios/gen-deep.py, at each
#      run), named scenario/NAME; one passes when every expectation of the
#      file holds and the kernel's verdict is PASS;
#   4. every scenario again, all in one boot (a batch file, docs/scenarios.md
#      "Batches"), counted as one test, "scenario-batch": it passes when every
#      scenario's expectations hold on its slice and the kernel's object
#      counts come back to the baseline after each;
#      With NOFAST_B set (make test sets it, unless FASTPATH=0 already
#      made the whole run's kernel so), step 2 runs again on the kernel
#      built with FASTPATH=0 (no door fast path: kern/config.h), named
#      nofast/qemu/PROGRAM/VARIANT, and step 4 as nofast/scenario-batch
#      (a scenario traces every call, which takes the general path on both
#      kernels: one boot of them all is enough), so that every rule is
#      checked on the general door path too;
#      Then the differential test "door-diff": tests/qemu/door_diff's
#      pseudo-random run of calls, returns, revocations, dups, closes and a
#      death, booted on both kernels, must print the same steps;
#      With SMP_B set (make test sets it when HARTS=1), step 2 runs again
#      on the kernel built for several harts, on 2 harts, named
#      smp2/qemu/PROGRAM/VARIANT; then the manifests of tests/smp/ (the
#      parties on different harts, stress runs on 4 harts), each on the harts
#      its "# harts: N" line says, named smpN/NAME, and every scenario with
#      its domains dealt over 2 harts (tests/smp/gen-harts.py) in one boot,
#      "smp2/scenario-batch" (docs/smp.md); with HARTS=N > 1, $B is that
#      kernel, step 2 runs on N harts and the tests/smp/ ones follow;
#   5. a scripted gdb session (tests/gdb/step-into-server.sh: break at the
#      door call, step into the server with the Hinge gdb commands, run to
#      the end), counted as one test, "gdb/step-into-server", under its own
#      timeout, not on a FASTPATH=0 kernel (it breaks in the fast path);
#      QEMU runs with QEMUGDBFLAGS (the Makefile's: no sleep=off, with
#      which QEMU's gdb stub cannot single-step);
#   6. the pictures of a fresh middle-kill run (scripts/trace_pictures.py,
#      docs/pictures.md), checked by tests/scripts/test_pictures.py --check,
#      counted as one test, "pictures", and of the default demo manifest
#      run with a `trace` line, "pictures/demo"; of a plain manifest run as
#      `make run M=... TRACE=1` runs it (an inversion through a door and a
#      mutex, whose boosts the pictures must name), "pictures/run"; and of
#      a traced benchmark, whose events overflow the kernel's trace ring:
#      the loss must be counted and reported, "pictures/overflow";
#   7. the checks of the documentation's claims, each one test:
#      "docs/tour-refs" (scripts/check-doc-refs.py: every file and function
#      docs/tour.md and doors/README.md's door call cite exists) and
#      "loc/kernel-proper" (scripts/loc.py --check README.md: the kernel
#      proper is within its line ceiling and README's "Size" table is
#      make loc's);
#      "paper" (make paper-check, paper/README.md: the paper builds from
#      this tree's results, its pages render, its numbers are all
#      generated), only when TeX Live is already installed (setup.sh paper
#      --check): the suite never installs it, and says when it skips it;
#   8. a small fixed batch of chaos runs (scripts/chaos.py, random scenarios
#      checked against global invariants; CHAOS_SEED, CHAOS_RUNS, CHAOS_BATCH
#      scenarios per boot), counted as one test, "chaos": it passes when
#      every run of the batch does; with SMP_B set, the same batch again on
#      that kernel, its domains placed at random on 2 harts, "smp2/chaos";
#   9. every lab (docs/labs/, scripts/lab.py), each one test, "lab/N": lab
#      N's grade gives full marks in this tree, and its starting tree, made
#      in $B/labs/N, builds and is graded below full marks.
# T=GLOB runs only the tests whose name matches it (shell glob): unit tests
# through Criterion's --filter (SUITE/TEST, or unit/SUITE/TEST), QEMU tests
# by qemu/PROGRAM/VARIANT, PROGRAM/VARIANT or PROGRAM, scenarios by
# scenario/NAME or NAME, and scenario-batch, gdb/step-into-server,
# docs/tour-refs, loc/kernel-proper, chaos, smp2/chaos and lab/N by those names, and
# the FASTPATH=0 runs by nofast/qemu/..., nofast/PROGRAM/VARIANT and
# nofast/scenario-batch, and door-diff.
# Exit status is non-zero when anything failed, or when T matched nothing.
set -u
B=${B:-build}
QEMU=${QEMU:-qemu-system-riscv64}
OPENSBI=${OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
TIMEOUT=${TIMEOUT:-60}
QEMUGDBFLAGS=${QEMUGDBFLAGS:--machine virt -cpu rv64 -smp 1 -m 128M -nographic -icount shift=0}
T=${T:-}
# NOFAST_B: the build directory of a kernel made with FASTPATH=0, whose QEMU
# tests and scenarios run too (empty: none).
NOFAST_B=${NOFAST_B:-}
# FASTPATH: 0 when $B's kernel was built without the door fast path.
FASTPATH=${FASTPATH:-1}
# HARTS: the harts QEMU gives $B's kernel (make test HARTS=N).
HARTS=${HARTS:-1}
# SMP_B: the build directory of a kernel made for several harts (HARTS=2),
# whose QEMU tests run too, on 2 harts, and its stress test on 4 (empty:
# none).
SMP_B=${SMP_B:-}
# LOGS: where each test's log goes (make grade's QEMU tests use their own).
LOGS=${LOGS:-$B/test-logs}
mkdir -p "$LOGS"
pass=0
fail=0

# Whether one of the names of a test (its full name first) matches T.
selected() {
	[ -z "$T" ] && return 0
	for n; do
		case $n in $T) return 0 ;; esac
	done
	return 1
}

# One test's outcome: passed NAME [DETAIL], or failed NAME WHY LOG (the end
# of the log follows, indented).
passed() {
	echo "PASS  $1${2:+ ($2)}"
	pass=$((pass + 1))
}
failed() {
	echo "FAIL  $1 ($2); last lines of $3:"
	tail -n "${4:-15}" "$3" | sed 's/^/      /'
	fail=$((fail + 1))
}

# Whether the console log $2 holds the lines of manifest $1's .expected
# file, if it has one, in order (other lines may come between).
output_ok() {
	exp="${1%.manifest}.expected"
	[ -f "$exp" ] || return 0
	tr -d '\r' < "$2" | awk 'NR == FNR { want[n++] = $0; next } i < n && $0 == want[i] { i++ }
		END { if (i < n) { print "      missing expected line: " want[i]; exit 1 } }' "$exp" -
}

echo "== unit tests (Criterion, host)"
"$B/host/unit" --jobs 2 ${T:+--filter "${T#unit/}"} > "$LOGS/unit.log" 2>&1
cat "$LOGS/unit.log"
synth=$(grep 'Synthesis:' "$LOGS/unit.log" | tail -n 1)
if [ -z "$synth" ]; then
	echo "unit tests: no Criterion synthesis line (the test binary crashed?)"
	fail=$((fail + 1))
else
	up=$(echo "$synth" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	uf=$(echo "$synth" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	uc=$(echo "$synth" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	pass=$((pass + up))
	fail=$((fail + uf + uc))
fi

echo "== host tests of the scenario tools (Python unittest, tests/scripts)"
if selected "scripts/" scripts; then
	python3 -m unittest discover -s tests/scripts -v > "$LOGS/scripts.log" 2>&1
	sed -n -e 's/^[a-z_0-9]* (\(.*\)) \.\.\. ok$/PASS  scripts\/\1/p' \
		-e 's/^[a-z_0-9]* (\(.*\)) \.\.\. \(FAIL\|ERROR\)$/FAIL  scripts\/\1 (\2)/p' "$LOGS/scripts.log"
	sp=$(grep -c ' \.\.\. ok$' "$LOGS/scripts.log")
	sf=$(grep -cE ' \.\.\. (FAIL|ERROR)$' "$LOGS/scripts.log")
	if [ "$sp" -eq 0 ] && [ "$sf" -eq 0 ]; then
		failed "host tests of the scenario tools" "none ran" "$LOGS/scripts.log"
	else
		[ "$sf" -eq 0 ] || sed -n '/^=====/,$p' "$LOGS/scripts.log" | sed 's/^/      /'
		pass=$((pass + sp))
		fail=$((fail + sf))
	fi
fi

# Every QEMU test booted with the kernel $1/kernel.elf on $3 harts (default
# HARTS), named $2qemu/... (a test's shorter names, PROGRAM/VARIANT and
# PROGRAM, only with no prefix).
qemu_tests() {
	kb=$1
	pre=$2
	nh=${3:-$HARTS}
	for m in tests/qemu/*/*.manifest usr/*.manifest; do
		prog=$(basename "$(dirname "$m")")
		name=$prog/$(basename "$m" .manifest)
		if [ -n "$pre" ]; then
			selected "${pre}qemu/$name" "$pre$name" || continue
		else
			selected "qemu/$name" "$name" "$prog" || continue
		fi
		log="$LOGS/${pre%/}${pre:+-}qemu-$prog-$(basename "$m" .manifest).log"
		timeout "$TIMEOUT" "$QEMU" -machine virt -cpu rv64 -smp "$nh" -m 128M -nographic \
			-icount shift=0,sleep=off -bios "$OPENSBI" -kernel "$kb/kernel.elf" -initrd "$m" \
			< /dev/null > "$log" 2>&1
		rc=$?
		if [ $rc -eq 0 ] && grep -q '^\[hinge\] verdict: PASS' "$log" && output_ok "$m" "$log"; then
			passed "${pre}qemu/$name"
		else
			[ $rc -eq 124 ] && why="timed out after ${TIMEOUT}s" || why="exit status $rc"
			grep -q '^\[hinge\] verdict: PASS' "$log" && why="console differs from ${m%.manifest}.expected"
			failed "${pre}qemu/$name" "$why" "$log"
		fi
	done
}

echo "== QEMU tests"
qemu_tests "$B" ""

echo "== scenarios"
# Generated scenarios join the written ones, all in the order of their names
# (the batch below runs them in that order too).
rm -rf "$B/scenarios"
python3 tests/scenarios/gen-deep.py "$B/scenarios" > "$LOGS/gen-deep.log" 2>&1
rc=$?
[ $rc -eq 0 ] || failed "scenario generation (tests/scenarios/gen-deep.py)" "exit status $rc" "$LOGS/gen-deep.log"
scenarios=$(for s in tests/scenarios/*.scn "$B"/scenarios/*.scn; do
	[ -e "$s" ] && echo "$(basename "$s") $s"
done | sort | cut -d' ' -f2)
for s in $scenarios; do
	name=$(basename "$s" .scn)
	selected "scenario/$name" "$name" || continue
	log="$LOGS/scn-$name.log"
	python3 scripts/scenario.py --build "$B" --timeout "$TIMEOUT" --qemu "$QEMU" --bios "$OPENSBI" \
		"$s" < /dev/null > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed "scenario/$name"
	else
		[ $rc -eq 2 ] && why="bad scenario file" || why="exit status $rc"
		failed "scenario/$name" "$why" "$log"
	fi
done

# Every scenario ($3, default $scenarios) in one boot of the kernel
# $1/kernel.elf on $4 harts (default 1), as the test $2.
scenario_batch() {
	log="$LOGS/$(echo "$2" | tr / -).log"
	cat ${3:-$scenarios} > "$1/all-scenarios.scn"
	python3 scripts/scenario.py --build "$1" --harts "${4:-1}" --timeout "$TIMEOUT" --qemu "$QEMU" \
		--bios "$OPENSBI" "$1/all-scenarios.scn" < /dev/null > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed "$2" "$(tail -n 1 "$log" | sed 's/^batch [^:]*: //')"
	else
		echo "FAIL  $2 (exit status $rc); end of $log:"
		{ grep -E '^(scenario .*: FAIL|batch )' "$log" || tail -n 5 "$log"; } | sed 's/^/      /'
		fail=$((fail + 1))
	fi
}

if [ -n "$NOFAST_B" ]; then
	echo "== the QEMU tests and scenarios again, on the kernel without the door fast path (FASTPATH=0)"
	qemu_tests "$NOFAST_B" nofast/
	selected nofast/scenario-batch && scenario_batch "$NOFAST_B" nofast/scenario-batch
fi

# The manifests of tests/smp/ booted with the kernel $1/kernel.elf, each on
# the harts its "# harts: N" line asks for, named smpN/NAME; "# icount: off"
# runs it without -icount (docs/smp.md, "Determinism").
smp_tests() {
	for m in tests/smp/*.manifest; do
		nh=$(sed -n 's/^# harts: \([0-9]*\)$/\1/p' "$m")
		name=smp${nh:=2}/$(basename "$m" .manifest)
		selected "$name" || continue
		clock="-icount shift=0,sleep=off"
		grep -q '^# icount: off$' "$m" && clock="-accel tcg,thread=multi"
		log="$LOGS/$(echo "$name" | tr / -).log"
		timeout "$TIMEOUT" "$QEMU" -machine virt -cpu rv64 -smp "$nh" -m 128M -nographic \
			$clock -bios "$OPENSBI" -kernel "$1/kernel.elf" -initrd "$m" < /dev/null > "$log" 2>&1
		rc=$?
		if [ $rc -eq 0 ] && grep -q '^\[hinge\] verdict: PASS' "$log"; then
			passed "$name" "$(sed -n 's/^\[hinge\] smp: //p' "$log")"
		else
			[ $rc -eq 124 ] && why="timed out after ${TIMEOUT}s" || why="exit status $rc"
			failed "$name" "$why" "$log"
		fi
	done
}

# The tests of tests/smp/ on the kernel for several harts in $1: its
# manifests, and every scenario with its domains dealt over 2 harts.
smp_all() {
	echo "== tests/smp: the parties on different harts, 4-hart stress runs (docs/smp.md)"
	smp_tests "$1"
	# The scenarios of tests/smp/, each on the harts its "# harts: N" line
	# asks for, named smpN/NAME.
	for s in tests/smp/*.scn; do
		nh=$(sed -n 's/^# harts: \([0-9]*\)$/\1/p' "$s")
		name=smp${nh:=2}/$(basename "$s" .scn)
		selected "$name" && scenario_batch "$1" "$name" "$s" "$nh"
	done
	if selected smp2/scenario-batch; then
		echo "== every scenario again, its domains dealt over 2 harts, all in one boot (tests/smp/gen-harts.py)"
		rm -rf "$1/smp-scenarios"
		python3 tests/smp/gen-harts.py "$1/smp-scenarios" 2
		scenario_batch "$1" smp2/scenario-batch "$1/smp-scenarios/*.scn" 2
	fi
}

if [ -n "$SMP_B" ]; then
	echo "== the QEMU tests again, on the kernel for several harts, on 2 harts (docs/smp.md)"
	qemu_tests "$SMP_B" smp2/ 2
	smp_all "$SMP_B"
elif [ "$HARTS" != 1 ]; then
	smp_all "$B"
fi

# The differential test: tests/qemu/door_diff's pseudo-random run booted on
# both kernels must print the same steps (outcomes and object counts).
if [ -n "$NOFAST_B" ] && selected door-diff; then
	echo "== the door fast path against the general path (tests/qemu/door_diff, both kernels)"
	m=tests/qemu/door_diff/random_ops.manifest
	log="$LOGS/door-diff.log"
	for kb in "$B" "$NOFAST_B"; do
		timeout "$TIMEOUT" "$QEMU" -machine virt -cpu rv64 -smp 1 -m 128M -nographic \
			-icount shift=0,sleep=off -bios "$OPENSBI" -kernel "$kb/kernel.elf" -initrd "$m" \
			< /dev/null > "$log.$(basename "$kb")" 2>&1
	done
	grep '^door_diff: op ' "$log.$(basename "$B")" > "$log.fast"
	grep '^door_diff: op ' "$log.$(basename "$NOFAST_B")" > "$log.general"
	if [ -s "$log.fast" ] && diff "$log.fast" "$log.general" > "$log" 2>&1; then
		passed door-diff "$(wc -l < "$log.fast") steps alike"
	else
		[ -s "$log.fast" ] || echo "no step printed" >> "$log"
		failed door-diff "the two kernels differ" "$log"
	fi
fi

if selected scenario-batch; then
	echo "== every scenario again, all in one boot (a batch: the kernel recovers between them)"
	scenario_batch "$B" scenario-batch
fi

# (The gdb session breaks in the door fast path: a kernel built with
# FASTPATH=0 has none, so it runs only on the kernel with it.)
if [ "$FASTPATH" != 0 ] && selected gdb/step-into-server; then
	echo "== gdb (a scripted session: into the server through a door call)"
	log="$LOGS/gdb-step-into-server.log"
	QEMU=$QEMU OPENSBI=$OPENSBI QEMUGDBFLAGS=$QEMUGDBFLAGS \
		timeout "$TIMEOUT" sh tests/gdb/step-into-server.sh "$B" "$log" < /dev/null > "$log.why" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed gdb/step-into-server
	else
		[ $rc -eq 124 ] && why="timed out after ${TIMEOUT}s" || why="$(cat "$log.why")"
		failed gdb/step-into-server "$why" "$log"
	fi
fi

# pictures_of OUT FILE [OPTION...]: scripts/trace_pictures.py boots FILE (a
# scenario, or a manifest traced) and draws it into OUT; its output in $log.
pictures_of() {
	out=$1 file=$2
	shift 2
	python3 scripts/trace_pictures.py --build "$B" --timeout "$TIMEOUT" --qemu "$QEMU" --bios "$OPENSBI" \
		"$@" --out "$out" "$file" < /dev/null > "$log" 2>&1
}

if selected pictures; then
	echo "== pictures of a run (docs/pictures.md): middle-kill drawn and checked, counted as one test"
	log="$LOGS/pictures.log"
	pictures_of "$B/trace/middle-kill" tests/scenarios/middle-kill.scn &&
		python3 tests/scripts/test_pictures.py --check "$B/trace/middle-kill" >> "$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && passed pictures "$B/trace/middle-kill" || failed pictures "exit status $rc" "$log"
fi
if selected pictures/demo; then
	echo "== pictures of a plain manifest's run (the default demo, traced): drawn and checked"
	log="$LOGS/pictures-demo.log"
	pictures_of "$B/trace/demo" usr/demo.manifest &&
		grep -q "kernel verdict PASS" "$log" &&
		python3 tests/scripts/test_pictures.py --check "$B/trace/demo" >> "$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && passed pictures/demo "$B/trace/demo" || failed pictures/demo "exit status $rc" "$log"
fi
if selected pictures/run; then
	echo "== pictures of make run M=... TRACE=1 (pi_door_mutex: inheritance through a door and a mutex)"
	log="$LOGS/pictures-run.log"
	out="$B/trace/run"
	pictures_of "$out" tests/qemu/pi_door_mutex/inherit_and_nopi.manifest --run &&
		python3 tests/scripts/test_pictures.py --check "$out" >> "$log" 2>&1 &&
		grep -q "boosted by t[0-9]* via mutex#" "$out/schedule.svg" &&
		grep -q "boosted by t[0-9]* via door#" "$out/schedule.svg" &&
		grep -q '"cat": "mutex_wait"' "$out/trace.json"
	rc=$?
	[ $rc -eq 0 ] && passed pictures/run "$out" || failed pictures/run "exit status $rc" "$log"
fi
if selected pictures/overflow; then
	echo "== a traced benchmark (door-null) overflows the kernel's trace ring: counted and reported"
	log="$LOGS/pictures-overflow.log"
	out="$B/trace/overflow"
	pictures_of "$out" bench/door-null.manifest &&
		grep -q "^@trace-dropped [1-9]" "$B/scenario-logs/door-null.console" &&
		grep -q "trace ring was full: [1-9][0-9]* trace line(s) not recorded" "$log" &&
		grep -q "later trace lines not recorded" "$out/schedule.svg" &&
		python3 tests/scripts/test_pictures.py --check-trace "$out/trace.json" >> "$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && passed pictures/overflow "$out" || failed pictures/overflow "exit status $rc" "$log"
fi

echo "== documentation checks (docs/tour.md's references, README's size table, the paper)"
for check in "docs/tour-refs scripts/check-doc-refs.py" "loc/kernel-proper scripts/loc.py --check README.md"; do
	set -- $check
	name=$1
	shift
	selected "$name" || continue
	log="$LOGS/$(echo "$name" | tr / -).log"
	python3 "$@" > "$log" 2>&1 && passed "$name" || failed "$name" "$*" "$log"
done

if selected paper; then
	if sh scripts/setup.sh paper --check; then
		log="$LOGS/paper.log"
		make --no-print-directory paper-check FASTPATH="${FASTPATH:-1}" < /dev/null > "$log" 2>&1 \
			&& passed paper "$(tail -n 1 "$log" | sed 's/^paper-check: //')" \
			|| failed paper "make paper-check" "$log" 20
	else
		echo "   (paper: skipped, TeX Live is not installed; make paper-check installs it)"
	fi
fi

CHAOS_SEED=${CHAOS_SEED:-1}
CHAOS_RUNS=${CHAOS_RUNS:-50}
CHAOS_BATCH=${CHAOS_BATCH:-25}
# chaos NAME BUILD HARTS: the batch of chaos runs on BUILD's kernel, its
# domains placed at random on HARTS harts when there are several.
chaos() {
	selected "$1" || return 0
	echo "== $1 (seed $CHAOS_SEED, $CHAOS_RUNS random scenarios, $CHAOS_BATCH per boot, $3 hart(s), counted as one test)"
	log="$LOGS/$(echo "$1" | tr / -).log"
	python3 scripts/chaos.py --build "$2" --harts "$3" --timeout "$TIMEOUT" --qemu "$QEMU" --bios "$OPENSBI" \
		--seed "$CHAOS_SEED" --runs "$CHAOS_RUNS" --batch "$CHAOS_BATCH" < /dev/null > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed "$1" "$(tail -n 1 "$log" | sed 's/^chaos: //')"
	else
		failed "$1" "exit status $rc; the failing scenarios are in $2/chaos/" "$log" 40
	fi
}
chaos chaos "$B" "$HARTS"
if [ -n "$SMP_B" ]; then chaos smp2/chaos "$SMP_B" 2; fi

# Last: a lab's grade in this tree boots its QEMU tests with make test
# (its own logs), which regenerates the scenarios above.
echo "== labs (docs/labs/): this tree has full marks, each lab's starting tree less"
for lab in $(python3 scripts/lab.py list); do
	selected "lab/$lab" || continue
	log="$LOGS/lab-$lab.log"
	dir="$B/labs/$lab"
	rm -rf "$dir"
	# The starting tree is a fresh tree of its own: nothing of this make
	# (T, DEBUG, its jobserver) reaches its make, which builds everything
	# again, two jobs at a time (the unit binary is one compiler run).
	if ! python3 scripts/lab.py grade --build "$B" "$lab" > "$log" 2>&1; then
		failed "lab/$lab" "no full marks in this tree" "$log"
	elif ! python3 scripts/lab.py start "$lab" "$dir" > "$log.start" 2>&1; then
		failed "lab/$lab" "no starting tree" "$log.start"
	elif MAKEFLAGS= make -j2 -C "$dir" --no-print-directory grade LAB="$lab" > "$log.start" 2>&1; then
		failed "lab/$lab" "full marks in the starting tree $dir" "$log.start"
	elif ! total=$(grep "^lab $lab total: " "$log.start"); then
		failed "lab/$lab" "the starting tree was not graded" "$log.start"
	else
		passed "lab/$lab" "starting tree ${total#lab $lab total: }"
	fi
done

[ $((pass + fail)) -eq 0 ] && echo "no test is named T=$T"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $((pass + fail)) -gt 0 ]
