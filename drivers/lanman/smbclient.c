/*
 * smbclient.c - SMB connections over direct hosting and the request/reply
 * exchange (interface: smbclient.h). As the NCP client does (ncpclient.c),
 * everything goes through \Device\Ipx with native calls in their Zw form,
 * on sockets opened as kernel handles, and every exchange is one
 * IOCTL_IPX_TRANSACT: the receive for the reply is posted before the
 * request leaves, so that neither a fast reply (rr) nor the scheduler's
 * delivery (pct, where IPX is the schedule source and the transact the
 * frame owed) can miss it, and two boots of one seed put the same frames
 * on the wire. The match is the server's IPX address, the Pid and the Mid
 * (never the Ethernet source); the command, the reply flag and the
 * sequence number are checked once the header is decoded.
 *
 * SMB_CONNECTION.Lock (a mutex) is held for a whole exchange and guards
 * Sequence, Mid, Uid, Dead, the statistics and the two frame buffers.
 */
#include <string.h>
#include "ex/ex.h"
#include "ex/zw.h"
#include "io/io.h"
#include "drivers/lanman/smbclient.h"
#include "drivers/nwrdr/ncpclient.h"   /* NcpOpenSocket: a kernel-handle IPX socket */

#define SMB_TAG             POOL_TAG('S', 'm', 'b', 'C')
#define SMB_PID             1       /* the redirector's: one process to the server */
#define SMB_PID_OFFSET      26      /* Pid, Uid, Mid: the header's last 6 bytes */
#define SMB_NAME_OFFSET     SMB_NAME_ROUTE_LENGTH   /* NMPI: opcode, type, id */
#define SMB_NAME_MESSAGE_ID 0x0101

struct _SMB_CONNECTION {
    KMUTEX Lock;                    /* LockRankSmbConnection: one exchange */
    HANDLE Socket;                  /* \Device\Ipx\0, a kernel handle */
    IPX_ADDRESS Server;
    ULONG Key;                      /* NEGOTIATE's, for every later request */
    USHORT Sid;
    USHORT Sequence;                /* the last sequenced request's */
    USHORT Mid, Uid;
    BOOLEAN Dead;
    SMB_SERVER_INFO Info;
    SMB_CLIENT_STATISTICS Stats;
    UCHAR Out[sizeof(IPX_TRANSACT) + IPX_MAX_DATA];
    UCHAR In[sizeof(IPX_DATAGRAM) + IPX_MAX_DATA];
};

static const PCSTR SmbpDialects[] = { SMB_DIALECT_CORE, SMB_DIALECT_LANMAN };

static NTSTATUS SmbpControl(HANDLE Socket, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                            ULONG OutLength, PULONG Returned)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = ZwDeviceIoControlFile(Socket, NULL, NULL, NULL, &iosb, Code, In, InLength,
                                            Out, OutLength);

    if (NT_SUCCESS(status))
        status = iosb.Status;
    if (Returned != NULL)
        *Returned = (ULONG)iosb.Information;
    return status;
}

/* The name query for Name<20>, and the receive its "name found" answers. */
static NTSTATUS SmbpNameQuery(PCSTR Name, PIPX_TRANSACT t, PSMB_NAME_MESSAGE Query)
{
    static const UCHAR mask[4] = { 0xFF, 0, 0xFF, 0xFF };    /* opcode, id: not the type */

    memset(Query, 0, sizeof(*Query));
    Query->Opcode = SMB_NAME_QUERY;
    Query->NameType = SMB_NAME_MACHINE;
    Query->MessageId = SMB_NAME_MESSAGE_ID;
    if (!NT_SUCCESS(SmbSetNetbiosName(Query->Name, Name, SMB_SUFFIX_SERVER)) ||
        !NT_SUCCESS(SmbSetNetbiosName(Query->SourceName, "IRPLAB", SMB_SUFFIX_WORKSTATION)))
        return STATUS_INVALID_PARAMETER;
    memset(t, 0, sizeof(*t));
    t->Receive.TimeoutMs = SMB_NAME_WAIT_MS;
    t->Receive.Match.Flags = IPX_MATCH_SOCKET;
    t->Receive.Match.From.Socket = SMB_SOCKET_NAME;
    t->Receive.Match.PatternOffset = SMB_NAME_OFFSET;
    t->Receive.Match.PatternLength = 4;
    t->Receive.Match.Pattern[0] = SMB_NAME_FOUND;
    t->Receive.Match.Pattern[2] = SMB_NAME_MESSAGE_ID & 0xFF;
    t->Receive.Match.Pattern[3] = SMB_NAME_MESSAGE_ID >> 8;
    memcpy(t->Receive.Match.Mask, mask, sizeof(mask));
    memset(t->Send.Remote.Node, 0xFF, 6);
    t->Send.Remote.Socket = SMB_SOCKET_NAME;
    t->Send.PacketType = SMB_IPX_TYPE;
    return STATUS_SUCCESS;
}

