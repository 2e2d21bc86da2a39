/*
 * file.c - files and the last error, as kernel32 has them: CreateFileA
 * (a DOS path "X:\PATH" opens \DosDevices\X:\PATH, which reparses through
 * the drive's link; an NT path "\Device\..." is taken as it is), ReadFile,
 * WriteFile, CloseHandle; GetLastError and SetLastError in the TEB;
 * BaseSetLastNtError, the one place an NTSTATUS becomes the last error;
 * BasepDosPathToNt and BasepOpenFile, which the other file calls share.
 *
 * Interface: see kernel32.h.
 */
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

DWORD GetLastError(VOID)
{
    return NtCurrentTeb()->LastErrorValue;
}

VOID SetLastError(DWORD Error)
{
    NtCurrentTeb()->LastErrorValue = Error;
}

ULONG BaseSetLastNtError(NTSTATUS Status)
{
    ULONG error = BasepNtStatusToWin32Error(Status);

    SetLastError(error);
    return error;
}

/* Writes the NT name of FileName to Path (MAX_PATH + the prefix): FALSE
   when there is none. */
BOOLEAN BasepDosPathToNt(PCSTR FileName, PCHAR Path, SIZE_T Size)
{
    BOOLEAN dos = FileName != NULL && FileName[0] != '\\';

    if (FileName == NULL || FileName[0] == '\0' || strlen(FileName) >= MAX_PATH ||
        Size < MAX_PATH + sizeof(BASESRV_DOSDEVICES))
        return FALSE;
    strcpy(Path, dos ? BASESRV_DOSDEVICES : "");
    strcat(Path, FileName);
    return TRUE;
}

/* NtCreateFile on a DOS or NT path; *Action (optional) is what the driver
   did (FILE_OPENED, FILE_CREATED...). */
NTSTATUS BasepOpenFile(PCSTR FileName, ACCESS_MASK Access, ULONG Disposition, ULONG Options,
                       PHANDLE Handle, ULONG_PTR *Action)
{
    CHAR path[MAX_PATH + sizeof(BASESRV_DOSDEVICES)];
    STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb = { 0, 0 };
    NTSTATUS status;

    if (FileName == NULL)
        return STATUS_INVALID_PARAMETER;
    if (!BasepDosPathToNt(FileName, path, sizeof(path)))
        return STATUS_OBJECT_PATH_NOT_FOUND;    /* no NT name for it, as kernel32 says */
    name.Length = name.MaximumLength = (USHORT)strlen(path);
    name.Buffer = path;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtCreateFile(Handle, Access, &oa, &iosb, Disposition, Options);
    if (Action != NULL)
        *Action = iosb.Information;
    return status;
}

static const ULONG BasepDispositions[] = {
    0, FILE_CREATE, FILE_OVERWRITE_IF, FILE_OPEN, FILE_OPEN_IF, FILE_OVERWRITE,
};

/* Windows' last error for a CreateFileA that failed with Status. */
static VOID BasepSetCreateError(NTSTATUS Status, DWORD CreationDisposition)
{
    if (CreationDisposition == CREATE_NEW && Status == STATUS_OBJECT_NAME_COLLISION)
        SetLastError(ERROR_FILE_EXISTS);
    else
        BaseSetLastNtError(Status);
}

/*
 * As kernel32's: a directory opens only with FILE_FLAG_BACKUP_SEMANTICS;
 * TRUNCATE_EXISTING needs GENERIC_WRITE; CREATE_NEW on an existing file is
 * ERROR_FILE_EXISTS; CREATE_ALWAYS and OPEN_ALWAYS succeed on one with the
 * last error ERROR_ALREADY_EXISTS (else 0). The handle is for synchronous
 * I/O: it keeps a file position. Attributes for a new file are not passed
 * (irplab's NtCreateFile takes none).
 */
HANDLE CreateFileA(PCSTR FileName, DWORD DesiredAccess, DWORD ShareMode, PVOID Security,
                   DWORD CreationDisposition, DWORD FlagsAndAttributes, HANDLE Template)
{
    ULONG options = FILE_SYNCHRONOUS_IO_NONALERT;
    ULONG_PTR action = 0;
    HANDLE handle;
    NTSTATUS status;

    if (FileName == NULL || CreationDisposition == 0 ||
        CreationDisposition >= ARRAYSIZE(BasepDispositions) ||
        (CreationDisposition == TRUNCATE_EXISTING && !(DesiredAccess & GENERIC_WRITE))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!(FlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS))
        options |= FILE_NON_DIRECTORY_FILE;
    status = BasepOpenFile(FileName, DesiredAccess | SYNCHRONIZE | FILE_READ_ATTRIBUTES,
                           BasepDispositions[CreationDisposition], options, &handle, &action);
    if (!NT_SUCCESS(status)) {
        BasepSetCreateError(status, CreationDisposition);
        return INVALID_HANDLE_VALUE;
    }
    if (CreationDisposition == CREATE_ALWAYS || CreationDisposition == OPEN_ALWAYS)
        SetLastError(action == FILE_OVERWRITTEN || action == FILE_OPENED ? ERROR_ALREADY_EXISTS
                                                                          : ERROR_SUCCESS);
    return handle;
}

BOOL ReadFile(HANDLE File, PVOID Buffer, DWORD Length, PDWORD Read, PVOID Overlapped)
{
    IO_STATUS_BLOCK iosb = { 0, 0 };
    NTSTATUS status = NtReadFile(File, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL);

    if (Read != NULL)
        *Read = (DWORD)iosb.Information;
    if (status == STATUS_END_OF_FILE) {
        if (Read != NULL)
            *Read = 0;
        return TRUE;                    /* Win32: end of file is a read of 0 bytes */
    }
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}

BOOL WriteFile(HANDLE File, const VOID *Buffer, DWORD Length, PDWORD Written, PVOID Overlapped)
{
    IO_STATUS_BLOCK iosb = { 0, 0 };
    NTSTATUS status = NtWriteFile(File, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL);

    if (Written != NULL)
        *Written = (DWORD)iosb.Information;
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}

BOOL CloseHandle(HANDLE Handle)
{
    NTSTATUS status = NtClose(Handle);

    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}
