/*
 * main.c - ncpserv's front: command line, the UDP socket QEMU's
 * -netdev dgram talks to, the receive loop, SIGTERM.
 *
 * QEMU side:  -netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,
 *             local.port=A,remote.type=inet,remote.host=127.0.0.1,remote.port=B
 * ncpserv:    ncpserv --listen 127.0.0.1:B --peer 127.0.0.1:A --root DIR
 *             [--frame ethernet_ii|802.3|802.2|snap]
 * Each datagram is one Ethernet frame, IPX in the --frame framing. ncpserv has one peer: the --peer it
 * was given, or else the source of the first datagram it receives; either
 * way it is fixed from then on, and datagrams from any other address are
 * dropped, so no other local process can take the link over. It binds
 * only the --listen address. With --listen HOST:0 the kernel picks the
 * port; the "ready" line printed on stdout says which.
 *
 * The loop is the server's clock: Server->Now (seconds) before each frame,
 * and once a second the watchdog; deterministic mode has neither.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "qemu/ncpserv/ncpserv.h"

#ifndef NS_FIXTURES_DIR
#define NS_FIXTURES_DIR "qemu/ncpserv/fixtures"
#endif

typedef struct _NS_LINK {
    int Socket;
    struct sockaddr_in Local;
    struct sockaddr_in Peer;
    BOOLEAN HavePeer;
} NS_LINK, *PNS_LINK;

static volatile sig_atomic_t NspStop;

static void NspOnSignal(int Signal)
{
    NspStop = 1;
}

static int NspParseAddress(const char *Text, struct sockaddr_in *Address)
{
    char Host[64];
    const char *Colon = strrchr(Text, ':');
    char *End;
    long Port;

    if (!Colon || (size_t)(Colon - Text) >= sizeof(Host))
        return -1;
    memcpy(Host, Text, (size_t)(Colon - Text));
    Host[Colon - Text] = '\0';
    Port = strtol(Colon + 1, &End, 10);
    if (*End != '\0' || Port < 0 || Port > 65535)
        return -1;
    memset(Address, 0, sizeof(*Address));
    Address->sin_family = AF_INET;
    Address->sin_port = htons((uint16_t)Port);
    return inet_pton(AF_INET, Host, &Address->sin_addr) == 1 ? 0 : -1;
}

static int NspSend(PNS_SERVER Server, const UCHAR *Frame, ULONG Length)
{
    PNS_LINK Link = Server->SendContext;

    if (!Link->HavePeer)
        return -1;
    return sendto(Link->Socket, Frame, Length, 0,
                  (struct sockaddr *)&Link->Peer, sizeof(Link->Peer)) < 0 ? -1
                                                                          : 0;
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
    unsigned int Byte;
    int Index;

    if (strlen(Text) != 2 * NCP_CONTROL_KEY_LENGTH)
        NspUsage();
    for (Index = 0; Index < NCP_CONTROL_KEY_LENGTH; Index++) {
        if (sscanf(Text + 2 * Index, "%2x", &Byte) != 1 ||
            !isxdigit((unsigned char)Text[2 * Index]) ||
            !isxdigit((unsigned char)Text[2 * Index + 1]))
            NspUsage();
        Options->ControlKey[Index] = (UCHAR)Byte;
    }
    Options->HaveControlKey = TRUE;
}

/* --frame: one of the codec's framing names. */
static IPX_FRAME_TYPE NspFrame(const char *Text)
{
    ULONG Frame;

    for (Frame = 0; Frame < IpxFrameTypeCount; Frame++) {
        if (strcmp(Text, IpxFrameName((IPX_FRAME_TYPE)Frame)) == 0)
            return (IPX_FRAME_TYPE)Frame;
    }
    NspUsage();
}

