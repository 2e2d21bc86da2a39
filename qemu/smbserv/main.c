/*
 * main.c - smbserv's front: the command line, the link to QEMU's dgram
 * netdev (qemu/netvol/dglink.h, as ncpserv's: one peer, fixed once known;
 * SIGTERM), and the receive loop.
 *
 * smbserv:    smbserv --listen 127.0.0.1:B --peer 127.0.0.1:A --root DIR
 *             [--frame ethernet_ii|802.3|802.2|snap]
 * On a hub with ncpserv's link (-netdev hubport for each), it sees every
 * frame on the wire and answers only its own (srvipx.c).
 *
 * The loop is the server's clock: Server->Now (seconds) before each frame,
 * and once a second the idle time-out (srvconn.c) and the end of account
 * lockouts (srvsess.c); deterministic mode has neither, so that replies
 * do not depend on when they were asked for. smbserv sends nothing on its
 * own: no broadcasts, no polls.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu/smbserv/smbserv.h"
#include "qemu/netvol/dglink.h"

#ifndef SRV_FIXTURES_DIR
#define SRV_FIXTURES_DIR "qemu/ncpserv/fixtures"
#endif

static int SrvpSend(PSRV_SERVER Server, const UCHAR *Frame, ULONG Length)
{
    return DlSend(Server->SendContext, Frame, Length);
}

static void SrvpLog(void *Context, const char *Line)
{
    SrvLog(Context, "%s", Line);
}

static void __attribute__((noreturn)) SrvpUsage(void)
{
    fprintf(stderr,
            "usage: smbserv --listen HOST:PORT --root DIR [--peer HOST:PORT]\n"
            "         [--fixtures DIR] [--deterministic] [-v]\n"
            "         [--drop-every N] [--max-file-size BYTES] [--volume-limit BYTES]\n"
            "         [--connections N] [--station-connections N] [--idle-timeout SECONDS]\n"
            "         [--lockout-attempts N] [--lockout-duration SECONDS]\n"
            "         [--control-key HEX16] [--frame ethernet_ii|802.3|802.2|snap]\n");
    exit(2);
}

/* 16 hex digits: the 8-byte key a control reset must carry. */
static void SrvpKey(const char *Text, PSRV_OPTIONS Options)
{
    if (DlParseKey(Text, Options->ControlKey, NCP_CONTROL_KEY_LENGTH) < 0)
        SrvpUsage();
    Options->HaveControlKey = TRUE;
}

static IPX_FRAME_TYPE SrvpFrame(const char *Text)
{
    IPX_FRAME_TYPE Frame;

    if (DlParseFrame(Text, &Frame) < 0)
        SrvpUsage();
    return Frame;
}

static ULONG SrvpNumber(const char *Text)
{
    ULONG Value;

    if (DlParseNumber(Text, 10, &Value) < 0)
        SrvpUsage();
    return Value;
}

