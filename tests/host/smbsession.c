/*
 * smbsession.c - the host test client's SMB engine (smbsession.h).
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

#include "tests/host/pcapfile.h"
#include "tests/host/smbsession.h"

static const UCHAR ScpBroadcast[ETH_ADDRESS_LENGTH] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

int ScOpen(SC_CLIENT *Client, const char *Server, int Port, const char *PcapPath)
{
    static const UCHAR Mac[] = SC_CLIENT_MAC;
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
    if (Client->Socket < 0 || bind(Client->Socket, (struct sockaddr *)&Local, sizeof(Local)) < 0)
        return -1;
    memcpy(Client->Mac, Mac, sizeof(Mac));
    memcpy(Client->Address.Node, Mac, sizeof(Mac));
    Client->Address.Network = 0x00001234;       /* the cable ncpserv's RIP names */
    Client->Address.Socket = SMB_SOCKET_REDIRECTOR;
    Client->TimeoutMs = 200;
    Client->Retries = 5;
    Client->Pcap = PcapPath ? PcapOpen(PcapPath) : NULL;
    return PcapPath && !Client->Pcap ? -1 : 0;
}

void ScClose(SC_CLIENT *Client)
{
    PcapClose(Client->Pcap);
    close(Client->Socket);
}

static int ScpSend(SC_CLIENT *Client, const UCHAR *Mac, const IPX_ADDRESS *Destination,
                   USHORT Socket, const UCHAR *Payload, ULONG Length)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    ULONG FrameLength;

    memcpy(Eth.Destination, Mac, ETH_ADDRESS_LENGTH);
    memcpy(Eth.Source, Client->Mac, ETH_ADDRESS_LENGTH);
    Eth.Frame = Client->FrameType;
    Eth.Length = 0;
    memset(&Ipx, 0, sizeof(Ipx));
    Ipx.PacketType = SMB_IPX_TYPE;
    Ipx.Destination = *Destination;
    Ipx.Source = Client->Address;
    Ipx.Source.Socket = Socket;
    if (!NT_SUCCESS(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload, Length,
                                  &FrameLength)))
        return -1;
    PcapWrite(Client->Pcap, Frame, FrameLength);
    return sendto(Client->Socket, Frame, FrameLength, 0, (struct sockaddr *)&Client->Server,
                  sizeof(Client->Server)) < 0 ? -1 : 0;
}

/* The next IPX payload to Socket within TimeoutMs: 1, or 0 on time-out. */
static int ScpReceive(SC_CLIENT *Client, USHORT Socket, const UCHAR **Payload, ULONG *Length)
{
    struct pollfd Poll = { Client->Socket, POLLIN, 0 };
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    ssize_t Got;

    for (;;) {
        if (poll(&Poll, 1, Client->TimeoutMs) <= 0)
            return 0;
        Got = recv(Client->Socket, Client->Frame, sizeof(Client->Frame), 0);
        if (Got <= 0)
            continue;
        PcapWrite(Client->Pcap, Client->Frame, (size_t)Got);
        if (!NT_SUCCESS(IpxParseFrame(Client->Frame, (ULONG)Got, &Eth, &Ipx, Payload, Length)) ||
            Ipx.Destination.Socket != Socket) {
            Client->Ignored++;
            continue;
        }
        memcpy(Client->ServerMac, Eth.Source, ETH_ADDRESS_LENGTH);
        return 1;
    }
}

