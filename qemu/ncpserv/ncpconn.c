/*
 * ncpconn.c - ncpserv's NCP connection layer: create and destroy (0x1111,
 * 0x5555), requests (0x2222) matched to their connection, sequence numbers,
 * the cached last reply, the fault modes, and Clear Connection Number
 * (0x17/0xD2, FCONSOLE's: a console operator ends another connection).
 *
 * A connection belongs to the IPX address (network, node, socket) that
 * created it; one address may hold many. Sequence rules, per connection:
 * the request after reply S must carry S + 1 (8-bit); a request carrying S
 * again is a retransmission and gets the cached reply S byte for byte; any
 * other sequence is dropped, as NetWare does.
 *
 * Fault modes, all counted, never timed (docs/NCPSERV.md):
 *   --busy N             each new request is answered 0x9999 on its first N
 *                        transmissions and with its reply on the next one
 *   --drop-every N       the first transmission of every Nth new reply is
 *                        not sent (the client's retransmission gets it)
 *   --duplicate-every N  every Nth new reply is sent twice
 *   --silent-after N     NCP packets after the Nth get no answer at all
 *   --silent-at-read N   the Nth Read File (any connection's) and every
 *                        request after it on that connection get no
 *                        answer; the other connections are answered
 * They apply to 0x2222 requests; create and destroy are always answered.
 *
 * The table: --connections slots (64 at most), of which one station (an
 * IPX network and node, whatever its sockets) may hold
 * --station-connections; a create beyond the station's share gets 0xF9, no
 * free connection slots. When the table is full, a create takes the slot
 * of the connection that has not logged in and has been silent for the
 * most NCP packets (NetWare's NLICLEAR clears not-logged-in connections
 * the same way), so stations without a password cannot keep out those
 * with one; only a table of logged-in connections answers 0xF9. The
 * watchdog, as NetWare's: a connection that has sent
 * nothing for --watchdog seconds is polled on its socket + 1 with (its
 * number, '?'), again every quarter of that (at least 1 s); any packet
 * from it, or the answer (number, 'Y'), keeps it; after NS_WATCHDOG_POLLS
 * unanswered polls it is cleared, its files closed. Not in deterministic
 * mode, which never acts on time.
 */
#include <string.h>

#include "qemu/ncpserv/ncpserv.h"

/* The watchdog's signatures (the second byte; the first is the connection). */
enum {
    NS_WATCHDOG_QUERY = '?',        /* server: are you still there? */
    NS_WATCHDOG_ALIVE = 'Y',        /* station: yes */
};

USHORT NsConnectionsInUse(PNS_SERVER Server)
{
    USHORT Count = 0;
    ULONG Index;

    for (Index = 0; Index < NS_MAX_CONNECTIONS; Index++)
        Count += Server->Connections[Index].InUse;
    return Count;
}

void NsConnectionsReset(PNS_SERVER Server)
{
    ULONG Index;

    for (Index = 0; Index < NS_MAX_CONNECTIONS; Index++) {
        if (Server->Connections[Index].InUse)
            NsReleaseTask(Server, &Server->Connections[Index], 0, TRUE);
        memset(&Server->Connections[Index], 0, sizeof(NS_CONNECTION));
    }
}

static BOOLEAN NspSameAddress(const IPX_ADDRESS *Left, const IPX_ADDRESS *Right)
{
    return Left->Network == Right->Network && Left->Socket == Right->Socket &&
           memcmp(Left->Node, Right->Node, ETH_ADDRESS_LENGTH) == 0;
}

static PNS_CONNECTION NspFind(PNS_SERVER Server, USHORT Number,
                              const IPX_ADDRESS *Client)
{
    PNS_CONNECTION Connection;

    if (Number == 0 || Number > NS_MAX_CONNECTIONS)
        return NULL;
    Connection = &Server->Connections[Number - 1];
    if (!Connection->InUse || !NspSameAddress(&Connection->Client, Client))
        return NULL;
    return Connection;
}

