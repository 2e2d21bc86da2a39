#!/bin/sh
# shrink.sh BUILD SEED STEPS RUN-SETTINGS... - make shrink: boots the
# kernel with shrink=on (qemu/run.sh test), shows its output as it comes,
# and saves the list of decisions it ends with ("shrink: decisions: ...")
# as BUILD/shrink/SEED/decisions, the file run.sh DECISIONS= loads.
# The exit status is the boot's verdict (0 when the shrink succeeded).
set -eu
build=$1 seed=$2 steps=$3
shift 3
if [ -z "$seed" ] || [ -z "$steps" ]; then
    echo "make shrink needs SEED=S STEPS=K (from an orphan's replay line)" >&2
    exit 2
fi
out="$build/shrink/$seed"
mkdir -p "$out"
status=0
qemu/run.sh test "$build/kernel.elf" "$@" > "$out/log" 2>&1 &
boot=$!
tail -n +1 -f --pid="$boot" "$out/log" || true
wait "$boot" || status=$?
sed -n 's/^shrink: decisions: //p' "$out/log" > "$out/decisions"
if [ "$status" -ne 33 ]; then
    echo "make shrink: the boot ended with status $status (33 is a pass)" >&2
    exit 1
fi
echo "make shrink: the decisions are in $out/decisions"
