/*
 * srvipx.c - smbserv's IPX side: frames in, what is not for this server
 * dropped, NMPI name queries answered, the control socket (reset, with the
 * harness's key), and the server's life cycle.
 *
 * Addresses: the server's MAC is SRV_MAC, its IPX address
 * SRV_NETWORK:SRV_MAC, the network ncpserv's RIP gives the cable; smbserv
 * answers no RIP or SAP of its own (ncpserv is the cable's router, and an
 * NT server found by name needs neither). Replies go back to the IPX
 * address and MAC the request came from, from the socket it addressed.
 *
 * What is for this server: a frame to its MAC, or a broadcast to the name
 * socket. On a hub it also sees ncpserv's frames, the guest's NCP, SAP and
 * RIP, and broadcasts to other sockets: all dropped without a word, as a
 * station drops frames for others. Framing: as ncpserv, one (--frame);
 * frames in another are dropped (logged with -v).
 *
 * Names: a query (NMPI 0xF3) for NTSERVER<20> is answered "name found"
 * (0xF4) with the same message id, naming NTSERVER<20> as the sender; a
 * query for any other name gets nothing, as on a wire where nobody holds
 * it. Claims and deletes of other stations' names are nobody's business
 * here.
 */
#include <stdarg.h>
#include <string.h>

#include "qemu/netvol/dglink.h"
#include "qemu/smbserv/smbserv.h"

static const UCHAR SrvpBroadcast[ETH_ADDRESS_LENGTH] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
};

void SrvLog(PSRV_SERVER Server, const char *Format, ...)
{
    va_list Arguments;

    if (!Server->Options.Verbose || !Server->Log)
        return;
    fprintf(Server->Log, "smbserv: ");
    va_start(Arguments, Format);
    vfprintf(Server->Log, Format, Arguments);
    va_end(Arguments);
    fputc('\n', Server->Log);
    fflush(Server->Log);
}

/* A frame answering Eth/Ipx, sent from the socket the request addressed. */
int SrvBuildReply(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                  const UCHAR *Payload, ULONG Length, PUCHAR Frame, PULONG FrameLength)
{
    ETH_HEADER OutEth;
    IPX_HEADER OutIpx;

    memset(&OutIpx, 0, sizeof(OutIpx));
    memcpy(OutEth.Destination, Eth->Source, ETH_ADDRESS_LENGTH);
    memcpy(OutEth.Source, Server->Mac, ETH_ADDRESS_LENGTH);
    OutEth.Frame = Server->Options.Frame;
    OutEth.Length = 0;
    OutIpx.PacketType = SMB_IPX_TYPE;
    OutIpx.Destination = Ipx->Source;
    OutIpx.Source = Server->Address;
    OutIpx.Source.Socket = Ipx->Destination.Socket;
    return NT_SUCCESS(IpxBuildFrame(Frame, ETH_MAX_FRAME, &OutEth, &OutIpx, Payload, Length,
                                    FrameLength)) ? 0 : -1;
}

static void SrvpReply(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                      const UCHAR *Payload, ULONG Length)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ULONG FrameLength;

    if (SrvBuildReply(Server, Eth, Ipx, Payload, Length, Frame, &FrameLength) == 0)
        Server->Send(Server, Frame, FrameLength);
}

static void SrvpName(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                     const UCHAR *Payload, ULONG Length)
{
    SMB_NAME_MESSAGE Message;
    CHAR Own[SMB_NETBIOS_NAME_LENGTH];
    UCHAR Answer[SMB_NAME_MESSAGE_LENGTH];
    ULONG Written;

    if (!NT_SUCCESS(SmbDecodeName(Payload, Length, &Message)) ||
        Message.Opcode != SMB_NAME_QUERY)
        return;
    SmbSetNetbiosName(Own, SRV_SERVER_NAME, SMB_SUFFIX_SERVER);
    if (memcmp(Message.Name, Own, sizeof(Own)) != 0)
        return;
    memset(Message.Route, 0, sizeof(Message.Route));
    Message.Opcode = SMB_NAME_FOUND;
    Message.NameType = SMB_NAME_MACHINE;
    memcpy(Message.SourceName, Own, sizeof(Own));
    if (NT_SUCCESS(SmbEncodeName(Answer, sizeof(Answer), &Message, &Written)))
        SrvpReply(Server, Eth, Ipx, Answer, Written);
    SrvLog(Server, "name query %s<20> id %u -> found", SRV_SERVER_NAME, Message.MessageId);
}

/* Is Key the harness's? In constant time (dglink.h). */
static BOOLEAN SrvpControlKeyMatches(PSRV_SERVER Server, const UCHAR *Key)
{
    return Server->Options.HaveControlKey &&
           DlKeyMatches(Key, Server->Options.ControlKey, NCP_CONTROL_KEY_LENGTH);
}

