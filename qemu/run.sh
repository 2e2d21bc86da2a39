#!/bin/sh
# run.sh MODE KERNEL [NAME=VALUE ...] - start irplab in QEMU. The one place
# that knows QEMU's command line; make and the test harness both come here,
# and so does a LAVA worker (qemu mode, through qemu/irplab-qemu).
#
#   MODE run    the console on this terminal (console=interactive when
#               standard input is a terminal, else console=batch)
#   MODE debug  halted at the first instruction with the gdb stub on GDBPORT
#   MODE test   for the harness: console=batch unless ARGS says otherwise
#
# run.sh qemu [NAME=VALUE | QEMU-OPTION ...] - LAVA's device command: the
#   machine options come from the device dictionary and -kernel/-append from
#   the job, all passed to QEMU as they are; run.sh's settings among them
#   (NIC, NCPSERV, ...) add the card and the server as in the other modes.
#   qemu/ktapwatch.py passes the console through and ends it with the
#   run's verdict line.
#
#   ARGS="..."  more boot arguments (test=NAME, seed=N, ...)
#   COM2=FILE   where the trace port goes (default: nowhere)
#   GDBPORT=N   the gdb stub's port (debug)
#   NIC=pci|isa|none    the network card (default none): ne2k_pci, or
#               ne2k_isa at 0x300 irq 5, on a dgram netdev over loopback
#   MAC=ADDR    the card's address (default 52:54:00:12:34:56)
#   NETPORT=A PEERPORT=B   QEMU's UDP port and the peer's: the caller runs
#               the peer. Without them run.sh starts ncpserv (from the
#               kernel's build folder) on free ports and stops it after QEMU
#   NCPSERV_ARGS="..."  more ncpserv options (e.g. --deterministic)
#   NCPSERV=DIR the ncpserv to start: DIR/ncpserv, serving DIR/fixtures
#               (default: the one in the kernel's build folder)
#   PCAP=FILE   record the card's frames, both ways (QEMU's filter-dump)
#   COM1=FILE   the console to a file instead of this terminal (test, debug)
#   NCPKEY=KEY  ncpserv's control key (16 hex digits) instead of a random one:
#               a recording replays only with the boot line it was made with
#   SMBSERV=on|off  NTSERVER beside NWSERVER (default off): with a card,
#               run.sh also starts smbserv (the kernel's build folder's, or
#               NCPSERV=DIR's DIR/smbserv) with a control key of its own
#               (smbkey=), and QEMU puts the card on a hub with one dgram
#               netdev to each server
#   SMBSERV_ARGS="..."  more smbserv options (e.g. --drop-every 3)
#   SMBNETPORT=A SMBPEERPORT=B  as NETPORT/PEERPORT, for smbserv: the caller
#               runs it
#   SMBKEY=KEY  smbserv's control key instead of a random one, as NCPKEY
#   RR=record:FILE|replay:FILE  QEMU's record/replay (-icount, and the card's
#               frames through a filter-replay): FILE is the log
#   DECISIONS=FILE  a schedule's decisions for sched=replay, too many for
#               the boot line: a file called "decisions" (make shrink
#               writes build/shrink/SEED/decisions), loaded as a module
#   QEMU_EXTRA  more QEMU options, from the environment
#
# Every process image beside the kernel (images/*) goes to the kernel as a
# multiboot module (-initrd "a,b,c"), as a boot loader loads system files.
#
# In test mode QEMU's exit status is the kernel's verdict: 33 pass, 35 fail,
# 37 bugcheck (isa-debug-exit gives (value << 1) | 1; see kernel/hal/hal.h).
# In run and debug modes the pass verdict becomes 0, so that `make run`
# ends cleanly when the kernel does.
#
# On a terminal (run mode), COM1 and QEMU's monitor share stdio with
# signal=off: Ctrl-C reaches the console as a byte (ETX), which ends the
# run with the pass status, and Ctrl-A X leaves QEMU at any time. Both are
# the user's own end and exit 0 without a word. QEMU's status 0 is also what
# a triple fault gives under -no-reboot; QEMU's reset log (-d cpu_reset)
# tells the two apart.
set -eu
mode=$1 kernel=""
shift
if [ "$mode" != qemu ]; then kernel=$1; shift; fi
ARGS="" COM2="" GDBPORT=1234 NIC=none MAC=52:54:00:12:34:56 NETPORT="" PEERPORT=""
NCPSERV_ARGS="" PCAP="" NCPSERV="" DECISIONS="" COM1="" NCPKEY="" RR=""
SMBSERV=off SMBSERV_ARGS="" SMBNETPORT="" SMBPEERPORT="" SMBKEY=""
# Settings are taken out of the arguments; in qemu mode the rest, in order,
# are QEMU's options.
for kv in "$@"; do
    shift
    case "$kv" in
        ARGS=*|COM2=*|GDBPORT=*|NIC=*|MAC=*|NETPORT=*|PEERPORT=*|NCPSERV_ARGS=*|PCAP=*|NCPSERV=*|DECISIONS=*|COM1=*|NCPKEY=*|RR=*|\
        SMBSERV=*|SMBSERV_ARGS=*|SMBNETPORT=*|SMBPEERPORT=*|SMBKEY=*)
            eval "${kv%%=*}=\${kv#*=}" ;;
        *) if [ "$mode" = qemu ]; then set -- "$@" "$kv"; continue; fi
           echo "run.sh: unknown setting '$kv'" >&2; exit 2 ;;
    esac
