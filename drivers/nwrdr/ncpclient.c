/*
 * ncpclient.c - NCP connections and the request/reply exchange (interface:
 * ncpclient.h). Everything goes through \Device\Ipx with native calls in
 * their Zw form, on sockets opened as kernel handles: the client works for
 * itself, whichever process's request it is serving (ex/zw.h).
 * IOCTL_IPX_TRANSACT posts the receive for the reply before the request
 * leaves, so neither a fast reply (rr) nor the scheduler's delivery (pct)
 * can miss it; the match is the server's IPX address and the NCP sequence
 * and connection (never the Ethernet source, never the task byte).
 *
 * NCP_CONNECTION.Lock (a mutex) is held for a whole exchange and guards
 * Sequence, Task, Status, Dead and the two frame buffers.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "ex/zw.h"
#include "io/io.h"
#include "drivers/nwrdr/ncpclient.h"

#define NCP_TAG             POOL_TAG('N', 'c', 'p', 'C')
#define NCP_SAP_WAIT_MS     1000

struct _NCP_CONNECTION {
    KMUTEX Lock;                    /* LockRankNcpConnection: one exchange; NwrData.Lock
                                       is never held across it */
    HANDLE Socket;                  /* \Device\Ipx\0, a kernel handle */
    IPX_ADDRESS Server;
    USHORT Number;
    UCHAR Sequence, Task, Status;
    BOOLEAN Dead;
    NCP_CLIENT_STATISTICS Stats;
    UCHAR Out[sizeof(IPX_TRANSACT) + IPX_MAX_DATA];
    UCHAR In[sizeof(IPX_DATAGRAM) + IPX_MAX_DATA];
};

static const struct {
    UCHAR Code;
    NTSTATUS Status;
} NcpCompletionTable[] = {
    { NCP_OK,                    STATUS_SUCCESS },
    { NCP_E_NO_SPACE,            STATUS_DISK_FULL },
    { NCP_E_BOUNDARY,            STATUS_INVALID_PARAMETER },
    { NCP_E_OUT_OF_HANDLES,      STATUS_INSUFFICIENT_RESOURCES },
    { NCP_E_IO,                  STATUS_UNEXPECTED_NETWORK_ERROR },
    { NCP_E_NO_CREATE,           STATUS_ACCESS_DENIED },
    { NCP_E_INVALID_HANDLE,      STATUS_INVALID_HANDLE },
    { NCP_E_NO_DELETE,           STATUS_ACCESS_DENIED },
    { NCP_E_NO_RENAME,           STATUS_ACCESS_DENIED },
    { NCP_E_SOME_IN_USE,         STATUS_SHARING_VIOLATION },
    { NCP_E_ALL_IN_USE,          STATUS_SHARING_VIOLATION },
    { NCP_E_NO_READ,             STATUS_ACCESS_DENIED },
    { NCP_E_ALL_NAMES_EXIST,     STATUS_OBJECT_NAME_COLLISION },
    { NCP_E_NO_WRITE,            STATUS_ACCESS_DENIED },
    { NCP_E_NO_VOLUME,           STATUS_BAD_NETWORK_NAME },
    { NCP_E_CROSS_VOLUME,        STATUS_NOT_SAME_DEVICE },
    { NCP_E_BAD_DIR_HANDLE,      STATUS_INVALID_HANDLE },
    { NCP_E_INVALID_PATH,        STATUS_OBJECT_PATH_NOT_FOUND },
    { NCP_E_NO_DIR_HANDLES,      STATUS_INSUFFICIENT_RESOURCES },
    { NCP_E_DIRECTORY_IN_USE,    STATUS_SHARING_VIOLATION },
    { NCP_E_DIRECTORY_NOT_EMPTY, STATUS_DIRECTORY_NOT_EMPTY },
    { NCP_E_INTRUDER_LOCKOUT,    STATUS_ACCOUNT_LOCKED_OUT },
    { NCP_E_NO_CONSOLE_RIGHTS,   STATUS_ACCESS_DENIED },
    { NCP_E_UNENCRYPTED_REFUSED, STATUS_LOGON_FAILURE },
    { NCP_E_BAD_PASSWORD,        STATUS_WRONG_PASSWORD },
    { NCP_E_NO_CONNECTION_SLOTS, STATUS_REQUEST_NOT_ACCEPTED },
    { NCP_E_BAD_REQUEST,         STATUS_NOT_SUPPORTED },
    /* No such bindery object: the only objects the client asks for are users. */
    { NCP_E_NO_SUCH_OBJECT,      STATUS_NO_SUCH_USER },
    { NCP_E_BAD_STATION,         STATUS_INVALID_PARAMETER },
    { NCP_E_FAILURE,             STATUS_NO_SUCH_FILE },
};

