/*
 * main.c - ncpserv's front: the command line, the link to QEMU's dgram
 * netdev (qemu/netvol/dglink.h: one peer, fixed once known; SIGTERM), and
 * the receive loop.
 *
 * ncpserv:    ncpserv --listen 127.0.0.1:B --peer 127.0.0.1:A --root DIR
 *             [--frame ethernet_ii|802.3|802.2|snap]
 * Each datagram is one Ethernet frame, IPX in the --frame framing.
 *
 * The loop is the server's clock: Server->Now (seconds) before each frame,
 * and once a second the watchdog; deterministic mode has neither.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qemu/ncpserv/ncpserv.h"
#include "qemu/netvol/dglink.h"

#ifndef NS_FIXTURES_DIR
#define NS_FIXTURES_DIR "qemu/ncpserv/fixtures"
#endif

static int NspSend(PNS_SERVER Server, const UCHAR *Frame, ULONG Length)
{
    return DlSend(Server->SendContext, Frame, Length);
}

static void NspLog(void *Context, const char *Line)
{
    NsLog(Context, "%s", Line);
}

static void __attribute__((noreturn)) NspUsage(void)
{
    fprintf(stderr,
            "usage: ncpserv --listen HOST:PORT --root DIR [--peer HOST:PORT]\n"
            "         [--fixtures DIR] [--deterministic] [-v]\n"
            "         [--drop-every N] [--duplicate-every N] [--busy N]\n"
            "         [--silent-after N] [--silent-at-read N] [--internal-net HEX]\n"
            "         [--allow-unencrypted] [--sap-interval SECONDS]\n"
            "         [--connections N] [--station-connections N]\n"
            "         [--watchdog SECONDS] [--max-file-size BYTES]\n"
            "         [--volume-limit BYTES]\n"
            "         [--intruder-attempts N] [--intruder-lockout SECONDS]\n"
            "         [--control-key HEX16] [--bench-echo]\n"
            "         [--frame ethernet_ii|802.3|802.2|snap]\n");
    exit(2);
}

/* 16 hex digits: the 8-byte key a control reset must carry. */
static void NspKey(const char *Text, PNS_OPTIONS Options)
{
    if (DlParseKey(Text, Options->ControlKey, NCP_CONTROL_KEY_LENGTH) < 0)
        NspUsage();
    Options->HaveControlKey = TRUE;
}

/* --frame: one of the codec's framing names. */
static IPX_FRAME_TYPE NspFrame(const char *Text)
{
    IPX_FRAME_TYPE Frame;

    if (DlParseFrame(Text, &Frame) < 0)
        NspUsage();
    return Frame;
}

static ULONG NspNumber(const char *Text, int Base)
{
    ULONG Value;

    if (DlParseNumber(Text, Base, &Value) < 0)
        NspUsage();
    return Value;
}

