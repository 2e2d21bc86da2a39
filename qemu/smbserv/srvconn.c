/*
 * srvconn.c - smbserv's connectionless SMB: connections made by NEGOTIATE,
 * requests matched to them by Sid and Key, sequence numbers, the cached
 * last reply, the command table and what each command needs first.
 *
 * Direct hosting has no session under SMB, so the header's connectionless
 * fields stand in for one. NEGOTIATE makes a connection for the IPX
 * address (network, node, socket) it came from - replacing any that
 * address held, as a new negotiate on a virtual circuit resets it - and
 * its reply gives the connection's Sid and Key in the header. Every later
 * request carries both and comes from the same address, or it is answered
 * ERRSRV/ERRbaduid, uncached (the redirector's cue that its session is
 * gone, after a reset or a restart).
 *
 * Sequence numbers, per connection: NEGOTIATE's reply is sequence 0; the
 * request after reply S must carry S + 1 (0xFFFF is followed by 1); a
 * request carrying S again is a retransmission and gets the cached reply
 * byte for byte, not a second execution; any other is dropped. A request
 * with sequence number 0 is unsequenced: run every time it arrives and
 * never cached, as an ECHO needs. A NEGOTIATE repeated before any
 * sequenced request (same address, same Mid) is a retransmission too.
 *
 * --drop-every N: the first sending of every Nth new sequenced reply is
 * lost, so that the client's retransmission is what gets it.
 *
 * The table: --connections slots (SRV_MAX_CONNECTIONS at most), of which
 * one station (an IPX network and node, whatever its sockets) may hold
 * --station-connections (half the table unless told). A NEGOTIATE beyond
 * the station's share, or when every slot is taken by a logged-on
 * connection, is ERRSRV/ERRnoresource, uncached: "no resources currently
 * available", which the redirector reads as STATUS_REQUEST_NOT_ACCEPTED,
 * NT's "no more connections can be made to this remote computer". When
 * the table is full, a NEGOTIATE takes the slot of the connection without
 * a logon that has been silent for the most SMBs, so that stations
 * without a password cannot keep out those with one. An idle time-out
 * frees dead ones: a connection silent for --idle-timeout seconds (900
 * unless told, NT's autodisconnect of 15 minutes; 0 never) ends, its files
 * closed; its next request is ERRSRV/ERRbaduid. Not in deterministic
 * mode, which keeps time out of the replies.
 *
 * What a command needs (SrvpCommands): NEGOTIATE, SESSION_SETUP_ANDX,
 * TREE_CONNECT and ECHO nothing; LOGOFF_ANDX and TREE_CONNECT_ANDX a user
 * (the header's Uid the session's: ERRSRV/ERRbaduid); everything else a
 * connected tree as well (ERRSRV/ERRinvnid). The AndX commands are
 * LANMAN1.0's: under the core dialect they are ERRSRV/ERRsmbcmd, as is
 * everything but ECHO when no dialect was agreed, and a command the codec
 * does not know; a request that does not decode is ERRSRV/ERRerror.
 */
#include <string.h>
#include <sys/random.h>

#include "qemu/smbserv/smbserv.h"

enum {
    SRV_NEEDS_NOTHING,
    SRV_NEEDS_USER,
    SRV_NEEDS_TREE,
};

