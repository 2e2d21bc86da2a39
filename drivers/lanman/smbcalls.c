/*
 * smbcalls.c - one function per SMB command the redirector needs
 * (interface: smbclient.h), each a request filled in and SmbTransact.
 * Errors are SmbErrorToStatus's; the calls add only what the codec cannot
 * know: a reply that claims more than was asked for is
 * STATUS_INVALID_NETWORK_RESPONSE, and a name too long for the wire is
 * STATUS_OBJECT_NAME_INVALID before anything is sent.
 */
#include <string.h>
#include "drivers/lanman/smbclient.h"

static VOID SmbpInit(PSMB_REQUEST r, UCHAR Command, USHORT Tid)
{
    memset(r, 0, sizeof(*r));
    r->Header.Command = Command;
    r->Header.Tid = Tid;
}

/* A path or name into a request's field of SMB_MAX_PATH + 1 bytes. */
static NTSTATUS SmbpSetPath(CHAR Field[SMB_MAX_PATH + 1], PCSTR Name)
{
    size_t length = strlen(Name);

    if (length > SMB_MAX_PATH)
        return STATUS_OBJECT_NAME_INVALID;
    memcpy(Field, Name, length + 1);
    return STATUS_SUCCESS;
}

/* Plain text, as a server without SMB_SECURITY_ENCRYPT takes it. */
NTSTATUS SmbSessionSetup(PSMB_CONNECTION c, PCSTR Account, PCSTR Password, PBOOLEAN Guest)
{
    SMB_SERVER_INFO info;
    SMB_REQUEST r;
    SMB_REPLY reply;
    size_t passwordLength = strlen(Password);
    NTSTATUS status;

    SmbQueryServer(c, &info);
    if (info.SecurityMode & SMB_SECURITY_ENCRYPT)
        return STATUS_NOT_SUPPORTED;
    if (strlen(Account) > SMB_MAX_NAME || passwordLength > SMB_MAX_PASSWORD)
        return STATUS_INVALID_PARAMETER;
    SmbpInit(&r, SMB_COM_SESSION_SETUP_ANDX, 0);
    r.u.SessionSetup.AndX.Command = SMB_NO_ANDX;
    r.u.SessionSetup.MaxBufferSize = SMB_MAX_MESSAGE;
    r.u.SessionSetup.MaxMpxCount = 1;
    r.u.SessionSetup.SessionKey = info.SessionKey;
    r.u.SessionSetup.PasswordLength = (USHORT)passwordLength;
    memcpy(r.u.SessionSetup.Password, Password, passwordLength);
    strcpy(r.u.SessionSetup.Account, Account);
    status = SmbTransact(c, &r, &reply);
    memset(&r.u.SessionSetup.Password, 0, sizeof(r.u.SessionSetup.Password));
    if (NT_SUCCESS(status) && Guest != NULL)
        *Guest = (reply.u.SessionSetup.Action & 1) != 0;
    return status;
}

NTSTATUS SmbLogoff(PSMB_CONNECTION c)
{
    SMB_REQUEST r;
    SMB_REPLY reply;

    SmbpInit(&r, SMB_COM_LOGOFF_ANDX, 0);
    r.u.Logoff.AndX.Command = SMB_NO_ANDX;
    return SmbTransact(c, &r, &reply);
}

/* User-level security: the share's password is the NUL alone. */
NTSTATUS SmbTreeConnect(PSMB_CONNECTION c, PCSTR Path, PUSHORT Tid)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_TREE_CONNECT_ANDX, 0);
    r.u.TreeConnect.AndX.Command = SMB_NO_ANDX;
    r.u.TreeConnect.PasswordLength = 1;
    if (!NT_SUCCESS(SmbpSetPath(r.u.TreeConnect.Path, Path)))
        return STATUS_BAD_NETWORK_NAME;
    strcpy(r.u.TreeConnect.Service, "?????");
    status = SmbTransact(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Tid = reply.Header.Tid;
    return status;
}

