# gdb/step-into-server (tests/gdb/step-into-server.sh checks the output):
# follow the client's first door call of door_basic into the server with the
# Hinge commands (scripts/hinge-gdb.py). Each step echoes a marker line.
break door_fast_call
continue
echo MARK door-call-entry\n
bt
shuttle
finish
stepi 3
echo MARK after-finish\n
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