/* ncpserv's control message (ncpwire.h), to this server's MAC. */
static void SrvpControl(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                        const UCHAR *Payload, ULONG Length)
{
    NCP_CONTROL Control;
    UCHAR Buffer[NCP_CONTROL_LENGTH];
    ULONG Written;

    if (!NT_SUCCESS(NcpDecodeControl(Payload, Length, &Control)) ||
        Control.Operation != NCP_CONTROL_RESET)
        return;
    if (!SrvpControlKeyMatches(Server, Control.Key)) {
        SrvLog(Server, "control: a reset without the key, dropped");
        return;
    }
    Control.Result = SrvReset(Server, Control.Epoch) == 0 ? 0 : 1;
    Control.Operation |= NCP_CONTROL_REPLY;
    SrvLog(Server, "control reset epoch %lu -> %u", (unsigned long)Control.Epoch,
           Control.Result);
    if (NT_SUCCESS(NcpEncodeControl(Buffer, sizeof(Buffer), &Control, &Written)))
        SrvpReply(Server, Eth, Ipx, Buffer, Written);
}

/* Addressed to this server: its MAC and node, or (Broadcast) everyone's. */
static BOOLEAN SrvpForUs(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                         BOOLEAN *Broadcast)
{
    *Broadcast = memcmp(Eth->Destination, SrvpBroadcast, ETH_ADDRESS_LENGTH) == 0 &&
                 memcmp(Ipx->Destination.Node, SrvpBroadcast, ETH_ADDRESS_LENGTH) == 0;
    return *Broadcast ||
           (memcmp(Eth->Destination, Server->Mac, ETH_ADDRESS_LENGTH) == 0 &&
            memcmp(Ipx->Destination.Node, Server->Address.Node, ETH_ADDRESS_LENGTH) == 0);
}

/* One datagram from QEMU's side: exactly one Ethernet frame. */
void SrvReceiveFrame(PSRV_SERVER Server, const UCHAR *Frame, ULONG Length)
{
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG PayloadLength;
    BOOLEAN Broadcast;

    if (!NT_SUCCESS(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload, &PayloadLength)) ||
        !SrvpForUs(Server, &Eth, &Ipx, &Broadcast))
        return;                      /* not IPX, or another station's */
    if (Eth.Frame != Server->Options.Frame) {
        SrvLog(Server, "a frame in %s, not %s: dropped", IpxFrameName(Eth.Frame),
               IpxFrameName(Server->Options.Frame));
        return;
    }
    if (Ipx.Destination.Socket == SMB_SOCKET_NAME)
        SrvpName(Server, &Eth, &Ipx, Payload, PayloadLength);
    else if (Broadcast)
        return;
    else if (Ipx.Destination.Socket == SMB_SOCKET_SERVER)
        SrvSmbReceive(Server, &Eth, &Ipx, Payload, PayloadLength);
    else if (Ipx.Destination.Socket == NCP_CONTROL_SOCKET)
        SrvpControl(Server, &Eth, &Ipx, Payload, PayloadLength);
}

/*
 * Back to the state of a fresh start: no connections, file and user ids
 * from 1, keys counted from 0, no account locked, the share's growth
 * counted from 0, the share copied again from its fixtures.
 */
int SrvReset(PSRV_SERVER Server, ULONG Epoch)
{
    SrvConnectionsReset(Server);
    Server->Epoch = Epoch;
    Server->Replies = 0;
    Server->Negotiations = 0;
    Server->NextFid = 1;
    Server->NextUid = 1;
    Server->Requests = 0;
    Server->SearchesMade = 0;
    Server->Grown = 0;
    SrvAccountsReset(Server);
    return NvRestore(Server->Options.Root, Server->Options.Fixtures, SRV_SHARE_NAME);
}

int SrvInitialize(PSRV_SERVER Server, const SRV_OPTIONS *Options,
                  SRV_SEND_ROUTINE Send, PVOID SendContext)
{
    static const UCHAR Mac[] = SRV_MAC;

    memset(Server, 0, sizeof(*Server));
    Server->Options = *Options;
    if (Server->Options.MaxFileSize == 0)
        Server->Options.MaxFileSize = SRV_DEFAULT_MAX_FILE_SIZE;
    if (Server->Options.VolumeLimit == 0)
        Server->Options.VolumeLimit = SRV_DEFAULT_VOLUME_LIMIT;
    if (Server->Options.Connections == 0 || Server->Options.Connections > SRV_MAX_CONNECTIONS)
        Server->Options.Connections = SRV_MAX_CONNECTIONS;
    if (Server->Options.StationConnections == 0)
        Server->Options.StationConnections = (Server->Options.Connections + 1) / 2;
    Server->Send = Send;
    Server->SendContext = SendContext;
    Server->Log = stderr;
    memcpy(Server->Mac, Mac, sizeof(Mac));
    Server->Address.Network = SRV_NETWORK;
    memcpy(Server->Address.Node, Mac, sizeof(Mac));
    Server->Address.Socket = SMB_SOCKET_SERVER;
    return SrvReset(Server, 0);
}