/* A header-only reply (errors, 0x9999, create, destroy); not cached. */
static void NspSendHeader(PNS_SERVER Server, const ETH_HEADER *Eth,
                          const IPX_HEADER *Ipx, const NCP_REQUEST *Request,
                          USHORT Type, USHORT Connection, UCHAR Completion,
                          UCHAR Status)
{
    NCP_REPLY_HEADER Header;
    UCHAR Payload[NCP_REPLY_HEADER_LENGTH], Frame[ETH_MAX_FRAME];
    ULONG Written, FrameLength;

    Header.Type = Type;
    Header.Sequence = Request->Header.Sequence;
    Header.Connection = Connection;
    Header.Task = Request->Header.Task;
    Header.CompletionCode = Completion;
    Header.ConnectionStatus = Status;
    if (NT_SUCCESS(NcpEncodeReplyHeader(Payload, sizeof(Payload), &Header,
                                        &Written)) &&
        NsBuildReply(Server, Eth, Ipx, IPX_TYPE_NCP, Payload, Written, Frame,
                     &FrameLength) == 0)
        Server->Send(Server, Frame, FrameLength);
}

/* Connections the station at Client (network and node) holds. */
static ULONG NspStationConnections(PNS_SERVER Server, const IPX_ADDRESS *Client)
{
    ULONG Index, Count = 0;
    const NS_CONNECTION *Connection;

    for (Index = 0; Index < NS_MAX_CONNECTIONS; Index++) {
        Connection = &Server->Connections[Index];
        Count += Connection->InUse && Connection->Client.Network == Client->Network &&
                 memcmp(Connection->Client.Node, Client->Node, ETH_ADDRESS_LENGTH) == 0;
    }
    return Count;
}

/* The not-logged-in connection silent for the most packets, or NULL. */
static PNS_CONNECTION NspEvictable(PNS_SERVER Server)
{
    PNS_CONNECTION Oldest = NULL, Connection;
    ULONG Index;

    for (Index = 0; Index < Server->Options.Connections; Index++) {
        Connection = &Server->Connections[Index];
        if (Connection->InUse && !Connection->LoggedIn &&
            (!Oldest || Connection->LastPacket < Oldest->LastPacket))
            Oldest = Connection;
    }
    return Oldest;
}

/* A free slot within the table's size and the station's share, or NULL. */
static PNS_CONNECTION NspFreeSlot(PNS_SERVER Server, const IPX_ADDRESS *Client)
{
    PNS_CONNECTION Victim;
    ULONG Index;

    if (NspStationConnections(Server, Client) >= Server->Options.StationConnections)
        return NULL;
    for (Index = 0; Index < Server->Options.Connections; Index++)
        if (!Server->Connections[Index].InUse)
            return &Server->Connections[Index];
    Victim = NspEvictable(Server);
    if (Victim) {
        NsLog(Server, "table full: connection %u (not logged in, silent longest) cleared",
              Victim->Number);
        NsReleaseTask(Server, Victim, 0, TRUE);
        memset(Victim, 0, sizeof(*Victim));
    }
    return Victim;
}

static void NspCreate(PNS_SERVER Server, const ETH_HEADER *Eth,
                      const IPX_HEADER *Ipx, const NCP_REQUEST *Request)
{
    PNS_CONNECTION Connection;
    USHORT InUse;

    if (Request->u.Connect.Present && Request->u.Connect.Epoch != Server->Epoch) {
        NsLog(Server, "create from epoch %lu dropped (epoch is %lu)",
              (unsigned long)Request->u.Connect.Epoch,
              (unsigned long)Server->Epoch);
        return;
    }
    Connection = NspFreeSlot(Server, &Ipx->Source);
    if (!Connection) {
        NspSendHeader(Server, Eth, Ipx, Request, NCP_TYPE_REPLY,
                      NCP_NO_CONNECTION, NCP_E_NO_CONNECTION_SLOTS, 0x04);
        NsLog(Server, "create -> no free connection slots");
        return;
    }
    memset(Connection, 0, sizeof(*Connection));
    Connection->InUse = TRUE;
    Connection->Number = (USHORT)(Connection - Server->Connections + 1);
    Connection->Client = Ipx->Source;
    memcpy(Connection->ClientMac, Eth->Source, ETH_ADDRESS_LENGTH);
    Connection->BufferSize = 512;
    Connection->LastHeard = Server->Now;
    Connection->LastPacket = Server->Requests;
    InUse = NsConnectionsInUse(Server);
    if (InUse > Server->PeakConnections)
        Server->PeakConnections = InUse;
    NspSendHeader(Server, Eth, Ipx, Request, NCP_TYPE_REPLY,
                  Connection->Number, NCP_OK, 0);
    NsLog(Server, "create task %u -> connection %u", Request->Header.Task,
          Connection->Number);
}

