/*
 * ipxsrv.c - ncpserv's IPX side: frames in, SAP and RIP answers, the
 * control socket (reset, with the harness's key), the echo (make bench's
 * raw exchange), and the server's life cycle.
 *
 * Nothing here answers with more than it was sent, unless asked: the echo
 * returns at most the request's own length, except under --bench-echo
 * (make bench wants NCP read replies' sizes for a read request's size).
 *
 * Addresses: the server's Ethernet MAC is NS_MAC. With simple addressing
 * its IPX address is NS_NETWORK:NS_MAC; with --internal-net N it is
 * N:00..01 (NetWare's internal network), still sent from NS_MAC, and RIP
 * answers for both networks. Replies go back to the IPX address and MAC the
 * request came from; SAP broadcasts go to FF:FF:FF:FF:FF:FF.
 *
 * What is for this server: a frame to its MAC, or a broadcast. On a hub
 * beside smbserv it also sees the frames of NTSERVER (02:4E:54:00:00:01)
 * and the guest's SMB to it: dropped without a word, as a station drops
 * frames for others - the control socket is both servers' own.
 *
 * Framing: the server is bound to one (--frame, Ethernet II unless told),
 * as a NetWare server's LAN driver is loaded with one FRAME=. It sends in
 * it and drops whatever arrives in another, unanswered (logged with -v):
 * a station speaking another framing does not see this server, which is
 * what lets a client's auto-detection tell the framings apart.
 */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "qemu/ncpserv/ncpserv.h"
#include "qemu/netvol/dglink.h"

static const UCHAR NspBroadcast[ETH_ADDRESS_LENGTH] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
};

void NsLog(PNS_SERVER Server, const char *Format, ...)
{
    va_list Arguments;

    if (!Server->Options.Verbose || !Server->Log)
        return;
    fprintf(Server->Log, "ncpserv: ");
    va_start(Arguments, Format);
    vfprintf(Server->Log, Format, Arguments);
    va_end(Arguments);
    fputc('\n', Server->Log);
    fflush(Server->Log);
}

/* A frame answering Eth/Ipx, sent from the socket the request addressed. */
int NsBuildReply(PNS_SERVER Server, const ETH_HEADER *Eth,
                 const IPX_HEADER *Ipx, UCHAR PacketType,
                 const UCHAR *Payload, ULONG Length, PUCHAR Frame,
                 PULONG FrameLength)
{
    ETH_HEADER OutEth;
    IPX_HEADER OutIpx;

    memset(&OutIpx, 0, sizeof(OutIpx));
    memcpy(OutEth.Destination, Eth->Source, ETH_ADDRESS_LENGTH);
    memcpy(OutEth.Source, Server->Mac, ETH_ADDRESS_LENGTH);
    OutEth.Frame = Server->Options.Frame;
    OutEth.Length = 0;
    OutIpx.PacketType = PacketType;
    OutIpx.Destination = Ipx->Source;
    OutIpx.Source = Server->Address;
    OutIpx.Source.Socket = Ipx->Destination.Socket;
    return NT_SUCCESS(IpxBuildFrame(Frame, ETH_MAX_FRAME, &OutEth, &OutIpx,
                                    Payload, Length, FrameLength)) ? 0 : -1;
}

static void NspReply(PNS_SERVER Server, const ETH_HEADER *Eth,
                     const IPX_HEADER *Ipx, UCHAR PacketType,
                     const UCHAR *Payload, ULONG Length)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ULONG FrameLength;

    if (NsBuildReply(Server, Eth, Ipx, PacketType, Payload, Length, Frame,
                     &FrameLength) == 0)
        Server->Send(Server, Frame, FrameLength);
}

static void NspSapEntry(PNS_SERVER Server, PSAP_ENTRY Entry)
{
    memset(Entry, 0, sizeof(*Entry));
    Entry->ServerType = SAP_TYPE_FILE_SERVER;
    strcpy(Entry->Name, NS_SERVER_NAME);
    Entry->Address = Server->Address;
    Entry->Address.Socket = IPX_SOCKET_NCP;
    Entry->Hops = 1;
}

static void NspSap(PNS_SERVER Server, const ETH_HEADER *Eth,
                   const IPX_HEADER *Ipx, const UCHAR *Payload, ULONG Length)
{
    SAP_QUERY Query;
    SAP_ENTRY Entry;
    UCHAR Answer[2 + SAP_ENTRY_LENGTH];
    ULONG Written;
    USHORT Type;

    if (!NT_SUCCESS(SapDecodeQuery(Payload, Length, &Query)))
        return;                      /* responses of other servers, noise */
    if (Query.ServerType != SAP_TYPE_FILE_SERVER &&
        Query.ServerType != SAP_TYPE_WILDCARD)
        return;
    Type = Query.QueryType == SAP_NEAREST_QUERY ? SAP_NEAREST_RESPONSE
                                                : SAP_GENERAL_RESPONSE;
    NspSapEntry(Server, &Entry);
    if (NT_SUCCESS(SapEncodeResponse(Answer, sizeof(Answer), Type, &Entry, 1,
                                     &Written)))
        NspReply(Server, Eth, Ipx, IPX_TYPE_PEP, Answer, Written);
    NsLog(Server, "sap query %u type 0x%04x -> %s", Query.QueryType,
          Query.ServerType, NS_SERVER_NAME);
}

