#!/usr/bin/env python3
"""wirefault.py - a seeded fault stage on the wire between QEMU's dgram
netdev and ncpserv: it drops, duplicates, reorders and delays frames, each
with its own probability, from one seed, and it can kill ncpserv and start
it again when the guest asks.

    QEMU (port A)  <->  stage (B for QEMU, D for ncpserv)  <->  ncpserv (C)

    wirefault.py --qemu-port A --listen B --server-port C --peer-port D
                 --seed S [--drop P] [--duplicate P] [--reorder P]
                 [--delay P] [--delay-ms MS] -- NCPSERV ARGS...

Started from the command line it runs ncpserv itself (the arguments after
--, to which it adds --listen 127.0.0.1:C --peer 127.0.0.1:D) until SIGTERM;
tests/test_wirefault.py uses the FaultStage class the same way. Run QEMU
with `qemu/run.sh ... NETPORT=A PEERPORT=B`.

The guest steers the harness with IPX datagrams to socket 0x4F00 (never
forwarded, never faulted): "KILL n" kills ncpserv (SIGKILL) once n more
frames from the guest have passed, "START" starts it again (fresh volumes)
and answers "STARTED" to the sender when it is ready, "CLEAN" stops the
faults, "FAULT" starts them again. Every fault is counted (stats()).
"""
import argparse
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HARNESS_SOCKET = 0x4F00


def ipx_dst_socket(frame):
    return struct.unpack(">H", frame[30:32])[0] if len(frame) >= 32 else None


