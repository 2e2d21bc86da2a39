/*
 * ncpsession.c - the host test client's NCP engine (ncpsession.h).
 *
 * Time-outs here are the client's own business (how long to wait before a
 * retransmission); the server under test never acts on time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/host/ncpsession.h"
#include "tests/host/pcapfile.h"

static const UCHAR NcpBroadcast[ETH_ADDRESS_LENGTH] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
};

int NcOpen(NC_CLIENT *Client, const char *Server, int Port, const char *PcapPath,
           const char *RepliesPath)
{
    static const UCHAR Mac[] = NC_CLIENT_MAC;
    struct sockaddr_in Local;
    char Host[64];
    const char *Colon = strrchr(Server, ':');

    memset(Client, 0, sizeof(*Client));
    if (!Colon || (size_t)(Colon - Server) >= sizeof(Host))
        return -1;
    memcpy(Host, Server, (size_t)(Colon - Server));
    Host[Colon - Server] = '\0';
    Client->Server.sin_family = AF_INET;
    Client->Server.sin_port = htons((uint16_t)atoi(Colon + 1));
    if (inet_pton(AF_INET, Host, &Client->Server.sin_addr) != 1)
        return -1;
    memset(&Local, 0, sizeof(Local));
    Local.sin_family = AF_INET;
    Local.sin_addr = Client->Server.sin_addr;
    Local.sin_port = htons((uint16_t)Port);
    Client->Socket = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (Client->Socket < 0 ||
        bind(Client->Socket, (struct sockaddr *)&Local, sizeof(Local)) < 0)
        return -1;
    memcpy(Client->Mac, Mac, sizeof(Mac));
    memcpy(Client->Address.Node, Mac, sizeof(Mac));
    Client->Address.Socket = NC_CLIENT_SOCKET;
    Client->TimeoutMs = 200;
    Client->Retries = 5;
    Client->Task = 1;
    Client->Pcap = PcapPath ? PcapOpen(PcapPath) : NULL;
    Client->Replies = RepliesPath ? fopen(RepliesPath, "wb") : NULL;
    if ((PcapPath && !Client->Pcap) || (RepliesPath && !Client->Replies))
        return -1;
    return 0;
}

void NcClose(NC_CLIENT *Client)
{
    PcapClose(Client->Pcap);
    if (Client->Replies)
        fclose(Client->Replies);
    close(Client->Socket);
}

static int NcpSend(NC_CLIENT *Client, const UCHAR *DestinationMac,
                   const IPX_ADDRESS *Destination, UCHAR PacketType,
                   const UCHAR *Payload, ULONG Length)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    ULONG FrameLength;

    memcpy(Eth.Destination, DestinationMac, ETH_ADDRESS_LENGTH);
    memcpy(Eth.Source, Client->Mac, ETH_ADDRESS_LENGTH);
    Eth.Frame = Client->FrameType;
    Eth.Length = 0;
    memset(&Ipx, 0, sizeof(Ipx));
    Ipx.PacketType = PacketType;
    Ipx.Destination = *Destination;
    Ipx.Source = Client->Address;
    if (!NT_SUCCESS(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload,
                                  Length, &FrameLength)))
        return -1;
    PcapWrite(Client->Pcap, Frame, FrameLength);
    return sendto(Client->Socket, Frame, FrameLength, 0,
                  (struct sockaddr *)&Client->Server,
                  sizeof(Client->Server)) < 0 ? -1 : 0;
}

/*
 * Waits up to TimeoutMs for an IPX frame to Socket; its payload is left in
 * Client->Frame. 1 on success, 0 on time-out.
 */
static int NcpReceive(NC_CLIENT *Client, USHORT Socket, const UCHAR **Payload,
                      ULONG *Length, IPX_HEADER *Ipx)
{
    struct pollfd Poll = { Client->Socket, POLLIN, 0 };
    ETH_HEADER Eth;
    ssize_t Got;

    for (;;) {
        if (poll(&Poll, 1, Client->TimeoutMs) <= 0)
            return 0;
        Got = recv(Client->Socket, Client->Frame, sizeof(Client->Frame), 0);
        if (Got <= 0)
            continue;
        PcapWrite(Client->Pcap, Client->Frame, (size_t)Got);
        if (!NT_SUCCESS(IpxParseFrame(Client->Frame, (ULONG)Got, &Eth, Ipx,
                                      Payload, Length)) ||
            Ipx->Destination.Socket != Socket) {
            Client->Stats.Ignored++;
            continue;
        }
        if (Eth.Frame != Client->FrameType) {
            Client->Stats.OtherFraming++;   /* a station bound to one framing */
            continue;
        }
        memcpy(Client->ServerMac, Eth.Source, ETH_ADDRESS_LENGTH);
        return 1;
    }
}

