/*
 * main.c - smbserv's front: command line, the UDP socket QEMU's
 * -netdev dgram talks to, the receive loop, SIGTERM.
 *
 * QEMU side:  -netdev dgram,id=n1,local.type=inet,local.host=127.0.0.1,
 *             local.port=A,remote.type=inet,remote.host=127.0.0.1,remote.port=B
 *             (on a hub with ncpserv's: -netdev hubport for each)
 * smbserv:    smbserv --listen 127.0.0.1:B --peer 127.0.0.1:A --root DIR
 *             [--frame ethernet_ii|802.3|802.2|snap]
 * As ncpserv: each datagram is one Ethernet frame; one peer, the --peer
 * given or else the source of the first datagram, fixed from then on
 * (datagrams from any other address are dropped); only the --listen
 * address is bound, and with port 0 the "ready" line says which port.
 *
 * smbserv never acts on time: it has no periodic broadcasts and no
 * watchdog, so the loop only waits for frames.
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
#include <unistd.h>

#include "qemu/smbserv/smbserv.h"

#ifndef SRV_FIXTURES_DIR
#define SRV_FIXTURES_DIR "qemu/ncpserv/fixtures"
#endif

typedef struct _SRV_LINK {
    int Socket;
    struct sockaddr_in Local;
    struct sockaddr_in Peer;
    BOOLEAN HavePeer;
} SRV_LINK, *PSRV_LINK;

static volatile sig_atomic_t SrvpStop;

static void SrvpOnSignal(int Signal)
{
    SrvpStop = 1;
}

static int SrvpParseAddress(const char *Text, struct sockaddr_in *Address)
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

static int SrvpSend(PSRV_SERVER Server, const UCHAR *Frame, ULONG Length)
{
    PSRV_LINK Link = Server->SendContext;

    if (!Link->HavePeer)
        return -1;
    return sendto(Link->Socket, Frame, Length, 0, (struct sockaddr *)&Link->Peer,
                  sizeof(Link->Peer)) < 0 ? -1 : 0;
}

static void __attribute__((noreturn)) SrvpUsage(void)
{
    fprintf(stderr,
            "usage: smbserv --listen HOST:PORT --root DIR [--peer HOST:PORT]\n"
            "         [--fixtures DIR] [--deterministic] [-v]\n"
            "         [--drop-every N] [--max-file-size BYTES]\n"
            "         [--control-key HEX16] [--frame ethernet_ii|802.3|802.2|snap]\n");
    exit(2);
}

/* 16 hex digits: the 8-byte key a control reset must carry. */
static void SrvpKey(const char *Text, PSRV_OPTIONS Options)
{
    unsigned int Byte;
    int Index;

    if (strlen(Text) != 2 * NCP_CONTROL_KEY_LENGTH)
        SrvpUsage();
    for (Index = 0; Index < NCP_CONTROL_KEY_LENGTH; Index++) {
        if (!isxdigit((unsigned char)Text[2 * Index]) ||
            !isxdigit((unsigned char)Text[2 * Index + 1]) ||
            sscanf(Text + 2 * Index, "%2x", &Byte) != 1)
            SrvpUsage();
        Options->ControlKey[Index] = (UCHAR)Byte;
    }
    Options->HaveControlKey = TRUE;
}

static IPX_FRAME_TYPE SrvpFrame(const char *Text)
{
    ULONG Frame;

    for (Frame = 0; Frame < IpxFrameTypeCount; Frame++)
        if (strcmp(Text, IpxFrameName((IPX_FRAME_TYPE)Frame)) == 0)
            return (IPX_FRAME_TYPE)Frame;
    SrvpUsage();
}

static ULONG SrvpNumber(const char *Text)
{
    char *End;
    unsigned long Value = strtoul(Text, &End, 10);

    if (*Text == '\0' || *End != '\0' || Value > 0xFFFFFFFFUL)
        SrvpUsage();
    return (ULONG)Value;
}

