/*
 * winerror.c - the one table of Win32 errors: which NTSTATUS each one comes
 * from, and NT's message text for it.
 *
 * Rows without a status are errors user/lib raises itself (the network
 * provider's 85, 1200 and 2250; the file calls' 80 and 131; WNet's 66,
 * 259, 487, 1204, 1222). Several statuses may share an error; the first
 * row of an error carries its texts, the others none.
 *
 * A row's Text is the system's message (FormatMessage's, the second line
 * of net.exe's "System error N has occurred."). NetText, for the errors of
 * LAN Manager's range (NERR_BASE 2100 to MAX_NERR 2999), is what NT's
 * net.exe prints instead: NETMSG.DLL's text for the same number, whose
 * words lmerr.h gives in its comments (NERR_UseNotFound 2250 "The network
 * connection could not be found.", NERR_OpenFiles 2401 "There are open
 * files on the connection."), followed by "More help is available by
 * typing NET HELPMSG N.".
 *
 * Interface: BasepNtStatusToWin32Error, BasepWin32ErrorText,
 * BasepFormatSystemError, BasepFormatNetError (winerror.h).
 */
#include <string.h>

#include "winerror.h"

typedef struct _BASEP_ERROR_ROW {
    BOOLEAN HasStatus;
    NTSTATUS Status;
    ULONG Error;
    PCSTR Text;
    PCSTR NetText;      /* net.exe's (NETMSG.DLL's) text, for 2100-2999 */
} BASEP_ERROR_ROW;