/* NMPI: who has Name<20>? The answer comes from the server's own address. */
NTSTATUS SmbFindServer(PCSTR Name, PIPX_ADDRESS Server)
{
    UCHAR buffer[sizeof(IPX_TRANSACT) + SMB_NAME_MESSAGE_LENGTH];
    UCHAR answer[sizeof(IPX_DATAGRAM) + SMB_NAME_MESSAGE_LENGTH];
    PIPX_TRANSACT t = (PIPX_TRANSACT)buffer;
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)answer;
    SMB_NAME_MESSAGE query, found;
    HANDLE socket;
    NTSTATUS status = SmbpNameQuery(Name, t, &query);

    if (NT_SUCCESS(status))
        status = SmbEncodeName(buffer + sizeof(*t), SMB_NAME_MESSAGE_LENGTH, &query,
                               &t->Send.DataLength);
    if (NT_SUCCESS(status))
        status = NcpOpenSocket(&socket);
    if (!NT_SUCCESS(status))
        return status;
    status = SmbpControl(socket, IOCTL_IPX_TRANSACT, buffer, sizeof(buffer), answer,
                         sizeof(answer), NULL);
    ZwClose(socket);
    if (status == STATUS_IO_TIMEOUT)
        return STATUS_BAD_NETWORK_PATH;
    if (NT_SUCCESS(status) &&
        (!NT_SUCCESS(SmbDecodeName(answer + sizeof(*d), d->DataLength, &found)) ||
         memcmp(found.Name, query.Name, SMB_NETBIOS_NAME_LENGTH) != 0))
        status = STATUS_BAD_NETWORK_PATH;
    if (NT_SUCCESS(status)) {
        *Server = d->Remote;
        Server->Socket = SMB_SOCKET_SERVER;
    }
    return status;
}

/* What answers request h: from the server, with its Pid and Mid. */
static VOID SmbpMatch(PSMB_CONNECTION c, const SMB_HEADER *h, PIPX_RECEIVE r)
{
    static const UCHAR mask[6] = { 0xFF, 0xFF, 0, 0, 0xFF, 0xFF };

    memset(r, 0, sizeof(*r));
    r->TimeoutMs = SMB_RETRY_MS;
    r->Match.Flags = IPX_MATCH_NETWORK | IPX_MATCH_NODE | IPX_MATCH_SOCKET;
    r->Match.From = c->Server;
    r->Match.PatternOffset = SMB_PID_OFFSET;
    r->Match.PatternLength = 6;
    r->Match.Pattern[0] = h->Pid & 0xFF;
    r->Match.Pattern[1] = h->Pid >> 8;
    r->Match.Pattern[4] = h->Mid & 0xFF;
    r->Match.Pattern[5] = h->Mid >> 8;
    memcpy(r->Match.Mask, mask, sizeof(mask));
}

/*
 * A request that gives back what the server holds for us - a file, a
 * tree, the logon - runs where nobody can be told it failed (CLEANUP, a
 * context's end) and must not be lost for want of pool, or the server
 * keeps it until it restarts. As the NCP client does (NcppMustSucceed),
 * its IPX transaction is asked for again after a pause while the pool
 * says no; every other request fails with STATUS_INSUFFICIENT_RESOURCES.
 */
static BOOLEAN SmbpMustSucceed(UCHAR Command)
{
    return Command == SMB_COM_CLOSE || Command == SMB_COM_TREE_DISCONNECT ||
           Command == SMB_COM_LOGOFF_ANDX;
}

/* A transaction or a receive on the connection's socket, the answer in
   c->In; asked for again while the pool says no when MustSucceed. */
