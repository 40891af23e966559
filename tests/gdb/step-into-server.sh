#!/bin/sh
# gdb/step-into-server: a scripted gdb session (tests/gdb/step-into-server.gdb)
# on the door_basic test, through the launcher `make gdb` uses
# (scripts/gdb.sh). It passes when gdb stopped in the client's door call,
# reached the fast path's server entry with the thread migrated into the server
# (shuttle depth 1, caller client, door "add" of server), stopped in the
# server's add_entry with the program's symbols, the boot ran to its verdict
# PASS, and no QEMU is left once gdb has ended.
#   tests/gdb/step-into-server.sh BUILD-DIR LOG
# QEMU, OPENSBI and QEMUGDBFLAGS as for scripts/gdb.sh. The caller bounds
# the time (a hang in gdb or QEMU is a failure, not a stuck test run).
set -u
B=$1 log=$2
qemulog=$log.qemu
# A port nobody listens on now: concurrent test runs must not share one.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
QEMULOG=$qemulog sh scripts/gdb.sh "$B/kernel.elf" "$port" tests/qemu/door_basic/client_server.manifest \
	-batch -x tests/gdb/step-into-server.gdb > "$log" 2>&1
cat "$qemulog" >> "$log"

fail() {
	echo "missing: $1" >> "$log"
	echo "$1"
	exit 1
}
# Each expectation is one grep -E pattern over gdb's output.
expect() {
	grep -Eq "$2" "$log" || fail "$1"
}
expect "stop in the client's door call" '^Breakpoint 1, fast_call_checks \(\) at kern/arch/riscv/trap\.S'
expect "backtrace in trap.S" '^#0 +fast_call_checks \(\) at kern/arch/riscv/trap\.S'
expect "shuttle before the call" '^thread [0-9]+: home client, in client, depth 0$'
expect "at the server's entry" '^MARK server-entered'
expect "shuttle in the server" '^thread [0-9]+: home client, in server, depth 1$'
expect "shuttle frame: caller client, door add of server" '^ +1  client +door [0-9]+ "add" +server +0  0x[0-9a-f]+ <client\+[0-9]+>$'
expect "threads: the client's thread runs in the server" '^\* +[0-9]+ +running +client +server +5/5 +1'
expect "doors: add busy" '^door [0-9]+ "add" +server +live +migrate +- +1/2 +0 +1 '
expect "server's symbols" '^user symbols: .*/prog/door_basic\.elf$'
expect "stop in the server's code" '^Breakpoint 3, add_entry \(cookie=4660, op=[0-9]+, x=2, y=3'
expect "backtrace in the server" '^#0 +add_entry \('
expect "kernel data read from user mode" '^\$[0-9]+ = "server\\000'
expect "end of the boot" '^Remote connection closed'
grep -q '^\[hinge\] verdict: PASS' "$qemulog" || fail "QEMU's verdict PASS"
# scripts/gdb.sh has ended QEMU; one still listening on the port is a leak.
if pgrep -f "tcp::$port" > /dev/null; then
	kill $(pgrep -f "tcp::$port")
	fail "QEMU ended with gdb"
fi