static ULONG NspNumber(const char *Text, int Base)
{
    char *End;
    unsigned long Value = strtoul(Text, &End, Base);

    if (*Text == '\0' || *End != '\0' || Value > 0xFFFFFFFFUL)
        NspUsage();
    return (ULONG)Value;
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

static int NspOpenLink(const NS_OPTIONS *Options, PNS_LINK Link)
{
    struct sockaddr_in *Local = &Link->Local;
    socklen_t Size = sizeof(*Local);

    memset(Link, 0, sizeof(*Link));
    if (NspParseAddress(Options->Listen, Local) < 0 ||
        (Options->Peer[0] && NspParseAddress(Options->Peer, &Link->Peer) < 0)) {
        fprintf(stderr, "ncpserv: bad address\n");
        return -1;
    }
    Link->HavePeer = Options->Peer[0] != '\0';
    Link->Socket = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (Link->Socket < 0 ||
        bind(Link->Socket, (struct sockaddr *)Local, sizeof(*Local)) < 0 ||
        getsockname(Link->Socket, (struct sockaddr *)Local, &Size) < 0) {
        perror("ncpserv: socket");
        return -1;
    }
    return 0;
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

/* Is From the peer? The first datagram names it when --peer did not. */
static BOOLEAN NspFromPeer(PNS_SERVER Server, PNS_LINK Link, const struct sockaddr_in *From)
{
    if (!Link->HavePeer) {
        Link->Peer = *From;
        Link->HavePeer = TRUE;
        NsLog(Server, "peer %s:%u learnt", inet_ntoa(From->sin_addr), ntohs(From->sin_port));
    }
    if (From->sin_addr.s_addr == Link->Peer.sin_addr.s_addr &&
        From->sin_port == Link->Peer.sin_port)
        return TRUE;
    NsLog(Server, "datagram from %s:%u, not the peer: dropped", inet_ntoa(From->sin_addr),
          ntohs(From->sin_port));
    return FALSE;
}

static void NspLoop(PNS_SERVER Server, PNS_LINK Link)
{
    UCHAR Frame[ETH_MAX_FRAME + 1];
    struct sockaddr_in From;
    struct pollfd Poll = { Link->Socket, POLLIN, 0 };
    time_t NextSap = time(NULL), LastTick = 0;
    socklen_t Size;
    ssize_t Got;

    while (!NspStop) {
        if (poll(&Poll, 1, NspTimeout(&Server->Options)) < 0) {
            if (errno == EINTR)
                continue;
            perror("ncpserv: poll");
            return;
        }
        if (!Server->Options.Deterministic && time(NULL) != LastTick) {
            NspTick(Server, &NextSap);
            LastTick = Server->Now;
        }
        if (!(Poll.revents & POLLIN))
            continue;
        Size = sizeof(From);
        Got = recvfrom(Link->Socket, Frame, sizeof(Frame), 0,
                       (struct sockaddr *)&From, &Size);
        if (Got <= 0 || !NspFromPeer(Server, Link, &From))
            continue;
        NsReceiveFrame(Server, Frame, (ULONG)Got);
    }
}

int main(int Count, char **Arguments)
{
    static NS_SERVER Server;         /* large: keep it off the stack */
    struct sigaction Action;
    NS_OPTIONS Options;
    NS_LINK Link;

    NspOptions(Count, Arguments, &Options);
    memset(&Action, 0, sizeof(Action));
    Action.sa_handler = NspOnSignal;   /* no SA_RESTART: poll returns EINTR */
    sigaction(SIGTERM, &Action, NULL);
    sigaction(SIGINT, &Action, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (NspOpenLink(&Options, &Link) < 0)
        return 1;
    if (NsInitialize(&Server, &Options, NspSend, &Link) < 0) {
        fprintf(stderr, "ncpserv: cannot restore volumes from %s into %s\n",
                Options.Fixtures, Options.Root);
        return 1;
    }
    printf("ncpserv: ready on %s:%u\n", inet_ntoa(Link.Local.sin_addr),
           ntohs(Link.Local.sin_port));
    fflush(stdout);
    NspLoop(&Server, &Link);
    NsShutdown(&Server);
    close(Link.Socket);
    fprintf(stderr, "ncpserv: stopped\n");
    return 0;
}
