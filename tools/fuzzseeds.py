#!/usr/bin/env python3
"""fuzzseeds.py - the seed corpora of tests/fuzz, made by the project's own
programs (`make fuzz-seeds`; tests/test_fuzz.py checks that the committed
seeds are exactly what this makes).

    fuzzseeds.py --build B --out DIR       write DIR/TARGET/<sha1> files
    fuzzseeds.py --build B --check DIR     exit 1 unless DIR holds them all

The wire seeds come from recordings: build/ncpserv/ncpserv in
deterministic mode and build/host/ncpclient running its session, reset,
logins and calls scenarios in Ethernet II, and its session in each other
framing, both ways in a pcap. From them:
  ipxwire   one Ethernet II frame of each kind (direction, packet type,
            sockets, NCP type, function, subfunction, completion code), and
            one frame of each coarser kind (direction, packet type,
            sockets) in each other framing;
  ncpwire   each kind of request with the reply it got (a 2-byte length,
            the request's NCP bytes, the reply's), and the control message;
  ncpserv   each scenario's frames to the server, whole, as one input
            (2-byte length before each frame), and one input per kind;
  bootargs  the command lines run.sh and the tests boot with;
  lineedit  keystrokes the console tests type;
  nwrdr     each kind of answer NWRDR interprets (File Search, the opens,
            Get Volume Info, Negotiate Buffer) with its request, as in
            ncpwire, each with a room byte and one of the names NWRDR is
            given when the tests open their files; and each name alone;
  smbwire   from build/smbserv/smbserv and build/host/smbclient running
            their session, core and reset scenarios: each kind of request
            (command, word count) with the reply it got, as in ncpwire,
            and the NMPI name query alone.
"""
import argparse
import hashlib
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "qemu", "ncpserv", "fixtures")
CLIENT_MAC = bytes.fromhex("020000000001")
SMB_CLIENT_MAC = bytes.fromhex("020000000002")
SMB_SCENARIOS = ("session", "core", "reset")
# The client's scenarios, in the order they run against one server (logins
# locks MMTA, which nothing after it uses; reset puts the rest back).
KEY = "0011223344556677"
SCENARIOS = ("session", "logins", "calls", "reset")

BOOT_LINES = [
    "console=batch test=boot seed=77 scenario=q150047 depth=x bogus sched=pct schedules=9",
    "console=interactive",
    "console=batch test=ncppair sched=pct seed=11 trace=full",
    "console=batch test=ncp ipxframe=auto",
    "console=batch test=csrss sched=pct depth=3 seed=1 basesrv=rtm",
    "console=batch seed=abc =1 " + "z" * 300 + " steps=999999999999 test=../x",
    "console=batch test=\x01\x02 seed=\xff\xfe sched=rr",
]

KEYSTROKES = [
    b"help\nmem\npool\npci\nexit\n",
    b"frobnicate now\n" + b"x" * 300 + b"\nhe\x01lp\r\n\r\n   \nmem\nexit\n",
    b"mex\x7fm\nexit\n",
    b"\x7f\x08mem\r\n",
    b"\tmem\x03",
]


# The names below \Device\NwRdr the tests' opens come to (nwtest.c ties R:
# and test_nwrdr.c K: to NWSERVER\SYS), the redirector itself, a
# connection's target, and two it refuses.
NWR_NAMES = [
    "", "\\;K:\\NWSERVER\\SYS", "\\;R:\\NWSERVER\\SYS\\", "\\;R:\\NWSERVER\\SYS\\MAIL.TXT",
    "\\;R:\\NWSERVER\\SYS\\queue1.mai", "\\;K:\\NWSERVER\\SYS\\PUBLIC\\BENCH.DAT",
    "\\Device\\NwRdr\\;K:\\NWSERVER\\SYS", "\\;J:\\NWSERVER", "\\;R:\\NWSERVER\\SYS\\A:B",
]
# The NCP functions whose answers NWRDR turns into something of its own.
NWR_FUNCTIONS = (0x3F, 0x41, 0x43, 0x4C, 0x4D, 0x12, 0x21)
NWR_ROOM = 64


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    frames, at = [], 24
    while at + 16 <= len(data):
        length = struct.unpack("<I", data[at + 8:at + 12])[0]
        frames.append(data[at + 16:at + 16 + length])
        at += 16 + length
    return frames