static void NspOptions(int Count, char **Arguments, PNS_OPTIONS Options)
{
    static const struct option Long[] = {
        { "listen", 1, 0, 'l' }, { "peer", 1, 0, 'p' }, { "root", 1, 0, 'r' },
        { "fixtures", 1, 0, 'f' }, { "deterministic", 0, 0, 'd' },
        { "verbose", 0, 0, 'v' }, { "drop-every", 1, 0, 'D' },
        { "duplicate-every", 1, 0, 'U' }, { "busy", 1, 0, 'B' },
        { "silent-after", 1, 0, 'S' }, { "silent-at-read", 1, 0, 'R' },
        { "internal-net", 1, 0, 'I' },
        { "allow-unencrypted", 0, 0, 'E' }, { "sap-interval", 1, 0, 'T' },
        { "connections", 1, 0, 'C' }, { "station-connections", 1, 0, 'N' },
        { "watchdog", 1, 0, 'W' }, { "max-file-size", 1, 0, 'M' },
        { "volume-limit", 1, 0, 'V' },
        { "intruder-attempts", 1, 0, 'A' }, { "intruder-lockout", 1, 0, 'L' },
        { "control-key", 1, 0, 'K' }, { "bench-echo", 0, 0, 'b' },
        { "frame", 1, 0, 'F' }, { 0, 0, 0, 0 },
    };
    int Option;

    memset(Options, 0, sizeof(*Options));
    snprintf(Options->Fixtures, sizeof(Options->Fixtures), "%s",
             NS_FIXTURES_DIR);
    Options->Frame = IpxFrameEthernetII;
    Options->SapInterval = 60;
    Options->Connections = NS_MAX_CONNECTIONS;
    Options->Watchdog = 300;                /* NetWare: about five minutes */
    Options->MaxFileSize = NS_DEFAULT_MAX_FILE_SIZE;
    Options->VolumeLimit = NS_DEFAULT_VOLUME_LIMIT;
    Options->IntruderAttempts = 7;          /* NetWare's defaults */
    Options->IntruderLockout = 900;
    while ((Option = getopt_long(Count, Arguments, "v", Long, NULL)) != -1) {
        switch (Option) {
        case 'l': snprintf(Options->Listen, sizeof(Options->Listen), "%s", optarg); break;
        case 'p': snprintf(Options->Peer, sizeof(Options->Peer), "%s", optarg); break;
        case 'r': snprintf(Options->Root, sizeof(Options->Root), "%s", optarg); break;
        case 'f': snprintf(Options->Fixtures, sizeof(Options->Fixtures), "%s", optarg); break;
        case 'd': Options->Deterministic = TRUE; break;
        case 'v': Options->Verbose = TRUE; break;
        case 'D': Options->DropEvery = NspNumber(optarg, 10); break;
        case 'U': Options->DuplicateEvery = NspNumber(optarg, 10); break;
        case 'B': Options->Busy = NspNumber(optarg, 10); break;
        case 'S': Options->SilentAfter = NspNumber(optarg, 10); break;
        case 'R': Options->SilentAtRead = NspNumber(optarg, 10); break;
        case 'I': Options->InternalNetwork = NspNumber(optarg, 16); break;
        case 'E': Options->AllowUnencrypted = TRUE; break;
        case 'T': Options->SapInterval = NspNumber(optarg, 10); break;
        case 'C': Options->Connections = NspNumber(optarg, 10); break;
        case 'N': Options->StationConnections = NspNumber(optarg, 10); break;
        case 'W': Options->Watchdog = NspNumber(optarg, 10); break;
        case 'M': Options->MaxFileSize = NspNumber(optarg, 10); break;
        case 'V': Options->VolumeLimit = NspNumber(optarg, 10); break;
        case 'A': Options->IntruderAttempts = NspNumber(optarg, 10); break;
        case 'L': Options->IntruderLockout = NspNumber(optarg, 10); break;
        case 'K': NspKey(optarg, Options); break;
        case 'b': Options->BenchEcho = TRUE; break;
        case 'F': Options->Frame = NspFrame(optarg); break;
        default: NspUsage();
        }
    }
    if (optind != Count || !Options->Listen[0] || !Options->Root[0] ||
        Options->Connections == 0 || Options->Connections > NS_MAX_CONNECTIONS ||
        Options->MaxFileSize == 0 || Options->VolumeLimit == 0)
        NspUsage();
    /* One station may hold half the table unless told otherwise. */
    if (Options->StationConnections == 0)
        Options->StationConnections = (Options->Connections + 1) / 2;
}

/* The loop's tick: a second, or forever in deterministic mode. */
static int NspTimeout(const NS_OPTIONS *Options)
{
    return Options->Deterministic ? -1 : 1000;
}

/* What runs on the clock: periodic SAP and the watchdog. */
static void NspTick(PNS_SERVER Server, time_t *NextSap)
{
    Server->Now = time(NULL);
    if (Server->Options.SapInterval != 0 && Server->Now >= *NextSap) {
        NsBroadcastSap(Server);
        *NextSap = Server->Now + Server->Options.SapInterval;
    }
    NsWatchdog(Server);
}

static void NspLoop(PNS_SERVER Server, PDL_LINK Link)
{
    UCHAR Frame[ETH_MAX_FRAME + 1];
    time_t NextSap = time(NULL), LastTick = 0;
    int Ready, Got;

    while (!DlStopping()) {
        Ready = DlWait(Link, NspTimeout(&Server->Options));
        if (Ready < 0)
            return;
        if (!Server->Options.Deterministic && time(NULL) != LastTick) {
            NspTick(Server, &NextSap);
            LastTick = Server->Now;
        }
        if (Ready > 0 && (Got = DlRead(Link, Frame, sizeof(Frame))) > 0)
            NsReceiveFrame(Server, Frame, (ULONG)Got);
    }
}

int main(int Count, char **Arguments)
{
    static NS_SERVER Server;         /* large: keep it off the stack */
    NS_OPTIONS Options;
    DL_LINK Link;

    NspOptions(Count, Arguments, &Options);
    DlCatchStop();
    if (DlOpen(&Link, "ncpserv", Options.Listen, Options.Peer, NspLog, &Server) < 0)
        return 1;
    if (NsInitialize(&Server, &Options, NspSend, &Link) < 0) {
        fprintf(stderr, "ncpserv: cannot restore volumes from %s into %s\n",
                Options.Fixtures, Options.Root);
        return 1;
    }
    DlReady(&Link, "ncpserv");
    NspLoop(&Server, &Link);
    NsShutdown(&Server);
    DlClose(&Link);
    fprintf(stderr, "ncpserv: stopped\n");
    return 0;
}