NTSTATUS SmbTreeDisconnect(PSMB_CONNECTION c, USHORT Tid)
{
    SMB_REQUEST r;
    SMB_REPLY reply;

    SmbpInit(&r, SMB_COM_TREE_DISCONNECT, Tid);
    return SmbTransact(c, &r, &reply);
}

NTSTATUS SmbOpen(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Access,
                 USHORT OpenFunction, PSMB_FILE_INFO Info)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_OPEN_ANDX, Tid);
    r.u.OpenAndX.AndX.Command = SMB_NO_ANDX;
    r.u.OpenAndX.AccessMode = Access;
    r.u.OpenAndX.SearchAttributes = SMB_ATTR_HIDDEN | SMB_ATTR_SYSTEM;
    r.u.OpenAndX.FileAttributes = SMB_ATTR_ARCHIVE;
    r.u.OpenAndX.OpenFunction = OpenFunction;
    status = SmbpSetPath(r.u.OpenAndX.Name, Name);
    if (NT_SUCCESS(status))
        status = SmbTransact(c, &r, &reply);
    if (!NT_SUCCESS(status))
        return status;
    Info->Fid = reply.u.OpenAndX.Fid;
    Info->Attributes = reply.u.OpenAndX.FileAttributes;
    Info->LastWriteTime = reply.u.OpenAndX.LastWriteTime;
    Info->Size = reply.u.OpenAndX.DataSize;
    Info->Action = reply.u.OpenAndX.Action;
    return STATUS_SUCCESS;
}

/* CREATE or CREATE_NEW: a Fid, nothing else. */
static NTSTATUS SmbpCreate(PSMB_CONNECTION c, UCHAR Command, USHORT Tid, PCSTR Name,
                           USHORT Attributes, PUSHORT Fid)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, Command, Tid);
    r.u.Create.FileAttributes = Attributes;
    status = SmbpSetPath(r.u.Create.Name, Name);
    if (NT_SUCCESS(status))
        status = SmbTransact(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Fid = reply.u.Create.Fid;
    return status;
}

NTSTATUS SmbCreate(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes, PUSHORT Fid)
{
    return SmbpCreate(c, SMB_COM_CREATE, Tid, Name, Attributes, Fid);
}

NTSTATUS SmbCreateNew(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes,
                      PUSHORT Fid)
{
    return SmbpCreate(c, SMB_COM_CREATE_NEW, Tid, Name, Attributes, Fid);
}

NTSTATUS SmbRead(PSMB_CONNECTION c, USHORT Tid, USHORT Fid, ULONG Offset, PVOID Buffer,
                 USHORT Count, PUSHORT Read)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    if (Count > SMB_MAX_IO)
        return STATUS_INVALID_PARAMETER;
    SmbpInit(&r, SMB_COM_READ, Tid);
    r.u.Io.Fid = Fid;
    r.u.Io.Count = Count;
    r.u.Io.Offset = Offset;
    status = SmbTransact(c, &r, &reply);
    if (!NT_SUCCESS(status))
        return status;
    if (reply.u.Read.Count > Count)
        return STATUS_INVALID_NETWORK_RESPONSE;
    memcpy(Buffer, reply.u.Read.Data, reply.u.Read.Count);
    *Read = reply.u.Read.Count;
    return STATUS_SUCCESS;
}

/* All Count bytes, or an error: a short write is the disk's fault. */
NTSTATUS SmbWrite(PSMB_CONNECTION c, USHORT Tid, USHORT Fid, ULONG Offset, const VOID *Data,
                  USHORT Count)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    if (Count > SMB_MAX_IO)
        return STATUS_INVALID_PARAMETER;
    SmbpInit(&r, SMB_COM_WRITE, Tid);
    r.u.Io.Fid = Fid;
    r.u.Io.Count = Count;
    r.u.Io.Offset = Offset;
    r.u.Io.Data = Data;
    status = SmbTransact(c, &r, &reply);
    if (NT_SUCCESS(status) && Count != 0 && reply.u.Write.Count != Count)
        return reply.u.Write.Count > Count ? STATUS_INVALID_NETWORK_RESPONSE : STATUS_DISK_FULL;
    return status;
}