NTSTATUS NcpMapCompletion(UCHAR CompletionCode)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(NcpCompletionTable); i++) {
        if (NcpCompletionTable[i].Code == CompletionCode)
            return NcpCompletionTable[i].Status;
    }
    return STATUS_UNEXPECTED_NETWORK_ERROR;
}

/* A dynamic IPX socket, as every connection has: the kernel's, valid in
   any process's context and closed by no process's exit. */
NTSTATUS NcpOpenSocket(PHANDLE Socket)
{
    static CHAR text[] = IPX_DEVICE_NAME "\\0";
    STRING name = { sizeof(text) - 1, sizeof(text) - 1, text };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwCreateFile(Socket, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
}

static NTSTATUS NcppControl(HANDLE Socket, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
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

/* SAP: the nearest file server (Name NULL) or the one called Name. */
NTSTATUS NcpFindServer(PCSTR Name, PSAP_ENTRY Server)
{
    IPX_SAP_QUERY q = { Name ? SAP_GENERAL_QUERY : SAP_NEAREST_QUERY, SAP_TYPE_FILE_SERVER,
                        NCP_SAP_WAIT_MS };
    IPX_SAP_RESULT r;
    HANDLE socket;
    NTSTATUS status = NcpOpenSocket(&socket);
    ULONG i;

    if (!NT_SUCCESS(status))
        return status;
    status = NcppControl(socket, IOCTL_IPX_SAP_QUERY, &q, sizeof(q), &r, sizeof(r), NULL);
    ZwClose(socket);
    if (status == STATUS_IO_TIMEOUT)
        return STATUS_BAD_NETWORK_PATH;
    if (!NT_SUCCESS(status))
        return status;
    for (i = 0; i < r.Count; i++) {
        if (Name == NULL || strcmp(r.Entries[i].Name, Name) == 0) {
            *Server = r.Entries[i];
            return STATUS_SUCCESS;
        }
    }
    return STATUS_BAD_NETWORK_PATH;
}

/* RIP: the route to Network (IPX keeps the next hop's station for sends
   there). STATUS_BAD_NETWORK_PATH when no router answers. */
NTSTATUS NcpFindRoute(ULONG Network, PRIP_ENTRY Route)
{
    IPX_RIP_QUERY q = { Network, NCP_SAP_WAIT_MS };
    HANDLE socket;
    NTSTATUS status = NcpOpenSocket(&socket);

    if (!NT_SUCCESS(status))
        return status;
    status = NcppControl(socket, IOCTL_IPX_RIP_REQUEST, &q, sizeof(q), Route, sizeof(*Route),
                         NULL);
    ZwClose(socket);
    return status == STATUS_IO_TIMEOUT ? STATUS_BAD_NETWORK_PATH : status;
}

/* What answers a request: from the server, with its sequence and
   connection (the type is checked after: a reply or a busy ack). */
static VOID NcppMatch(PNCP_CONNECTION c, const NCP_REQUEST_HEADER *h, PIPX_RECEIVE r,
                      ULONG Flags)
{
    static const UCHAR requestMask[6] = { 0, 0, 0xFF, 0xFF, 0, 0xFF };
    static const UCHAR createMask[6] = { 0xFF, 0xFF, 0xFF, 0, 0, 0 };

    memset(r, 0, sizeof(*r));
    r->TimeoutMs = NCP_RETRY_MS;
    r->Match.Flags = IPX_MATCH_NETWORK | IPX_MATCH_NODE | IPX_MATCH_SOCKET | Flags;
    r->Match.From = c->Server;
    r->Match.PatternLength = 6;
    r->Match.Pattern[0] = NCP_TYPE_REPLY >> 8;
    r->Match.Pattern[1] = NCP_TYPE_REPLY & 0xFF;
    r->Match.Pattern[2] = h->Sequence;
    r->Match.Pattern[3] = h->Connection & 0xFF;
    r->Match.Pattern[5] = h->Connection >> 8;
    memcpy(r->Match.Mask, h->Type == NCP_TYPE_CREATE ? createMask : requestMask, 6);
    for (int i = 0; i < 6; i++)
        r->Match.Pattern[i] &= r->Match.Mask[i];
}

/*
 * A request that gives back something the server holds for us - a file or
 * directory handle, the job's files, the login, the connection itself -
 * runs where nobody can be told it failed (CLEANUP, a context's end) and
 * must not be lost for want of pool, or the server keeps the handle or the
 * connection slot until it restarts. Like the I/O manager's CLEANUP and
 * CLOSE IRPs (irp.c), its IPX transaction is asked for again after a pause
 * while the pool says no. Every other request fails with
 * STATUS_INSUFFICIENT_RESOURCES, as NT's redirectors answer then.
 */
static BOOLEAN NcppMustSucceed(const NCP_REQUEST *r)
{
    if (r->Header.Type == NCP_TYPE_DESTROY)
        return TRUE;
    if (r->Header.Function == NCP_DIRECTORY_SERVICES)
        return r->SubFunction == NCP_DEALLOC_DIR;
    return r->Header.Function == NCP_CLOSE_FILE || r->Header.Function == NCP_END_OF_JOB ||
           r->Header.Function == NCP_LOGOUT;
}

/* A transaction or a receive on the connection's socket, the answer in
   c->In; asked for again while the pool says no when MustSucceed. */
static NTSTATUS NcppSocketCall(PNCP_CONNECTION c, ULONG Code, PVOID In, ULONG InLength,
                               BOOLEAN MustSucceed, PULONG Returned)
{
    LONG64 pause = -(LONG64)KTIME_PER_MS;
    NTSTATUS status;

    for (;;) {
        status = NcppControl(c->Socket, Code, In, InLength, c->In, sizeof(c->In), Returned);
        if (status != STATUS_INSUFFICIENT_RESOURCES || !MustSucceed)
            return status;
        KeDelayExecutionThread(KernelMode, FALSE, &pause);
    }
}

/* Under c->Lock: sends the encoded request (Length bytes after the
   IPX_TRANSACT) until a reply comes; *Data and *DataLength get its NCP bytes. */
static NTSTATUS NcppExchange(PNCP_CONNECTION c, const NCP_REQUEST *r, ULONG Length,
                             const UCHAR **Data, PULONG DataLength)
{
    const NCP_REQUEST_HEADER *h = &r->Header;
    BOOLEAN mustSucceed = NcppMustSucceed(r);
    PIPX_TRANSACT t = (PIPX_TRANSACT)c->Out;
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)c->In;
    ULONG tries = 0, busy = 0, returned;
    NCP_REPLY_HEADER reply;
    NTSTATUS status;

    NcppMatch(c, h, &t->Receive, 0);
    t->Send.Remote = c->Server;
    t->Send.PacketType = IPX_TYPE_NCP;
    t->Send.DataLength = Length;
    c->Stats.Requests++;
    status = NcppSocketCall(c, IOCTL_IPX_TRANSACT, t, sizeof(*t) + Length, mustSucceed,
                            &returned);
    for (;;) {
        if (status == STATUS_IO_TIMEOUT) {
            if (++tries == NCP_MAX_TRIES)
                return STATUS_IO_TIMEOUT;
            c->Stats.Retransmissions++;
            status = NcppSocketCall(c, IOCTL_IPX_TRANSACT, t, sizeof(*t) + Length, mustSucceed,
                                    &returned);
            continue;
        }
        if (!NT_SUCCESS(status))
            return status;
        if (returned < sizeof(*d) || d->DataLength > returned - sizeof(*d) ||
            !NT_SUCCESS(NcpDecodeReplyHeader((PUCHAR)(d + 1), d->DataLength, &reply)))
            return STATUS_INVALID_NETWORK_RESPONSE;
        if (reply.Type == NCP_TYPE_REPLY) {
            *Data = (PUCHAR)(d + 1);
            *DataLength = d->DataLength;
            return STATUS_SUCCESS;
        }
        if (reply.Type == NCP_TYPE_BUSY) {
            if (++busy > NCP_MAX_BUSY)
                return STATUS_NETWORK_BUSY;
            c->Stats.BusyReplies++;
        } else {
            c->Stats.StrayReplies++;
        }
        /* Keep waiting, without a frame owed: the time-out may decide. */
        status = NcppSocketCall(c, IOCTL_IPX_RECEIVE, &t->Receive, sizeof(t->Receive),
                                mustSucceed, &returned);
    }
}

static VOID NcppLock(PNCP_CONNECTION c)
{
    KeWaitForSingleObject(&c->Lock, Executive, KernelMode, FALSE, NULL);
}

NTSTATUS NcpTransact(PNCP_CONNECTION c, PNCP_REQUEST Request, PNCP_REPLY Reply)
{
    PUCHAR payload = c->Out + sizeof(IPX_TRANSACT);
    const UCHAR *data;
    ULONG length, dataLength;
    NTSTATUS status;

    NcppLock(c);
    if (c->Dead) {
        KeReleaseMutex(&c->Lock, FALSE);
        return STATUS_CONNECTION_DISCONNECTED;
    }
    Request->Header.Type = NCP_TYPE_REQUEST;
    Request->Header.Sequence = (UCHAR)(c->Sequence + 1);
    Request->Header.Connection = c->Number;
    Request->Header.Task = c->Task;
    status = NcpEncodeRequest(payload, IPX_MAX_DATA, Request, &length);
    if (NT_SUCCESS(status))
        status = NcppExchange(c, Request, length, &data, &dataLength);
    if (NT_SUCCESS(status)) {
        c->Sequence++;
        status = NcpDecodeReply(data, dataLength, Request, Reply);
    }
    if (NT_SUCCESS(status)) {
        c->Status = Reply->Header.ConnectionStatus;
        if (c->Status & NCP_STATUS_DEAD)
            c->Dead = TRUE;
        status = c->Dead ? STATUS_CONNECTION_DISCONNECTED
                         : NcpMapCompletion(Reply->Header.CompletionCode);
    }
    KeReleaseMutex(&c->Lock, FALSE);
    return status;
}

/* 0x1111 or 0x5555: the header alone (plus the epoch on a create). */
static NTSTATUS NcppService(PNCP_CONNECTION c, USHORT Type, ULONG Epoch)
{
    NCP_REQUEST request = { .Header = { Type, 0, c->Number, c->Task, 0 } };
    PUCHAR payload = c->Out + sizeof(IPX_TRANSACT);
    NCP_REPLY_HEADER reply;
    const UCHAR *data;
    ULONG length, dataLength;
    NTSTATUS status;

    if (Type == NCP_TYPE_CREATE) {
        request.Header.Connection = NCP_NO_CONNECTION;
        request.u.Connect.Epoch = Epoch;
        request.u.Connect.Present = Epoch != 0;
    } else {
        request.Header.Sequence = (UCHAR)(c->Sequence + 1);
    }
    status = NcpEncodeRequest(payload, IPX_MAX_DATA, &request, &length);
    if (NT_SUCCESS(status))
        status = NcppExchange(c, &request, length, &data, &dataLength);
    if (NT_SUCCESS(status))
        status = NcpDecodeReplyHeader(data, dataLength, &reply);
    if (NT_SUCCESS(status) && Type == NCP_TYPE_CREATE)
        c->Number = reply.Connection;
    if (!NT_SUCCESS(status))
        return status;
    /* A destroy of a connection the server no longer has (it restarted). */
    if (Type == NCP_TYPE_DESTROY && (reply.ConnectionStatus & NCP_STATUS_DEAD))
        return STATUS_CONNECTION_DISCONNECTED;
    return NcpMapCompletion(reply.CompletionCode);
}

NTSTATUS NcpConnect(const IPX_ADDRESS *Server, ULONG Epoch, PNCP_CONNECTION *Connection)
{
    PNCP_CONNECTION c = ExAllocatePoolWithTag(NonPagedPool, sizeof(*c), NCP_TAG);
    NTSTATUS status;

    if (c == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(c, 0, sizeof(*c));
    KeInitializeMutex(&c->Lock, LockRankNcpConnection, "NCP_CONNECTION.Lock");
    c->Server = *Server;
    c->Task = 1;
    status = NcpOpenSocket(&c->Socket);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(c, NCP_TAG);
        return status;
    }
    status = NcppService(c, NCP_TYPE_CREATE, Epoch);
    if (!NT_SUCCESS(status)) {
        ZwClose(c->Socket);
        ExFreePoolWithTag(c, NCP_TAG);
        return status == STATUS_IO_TIMEOUT ? STATUS_BAD_NETWORK_PATH : status;
    }
    *Connection = c;
    return STATUS_SUCCESS;
}

/* 0x5555 unless the connection is dead already; from then on it is dead:
   every call is STATUS_CONNECTION_DISCONNECTED, and nothing is freed. */
NTSTATUS NcpShutdown(PNCP_CONNECTION c)
{
    NTSTATUS status = STATUS_SUCCESS;

    NcppLock(c);
    if (!c->Dead)
        status = NcppService(c, NCP_TYPE_DESTROY, 0);
    c->Dead = TRUE;
    KeReleaseMutex(&c->Lock, FALSE);
    return status;
}

/* The connection is given up without a word on the wire (its server has
   stopped answering): dead from now on, and NcpDisconnect sends nothing. */
VOID NcpAbandon(PNCP_CONNECTION c)
{
    NcppLock(c);
    c->Dead = TRUE;
    KeReleaseMutex(&c->Lock, FALSE);
}

NTSTATUS NcpDisconnect(PNCP_CONNECTION c)
{
    NTSTATUS status = NcpShutdown(c);

    ZwClose(c->Socket);
    ExFreePoolWithTag(c, NCP_TAG);
    return status;
}

/* ncpserv's control reset: a new epoch, the volumes restored; Key is the
   one the harness gave ncpserv with --control-key. */
NTSTATUS NcpResetServer(const IPX_ADDRESS *Server, ULONG Epoch,
                        const UCHAR Key[NCP_CONTROL_KEY_LENGTH])
{
    UCHAR buffer[sizeof(IPX_TRANSACT) + NCP_CONTROL_LENGTH];
    UCHAR answer[sizeof(IPX_DATAGRAM) + 64];
    PIPX_TRANSACT t = (PIPX_TRANSACT)buffer;
    NCP_CONTROL control = { NCP_CONTROL_RESET, 0, Epoch, { 0 } };
    HANDLE socket;
    NTSTATUS status;

    memcpy(control.Key, Key, NCP_CONTROL_KEY_LENGTH);
    memset(t, 0, sizeof(*t));
    t->Receive.TimeoutMs = 2000;
    t->Receive.Match.Flags = IPX_MATCH_NODE | IPX_MATCH_SOCKET;
    t->Receive.Match.From = *Server;
    t->Receive.Match.From.Socket = NCP_CONTROL_SOCKET;
    t->Receive.Match.PatternOffset = 4;
    t->Receive.Match.PatternLength = 2;
    t->Receive.Match.Pattern[0] = NCP_CONTROL_RESET | NCP_CONTROL_REPLY;
    memset(t->Receive.Match.Mask, 0xFF, 2);
    t->Send.Remote = t->Receive.Match.From;
    status = NcpEncodeControl(buffer + sizeof(*t), NCP_CONTROL_LENGTH, &control,
                              &t->Send.DataLength);
    if (NT_SUCCESS(status))
        status = NcpOpenSocket(&socket);
    if (!NT_SUCCESS(status))
        return status;
    status = NcppControl(socket, IOCTL_IPX_TRANSACT, buffer, sizeof(buffer), answer,
                         sizeof(answer), NULL);
    ZwClose(socket);
    return status;
}

UCHAR NcpConnectionTask(PNCP_CONNECTION c)
{
    return c->Task;
}

USHORT NcpConnectionNumber(PNCP_CONNECTION c)
{
    return c->Number;
}

UCHAR NcpConnectionStatus(PNCP_CONNECTION c)
{
    return c->Status;
}

VOID NcpSetTask(PNCP_CONNECTION c, UCHAR Task)
{
    NcppLock(c);
    c->Task = Task;
    KeReleaseMutex(&c->Lock, FALSE);
}

VOID NcpQueryStatistics(PNCP_CONNECTION c, PNCP_CLIENT_STATISTICS Statistics)
{
    *Statistics = c->Stats;
}
