#!/bin/sh
# Boot Hinge under QEMU's gdb stub and debug it with gdb-multiarch; QEMU
# ends when gdb does, whichever way gdb ends (docs/gdb.md).
#   scripts/gdb.sh KERNEL PORT MANIFEST [GDB-ARGUMENTS...]
# MANIFEST may be empty (the demo). QEMU and OPENSBI name the emulator and
# the firmware; QEMUGDBFLAGS are the machine flags (the Makefile's, which
# say why they differ from the test runs'). QEMU waits (-S) for gdb, which
# reads the kernel's symbols, scripts/gdbinit, connects, then runs the
# remaining arguments (more -x or -ex, or -batch for a scripted session).
set -u
kernel=$1 port=$2 manifest=$3
shift 3
# QEMU's console shares the terminal with gdb (or goes to the file QEMULOG);
# its stdin is /dev/null so that it neither reads gdb's input nor puts the
# terminal in raw mode.
if [ -n "${QEMULOG:-}" ]; then exec 3> "$QEMULOG"; else exec 3>&1; fi
$QEMU $QEMUGDBFLAGS -bios "$OPENSBI" -kernel "$kernel" ${manifest:+-initrd "$manifest"} \
	-S -gdb "tcp::$port" < /dev/null >&3 2>&3 &
qemu=$!
exec 3>&-
# A QEMU whose gdb stub is wedged (a single step that never ends) does not
# act on SIGTERM: SIGKILL it after two seconds.
stop_qemu() {
	kill $qemu 2>/dev/null || return
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 $qemu 2>/dev/null || return
		sleep 0.2
	done
	kill -9 $qemu 2>/dev/null
}
trap 'stop_qemu' EXIT
trap 'exit 129' HUP
trap 'exit 143' TERM
# Ctrl-C is gdb's (it stops the target): the shell waits on for gdb. QEMU,
# started in the background by a non-interactive shell, ignores SIGINT.
trap true INT
gdb-multiarch -q -nx -ex "file $kernel" -x scripts/gdbinit -ex "target remote :$port" "$@"