/* A WRITE of no bytes at Size: the core dialect's end of file. */
NTSTATUS SmbSetFileSize(PSMB_CONNECTION c, USHORT Tid, USHORT Fid, ULONG Size)
{
    return SmbWrite(c, Tid, Fid, Size, NULL, 0);
}

/* CLOSE or FLUSH: a Fid alone. CLOSE leaves the last-write time as the
   server has it. */
static NTSTATUS SmbpFileCall(PSMB_CONNECTION c, UCHAR Command, USHORT Tid, USHORT Fid)
{
    SMB_REQUEST r;
    SMB_REPLY reply;

    SmbpInit(&r, Command, Tid);
    r.u.File.Fid = Fid;
    r.u.File.LastWriteTime = Command == SMB_COM_CLOSE ? 0xFFFFFFFF : 0;
    return SmbTransact(c, &r, &reply);
}

NTSTATUS SmbFlush(PSMB_CONNECTION c, USHORT Tid, USHORT Fid)
{
    return SmbpFileCall(c, SMB_COM_FLUSH, Tid, Fid);
}

NTSTATUS SmbClose(PSMB_CONNECTION c, USHORT Tid, USHORT Fid)
{
    return SmbpFileCall(c, SMB_COM_CLOSE, Tid, Fid);
}

/* A command of one path: QUERY_INFORMATION and the directory commands. */
static NTSTATUS SmbpPathCall(PSMB_CONNECTION c, UCHAR Command, USHORT Tid, PCSTR Path,
                             PSMB_REPLY Reply)
{
    SMB_REQUEST r;
    NTSTATUS status;

    SmbpInit(&r, Command, Tid);
    status = SmbpSetPath(r.u.Path.Name, Path);
    return NT_SUCCESS(status) ? SmbTransact(c, &r, Reply) : status;
}

NTSTATUS SmbQueryInformation(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, PSMB_FILE_INFO Info)
{
    SMB_REPLY reply;
    NTSTATUS status = SmbpPathCall(c, SMB_COM_QUERY_INFORMATION, Tid, Name, &reply);

    if (!NT_SUCCESS(status))
        return status;
    memset(Info, 0, sizeof(*Info));
    Info->Attributes = reply.u.QueryInformation.FileAttributes;
    Info->LastWriteTime = reply.u.QueryInformation.LastWriteTime;
    Info->Size = reply.u.QueryInformation.FileSize;
    return STATUS_SUCCESS;
}

NTSTATUS SmbCheckDirectory(PSMB_CONNECTION c, USHORT Tid, PCSTR Path)
{
    SMB_REPLY reply;

    return SmbpPathCall(c, SMB_COM_CHECK_DIRECTORY, Tid, Path, &reply);
}

NTSTATUS SmbCreateDirectory(PSMB_CONNECTION c, USHORT Tid, PCSTR Path)
{
    SMB_REPLY reply;

    return SmbpPathCall(c, SMB_COM_CREATE_DIRECTORY, Tid, Path, &reply);
}

NTSTATUS SmbDeleteDirectory(PSMB_CONNECTION c, USHORT Tid, PCSTR Path)
{
    SMB_REPLY reply;

    return SmbpPathCall(c, SMB_COM_DELETE_DIRECTORY, Tid, Path, &reply);
}

/* LastWriteTime 0 leaves the time as it is. */
NTSTATUS SmbSetInformation(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes,
                           ULONG LastWriteTime)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_SET_INFORMATION, Tid);
    r.u.SetInformation.FileAttributes = Attributes;
    r.u.SetInformation.LastWriteTime = LastWriteTime;
    status = SmbpSetPath(r.u.SetInformation.Name, Name);
    return NT_SUCCESS(status) ? SmbTransact(c, &r, &reply) : status;
}