static void NspDestroy(PNS_SERVER Server, const ETH_HEADER *Eth,
                       const IPX_HEADER *Ipx, const NCP_REQUEST *Request)
{
    USHORT Number = Request->Header.Connection;
    PNS_CONNECTION Connection = NspFind(Server, Number, &Ipx->Source);

    if (!Connection) {
        NspSendHeader(Server, Eth, Ipx, Request, NCP_TYPE_REPLY, Number,
                      NCP_E_FAILURE, 0x01);
        NsLog(Server, "destroy connection %u -> no such connection", Number);
        return;
    }
    NsReleaseTask(Server, Connection, 0, TRUE);
    memset(Connection, 0, sizeof(*Connection));
    NspSendHeader(Server, Eth, Ipx, Request, NCP_TYPE_REPLY, Number, NCP_OK, 0);
    NsLog(Server, "destroy connection %u", Number);
}

/*
 * Clear Connection Number (0x17/0xD2): the connection ends as if its station
 * had gone, its files closed and its slot freed; the station learns it from
 * its next request's answer (no such connection, the dead status bits).
 * Console operators only - here SUPERVISOR (0xC6 for anyone else); 0xFD for
 * a number not in use, and for the caller's own, whose answer would go
 * with it.
 */
UCHAR NsClearConnection(NS_HANDLER_ARGUMENTS)
{
    USHORT Number = Request->u.Clear.Number;
    PNS_CONNECTION Victim;

    if (!Connection->LoggedIn || strcmp(Connection->User, "SUPERVISOR") != 0)
        return NCP_E_NO_CONSOLE_RIGHTS;
    if (Number == 0 || Number > NS_MAX_CONNECTIONS || Number == Connection->Number)
        return NCP_E_BAD_STATION;
    Victim = &Server->Connections[Number - 1];
    if (!Victim->InUse)
        return NCP_E_BAD_STATION;
    NsReleaseTask(Server, Victim, 0, TRUE);
    memset(Victim, 0, sizeof(*Victim));
    NsLog(Server, "clear connection %u", Number);
    return NCP_OK;
}

/* One transmission of the current request's answer, faults applied. */
static void NspTransmit(PNS_SERVER Server, PNS_CONNECTION Connection,
                        const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                        const NCP_REQUEST *Request)
{
    const NS_OPTIONS *Options = &Server->Options;

    if (Connection->BusyLeft != 0) {
        Connection->BusyLeft--;
        NspSendHeader(Server, Eth, Ipx, Request, NCP_TYPE_BUSY,
                      Connection->Number, NCP_OK, 0);
        NsLog(Server, "  busy: 0x9999 for sequence %u", Request->Header.Sequence);
        return;
    }
    /* The cached reply goes to whichever Ethernet source asked this time:
       a station behind another router is the same IPX address. */
    memcpy(Connection->Reply, Eth->Source, ETH_ADDRESS_LENGTH);
    if (!Connection->ReplyUnsent) {
        NsLog(Server, "  resend reply to sequence %u", Request->Header.Sequence);
        Server->Send(Server, Connection->Reply, Connection->ReplyLength);
        return;
    }
    Connection->ReplyUnsent = FALSE;
    Server->Replies++;
    if (Options->DropEvery && Server->Replies % Options->DropEvery == 0) {
        NsLog(Server, "  fault: reply %lu dropped", (unsigned long)Server->Replies);
        return;
    }
    Server->Send(Server, Connection->Reply, Connection->ReplyLength);
    if (Options->DuplicateEvery &&
        Server->Replies % Options->DuplicateEvery == 0) {
        NsLog(Server, "  fault: reply %lu duplicated",
              (unsigned long)Server->Replies);
        Server->Send(Server, Connection->Reply, Connection->ReplyLength);
    }
}

