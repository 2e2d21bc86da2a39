/*
 * smbnames.c - the SMB codec's tables and names (interface in smbwire.h):
 * NMPI messages and NetBIOS names, the DOS errors as the NTSTATUS a
 * redirector completes with, and the commands' names for logs.
 */
#include <string.h>

#include "drivers/ipx/ipxwire.h"
#include "drivers/lanman/smbwire.h"

static VOID SmbpNameMessage(PWIRE_CURSOR Cursor, PSMB_NAME_MESSAGE Message)
{
    WireBytes(Cursor, Message->Route, SMB_NAME_ROUTE_LENGTH);
    WireU8(Cursor, &Message->Opcode);
    WireU8(Cursor, &Message->NameType);
    WireU16Le(Cursor, &Message->MessageId);
    WireBytes(Cursor, Message->Name, SMB_NETBIOS_NAME_LENGTH);
    WireBytes(Cursor, Message->SourceName, SMB_NETBIOS_NAME_LENGTH);
}

NTSTATUS SmbEncodeName(PUCHAR Buffer, ULONG Length,
                       const SMB_NAME_MESSAGE *Message, PULONG Written)
{
    WIRE_CURSOR Cursor;
    SMB_NAME_MESSAGE Copy = *Message;

    WireInitEncode(&Cursor, Buffer, Length);
    SmbpNameMessage(&Cursor, &Copy);
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS SmbDecodeName(const UCHAR *Buffer, ULONG Length,
                       PSMB_NAME_MESSAGE Message)
{
    WIRE_CURSOR Cursor;

    if (Length != SMB_NAME_MESSAGE_LENGTH)
        return STATUS_INVALID_NETWORK_RESPONSE;
    WireInitDecode(&Cursor, Buffer, Length);
    SmbpNameMessage(&Cursor, Message);
    return Cursor.Status;
}

NTSTATUS SmbSetNetbiosName(CHAR Out[SMB_NETBIOS_NAME_LENGTH], PCSTR Name,
                           UCHAR Suffix)
{
    size_t Length = strlen(Name), Index;

    if (Length >= SMB_NETBIOS_NAME_LENGTH)
        return STATUS_INVALID_PARAMETER;
    memset(Out, ' ', SMB_NETBIOS_NAME_LENGTH - 1);
    for (Index = 0; Index < Length; Index++)
        Out[Index] = (Name[Index] >= 'a' && Name[Index] <= 'z') ? (CHAR)(Name[Index] - 32)
                                                                : Name[Index];
    Out[SMB_NETBIOS_NAME_LENGTH - 1] = (CHAR)Suffix;
    return STATUS_SUCCESS;
}

/*
 * DOS errors as a redirector completes them: the status NT's own RDR gives
 * each (a bad password is STATUS_WRONG_PASSWORD, which `net use` shows as
 * "The specified network password is not correct"). A code not listed is
 * STATUS_UNEXPECTED_NETWORK_ERROR.
 */
static const struct {
    UCHAR Class;
    USHORT Error;
    NTSTATUS Status;
} SmbpErrors[] = {
    { SMB_ERRDOS, SMB_ERRbadfunc, STATUS_NOT_IMPLEMENTED },
    { SMB_ERRDOS, SMB_ERRbadfile, STATUS_OBJECT_NAME_NOT_FOUND },
    { SMB_ERRDOS, SMB_ERRbadpath, STATUS_OBJECT_PATH_NOT_FOUND },
    { SMB_ERRDOS, SMB_ERRnofids, STATUS_TOO_MANY_OPENED_FILES },
    { SMB_ERRDOS, SMB_ERRnoaccess, STATUS_ACCESS_DENIED },
    { SMB_ERRDOS, SMB_ERRbadfid, STATUS_INVALID_HANDLE },
    { SMB_ERRDOS, SMB_ERRnomem, STATUS_INSUFFICIENT_RESOURCES },
    { SMB_ERRDOS, SMB_ERRbadaccess, STATUS_ACCESS_DENIED },
    { SMB_ERRDOS, SMB_ERRremcd, STATUS_DIRECTORY_NOT_EMPTY },
    { SMB_ERRDOS, SMB_ERRdiffdevice, STATUS_NOT_SAME_DEVICE },
    { SMB_ERRDOS, SMB_ERRnofiles, STATUS_NO_MORE_FILES },
    { SMB_ERRDOS, SMB_ERRbadshare, STATUS_SHARING_VIOLATION },
    { SMB_ERRDOS, SMB_ERRlock, STATUS_FILE_LOCK_CONFLICT },
    { SMB_ERRDOS, SMB_ERRfilexists, STATUS_OBJECT_NAME_COLLISION },
    { SMB_ERRDOS, SMB_ERRinvalidparam, STATUS_INVALID_PARAMETER },
    { SMB_ERRDOS, SMB_ERRinvalidname, STATUS_OBJECT_NAME_INVALID },
    { SMB_ERRDOS, SMB_ERRdirnotempty, STATUS_DIRECTORY_NOT_EMPTY },
    { SMB_ERRSRV, SMB_ERRerror, STATUS_UNEXPECTED_NETWORK_ERROR },
    { SMB_ERRSRV, SMB_ERRbadpw, STATUS_WRONG_PASSWORD },
    { SMB_ERRSRV, SMB_ERRaccess, STATUS_NETWORK_ACCESS_DENIED },
    { SMB_ERRSRV, SMB_ERRinvnid, STATUS_NETWORK_NAME_DELETED },
    { SMB_ERRSRV, SMB_ERRinvnetname, STATUS_BAD_NETWORK_NAME },
    { SMB_ERRSRV, SMB_ERRinvdevice, STATUS_BAD_DEVICE_TYPE },
    { SMB_ERRSRV, SMB_ERRsmbcmd, STATUS_NOT_IMPLEMENTED },
    { SMB_ERRSRV, SMB_ERRnoresource, STATUS_REQUEST_NOT_ACCEPTED },
    { SMB_ERRSRV, SMB_ERRbaduid, STATUS_USER_SESSION_DELETED },
    { SMB_ERRSRV, SMB_ERRnosupport, STATUS_NOT_SUPPORTED },
    { SMB_ERRHRD, SMB_ERRwrite, STATUS_UNEXPECTED_IO_ERROR },
    { SMB_ERRHRD, SMB_ERRgeneral, STATUS_UNEXPECTED_IO_ERROR },
    { SMB_ERRHRD, SMB_ERRdiskfull, STATUS_DISK_FULL },
};

NTSTATUS SmbErrorToStatus(UCHAR ErrorClass, USHORT Error)
{
    ULONG Index;

    if (ErrorClass == SMB_SUCCESS)
        return STATUS_SUCCESS;
    for (Index = 0; Index < ARRAYSIZE(SmbpErrors); Index++)
        if (SmbpErrors[Index].Class == ErrorClass && SmbpErrors[Index].Error == Error)
            return SmbpErrors[Index].Status;
    return STATUS_UNEXPECTED_NETWORK_ERROR;
}

static const struct {
    UCHAR Command;
    PCSTR Name;
} SmbpCommands[] = {
    { SMB_COM_CREATE_DIRECTORY, "CREATE_DIRECTORY" },
    { SMB_COM_DELETE_DIRECTORY, "DELETE_DIRECTORY" },
    { SMB_COM_OPEN, "OPEN" },
    { SMB_COM_CREATE, "CREATE" },
    { SMB_COM_CLOSE, "CLOSE" },
    { SMB_COM_FLUSH, "FLUSH" },
    { SMB_COM_DELETE, "DELETE" },
    { SMB_COM_RENAME, "RENAME" },
    { SMB_COM_QUERY_INFORMATION, "QUERY_INFORMATION" },
    { SMB_COM_SET_INFORMATION, "SET_INFORMATION" },
    { SMB_COM_READ, "READ" },
    { SMB_COM_WRITE, "WRITE" },
    { SMB_COM_CREATE_NEW, "CREATE_NEW" },
    { SMB_COM_CHECK_DIRECTORY, "CHECK_DIRECTORY" },
    { SMB_COM_ECHO, "ECHO" },
    { SMB_COM_OPEN_ANDX, "OPEN_ANDX" },
    { SMB_COM_TREE_CONNECT, "TREE_CONNECT" },
    { SMB_COM_TREE_DISCONNECT, "TREE_DISCONNECT" },
    { SMB_COM_NEGOTIATE, "NEGOTIATE" },
    { SMB_COM_SESSION_SETUP_ANDX, "SESSION_SETUP_ANDX" },
    { SMB_COM_LOGOFF_ANDX, "LOGOFF_ANDX" },
    { SMB_COM_TREE_CONNECT_ANDX, "TREE_CONNECT_ANDX" },
    { SMB_COM_QUERY_INFORMATION_DISK, "QUERY_INFORMATION_DISK" },
    { SMB_COM_SEARCH, "SEARCH" },
};

PCSTR SmbCommandName(UCHAR Command)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(SmbpCommands); Index++)
        if (SmbpCommands[Index].Command == Command)
            return SmbpCommands[Index].Name;
    return "UNKNOWN";
}
