/*
 * ncpcalls.c - one function per NCP call the redirector needs (interface:
 * ncpclient.h), each a request filled in and NcpTransact. Completion
 * codes become NTSTATUS in NcpMapCompletion's table, except where a call
 * gives a code its own meaning (NcppRefine): 0xFF is a wrong password at
 * login (some servers answer it instead of 0xDE), no more files in a scan,
 * an existing name for Create New File and Create Directory.
 */
#include <string.h>
#include "drivers/nwrdr/ncpclient.h"
#include "drivers/nwrdr/nwcrypt.h"

static NTSTATUS NcppCall(PNCP_CONNECTION c, PNCP_REQUEST r, PNCP_REPLY Reply)
{
    memset(Reply, 0, sizeof(*Reply));       /* Type 0: no reply decoded */
    return NcpTransact(c, r, Reply);
}

/* Status, unless the server answered with completion Code: then Meaning. */
static NTSTATUS NcppRefine(NTSTATUS Status, const NCP_REPLY *Reply, UCHAR Code,
                           NTSTATUS Meaning)
{
    if (!NT_SUCCESS(Status) && Reply->Header.Type == NCP_TYPE_REPLY &&
        Reply->Header.CompletionCode == Code)
        return Meaning;
    return Status;
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

NTSTATUS NcpGetBinderyObjectId(PNCP_CONNECTION c, USHORT ObjectType, PCSTR Name,
                               PULONG ObjectId)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_GET_OBJECT_ID);
    r.u.Object.ObjectType = ObjectType;
    if (!NT_SUCCESS(NcpSetString(&r.u.Object.Name, Name)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *ObjectId = reply.u.Object.ObjectId;
    return status;
}

NTSTATUS NcpGetLoginKey(PNCP_CONNECTION c, UCHAR Key[NCP_LOGIN_KEY_LENGTH])
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_GET_LOGIN_KEY);
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        memcpy(Key, reply.u.LoginKey.Key, NCP_LOGIN_KEY_LENGTH);
    return status;
}

/* 0x17/0x18 with the answer the password's hash and Key give. */
static NTSTATUS NcppKeyedLogin(PNCP_CONNECTION c, PCSTR User, ULONG ObjectId,
                               PCSTR Password, const UCHAR Key[NCP_LOGIN_KEY_LENGTH])
{
    UCHAR hash[NW_HASH_LENGTH];
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_KEYED_LOGIN);
    r.u.KeyedLogin.ObjectType = NCP_OBJECT_USER;
    if (!NT_SUCCESS(NcpSetString(&r.u.KeyedLogin.Name, User)) ||
        !NT_SUCCESS(NwHashPassword(ObjectId, Password, hash)))
        return STATUS_INVALID_PARAMETER;
    NwEncryptHash(Key, hash, r.u.KeyedLogin.Key);
    memset(hash, 0, sizeof(hash));
    status = NcppCall(c, &r, &reply);
    return NcppRefine(status, &reply, NCP_E_FAILURE, STATUS_WRONG_PASSWORD);
}

/* As NetWare 3.x clients log in: object ID, a fresh key, keyed login. */
NTSTATUS NcpLogin(PNCP_CONNECTION c, PCSTR User, PCSTR Password)
{
    UCHAR key[NCP_LOGIN_KEY_LENGTH];
    ULONG objectId;
    NTSTATUS status;

    status = NcpGetBinderyObjectId(c, NCP_OBJECT_USER, User, &objectId);
    if (NT_SUCCESS(status))
        status = NcpGetLoginKey(c, key);
    if (NT_SUCCESS(status))
        status = NcppKeyedLogin(c, User, objectId, Password, key);
    return status;
}

NTSTATUS NcpLoginUnencrypted(PNCP_CONNECTION c, PCSTR User, PCSTR Password)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_LOGIN_OBJECT);
    r.u.Login.ObjectType = NCP_OBJECT_USER;
    if (!NT_SUCCESS(NcpSetString(&r.u.Login.Name, User)) ||
        !NT_SUCCESS(NcpSetString(&r.u.Login.Password, Password)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    memset(&r.u.Login.Password, 0, sizeof(r.u.Login.Password));
    return NcppRefine(status, &reply, NCP_E_FAILURE, STATUS_WRONG_PASSWORD);
}

NTSTATUS NcpLogout(PNCP_CONNECTION c)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_LOGOUT, 0);
    return NcppCall(c, &r, &reply);
}

/* FCONSOLE's Clear Connection Number: the server ends connection Number
   (not the caller's own), as the tests end one from the server's side. */
NTSTATUS NcpClearConnection(PNCP_CONNECTION c, USHORT Number)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    if (Number == 0 || Number > 0xFF)
        return STATUS_INVALID_PARAMETER;    /* 0x17/0xD2 has a byte for it */
    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_CLEAR_CONNECTION);
    r.u.Clear.Number = (UCHAR)Number;
    return NcppCall(c, &r, &reply);
}

NTSTATUS NcpGetVolumeInfo(PNCP_CONNECTION c, UCHAR Volume, PNCP_VOLUME_INFO Info)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_GET_VOLUME_INFO, 0);
    r.u.VolumeInfo.Volume = Volume;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Info = reply.u.VolumeInfo;
    return status;
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