static const struct {
    UCHAR Command;
    UCHAR Needs;
    BOOLEAN LanMan;                  /* LANMAN1.0's only */
    SRV_HANDLER Handler;
} SrvpCommands[] = {
    { SMB_COM_NEGOTIATE, SRV_NEEDS_NOTHING, FALSE, SrvNegotiate },
    { SMB_COM_SESSION_SETUP_ANDX, SRV_NEEDS_NOTHING, TRUE, SrvSessionSetup },
    { SMB_COM_LOGOFF_ANDX, SRV_NEEDS_USER, TRUE, SrvLogoff },
    { SMB_COM_TREE_CONNECT, SRV_NEEDS_NOTHING, FALSE, SrvTreeConnect },
    { SMB_COM_TREE_CONNECT_ANDX, SRV_NEEDS_USER, TRUE, SrvTreeConnect },
    { SMB_COM_TREE_DISCONNECT, SRV_NEEDS_TREE, FALSE, SrvTreeDisconnect },
    { SMB_COM_ECHO, SRV_NEEDS_NOTHING, FALSE, SrvEcho },
    { SMB_COM_OPEN, SRV_NEEDS_TREE, FALSE, SrvOpen },
    { SMB_COM_OPEN_ANDX, SRV_NEEDS_TREE, TRUE, SrvOpenAndX },
    { SMB_COM_CREATE, SRV_NEEDS_TREE, FALSE, SrvCreate },
    { SMB_COM_CREATE_NEW, SRV_NEEDS_TREE, FALSE, SrvCreate },
    { SMB_COM_CLOSE, SRV_NEEDS_TREE, FALSE, SrvClose },
    { SMB_COM_FLUSH, SRV_NEEDS_TREE, FALSE, SrvFlush },
    { SMB_COM_READ, SRV_NEEDS_TREE, FALSE, SrvRead },
    { SMB_COM_WRITE, SRV_NEEDS_TREE, FALSE, SrvWrite },
    { SMB_COM_DELETE, SRV_NEEDS_TREE, FALSE, SrvDelete },
    { SMB_COM_RENAME, SRV_NEEDS_TREE, FALSE, SrvRename },
    { SMB_COM_QUERY_INFORMATION, SRV_NEEDS_TREE, FALSE, SrvQueryInformation },
    { SMB_COM_SET_INFORMATION, SRV_NEEDS_TREE, FALSE, SrvSetInformation },
    { SMB_COM_SEARCH, SRV_NEEDS_TREE, FALSE, SrvSearch },
    { SMB_COM_CREATE_DIRECTORY, SRV_NEEDS_TREE, FALSE, SrvCreateDirectory },
    { SMB_COM_DELETE_DIRECTORY, SRV_NEEDS_TREE, FALSE, SrvDeleteDirectory },
    { SMB_COM_CHECK_DIRECTORY, SRV_NEEDS_TREE, FALSE, SrvCheckDirectory },
    { SMB_COM_QUERY_INFORMATION_DISK, SRV_NEEDS_TREE, FALSE, SrvQueryDisk },
};

/* Closes what the connection holds and frees its slot. */
void SrvReleaseConnection(PSRV_CONNECTION Connection)
{
    SrvCloseFiles(Connection, 0);
    memset(Connection, 0, sizeof(*Connection));
}

void SrvConnectionsReset(PSRV_SERVER Server)
{
    ULONG Index;

    for (Index = 0; Index < SRV_MAX_CONNECTIONS; Index++)
        SrvReleaseConnection(&Server->Connections[Index]);
}

static BOOLEAN SrvpSameAddress(const IPX_ADDRESS *Left, const IPX_ADDRESS *Right)
{
    return Left->Network == Right->Network && Left->Socket == Right->Socket &&
           memcmp(Left->Node, Right->Node, ETH_ADDRESS_LENGTH) == 0;
}

/* Connections the station at Client (network and node) holds. */
static ULONG SrvpStationConnections(PSRV_SERVER Server, const IPX_ADDRESS *Client)
{
    const SRV_CONNECTION *Connection;
    ULONG Index, Count = 0;

    for (Index = 0; Index < SRV_MAX_CONNECTIONS; Index++) {
        Connection = &Server->Connections[Index];
        Count += Connection->InUse && Connection->Client.Network == Client->Network &&
                 memcmp(Connection->Client.Node, Client->Node, ETH_ADDRESS_LENGTH) == 0;
    }
    return Count;
}

/* The connection without a logon silent for the most SMBs, or NULL. */
static PSRV_CONNECTION SrvpEvictable(PSRV_SERVER Server)
{
    PSRV_CONNECTION Oldest = NULL, Connection;
    ULONG Index;

    for (Index = 0; Index < Server->Options.Connections; Index++) {
        Connection = &Server->Connections[Index];
        if (Connection->InUse && !Connection->LoggedOn &&
            (!Oldest || Connection->LastRequest < Oldest->LastRequest))
            Oldest = Connection;
    }
    return Oldest;
}

/* A free slot within the table's size and the station's share, or NULL. */
static PSRV_CONNECTION SrvpFreeSlot(PSRV_SERVER Server, const IPX_ADDRESS *Client)
{
    PSRV_CONNECTION Victim;
    ULONG Index;

    if (SrvpStationConnections(Server, Client) >= Server->Options.StationConnections)
        return NULL;
    for (Index = 0; Index < Server->Options.Connections; Index++)
        if (!Server->Connections[Index].InUse)
            return &Server->Connections[Index];
    Victim = SrvpEvictable(Server);
    if (Victim) {
        SrvLog(Server, "table full: sid %u (no logon, silent longest) ends", Victim->Sid);
        SrvReleaseConnection(Victim);
    }
    return Victim;
}

