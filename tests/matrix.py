"""matrix.py - the regression matrix: every boot of an in-kernel suite that
make test judges by its KTAP lines or its STOP screen, one Row each (suite
and boot arguments, network card, ncpserv's fault mode or framing, and
smbserv beside it with its options). The test files take
their parameters from here, and `make lava` writes one LAVA job per row
(lava/jobs.py), so a LAVA lab runs the rows make test runs.

Left out, because a lab cannot give them what they need: the floods (a host
program sends bad frames beside the run), ncpbench (a file written into
ncpserv's volume first) and the second boots that compare traces of one
seed (their suites are rows here).
"""
import re
from dataclasses import dataclass

# Each card model gets its own station address, so that a test can tell
# the boot line reports the one QEMU was given.
MACS = {"pci": "52:54:00:12:34:56", "isa": "52:54:00:ab:cd:07"}


@dataclass(frozen=True)
class Row:
    args: str                   # boot arguments, test=SUITE first
    nic: str = "none"           # pci or isa: that card, with ncpserv beside it
    ncpserv: tuple = ()         # ncpserv's options: a fault mode, its framing
    smbserv: tuple = None       # smbserv's options; None: no smbserv on the wire
    stop: tuple = None          # (code, name): the STOP screen a fault suite ends in
    timeout: int = 60           # seconds the run may take

    @property
    def suite(self):
        return self.args.split()[0].removeprefix("test=")

    @property
    def id(self):
        words = [self.args.removeprefix("test="), *self.ncpserv, *(self.smbserv or ())]
        if self.nic != "none":
            words.append(self.nic)
        return re.sub(r"[^a-z0-9]+", "-", " ".join(words).lower()).strip("-")


def _ncp(args, nic="pci", ncpserv=()):
    return Row(args, nic=nic, ncpserv=ncpserv, timeout=90)


def _smb(args, nic="pci", smbserv=()):
    return Row(args, nic=nic, smbserv=smbserv, timeout=90)


PLAIN = [Row("test=boot seed=77 scenario=q150047 depth=x bogus sched=pct schedules=9"),
         Row("test=pool"), Row("test=ke"), Row("test=io"), Row("test=ob"), Row("test=win32"),
         Row("test=user"), Row("test=nullirp")]

