/*
 * ncpcalls.c - one function per NCP call the redirector needs (interface:
 * ncpclient.h), each a request filled in and NcpTransact. Completion
 * codes become NTSTATUS in NcpMapCompletion's table, except where a call
 * gives a code its own meaning (0xFF: a wrong password at login, no more
 * files in a scan).
 */
#include <string.h>
#include "drivers/nwrdr/ncpclient.h"

static NTSTATUS NcppCall(PNCP_CONNECTION c, PNCP_REQUEST r, PNCP_REPLY Reply)
{
    return NcpTransact(c, r, Reply);
}

static VOID NcppInit(PNCP_REQUEST r, UCHAR Function, UCHAR SubFunction)
{
    memset(r, 0, sizeof(*r));
    r->Header.Function = Function;
    r->SubFunction = SubFunction;
}

NTSTATUS NcpNegotiateBuffer(PNCP_CONNECTION c, USHORT Proposed, PUSHORT Accepted)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_NEGOTIATE_BUFFER, 0);
    r.u.Negotiate.BufferSize = Proposed;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Accepted = reply.u.Negotiate.BufferSize;
    return status;
}

NTSTATUS NcpGetServerInfo(PNCP_CONNECTION c, PNCP_SERVER_INFO Info)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_GET_SERVER_INFO);
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Info = reply.u.ServerInfo;
    return status;
}

NTSTATUS NcpLogin(PNCP_CONNECTION c, PCSTR User, PCSTR Password)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_LOGIN_OBJECT);
    r.u.Login.ObjectType = 1;
    if (!NT_SUCCESS(NcpSetString(&r.u.Login.Name, User)) ||
        !NT_SUCCESS(NcpSetString(&r.u.Login.Password, Password)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    return status == STATUS_NO_SUCH_FILE ? STATUS_WRONG_PASSWORD : status;
}

NTSTATUS NcpGetVolumeNumber(PNCP_CONNECTION c, PCSTR Volume, PUCHAR Number)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_DIRECTORY_SERVICES, NCP_GET_VOLUME_NUMBER);
    if (!NT_SUCCESS(NcpSetString(&r.u.VolumeNumber.Name, Volume)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Number = reply.u.VolumeNumber.Volume;
    return status;
}

NTSTATUS NcpAllocDirHandle(PNCP_CONNECTION c, BOOLEAN Permanent, UCHAR Source, PCSTR Path,
                           PUCHAR Handle)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_DIRECTORY_SERVICES,
             Permanent ? NCP_ALLOC_PERMANENT_DIR : NCP_ALLOC_TEMPORARY_DIR);
    r.u.AllocDir.Source = Source;
    r.u.AllocDir.DriveLetter = 'X';
    if (!NT_SUCCESS(NcpSetString(&r.u.AllocDir.Path, Path)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Handle = reply.u.AllocDir.Handle;
    return status;
}

NTSTATUS NcpDeallocDirHandle(PNCP_CONNECTION c, UCHAR Handle)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_DIRECTORY_SERVICES, NCP_DEALLOC_DIR);
    r.u.DeallocDir.Handle = Handle;
    return NcppCall(c, &r, &reply);
}

NTSTATUS NcpOpenFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, UCHAR Access, PNCP_FILE_INFO Info)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_OPEN_FILE, 0);
    r.u.Open.DirHandle = Dir;
    r.u.Open.SearchAttributes = NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM;
    r.u.Open.AccessRights = Access;
    if (!NT_SUCCESS(NcpSetString(&r.u.Open.Name, Name)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Info = reply.u.File;
    return status;
}

NTSTATUS NcpCreateFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_INFO Info)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CREATE_FILE, 0);
    r.u.Create.DirHandle = Dir;
    if (!NT_SUCCESS(NcpSetString(&r.u.Create.Name, Name)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Info = reply.u.File;
    return status;
}

NTSTATUS NcpReadFile(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Offset, PVOID Buffer,
                     USHORT Count, PUSHORT Read)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_READ_FILE, 0);
    memcpy(r.u.Io.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    r.u.Io.Offset = Offset;
    r.u.Io.Count = Count;
    status = NcppCall(c, &r, &reply);
    if (!NT_SUCCESS(status))
        return status;
    if (reply.u.Read.Count > Count)
        return STATUS_INVALID_NETWORK_RESPONSE;
    memcpy(Buffer, reply.u.Read.Data, reply.u.Read.Count);
    *Read = reply.u.Read.Count;
    return STATUS_SUCCESS;
}

NTSTATUS NcpWriteFile(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Offset, const VOID *Data,
                      USHORT Count)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_WRITE_FILE, 0);
    memcpy(r.u.Io.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    r.u.Io.Offset = Offset;
    r.u.Io.Count = Count;
    r.u.Io.Data = Data;
    return NcppCall(c, &r, &reply);
}

NTSTATUS NcpCloseFile(PNCP_CONNECTION c, const UCHAR Handle[6])
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_CLOSE_FILE, 0);
    memcpy(r.u.File.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    return NcppCall(c, &r, &reply);
}

NTSTATUS NcpEraseFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_ERASE_FILE, 0);
    r.u.Open.DirHandle = Dir;
    r.u.Open.SearchAttributes = NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM;
    if (!NT_SUCCESS(NcpSetString(&r.u.Open.Name, Name)))
        return STATUS_INVALID_PARAMETER;
    return NcppCall(c, &r, &reply);
}

NTSTATUS NcpSearchInit(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path, PNCP_SEARCH Search)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_FILE_SEARCH_INIT, 0);
    r.u.SearchInit.DirHandle = Dir;
    if (!NT_SUCCESS(NcpSetString(&r.u.SearchInit.Path, Path)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status)) {
        Search->Volume = reply.u.SearchInit.Volume;
        Search->DirectoryId = reply.u.SearchInit.DirectoryId;
        Search->Sequence = reply.u.SearchInit.Sequence;
    }
    return status;
}

NTSTATUS NcpSearchNext(PNCP_CONNECTION c, PNCP_SEARCH Search, UCHAR Attributes, PCSTR Pattern,
                       PNCP_SEARCH_ENTRY Entry)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_FILE_SEARCH_CONTINUE, 0);
    r.u.SearchContinue.Volume = Search->Volume;
    r.u.SearchContinue.DirectoryId = Search->DirectoryId;
    r.u.SearchContinue.Sequence = Search->Sequence;
    r.u.SearchContinue.SearchAttributes = Attributes;
    if (!NT_SUCCESS(NcpSetString(&r.u.SearchContinue.Pattern, Pattern)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (status == STATUS_NO_SUCH_FILE)
        return STATUS_NO_MORE_FILES;
    if (NT_SUCCESS(status)) {
        *Entry = reply.u.SearchEntry;
        Search->Sequence = reply.u.SearchEntry.Sequence;
    }
    return status;
}

NTSTATUS NcpEndOfJob(PNCP_CONNECTION c)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_END_OF_JOB, 0);
    return NcppCall(c, &r, &reply);
}

NTSTATUS NcpLogout(PNCP_CONNECTION c)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_LOGOUT, 0);
    return NcppCall(c, &r, &reply);
}