/* Nearest-server query for a file server, then RIP for the network. */
int NcFindServer(NC_CLIENT *Client, char *Name, size_t NameSize)
{
    SAP_QUERY Query = { SAP_NEAREST_QUERY, SAP_TYPE_FILE_SERVER };
    RIP_ENTRY Ask = { RIP_ALL_NETWORKS, 0xFFFF, 0xFFFF }, Routes[4];
    IPX_ADDRESS Broadcast = { 0, { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 0 };
    UCHAR Buffer[64];
    SAP_ENTRY Entry;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG Length, Count;
    USHORT Type;

    Broadcast.Socket = IPX_SOCKET_SAP;
    SapEncodeQuery(Buffer, sizeof(Buffer), &Query, &Length);
    if (NcpSend(Client, NcpBroadcast, &Broadcast, IPX_TYPE_PEP, Buffer,
                Length) < 0 ||
        !NcpReceive(Client, NC_CLIENT_SOCKET, &Payload, &Length, &Ipx) ||
        !NT_SUCCESS(SapDecodeResponse(Payload, Length, &Type, &Entry, 1,
                                      &Count)) || Count != 1)
        return -1;
    snprintf(Name, NameSize, "%s", Entry.Name);
    Client->ServerAddress = Entry.Address;
    Broadcast.Socket = IPX_SOCKET_RIP;
    RipEncode(Buffer, sizeof(Buffer), RIP_REQUEST, &Ask, 1, &Length);
    if (NcpSend(Client, NcpBroadcast, &Broadcast, IPX_TYPE_RIP, Buffer,
                Length) < 0 ||
        !NcpReceive(Client, NC_CLIENT_SOCKET, &Payload, &Length, &Ipx) ||
        !NT_SUCCESS(RipDecode(Payload, Length, &Type, Routes, 4, &Count)) ||
        Count == 0)
        return -1;
    Client->Address.Network = Routes[0].Network;    /* the cable we are on */
    return 0;
}

static void NcpRecordReply(NC_CLIENT *Client, const UCHAR *Payload,
                           ULONG Length)
{
    unsigned char Prefix[2] = { (unsigned char)(Length >> 8),
                                (unsigned char)Length };

    if (!Client->Replies)
        return;
    fwrite(Prefix, 1, 2, Client->Replies);
    fwrite(Payload, 1, Length, Client->Replies);
}

/* Waits for the reply to Request, or time-out (0). 0x9999 extends the wait. */
static int NcpAwait(NC_CLIENT *Client, const NCP_REQUEST *Request,
                    NCP_REPLY *Reply, NTSTATUS *Status)
{
    NCP_REPLY_HEADER Header;
    const UCHAR *Payload;
    IPX_HEADER Ipx;
    ULONG Length;

    while (NcpReceive(Client, NC_CLIENT_SOCKET, &Payload, &Length, &Ipx)) {
        if (!NT_SUCCESS(NcpDecodeReplyHeader(Payload, Length, &Header)) ||
            Header.Sequence != Request->Header.Sequence ||
            (Request->Header.Type != NCP_TYPE_CREATE &&
             Header.Connection != Request->Header.Connection)) {
            Client->Stats.Ignored++;
            continue;
        }
        if (Header.Type == NCP_TYPE_BUSY) {
            Client->Stats.Busy++;
            return -1;               /* answered, but not yet: retransmit */
        }
        NcpRecordReply(Client, Payload, Length);
        *Status = NcpDecodeReply(Payload, Length, Request, Reply);
        return 1;
    }
    return 0;
}

/* Request's header: type from Request, sequence, connection, task. */
static void NcpFillHeader(NC_CLIENT *Client, NCP_REQUEST *Request)
{
    if (Request->Header.Type == NCP_TYPE_REQUEST)
        Client->Sequence++;
    Request->Header.Sequence =
        Request->Header.Type == NCP_TYPE_CREATE ? 0 : Client->Sequence;
    Request->Header.Connection = Request->Header.Type == NCP_TYPE_CREATE
                                     ? NCP_NO_CONNECTION : Client->Connection;
    Request->Header.Task = Client->Task;
}

/* Sends the encoded Request (Length bytes) until its reply comes. */
static NTSTATUS NcpExchange(NC_CLIENT *Client, const NCP_REQUEST *Request,
                            const UCHAR *Buffer, ULONG Length, NCP_REPLY *Reply)
{
    NTSTATUS Status;
    int Attempt, Busy = 0, Result;

    Client->Stats.Transactions++;
    /* A 0x9999 does not use up a retry: the server said it is working. */
    for (Attempt = 0; Attempt <= Client->Retries + Busy; Attempt++) {
        if (Attempt > 0)
            Client->Stats.Retransmits++;
        if (NcpSend(Client, Client->ServerMac, &Client->ServerAddress,
                    IPX_TYPE_NCP, Buffer, Length) < 0)
            return STATUS_UNSUCCESSFUL;
        Result = NcpAwait(Client, Request, Reply, &Status);
        if (Result > 0)
            return Status;
        if (Result < 0)
            Busy++;
    }
    return STATUS_IO_TIMEOUT;
}

NTSTATUS NcTransact(NC_CLIENT *Client, NCP_REQUEST *Request, NCP_REPLY *Reply)
{
    UCHAR Buffer[ETH_MAX_FRAME];
    NTSTATUS Status;
    ULONG Length;

    NcpFillHeader(Client, Request);
    Status = NcpEncodeRequest(Buffer, sizeof(Buffer), Request, &Length);
    if (!NT_SUCCESS(Status))
        return Status;
    return NcpExchange(Client, Request, Buffer, Length, Reply);
}

/* A 0x2222 request of any function: the header, then Body as it is. */
NTSTATUS NcTransactRaw(NC_CLIENT *Client, NCP_REQUEST *Request, const UCHAR *Body,
                       ULONG BodyLength, NCP_REPLY *Reply)
{
    UCHAR Buffer[ETH_MAX_FRAME];
    const NCP_REQUEST_HEADER *Header = &Request->Header;

    if (BodyLength > sizeof(Buffer) - NCP_REQUEST_HEADER_LENGTH)
        return STATUS_INVALID_PARAMETER;
    Request->Header.Type = NCP_TYPE_REQUEST;
    NcpFillHeader(Client, Request);
    Buffer[0] = (UCHAR)(Header->Type >> 8);
    Buffer[1] = (UCHAR)Header->Type;
    Buffer[2] = Header->Sequence;
    Buffer[3] = (UCHAR)Header->Connection;
    Buffer[4] = Header->Task;
    Buffer[5] = (UCHAR)(Header->Connection >> 8);
    Buffer[6] = Header->Function;
    if (BodyLength)
        memcpy(Buffer + NCP_REQUEST_HEADER_LENGTH, Body, BodyLength);
    return NcpExchange(Client, Request, Buffer, NCP_REQUEST_HEADER_LENGTH + BodyLength, Reply);
}

NTSTATUS NcControlReset(NC_CLIENT *Client, ULONG Epoch)
{
    NCP_CONTROL Control = { NCP_CONTROL_RESET, 0, Epoch, { 0 } }, Answer;
    IPX_ADDRESS Server = Client->ServerAddress;
    const UCHAR *Payload;
    UCHAR Buffer[NCP_CONTROL_LENGTH];
    IPX_HEADER Ipx;
    ULONG Length;

    Server.Socket = NCP_CONTROL_SOCKET;
    memcpy(Control.Key, Client->ControlKey, NCP_CONTROL_KEY_LENGTH);
    NcpEncodeControl(Buffer, sizeof(Buffer), &Control, &Length);
    if (NcpSend(Client, Client->ServerMac, &Server, IPX_TYPE_UNKNOWN, Buffer,
                Length) < 0)
        return STATUS_UNSUCCESSFUL;
    while (NcpReceive(Client, NC_CLIENT_SOCKET, &Payload, &Length, &Ipx))
        if (NT_SUCCESS(NcpDecodeControl(Payload, Length, &Answer)) &&
            Answer.Operation == (NCP_CONTROL_RESET | NCP_CONTROL_REPLY))
            return Answer.Result == 0 && Answer.Epoch == Epoch
                       ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    return STATUS_IO_TIMEOUT;
}