/* NMPI: who has Name<20>? The answer's source is the server's address. */
int ScFindServer(SC_CLIENT *Client, const char *Name)
{
    IPX_ADDRESS Broadcast = { 0x00001234, { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
                              SMB_SOCKET_NAME };
    SMB_NAME_MESSAGE Query, Answer;
    UCHAR Buffer[SMB_NAME_MESSAGE_LENGTH];
    const UCHAR *Payload;
    ULONG Length;

    memset(&Query, 0, sizeof(Query));
    Query.Opcode = SMB_NAME_QUERY;
    Query.NameType = SMB_NAME_MACHINE;
    Query.MessageId = 0x0101;
    if (!NT_SUCCESS(SmbSetNetbiosName(Query.Name, Name, SMB_SUFFIX_SERVER)) ||
        !NT_SUCCESS(SmbSetNetbiosName(Query.SourceName, "IRPLAB", SMB_SUFFIX_WORKSTATION)) ||
        !NT_SUCCESS(SmbEncodeName(Buffer, sizeof(Buffer), &Query, &Length)) ||
        ScpSend(Client, ScpBroadcast, &Broadcast, SMB_SOCKET_REDIRECTOR, Buffer, Length) < 0)
        return -1;
    while (ScpReceive(Client, SMB_SOCKET_REDIRECTOR, &Payload, &Length))
        if (NT_SUCCESS(SmbDecodeName(Payload, Length, &Answer)) &&
            Answer.Opcode == SMB_NAME_FOUND && Answer.MessageId == Query.MessageId &&
            memcmp(Answer.Name, Query.Name, SMB_NETBIOS_NAME_LENGTH) == 0) {
            memcpy(Client->ServerAddress.Node, Client->ServerMac, ETH_ADDRESS_LENGTH);
            Client->ServerAddress.Network = Client->Address.Network;
            Client->ServerAddress.Socket = SMB_SOCKET_SERVER;
            return 0;
        }
    return -1;
}

/* The reply to the request in Client->Request, or time-out (0). */
static int ScpAwait(SC_CLIENT *Client, const SMB_HEADER *Request)
{
    SMB_HEADER Header;
    const UCHAR *Payload;
    ULONG Length;

    while (ScpReceive(Client, SMB_SOCKET_REDIRECTOR, &Payload, &Length)) {
        if (!NT_SUCCESS(SmbDecodeHeader(Payload, Length, &Header)) ||
            !(Header.Flags & SMB_FLAGS_REPLY) || Header.Mid != Request->Mid ||
            Header.Command != Request->Command || Length > sizeof(Client->Reply)) {
            Client->Ignored++;
            continue;
        }
        memcpy(Client->Reply, Payload, Length);
        Client->ReplyLength = Length;
        return 1;
    }
    return 0;
}

static NTSTATUS ScpExchange(SC_CLIENT *Client, const SMB_HEADER *Header)
{
    int Attempt;

    for (Attempt = 0; Attempt <= Client->Retries; Attempt++) {
        if (Attempt > 0)
            Client->Retransmits++;
        if (ScpSend(Client, Client->ServerMac, &Client->ServerAddress, SMB_SOCKET_REDIRECTOR,
                    Client->Request, Client->RequestLength) < 0)
            return STATUS_UNSUCCESSFUL;
        if (ScpAwait(Client, Header))
            return STATUS_SUCCESS;
    }
    return STATUS_IO_TIMEOUT;
}

static void ScpFillHeader(SC_CLIENT *Client, PSMB_HEADER Header)
{
    BOOLEAN Unsequenced = Header->Command == SMB_COM_NEGOTIATE ||
                          Header->Command == SMB_COM_ECHO;

    Header->Flags = SMB_FLAGS_CASELESS;
    Header->Key = Client->Key;
    Header->Sid = Client->Sid;
    if (!Unsequenced)
        Client->Sequence = Client->Sequence == 0xFFFF ? 1 : Client->Sequence + 1;
    Header->SequenceNumber = Unsequenced ? 0 : Client->Sequence;
    Header->Tid = Client->Tid;
    Header->Uid = Client->Uid;
    Header->Pid = 1;
    Header->Mid = ++Client->Mid;
}

NTSTATUS ScTransact(SC_CLIENT *Client, SMB_REQUEST *Request, SMB_REPLY *Reply)
{
    NTSTATUS Status;

    ScpFillHeader(Client, &Request->Header);
    Status = SmbEncodeRequest(Client->Request, sizeof(Client->Request), Request,
                              &Client->RequestLength);
    if (!NT_SUCCESS(Status))
        return Status;
    Client->Transactions++;
    Status = ScpExchange(Client, &Request->Header);
    if (!NT_SUCCESS(Status))
        return Status;
    return SmbDecodeReply(Client->Reply, Client->ReplyLength, Reply);
}

NTSTATUS ScRetransmit(SC_CLIENT *Client)
{
    SMB_HEADER Header;

    if (!NT_SUCCESS(SmbDecodeHeader(Client->Request, Client->RequestLength, &Header)))
        return STATUS_INVALID_PARAMETER;
    Client->Retransmits++;
    return ScpExchange(Client, &Header);
}

NTSTATUS ScControlReset(SC_CLIENT *Client, ULONG Epoch)
{
    NCP_CONTROL Control = { NCP_CONTROL_RESET, 0, Epoch, { 0 } }, Answer;
    IPX_ADDRESS Server = Client->ServerAddress;
    UCHAR Buffer[NCP_CONTROL_LENGTH];
    const UCHAR *Payload;
    ULONG Length;

    Server.Socket = NCP_CONTROL_SOCKET;
    memcpy(Control.Key, Client->ControlKey, NCP_CONTROL_KEY_LENGTH);
    NcpEncodeControl(Buffer, sizeof(Buffer), &Control, &Length);
    if (ScpSend(Client, Client->ServerMac, &Server, SC_HARNESS_SOCKET, Buffer, Length) < 0)
        return STATUS_UNSUCCESSFUL;
    while (ScpReceive(Client, SC_HARNESS_SOCKET, &Payload, &Length))
        if (NT_SUCCESS(NcpDecodeControl(Payload, Length, &Answer)) &&
            Answer.Operation == (NCP_CONTROL_RESET | NCP_CONTROL_REPLY))
            return Answer.Result == 0 && Answer.Epoch == Epoch ? STATUS_SUCCESS
                                                               : STATUS_UNSUCCESSFUL;
    return STATUS_IO_TIMEOUT;
}
