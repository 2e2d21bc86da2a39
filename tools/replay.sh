#!/bin/sh
# replay.sh BUILD SEED STEPS GDBPORT BASESRV [GDBINIT [OUT]] - make replay:
# the schedule of
# SEED (with STEPS, from an orphan's replay line) recorded with QEMU's
# record/replay, then found again in replays of the recording:
#   1. record: the scenario's one schedule, its console in BUILD/replay/SEED/;
#      the audit must name an orphaned letter;
#   2. replay under gdb, batch: orphan-count LETTER counts the writes to the
#      letter's drive-table entry up to the audit's verdict (N);
#   3. replay under gdb again: orphan LETTER N stops at the last write and
#      says who made it. On a terminal gdb stays open there (bt, irp, drives,
#      stepi...); otherwise it prints and quits.
# QEMU's reverse execution needs its snapshots, and loading one hangs with
# this machine under Debian's QEMU 7.2: a second deterministic replay stands
# in for running backwards.
set -eu
build=$1 seed=$2 steps=$3 port=$4 basesrv=$5
gdbinit=${6:-$build/gdbinit}
if [ -z "$seed" ] || [ -z "$steps" ]; then
    echo "make replay needs SEED=S STEPS=K (from an orphan's replay line)" >&2
    exit 2
fi
out=${7:-$build/replay/$seed}
mkdir -p "$out"
rm -f "$out"/*
key=$(printf '%016x' "$seed")
args="scenario=q150047 basesrv=$basesrv sched=pct seed=$seed steps=$steps schedules=1"
kernel="$build/kernel.elf"

echo "replay: recording seed $seed's schedule (QEMU record/replay, $out/run.rr)"
status=0
qemu/run.sh test "$kernel" NIC=pci NCPKEY="$key" COM1="$out/record.console" \
    RR="record:$out/run.rr" ARGS="$args" || status=$?
letter=$(sed -n 's/^scenario: \([A-Z]\): orphaned in schedule 1:.*/\1/p' "$out/record.console")
if [ -z "$letter" ]; then
    cat "$out/record.console"
    echo "replay: the recorded schedule orphaned no drive (status $status)" >&2
    exit 1
fi
echo "replay: recorded; the audit named $letter: (console: $out/record.console)"

# One replay of the recording under gdb; the gdb commands are the arguments.
replay_with_gdb() {
    name=$1
    shift
    qemu/run.sh debug "$kernel" NIC=pci NCPKEY="$key" COM1="$out/$name.console" \
        GDBPORT="$port" RR="replay:$out/run.rr" ARGS="$args" < /dev/null > "$out/$name.qemu" 2>&1 &
    qemu=$!
    sleep 1
    "$@" || true
    kill "$qemu" 2>/dev/null || true
    wait "$qemu" 2>/dev/null || true
}

replay_with_gdb count gdb -q -batch -x "$gdbinit" -ex "orphan-count $letter" \
    > "$out/count.gdb" 2>&1
count=$(sed -n "s/^orphan-count: $letter: \([0-9][0-9]*\) writes.*/\1/p" "$out/count.gdb")
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
    cat "$out/count.gdb" >&2
    echo "replay: the first replay found no write to $letter:'s entry" >&2
    exit 1
fi
echo "replay: $count writes to $letter:'s entry before the audit; replaying to the last"
if [ -t 0 ] && [ -t 1 ]; then
    replay_with_gdb stop gdb -q -x "$gdbinit" -ex "orphan $letter $count"
else
    replay_with_gdb stop gdb -q -batch -x "$gdbinit" -ex "orphan $letter $count" \
        -ex "bt 8" > "$out/stop.gdb" 2>&1
    grep -v "^\[Inferior\|^0x0000fff0\|architecture" "$out/stop.gdb"
    grep -q "^orphan: $letter: write $count" "$out/stop.gdb"
fi