/* Runs the request and caches the reply frame in the connection. */
static void NspExecute(PNS_SERVER Server, PNS_CONNECTION Connection,
                       const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                       const NCP_REQUEST *Request, NTSTATUS DecodeStatus)
{
    UCHAR Scratch[NS_MAX_BUFFER], Payload[ETH_MAX_FRAME];
    NCP_REPLY Reply;
    ULONG Written = 0;

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.Header.Sequence = Request->Header.Sequence;
    Reply.Header.Connection = Connection->Number;
    Reply.Header.Task = Request->Header.Task;
    NsDispatch(Server, Connection, DecodeStatus, Request, &Reply, Scratch);
    if (!NT_SUCCESS(NcpEncodeReply(Payload, sizeof(Payload), Request, &Reply,
                                   &Written))) {
        Reply.Header.CompletionCode = NCP_E_FAILURE;
        NcpEncodeReply(Payload, sizeof(Payload), Request, &Reply, &Written);
    }
    NsLog(Server, "conn %u seq %u task %u %s (0x%02X/0x%02X) -> 0x%02X",
          Connection->Number, Request->Header.Sequence, Request->Header.Task,
          NsFunctionName(Request->Header.Function, Request->SubFunction),
          Request->Header.Function, Request->SubFunction,
          Reply.Header.CompletionCode);
    NsBuildReply(Server, Eth, Ipx, IPX_TYPE_NCP, Payload, Written,
                 Connection->Reply, &Connection->ReplyLength);
    Connection->Sequence = Request->Header.Sequence;
    Connection->HaveReply = TRUE;
    Connection->ReplyUnsent = TRUE;
    Connection->BusyLeft = Server->Options.Busy;
}

/* --silent-at-read: is this connection (now) one that gets no answer? */
static BOOLEAN NspSilentAtRead(PNS_SERVER Server, PNS_CONNECTION Connection,
                               const NCP_REQUEST *Request)
{
    if (!Connection->Silent && Server->Options.SilentAtRead &&
        Request->Header.Function == NCP_READ_FILE &&
        ++Server->Reads == Server->Options.SilentAtRead)
        Connection->Silent = TRUE;
    if (Connection->Silent)
        NsLog(Server, "fault: conn %u silent, seq %u ignored", Connection->Number,
              Request->Header.Sequence);
    return Connection->Silent;
}

static void NspRequest(PNS_SERVER Server, const ETH_HEADER *Eth,
                       const IPX_HEADER *Ipx, const NCP_REQUEST *Request,
                       NTSTATUS DecodeStatus)
{
    USHORT Number = Request->Header.Connection;
    PNS_CONNECTION Connection = NspFind(Server, Number, &Ipx->Source);
    UCHAR Sequence = Request->Header.Sequence;

    if (!Connection) {
        NspSendHeader(Server, Eth, Ipx, Request, NCP_TYPE_REPLY, Number,
                      NCP_E_FAILURE, 0x01);
        NsLog(Server, "conn %u seq %u: no such connection", Number, Sequence);
        return;
    }
    Connection->LastHeard = Server->Now;
    Connection->LastPacket = Server->Requests;
    Connection->Polls = 0;
    if (NspSilentAtRead(Server, Connection, Request))
        return;
    if (Connection->HaveReply && Sequence == Connection->Sequence) {
        NspTransmit(Server, Connection, Eth, Ipx, Request);
        return;
    }
    if (Sequence != (UCHAR)(Connection->Sequence + 1)) {
        NsLog(Server, "conn %u seq %u: out of sequence (last %u), dropped",
              Number, Sequence, Connection->Sequence);
        return;
    }
    NspExecute(Server, Connection, Eth, Ipx, Request, DecodeStatus);
    NspTransmit(Server, Connection, Eth, Ipx, Request);
}

