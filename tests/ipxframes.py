"""ipxframes.py - what tshark says of each IPX frame's Ethernet framing.

framings(pcap) dissects every frame and returns one Frame per frame: its
Ethernet source, the framing tshark's fields show and whether the 802.3
length field counts exactly the LLC/SNAP header and the IPX packet (the
padding up to 60 bytes is not counted). The framing comes from the fields
themselves, not from irplab's codec:

    ethernet_ii   eth.type 0x8137, no length field
    802.3         eth.len, no LLC: the IPX header right after the length
    802.2         eth.len, llc.dsap 0xe0
    snap          eth.len, llc.dsap 0xaa, llc.type 0x8137

A frame that is none of these (or not IPX at all) is "other".
"""
import subprocess
from dataclasses import dataclass

NAMES = ("ethernet_ii", "802.3", "802.2", "snap")
LLC_BYTES = {"802.3": 0, "802.2": 3, "snap": 8}
FIELDS = ("eth.src", "eth.type", "eth.len", "llc.dsap", "llc.type", "ipx.len")


@dataclass(frozen=True)
class Frame:
    source: str
    framing: str
    length_counts_ipx: bool     # 802.3 family: eth.len == LLC/SNAP + ipx.len


def classify(eth_type, eth_len, dsap, llc_type, ipx_len):
    if not ipx_len:
        return "other"
    if eth_type == "0x8137" and not eth_len:
        return "ethernet_ii"
    if not eth_len:
        return "other"
    if not dsap:
        return "802.3"
    if dsap == "0xe0":
        return "802.2"
    if dsap == "0xaa" and llc_type == "0x8137":
        return "snap"
    return "other"


def framings(pcap):
    args = ["tshark", "-r", pcap, "-T", "fields", "-E", "occurrence=f"]
    for name in FIELDS:
        args += ["-e", name]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    frames = []
    for line in result.stdout.splitlines():
        source, eth_type, eth_len, dsap, llc_type, ipx_len = (line.split("\t") + [""] * 6)[:6]
        framing = classify(eth_type, eth_len, dsap, llc_type, ipx_len)
        counts = (framing not in LLC_BYTES or
                  (eth_len.isdigit() and ipx_len.isdigit() and
                   int(eth_len) == LLC_BYTES[framing] + int(ipx_len)))
        frames.append(Frame(source, framing, counts))
    return frames