/* A general SAP response to everyone, as NetWare sends every minute. */
void NsBroadcastSap(PNS_SERVER Server)
{
    static const UCHAR Query[4] = { 0, SAP_GENERAL_QUERY, 0, 4 };
    ETH_HEADER Eth;
    IPX_HEADER Ipx;

    /* Answer a general query from "the broadcast address": NspSap's reply
     * then goes to FF:FF:FF:FF:FF:FF, socket 0x0452. */
    memset(&Ipx, 0, sizeof(Ipx));
    memcpy(Eth.Source, NspBroadcast, ETH_ADDRESS_LENGTH);
    Ipx.Source.Network = Server->Address.Network;
    memcpy(Ipx.Source.Node, NspBroadcast, ETH_ADDRESS_LENGTH);
    Ipx.Source.Socket = IPX_SOCKET_SAP;
    Ipx.Destination.Socket = IPX_SOCKET_SAP;
    NspSap(Server, &Eth, &Ipx, Query, sizeof(Query));
}

static void NspRip(PNS_SERVER Server, const ETH_HEADER *Eth,
                   const IPX_HEADER *Ipx, const UCHAR *Payload, ULONG Length)
{
    RIP_ENTRY Asked[RIP_MAX_ENTRIES], Known[2], Answer[2];
    UCHAR Buffer[2 + 2 * RIP_ENTRY_LENGTH];
    ULONG Count, KnownCount = 1, AnswerCount = 0, Index, Written;
    USHORT Operation;

    if (!NT_SUCCESS(RipDecode(Payload, Length, &Operation, Asked,
                              RIP_MAX_ENTRIES, &Count)) ||
        Operation != RIP_REQUEST)
        return;
    Known[0] = (RIP_ENTRY){ NS_NETWORK, 0, 1 };
    if (Server->Options.InternalNetwork)
        Known[KnownCount++] = (RIP_ENTRY){ Server->Options.InternalNetwork, 1, 2 };
    for (Index = 0; Index < KnownCount; Index++) {
        ULONG Ask;
        for (Ask = 0; Ask < Count; Ask++)
            if (Asked[Ask].Network == Known[Index].Network ||
                Asked[Ask].Network == RIP_ALL_NETWORKS) {
                Answer[AnswerCount++] = Known[Index];
                break;
            }
    }
    if (AnswerCount != 0 &&
        NT_SUCCESS(RipEncode(Buffer, sizeof(Buffer), RIP_RESPONSE, Answer,
                             AnswerCount, &Written)))
        NspReply(Server, Eth, Ipx, IPX_TYPE_RIP, Buffer, Written);
    NsLog(Server, "rip request, %lu networks answered", (unsigned long)AnswerCount);
}

/* Is Key the harness's? Every byte is compared, whichever differ, so the
   time an answer takes says nothing of how much of a guess was right. */
static BOOLEAN NspControlKeyMatches(PNS_SERVER Server, const UCHAR *Key)
{
    return Server->Options.HaveControlKey &&
           DlKeyMatches(Key, Server->Options.ControlKey, NCP_CONTROL_KEY_LENGTH);
}

static void NspControl(PNS_SERVER Server, const ETH_HEADER *Eth,
                       const IPX_HEADER *Ipx, const UCHAR *Payload,
                       ULONG Length)
{
    NCP_CONTROL Control;
    UCHAR Buffer[NCP_CONTROL_LENGTH];
    ULONG Written;

    if (!NT_SUCCESS(NcpDecodeControl(Payload, Length, &Control)) ||
        Control.Operation != NCP_CONTROL_RESET)
        return;
    if (!NspControlKeyMatches(Server, Control.Key)) {
        NsLog(Server, "control: a reset without the key, dropped");
        return;
    }
    Control.Result = NsReset(Server, Control.Epoch) == 0 ? 0 : 1;
    Control.Operation |= NCP_CONTROL_REPLY;
    NsLog(Server, "control reset epoch %lu -> %u", (unsigned long)Control.Epoch,
          Control.Result);
    if (NT_SUCCESS(NcpEncodeControl(Buffer, sizeof(Buffer), &Control,
                                    &Written)))
        NspReply(Server, Eth, Ipx, IPX_TYPE_UNKNOWN, Buffer, Written);
}