class Ncpserv:
    """ncpserv on a fixed port, which the stage may kill and start again."""

    def __init__(self, binary, port, peer_port, folder, options=()):
        self.command = [binary, "--listen", f"127.0.0.1:{port}", "--peer",
                        f"127.0.0.1:{peer_port}", *options]
        self.folder, self.proc, self.starts = folder, None, 0
        self.log = open(os.path.join(folder, "ncpserv.log"), "a")

    def start(self):
        self.starts += 1
        root = os.path.join(self.folder, f"root{self.starts}")
        self.proc = subprocess.Popen(self.command + ["--root", root], stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if ready else ""
        if "ready on" not in line:
            raise RuntimeError(f"ncpserv did not start: {line!r}")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


class FaultStage(threading.Thread):
    """Forwards frames both ways with seeded faults until stop()."""

    def __init__(self, qemu_port, server_port, seed, server, drop=0.0, duplicate=0.0,
                 reorder=0.0, delay=0.0, delay_ms=100, listen=0, peer_port=0):
        super().__init__(daemon=True)
        self.qemu = ("127.0.0.1", qemu_port)
        self.server_address = ("127.0.0.1", server_port)
        self.server = server
        self.rng = random.Random(seed)
        self.p = {"drop": drop, "duplicate": duplicate, "reorder": reorder, "delay": delay}
        self.delay_s = delay_ms / 1000.0
        self.faulting = True
        self.counts = {k: 0 for k in ("to_server", "to_guest", "drop", "duplicate", "reorder",
                                      "delay", "kill", "start")}
        self.qemu_side = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.qemu_side.bind(("127.0.0.1", listen))
        self.server_side = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.server_side.bind(("127.0.0.1", peer_port))
        self.listen_port = self.qemu_side.getsockname()[1]
        self.peer_port = self.server_side.getsockname()[1]
        self.held = {}             # direction -> frame held back for reordering
        self.later = []            # (due time, socket, frame, address)
        self.kill_after = None
        self.stopping = threading.Event()

    def stats(self):
        return dict(self.counts)

    def stop(self):
        self.stopping.set()
        self.join(timeout=5)
        self.qemu_side.close()
        self.server_side.close()

    def _out(self, direction, frame):
        out, to = ((self.server_side, self.server_address) if direction == "to_server"
                   else (self.qemu_side, self.qemu))
        self.counts[direction] += 1
        if not self.faulting:
            out.sendto(frame, to)
            return
        roll = self.rng.random
        if roll() < self.p["drop"]:
            self.counts["drop"] += 1
            return
        if roll() < self.p["delay"]:
            self.counts["delay"] += 1
            self.later.append((time.monotonic() + self.delay_s, out, frame, to))
            return
        if roll() < self.p["reorder"] and direction not in self.held:
            self.counts["reorder"] += 1
            self.held[direction] = frame            # goes after the next one
            return
        copies = 2 if roll() < self.p["duplicate"] else 1
        self.counts["duplicate"] += copies - 1
        for _ in range(copies):
            out.sendto(frame, to)
        held = self.held.pop(direction, None)
        if held is not None:
            out.sendto(held, to)

    def _harness(self, frame):
        """A guest's command to socket 0x4F00."""
        length = struct.unpack(">H", frame[16:18])[0]
        words = frame[44:14 + length].decode("latin-1", "replace").split()
        if not words:
            return
        if words[0] == "KILL":
            self.kill_after = int(words[1]) if len(words) > 1 else 0
            self._kill_when_due()
        elif words[0] == "START":
            self.server.start()
            self.counts["start"] += 1
            answer = frame[6:12] + bytes.fromhex("024e57000001") + frame[12:14]
            ipx = struct.pack(">HHBB", 0xFFFF, 30 + 7, 0, 0) + frame[32:44] + frame[20:32]
            reply = answer + ipx + b"STARTED"
            self.qemu_side.sendto(reply + bytes(max(0, 60 - len(reply))), self.qemu)
        elif words[0] == "CLEAN":
            self.faulting = False
        elif words[0] == "FAULT":
            self.faulting = True

    def _kill_when_due(self):
        if self.kill_after == 0:
            self.server.kill()
            self.counts["kill"] += 1
            self.kill_after = None

    def _from_guest(self, frame):
        if ipx_dst_socket(frame) == HARNESS_SOCKET:
            self._harness(frame)
            return
        self._out("to_server", frame)
        if self.kill_after:
            self.kill_after -= 1
            self._kill_when_due()

    def _release_due(self):
        now = time.monotonic()
        due = [x for x in self.later if x[0] <= now]
        self.later = [x for x in self.later if x[0] > now]
        for _, out, frame, to in due:
            out.sendto(frame, to)

    def run(self):
        while not self.stopping.is_set():
            ready, _, _ = select.select([self.qemu_side, self.server_side], [], [], 0.02)
            self._release_due()
            for sock in ready:
                try:
                    frame = sock.recv(2048)
                except OSError:
                    continue
                if sock is self.qemu_side:
                    self._from_guest(frame)
                else:
                    self._out("to_guest", frame)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qemu-port", type=int, required=True)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--server-port", type=int, required=True)
    parser.add_argument("--peer-port", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    for fault in ("drop", "duplicate", "reorder", "delay"):
        parser.add_argument("--" + fault, type=float, default=0.0)
    parser.add_argument("--delay-ms", type=int, default=100)
    parser.add_argument("ncpserv", nargs="+")
    args = parser.parse_args()
    folder = os.path.abspath("wirefault")
    os.makedirs(folder, exist_ok=True)
    server = Ncpserv(args.ncpserv[0], args.server_port, args.peer_port, folder, args.ncpserv[1:])
    server.start()
    stage = FaultStage(args.qemu_port, args.server_port, args.seed, server, args.drop,
                       args.duplicate, args.reorder, args.delay, args.delay_ms,
                       args.listen, args.peer_port)
    stage.start()
    signal.signal(signal.SIGTERM, lambda *_: stage.stopping.set())
    try:
        while stage.is_alive():
            stage.join(0.5)
    except KeyboardInterrupt:
        pass
    stage.stop()
    server.stop()
    print("wirefault:", " ".join(f"{k}={v}" for k, v in stage.stats().items()), file=sys.stderr)


if __name__ == "__main__":
    main()