OTHER_FRAMINGS = ("802.3", "802.2", "snap")


def record(build, work, framing="ethernet_ii", scenarios=SCENARIOS):
    """Frames of the scenarios, both ways, in one framing: [(scenario, frame)]."""
    root = os.path.join(work, "root-" + framing)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [os.path.join(build, "ncpserv", "ncpserv"), "--listen", "127.0.0.1:0", "--root", root,
         "--fixtures", FIXTURES, "--deterministic", "--peer", f"127.0.0.1:{port}",
         "--control-key", KEY, "--intruder-attempts", "3", "--frame", framing],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        select.select([server.stdout], [], [], 5)
        address = server.stdout.readline().split()[-1]
        frames = []
        for scenario in scenarios:
            pcap = os.path.join(work, f"{scenario}-{framing}.pcap")
            subprocess.run([os.path.join(build, "host", "ncpclient"), "--server", address,
                            "--root", root, "--fixtures", FIXTURES, "--pcap", pcap,
                            "--scenario", scenario, "--port", str(port),
                            "--control-key", KEY, "--timeout-ms", "100",
                            "--frame", framing] +
                           (["--epoch", "4"] if scenario == "reset" else []),
                           check=True, capture_output=True, timeout=60)
            frames += [(scenario, f) for f in read_pcap(pcap)]
        return frames
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=5)


def record_smb(build, work):
    """The SMB client's scenarios against smbserv, both ways: [frame]."""
    root = os.path.join(work, "root-smb")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [os.path.join(build, "smbserv", "smbserv"), "--listen", "127.0.0.1:0", "--root", root,
         "--fixtures", FIXTURES, "--deterministic", "--peer", f"127.0.0.1:{port}",
         "--control-key", KEY], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        select.select([server.stdout], [], [], 5)
        address = server.stdout.readline().split()[-1]
        frames = []
        for scenario in SMB_SCENARIOS:
            pcap = os.path.join(work, f"smb-{scenario}.pcap")
            subprocess.run([os.path.join(build, "host", "smbclient"), "--server", address,
                            "--port", str(port), "--scenario", scenario, "--pcap", pcap,
                            "--control-key", KEY, "--timeout-ms", "100"],
                           check=True, capture_output=True, timeout=60)
            frames += read_pcap(pcap)
        return frames
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=5)


def smb_pairs(frames):
    """(request, reply) SMBs by Mid, one per kind; the name query alone."""
    pairs, seen, pending = [], set(), {}
    for frame in frames:
        data = payload(frame)
        if frame[6:12] == SMB_CLIENT_MAC and frame[42:44] == b"\x05\x51" and not seen:
            seen.add("name")
            pairs.append(struct.pack(">H", len(data)) + data)
        if len(data) < 33 or data[0:4] != b"\xffSMB":
            continue
        mid = data[30:32]
        if frame[6:12] == SMB_CLIENT_MAC:
            pending[mid] = data
            continue
        request = pending.get(mid)
        if request is None:
            continue
        k = (request[4], request[32], data[5], data[7:9])
        if k not in seen:
            seen.add(k)
            pairs.append(struct.pack(">H", len(request)) + request + data)
    return pairs


def link_length(frame):
    """Bytes before IPX: Ethernet II and raw 802.3 14, 802.2 17, SNAP 22."""
    return {b"\xe0\xe0": 17, b"\xaa\xaa": 22}.get(frame[14:16], 14)


def payload(frame):
    length = struct.unpack(">H", frame[16:18])[0]
    return frame[44:14 + length]


def coarse_kind(frame):
    """A frame of another framing: its framing, direction, type and sockets."""
    ipx = frame[link_length(frame):]
    return (bytes(frame[12:17]) if frame[12:14] == b"\x81\x37" else bytes(frame[14:17]),
            frame[6:12] == CLIENT_MAC, ipx[5], bytes(ipx[16:18]), bytes(ipx[28:30]))


def kind(frame):
    """What makes a frame a kind of its own."""
    data = payload(frame)
    key = [frame[6:12] == CLIENT_MAC, frame[19], frame[30:32], frame[42:44]]
    if frame[30:32] == b"\x04\x51" or frame[42:44] == b"\x04\x51":
        key += [data[0:2], data[6:7], data[9:10] if data[6:7] in (b"\x16", b"\x17") else b"",
                data[6:7] if data[0:2] == b"\x33\x33" else b""]
    return tuple(bytes(k) if isinstance(k, (bytes, bytearray)) else k for k in key)