/* The idle time-out: connections silent too long end (main.c's clock). */
void SrvIdleTimeout(PSRV_SERVER Server)
{
    PSRV_CONNECTION Connection;
    ULONG Index;

    if (Server->Options.Deterministic || Server->Options.IdleTimeout == 0)
        return;
    for (Index = 0; Index < SRV_MAX_CONNECTIONS; Index++) {
        Connection = &Server->Connections[Index];
        if (!Connection->InUse ||
            Server->Now - Connection->LastHeard < (time_t)Server->Options.IdleTimeout)
            continue;
        SrvLog(Server, "idle time-out: sid %u silent %lu s, ends", Connection->Sid,
               (unsigned long)(Server->Now - Connection->LastHeard));
        SrvReleaseConnection(Connection);
    }
}

/* The connection Header names, if Client holds it and the key is its. */
static PSRV_CONNECTION SrvpFind(PSRV_SERVER Server, const SMB_HEADER *Header,
                                const IPX_ADDRESS *Client)
{
    PSRV_CONNECTION Connection;

    if (Header->Sid == 0 || Header->Sid > SRV_MAX_CONNECTIONS)
        return NULL;
    Connection = &Server->Connections[Header->Sid - 1];
    if (!Connection->InUse || !SrvpSameAddress(&Connection->Client, Client) ||
        Connection->Key != Header->Key)
        return NULL;
    return Connection;
}

static PSRV_CONNECTION SrvpByAddress(PSRV_SERVER Server, const IPX_ADDRESS *Client)
{
    ULONG Index;

    for (Index = 0; Index < SRV_MAX_CONNECTIONS; Index++)
        if (Server->Connections[Index].InUse &&
            SrvpSameAddress(&Server->Connections[Index].Client, Client))
            return &Server->Connections[Index];
    return NULL;
}

/* splitmix64 of (Sid, keys given): a deterministic key, never 0. */
static ULONG SrvpKey(PSRV_SERVER Server, USHORT Sid)
{
    unsigned long long Value = ((unsigned long long)Sid << 32 | Server->Negotiations++) +
                               0x9E3779B97F4A7C15ULL;
    ULONG Key;

    if (!Server->Options.Deterministic && getrandom(&Key, sizeof(Key), 0) == sizeof(Key) &&
        Key != 0)
        return Key;
    Value = (Value ^ (Value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    Value = (Value ^ (Value >> 27)) * 0x94D049BB133111EBULL;
    Value ^= Value >> 31;
    return (ULONG)Value ? (ULONG)Value : 1;
}

static int SrvpLookup(UCHAR Command)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(SrvpCommands); Index++)
        if (SrvpCommands[Index].Command == Command)
            return (int)Index;
    return -1;
}

/* May Connection run command Index now? SRV_OK, or the error it gets. */
static SRV_ERROR SrvpAllowed(PSRV_CONNECTION Connection, int Index, const SMB_HEADER *Header)
{
    UCHAR Needs = SrvpCommands[Index].Needs;

    if ((SrvpCommands[Index].LanMan && Connection->Dialect != SrvDialectLanMan) ||
        (Connection->Dialect == SrvDialectNone && Header->Command != SMB_COM_NEGOTIATE &&
         Header->Command != SMB_COM_ECHO))
        return SRV_SRV(SMB_ERRsmbcmd);
    if (Needs == SRV_NEEDS_NOTHING)
        return SRV_OK;
    if (!Connection->LoggedOn || Header->Uid != Connection->Uid)
        return SRV_SRV(SMB_ERRbaduid);
    if (Needs == SRV_NEEDS_TREE &&
        (Header->Tid == 0 || Header->Tid > SRV_MAX_TREES || !Connection->Trees[Header->Tid - 1]))
        return SRV_SRV(SMB_ERRinvnid);
    return SRV_OK;
}

static SRV_ERROR SrvpDispatch(PSRV_SERVER Server, PSRV_CONNECTION Connection,
                              NTSTATUS DecodeStatus, const SMB_REQUEST *Request,
                              PSMB_REPLY Reply, PUCHAR Scratch)
{
    int Index = SrvpLookup(Request->Header.Command);
    SRV_ERROR Error;

    if (DecodeStatus == STATUS_NOT_IMPLEMENTED || Index < 0)
        return SRV_SRV(SMB_ERRsmbcmd);
    if (!NT_SUCCESS(DecodeStatus))
        return SRV_SRV(SMB_ERRerror);
    Error = SrvpAllowed(Connection, Index, &Request->Header);
    if (Error != SRV_OK)
        return Error;
    return SrvpCommands[Index].Handler(Server, Connection, Request, Reply, Scratch);
}