static NTSTATUS SmbpSocketCall(PSMB_CONNECTION c, ULONG Code, PVOID In, ULONG InLength,
                               BOOLEAN MustSucceed, PULONG Returned)
{
    LONG64 pause = -(LONG64)KTIME_PER_MS;
    NTSTATUS status;

    for (;;) {
        status = SmbpControl(c->Socket, Code, In, InLength, c->In, sizeof(c->In), Returned);
        if (status != STATUS_INSUFFICIENT_RESOURCES || !MustSucceed)
            return status;
        KeDelayExecutionThread(KernelMode, FALSE, &pause);
    }
}

/* Is the datagram in c->In (Returned bytes) the reply to h? */
static BOOLEAN SmbpIsReply(PSMB_CONNECTION c, const SMB_HEADER *h, ULONG Returned)
{
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)c->In;
    SMB_HEADER reply;

    return Returned >= sizeof(*d) && d->DataLength <= Returned - sizeof(*d) &&
           NT_SUCCESS(SmbDecodeHeader((PUCHAR)(d + 1), d->DataLength, &reply)) &&
           (reply.Flags & SMB_FLAGS_REPLY) && reply.Command == h->Command &&
           reply.SequenceNumber == h->SequenceNumber;
}

/* Under c->Lock: sends the encoded request (Length bytes after the
   IPX_TRANSACT) until its reply comes, the same bytes each time. */
static NTSTATUS SmbpExchange(PSMB_CONNECTION c, const SMB_HEADER *h, ULONG Length)
{
    BOOLEAN mustSucceed = SmbpMustSucceed(h->Command);
    PIPX_TRANSACT t = (PIPX_TRANSACT)c->Out;
    ULONG tries = 0, returned;
    NTSTATUS status;

    SmbpMatch(c, h, &t->Receive);
    t->Send.Remote = c->Server;
    t->Send.PacketType = SMB_IPX_TYPE;
    t->Send.DataLength = Length;
    c->Stats.Requests++;
    status = SmbpSocketCall(c, IOCTL_IPX_TRANSACT, t, sizeof(*t) + Length, mustSucceed,
                            &returned);
    for (;;) {
        if (status == STATUS_IO_TIMEOUT) {
            if (++tries == SMB_MAX_TRIES)
                return STATUS_IO_TIMEOUT;
            c->Stats.Retransmissions++;
            status = SmbpSocketCall(c, IOCTL_IPX_TRANSACT, t, sizeof(*t) + Length, mustSucceed,
                                    &returned);
            continue;
        }
        if (!NT_SUCCESS(status) || SmbpIsReply(c, h, returned))
            return status;
        c->Stats.StrayReplies++;
        /* Keep waiting, without a frame owed: the time-out may decide. */
        status = SmbpSocketCall(c, IOCTL_IPX_RECEIVE, &t->Receive, sizeof(t->Receive),
                                mustSucceed, &returned);
    }
}

static VOID SmbpLock(PSMB_CONNECTION c)
{
    KeWaitForSingleObject(&c->Lock, Executive, KernelMode, FALSE, NULL);
}

/* Under c->Lock: the connection's fields of the header. NEGOTIATE and ECHO
   are unsequenced (0); the request after sequence S carries S + 1, 0xFFFF
   followed by 1. */
static VOID SmbpFillHeader(PSMB_CONNECTION c, PSMB_HEADER h)
{
    BOOLEAN sequenced = h->Command != SMB_COM_NEGOTIATE && h->Command != SMB_COM_ECHO;

    h->Flags = SMB_FLAGS_CASELESS;
    h->Key = c->Key;
    h->Sid = c->Sid;
    h->SequenceNumber = 0;
    if (sequenced)
        h->SequenceNumber = c->Sequence == 0xFFFF ? 1 : (USHORT)(c->Sequence + 1);
    h->Uid = c->Uid;
    h->Pid = SMB_PID;
    c->Mid = c->Mid >= 0xFFFE ? 1 : (USHORT)(c->Mid + 1);    /* 0xFFFF: the server's */
    h->Mid = c->Mid;
}

/* Under c->Lock: what a successful reply changes in the connection. */
static VOID SmbpAccept(PSMB_CONNECTION c, const SMB_HEADER *Request, const SMB_REPLY *Reply)
{
    if (Request->SequenceNumber != 0)
        c->Sequence = Request->SequenceNumber;
    if (Reply->Header.ErrorClass != SMB_SUCCESS)
        return;
    if (Request->Command == SMB_COM_SESSION_SETUP_ANDX)
        c->Uid = Reply->Header.Uid;
    else if (Request->Command == SMB_COM_LOGOFF_ANDX)
        c->Uid = 0;
}

