# gdb/step-into-server (tests/gdb/step-into-server.sh checks the output):
# follow the client's first door call of door_basic into the server with the
# Hinge commands (scripts/hinge-gdb.py). Each step echoes a marker line.
# (A call with DOOR_CALL_XARG, a6 != 0, passes fast_call_checks on its way
# to the general path: the condition skips the server's.)
break fast_call_checks if $a6 == 0
continue
echo MARK door-call-entry\n
bt
shuttle
break fast_call_enter
continue
echo MARK server-entered\n
bt
shuttle
threads
domains
doors
runq
user
break add_entry
continue
echo MARK in-server-code\n
bt
shuttle
kprint harts[0].sched.current->cur->name
next
delete
# The boot runs to its end: QEMU exits, and gdb with "Remote connection
# closed", which ends this file.
continue