/* (number, 'Y') from a connection's socket + 1: it is alive. */
static void NspWatchdogAnswer(PNS_SERVER Server, const IPX_HEADER *Ipx,
                              const UCHAR *Payload)
{
    ULONG Index;
    PNS_CONNECTION Connection;

    for (Index = 0; Index < NS_MAX_CONNECTIONS; Index++) {
        Connection = &Server->Connections[Index];
        if (!Connection->InUse || (UCHAR)Connection->Number != Payload[0] ||
            Connection->Client.Network != Ipx->Source.Network ||
            memcmp(Connection->Client.Node, Ipx->Source.Node, ETH_ADDRESS_LENGTH) != 0 ||
            (USHORT)(Connection->Client.Socket + 1) != Ipx->Source.Socket)
            continue;
        Connection->LastHeard = Server->Now;
        Connection->Polls = 0;
        NsLog(Server, "watchdog: connection %u answered", Connection->Number);
    }
}

static void NspWatchdogPoll(PNS_SERVER Server, PNS_CONNECTION Connection)
{
    UCHAR Poll[2] = { (UCHAR)Connection->Number, NS_WATCHDOG_QUERY };
    UCHAR Frame[ETH_MAX_FRAME];
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    ULONG FrameLength;

    memset(&Ipx, 0, sizeof(Ipx));
    memcpy(Eth.Source, Connection->ClientMac, ETH_ADDRESS_LENGTH);
    Ipx.Source = Connection->Client;
    Ipx.Source.Socket = (USHORT)(Connection->Client.Socket + 1);
    Ipx.Destination.Socket = IPX_SOCKET_NCP;
    Connection->Polls++;
    Connection->LastPoll = Server->Now;
    if (NsBuildReply(Server, &Eth, &Ipx, IPX_TYPE_UNKNOWN, Poll, sizeof(Poll), Frame,
                     &FrameLength) == 0)
        Server->Send(Server, Frame, FrameLength);
    NsLog(Server, "watchdog: connection %u polled (%lu)", Connection->Number,
          (unsigned long)Connection->Polls);
}

/* Once a second from main.c's loop: polls idle connections, clears dead ones. */
void NsWatchdog(PNS_SERVER Server)
{
    time_t Idle = (time_t)Server->Options.Watchdog;
    time_t Every = Idle / 4 ? Idle / 4 : 1;
    PNS_CONNECTION Connection;
    ULONG Index;

    if (Idle == 0 || Server->Options.Deterministic)
        return;
    for (Index = 0; Index < NS_MAX_CONNECTIONS; Index++) {
        Connection = &Server->Connections[Index];
        if (!Connection->InUse || Server->Now - Connection->LastHeard < Idle ||
            (Connection->Polls && Server->Now - Connection->LastPoll < Every))
            continue;
        if (Connection->Polls < NS_WATCHDOG_POLLS) {
            NspWatchdogPoll(Server, Connection);
            continue;
        }
        NsLog(Server, "watchdog: connection %u cleared", Connection->Number);
        NsReleaseTask(Server, Connection, 0, TRUE);
        memset(Connection, 0, sizeof(*Connection));
    }
}

void NsNcpReceive(PNS_SERVER Server, const ETH_HEADER *Eth,
                  const IPX_HEADER *Ipx, const UCHAR *Payload, ULONG Length)
{
    NCP_REQUEST Request;
    NTSTATUS Status;

    if (Length == 2 && Payload[1] == NS_WATCHDOG_ALIVE) {
        NspWatchdogAnswer(Server, Ipx, Payload);
        return;
    }

    Server->Requests++;
    if (Server->Options.SilentAfter &&
        Server->Requests > Server->Options.SilentAfter) {
        NsLog(Server, "fault: silent, NCP packet %lu ignored",
              (unsigned long)Server->Requests);
        return;
    }
    Status = NcpDecodeRequest(Payload, Length, &Request);
    if (Length < NCP_REQUEST_HEADER_LENGTH)
        return;                      /* no header: nobody to answer */
    switch (Request.Header.Type) {
    case NCP_TYPE_CREATE:
        if (NT_SUCCESS(Status))
            NspCreate(Server, Eth, Ipx, &Request);
        break;
    case NCP_TYPE_DESTROY:
        NspDestroy(Server, Eth, Ipx, &Request);
        break;
    case NCP_TYPE_REQUEST:
        NspRequest(Server, Eth, Ipx, &Request, Status);
        break;
    default:
        NsLog(Server, "NCP type 0x%04X ignored", Request.Header.Type);
    }
}
