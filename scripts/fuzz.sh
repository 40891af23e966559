#!/bin/sh
# `make fuzz SEED=N STEPS=N`: one run of the system call fuzzer (usr/fuzz.c,
# docs/robustness.md) with that seed and that many steps, as a boot manifest
# like usr/fuzz.manifest (arg = role | steps << 4 | seed << 32) written to
# $B/fuzz/seed-N.manifest; the console goes to $B/fuzz/seed-N.log. Exit
# status 0 when the kernel's verdict is PASS.
#   scripts/fuzz.sh BUILD SEED STEPS
set -u
B=$1 SEED=$2 STEPS=$3
QEMU=${QEMU:-qemu-system-riscv64}
OPENSBI=${OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
if [ "$STEPS" -lt 1 ] || [ "$STEPS" -ge 268435456 ] || [ "$SEED" -lt 0 ] || [ "$SEED" -ge 4294967296 ]; then
	echo "fuzz: STEPS must be 1..2^28-1 and SEED 0..2^32-1" >&2
	exit 2
fi
mkdir -p "$B/fuzz"
m=$B/fuzz/seed-$SEED.manifest
log=$B/fuzz/seed-$SEED.log
{
	echo "# make fuzz SEED=$SEED STEPS=$STEPS (usr/fuzz.manifest explains the domains)"
	echo "timeout $((5000 + STEPS * 40))"
	for role in 0 1 2 3; do
		arg=$(printf '0x%x' $((SEED << 32 | STEPS << 4 | role)))
		case $role in
		0) echo "domain sup    prog=fuzz arg=$arg prio=20 supervisor" ;;
		1) echo "domain fz1    prog=fuzz arg=$arg prio=6 expect=any" ;;
		2) echo "domain fz2    prog=fuzz arg=$arg prio=6 expect=any" ;;
		3) echo "domain worker prog=fuzz arg=$arg prio=5 maxprio=12 expect=any" ;;
		esac
	done
} > "$m"
# Host time: about a second per 150 steps on a loaded machine, and a margin.
timeout $((60 + STEPS / 50)) "$QEMU" -machine virt -cpu rv64 -smp 1 -m 128M -nographic -icount shift=0,sleep=off \
	-bios "$OPENSBI" -kernel "$B/kernel.elf" -initrd "$m" < /dev/null > "$log" 2>&1
rc=$?
grep -a '^fuzz:' "$log"
if [ $rc -eq 0 ] && grep -q '^\[hinge\] verdict: PASS' "$log"; then
	echo "fuzz: seed $SEED, $STEPS steps: PASS (console: $log)"
	exit 0
fi
echo "fuzz: seed $SEED, $STEPS steps: FAIL (exit status $rc; console: $log)"
grep -a -E 'panic|kernel trap|verdict|timeout' "$log" | tail -n 5
exit 1