NTSTATUS SmbTransact(PSMB_CONNECTION c, PSMB_REQUEST Request, PSMB_REPLY Reply)
{
    PUCHAR payload = c->Out + sizeof(IPX_TRANSACT);
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)c->In;
    ULONG length;
    NTSTATUS status;

    SmbpLock(c);
    if (c->Dead) {
        KeReleaseMutex(&c->Lock, FALSE);
        return STATUS_CONNECTION_DISCONNECTED;
    }
    SmbpFillHeader(c, &Request->Header);
    status = SmbEncodeRequest(payload, IPX_MAX_DATA, Request, &length);
    if (NT_SUCCESS(status))
        status = SmbpExchange(c, &Request->Header, length);
    if (status == STATUS_IO_TIMEOUT)
        c->Dead = TRUE;
    if (NT_SUCCESS(status))
        status = SmbDecodeReply((PUCHAR)(d + 1), d->DataLength, Reply);
    if (NT_SUCCESS(status)) {
        SmbpAccept(c, &Request->Header, Reply);
        status = SmbErrorToStatus(Reply->Header.ErrorClass, Reply->Header.Error);
    }
    KeReleaseMutex(&c->Lock, FALSE);
    return status;
}

/* NEGOTIATE: the dialect, and the Sid and Key every later request carries. */
static NTSTATUS SmbpNegotiate(PSMB_CONNECTION c)
{
    SMB_REQUEST r = { .Header.Command = SMB_COM_NEGOTIATE };
    SMB_REPLY reply;
    NTSTATUS status;
    ULONG i;

    r.u.Negotiate.DialectCount = ARRAYSIZE(SmbpDialects);
    for (i = 0; i < ARRAYSIZE(SmbpDialects); i++)
        strcpy(r.u.Negotiate.Dialects[i], SmbpDialects[i]);
    status = SmbTransact(c, &r, &reply);
    if (!NT_SUCCESS(status))
        return status;
    if (reply.u.Negotiate.DialectIndex >= ARRAYSIZE(SmbpDialects))
        return STATUS_NOT_SUPPORTED;
    c->Key = reply.Header.Key;
    c->Sid = reply.Header.Sid;
    strcpy(c->Info.Dialect, SmbpDialects[reply.u.Negotiate.DialectIndex]);
    if (reply.u.Negotiate.LanMan) {
        c->Info.SecurityMode = reply.u.Negotiate.SecurityMode;
        c->Info.MaxBufferSize = reply.u.Negotiate.MaxBufferSize;
        c->Info.SessionKey = reply.u.Negotiate.SessionKey;
    }
    return STATUS_SUCCESS;
}

NTSTATUS SmbConnect(const IPX_ADDRESS *Server, PSMB_CONNECTION *Connection)
{
    PSMB_CONNECTION c = ExAllocatePoolWithTag(NonPagedPool, sizeof(*c), SMB_TAG);
    NTSTATUS status;

    if (c == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(c, 0, sizeof(*c));
    KeInitializeMutex(&c->Lock, LockRankSmbConnection, "SMB_CONNECTION.Lock");
    c->Server = *Server;
    status = NcpOpenSocket(&c->Socket);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(c, SMB_TAG);
        return status;
    }
    status = SmbpNegotiate(c);
    if (!NT_SUCCESS(status)) {
        ZwClose(c->Socket);
        ExFreePoolWithTag(c, SMB_TAG);
        return status == STATUS_IO_TIMEOUT ? STATUS_BAD_NETWORK_PATH : status;
    }
    *Connection = c;
    return STATUS_SUCCESS;
}

/* The connection is given up (its server has stopped answering): every
   call is STATUS_CONNECTION_DISCONNECTED from now on. */
VOID SmbAbandon(PSMB_CONNECTION c)
{
    SmbpLock(c);
    c->Dead = TRUE;
    KeReleaseMutex(&c->Lock, FALSE);
}

VOID SmbDisconnect(PSMB_CONNECTION c)
{
    ZwClose(c->Socket);
    ExFreePoolWithTag(c, SMB_TAG);
}

VOID SmbQueryServer(PSMB_CONNECTION c, PSMB_SERVER_INFO Info)
{
    *Info = c->Info;
}

VOID SmbQueryStatistics(PSMB_CONNECTION c, PSMB_CLIENT_STATISTICS Statistics)
{
    SmbpLock(c);
    *Statistics = c->Stats;
    KeReleaseMutex(&c->Lock, FALSE);
}
