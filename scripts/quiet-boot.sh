#!/bin/sh
# Run a boot command (the arguments: QEMU) with its console shown from the
# kernel's first line ("[hinge] ..."), for `make qemu` and `make run`: the
# firmware's banner (OpenSBI, some 40 lines) comes before it and is replaced
# by one line saying so. When the kernel prints nothing (the firmware failed,
# or the kernel died before its first line) every line is shown at the end,
# so nothing that explains a failure is hidden. Exits with the command's
# status (QEMU's, which carries the verdict); its stderr is not filtered.
exec 4>&1
status=$({ { "$@"; echo $? >&3; } | awk '
	booted { print; fflush(); next }
	/^\[hinge\]/ {
		booted = 1
		printf "(%d lines of firmware banner not shown; V=1 shows them)\n", n
		print; fflush(); next
	}
	{ held[n++] = $0 }
	END { if (!booted) for (i = 0; i < n; i++) print held[i] }' >&4; } 3>&1)
exit $status
