/*
 * ncpfunc.c - ncpserv's NCP function table and the functions that are
 * about neither files nor the bindery: buffer size, server information,
 * volumes, directory handles, End of Job and Logout. The bindery and the
 * logins are in bindery.c, files in ncpfile.c, directories in ncpdir.c.
 *
 * A request that does not decode gets 0x7E (NCP boundary check failed), a
 * function the server does not implement gets 0xFB, as on NetWare 4.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "qemu/ncpserv/ncpserv.h"

void NsReleaseTask(PNS_SERVER Server, PNS_CONNECTION Connection, UCHAR Task,
                   BOOLEAN All)
{
    ULONG Index;
    PNS_DIR_HANDLE Handle;

    NsCloseFiles(Connection, Task, All);
    for (Index = 0; Index < NS_MAX_DIR_HANDLES; Index++) {
        Handle = &Connection->DirHandles[Index];
        if (All || (Handle->Temporary && Handle->Task == Task))
            memset(Handle, 0, sizeof(*Handle));
    }
}

static UCHAR NspNegotiate(NS_HANDLER_ARGUMENTS)
{
    USHORT Size = Request->u.Negotiate.BufferSize;

    if (Size > NS_MAX_BUFFER)
        Size = NS_MAX_BUFFER;
    if (Size < 64)
        Size = 64;
    Connection->BufferSize = Size;
    Reply->u.Negotiate.BufferSize = Size;
    return NCP_OK;
}

static UCHAR NspServerInfo(NS_HANDLER_ARGUMENTS)
{
    PNCP_SERVER_INFO Info = &Reply->u.ServerInfo;

    strcpy(Info->ServerName, NS_SERVER_NAME);
    Info->OsMajor = 3;                      /* NetWare 3.12 */
    Info->OsMinor = 12;
    Info->MaxConnections = (USHORT)Server->Options.Connections;
    Info->ConnectionsInUse = NsConnectionsInUse(Server);
    Info->MaxVolumes = NS_VOLUME_COUNT;
    Info->SftLevel = 2;
    Info->TtsLevel = 1;
    Info->PeakConnections = Server->PeakConnections;
    return NCP_OK;
}

static UCHAR NspVolumeNumber(NS_HANDLER_ARGUMENTS)
{
    char Name[NCP_MAX_STRING + 1];
    ULONG Index;
    int Volume;

    if (!NsText(&Request->u.VolumeNumber.Name))
        return NCP_E_NO_VOLUME;
    for (Index = 0; Index <= Request->u.VolumeNumber.Name.Length; Index++)
        Name[Index] = (char)toupper(
            (unsigned char)Request->u.VolumeNumber.Name.Text[Index]);
    Volume = NsVolumeByName(Name);
    if (Volume < 0)
        return NCP_E_NO_VOLUME;
    Reply->u.VolumeNumber.Volume = (UCHAR)Volume;
    return NCP_OK;
}

static UCHAR NspVolumeInfo(NS_HANDLER_ARGUMENTS)
{
    if (Request->u.VolumeInfo.Volume >= NS_VOLUME_COUNT)
        return NCP_E_NO_VOLUME;
    NsVolumeInfo(Server, Request->u.VolumeInfo.Volume, &Reply->u.VolumeInfo);
    return NCP_OK;
}

static UCHAR NspAllocDir(NS_HANDLER_ARGUMENTS)
{
    const char *Text = NsText(&Request->u.AllocDir.Path);
    NS_PATH Path;
    ULONG Index;
    UCHAR Code;
    int Dir;

    if (!Text)
        return NCP_E_INVALID_PATH;
    Code = NsResolvePath(Server, Connection, Request->u.AllocDir.Source, Text, &Path);
    if (Code != NCP_OK)
        return Code;
    Dir = NsOpenDirectory(Server, &Path);
    if (Dir < 0)
        return NCP_E_INVALID_PATH;
    close(Dir);
    for (Index = 0; Index < NS_MAX_DIR_HANDLES; Index++)
        if (!Connection->DirHandles[Index].InUse)
            break;
    if (Index == NS_MAX_DIR_HANDLES)
        return NCP_E_NO_DIR_HANDLES;
    Connection->DirHandles[Index].InUse = TRUE;
    Connection->DirHandles[Index].Temporary =
        Request->SubFunction == NCP_ALLOC_TEMPORARY_DIR;
    Connection->DirHandles[Index].Task = Request->Header.Task;
    Connection->DirHandles[Index].DriveLetter = Request->u.AllocDir.DriveLetter;
    Connection->DirHandles[Index].Directory = Path;
    Reply->u.AllocDir.Handle = (UCHAR)(Index + 1);
    Reply->u.AllocDir.Rights = Connection->LoggedIn ? NS_RIGHTS_ALL : NS_RIGHTS_READ_ONLY;
    return NCP_OK;
}

static UCHAR NspDeallocDir(NS_HANDLER_ARGUMENTS)
{
    UCHAR Handle = Request->u.DeallocDir.Handle;

    if (Handle == 0 || Handle > NS_MAX_DIR_HANDLES ||
        !Connection->DirHandles[Handle - 1].InUse)
        return NCP_E_BAD_DIR_HANDLE;
    memset(&Connection->DirHandles[Handle - 1], 0, sizeof(NS_DIR_HANDLE));
    return NCP_OK;
}