/* The reply's header: the request's, marked a reply, with the connection's. */
static void SrvpReplyHeader(PSMB_REPLY Reply, const SMB_HEADER *Request,
                            const SRV_CONNECTION *Connection)
{
    memset(Reply, 0, sizeof(*Reply));
    Reply->Header = *Request;
    Reply->Header.Flags = (UCHAR)(Request->Flags | SMB_FLAGS_REPLY);
    Reply->Header.ErrorClass = SMB_SUCCESS;
    Reply->Header.Reserved = 0;
    Reply->Header.Error = 0;
    if (Connection) {
        Reply->Header.Sid = Connection->Sid;
        Reply->Header.Key = Connection->Key;
    }
}

/* Reply as bytes; an error, or what cannot be encoded, has no body. */
static ULONG SrvpEncode(PSMB_REPLY Reply, SRV_ERROR Error, PUCHAR Payload)
{
    ULONG Written = 0;

    if (Error == SRV_OK &&
        NT_SUCCESS(SmbEncodeReply(Payload, SMB_MAX_MESSAGE, Reply, &Written)))
        return Written;
    if (Error == SRV_OK)
        Error = SRV_SRV(SMB_ERRerror);
    Reply->Header.ErrorClass = (UCHAR)(Error >> 16);
    Reply->Header.Error = (USHORT)Error;
    SmbEncodeReply(Payload, SMB_MAX_MESSAGE, Reply, &Written);
    return Written;
}

/* An answer that is never cached: to no connection, or unsequenced. */
static void SrvpSend(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                     PSMB_REPLY Reply, SRV_ERROR Error)
{
    UCHAR Payload[SMB_MAX_MESSAGE], Frame[ETH_MAX_FRAME];
    ULONG Written = SrvpEncode(Reply, Error, Payload), FrameLength;

    if (SrvBuildReply(Server, Eth, Ipx, Payload, Written, Frame, &FrameLength) == 0)
        Server->Send(Server, Frame, FrameLength);
}

/* The first sending of a new cached reply, --drop-every applied. */
static void SrvpTransmitNew(PSRV_SERVER Server, PSRV_CONNECTION Connection)
{
    Server->Replies++;
    if (Server->Options.DropEvery && Server->Replies % Server->Options.DropEvery == 0) {
        SrvLog(Server, "  fault: reply %lu dropped", (unsigned long)Server->Replies);
        return;
    }
    Server->Send(Server, Connection->Reply, Connection->ReplyLength);
}

/* Runs Request; a sequenced one's reply is cached in the connection. */
static void SrvpExecute(PSRV_SERVER Server, PSRV_CONNECTION Connection, const ETH_HEADER *Eth,
                        const IPX_HEADER *Ipx, const SMB_REQUEST *Request, NTSTATUS Status)
{
    UCHAR Scratch[SMB_MAX_MESSAGE], Payload[SMB_MAX_MESSAGE];
    const SMB_HEADER *Header = &Request->Header;
    SRV_ERROR Error;
    SMB_REPLY Reply;
    ULONG Written;

    SrvpReplyHeader(&Reply, Header, Connection);
    Error = SrvpDispatch(Server, Connection, Status, Request, &Reply, Scratch);
    SrvLog(Server, "sid %u seq %u mid %u %s (0x%02X) -> %u/%u", Connection->Sid,
           Header->SequenceNumber, Header->Mid, SmbCommandName(Header->Command),
           Header->Command, (unsigned)(Error >> 16), (unsigned)(Error & 0xFFFF));
    if (Header->SequenceNumber == 0 && Header->Command != SMB_COM_NEGOTIATE) {
        SrvpSend(Server, Eth, Ipx, &Reply, Error);
        return;
    }
    Written = SrvpEncode(&Reply, Error, Payload);
    if (SrvBuildReply(Server, Eth, Ipx, Payload, Written, Connection->Reply,
                      &Connection->ReplyLength) != 0)
        return;
    Connection->Sequence = Header->SequenceNumber;
    Connection->HaveReply = TRUE;
    Connection->ReplyMid = Header->Mid;
    Connection->ReplyCommand = Header->Command;
    SrvpTransmitNew(Server, Connection);
}