/* 0x43 (Create File: an existing file is emptied) or 0x4D (Create New File). */
static NTSTATUS NcppCreate(PNCP_CONNECTION c, UCHAR Function, UCHAR Dir, PCSTR Name,
                           PNCP_FILE_INFO Info)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, Function, 0);
    r.u.Create.DirHandle = Dir;
    if (!NT_SUCCESS(NcpSetString(&r.u.Create.Name, Name)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Info = reply.u.File;
    if (Function == NCP_CREATE_NEW_FILE)
        status = NcppRefine(status, &reply, NCP_E_FAILURE, STATUS_OBJECT_NAME_COLLISION);
    return status;
}

NTSTATUS NcpCreateFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_INFO Info)
{
    return NcppCreate(c, NCP_CREATE_FILE, Dir, Name, Info);
}

NTSTATUS NcpCreateNewFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_INFO Info)
{
    return NcppCreate(c, NCP_CREATE_NEW_FILE, Dir, Name, Info);
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

/* 0x3D, 0x42 or 0x47: a function of the file handle alone. */
static NTSTATUS NcppHandleCall(PNCP_CONNECTION c, UCHAR Function, const UCHAR Handle[6],
                               PNCP_REPLY Reply)
{
    NCP_REQUEST r;

    NcppInit(&r, Function, 0);
    memcpy(r.u.File.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    return NcppCall(c, &r, Reply);
}

NTSTATUS NcpCloseFile(PNCP_CONNECTION c, const UCHAR Handle[6])
{
    NCP_REPLY reply;

    return NcppHandleCall(c, NCP_CLOSE_FILE, Handle, &reply);
}

NTSTATUS NcpCommitFile(PNCP_CONNECTION c, const UCHAR Handle[6])
{
    NCP_REPLY reply;

    return NcppHandleCall(c, NCP_COMMIT_FILE, Handle, &reply);
}

NTSTATUS NcpGetFileSize(PNCP_CONNECTION c, const UCHAR Handle[6], PULONG Size)
{
    NCP_REPLY reply;
    NTSTATUS status = NcppHandleCall(c, NCP_GET_FILE_SIZE, Handle, &reply);

    if (NT_SUCCESS(status))
        *Size = reply.u.FileSize.Size;
    return status;
}

/* A zero-length write at Size: NetWare's way to cut or extend a file. */
NTSTATUS NcpSetFileSize(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Size)
{
    return NcpWriteFile(c, Handle, Size, NULL, 0);
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
    status = NcppRefine(NcppCall(c, &r, &reply), &reply, NCP_E_FAILURE, STATUS_NO_MORE_FILES);
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

NTSTATUS NcpRenameFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, UCHAR NewDir,
                       PCSTR NewName)
{
    NCP_REQUEST r;
    NCP_REPLY reply;

    NcppInit(&r, NCP_RENAME_FILE, 0);
    r.u.Rename.DirHandle = Dir;
    r.u.Rename.SearchAttributes = NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM;
    r.u.Rename.NewDirHandle = NewDir;
    if (!NT_SUCCESS(NcpSetString(&r.u.Rename.Name, Name)) ||
        !NT_SUCCESS(NcpSetString(&r.u.Rename.NewName, NewName)))
        return STATUS_INVALID_PARAMETER;
    return NcppCall(c, &r, &reply);
}

/* 0x16/0x0A (with all rights in the new directory's mask) or 0x16/0x0B. */
static NTSTATUS NcppDirectory(PNCP_CONNECTION c, UCHAR SubFunction, UCHAR Dir, PCSTR Path,
                              PNCP_REPLY Reply)
{
    NCP_REQUEST r;

    NcppInit(&r, NCP_DIRECTORY_SERVICES, SubFunction);
    r.u.Directory.DirHandle = Dir;
    r.u.Directory.Mask = SubFunction == NCP_CREATE_DIRECTORY ? 0xFF : 0;
    if (!NT_SUCCESS(NcpSetString(&r.u.Directory.Path, Path)))
        return STATUS_INVALID_PARAMETER;
    return NcppCall(c, &r, Reply);
}

NTSTATUS NcpCreateDirectory(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path)
{
    NCP_REPLY reply;
    NTSTATUS status = NcppDirectory(c, NCP_CREATE_DIRECTORY, Dir, Path, &reply);

    return NcppRefine(status, &reply, NCP_E_FAILURE, STATUS_OBJECT_NAME_COLLISION);
}

NTSTATUS NcpDeleteDirectory(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path)
{
    NCP_REPLY reply;

    return NcppDirectory(c, NCP_DELETE_DIRECTORY, Dir, Path, &reply);
}

/* One file's directory entry by name (0x17/0x0F from the start). */
NTSTATUS NcpScanFileInfo(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_ENTRY Entry)
{
    NCP_REQUEST r;
    NCP_REPLY reply;
    NTSTATUS status;

    NcppInit(&r, NCP_CONNECTION_SERVICES, NCP_SCAN_FILE_INFO);
    r.u.ScanFile.Sequence = 0xFFFF;
    r.u.ScanFile.DirHandle = Dir;
    r.u.ScanFile.SearchAttributes = NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM;
    if (!NT_SUCCESS(NcpSetString(&r.u.ScanFile.Name, Name)))
        return STATUS_INVALID_PARAMETER;
    status = NcppCall(c, &r, &reply);
    if (NT_SUCCESS(status))
        *Entry = reply.u.FileEntry;
    return status;
}