static void SrvpOptions(int Count, char **Arguments, PSRV_OPTIONS Options)
{
    static const struct option Long[] = {
        { "listen", 1, 0, 'l' }, { "peer", 1, 0, 'p' }, { "root", 1, 0, 'r' },
        { "fixtures", 1, 0, 'f' }, { "deterministic", 0, 0, 'd' },
        { "verbose", 0, 0, 'v' }, { "drop-every", 1, 0, 'D' },
        { "max-file-size", 1, 0, 'M' }, { "control-key", 1, 0, 'K' },
        { "frame", 1, 0, 'F' }, { 0, 0, 0, 0 },
    };
    int Option;

    memset(Options, 0, sizeof(*Options));
    snprintf(Options->Fixtures, sizeof(Options->Fixtures), "%s", SRV_FIXTURES_DIR);
    Options->Frame = IpxFrameEthernetII;
    Options->MaxFileSize = SRV_DEFAULT_MAX_FILE_SIZE;
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
        default: SrvpUsage();
        }
    }
    if (optind != Count || !Options->Listen[0] || !Options->Root[0] ||
        Options->MaxFileSize == 0)
        SrvpUsage();
}

static int SrvpOpenLink(const SRV_OPTIONS *Options, PSRV_LINK Link)
{
    socklen_t Size = sizeof(Link->Local);

    memset(Link, 0, sizeof(*Link));
    if (SrvpParseAddress(Options->Listen, &Link->Local) < 0 ||
        (Options->Peer[0] && SrvpParseAddress(Options->Peer, &Link->Peer) < 0)) {
        fprintf(stderr, "smbserv: bad address\n");
        return -1;
    }
    Link->HavePeer = Options->Peer[0] != '\0';
    Link->Socket = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (Link->Socket < 0 ||
        bind(Link->Socket, (struct sockaddr *)&Link->Local, sizeof(Link->Local)) < 0 ||
        getsockname(Link->Socket, (struct sockaddr *)&Link->Local, &Size) < 0) {
        perror("smbserv: socket");
        return -1;
    }
    return 0;
}

/* Is From the peer? The first datagram names it when --peer did not. */
static BOOLEAN SrvpFromPeer(PSRV_SERVER Server, PSRV_LINK Link, const struct sockaddr_in *From)
{
    if (!Link->HavePeer) {
        Link->Peer = *From;
        Link->HavePeer = TRUE;
        SrvLog(Server, "peer %s:%u learnt", inet_ntoa(From->sin_addr), ntohs(From->sin_port));
    }
    if (From->sin_addr.s_addr == Link->Peer.sin_addr.s_addr &&
        From->sin_port == Link->Peer.sin_port)
        return TRUE;
    SrvLog(Server, "datagram from %s:%u, not the peer: dropped", inet_ntoa(From->sin_addr),
           ntohs(From->sin_port));
    return FALSE;
}

static void SrvpLoop(PSRV_SERVER Server, PSRV_LINK Link)
{
    UCHAR Frame[ETH_MAX_FRAME + 1];
    struct sockaddr_in From;
    struct pollfd Poll = { Link->Socket, POLLIN, 0 };
    socklen_t Size;
    ssize_t Got;

    while (!SrvpStop) {
        if (poll(&Poll, 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            perror("smbserv: poll");
            return;
        }
        Size = sizeof(From);
        Got = recvfrom(Link->Socket, Frame, sizeof(Frame), 0, (struct sockaddr *)&From, &Size);
        if (Got <= 0 || !SrvpFromPeer(Server, Link, &From))
            continue;
        SrvReceiveFrame(Server, Frame, (ULONG)Got);
    }
}

int main(int Count, char **Arguments)
{
    static SRV_SERVER Server;        /* large: keep it off the stack */
    struct sigaction Action;
    SRV_OPTIONS Options;
    SRV_LINK Link;

    SrvpOptions(Count, Arguments, &Options);
    memset(&Action, 0, sizeof(Action));
    Action.sa_handler = SrvpOnSignal;  /* no SA_RESTART: poll returns EINTR */
    sigaction(SIGTERM, &Action, NULL);
    sigaction(SIGINT, &Action, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (SrvpOpenLink(&Options, &Link) < 0)
        return 1;
    if (SrvInitialize(&Server, &Options, SrvpSend, &Link) < 0) {
        fprintf(stderr, "smbserv: cannot restore %s from %s into %s\n", SRV_SHARE_NAME,
                Options.Fixtures, Options.Root);
        return 1;
    }
    printf("smbserv: ready on %s:%u\n", inet_ntoa(Link.Local.sin_addr),
           ntohs(Link.Local.sin_port));
    fflush(stdout);
    SrvpLoop(&Server, &Link);
    SrvConnectionsReset(&Server);
    close(Link.Socket);
    fprintf(stderr, "smbserv: stopped\n");
    return 0;
}