/* Frees what the task held: open files and temporary directory handles. */
static UCHAR NspEndOfJob(NS_HANDLER_ARGUMENTS)
{
    NsReleaseTask(Server, Connection, Request->Header.Task, FALSE);
    return NCP_OK;
}

static UCHAR NspLogout(NS_HANDLER_ARGUMENTS)
{
    NsReleaseTask(Server, Connection, 0, TRUE);
    Connection->LoggedIn = FALSE;
    Connection->User[0] = '\0';
    return NCP_OK;
}

static const struct {
    UCHAR Function, SubFunction;
    const char *Name;
    NS_HANDLER Handler;
} NspFunctions[] = {
    { NCP_GET_VOLUME_INFO, 0, "Get Volume Info", NspVolumeInfo },
    { NCP_DIRECTORY_SERVICES, NCP_GET_VOLUME_NUMBER, "Get Volume Number",
      NspVolumeNumber },
    { NCP_DIRECTORY_SERVICES, NCP_ALLOC_PERMANENT_DIR,
      "Alloc Permanent Dir Handle", NspAllocDir },
    { NCP_DIRECTORY_SERVICES, NCP_ALLOC_TEMPORARY_DIR,
      "Alloc Temporary Dir Handle", NspAllocDir },
    { NCP_DIRECTORY_SERVICES, NCP_DEALLOC_DIR, "Deallocate Dir Handle",
      NspDeallocDir },
    { NCP_CONNECTION_SERVICES, NCP_GET_SERVER_INFO, "Get File Server Info",
      NspServerInfo },
    { NCP_DIRECTORY_SERVICES, NCP_CREATE_DIRECTORY, "Create Directory",
      NsCreateDirectory },
    { NCP_DIRECTORY_SERVICES, NCP_DELETE_DIRECTORY, "Delete Directory",
      NsDeleteDirectory },
    { NCP_CONNECTION_SERVICES, NCP_SCAN_FILE_INFO, "Scan File Information",
      NsScanFileInfo },
    { NCP_CONNECTION_SERVICES, NCP_LOGIN_OBJECT, "Login Object", NsLogin },
    { NCP_CONNECTION_SERVICES, NCP_GET_LOGIN_KEY, "Get Login Key", NsLoginKey },
    { NCP_CONNECTION_SERVICES, NCP_KEYED_LOGIN, "Keyed Object Login", NsKeyedLogin },
    { NCP_CONNECTION_SERVICES, NCP_GET_OBJECT_ID, "Get Bindery Object ID", NsObjectId },
    { NCP_CONNECTION_SERVICES, NCP_CLEAR_CONNECTION, "Clear Connection Number",
      NsClearConnection },
    { NCP_END_OF_JOB, 0, "End of Job", NspEndOfJob },
    { NCP_LOGOUT, 0, "Logout", NspLogout },
    { NCP_NEGOTIATE_BUFFER, 0, "Negotiate Buffer Size", NspNegotiate },
    { NCP_FILE_SEARCH_INIT, 0, "File Search Initialize", NsSearchInit },
    { NCP_COMMIT_FILE, 0, "Commit File", NsCommitFile },
    { NCP_FILE_SEARCH_CONTINUE, 0, "File Search Continue", NsSearchContinue },
    { NCP_OPEN_FILE_OLD, 0, "Open File (old)", NsOpenFile },
    { NCP_CLOSE_FILE, 0, "Close File", NsCloseFile },
    { NCP_CREATE_FILE, 0, "Create File", NsCreateFile },
    { NCP_ERASE_FILE, 0, "Erase File", NsEraseFile },
    { NCP_RENAME_FILE, 0, "Rename File", NsRenameFile },
    { NCP_GET_FILE_SIZE, 0, "Get File Size", NsFileSize },
    { NCP_READ_FILE, 0, "Read From File", NsReadFile },
    { NCP_WRITE_FILE, 0, "Write To File", NsWriteFile },
    { NCP_OPEN_FILE, 0, "Open File", NsOpenFile },
    { NCP_CREATE_NEW_FILE, 0, "Create New File", NsCreateFile },
};

static int NspLookup(UCHAR Function, UCHAR SubFunction)
{
    BOOLEAN Family = Function == NCP_DIRECTORY_SERVICES ||
                     Function == NCP_CONNECTION_SERVICES;
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(NspFunctions); Index++)
        if (NspFunctions[Index].Function == Function &&
            (!Family || NspFunctions[Index].SubFunction == SubFunction))
            return (int)Index;
    return -1;
}

PCSTR NsFunctionName(UCHAR Function, UCHAR SubFunction)
{
    int Index = NspLookup(Function, SubFunction);

    return Index < 0 ? "Unknown" : NspFunctions[Index].Name;
}

void NsDispatch(PNS_SERVER Server, PNS_CONNECTION Connection,
                NTSTATUS DecodeStatus, const NCP_REQUEST *Request,
                PNCP_REPLY Reply, PUCHAR Scratch)
{
    int Index = NspLookup(Request->Header.Function, Request->SubFunction);

    if (DecodeStatus == STATUS_NOT_IMPLEMENTED)
        Reply->Header.CompletionCode = NCP_E_BAD_REQUEST;
    else if (!NT_SUCCESS(DecodeStatus))
        Reply->Header.CompletionCode = NCP_E_BOUNDARY;
    else if (Index < 0)
        Reply->Header.CompletionCode = NCP_E_BAD_REQUEST;
    else
        Reply->Header.CompletionCode = NspFunctions[Index].Handler(
            Server, Connection, Request, Reply, Scratch);
}