static const BASEP_ERROR_ROW BasepErrors[] = {
    { TRUE,  STATUS_SUCCESS,               ERROR_SUCCESS,
      "The operation completed successfully.", NULL },
    { TRUE,  STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND,
      "The system cannot find the file specified.", NULL },
    { TRUE,  STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND,
      "The system cannot find the path specified.", NULL },
    { TRUE,  STATUS_INVALID_HANDLE,        ERROR_INVALID_HANDLE,
      "The handle is invalid.", NULL },
    { TRUE,  STATUS_NO_MORE_FILES,         ERROR_NO_MORE_FILES,
      "There are no more files.", NULL },
    { TRUE,  STATUS_ACCESS_DENIED,         ERROR_ACCESS_DENIED,
      "Access is denied.", NULL },
    { FALSE, 0,                            ERROR_GEN_FAILURE,
      "A device attached to the system is not functioning.", NULL },
    { TRUE,  STATUS_BAD_NETWORK_PATH,      ERROR_BAD_NETPATH,
      "The network path was not found.", NULL },
    { TRUE,  STATUS_BAD_NETWORK_NAME,      ERROR_BAD_NET_NAME,
      "The network name cannot be found.", NULL },
    { FALSE, 0,                            ERROR_ALREADY_ASSIGNED,
      "The local device name is already in use.", NULL },
    { TRUE,  STATUS_INVALID_PARAMETER,     ERROR_INVALID_PARAMETER,
      "The parameter is incorrect.", NULL },
    { TRUE,  STATUS_BUFFER_TOO_SMALL,      ERROR_INSUFFICIENT_BUFFER,
      "The data area passed to a system call is too small.", NULL },
    { TRUE,  STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS,
      "Cannot create a file when that file already exists.", NULL },
    { FALSE, 0,                            ERROR_BAD_DEVICE,
      "The specified device name is invalid.", NULL },
    { FALSE, 0,                            ERROR_NOT_CONNECTED,
      "This network connection does not exist.",
      "The network connection could not be found." },
    /* WNet's own */
    { FALSE, 0,                            ERROR_BAD_DEV_TYPE,
      "The network resource type is not correct.", NULL },
    { FALSE, 0,                            ERROR_NO_MORE_ITEMS,
      "No more data is available.", NULL },
    { FALSE, 0,                            ERROR_INVALID_ADDRESS,
      "Attempt to access invalid address.", NULL },
    { FALSE, 0,                            ERROR_BAD_PROVIDER,
      "The specified network provider name is invalid.", NULL },
    { FALSE, 0,                            ERROR_NO_NETWORK,
      "The network is not present or not started.", NULL },
    /* the file calls' */
    { TRUE,  STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION,
      "Incorrect function.", NULL },
    { TRUE,  STATUS_NOT_IMPLEMENTED,       ERROR_INVALID_FUNCTION, NULL, NULL },
    { TRUE,  STATUS_INVALID_INFO_CLASS,    ERROR_INVALID_PARAMETER, NULL, NULL },
    { TRUE,  STATUS_INFO_LENGTH_MISMATCH,  ERROR_BAD_LENGTH,
      "The program issued a command but the command length is incorrect.", NULL },
    { TRUE,  STATUS_FILE_IS_A_DIRECTORY,   ERROR_ACCESS_DENIED, NULL, NULL },
    { TRUE,  STATUS_DELETE_PENDING,        ERROR_ACCESS_DENIED, NULL, NULL },
    { TRUE,  STATUS_CANNOT_DELETE,         ERROR_ACCESS_DENIED, NULL, NULL },
    { TRUE,  STATUS_NOT_SAME_DEVICE,       ERROR_NOT_SAME_DEVICE,
      "The system cannot move the file to a different disk drive.", NULL },
    { TRUE,  STATUS_SHARING_VIOLATION,     ERROR_SHARING_VIOLATION,
      "The process cannot access the file because it is being used by another process.", NULL },
    { TRUE,  STATUS_END_OF_FILE,           ERROR_HANDLE_EOF,
      "Reached the end of the file.", NULL },
    { TRUE,  STATUS_NOT_SUPPORTED,         ERROR_NOT_SUPPORTED,
      "The request is not supported.", NULL },
    { TRUE,  STATUS_DISK_FULL,             ERROR_DISK_FULL,
      "There is not enough space on the disk.", NULL },
    { TRUE,  STATUS_OBJECT_NAME_INVALID,   ERROR_INVALID_NAME,
      "The filename, directory name, or volume label syntax is incorrect.", NULL },
    { FALSE, 0,                            ERROR_NEGATIVE_SEEK,
      "An attempt was made to move the file pointer before the beginning of the file.", NULL },
    { TRUE,  STATUS_DIRECTORY_NOT_EMPTY,   ERROR_DIR_NOT_EMPTY,
      "The directory is not empty.", NULL },
    { TRUE,  STATUS_OBJECT_PATH_SYNTAX_BAD, ERROR_BAD_PATHNAME,
      "The specified path is invalid.", NULL },
    { TRUE,  STATUS_OBJECT_PATH_INVALID,   ERROR_BAD_PATHNAME, NULL, NULL },
    { FALSE, 0,                            ERROR_FILE_EXISTS,
      "The file exists.", NULL },
    { TRUE,  STATUS_BUFFER_OVERFLOW,       ERROR_MORE_DATA,
      "More data is available.", NULL },
    { TRUE,  STATUS_NOT_A_DIRECTORY,       ERROR_DIRECTORY,
      "The directory name is invalid.", NULL },
    { TRUE,  STATUS_ACCESS_VIOLATION,      ERROR_NOACCESS,
      "Invalid access to memory location.", NULL },
    { TRUE,  STATUS_DATATYPE_MISALIGNMENT, ERROR_NOACCESS, NULL, NULL },
    /* the redirector's and its login's */
    { TRUE,  STATUS_WRONG_PASSWORD,        ERROR_INVALID_PASSWORD,
      "The specified network password is not correct.", NULL },
    { TRUE,  STATUS_LOGON_FAILURE,         ERROR_LOGON_FAILURE,
      "Logon failure: unknown user name or bad password.", NULL },
    { TRUE,  STATUS_NO_SUCH_USER,          ERROR_NO_SUCH_USER,
      "The specified user does not exist.", NULL },
    { TRUE,  STATUS_ACCOUNT_LOCKED_OUT,    ERROR_ACCOUNT_LOCKED_OUT,
      "The referenced account is currently locked out and may not be logged on to.", NULL },
    { TRUE,  STATUS_FILES_OPEN,            ERROR_OPEN_FILES,
      "This network connection has files open or requests pending.",
      "There are open files on the connection." },
    { TRUE,  STATUS_NETWORK_CREDENTIAL_CONFLICT, ERROR_SESSION_CREDENTIAL_CONFLICT,
      "Multiple connections to a server or shared resource by the same user, using more "
      "than one user name, are not allowed.", NULL },
    { TRUE,  STATUS_REDIRECTOR_NOT_STARTED, ERROR_PATH_NOT_FOUND, NULL, NULL },
    { TRUE,  STATUS_UNEXPECTED_NETWORK_ERROR, ERROR_UNEXP_NET_ERR,
      "An unexpected network error occurred.", NULL },
    { TRUE,  STATUS_CONNECTION_DISCONNECTED, ERROR_NETNAME_DELETED,
      "The specified network name is no longer available.", NULL },
    { TRUE,  STATUS_IO_TIMEOUT,            ERROR_SEM_TIMEOUT,
      "The semaphore timeout period has expired.", NULL },
    { TRUE,  STATUS_NETWORK_BUSY,          ERROR_NETWORK_BUSY,
      "The network is busy.", NULL },
    /* loading and unloading a driver (csnw: the service controller's) */
    { TRUE,  STATUS_PRIVILEGE_NOT_HELD,    ERROR_PRIVILEGE_NOT_HELD,
      "A required privilege is not held by the client.", NULL },
    { TRUE,  STATUS_IMAGE_ALREADY_LOADED,  ERROR_SERVICE_ALREADY_RUNNING,
      "An instance of the service is already running.", NULL },
    { FALSE, 0,                            NERR_ServiceInstalled,
      "The requested service has already been started.",
      "The requested service has already been started." },
};