done
# Settings checked before anything starts.
for setting in NCPKEY SMBKEY; do
    eval "value=\$$setting"
    if [ -n "$value" ] && ! printf '%s\n' "$value" | grep -qx '[0-9a-fA-F]\{16\}'; then
        echo "run.sh: $setting=$value: 16 hex digits" >&2; exit 2
    fi
done
case "$SMBSERV" in
    on|off) ;;
    *) echo "run.sh: SMBSERV=$SMBSERV: on or off" >&2; exit 2 ;;
esac
case "$RR" in
    ""|record:?*|replay:?*) ;;
    *) echo "run.sh: RR=$RR: record:FILE or replay:FILE" >&2; exit 2 ;;
esac
if [ -n "$DECISIONS" ] && { [ ! -f "$DECISIONS" ] || [ "$(basename "$DECISIONS")" != decisions ]; }; then
    echo "run.sh: DECISIONS=$DECISIONS: not a file called decisions" >&2; exit 2
fi

# The servers beside QEMU, when the caller does not bring a peer: their
# process ids and folders, stopped and removed after QEMU.
servers="" serverdirs=""
stop_servers() {
    for pid in $servers; do
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    done
    for dir in $serverdirs; do rm -rf "$dir"; done
    servers="" serverdirs=""
}
free_udp_port() {
    python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# start_server NAME BIN BOOTARG KEY [OPTION ...]: NAME (ncpserv, smbserv)
# on a free port of its own, talking to QEMU's port $qport, with control
# key KEY, which the kernel gets as BOOTARG=KEY: the kernel may reset this
# server between schedules (scenario=q150047), and no one else can. Sets
# $qport and $pport (the server's).
start_server() {
    name=$1 bin=$2 bootarg=$3 key=$4
    shift 4
    qport=$(free_udp_port)
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin is missing (make $bin): the card runs without a server" >&2
        pport=$(free_udp_port)
        return
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/irplab-$name.XXXXXX")
    serverdirs="$serverdirs $dir"
    trap stop_servers EXIT INT TERM
    # The background job opens "out" in its own time; the loop below must
    # find it there (under set -e a sed that cannot read it ends this script).
    : > "$dir/out"
    ARGS="$ARGS $bootarg=$key"
    "$bin" --listen 127.0.0.1:0 --peer "127.0.0.1:$qport" --root "$dir/root" \
        --control-key "$key" "$@" > "$dir/out" 2> "$dir/log" &
    pid=$!
    servers="$servers $pid"
    for _ in $(seq 100); do
        pport=$(sed -n "s/^$name: ready on .*:\([0-9][0-9]*\)\$/\1/p" "$dir/out")
        if [ -n "$pport" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.05
    done
    if [ -z "$pport" ]; then
        echo "run.sh: $name did not start:" >&2; cat "$dir/log" >&2; exit 2
    fi
}
random_key() {
    od -An -N8 -tx1 /dev/urandom | tr -d ' \n'
}
start_ncpserv() {
    bin=${NCPSERV:-$(dirname "$kernel")/ncpserv}/ncpserv
    if [ -n "$NCPSERV" ]; then NCPSERV_ARGS="--fixtures $NCPSERV/fixtures $NCPSERV_ARGS"; fi
    start_server ncpserv "$bin" ncpkey "${NCPKEY:-$(random_key)}" $NCPSERV_ARGS
    NETPORT=$qport PEERPORT=$pport
}
# smbserv serves the same fixtures: NCPSERV=DIR's bundle holds it too.
start_smbserv() {
    bin=$(dirname "$kernel")/smbserv/smbserv
    if [ -n "$NCPSERV" ]; then
        bin=$NCPSERV/smbserv SMBSERV_ARGS="--fixtures $NCPSERV/fixtures $SMBSERV_ARGS"
    fi
    start_server smbserv "$bin" smbkey "${SMBKEY:-$(random_key)}" $SMBSERV_ARGS
    SMBNETPORT=$qport SMBPEERPORT=$pport
}
dgram() {
    echo "dgram,id=$1,local.type=inet,local.host=127.0.0.1,local.port=$2,remote.type=inet,remote.host=127.0.0.1,remote.port=$3"
}

if [ -t 0 ] && [ "$mode" != test ]; then console=interactive; else console=batch; fi
resetlog=""
if [ "$mode" = qemu ]; then
    set -- python3 "$(dirname "$0")/ktapwatch.py" qemu-system-i386 "$@"
else
    set -- qemu-system-i386 -M pc -nodefaults -no-reboot -smp 1 -m 64 -display none \
        -kernel "$kernel"
    images=$(ls "$(dirname "$kernel")"/images/* 2>/dev/null | paste -sd, -)
    if [ -n "$DECISIONS" ]; then images="${images:+$images,}$DECISIONS"; fi
    if [ -n "$images" ]; then set -- "$@" -initrd "$images"; fi
    if [ "$mode" = run ] && [ "$console" = interactive ]; then
        resetlog=$(mktemp "${TMPDIR:-/tmp}/irplab-reset.XXXXXX")
        set -- "$@" -chardev stdio,id=con,mux=on,signal=off -serial chardev:con \
            -mon chardev=con,mode=readline -d cpu_reset -D "$resetlog"
    else
        set -- "$@" -serial "${COM1:+file:}${COM1:-stdio}"
    fi
    set -- "$@" -device isa-debug-exit,iobase=0xf4,iosize=0x04
fi
if [ -n "$COM2" ]; then set -- "$@" -serial "file:$COM2"; fi
case "$NIC" in
    none) ;;
    pci) card="ne2k_pci,mac=$MAC" ;;
    isa) card="ne2k_isa,iobase=0x300,irq=5,mac=$MAC" ;;
    *) echo "run.sh: unknown NIC '$NIC' (pci, isa or none)" >&2; exit 2 ;;
esac
# The card's netdev: n0, straight to ncpserv; with SMBSERV=on, w0, a port
# of a hub whose other ports go one to each server, so that both see every
# frame and each answers what is for it (its MAC, or a broadcast). Filters
# go on the card's netdev, where both directions pass.
cardnet=n0
if [ "$NIC" != none ]; then
    if [ -z "$NETPORT" ] || [ -z "$PEERPORT" ]; then start_ncpserv; fi
    set -- "$@" -netdev "$(dgram n0 "$NETPORT" "$PEERPORT")"
    if [ "$SMBSERV" = on ]; then
        if [ -z "$SMBNETPORT" ] || [ -z "$SMBPEERPORT" ]; then start_smbserv; fi
        set -- "$@" -netdev hubport,id=h0,hubid=0,netdev=n0 \
            -netdev "$(dgram n1 "$SMBNETPORT" "$SMBPEERPORT")" \
            -netdev hubport,id=h1,hubid=0,netdev=n1 -netdev hubport,id=w0,hubid=0
        cardnet=w0
    fi
    set -- "$@" -device "$card,netdev=$cardnet"
    if [ -n "$PCAP" ]; then set -- "$@" -object "filter-dump,id=d0,netdev=$cardnet,file=$PCAP"; fi
fi
if [ -n "$RR" ]; then
    set -- "$@" -icount "shift=5,rr=${RR%%:*},rrfile=${RR#*:}"
    if [ "$NIC" != none ]; then set -- "$@" -object "filter-replay,id=rr0,netdev=$cardnet"; fi
fi
case "$mode" in
    run|test|qemu) ;;
    debug)
        set -- "$@" -S -gdb "tcp:127.0.0.1:$GDBPORT"
        echo "irplab: QEMU is halted at the first instruction, gdb stub on port $GDBPORT." >&2
        echo "irplab: in another terminal, run 'make gdb' (or gdb -x build/gdbinit)." >&2 ;;
    *) echo "run.sh: unknown mode '$mode' (run, debug, test or qemu)" >&2; exit 2 ;;
esac
if [ "$mode" != qemu ]; then set -- "$@" -append "console=$console $ARGS"; fi
case "$mode" in
    test|qemu) if [ -z "$servers" ]; then exec "$@" ${QEMU_EXTRA:-}; fi ;;
esac
status=0
if [ "$mode" = qemu ]; then
    # LAVA ends a job by hanging up on this script, and a trap waits for a
    # command in the foreground to end: QEMU runs in the background instead.
    "$@" ${QEMU_EXTRA:-} &
    qemu=$!
    interrupted() { kill "$qemu" 2>/dev/null || true; stop_servers; exit "$1"; }
    trap 'interrupted 129' HUP
    trap 'interrupted 130' INT
    trap 'interrupted 143' TERM
    wait "$qemu" || status=$?
else
    "$@" ${QEMU_EXTRA:-} || status=$?
fi
stop_servers
case "$mode" in test|qemu) exit $status ;; esac
case $status in
    33) exit 0 ;;
    35) echo "irplab: the kernel reported a failure" >&2 ;;
    37) echo "irplab: the kernel bugchecked (see the STOP screen above)" >&2 ;;
    0)  if [ -z "$resetlog" ] || grep -q "Triple fault" "$resetlog"; then
            echo "irplab: QEMU stopped without a verdict (a triple fault?)" >&2; status=1
        fi ;;
esac
if [ -n "$resetlog" ]; then rm -f "$resetlog"; fi
exit $status