/* The cached reply again, to whichever Ethernet source asked this time. */
static void SrvpResend(PSRV_SERVER Server, PSRV_CONNECTION Connection, const ETH_HEADER *Eth)
{
    memcpy(Connection->Reply, Eth->Source, ETH_ADDRESS_LENGTH);
    SrvLog(Server, "sid %u: resend reply to sequence %u", Connection->Sid,
           Connection->Sequence);
    Server->Send(Server, Connection->Reply, Connection->ReplyLength);
}

static PSRV_CONNECTION SrvpNewConnection(PSRV_SERVER Server, const IPX_ADDRESS *Client)
{
    PSRV_CONNECTION Connection = SrvpByAddress(Server, Client);

    if (Connection) {
        SrvLog(Server, "sid %u: negotiated again, the old connection ends", Connection->Sid);
        SrvReleaseConnection(Connection);
    }
    Connection = SrvpFreeSlot(Server, Client);
    if (!Connection)
        return NULL;
    Connection->InUse = TRUE;
    Connection->Sid = (USHORT)(Connection - Server->Connections + 1);
    Connection->Key = SrvpKey(Server, Connection->Sid);
    Connection->Client = *Client;
    Connection->Dialect = SrvDialectNone;
    Connection->LastHeard = Server->Now;
    Connection->LastRequest = ++Server->Requests;
    return Connection;
}

static void SrvpNegotiate(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                          const SMB_REQUEST *Request, NTSTATUS Status)
{
    PSRV_CONNECTION Connection = SrvpByAddress(Server, &Ipx->Source);
    SMB_REPLY Reply;

    if (Connection && Connection->HaveReply && Connection->Sequence == 0 &&
        Connection->ReplyCommand == SMB_COM_NEGOTIATE &&
        Connection->ReplyMid == Request->Header.Mid) {
        SrvpResend(Server, Connection, Eth);
        return;
    }
    Connection = SrvpNewConnection(Server, &Ipx->Source);
    if (!Connection) {
        SrvLog(Server, "negotiate: no free connection");
        SrvpReplyHeader(&Reply, &Request->Header, NULL);
        SrvpSend(Server, Eth, Ipx, &Reply, SRV_SRV(SMB_ERRnoresource));
        return;
    }
    SrvpExecute(Server, Connection, Eth, Ipx, Request, Status);
}

static USHORT SrvpNext(USHORT Sequence)
{
    return Sequence == 0xFFFF ? 1 : (USHORT)(Sequence + 1);
}

/* One SMB to the server's socket. */
void SrvSmbReceive(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                   const UCHAR *Payload, ULONG Length)
{
    PSRV_CONNECTION Connection;
    SMB_REQUEST Request;
    SMB_REPLY Reply;
    NTSTATUS Status;
    USHORT Sequence;

    if (!NT_SUCCESS(SmbDecodeHeader(Payload, Length, &Request.Header)) ||
        (Request.Header.Flags & SMB_FLAGS_REPLY))
        return;                      /* not a request: nobody to answer */
    Status = SmbDecodeRequest(Payload, Length, &Request);   /* the header, whatever the rest */
    if (Request.Header.Command == SMB_COM_NEGOTIATE) {
        SrvpNegotiate(Server, Eth, Ipx, &Request, Status);
        return;
    }
    Sequence = Request.Header.SequenceNumber;
    Connection = SrvpFind(Server, &Request.Header, &Ipx->Source);
    if (!Connection) {
        SrvLog(Server, "sid %u seq %u: no such connection", Request.Header.Sid, Sequence);
        SrvpReplyHeader(&Reply, &Request.Header, NULL);
        SrvpSend(Server, Eth, Ipx, &Reply, SRV_SRV(SMB_ERRbaduid));
        return;
    }
    Connection->LastHeard = Server->Now;
    Connection->LastRequest = ++Server->Requests;
    if (Sequence != 0 && Connection->HaveReply && Sequence == Connection->Sequence) {
        SrvpResend(Server, Connection, Eth);
    } else if (Sequence != 0 && Sequence != SrvpNext(Connection->Sequence)) {
        SrvLog(Server, "sid %u seq %u: out of sequence (last %u), dropped", Connection->Sid,
               Sequence, Connection->Sequence);
    } else {
        SrvpExecute(Server, Connection, Eth, Ipx, &Request, Status);
    }
}