static void SrvpOptions(int Count, char **Arguments, PSRV_OPTIONS Options)
{
    static const struct option Long[] = {
        { "listen", 1, 0, 'l' }, { "peer", 1, 0, 'p' }, { "root", 1, 0, 'r' },
        { "fixtures", 1, 0, 'f' }, { "deterministic", 0, 0, 'd' },
        { "verbose", 0, 0, 'v' }, { "drop-every", 1, 0, 'D' },
        { "max-file-size", 1, 0, 'M' }, { "control-key", 1, 0, 'K' },
        { "frame", 1, 0, 'F' }, { "volume-limit", 1, 0, 'V' },
        { "connections", 1, 0, 'C' }, { "station-connections", 1, 0, 'N' },
        { "idle-timeout", 1, 0, 'I' }, { "lockout-attempts", 1, 0, 'A' },
        { "lockout-duration", 1, 0, 'L' }, { 0, 0, 0, 0 },
    };
    int Option;

    memset(Options, 0, sizeof(*Options));
    snprintf(Options->Fixtures, sizeof(Options->Fixtures), "%s", SRV_FIXTURES_DIR);
    Options->Frame = IpxFrameEthernetII;
    Options->MaxFileSize = SRV_DEFAULT_MAX_FILE_SIZE;
    Options->VolumeLimit = SRV_DEFAULT_VOLUME_LIMIT;
    Options->Connections = SRV_MAX_CONNECTIONS;
    Options->IdleTimeout = 900;             /* NT's autodisconnect: 15 minutes */
    Options->LockoutAttempts = 7;
    Options->LockoutDuration = 900;
    while ((Option = getopt_long(Count, Arguments, "v", Long, NULL)) != -1) {
        switch (Option) {
        case 'l': snprintf(Options->Listen, sizeof(Options->Listen), "%s", optarg); break;
        case 'p': snprintf(Options->Peer, sizeof(Options->Peer), "%s", optarg); break;
        case 'r': snprintf(Options->Root, sizeof(Options->Root), "%s", optarg); break;
        case 'f': snprintf(Options->Fixtures, sizeof(Options->Fixtures), "%s", optarg); break;
        case 'd': Options->Deterministic = TRUE; break;
        case 'v': Options->Verbose = TRUE; break;
        case 'D': Options->DropEvery = SrvpNumber(optarg); break;
        case 'M': Options->MaxFileSize = SrvpNumber(optarg); break;
        case 'K': SrvpKey(optarg, Options); break;
        case 'F': Options->Frame = SrvpFrame(optarg); break;
        case 'V': Options->VolumeLimit = SrvpNumber(optarg); break;
        case 'C': Options->Connections = SrvpNumber(optarg); break;
        case 'N': Options->StationConnections = SrvpNumber(optarg); break;
        case 'I': Options->IdleTimeout = SrvpNumber(optarg); break;
        case 'A': Options->LockoutAttempts = SrvpNumber(optarg); break;
        case 'L': Options->LockoutDuration = SrvpNumber(optarg); break;
        default: SrvpUsage();
        }
    }
    if (optind != Count || !Options->Listen[0] || !Options->Root[0] ||
        Options->MaxFileSize == 0 || Options->VolumeLimit == 0 ||
        Options->Connections == 0 || Options->Connections > SRV_MAX_CONNECTIONS)
        SrvpUsage();
    /* One station may hold half the table unless told otherwise. */
    if (Options->StationConnections == 0)
        Options->StationConnections = (Options->Connections + 1) / 2;
}

static void SrvpLoop(PSRV_SERVER Server, PDL_LINK Link)
{
    UCHAR Frame[ETH_MAX_FRAME + 1];
    BOOLEAN Clock = !Server->Options.Deterministic;
    time_t LastTick = 0;
    int Ready, Got;

    while (!DlStopping()) {
        Ready = DlWait(Link, Clock ? 1000 : -1);
        if (Ready < 0)
            return;
        if (Clock && time(NULL) != LastTick) {
            Server->Now = LastTick = time(NULL);
            SrvIdleTimeout(Server);
        }
        if (Ready > 0 && (Got = DlRead(Link, Frame, sizeof(Frame))) > 0)
            SrvReceiveFrame(Server, Frame, (ULONG)Got);
    }
}

int main(int Count, char **Arguments)
{
    static SRV_SERVER Server;        /* large: keep it off the stack */
    SRV_OPTIONS Options;
    DL_LINK Link;

    SrvpOptions(Count, Arguments, &Options);
    DlCatchStop();
    if (DlOpen(&Link, "smbserv", Options.Listen, Options.Peer, SrvpLog, &Server) < 0)
        return 1;
    if (SrvInitialize(&Server, &Options, SrvpSend, &Link) < 0) {
        fprintf(stderr, "smbserv: cannot restore %s from %s into %s\n", SRV_SHARE_NAME,
                Options.Fixtures, Options.Root);
        return 1;
    }
    DlReady(&Link, "smbserv");
    SrvpLoop(&Server, &Link);
    SrvConnectionsReset(&Server);
    DlClose(&Link);
    fprintf(stderr, "smbserv: stopped\n");
    return 0;
}