/* The echo (ncpwire.h): N bytes back, N the request's first word. */
static void NspEcho(PNS_SERVER Server, const ETH_HEADER *Eth,
                    const IPX_HEADER *Ipx, const UCHAR *Payload, ULONG Length)
{
    UCHAR Buffer[IPX_MAX_PACKET - IPX_HEADER_LENGTH];
    ULONG Wanted;

    if (Length < 2)
        return;
    Wanted = (ULONG)Payload[0] << 8 | Payload[1];
    if (Wanted < NCP_ECHO_MIN || Wanted > IpxMaxData(Server->Options.Frame))
        return;
    if (!Server->Options.BenchEcho && Wanted > Length)
        Wanted = Length;
    memset(Buffer, 0, Wanted);
    memcpy(Buffer, Payload, Length < Wanted ? Length : Wanted);
    NspReply(Server, Eth, Ipx, Ipx->PacketType, Buffer, Wanted);
    NsLog(Server, "echo %lu bytes -> %lu", (unsigned long)Length,
          (unsigned long)Wanted);
}

/* Addressed to this server's MAC, or to every station's. */
static BOOLEAN NspForUs(PNS_SERVER Server, const ETH_HEADER *Eth)
{
    return memcmp(Eth->Destination, Server->Mac, ETH_ADDRESS_LENGTH) == 0 ||
           memcmp(Eth->Destination, NspBroadcast, ETH_ADDRESS_LENGTH) == 0;
}

/* One datagram from QEMU's side: exactly one Ethernet frame. */
void NsReceiveFrame(PNS_SERVER Server, const UCHAR *Frame, ULONG Length)
{
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG PayloadLength;

    if (!NT_SUCCESS(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                  &PayloadLength)) ||
        !NspForUs(Server, &Eth))
        return;                      /* not IPX, broken, or another station's */
    if (Eth.Frame != Server->Options.Frame) {
        NsLog(Server, "a frame in %s, not %s: dropped", IpxFrameName(Eth.Frame),
              IpxFrameName(Server->Options.Frame));
        return;
    }
    switch (Ipx.Destination.Socket) {
    case IPX_SOCKET_NCP:
        NsNcpReceive(Server, &Eth, &Ipx, Payload, PayloadLength);
        break;
    case IPX_SOCKET_SAP:
        NspSap(Server, &Eth, &Ipx, Payload, PayloadLength);
        break;
    case IPX_SOCKET_RIP:
        NspRip(Server, &Eth, &Ipx, Payload, PayloadLength);
        break;
    case NCP_CONTROL_SOCKET:
        NspControl(Server, &Eth, &Ipx, Payload, PayloadLength);
        break;
    case NCP_ECHO_SOCKET:
        NspEcho(Server, &Eth, &Ipx, Payload, PayloadLength);
        break;
    }
}

/*
 * Back to the state of a fresh start: no connections, numbering from 1,
 * fault counters at 0, volumes copied again from their fixtures.
 */
int NsReset(PNS_SERVER Server, ULONG Epoch)
{
    NsConnectionsReset(Server);
    Server->Epoch = Epoch;
    Server->Requests = 0;
    Server->Replies = 0;
    Server->Reads = 0;
    Server->NextFileId = 1;
    Server->PeakConnections = 0;
    memset(Server->Grown, 0, sizeof(Server->Grown));
    NsBinderyReset(Server);
    return NsRestoreVolumes(Server);
}

int NsInitialize(PNS_SERVER Server, const NS_OPTIONS *Options,
                 NS_SEND_ROUTINE Send, PVOID SendContext)
{
    static const UCHAR Mac[] = NS_MAC, Internal[] = NS_INTERNAL_NODE;

    memset(Server, 0, sizeof(*Server));
    Server->Options = *Options;
    if (Server->Options.Connections == 0 || Server->Options.Connections > NS_MAX_CONNECTIONS)
        Server->Options.Connections = NS_MAX_CONNECTIONS;
    if (Server->Options.StationConnections == 0)
        Server->Options.StationConnections = Server->Options.Connections;
    if (Server->Options.MaxFileSize == 0)
        Server->Options.MaxFileSize = NS_DEFAULT_MAX_FILE_SIZE;
    if (Server->Options.VolumeLimit == 0)
        Server->Options.VolumeLimit = NS_DEFAULT_VOLUME_LIMIT;
    Server->Send = Send;
    Server->SendContext = SendContext;
    Server->Log = stderr;
    memcpy(Server->Mac, Mac, sizeof(Mac));
    Server->Address.Network = NS_NETWORK;
    memcpy(Server->Address.Node, Mac, sizeof(Mac));
    if (Options->InternalNetwork) {
        Server->Address.Network = Options->InternalNetwork;
        memcpy(Server->Address.Node, Internal, sizeof(Internal));
    }
    Server->Address.Socket = IPX_SOCKET_NCP;
    return NsReset(Server, 0);
}

void NsShutdown(PNS_SERVER Server)
{
    NsConnectionsReset(Server);
}