def ncp_pairs(frames):
    """(request, reply) NCP payloads, by sequence and connection, one per kind."""
    pairs, seen, pending = [], set(), {}
    for _, frame in frames:
        data = payload(frame)
        if len(data) < 7:
            continue
        if frame[6:12] == CLIENT_MAC and frame[30:32] in (b"\x04\x51", b"\x8f\x00"):
            pending[(data[2], data[3])] = data
            if frame[30:32] == b"\x8f\x00":
                pairs.append(struct.pack(">H", len(data)) + data)
        elif frame[6:12] != CLIENT_MAC and data[0:2] in (b"\x33\x33", b"\x99\x99"):
            request = pending.get((data[2], data[3])) or pending.get((data[2], 0xFF))
            if request is None:
                continue
            k = (request[0:2], request[6:7], request[9:10], data[0:2], data[6:7])
            if k not in seen:
                seen.add(k)
                pairs.append(struct.pack(">H", len(request)) + request + data)
    return pairs


def nwrdr_inputs(pairs):
    """Room, request and reply (both length-prefixed), then a name."""
    inputs = []
    for pair in pairs:
        length = struct.unpack(">H", pair[:2])[0]
        request, reply = pair[2:2 + length], pair[2 + length:]
        if request[0:2] != b"\x22\x22" or request[6] not in NWR_FUNCTIONS:
            continue
        name = NWR_NAMES[len(inputs) % len(NWR_NAMES)].encode("latin-1")
        inputs.append(bytes([NWR_ROOM]) + pair[:2 + length] +
                      struct.pack(">H", len(reply)) + reply + name)
    empty = bytes([NWR_ROOM]) + b"\0\0\0\0"
    return inputs + [empty + name.encode("latin-1") for name in NWR_NAMES]


def length_prefixed(frames):
    return b"".join(struct.pack(">H", len(f)) + f for f in frames)


def corpora(build):
    work = tempfile.mkdtemp(prefix="irplab-fuzzseeds.")
    try:
        frames = record(build, work)
        others = [f for framing in OTHER_FRAMINGS
                  for _, f in record(build, work, framing, ("session",))]
        smb = record_smb(build, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kinds = {}
    for _, frame in frames:
        kinds.setdefault(kind(frame), frame)
    for frame in others:
        kinds.setdefault(coarse_kind(frame), frame)
    to_server = [(s, f) for s, f in frames if f[6:12] == CLIENT_MAC]
    client_kinds = {}
    for _, frame in to_server:
        client_kinds.setdefault(kind(frame), frame)
    pairs = ncp_pairs(frames)
    return {
        "ipxwire": list(kinds.values()),
        "ncpwire": pairs,
        "nwrdr": nwrdr_inputs(pairs),
        "ncpserv": [length_prefixed(f for s, f in to_server if s == scenario)
                    for scenario in SCENARIOS] +
                   [length_prefixed([f]) for f in client_kinds.values()],
        "bootargs": [line.encode("latin-1") for line in BOOT_LINES],
        "lineedit": KEYSTROKES,
        "smbwire": smb_pairs(smb),
    }


def names(inputs):
    return {hashlib.sha1(data).hexdigest(): data for data in inputs}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out")
    group.add_argument("--check")
    args = parser.parse_args()
    made = {target: names(inputs) for target, inputs in corpora(args.build).items()}
    if args.out:
        for target, files in made.items():
            folder = os.path.join(args.out, target)
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            for name, data in files.items():
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(data)
            print(f"fuzzseeds: {target}: {len(files)} seeds, "
                  f"{sum(map(len, files.values()))} bytes")
        return
    wrong = [t for t, files in made.items()
             if sorted(os.listdir(os.path.join(args.check, t))) != sorted(files)]
    if wrong:
        sys.exit("fuzzseeds: the committed seeds of %s are not what the builders make now "
                 "(make fuzz-seeds)" % " ".join(wrong))
    print("fuzzseeds: the committed seeds are the builders'")


if __name__ == "__main__":
    main()