ULONG BasepNtStatusToWin32Error(NTSTATUS Status)
{
    SIZE_T I;

    for (I = 0; I < ARRAYSIZE(BasepErrors); I++) {
        if (BasepErrors[I].HasStatus && BasepErrors[I].Status == Status)
            return BasepErrors[I].Error;
    }
    return ERROR_GEN_FAILURE;
}

PCSTR BasepWin32ErrorText(ULONG Error)
{
    SIZE_T I;

    for (I = 0; I < ARRAYSIZE(BasepErrors); I++) {
        if (BasepErrors[I].Error == Error)
            return BasepErrors[I].Text;
    }
    return NULL;
}

/* Append Text to Buffer at *Used, truncating; Buffer stays terminated. */
static VOID BasepAppend(PCHAR Buffer, SIZE_T Size, SIZE_T *Used, PCSTR Text)
{
    SIZE_T Length = strlen(Text);

    if (*Used + Length >= Size)
        Length = Size - 1 - *Used;
    memcpy(Buffer + *Used, Text, Length);
    *Used += Length;
    Buffer[*Used] = '\0';
}

static PCSTR BasepNetErrorText(ULONG Error)
{
    SIZE_T I;

    for (I = 0; I < ARRAYSIZE(BasepErrors); I++) {
        if (BasepErrors[I].Error == Error)
            return BasepErrors[I].NetText;
    }
    return NULL;
}

/* Error in decimal, in Digits (12 bytes); where its first digit is. */
static PCSTR BasepDecimal(ULONG Error, PCHAR Digits)
{
    SIZE_T N = 11;

    Digits[N] = '\0';
    do {
        Digits[--N] = (CHAR)('0' + Error % 10);
        Error /= 10;
    } while (Error != 0);
    return Digits + N;
}

/* net.exe's two lines for an error. The length written, without the NUL. */
SIZE_T BasepFormatSystemError(ULONG Error, PCHAR Buffer, SIZE_T Size)
{
    CHAR Digits[12];
    SIZE_T Used = 0;
    PCSTR Text = BasepWin32ErrorText(Error);

    if (Size == 0)
        return 0;
    Buffer[0] = '\0';
    BasepAppend(Buffer, Size, &Used, "System error ");
    BasepAppend(Buffer, Size, &Used, BasepDecimal(Error, Digits));
    BasepAppend(Buffer, Size, &Used, " has occurred.\n\n");
    BasepAppend(Buffer, Size, &Used, Text ? Text : "");
    BasepAppend(Buffer, Size, &Used, "\n");
    return Used;
}

/* What net.exe prints for an error: LAN Manager's text and where to find
   more for 2100-2999, "System error N has occurred." and the system's
   text for the others. The length written, without the NUL. */
SIZE_T BasepFormatNetError(ULONG Error, PCHAR Buffer, SIZE_T Size)
{
    CHAR Digits[12];
    SIZE_T Used = 0;
    PCSTR Text = BasepNetErrorText(Error);

    if (Text == NULL || Error < NERR_BASE || Error > MAX_NERR)
        return BasepFormatSystemError(Error, Buffer, Size);
    if (Size == 0)
        return 0;
    Buffer[0] = '\0';
    BasepAppend(Buffer, Size, &Used, Text);
    BasepAppend(Buffer, Size, &Used, "\n\nMore help is available by typing NET HELPMSG ");
    BasepAppend(Buffer, Size, &Used, BasepDecimal(Error, Digits));
    BasepAppend(Buffer, Size, &Used, ".\n");
    return Used;
}