NTSTATUS SmbQueryDisk(PSMB_CONNECTION c, USHORT Tid, PSMB_DISK_INFO Info)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_QUERY_INFORMATION_DISK, Tid);
    status = SmbTransact(c, &r, &reply);
    if (NT_SUCCESS(status)) {
        Info->TotalUnits = reply.u.QueryDisk.TotalUnits;
        Info->BlocksPerUnit = reply.u.QueryDisk.BlocksPerUnit;
        Info->BlockSize = reply.u.QueryDisk.BlockSize;
        Info->FreeUnits = reply.u.QueryDisk.FreeUnits;
    }
    return status;
}

/* Name may hold wildcards: every file it matches goes. */
NTSTATUS SmbDelete(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_DELETE, Tid);
    r.u.Delete.SearchAttributes = Attributes;
    status = SmbpSetPath(r.u.Delete.Name, Name);
    return NT_SUCCESS(status) ? SmbTransact(c, &r, &reply) : status;
}

NTSTATUS SmbRename(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, PCSTR NewName)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_RENAME, Tid);
    r.u.Rename.SearchAttributes = SMB_ATTR_HIDDEN | SMB_ATTR_SYSTEM;
    status = SmbpSetPath(r.u.Rename.Name, Name);
    if (NT_SUCCESS(status))
        status = SmbpSetPath(r.u.Rename.NewName, NewName);
    return NT_SUCCESS(status) ? SmbTransact(c, &r, &reply) : status;
}

NTSTATUS SmbSearchInit(PSMB_SEARCH Search, USHORT Tid, PCSTR Pattern, USHORT Attributes)
{
    memset(Search, 0, sizeof(*Search));
    Search->Tid = Tid;
    Search->Attributes = Attributes;
    return SmbpSetPath(Search->Pattern, Pattern);
}

/* The next batch: the pattern the first time, the last resume key after. */
static NTSTATUS SmbpSearchFetch(PSMB_CONNECTION c, PSMB_SEARCH Search)
{
    SMB_REQUEST r;
    SMB_REPLY reply;
    NTSTATUS status;

    SmbpInit(&r, SMB_COM_SEARCH, Search->Tid);
    r.u.Search.MaxCount = SMB_SEARCH_BATCH;
    r.u.Search.SearchAttributes = Search->Attributes;
    if (Search->Started) {
        r.u.Search.ResumeKeyLength = SMB_RESUME_KEY_LENGTH;
        r.u.Search.ResumeKey = Search->ResumeKey;
    } else {
        strcpy(r.u.Search.Pattern, Search->Pattern);
    }
    status = SmbTransact(c, &r, &reply);
    if (!NT_SUCCESS(status))
        return status;
    if (reply.u.Search.Count > SMB_SEARCH_BATCH)
        return STATUS_INVALID_NETWORK_RESPONSE;
    memcpy(Search->Entries, reply.u.Search.Data,
           (ULONG)reply.u.Search.Count * SMB_DIRECTORY_ENTRY_LENGTH);
    Search->Count = reply.u.Search.Count;
    Search->Next = 0;
    Search->Started = TRUE;
    return Search->Count == 0 ? STATUS_NO_MORE_FILES : STATUS_SUCCESS;
}

NTSTATUS SmbSearchNext(PSMB_CONNECTION c, PSMB_SEARCH Search, PSMB_DIRECTORY_ENTRY Entry)
{
    NTSTATUS status;

    if (Search->Ended)
        return STATUS_NO_MORE_FILES;
    if (Search->Next == Search->Count) {
        status = SmbpSearchFetch(c, Search);
        if (status == STATUS_NO_MORE_FILES)
            Search->Ended = TRUE;
        if (!NT_SUCCESS(status))
            return status;
    }
    status = SmbDecodeDirectoryEntry(Search->Entries[Search->Next],
                                     SMB_DIRECTORY_ENTRY_LENGTH, Entry);
    if (!NT_SUCCESS(status))
        return STATUS_INVALID_NETWORK_RESPONSE;
    Search->Next++;
    Search->ResumeKey = Entry->ResumeKey;
    return STATUS_SUCCESS;
}