FAULTS = [Row(f"test={suite}", stop=(code, name)) for suite, code, name in [
    ("divide", 0x1E, "KMODE_EXCEPTION_NOT_HANDLED"),
    ("doublefree", 0xC2, "BAD_POOL_CALLER"),
    ("irpcancel", 0xC9, "DRIVER_VERIFIER_IOMANAGER_VIOLATION"),
    ("irpmarked", 0xC9, "DRIVER_VERIFIER_IOMANAGER_VIOLATION"),
    ("irptwice", 0x44, "MULTIPLE_IRP_COMPLETE_REQUESTS"),
    ("irpunderflow", 0x35, "NO_MORE_IRP_STACK_LOCATIONS"),
    ("irpunmarked", 0xC9, "DRIVER_VERIFIER_IOMANAGER_VIOLATION"),
    ("lockorder", 0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION"),
    ("mutexorder", 0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION"),
    ("mutexowner", 0x11, "THREAD_NOT_MUTEX_OWNER"),
    ("pagefault", 0x50, "PAGE_FAULT_IN_NONPAGED_AREA"),
    ("stackoverflow", 0x7F, "UNEXPECTED_KERNEL_MODE_TRAP"),
    ("threadoverflow", 0x7F, "UNEXPECTED_KERNEL_MODE_TRAP"),
]]

PCT_ARGS = "test=pct sched=pct seed={} depth=3 trace=full"
PCT = [Row(PCT_ARGS.format(seed)) for seed in (1, 7, 150047)]
IOPCT = Row("test=iopct sched=pct seed=9 depth=3 trace=full")

CSRSS = [Row(f"test=csrss {sched}basesrv={variant}", nic="pci", timeout=300)
         for sched in ("sched=pct seed=1 depth=3 ", "") for variant in ("rtm", "sp")] + [
    # The KB's control: NWRDR with one context per logon session, as RDR.
    Row("test=csrss sched=pct seed=1 depth=3 basesrv=rtm nwrctx=logon", nic="pci", timeout=600)]

NE2000 = [Row("test=ne2000", nic="pci"), Row("test=ne2000", nic="isa")]
NE2000_PCT = Row("test=ne2000 sched=pct seed=5", nic="pci")

IPX = [_ncp("test=ipx sched=rr seed=4"), _ncp("test=ipx sched=rr seed=4", "isa"),
       _ncp("test=ipx sched=pct seed=4")]
NCP = [_ncp("test=ncp"), _ncp("test=ncp", "isa")]
NCP_PCT = _ncp("test=ncp sched=pct seed=3", "isa")
NCPPAIR = [_ncp("test=ncppair sched=pct seed=11 trace=full", nic) for nic in ("pci", "isa")]
NCPPAIR_SEEDS = [_ncp(f"test=ncppair sched=pct seed={seed}") for seed in (1, 4, 6, 8)]
NCP_FAULTS = [_ncp("test=ncp", ncpserv=options) for options in
              (("--drop-every", "3"), ("--duplicate-every", "2"), ("--busy", "1"))]
NCPSILENT = _ncp("test=ncpsilent", ncpserv=("--silent-after", "2"))
NWRDR = [_ncp("test=nwrdr"), _ncp("test=nwrdr", "isa"),
         _ncp("test=nwrdr sched=pct seed=3 trace=full")]
NWRDR_FRAMES = [_ncp(f"test=nwrdr ipxframe={framing}", nic, ncpserv=("--frame", framing))
                for framing, nic in (("802.3", "pci"), ("802.2", "isa"), ("snap", "pci"))]
# Every request answered 0x9999 once costs the client a wait of its retry
# time (250 ms): the suite's few hundred requests take minutes.
NWRDR_FAULTS = [Row("test=nwrdr", nic="pci", ncpserv=options, timeout=240) for options in
                (("--duplicate-every", "2"), ("--busy", "1"))]
NWRDR_SILENT = _ncp("test=nwrdrsilent", ncpserv=("--silent-after", "30"))
NWRDR_ROUTED = _ncp("test=nwrdr", ncpserv=("--internal-net", "00abcdef"))
# Low-resource simulation: every allocation of NWRDR's and the drive table's
# calls failed in turn, with both base servers; one point of the sweep
# replayed (failpool=); without a card, every case a SKIP.
LOWRES = [_ncp("test=lowres"), _ncp("test=lowres basesrv=sp"), _ncp("test=lowres failpool=3"),
          Row("test=lowres")]
NET = [_ncp("test=net"), _ncp("test=net sched=pct seed=5", "isa")]
# The KB's programs (mmta, cim, winfile) as processes: NWRDR's context per
# process, the KB's control (nwrctx=logon, where the drives another
# process connected can be read), and under PCT.
PROGS = [_ncp("test=progs"), _ncp("test=progs nwrctx=logon", "isa"),
         _ncp("test=progs sched=pct seed=5")]
# Client Services for NetWare's restart: the first Read File silences its
# connection, so that a read stays on the wire and three queue behind it.
CSNW = [Row("test=csnw", nic="pci", ncpserv=("--silent-at-read", "1"), timeout=180)]

# IPX's framings. The session with ncpserv bound to the framing the kernel
# sends in (Ethernet II is NCP's rows; snap under pct); auto against a
# server in 802.2; a kernel in 802.2 against a server in raw 802.3, which it
# must fail to find, cleanly (under rr: pct would call the silence a broken
# peer).
NCP_FRAMES = [_ncp(f"test=ncp ipxframe={framing}{sched}", ncpserv=("--frame", framing))
              for framing, sched in (("802.3", ""), ("802.2", ""), ("snap", " sched=pct seed=2"))]
NCP_AUTO = _ncp("test=ncp ipxframe=auto", ncpserv=("--frame", "802.2"))
NOSERVER = _ncp("test=noserver ipxframe=802.2", ncpserv=("--frame", "802.3"))

# The SMB client against smbserv, beside ncpserv on one hub: on both cards,
# under PCT (two boots of the seed compared), and with every third reply
# lost, which the client's retransmissions recover.
SMB = [_smb("test=smb"), _smb("test=smb", "isa")]
SMB_PCT = _smb("test=smb sched=pct seed=3 trace=full")
SMB_FAULTS = [_smb("test=smb", smbserv=("--drop-every", "3"))]

ROWS = (PLAIN + FAULTS + PCT + [IOPCT] + CSRSS + NE2000 + [NE2000_PCT] + IPX + NCP + [NCP_PCT]
        + NCPPAIR + NCPPAIR_SEEDS + NCP_FAULTS + [NCPSILENT] + NCP_FRAMES + [NCP_AUTO, NOSERVER]
        + NWRDR + NWRDR_FRAMES + NWRDR_FAULTS + [NWRDR_SILENT, NWRDR_ROUTED] + SMB + [SMB_PCT]
        + SMB_FAULTS + LOWRES + NET + PROGS + CSNW)


def ids(rows):
    return [row.id for row in rows]
