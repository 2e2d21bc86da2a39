/*
 * dglink.c - a host server's end of QEMU's dgram netdev (see dglink.h).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "qemu/netvol/dglink.h"

static volatile sig_atomic_t DlpStop;

/* HOST:PORT, a dotted IPv4 address and a decimal port; -1 if not. */
int DlParseAddress(const char *Text, struct sockaddr_in *Address)
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
    if (Colon[1] == '\0' || *End != '\0' || Port < 0 || Port > 65535)
        return -1;
    memset(Address, 0, sizeof(*Address));
    Address->sin_family = AF_INET;
    Address->sin_port = htons((uint16_t)Port);
    return inet_pton(AF_INET, Host, &Address->sin_addr) == 1 ? 0 : -1;
}

/* Exactly 2 * Length hex digits into Key; -1 if not. */
int DlParseKey(const char *Text, UCHAR *Key, ULONG Length)
{
    unsigned int Byte;
    ULONG Index;

    if (strlen(Text) != 2 * Length)
        return -1;
    for (Index = 0; Index < Length; Index++) {
        if (!isxdigit((unsigned char)Text[2 * Index]) ||
            !isxdigit((unsigned char)Text[2 * Index + 1]) ||
            sscanf(Text + 2 * Index, "%2x", &Byte) != 1)
            return -1;
        Key[Index] = (UCHAR)Byte;
    }
    return 0;
}

/* One of the codec's framing names; -1 if not. */
int DlParseFrame(const char *Text, IPX_FRAME_TYPE *Frame)
{
    ULONG Index;

    for (Index = 0; Index < IpxFrameTypeCount; Index++) {
        if (strcmp(Text, IpxFrameName((IPX_FRAME_TYPE)Index)) == 0) {
            *Frame = (IPX_FRAME_TYPE)Index;
            return 0;
        }
    }
    return -1;
}

/* A number in Base that fits a ULONG; -1 if not. */
int DlParseNumber(const char *Text, int Base, ULONG *Value)
{
    char *End;
    unsigned long Number;

    errno = 0;
    Number = strtoul(Text, &End, Base);
    if (*Text == '\0' || *Text == '-' || *End != '\0' || errno != 0 ||
        Number > 0xFFFFFFFFUL)
        return -1;
    *Value = (ULONG)Number;
    return 0;
}

static void DlpNote(PDL_LINK Link, const char *Format, const struct sockaddr_in *Address)
{
    char Line[96];

    if (Link->Log == NULL)
        return;
    snprintf(Line, sizeof(Line), Format, inet_ntoa(Address->sin_addr),
             ntohs(Address->sin_port));
    Link->Log(Link->LogContext, Line);
}

/* Is Given the Length bytes of Expected? Every byte is compared, whichever
   differ, so the time an answer takes says nothing of how much of a guess
   was right. */
BOOLEAN DlKeyMatches(const UCHAR *Given, const UCHAR *Expected, ULONG Length)
{
    UCHAR Difference = 0;
    ULONG Index;

    for (Index = 0; Index < Length; Index++)
        Difference |= (UCHAR)(Given[Index] ^ Expected[Index]);
    return Difference == 0;
}

/* Binds Listen (Peer may be NULL or ""); Name is for the error lines. */
int DlOpen(PDL_LINK Link, const char *Name, const char *Listen, const char *Peer,
           PDL_LOG Log, void *LogContext)
{
    socklen_t Size = sizeof(Link->Local);

    memset(Link, 0, sizeof(*Link));
    Link->Socket = -1;
    Link->Log = Log;
    Link->LogContext = LogContext;
    if (DlParseAddress(Listen, &Link->Local) < 0 ||
        (Peer != NULL && Peer[0] && DlParseAddress(Peer, &Link->Peer) < 0)) {
        fprintf(stderr, "%s: bad address\n", Name);
        return -1;
    }
    Link->HavePeer = Peer != NULL && Peer[0] != '\0';
    Link->Socket = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (Link->Socket < 0 ||
        bind(Link->Socket, (struct sockaddr *)&Link->Local, sizeof(Link->Local)) < 0 ||
        getsockname(Link->Socket, (struct sockaddr *)&Link->Local, &Size) < 0) {
        fprintf(stderr, "%s: socket: %s\n", Name, strerror(errno));
        return -1;
    }
    return 0;
}

void DlClose(PDL_LINK Link)
{
    if (Link->Socket >= 0)
        close(Link->Socket);
    Link->Socket = -1;
}

void DlReady(const DL_LINK *Link, const char *Name)
{
    printf("%s: ready on %s:%u\n", Name, inet_ntoa(Link->Local.sin_addr),
           ntohs(Link->Local.sin_port));
    fflush(stdout);
}

int DlSend(PDL_LINK Link, const UCHAR *Frame, ULONG Length)
{
    if (!Link->HavePeer)
        return -1;
    return sendto(Link->Socket, Frame, Length, 0, (struct sockaddr *)&Link->Peer,
                  sizeof(Link->Peer)) < 0 ? -1 : 0;
}

static void DlpOnSignal(int Signal)
{
    DlpStop = 1;
}

void DlCatchStop(void)
{
    struct sigaction Action;

    memset(&Action, 0, sizeof(Action));
    Action.sa_handler = DlpOnSignal;    /* no SA_RESTART: poll returns EINTR */
    sigaction(SIGTERM, &Action, NULL);
    sigaction(SIGINT, &Action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

BOOLEAN DlStopping(void)
{
    return DlpStop != 0;
}

/* Is From the peer? The first datagram names it when --peer did not. */
static BOOLEAN DlpFromPeer(PDL_LINK Link, const struct sockaddr_in *From)
{
    if (!Link->HavePeer) {
        Link->Peer = *From;
        Link->HavePeer = TRUE;
        DlpNote(Link, "peer %s:%u learnt", From);
    }
    if (From->sin_addr.s_addr == Link->Peer.sin_addr.s_addr &&
        From->sin_port == Link->Peer.sin_port)
        return TRUE;
    DlpNote(Link, "datagram from %s:%u, not the peer: dropped", From);
    return FALSE;
}

/* Waits for a datagram: 1 when one is there; 0 when TimeoutMs (-1:
   none) passed or a stop was asked for; -1 when the socket failed. */
int DlWait(PDL_LINK Link, int TimeoutMs)
{
    struct pollfd Poll = { Link->Socket, POLLIN, 0 };

    if (DlpStop)
        return 0;
    if (poll(&Poll, 1, TimeoutMs) < 0) {
        if (errno == EINTR)
            return 0;
        fprintf(stderr, "poll: %s\n", strerror(errno));
        return -1;
    }
    return (Poll.revents & POLLIN) != 0;
}

/* The datagram DlWait saw, into Frame: its length, or 0 when it was not
   the peer's (dropped) or empty. */
int DlRead(PDL_LINK Link, UCHAR *Frame, ULONG Size)
{
    struct sockaddr_in From;
    socklen_t FromSize = sizeof(From);
    ssize_t Got = recvfrom(Link->Socket, Frame, Size, 0, (struct sockaddr *)&From, &FromSize);

    if (Got <= 0 || !DlpFromPeer(Link, &From))
        return 0;
    return (int)Got;
}
