#!/bin/sh
# run.sh MODE KERNEL [NAME=VALUE ...] - start irplab in QEMU. The one place
# that knows QEMU's command line; make and the test harness both come here.
#
#   MODE run    the console on this terminal (console=interactive when
#               standard input is a terminal, else console=batch)
#   MODE debug  halted at the first instruction with the gdb stub on GDBPORT
#   MODE test   for the harness: console=batch unless ARGS says otherwise
#
#   ARGS="..."  more boot arguments (test=NAME, seed=N, ...)
#   COM2=FILE   where the trace port goes (default: nowhere)
#   GDBPORT=N   the gdb stub's port (debug)
#   QEMU_EXTRA  more QEMU options, from the environment
#
# In test mode QEMU's exit status is the kernel's verdict: 33 pass, 35 fail,
# 37 bugcheck (isa-debug-exit gives (value << 1) | 1; see kernel/hal/hal.h).
# In run and debug modes the pass verdict becomes 0, so that `make run`
# ends cleanly when the kernel does.
set -eu
mode=$1 kernel=$2
shift 2
ARGS="" COM2="" GDBPORT=1234
for kv in "$@"; do
    case "$kv" in
        ARGS=*|COM2=*|GDBPORT=*|NIC=*) eval "${kv%%=*}=\${kv#*=}" ;;
        *) echo "run.sh: unknown setting '$kv'" >&2; exit 2 ;;
    esac
done

if [ -t 0 ] && [ "$mode" != test ]; then console=interactive; else console=batch; fi
set -- qemu-system-i386 -M pc -nodefaults -no-reboot -smp 1 -m 64 -display none \
    -kernel "$kernel" -serial stdio \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04
if [ -n "$COM2" ]; then set -- "$@" -serial "file:$COM2"; fi
case "$mode" in
    run|test) ;;
    debug)
        set -- "$@" -S -gdb "tcp:127.0.0.1:$GDBPORT"
        echo "irplab: QEMU is halted at the first instruction, gdb stub on port $GDBPORT." >&2
        echo "irplab: in another terminal, run 'make gdb' (or gdb -x build/gdbinit)." >&2 ;;
    *) echo "run.sh: unknown mode '$mode' (run, debug or test)" >&2; exit 2 ;;
esac
if [ "$mode" = test ]; then
    exec "$@" ${QEMU_EXTRA:-} -append "console=$console $ARGS"
fi
status=0
"$@" ${QEMU_EXTRA:-} -append "console=$console $ARGS" || status=$?
case $status in
    33) exit 0 ;;
    35) echo "irplab: the kernel reported a failure" >&2 ;;
    37) echo "irplab: the kernel bugchecked (see the STOP screen above)" >&2 ;;
    0)  echo "irplab: QEMU stopped without a verdict (a triple fault?)" >&2; status=1 ;;
esac
exit $status
